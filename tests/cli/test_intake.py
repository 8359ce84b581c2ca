"""`vpt intake`: Dutch questions with defaults and checks, a valid case file, the letter at once."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from vpt_rules.api import load_case
from vpt_rules.cli import intake
from vpt_rules.cli.main import main
from vpt_rules.model.case import Anonymity, IncidentKind, Injury, Measure, Relation, Sector
from vpt_rules.model.values import AMSTERDAM

NOW = datetime.now(AMSTERDAM)
INCIDENT = (NOW - timedelta(days=1)).replace(hour=9, minute=15)
BAN_UNTIL = (NOW + timedelta(days=180)).date()


def answers_adult(make_letter: str = "") -> list[str]:
    return [
        "UTR/2026-0142",                                   # Zaaknummer
        "gisteren",                                        # bad: re-asked
        f"{INCIDENT:%d-%m-%Y %H:%M}",                      # incident
        "",                                                # known to employer: default = incident
        "Stadskantoor & loket <3>",                        # location
        'Klant riep "ik pak je" en gooide een stoel.',     # description
        "2,1,2",                                           # kinds: threat, verbal_abuse (duplicate dropped)
        "",                                                # in function: ja
        "",                                                # injury: none
        "Annelies de Vries",                               # victim name
        "Baliemedewerker Werk & Inkomen",                  # job title
        "",                                                # sector: municipality
        "",                                                # domicile choice: ja
        "3",                                               # anonymity: withheld
        "Gemeente Utrecht & Co",                           # employer name
        "Stadsplateau 1", "3521az", "Utrecht",             # employer address
        "F. Ćosić", "Adviseur Veilig Werken",              # contact
        "bel me", "030-1234567",                           # phone: bad, then good
        "geen", "veiligwerken@utrecht.example",            # e-mail: bad, then good
        "J. de Boer", "Afdelingshoofd Publiekszaken",      # signatory
        "",                                                # perpetrator known: ja
        'Zoë "Bob" <Vos> 😀',                              # perpetrator name
        "Oudegracht 12", "3511 AB", "Utrecht",             # perpetrator address
        "",                                                # date of birth unknown
        "1",                                               # relation: client
        "9",                                               # measure: bad number
        "2",                                               # measure: ban
        f"{INCIDENT - timedelta(days=3):%Y-%m-%d}",        # bad: before the incident
        f"{BAN_UNTIL:%Y-%m-%d}",                           # ban until
        "alle publieksbalies",                             # scope
        "",                                                # police report: nee
        make_letter,                                       # make the letter now: ja
    ]


def run(args: list[str], answers: list[str]) -> object:
    return CliRunner().invoke(main, ["intake", *args], input="\n".join(answers) + "\n")


def test_intake_writes_a_valid_case_and_the_letter(tmp_path: Path) -> None:
    target = tmp_path / "zaken" / "utr.yaml"
    result = run(["--out", str(target)], answers_adult())
    assert result.exit_code == 0, result.output + str(result.exception)
    out = result.stdout
    assert "Zaaknummer" in out and "Datum en tijd van het incident" in out
    assert out.count("Dat klopt niet") == 5
    assert "schrijf datum en tijd als" in out and "dit is geen e-mailadres" in out
    assert "kies een nummer van 1 tot en met 3" in out and "na de incidentdatum" in out

    case = load_case(target)
    assert case.case_id == "UTR/2026-0142"
    assert case.incident.occurred_at == INCIDENT.replace(second=0, microsecond=0)
    assert case.incident.known_to_employer_at == case.incident.occurred_at
    assert [k.value for k in case.incident.kinds] == ["threat", "verbal_abuse"]
    assert case.victim.anonymity == Anonymity.withheld and case.victim.sector == Sector.municipality
    assert case.employer.address.postcode == "3521 AZ"
    assert case.perpetrator.name == 'Zoë "Bob" <Vos> 😀'
    assert case.response is not None and case.response.measure == Measure.ban
    assert case.response.ban_until == BAN_UNTIL and case.response.ban_scope == "alle publieksbalies"
    assert case.report is None

    letter = target.parent / "UTR-2026-0142_perpetrator_letter_ban.docx"
    assert f"Brief geschreven: {letter}" in out and "Verstuur de brief uiterlijk" in out
    text = "\n".join(p.text for p in docx.Document(str(letter)).paragraphs)
    assert 'Zoë "Bob" <Vos> 😀' in text and "alle publieksbalies" in text
    assert "Annelies" not in text  # anonymity withheld


def test_intake_minor_with_parents_and_a_report_without_the_letter(tmp_path: Path) -> None:
    born = (INCIDENT - timedelta(days=365 * 14 + 30)).date()
    answers = answers_adult()
    dob = answers.index("Oudegracht 12") + 3  # from the date of birth onwards, other answers
    answers = answers[:dob] + [
        f"{born:%Y-%m-%d}",                     # date of birth: 14
        "",                                     # relation unknown
        "Fatima El Amrani", "Lange Nieuwstraat 5", "3512 PA", "Utrecht",   # a parent with an address
        "Koen Jansen", "",                      # a parent at the child's address
        "",                                     # no more parents
        "",                                     # measure: warning
        "ja",                                   # police report filed
        f"{INCIDENT + timedelta(hours=3):%Y-%m-%d %H:%M}",
        "2",                                    # filed by the employer
        "nee",                                  # no letter now
    ]
    target = tmp_path / "minor.yaml"
    result = run(["--out", str(target)], answers)
    assert result.exit_code == 0, result.output
    assert "De dader is minderjarig" in result.stdout
    assert "vpt letters" in result.stdout
    case = load_case(target)
    reps = case.perpetrator.legal_representatives
    assert [r.name for r in reps] == ["Fatima El Amrani", "Koen Jansen"]
    assert reps[0].address is not None and reps[1].address is None
    assert case.report is not None and case.report.filed_by.value == "employer"
    assert case.response is not None and case.response.measure == Measure.warning
    assert list(tmp_path.iterdir()) == [target]


def test_intake_asks_for_the_file_name_and_does_not_overwrite_without_consent(tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "UTR-2026-0142.yaml").write_text("oud")
    answers = answers_adult()[:-1] + ["", "nee", "nieuw.yaml", "nee"]
    result = run([], answers)
    assert result.exit_code == 0, result.output
    assert "Bestandsnaam voor het zaakdossier [UTR-2026-0142.yaml]" in result.stdout
    assert "bestaat al. Overschrijven?" in result.stdout
    assert (tmp_path / "UTR-2026-0142.yaml").read_text() == "oud"
    assert load_case(tmp_path / "nieuw.yaml").case_id == "UTR/2026-0142"


def test_intake_stopped_halfway_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "half.yaml"
    result = run(["--out", str(target)], answers_adult()[:8])
    assert result.exit_code != 0
    assert not target.exists()


def test_intake_future_incident_is_asked_again(tmp_path: Path) -> None:
    answers = answers_adult()
    answers.insert(2, f"{NOW + timedelta(days=2):%Y-%m-%d %H:%M}")
    result = run(["--out", str(tmp_path / "c.yaml")], answers)
    assert result.exit_code == 0, result.output
    assert "dit moment ligt in de toekomst" in result.stdout


@pytest.mark.parametrize(("answer", "value"), [("ja", True), ("J", True), ("nee", False), ("n", False)])
def test_yes_no(answer: str, value: bool) -> None:
    assert intake.yes_no(answer) is value


def test_checks_give_dutch_reasons() -> None:
    with pytest.raises(ValueError, match="ja of nee"):
        intake.yes_no("misschien")
    with pytest.raises(ValueError, match="letters, cijfers"):
        intake.case_id("zaak 12")
    with pytest.raises(ValueError, match="leeg"):
        intake.text()("   ")
    with pytest.raises(ValueError, match="stuurteken"):
        intake.text()("a\x07b")
    with pytest.raises(ValueError, match="langer dan 5"):
        intake.text(5)("zes te")
    with pytest.raises(ValueError, match="2027-05-20"):
        intake.day("20 mei")
    assert intake.postcode("3521az") == "3521 AZ" and intake.postcode("B-1000") == "B-1000"
    assert intake.choices(intake.KINDS_NL)("5, threat") == ["physical_violence", "threat"]
    assert intake.moment(NOW)("2026-01-02 08.05").tzinfo is AMSTERDAM


@pytest.mark.parametrize(("labels", "enum"), [
    (intake.KINDS_NL, IncidentKind), (intake.INJURY_NL, Injury), (intake.SECTOR_NL, Sector),
    (intake.ANONYMITY_NL, Anonymity), (intake.RELATION_NL, Relation), (intake.MEASURE_NL, Measure),
])
def test_every_choice_has_a_dutch_label(labels: dict[str, str], enum: type) -> None:
    assert list(labels) == [member.value for member in enum]
