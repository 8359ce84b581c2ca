"""Letters to the perpetrator: every fact verbatim, minors, privacy, strict templates, atomic writes, PDF."""

from __future__ import annotations

import dataclasses
import os
import shutil
import threading
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from casedata import with_changes
from click.testing import CliRunner
from docx_text import text_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from paths import ROOT
from strategies import existing

from vpt_rules.api import evaluate, load_case
from vpt_rules.cli.main import main
from vpt_rules.documents import files, pdf, registry, render
from vpt_rules.documents.letter_context import LetterContext, VictimView
from vpt_rules.documents.pdf import convert_to_pdf
from vpt_rules.documents.registry import register_document
from vpt_rules.documents.render import (
    check_templates,
    output_path,
    render_document_bytes,
    render_documents,
    template_path,
)
from vpt_rules.i18n import use_language
from vpt_rules.model.errors import InternalError, UserError
from vpt_rules.model.values import AMSTERDAM

AS_OF = "2026-11-21T09:00:00+01:00"
LETTERS = ["perpetrator_letter_warning", "perpetrator_letter_ban", "perpetrator_letter_service_stop"]
MEASURE = {"perpetrator_letter_warning": "warning", "perpetrator_letter_ban": "ban",
           "perpetrator_letter_service_stop": "service_stop"}

BASE: dict[str, Any] = {
    "case_id": "UTR/2026-0142",
    "incident": {
        "occurred_at": "2026-11-20T14:30:00+01:00",
        "known_to_employer_at": "2026-11-20T15:00:00+01:00",
        "location": "Stadskantoor, loket 3 — Utrecht (’s-Hertogenbosch-zaal)",
        "description": "Intern: Annelies Verwoerd-Kwakman werd bij loket 3 bedreigd; zij woont in de Goudsbloemstraat.",
        "description_for_perpetrator": 'U riep "ik weet waar je woont" & sloeg met de vuist op de balie <hard>.',
        "kinds": ["threat", "verbal_abuse"],
        "in_function": True,
    },
    "victim": {
        "name": "Annelies Verwoerd-Kwakman",
        "job_title": "Baliemedewerker Werk & Inkomen",
        "sector": "municipality",
        "home_address": {"street": "Goudsbloemstraat 77bis", "postcode": "3514 XQ", "city": "Utrecht"},
        "domicile_choice": True,
        "anonymity": "none",
        "named_to_perpetrator": True,
    },
    "employer": {
        "name": "Gemeente Utrecht & Partners <Publiekszaken>",
        "address": {"street": "Stadsplateau 1", "postcode": "3521 AZ", "city": "Utrecht"},
        "contact": {"name": "Frédérique “Freek” Ćosić", "function": "Adviseur Veilig Werken",
                    "phone": "030-2861234", "email": "veiligwerken@utrecht.example"},
        "signatory": {"name": "mr. J. de Boer-Özdemir", "function": "Afdelingshoofd Publiekszaken 🏛"},
    },
    "perpetrator": {
        "known": True,
        "name": "Zoë \"Bob\" <b>Vos</b> & Zn. 😀",
        "address": {"street": "Oudegracht 12 <achter>", "postcode": "3511 AB", "city": "Utrecht"},
        "date_of_birth": "1980-03-04",
        "relation": "client",
    },
    "response": {"measure": "warning"},
}


@pytest.fixture(autouse=True)
def _english():
    """The words of the template and document errors are checked in English (their Dutch: tests/i18n)."""
    with use_language("en"):
        yield


def make_case(changes: dict[str, Any] | None = None, measure: str = "warning", **response: Any) -> dict[str, Any]:
    return with_changes({**BASE, "response": {"measure": measure, **response}}, changes or {})


def letters_for(tmp_path: Path, data: dict[str, Any], as_of: str = AS_OF, **kwargs: Any) -> list[Path]:
    case = load_case(data)
    return render_documents(case, evaluate(case, as_of=as_of), tmp_path / "out", **kwargs)


def only_letter(tmp_path: Path, data: dict[str, Any], **kwargs: Any) -> str:
    written = letters_for(tmp_path, data, **kwargs)
    assert len(written) == 1, written
    return text_of(written[0])


def write_template(folder: Path, document: str, paragraphs: list[str], header: str | None = None) -> Path:
    """A small Word template, one run per paragraph (as a user types it with autocorrect off)."""
    folder.mkdir(parents=True, exist_ok=True)
    document_ = docx.Document()
    if header is not None:
        document_.sections[0].header.paragraphs[0].add_run(header)
    for text in paragraphs:
        document_.add_paragraph(text)
    path = folder / f"{document}.docx"
    document_.save(str(path))
    return path


# ---------------------------------------------------------------------------------------------------------
# Every fact, verbatim


@pytest.mark.parametrize("document", LETTERS)
def test_every_template_shows_the_facts_verbatim(tmp_path: Path, document: str) -> None:
    extra = {"ban_until": "2027-05-20", "ban_scope": "alle publieksbalies & wijkposten <Noord>"}
    data = make_case({"report": {"status": "filed", "filed_at": "2026-11-20T17:45:00+01:00"}},
                     MEASURE[document], **(extra if document != "perpetrator_letter_warning" else {}))
    written = letters_for(tmp_path, data)
    assert written == [tmp_path / "out" / f"UTR-2026-0142_{document}.docx"]
    text = text_of(written[0])
    for fact in [
        BASE["employer"]["name"], "Stadsplateau 1", "3521 AZ Utrecht", "Utrecht, 21 november 2026",
        "UTR/2026-0142", BASE["perpetrator"]["name"], "Oudegracht 12 <achter>", "3511 AB Utrecht",
        "20 november 2026", "om ongeveer 14.30 uur", BASE["incident"]["location"], BASE["incident"]["description_for_perpetrator"],
        "op een onaanvaardbare manier gedragen", "Annelies Verwoerd-Kwakman, Baliemedewerker Werk & Inkomen",
        "aangifte gedaan", "Wij behouden ons het recht voor schade",
        BASE["employer"]["contact"]["name"], "Adviseur Veilig Werken", "030-2861234", "veiligwerken@utrecht.example",
        BASE["employer"]["signatory"]["name"], BASE["employer"]["signatory"]["function"], "Hoogachtend",
        "Ons kenmerk", "Betreft", "Geachte heer, mevrouw",
    ]:
        assert fact in text, fact
    assert "{{" not in text and "{%" not in text and "None" not in text
    assert "Afschrift" not in text and "uw kind" not in text
    if document == "perpetrator_letter_ban":
        assert "Toegangsverbod na het incident van 20 november 2026" in text
        assert "geldt tot en met 20 mei 2027" in text
        assert "Het verbod geldt voor: alle publieksbalies & wijkposten <Noord>." in text
    if document == "perpetrator_letter_service_stop":
        assert "tot en met 20 mei 2027" in text and "alle publieksbalies & wijkposten <Noord>" in text
    if document == "perpetrator_letter_warning":
        assert "schriftelijke waarschuwing" in text


def test_ban_without_scope_covers_the_whole_organisation(tmp_path: Path) -> None:
    text = only_letter(tmp_path, make_case(measure="ban", ban_until="2027-02-01"))
    assert "tot en met 1 februari 2027" in text
    assert f"Het verbod geldt voor alle gebouwen en locaties van {BASE['employer']['name']}." in text


def test_service_stop_without_end_date_lasts_until_agreements(tmp_path: Path) -> None:
    text = only_letter(tmp_path, make_case(measure="service_stop"))
    assert "totdat wij afspraken hebben gemaakt" in text


def test_report_not_yet_filed_says_it_will_be(tmp_path: Path) -> None:
    assert "Van dit incident wordt aangifte gedaan bij de politie." in only_letter(tmp_path, make_case())


def test_no_response_gives_the_warning_letter(tmp_path: Path) -> None:
    data = make_case()
    del data["response"]
    written = letters_for(tmp_path, data)
    assert [p.name for p in written] == ["UTR-2026-0142_perpetrator_letter_warning.docx"]


def test_same_input_same_bytes(tmp_path: Path) -> None:
    case = load_case(make_case())
    outcome = evaluate(case, as_of=AS_OF)
    first = render_document_bytes(case, outcome, "perpetrator_letter_warning")
    assert render_document_bytes(case, outcome, "perpetrator_letter_warning") == first


def test_threads_render_the_same_letter(tmp_path: Path) -> None:
    case = load_case(make_case(measure="ban", ban_until="2027-01-31"))
    outcome = evaluate(case, as_of=AS_OF)
    expected = render_document_bytes(case, outcome, "perpetrator_letter_ban")
    results: list[bytes] = []

    def work() -> None:
        for _ in range(5):
            results.append(render_document_bytes(case, outcome, "perpetrator_letter_ban"))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 20 and set(results) == {expected}


def test_a_value_with_a_line_break_becomes_a_line_break(tmp_path: Path) -> None:
    text = only_letter(tmp_path, make_case({"incident.description_for_perpetrator": "Eerste regel.\nTweede regel & meer."}))
    assert "Eerste regel.\nTweede regel & meer." in text


# ---------------------------------------------------------------------------------------------------------
# Minors


def born_years_before(years: int, days: int = 30) -> str:
    return (date(2026, 11, 20) - timedelta(days=365 * years + years // 4 + days)).isoformat()


def test_under_16_is_addressed_to_the_representatives(tmp_path: Path) -> None:
    reps = [{"name": "Fatima El Amrani-Jansen", "address": {"street": "Lange Nieuwstraat 5", "postcode": "3512 PA",
                                                           "city": "Utrecht"}},
            {"name": "Koen Jansen & co"}]
    data = make_case({"perpetrator.date_of_birth": born_years_before(14), "perpetrator.legal_representatives": reps})
    text = only_letter(tmp_path, data)
    assert "Fatima El Amrani-Jansen\nLange Nieuwstraat 5\n3512 PA Utrecht" in text
    # a representative without an address is written at the child's address
    assert "Koen Jansen & co\nOudegracht 12 <achter>\n3511 AB Utrecht" in text
    assert f"heeft uw kind {BASE['perpetrator']['name']} zich" in text
    assert "Wij behouden ons het recht voor schade" in text  # no damage given: a reservation of rights
    assert "Afschrift" not in text and "heeft u zich" not in text


def test_two_parents_at_one_address_get_one_block(tmp_path: Path) -> None:
    home = {"street": "Lange Nieuwstraat 5", "postcode": "3512 PA", "city": "Utrecht"}
    reps = [{"name": "M. de Vries", "address": home}, {"name": "J. de Vries", "address": home}]
    data = make_case({"perpetrator.date_of_birth": born_years_before(14), "perpetrator.legal_representatives": reps})
    text = only_letter(tmp_path, data)
    assert "M. en J. de Vries\nLange Nieuwstraat 5\n3512 PA Utrecht\n" in text
    assert text.count("Lange Nieuwstraat 5") == 1


def test_damage_is_recovered_only_when_there_is_damage(tmp_path: Path) -> None:
    damage = {"items": [{"party": "employee", "kind": "property", "amount": "120.00",
                         "incurred_on": "2026-11-20", "description": "Bril"}]}
    written = letters_for(tmp_path / "a", make_case({"damages": damage}))
    with_damage = text_of(next(p for p in written if "perpetrator_letter" in p.name))
    assert "De schade die door dit incident is ontstaan, verhalen wij volledig op u." in with_damage
    assert "behouden ons het recht" not in with_damage
    without = only_letter(tmp_path / "b", make_case())
    assert "verhalen wij volledig" not in without and "Wij behouden ons het recht voor schade" in without


def test_no_letter_draws_a_legal_conclusion(tmp_path: Path) -> None:
    data = make_case({"damages": {"items": [{"party": "employee", "kind": "property", "amount": "120.00",
                                             "incurred_on": "2026-11-20", "description": "Bril"}]}})
    case = load_case(data)
    for path in render_documents(case, evaluate(case, as_of=AS_OF), tmp_path):
        text = text_of(path)
        assert "schuldig gemaakt" not in text and "schuldig aan" not in text, path.name


def test_under_16_without_representatives_goes_to_the_parents_of(tmp_path: Path) -> None:
    data = make_case({"perpetrator.date_of_birth": born_years_before(13)})
    text = only_letter(tmp_path, data)
    assert f"De ouders of wettelijk vertegenwoordigers van {BASE['perpetrator']['name']}\nOudegracht 12" in text


@pytest.mark.parametrize("age", [16, 17])
def test_16_and_17_get_the_letter_with_a_copy_to_the_representatives(tmp_path: Path, age: int) -> None:
    reps = [{"name": "Ria de Wit-Émile"}]
    data = make_case({"perpetrator.date_of_birth": born_years_before(age), "perpetrator.legal_representatives": reps},
                     measure="ban", ban_until="2027-03-01")
    text = only_letter(tmp_path, data)
    assert text.index(BASE["perpetrator"]["name"]) < text.index("Geachte")
    assert "heeft u zich tegenover" in text and "uw kind" not in text
    assert "Afschrift aan:\nRia de Wit-Émile" in text


def test_adult_gets_no_copy(tmp_path: Path) -> None:
    data = make_case({"perpetrator.date_of_birth": born_years_before(18),
                      "perpetrator.legal_representatives": [{"name": "Ria de Wit"}]})
    text = only_letter(tmp_path, data)
    assert "Afschrift" not in text and "Ria de Wit" not in text


# ---------------------------------------------------------------------------------------------------------
# Privacy


@pytest.mark.parametrize("changes", [{"victim.anonymity": "number"}, {"victim.anonymity": "withheld"},
                                     {"victim.named_to_perpetrator": False}])
def test_without_consent_the_letter_names_no_employee(tmp_path: Path, changes: dict[str, Any]) -> None:
    data = make_case(changes)
    text = only_letter(tmp_path, data)
    assert "Verwoerd" not in text and "Kwakman" not in text and "Annelies" not in text
    assert "een medewerker van Gemeente Utrecht & Partners <Publiekszaken> (Baliemedewerker Werk & Inkomen)" in text
    assert text.count("Baliemedewerker Werk & Inkomen") == 1


def test_by_default_the_employee_is_not_named(tmp_path: Path) -> None:
    data = make_case()
    del data["victim"]["named_to_perpetrator"]
    assert "Annelies" not in only_letter(tmp_path, data)


def test_a_job_title_with_brackets_gets_no_nested_brackets(tmp_path: Path) -> None:
    text = only_letter(tmp_path, make_case({"victim.named_to_perpetrator": False,
                                            "victim.job_title": "Handhaver (boa)"}))
    assert "een medewerker van Gemeente Utrecht & Partners <Publiekszaken>, Handhaver (boa)" in text
    assert "((" not in text and "))" not in text


def test_the_internal_description_never_reaches_the_letter(tmp_path: Path) -> None:
    data = make_case()
    del data["incident"]["description_for_perpetrator"]
    text = only_letter(tmp_path, data)
    assert "Intern:" not in text and "Goudsbloemstraat" not in text
    assert "Volgens onze vastlegging heeft u onze medewerker bedreigd en uitgescholden of beledigd." in text


def test_a_weapon_and_damage_to_property_are_described_from_the_facts(tmp_path: Path) -> None:
    data = make_case({"incident.kinds": ["property_damage", "physical_violence"], "incident.weapon": True})
    del data["incident"]["description_for_perpetrator"]
    text = only_letter(tmp_path, data)
    assert ("Volgens onze vastlegging heeft u onze medewerker fysiek aangevallen en eigendommen beschadigd. "
            "Daarbij is een wapen gebruikt of getoond.") in text


@pytest.mark.parametrize("domicile_choice", [True, False])
def test_the_home_address_in_a_field_refuses_the_letter(tmp_path: Path, domicile_choice: bool) -> None:
    data = make_case({"victim.domicile_choice": domicile_choice,
                      "incident.location": "Voor de woning aan de Goudsbloemstraat 77bis, 3514 XQ Utrecht"})
    with pytest.raises(UserError) as caught:
        letters_for(tmp_path, data)
    message = str(caught.value)
    assert "incident.location" in message and "victim.home_address" in message
    assert not (tmp_path / "out").exists()


def test_a_structured_field_that_would_name_the_victim_is_refused(tmp_path: Path) -> None:
    data = make_case({"victim.anonymity": "withheld",
                      "employer.contact.name": BASE["victim"]["name"]})
    with pytest.raises(UserError) as caught:
        letters_for(tmp_path, data)
    assert "employer.contact.name" in str(caught.value) and "victim" in str(caught.value)
    assert not (tmp_path / "out").exists()


def test_the_letter_context_has_no_field_for_the_victims_name_or_address() -> None:
    names = {f.name for f in dataclasses.fields(VictimView)}
    assert names == {"designation", "job_title"}


MARK_NAME = "Xaviera Quirijnsdochter"
MARK_STREET = "Zwaluwhofsteeg 913"
MARK_POSTCODE = "9999 ZZ"
FREE_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn"), blacklist_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"), min_size=1, max_size=30
                    ).filter(lambda s: s.strip() and "Xaviera" not in s and "Zwaluw" not in s and "9999" not in s)
TRICKY = st.one_of(FREE_TEXT, st.sampled_from(['Jansen & Zn.', '<b>Vos</b>', 'Ré "Bob" Müller', 'Zoë 😀 de Wit']))


@st.composite
def generated_cases(draw: Any) -> dict[str, Any]:
    """Valid cases whose free text may mention the victim's name and home address in any spelling."""
    def free(base: str) -> str:
        mention = draw(st.sampled_from(["", MARK_NAME, MARK_NAME.upper(), MARK_STREET, MARK_POSTCODE.lower()]))
        return f"{base} {mention}".strip() if mention else base

    occurred = existing(datetime(2026, 1, 1, 8, 0) + timedelta(minutes=draw(st.integers(0, 400_000))))
    data = make_case(measure=draw(st.sampled_from(["warning", "ban", "service_stop"])))
    data["incident"].update(occurred_at=occurred.isoformat(), known_to_employer_at=occurred.isoformat(),
                            location=free(draw(TRICKY)), description=free(draw(TRICKY)),
                            description_for_perpetrator=free(draw(TRICKY)))
    data["victim"].update(name=MARK_NAME, job_title=draw(TRICKY), domicile_choice=draw(st.booleans()),
                          anonymity=draw(st.sampled_from(["none", "number", "withheld"])),
                          named_to_perpetrator=draw(st.booleans()),
                          home_address={"street": MARK_STREET, "postcode": MARK_POSTCODE, "city": "Utrecht"})
    data["employer"]["name"] = draw(TRICKY)
    data["employer"]["contact"]["name"] = draw(TRICKY)
    data["perpetrator"]["name"] = draw(TRICKY)
    age = draw(st.integers(12, 40))
    data["perpetrator"]["date_of_birth"] = (occurred.date() - timedelta(days=365 * age + age // 4 + 40)).isoformat()
    if draw(st.booleans()):
        data["perpetrator"]["legal_representatives"] = [{"name": draw(TRICKY)}]
    if draw(st.booleans()):  # damage to recover: the claim documents are made too
        data["damages"] = {"items": [{"party": draw(st.sampled_from(["employee", "employer"])),
                                      "kind": "property", "amount": "123.45",
                                      "incurred_on": occurred.date().isoformat(),
                                      "description": free(draw(TRICKY))}]}
    if data["response"]["measure"] != "warning" or draw(st.booleans()):
        data["response"]["ban_until"] = (occurred.date() + timedelta(days=draw(st.integers(1, 400)))).isoformat()
        data["response"]["ban_scope"] = free(draw(TRICKY))
    return data


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=generated_cases())
def test_property_no_perpetrator_document_leaks_name_or_home_address(tmp_path: Path, data: dict[str, Any]) -> None:
    case = load_case(data)
    outcome = evaluate(case, as_of=datetime(2027, 3, 1, tzinfo=AMSTERDAM))
    out = tmp_path / data["incident"]["occurred_at"].replace(":", "")
    named = data["victim"]["anonymity"] == "none" and data["victim"]["named_to_perpetrator"]
    try:
        written = render_documents(case, outcome, out)
    except UserError as refused:  # a field would show the victim: refused, naming it, and nothing written
        assert "victim" in str(refused) and not out.exists()
        return
    assert written, outcome.documents
    for path in written:
        text = text_of(path).casefold()
        assert MARK_STREET.casefold() not in text and MARK_POSTCODE.casefold() not in text
        if not named:
            assert MARK_NAME.casefold() not in text and "xaviera" not in text
        elif path.stem.endswith(tuple(LETTERS)):
            assert MARK_NAME.casefold() in text
        if path.stem.endswith(tuple(LETTERS)):  # every value the case gives to the letter appears verbatim
            for value in (data["employer"]["name"], data["perpetrator"]["name"],
                          data["employer"]["contact"]["name"]):
                assert value.casefold() in text, value
    shutil.rmtree(out)


# ---------------------------------------------------------------------------------------------------------
# Organisation templates: override, strict checks, sandbox


def test_organisation_folder_overrides_and_falls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    own = tmp_path / "eigen"
    write_template(own, "perpetrator_letter_warning", ["Eigen briefpapier {{ employer.name }}",
                                                      "Kenmerk {{ case_id }} — {{ victim.designation }}"],
                   header="Logo {{ employer.address.city }}")
    text = only_letter(tmp_path, make_case(), templates_dir=own)
    assert f"Eigen briefpapier {BASE['employer']['name']}" in text and "Logo Utrecht" in text
    monkeypatch.setenv("VPT_TEMPLATES_DIR", str(own))
    assert template_path("perpetrator_letter_warning") == own / "perpetrator_letter_warning.docx"
    assert "Eigen briefpapier" in only_letter(tmp_path / "env", make_case())
    # a document the folder does not have comes from the bundled templates
    assert "toegangsverbod" in only_letter(tmp_path / "ban", make_case(measure="ban", ban_until="2027-01-01"))


BAD_TEMPLATES = [
    (["Hallo", "Geachte {{ perpetrator.nmae }},"], ["unknown field perpetrator.nmae", "paragraph 2",
                                                   "Geachte {{ perpetrator.nmae }}", "perpetrator has: name, minor"]),
    (["{{ slachtoffer }}"], ["unknown field 'slachtoffer'", "paragraph 1", "known fields:"]),
    (["{%p for r in recipients %}", "{{ r.naam }}", "{%p endfor %}"], ["unknown field r.naam", "r has: name, lines"]),
    (["Tekst", "{{ employer.name "], ["does not parse", "paragraph 2", "not closed"]),
    (["{{ employer.__class__.__mro__ }}"], ["refused by the sandbox", "__mro__"]),
    (["{{ employer['__init__'] }}"], ["refused by the sandbox", "__init__"]),
    (["{% include '/etc/passwd' %}"], ["may not include, import or extend other files"]),
    (["{% extends 'basis.docx' %}"], ["may not include, import or extend other files"]),
    (["{{ employer.name|lowercase }}"], ["does not parse", "No filter named 'lowercase'"]),
]


@pytest.mark.parametrize(("paragraphs", "words"), BAD_TEMPLATES)
def test_a_bad_template_is_refused_with_template_field_and_paragraph(
    tmp_path: Path, paragraphs: list[str], words: list[str]
) -> None:
    own = tmp_path / "eigen"
    path = write_template(own, "perpetrator_letter_warning", paragraphs)
    with pytest.raises(UserError) as caught:
        letters_for(tmp_path, make_case(), templates_dir=own)
    message = str(caught.value)
    assert str(path) in message
    for word in words:
        assert word in message, (word, message)
    assert not (tmp_path / "out").exists()


def test_a_bad_header_is_named(tmp_path: Path) -> None:
    own = tmp_path / "eigen"
    write_template(own, "perpetrator_letter_warning", ["ok"], header="{{ employer.adres }}")
    with pytest.raises(UserError, match=r"header1, paragraph 1 .*unknown field employer.adres"):
        check_templates(own)


def test_the_sandbox_refuses_internals_reached_at_render_time(tmp_path: Path) -> None:
    own = tmp_path / "eigen"
    write_template(own, "perpetrator_letter_warning", ["a", "{{ employer|attr('__class__') }}"])
    with pytest.raises(UserError, match=r"paragraph 2 .*refused by the sandbox"):
        letters_for(tmp_path, make_case(), templates_dir=own)


def test_a_template_that_runs_too_long_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from vpt_rules.documents import templates

    monkeypatch.setattr(templates, "RENDER_SECONDS", 0.3)
    own = tmp_path / "eigen"
    loop = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    write_template(own, "perpetrator_letter_warning", ["a", loop])
    with pytest.raises(UserError, match=r"gestopt: het sjabloon liep langer dan 0,3 s|ran longer than 0.3 s"):
        letters_for(tmp_path, make_case(), templates_dir=own)
    assert not (tmp_path / "out").exists()


def test_a_template_that_grows_too_large_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from vpt_rules.documents import templates

    monkeypatch.setattr(templates, "MAX_PART_CHARS", 200_000)
    own = tmp_path / "eigen"
    write_template(own, "perpetrator_letter_warning", ["a", "{% for i in range(100000) %}xxxxxxxxxx{% endfor %}"])
    with pytest.raises(UserError, match=r"gestopt: het sjabloon werd groter dan|grew larger than"):
        letters_for(tmp_path, make_case(), templates_dir=own)


def test_printing_an_empty_field_is_refused(tmp_path: Path) -> None:
    own = tmp_path / "eigen"
    write_template(own, "perpetrator_letter_warning", ["Eind: {{ measure.until }}"])
    with pytest.raises(UserError, match=r"paragraph 1 .*without a value.*\{%p if"):
        letters_for(tmp_path, make_case(), templates_dir=own)


def test_not_a_word_document(tmp_path: Path) -> None:
    own = tmp_path / "eigen"
    own.mkdir()
    (own / "perpetrator_letter_warning.docx").write_text("dit is geen Word-bestand")
    with pytest.raises(UserError, match="not a readable Word document"):
        check_templates(own)


def test_missing_template_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="templates: no such folder"):
        check_templates(tmp_path / "bestaat-niet")


def test_the_bundled_templates_pass_the_check() -> None:
    paths = check_templates()
    assert {f"{d}.docx" for d in LETTERS} <= {p.name for p in paths}


def test_a_template_is_prepared_once_and_again_after_a_change(tmp_path: Path) -> None:
    own = tmp_path / "eigen"
    path = write_template(own, "perpetrator_letter_warning", ["Versie 1 {{ case_id }}"])
    first = render.load_template("perpetrator_letter_warning", own)
    assert render.load_template("perpetrator_letter_warning", own) is first
    write_template(own, "perpetrator_letter_warning", ["Versie twee {{ case_id }}"])
    os.utime(path, (path.stat().st_atime, path.stat().st_mtime + 5))
    assert "Versie twee UTR/2026-0142" in only_letter(tmp_path, make_case(), templates_dir=own)


def test_the_house_style_script_never_overwrites_a_template(tmp_path: Path) -> None:
    import importlib.util

    script = ROOT / "letter_templates" / "build_templates.py"
    spec = importlib.util.spec_from_file_location("build_templates", script)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    written = module.main(tmp_path)
    assert {f"{d}.docx" for d in LETTERS} <= {p.name for p in written}
    assert check_templates(tmp_path)
    edited = tmp_path / "perpetrator_letter_warning.docx"
    edited.write_bytes(b"a jurist's edit")
    assert module.main(tmp_path) == []  # the house-style script never overwrites a template
    assert edited.read_bytes() == b"a jurist's edit"


# ---------------------------------------------------------------------------------------------------------
# The registry hook for other documents (the claim documents plug in here)


@dataclasses.dataclass(frozen=True)
class _Total:
    amount: str


@dataclasses.dataclass(frozen=True)
class _ClaimContext:
    case_id: str
    total: _Total


def test_a_registered_document_renders_with_its_own_context(tmp_path: Path) -> None:
    own = tmp_path / "eigen"
    write_template(own, "test_only_form", ["Zaak {{ case_id }}: {{ total.amount }}"])
    register_document("test_only_form", _ClaimContext,
                      lambda case, outcome, document: _ClaimContext(case.case_id, _Total("€\xa01.234,57")))
    try:
        case = load_case(make_case())
        written = render_documents(case, evaluate(case, as_of=AS_OF), tmp_path / "out", templates_dir=own,
                                   documents=["test_only_form", "injured_party_claim_not_registered"])
        assert [p.name for p in written] == ["UTR-2026-0142_test_only_form.docx"]
        assert "Zaak UTR/2026-0142: €\xa01.234,57" in text_of(written[0])
        write_template(own, "test_only_form", ["{{ total.bedrag }}"])
        with pytest.raises(UserError, match="unknown field total.bedrag; total has: amount"):
            check_templates(own)
    finally:
        registry._registry.pop("test_only_form", None)


def test_register_needs_a_dataclass() -> None:
    with pytest.raises(TypeError):
        register_document("x", dict, lambda *a: {})


def test_a_letter_needs_a_known_perpetrator(tmp_path: Path) -> None:
    case = load_case(make_case({"perpetrator": {"known": False}}))
    outcome = evaluate(case, as_of=AS_OF)
    assert "perpetrator_letter_warning" not in outcome.documents
    with pytest.raises(UserError, match="perpetrator.known"):
        render_document_bytes(case, outcome, "perpetrator_letter_warning")


def test_letter_context_is_the_typed_context_as_a_mapping() -> None:
    case = load_case(make_case())
    context = registry.letter_context(case, evaluate(case, as_of=AS_OF), "perpetrator_letter_warning")
    assert set(context) == {f.name for f in dataclasses.fields(LetterContext)}
    assert context["letter_date"] == "21 november 2026" and context["incident"].time == "14.30"


# ---------------------------------------------------------------------------------------------------------
# Atomic writes


def test_nothing_is_written_when_one_document_fails(tmp_path: Path) -> None:
    own = tmp_path / "eigen"
    write_template(own, "perpetrator_letter_warning", ["{{ measure.until }}"])  # fails at render time
    case = load_case(make_case())
    with pytest.raises(UserError):
        render_documents(case, evaluate(case, as_of=AS_OF), tmp_path / "out", templates_dir=own,
                         documents=["perpetrator_letter_ban", "perpetrator_letter_warning"])
    assert not (tmp_path / "out").exists()


def test_a_failed_write_leaves_no_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    out.mkdir()
    old = output_path(out, "UTR/2026-0142", "perpetrator_letter_warning")
    old.write_bytes(b"old letter")

    def broken_replace(src: Any, dst: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(files.os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        letters_for(tmp_path, make_case())
    assert sorted(p.name for p in out.iterdir()) == [old.name]
    assert old.read_bytes() == b"old letter"


# ---------------------------------------------------------------------------------------------------------
# PDF


def test_pdf_without_libreoffice_says_how_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    with pytest.raises(UserError, match="apt-get install libreoffice-writer-nogui"):
        letters_for(tmp_path, make_case(), pdf=True)
    assert not (tmp_path / "out").exists()


def fake_soffice(folder: Path, script: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    program = folder / "soffice"
    program.write_text("#!/bin/sh\n" + script)
    program.chmod(0o755)


def test_pdf_conversion_failure_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_soffice(tmp_path / "bin", "echo 'source file could not be loaded' >&2\nexit 1\n")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    source = tmp_path / "brief.docx"
    source.write_bytes(b"x")
    with pytest.raises(InternalError, match="could not convert brief.docx to PDF.*could not be loaded"):
        convert_to_pdf(source)
    assert not (tmp_path / "brief.pdf").exists()


def test_pdf_conversion_uses_its_own_profile_and_checks_the_result(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # the fake writes an empty PDF and records its arguments
    fake_soffice(tmp_path / "bin", f'echo "$@" > {tmp_path}/args\n'
                                   'while [ $# -gt 0 ]; do if [ "$1" = --outdir ]; then d=$2; fi; shift; done\n'
                                   ': > "$d/brief.pdf"\n')
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    source = tmp_path / "brief.docx"
    source.write_bytes(b"x")
    with pytest.raises(InternalError, match="could not convert"):
        convert_to_pdf(source)
    args = (tmp_path / "args").read_text()
    assert "-env:UserInstallation=file:///" in args and "--headless" in args and "--convert-to pdf" in args


def test_pdf_conversion_timeout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_soffice(tmp_path / "bin", "sleep 5\n")
    monkeypatch.setenv("PATH", str(tmp_path / "bin") + os.pathsep + os.environ.get("PATH", ""))
    source = tmp_path / "brief.docx"
    source.write_bytes(b"x")
    with pytest.raises(InternalError, match="within 0.5 s"):
        convert_to_pdf(source, timeout=0.5)


@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")), reason="LibreOffice not installed")
def test_pdf_with_libreoffice(tmp_path: Path) -> None:
    written = letters_for(tmp_path, make_case(measure="ban", ban_until="2027-01-31"), pdf=True)
    assert [p.suffix for p in written] == [".docx", ".pdf"]
    assert written[1].read_bytes().startswith(b"%PDF") and written[1].stat().st_size > 1000


# ---------------------------------------------------------------------------------------------------------
# The command


def write_case(tmp_path: Path, data: dict[str, Any], name: str = "case.yaml") -> str:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return str(path)


def test_cli_letters_prints_the_paths(tmp_path: Path) -> None:
    good = write_case(tmp_path, make_case(measure="ban", ban_until="2027-01-31"))
    result = CliRunner().invoke(main, ["letters", good, "--out", str(tmp_path / "out"), "--as-of", AS_OF])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [str(tmp_path / "out" / "UTR-2026-0142_perpetrator_letter_ban.docx")]
    assert "21 november 2026" in text_of(Path(result.stdout.strip()))


def test_cli_a_bad_case_writes_no_file(tmp_path: Path) -> None:
    bad = make_case({"case_id": "BAD-1"}, measure="ban")  # a ban without ban_until
    good = make_case({"case_id": "GOOD-1"})
    result = CliRunner().invoke(main, ["letters", write_case(tmp_path, bad, "bad.yaml"),
                                       write_case(tmp_path, good, "good.yaml"), "--out", str(tmp_path / "out"),
                                       "--as-of", AS_OF])
    assert result.exit_code == 2
    assert "bad.yaml: response.ban_until: is required when measure is ban" in result.stderr
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["GOOD-1_perpetrator_letter_warning.docx"]


def test_cli_a_bad_template_stops_everything(tmp_path: Path) -> None:
    own = tmp_path / "eigen"
    write_template(own, "perpetrator_letter_ban", ["{{ victim.name }}"])
    result = CliRunner().invoke(main, ["letters", write_case(tmp_path, make_case()), "--out", str(tmp_path / "out"),
                                       "--templates", str(own), "--as-of", AS_OF])
    assert result.exit_code == 2
    assert "perpetrator_letter_ban.docx, paragraph 1" in result.stderr
    assert "unknown field victim.name; victim has: designation, job_title" in result.stderr
    assert not (tmp_path / "out").exists()


def test_cli_pdf_without_libreoffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    result = CliRunner().invoke(main, ["letters", write_case(tmp_path, make_case()), "--out", str(tmp_path / "out"),
                                       "--pdf", "--as-of", AS_OF])
    assert result.exit_code == 2
    assert "pdf: LibreOffice" in result.stderr and "apt-get install libreoffice-writer-nogui" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_neighbour_sharing_the_victims_postcode_still_gets_the_letter(tmp_path: Path) -> None:
    data = make_case({"perpetrator.address": {"street": "Goudsbloemstraat 12", "postcode": "3514 XQ",
                                              "city": "Utrecht"}})
    text = only_letter(tmp_path, data)
    assert "Goudsbloemstraat 12\n3514 XQ Utrecht" in text and "77bis" not in text
