"""The house style the bundled templates started from, written with python-docx into an empty folder.

The Word files in letter_templates/ are the source of the wording: a jurist edits them in Word. This
script never overwrites a file (``python letter_templates/build_templates.py NEW_FOLDER`` writes only the
documents that are not there yet), so it can start a new document in the house style but cannot undo an
edit. An HR adviser may open a template, restyle it (letterhead, fonts, wording) and save it in an
organisation's own template folder (``--templates DIR``). Rules for editing them:

* a field is ``{{ name }}``; a paragraph that only holds ``{%p if … %}``, ``{%p for … %}`` or
  ``{%p endif %}`` is dropped from the letter and decides whether the paragraphs between are kept;
* type tags with straight quotes and keep each tag in one piece (this script writes every tag as its own
  run); the fields a template may use are listed in ``vpt_rules/documents/letter_context.py`` (``LetterContext``).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.shared import Cm, Pt, RGBColor

HERE = Path(__file__).resolve().parent
TAG = re.compile(r"(\{\{.*?\}\}|\{%.*?%\})")
DARK = RGBColor(0x1F, 0x3A, 0x5F)

# Paragraphs shared by the three letters. A string is a paragraph; "**…**" at its start makes it bold.
ADDRESSEE = [
    "{%p for r in recipients %}",
    "{{ r.name }}",
    "{%p for line in r.lines %}",
    "{{ line }}",
    "{%p endfor %}",
    "{%p if not loop.last %}",
    "",
    "{%p endif %}",
    "{%p endfor %}",
]

WHAT_HAPPENED = [
    "{%p if to_representatives %}",
    "Op {{ incident.date }} om ongeveer {{ incident.time }} uur heeft uw kind {{ perpetrator.name }} zich "
    "tegenover {{ victim.designation }} op een onaanvaardbare manier gedragen. Dat gebeurde op de volgende "
    "plaats: {{ incident.location }}.",
    "{%p else %}",
    "Op {{ incident.date }} om ongeveer {{ incident.time }} uur heeft u zich tegenover "
    "{{ victim.designation }} op een onaanvaardbare manier gedragen. Dat gebeurde op de volgende plaats: "
    "{{ incident.location }}.",
    "{%p endif %}",
    "{{ incident.description }}",
]

NORM = [
    "Wij accepteren geen agressie, geweld, bedreiging of intimidatie tegen onze medewerkers. Zij doen hun "
    "werk voor de samenleving en moeten dat veilig en zonder angst kunnen doen. Het gedrag dat hierboven "
    "staat beschreven is onaanvaardbaar en kan strafbaar zijn.",
]

REPORT_AND_DAMAGE = [
    "{%p if report.filed %}",
    "Van dit incident is op {{ report.date }} aangifte gedaan bij de politie.",
    "{%p else %}",
    "Van dit incident wordt aangifte gedaan bij de politie.",
    "{%p endif %}",
    "{%p if damage %}",
    "{%p if to_representatives %}",
    "De schade die door dit incident is ontstaan, verhalen wij volledig. Ouders en voogden kunnen "
    "wettelijk aansprakelijk zijn voor de schade die hun kind veroorzaakt.",
    "{%p else %}",
    "De schade die door dit incident is ontstaan, verhalen wij volledig op u.",
    "{%p endif %}",
    "{%p else %}",
    "Wij behouden ons het recht voor schade die door dit incident is ontstaan of nog ontstaat, te verhalen.",
    "{%p endif %}",
]

RESPOND_AND_CONTACT = [
    "Wilt u op deze brief reageren, of bent u het niet eens met deze maatregel? Laat het ons dan "
    "schriftelijk weten. Vermeld daarbij ons kenmerk {{ case_id }} en uw redenen. U kunt uw reactie sturen "
    "naar {{ employer.name }}, {{ employer.address.street }}, {{ employer.address.postcode }} {{ "
    "employer.address.city }}, of per e-mail naar {{ employer.contact.email }}.",
    "Heeft u vragen over deze brief? Neem dan contact op met {{ employer.contact.name }}, {{ "
    "employer.contact.function }}, telefoon {{ employer.contact.phone }}, e-mail {{ employer.contact.email "
    "}}.",
]

SIGNATURE = [  # "Hoogachtend," up to the name are kept together on one page (see KEEP_WITH_NEXT)
    "Hoogachtend,",
    "",
    "",
    "{{ employer.signatory.name }}",
    "{{ employer.signatory.function }}",
    "{{ employer.name }}",
    "{%p if copies %}",
    "",
    "**Afschrift aan:",
    "{%p for c in copies %}",
    "{{ c.name }}",
    "{%p endfor %}",
    "{%p endif %}",
]

LETTERS = {
    "perpetrator_letter_warning": {
        "subject": "Waarschuwing na het incident van {{ incident.date }}",
        "measure": [
            "{%p if to_representatives %}",
            "Wij geven {{ perpetrator.name }} daarom een schriftelijke waarschuwing. Wij vragen u deze "
            "brief met uw kind te bespreken.",
            "{%p else %}",
            "Wij geven u daarom een schriftelijke waarschuwing.",
            "{%p endif %}",
            "Deze waarschuwing geldt voor elk contact met {{ employer.name }} en wordt vastgelegd in ons "
            "dossier. Doet zich opnieuw een incident voor, dan nemen wij zwaardere maatregelen, zoals een "
            "toegangsverbod of het stopzetten van onze dienstverlening.",
        ],
    },
    "perpetrator_letter_ban": {
        "subject": "Toegangsverbod na het incident van {{ incident.date }}",
        "measure": [
            "{%p if to_representatives %}",
            "Wij leggen {{ perpetrator.name }} daarom een toegangsverbod op. Wij vragen u deze brief met "
            "uw kind te bespreken.",
            "{%p else %}",
            "Wij leggen u daarom een toegangsverbod op.",
            "{%p endif %}",
            "Het verbod gaat direct in en geldt tot en met {{ measure.until }}.",
            "{%p if measure.scope %}",
            "Het verbod geldt voor: {{ measure.scope }}.",
            "{%p else %}",
            "Het verbod geldt voor alle gebouwen en locaties van {{ employer.name }}.",
            "{%p endif %}",
            "Wie zich tijdens het verbod toch meldt, wordt de toegang geweigerd; zo nodig schakelen wij de "
            "politie in. Voor zaken waarop u wettelijk recht heeft, kunt u ons in deze periode "
            "schriftelijk bereiken.",
        ],
    },
    "perpetrator_letter_service_stop": {
        "subject": "Stopzetting van de dienstverlening na het incident van {{ incident.date }}",
        "measure": [
            "{%p if to_representatives %}",
            "Wij stoppen daarom onze dienstverlening aan {{ perpetrator.name }}. Wij vragen u deze brief "
            "met uw kind te bespreken.",
            "{%p else %}",
            "Wij stoppen daarom onze dienstverlening aan u.",
            "{%p endif %}",
            "{%p if measure.until %}",
            "De stopzetting gaat direct in en duurt tot en met {{ measure.until }}, of korter als wij "
            "eerder afspraken maken over het gedrag tijdens contacten met ons.",
            "{%p else %}",
            "De stopzetting gaat direct in en duurt totdat wij afspraken hebben gemaakt over het gedrag "
            "tijdens contacten met ons. Neem daarvoor contact op met de contactpersoon die onderaan deze "
            "brief staat.",
            "{%p endif %}",
            "{%p if measure.scope %}",
            "De stopzetting geldt voor: {{ measure.scope }}.",
            "{%p endif %}",
            "Voor zaken waarop u wettelijk recht heeft, kunt u ons in deze periode schriftelijk bereiken.",
        ],
    },
}


def add_runs(paragraph, text: str) -> None:
    """Write ``text`` into the paragraph, each Jinja tag as a run of its own."""
    bold = text.startswith("**")
    for piece in TAG.split(text.removeprefix("**")):
        if piece:
            paragraph.add_run(piece).bold = bold or None


def add_paragraphs(document, lines: list[str], space_after: int = 6, keep_together: bool = False) -> None:
    """Write the lines as paragraphs; with ``keep_together`` each is kept on one page with the next."""
    for line in lines:
        if line.startswith("@table "):  # a claim table (see claim_table)
            claim_table(document, line.removeprefix("@table "))
            continue
        paragraph = document.add_paragraph()
        add_runs(paragraph, line)
        tag_only = line.startswith("{%p")
        paragraph.paragraph_format.space_after = Pt(0 if tag_only or not line else space_after)
        if keep_together:
            paragraph.paragraph_format.keep_with_next = True


def signature(document) -> None:
    """The closing and the signatory, never split from each other nor from the last paragraph of text above."""
    text = [p for p in document.paragraphs if p.text.strip() and not p.text.startswith("{%")]
    text[-1].paragraph_format.keep_with_next = True
    add_paragraphs(document, SIGNATURE[:5], space_after=0, keep_together=True)
    add_paragraphs(document, SIGNATURE[5:], space_after=0)


def letterhead(document) -> None:
    """The employer's name and address in the page header: the place for an organisation's logo."""
    header = document.sections[0].header
    first = header.paragraphs[0]
    first.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    first.paragraph_format.space_after = Pt(0)
    run = first.add_run("{{ employer.name }}")
    run.bold, run.font.size, run.font.color.rgb = True, Pt(14), DARK
    lines = ("{{ employer.address.street }}", "{{ employer.address.postcode }} {{ employer.address.city }}")
    for text in lines:
        paragraph = header.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.space_after = Pt(0)
        add_runs(paragraph, text)
        for r in paragraph.runs:
            r.font.size, r.font.color.rgb = Pt(9), DARK


def reference_block(document, subject: str) -> None:
    """Plaats en datum, ons kenmerk, betreft: a table without borders, two columns."""
    rows = [
        ("Datum", "{{ place }}, {{ letter_date }}"),
        ("Ons kenmerk", "{{ case_id }}"),
        ("Betreft", subject),
    ]
    table = document.add_table(rows=len(rows), cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    for (label, value), row in zip(rows, table.rows, strict=True):
        row.cells[0].width, row.cells[1].width = Cm(3.5), Cm(12.5)
        add_runs(row.cells[0].paragraphs[0], label)
        row.cells[0].paragraphs[0].runs[0].bold = True
        add_runs(row.cells[1].paragraphs[0], value)


def house_style(title: str) -> Document:
    """An empty document in the house style: A4 margins, Arial 10.5, the letterhead in the page header."""
    document = Document()
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Arial", Pt(10)
    style.paragraph_format.space_after = Pt(0)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)  # A4
    section.top_margin, section.bottom_margin = Cm(3.0), Cm(2.0)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2.5)
    section.header_distance = Cm(1.0)
    document.core_properties.title = title
    document.core_properties.author = "vpt-rules"
    letterhead(document)
    return document


def build(document_id: str, parts: dict[str, object]) -> Document:
    document = house_style("Brief aan de dader")
    add_paragraphs(document, ADDRESSEE, space_after=0)
    add_paragraphs(document, ["", ""])
    reference_block(document, str(parts["subject"]))
    add_paragraphs(document, ["", "Geachte heer, mevrouw,"])
    body = [*WHAT_HAPPENED, *NORM, *parts["measure"], *REPORT_AND_DAMAGE, *RESPOND_AND_CONTACT]  # type: ignore[misc]
    add_paragraphs(document, body)
    signature(document)
    return document


# ---- the claim documents (vpt_rules/documents/claim_context.py, ClaimContext): liability_letter, injured_party_claim,
# damage_statement. Kept in one block; the fields they may use are those of ClaimContext.

def _claim_lines(party: str) -> list[str]:
    """A party's damage items as a table (see ``claim_table``), then the party's totals."""
    return [
        f"{{%p if {party}.claims %}}",
        f"**{{{{ {party}.label }}}}: {{{{ {party}.name }}}}",
        f"@table {party}",
        f"Hoofdsom {{{{ {party}.principal }}}}, wettelijke rente {{{{ {party}.interest }}}}, totaal "
        f"{{{{ {party}.total }}}}.",
        "",
        "{%p endif %}",
    ]


TABLE_HEADER = ("Schadepost", "Bedrag", "Vergoed", "Te vorderen", "Rente", "Totaal")


def claim_table(document, party: str) -> None:
    """One row per damage item (and smartengeld): amount, reimbursed, net, interest, total.

    docxtpl repeats the row between the ``{%tr for %}`` and ``{%tr endfor %}`` rows, which vanish.
    """
    item = ("{{ l.description }} ({{ l.kind }}, {{ l.date }})", "{{ l.amount }}", "{{ l.reimbursed }}",
            "{{ l.net }}", "{{ l.interest }}", "{{ l.total }}")
    immaterial = (f"{{{{ {party}.immaterial.description }}}} (vanaf {{{{ {party}.immaterial.date }}}})",
                  f"{{{{ {party}.immaterial.amount }}}}", f"{{{{ {party}.immaterial.reimbursed }}}}",
                  f"{{{{ {party}.immaterial.net }}}}", f"{{{{ {party}.immaterial.interest }}}}",
                  f"{{{{ {party}.immaterial.total }}}}")
    rows = [TABLE_HEADER, (f"{{%tr for l in {party}.lines %}}",), item, ("{%tr endfor %}",),
            (f"{{%tr if {party}.immaterial %}}",), immaterial, ("{%tr endif %}",)]
    table = document.add_table(rows=len(rows), cols=len(TABLE_HEADER))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    widths = [Cm(4.5)] + [Cm(2.3)] * (len(TABLE_HEADER) - 1)  # 16 cm: the text width
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for number, (values, row) in enumerate(zip(rows, table.rows, strict=True)):
        properties = row._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))  # a row is never split over two pages
        if number == 0:
            properties.append(OxmlElement("w:tblHeader"))  # the header row repeats on every page
        for index, cell in enumerate(row.cells):
            cell.width = widths[index]
            if index < len(values):
                paragraph = cell.paragraphs[0]
                add_runs(paragraph, values[index])
                for run in paragraph.runs:
                    run.font.size = Pt(9)
                if values is TABLE_HEADER:
                    paragraph.runs[0].bold = True
                if index:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph().paragraph_format.space_after = Pt(0)


STATEMENT = [
    "De bedragen hieronder zijn de schade na aftrek van wat al door een verzekeraar of anderen is vergoed. "
    "De wettelijke rente (artikel 6:119 Burgerlijk Wetboek) is berekend vanaf de dag waarop elke schadepost "
    "ontstond (smartengeld: vanaf de dag van het incident) tot {{ interest_to }}; na elk jaar wordt de rente "
    "bij de hoofdsom opgeteld. De rente loopt door tot de dag van betaling.",
    *_claim_lines("employee_claim"),
    *_claim_lines("employer_claim"),
    "**Totaal: {{ total }}",
]

CLAIM_LETTERS = {
    "liability_letter": {
        "title": "Aansprakelijkstelling",
        "subject": "Aansprakelijkstelling voor de schade door het incident van {{ incident.date }}",
        "salutation": True,
        "body": [
            *WHAT_HAPPENED,
            "Door dit incident is schade ontstaan. Wie onrechtmatig handelt, moet de schade vergoeden die "
            "daardoor ontstaat (artikel 6:162 Burgerlijk Wetboek).",
            "{%p if to_representatives %}",
            "Ouders en voogden zijn aansprakelijk voor de schade die hun kind jonger dan 14 jaar veroorzaakt, "
            "en in beginsel ook als het kind 14 of 15 jaar is (artikelen 6:164 en 6:169 Burgerlijk Wetboek). "
            "Wij stellen u daarom aansprakelijk voor de schade.",
            "{%p else %}",
            "Wij stellen u daarom aansprakelijk voor de schade.",
            "{%p endif %}",
            "De schade bedraagt tot nu toe {{ total }}, inclusief de wettelijke rente tot {{ interest_to }}. "
            "De opbouw staat hieronder en in de bijgevoegde schadeopgave.",
            *_claim_lines("employee_claim"),
            *_claim_lines("employer_claim"),
            "{%p if iban %}",
            "Wij verzoeken u het bedrag van {{ total }} binnen {{ payment_term_days }} dagen, uiterlijk op "
            "{{ payment_due }}, over te maken op rekening {{ iban }} ten name van {{ employer.name }}, onder "
            "vermelding van ons kenmerk {{ case_id }}.",
            "{%p else %}",
            "Wij verzoeken u het bedrag van {{ total }} binnen {{ payment_term_days }} dagen, uiterlijk op "
            "{{ payment_due }}, te betalen. Neem voor de betaling contact op met {{ employer.contact.name }} en "
            "vermeld ons kenmerk {{ case_id }}.",
            "{%p endif %}",
            "Over de schade bent u de wettelijke rente verschuldigd vanaf de dag waarop elke schadepost "
            "ontstond (artikelen 6:83 sub b en 6:119 Burgerlijk Wetboek). Betaalt u niet uiterlijk op "
            "{{ payment_due }}, dan loopt die rente door tot de dag van betaling en vorderen wij de schade in "
            "de strafzaak of bij de rechter.",
            "Bent u het niet eens met deze aansprakelijkstelling? Laat het ons dan vóór {{ payment_due }} "
            "schriftelijk weten, met ons kenmerk {{ case_id }} en uw redenen: {{ employer.name }}, "
            "{{ employer.address.street }}, {{ employer.address.postcode }} {{ employer.address.city }}, of per "
            "e-mail naar {{ employer.contact.email }}.",
            "Deze brief stuit de verjaring van de vordering (artikel 3:317 Burgerlijk Wetboek).",
            "Heeft u vragen over deze brief? Neem dan contact op met {{ employer.contact.name }}, {{ "
            "employer.contact.function }}, telefoon {{ employer.contact.phone }}, e-mail {{ "
            "employer.contact.email }}.",
        ],
        "signature": True,
    },
    "damage_statement": {
        "title": "Schadeopgave",
        "subject": "Schadeopgave met wettelijke rente: incident van {{ incident.date }}",
        "salutation": False,
        "body": [
            "Incident: {{ incident.conduct }} op {{ incident.date }} om ongeveer {{ incident.time }} uur, "
            "{{ incident.location }}.",
            "Aansprakelijke: {{ perpetrator.name }}.",
            *STATEMENT,
            "Contactpersoon: {{ employer.contact.name }}, {{ employer.contact.function }}, {{ employer.name }}, "
            "telefoon {{ employer.contact.phone }}, e-mail {{ employer.contact.email }}.",
        ],
        "signature": False,
    },
    "injured_party_claim": {
        "title": "Vordering benadeelde partij",
        "subject": "Vordering benadeelde partij: specificatie van de schade",
        "salutation": False,
        "body": [
            "Bijlage bij het voegingsformulier (artikelen 51f en 51g Wetboek van Strafvordering).",
            "Verdachte: {{ perpetrator.name }}.",
            "{%p if police_reference %}",
            "Proces-verbaalnummer van de aangifte: {{ police_reference }}.",
            "{%p endif %}",
            "{%p if hearing_date %}",
            "Zitting: {{ hearing_date }}.",
            "{%p endif %}",
            "Feit: {{ incident.conduct }} op {{ incident.date }} om ongeveer {{ incident.time }} uur, "
            "{{ incident.location }}, tegenover {{ victim.designation }}, tijdens het werk voor "
            "{{ employer.name }}",
            "De benadeelde partijen voegen zich in het strafproces voor de schade die rechtstreeks door het "
            "strafbare feit is ontstaan, ieder voor de eigen schade:",
            *STATEMENT,
            "De benadeelde partijen vragen de rechtbank de vordering toe te wijzen, vermeerderd met de wettelijke "
            "rente vanaf de dag waarop elke schadepost ontstond tot de dag van betaling, en de verdachte de "
            "schadevergoedingsmaatregel op te leggen (artikel 36f Wetboek van Strafrecht).",
            "Contactpersoon: {{ employer.contact.name }}, {{ employer.contact.function }}, {{ employer.name }}, "
            "telefoon {{ employer.contact.phone }}, e-mail {{ employer.contact.email }}.",
        ],
        "signature": True,
    },
}


def build_claim_document(document_id: str, parts: dict[str, object]) -> Document:
    """A claim document in the same house style as the letters."""
    document = house_style(str(parts["title"]))
    if parts["salutation"]:
        add_paragraphs(document, ADDRESSEE, space_after=0)
        add_paragraphs(document, ["", ""])
    else:
        heading = document.add_paragraph()
        run = heading.add_run(str(parts["title"]))
        run.bold, run.font.size, run.font.color.rgb = True, Pt(14), DARK
    reference_block(document, str(parts["subject"]))
    add_paragraphs(document, ["", "Geachte heer, mevrouw," if parts["salutation"] else ""])
    add_paragraphs(document, list(parts["body"]))  # type: ignore[call-overload]
    if parts["signature"]:
        signature(document)
    return document


def main(folder: Path) -> list[Path]:
    """Write the starting versions of the templates into ``folder``; a file that exists is never touched."""
    written = []
    builders = [(d, lambda d=d, p=p: build(d, p)) for d, p in LETTERS.items()]
    builders += [(d, lambda d=d, p=p: build_claim_document(d, p)) for d, p in CLAIM_LETTERS.items()]
    for document_id, make in builders:
        path = folder / f"{document_id}.docx"
        if path.exists():
            print(f"{path}: bestaat al, niet overschreven", file=sys.stderr)
            continue
        make().save(path)
        written.append(path)
    return written


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("gebruik: python letter_templates/build_templates.py MAP\n"
                 "(schrijft alleen de bestanden die er nog niet zijn)")
    for written_path in main(Path(sys.argv[1])):
        print(written_path)
