"""The bad-input corpus: every file gets exit 2, a message that names the problem, no traceback, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from paths import BAD_CASES

from vpt_rules.cli.main import main

CORPUS = BAD_CASES
AS_OF = "2026-11-23T12:00:00+01:00"

EXPECTED = {
    "empty.yaml": ["het bestand is leeg"],
    "list_not_mapping.yaml": ["een zaakdossier moet bestaan uit sleutels met waarden (key: waarde), niet een lijst"],
    "wrong_types.yaml": ["incident.in_function: moet true of false zijn (ja = true, nee = false), niet 'ja'",
                         "perpetrator.prior_incidents: moet een geheel getal zijn, niet 'twee'"],
    "unknown_keys.yaml": ["victim.email: onbekende sleutel; hier toegestaan: anonymity, date_of_birth,",
                          "incident.weather: onbekende sleutel"],
    "unknown_enums.yaml": ["victim.sector: onbekende waarde 'bank'; toegestaan: police, boa,",
                           "incident.injury: onbekende waarde 'broken'; toegestaan: none, minor, medical_treatment"],
    "impossible_dates.yaml": ["incident.occurred_at: is geen bestaand tijdstip (ISO 8601): '2026-02-30T10:00:00'",
                              "victim.date_of_birth: is geen bestaande datum: '1985-00-10'"],
    "negative_money.yaml": ["damages.items.0.amount: mag niet negatief zijn"],
    "contradictions.yaml": ["incident.known_to_employer_at: ligt vóór incident.occurred_at",
                            "response.ban_until: is verplicht als measure ban is (toegangsverbod)",
                            "report.filed_at: is verplicht als status filed is (aangifte gedaan)"],
    "known_without_name.yaml": ["perpetrator.name: is verplicht als perpetrator.known true is (dader bekend)"],
    "in_the_future.yaml": ["incident.occurred_at: ligt na het moment van beoordelen 2026-11-23T12:00:00+01:00"],
    "alias_bomb.yaml": ["ankers (&naam) zijn niet toegestaan"],
    "deep_nesting.yaml": ["dieper genest dan 32 niveaus"],
    "duplicate_key.yaml": ["sleutel 'case_id' staat er twee keer in"],
    "not_yaml.yaml": ["geen geldige YAML"],
    "binary_garbage.yaml": ["geen UTF-8-tekst"],
}


def test_the_corpus_is_complete() -> None:
    assert sorted(p.name for p in CORPUS.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_case_file(name: str, tmp_path: Path) -> None:
    path = CORPUS / name
    result = CliRunner().invoke(main, ["evaluate", str(path), "--as-of", AS_OF])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    for words in EXPECTED[name]:
        assert any(words in line for line in lines), (words, lines)
    assert all(line.startswith(str(path)) for line in lines)
    assert len(lines) >= len(EXPECTED[name])


def test_ten_megabyte_string(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text("case_id: '" + "x" * 10_000_000 + "'\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", str(path)])
    assert result.exit_code == 2
    assert "groter dan 1.000.000 bytes" in result.stderr


def test_ten_megabyte_json_line_on_stdin() -> None:
    line = '{"case_id": "' + "x" * 10_000_000 + '"}\n'
    result = CliRunner().invoke(main, ["evaluate", "-"], input=line)
    assert result.exit_code == 2
    assert result.stderr.startswith("-:1: groter dan")


@pytest.mark.parametrize(("name", "english"), [
    ("wrong_types.yaml", ["incident.in_function: must be true or false, not 'ja'",
                          "perpetrator.prior_incidents: must be a whole number, not 'twee'"]),
    ("unknown_keys.yaml", ["victim.email: unknown key; allowed here: anonymity,"]),
    ("unknown_enums.yaml", ["victim.sector: unknown value 'bank'; allowed: police, boa,"]),
    ("contradictions.yaml", ["response.ban_until: is required when measure is ban"]),
    ("empty.yaml", ["the file is empty"]),
])
def test_bad_case_file_in_english(name: str, english: list[str]) -> None:
    result = CliRunner().invoke(main, ["evaluate", "--lang", "en", str(CORPUS / name), "--as-of", AS_OF])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    for words in english:
        assert any(words in line for line in lines), (words, lines)
