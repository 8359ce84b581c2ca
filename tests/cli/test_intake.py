"""`vpt intake`: Dutch questions with checks, "Controleer uw antwoorden", a valid case file, every action
with its due moment, the documents at once; Ctrl-C/Ctrl-D keeps a draft to resume (exit 130)."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import click
import docx
import pytest
import yaml
from click.testing import CliRunner

from vpt_rules.api import load_case
from vpt_rules.cli import answers as check
from vpt_rules.cli.intake import run_intake
from vpt_rules.cli.main import main
from vpt_rules.i18n import use_language
from vpt_rules.model.case import Anonymity, Measure, Sector
from vpt_rules.model.messages import Invalid
from vpt_rules.model.values import AMSTERDAM

NOW = datetime.now(AMSTERDAM)
INCIDENT = (NOW - timedelta(days=1)).replace(hour=9, minute=15, second=0, microsecond=0)
BAN_UNTIL = (NOW + timedelta(days=180)).date()


def incident_part() -> list[str]:
    return [
        "UTR/2026-0142",                                   # Zaaknummer
        "gisteren",                                        # bad: re-asked
        f"{INCIDENT:%d-%m-%Y %H:%M}",                      # incident
        "",                                                # known to employer: default = incident
        "",                                                # location: empty, required: re-asked
        "Stadskantoor & loket <3>",                        # location
        'Klant riep "ik pak je" en gooide een stoel.',     # description
        "2,1,2",                                           # kinds: threat, verbal_abuse (duplicate dropped)
        "",                                                # in function: ja
        "3",                                               # injury: medical treatment
        "ja",                                              # psychological harm
        "",                                                # weapon: nee
    ]


def employee_and_employer(anonymity: str = "3") -> list[str]:
    return [
        "Annelies de Vries", "Baliemedewerker Werk & Inkomen", "", "",   # name, job, sector municipality, domicile
        anonymity,                                                       # 3: withheld
        *([""] if anonymity in ("", "1") else []),                       # named to perpetrator: nee
        "Gemeente Utrecht & Co", "Stadsplateau 1",
        "12345", "3521az", "Utrecht",                      # postcode: bad, then good
        "",                                                # IBAN: later
        "F. Ćosić", "Adviseur Veilig Werken",
        "bel me", "030-1234567",                           # phone: bad, then good
        "geen", "veiligwerken@utrecht.example",            # e-mail: bad, then good
        "J. de Boer", "Afdelingshoofd Publiekszaken",
    ]


def perpetrator_ban() -> list[str]:
    return [
        "",                                                # perpetrator known: ja
        'Zoë "Bob" <Vos> 😀',
        "Oudegracht 12", "3511 AB", "Utrecht",
        "",                                                # date of birth unknown
        "1",                                               # relation: client
        "2",                                               # two earlier incidents
        "9", "2",                                          # measure: bad number, then ban
        f"{INCIDENT - timedelta(days=3):%Y-%m-%d}",        # bad: before the incident
        f"{BAN_UNTIL:%Y-%m-%d}", "alle publieksbalies",
    ]


def report_and_damage() -> list[str]:
    return [
        "ja", f"{INCIDENT + timedelta(hours=2):%Y-%m-%d %H:%M}", "", "PL0900-2026-77",   # report
        "ja", "", "", "Kapotte bril", "1.234,56", "120,50", "", "", "nee",               # one damage item
    ]


def run(args: list[str], answers: list[str], draft: Path) -> object:
    return CliRunner().invoke(main, ["intake", "--draft", str(draft), *args], input="\n".join(answers) + "\n")


def test_intake_asks_everything_lets_you_check_and_writes_the_case_actions_and_documents(tmp_path: Path) -> None:
    target = tmp_path / "zaken" / "utr.yaml"
    answers = [*incident_part(), *employee_and_employer(), *perpetrator_ban(), *report_and_damage(), "", ""]
    result = run(["--out", str(target)], answers, tmp_path / "draft.yaml")
    assert result.exit_code == 0, result.output + str(result.exception)
    out = result.stdout
    assert "Zaaknummer [VPT-" in out and "— Het incident —" in out
    assert "Dat klopt niet: schrijf datum en tijd als 2026-11-20 14:30 (of 20-11-2026 14:30). Probeer het opnieuw." in out
    assert "Deze vraag is verplicht: vul een antwoord in." in out
    assert "Dat klopt niet: schrijf een Nederlandse postcode als 1234 AB" in out
    assert "dit is geen e-mailadres (naam@organisatie.nl)" in out and "schrijf een telefoonnummer met cijfers" in out
    assert "kies een nummer van 1 tot en met 3" in out and "deze datum moet na de incidentdatum liggen" in out
    assert "schrijf een bedrag in euro zoals 89,95 (zonder scheidingsteken voor duizendtallen)" in out
    review = out[out.index("Controleer uw antwoorden"):]
    assert "  1. Zaaknummer: UTR/2026-0142" in review
    assert "Postcode: 3521 AZ" in review and "Registratienummer van de aangifte bij de politie: PL0900-2026-77" in review
    assert " 10. Is er een wapen gebruikt? nee\n" in review
    assert "Bedrag in euro: €\u00a0120,50" in review
    assert "Nummer van een antwoord om te wijzigen (Enter = alles klopt, verder)" in review

    case = load_case(target)
    assert case.case_id == "UTR/2026-0142"
    assert case.incident.occurred_at == INCIDENT and case.incident.known_to_employer_at == INCIDENT
    assert [k.value for k in case.incident.kinds] == ["threat", "verbal_abuse"]
    assert case.incident.psychological_harm is True and case.incident.weapon is False
    assert case.victim.anonymity == Anonymity.withheld and case.victim.sector == Sector.municipality
    assert case.employer.address.postcode == "3521 AZ"
    assert case.perpetrator.name == 'Zoë "Bob" <Vos> 😀' and case.perpetrator.prior_incidents == 2
    assert case.response.measure == Measure.ban and case.response.ban_until == BAN_UNTIL
    assert case.report.police_reference == "PL0900-2026-77" and case.report.filed_by.value == "employee"
    item = case.damages.items[0]
    assert (item.description, item.amount, item.incurred_on) == ("Kapotte bril", Decimal("120.50"), INCIDENT.date())

    after = out[out.index("Zaakdossier geschreven:"):]
    assert "Wat moet er gebeuren:" in after
    assert " 1. [werkgever] Reageer binnen 48 uur schriftelijk naar de dader — uiterlijk" in after
    assert after.count("— uiterlijk") >= 2  # every action with its due moment, not only the letter
    letter = target.parent / "UTR-2026-0142_perpetrator_letter_ban.docx"
    assert f"Geschreven: {letter.resolve()}" in after and "Verstuur de brief, ondertekend, uiterlijk" in after
    text = "\n".join(p.text for p in docx.Document(str(letter)).paragraphs)
    assert 'Zoë "Bob" <Vos> 😀' in text and "alle publieksbalies" in text and "Annelies" not in text
    assert not (tmp_path / "draft.yaml").exists()


def test_an_answer_is_changed_by_its_number_and_new_questions_follow(tmp_path: Path) -> None:
    answers = [*incident_part(), *employee_and_employer(), *perpetrator_ban(), "", ""]  # no report, no damage
    review = len(answers)
    answers += [
        "4", "Publiekshal stadhuis",        # change the location
        "xx",                               # not a number: said so
        "",                                 # all correct
        "nee",                              # no documents now
    ]
    target = tmp_path / "c.yaml"
    result = run(["--out", str(target)], answers[:review] + answers[review:], tmp_path / "draft.yaml")
    assert result.exit_code == 0, result.output
    assert result.stdout.count("Controleer uw antwoorden") == 3
    assert "kies een nummer van 1 tot en met" in result.stdout
    assert load_case(target).incident.location == "Publiekshal stadhuis"
    assert f"U kunt ze later maken met: vpt letters {target} --out {tmp_path}" in result.stdout


def test_an_unknown_perpetrator_gets_no_letter_and_no_perpetrator_questions(tmp_path: Path) -> None:
    answers = [*incident_part(), *employee_and_employer(), "nee", "", ""]  # perpetrator unknown; no report, damage
    answers += [""]
    target = tmp_path / "c.yaml"
    result = run(["--out", str(target)], answers, tmp_path / "draft.yaml")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Naam van de dader" not in out and "Welke maatregel" not in out
    assert "De dader is onbekend: er gaat geen brief naar de dader." in out
    assert "Nu maken?" not in out
    assert "Wat moet er gebeuren:" in out
    assert list(tmp_path.glob("*.docx")) == []
    case = load_case(target)
    assert case.perpetrator.known is False and case.response is None


def test_ctrl_d_keeps_a_draft_that_resume_continues(tmp_path: Path) -> None:
    draft = tmp_path / "concept.yaml"
    target = tmp_path / "c.yaml"
    answers = [*incident_part(), *employee_and_employer(), *perpetrator_ban(), *report_and_damage(), "", "nee"]
    first = run(["--out", str(target)], answers[:15], draft)
    assert first.exit_code == 130
    assert first.stderr.strip() == (f"Gestopt. Uw antwoorden zijn bewaard als concept in {draft}. "
                                    "Ga verder met: vpt intake --resume")
    assert not target.exists()
    kept = yaml.safe_load(draft.read_text(encoding="utf-8"))["answers"]
    assert kept["case_id"] == "UTR/2026-0142" and kept["incident.location"] == "Stadskantoor & loket <3>"
    assert draft.stat().st_mode & 0o777 == 0o600

    fresh = CliRunner().invoke(main, ["intake", "--draft", str(draft), "--out", str(target)], input="")
    assert fresh.exit_code == 130
    assert f"Er staat een eerder concept klaar ({draft}); ga daarmee verder met: vpt intake --resume" in fresh.stdout
    assert fresh.stderr.strip() == "Gestopt; er was nog niets ingevuld."
    assert yaml.safe_load(draft.read_text(encoding="utf-8"))["answers"] == kept   # still there, unchanged

    resumed = run(["--resume", "--out", str(target)], answers[15:], draft)
    assert resumed.exit_code == 0, resumed.output
    assert "Verder met het concept: 13 antwoorden bewaard." in resumed.stdout
    assert load_case(target).perpetrator.prior_incidents == 2
    assert not draft.exists()


def test_ctrl_c_keeps_a_draft_and_exits_130(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    typed = iter(["UTR-9", f"{INCIDENT:%Y-%m-%d %H:%M}"])

    def prompt(text: str = "") -> str:
        try:
            return next(typed)
        except StopIteration:
            raise KeyboardInterrupt from None

    monkeypatch.setattr(click.termui, "visible_prompt_func", prompt)
    with pytest.raises(click.exceptions.Exit) as stopped:
        run_intake(tmp_path / "c.yaml", draft=tmp_path / "d.yaml")
    assert stopped.value.exit_code == 130
    assert "vpt intake --resume" in capsys.readouterr().err
    assert yaml.safe_load((tmp_path / "d.yaml").read_text(encoding="utf-8"))["answers"]["case_id"] == "UTR-9"


def test_resume_without_a_draft_is_exit_2(tmp_path: Path) -> None:
    result = run(["--resume"], [], tmp_path / "none.yaml")
    assert result.exit_code == 2
    assert result.stderr.strip() == f"--resume: er is geen concept om mee verder te gaan ({tmp_path / 'none.yaml'})"


def test_a_minor_perpetrator_gets_parents(tmp_path: Path) -> None:
    born = (INCIDENT - timedelta(days=365 * 14 + 30)).date()
    answers = [*incident_part(), *employee_and_employer(), "", "Kees", "", f"{born:%Y-%m-%d}", "", "",
               "Fatima El Amrani", "Lange Nieuwstraat 5", "3512 PA", "Utrecht",   # a parent with an address
               "Koen Jansen", "",                                                # at the child's address
               "",                                                               # no more parents
               "", "", "", "", "nee"]                        # warning; no report; no damage; review; no documents
    target = tmp_path / "minor.yaml"
    result = run(["--out", str(target)], answers, tmp_path / "d.yaml")
    assert result.exit_code == 0, result.output
    assert "De dader is minderjarig. Naam van een ouder of voogd (leeg = klaar)" in result.stdout
    reps = load_case(target).perpetrator.legal_representatives
    assert [r.name for r in reps] == ["Fatima El Amrani", "Koen Jansen"]
    assert reps[0].address is not None and reps[1].address is None


def test_the_file_name_is_asked_and_an_existing_file_not_overwritten_without_consent(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "UTR-2026-0142.yaml").write_text("oud")
    answers = [*incident_part(), *employee_and_employer(), *perpetrator_ban(), "", "", "",
               "", "nee", "nieuw.yaml", "nee"]
    result = run([], answers, tmp_path / "d.yaml")
    assert result.exit_code == 0, result.output
    assert "Bestandsnaam voor het zaakdossier [UTR-2026-0142.yaml]" in result.stdout
    assert "bestaat al. Overschrijven? (ja/nee)" in result.stdout
    assert (tmp_path / "UTR-2026-0142.yaml").read_text() == "oud"
    assert load_case(tmp_path / "nieuw.yaml").case_id == "UTR/2026-0142"


def test_the_intake_in_english(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--lang", "en", "intake", "--draft", str(tmp_path / "d"), "--out",
                                       str(tmp_path / "c.yaml")], input="X-1\nmorgen\n")
    assert result.exit_code == 130
    assert "Case number [VPT-" in result.stdout and "— The incident —" in result.stdout
    assert "That is not right: write date and time as 2026-11-20 14:30" in result.stdout
    assert "Continue with: vpt intake --resume" in result.stderr


@pytest.mark.parametrize(("answer", "value"), [("ja", True), ("J", True), ("yes", True), ("nee", False), ("n", False)])
def test_yes_no(answer: str, value: bool) -> None:
    assert check.yes_no(answer) is value


@pytest.mark.parametrize(("answer", "expected"), [
    ("3521az", "3521 AZ"), ("3521 AZ", "3521 AZ"), (" 9999zz ", "9999 ZZ"), ("b-1000", "B-1000"),
])
def test_postcodes(answer: str, expected: str) -> None:
    assert check.postcode(answer) == expected


@pytest.mark.parametrize("answer", ["0123 AB", "3521 SS", "12345", "3521", "AB 1234", "3521 A"])
def test_not_a_postcode(answer: str) -> None:
    with pytest.raises(Invalid, match="write a Dutch postcode as 1234 AB"):
        check.postcode(answer)


def _reason(function, answer: str) -> str:
    with pytest.raises(Invalid) as info:
        function(answer)
    return "; ".join(str(m) for _, m, _a in info.value.at)


def test_checks_give_dutch_reasons_and_english_on_request() -> None:
    assert _reason(check.yes_no, "misschien") == "antwoord met ja of nee"
    assert _reason(check.case_id, "zaak 12") == "gebruik 1 tot 64 letters, cijfers en . _ / - (geen spaties)"
    assert _reason(check.text(), "   ") == "dit mag niet leeg zijn"
    assert _reason(check.text(), "a\x07b") == "het antwoord bevat een onzichtbaar stuurteken"
    assert _reason(check.text(5), "zes te") == "het antwoord is langer dan 5 tekens (6)"
    assert _reason(check.day(), "20 mei") == "schrijf een datum als 2027-05-20 (of 20-05-2027)"
    assert _reason(check.day(), "1850-01-01") == "deze datum ligt vóór 1900"
    assert _reason(check.email, "a@b") == "dit is geen e-mailadres (naam@organisatie.nl)"
    assert _reason(check.money, "1.234,56") == "schrijf een bedrag in euro zoals 89,95 (zonder scheidingsteken voor duizendtallen)"
    assert _reason(check.count(), "-1") == "schrijf een geheel getal van 0 tot en met 1000"
    assert _reason(check.moment(NOW), f"{NOW + timedelta(days=1):%Y-%m-%d %H:%M}") == "dit moment ligt in de toekomst"
    assert _reason(check.iban, "NL00ABNA0123456789") == "is geen geldig IBAN: de controlecijfers kloppen niet (mod 97)"
    with use_language("en"):
        assert _reason(check.yes_no, "misschien") == "answer yes or no"
    assert check.money("89,95") == Decimal("89.95") and check.money("€ 12") == Decimal("12.00")
    assert check.email("a.b@gemeente.example.nl") == "a.b@gemeente.example.nl"
    assert check.choices({"a": "A", "b": "B"})("2, a") == ["b", "a"]
    assert check.moment(NOW)("2026-01-02 08.05").tzinfo is AMSTERDAM


def test_a_changed_answer_that_makes_a_later_one_wrong_asks_that_one_again(tmp_path: Path) -> None:
    answers = [*incident_part(), *employee_and_employer(), *perpetrator_ban(),
               "ja", f"{INCIDENT + timedelta(hours=2):%Y-%m-%d %H:%M}", "", "",   # report two hours after
               ""]                                                                # no damage
    later = INCIDENT + timedelta(hours=3)
    answers += ["2", f"{later:%Y-%m-%d %H:%M}",          # the incident was later: the report now lies before it
                f"{later:%Y-%m-%d %H:%M}",               # known to the employer: asked again
                f"{later + timedelta(hours=1):%Y-%m-%d %H:%M}",   # the report: asked again
                "", "nee"]
    target = tmp_path / "c.yaml"
    result = run(["--out", str(target)], answers, tmp_path / "d.yaml")
    assert result.exit_code == 0, result.output
    assert "Het eerdere antwoord" in result.stdout and "past niet meer; beantwoord de vraag opnieuw." in result.stdout
    case = load_case(target)
    assert case.incident.occurred_at == later and case.report.filed_at == later + timedelta(hours=1)


def test_the_intake_says_what_vpt_letters_would_warn(tmp_path: Path) -> None:
    answers = [*incident_part(), *employee_and_employer(), "", "Kees", "", "", "", "",   # no address
               "", "", "", "", ""]        # warning; no report; no damage; review; make the documents
    target = tmp_path / "c.yaml"
    result = run(["--out", str(target)], answers, tmp_path / "d.yaml")
    assert result.exit_code == 0, result.output
    assert "Let op: de dader heeft geen adres (perpetrator.address)" in result.stdout
    assert "Verstuur de brief, ondertekend, uiterlijk" in result.stdout
