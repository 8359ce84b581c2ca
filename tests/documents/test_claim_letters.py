"""The claim documents as they go out: payment term and account, objection, only chosen amounts."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from docx_text import text_of
from test_privacy import CASE

from vpt_rules import evaluate, load_case, render_documents

AS_OF = "2026-11-21T09:00:00+01:00"


def _case(**employer: Any) -> dict[str, Any]:
    data = copy.deepcopy(CASE)
    data["victim"].update(anonymity="none")
    data["employer"].update(employer)
    data["damages"]["immaterial"] = {"days_incapacitated": 2, "recovery": "full"}  # suggested only
    return data


def _texts(data: dict[str, Any], out: Path) -> dict[str, str]:
    case = load_case(data)
    written = render_documents(case, evaluate(case, as_of=AS_OF), out)
    return {p.stem.removeprefix(f"{data['case_id']}_"): text_of(p) for p in written}


def test_the_liability_letter_asks_payment_to_the_iban_within_14_days(tmp_path: Path) -> None:
    letter = _texts(_case(iban="NL91ABNA0417164300"), tmp_path)["liability_letter"]
    assert "binnen 14 dagen, uiterlijk op 5 december 2026, over te maken op rekening NL91 ABNA 0417 1643 00" in letter
    assert "ten name van Gemeente Arnhem, onder vermelding van ons kenmerk ARN-2026-0077" in letter
    assert "Betaalt u niet uiterlijk op 5 december 2026, dan loopt die rente door" in letter
    assert "Bent u het niet eens met deze aansprakelijkstelling? Laat het ons dan vóór 5 december 2026" in letter


def test_the_organisation_sets_its_own_term_and_without_iban_names_the_contact(tmp_path: Path) -> None:
    letter = _texts(_case(payment_term_days=30), tmp_path)["liability_letter"]
    assert "binnen 30 dagen, uiterlijk op 21 december 2026, te betalen" in letter
    assert "Neem voor de betaling contact op met P. Bakker" in letter


def test_a_suggested_smartengeld_never_goes_out(tmp_path: Path) -> None:
    texts = _texts(_case(), tmp_path)
    for name in ("liability_letter", "injured_party_claim", "damage_statement"):
        assert "Smartengeld" not in texts[name] and "smartengeld (imm" not in texts[name], name
        assert "€\xa0120,00" in texts[name]  # the chosen item is there


def test_a_chosen_smartengeld_goes_out(tmp_path: Path) -> None:
    data = _case()
    data["damages"]["immaterial"]["claimed_amount"] = "450.00"
    texts = _texts(data, tmp_path)
    assert "Smartengeld (immateriële schade)" in texts["injured_party_claim"]
    assert "€\xa0450,00" in texts["injured_party_claim"]


def test_vpt_letters_warns_and_prints_absolute_paths(tmp_path: Path, monkeypatch) -> None:
    import yaml
    from click.testing import CliRunner

    from vpt_rules.cli.main import main

    data = _case()
    del data["perpetrator"]["address"]
    data["incident"]["occurred_at"] = data["incident"]["known_to_employer_at"] = "2026-11-10T10:00:00+01:00"
    data["report"]["filed_at"] = "2026-11-10T13:00:00+01:00"
    data["damages"]["items"][0]["incurred_on"] = "2026-11-10"
    source = tmp_path / "zaak.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["letters", "zaak.yaml", "--out", "brieven", "--as-of", AS_OF])
    assert result.exit_code == 0, result.stderr
    paths = result.stdout.split()
    assert paths and all(Path(p).is_absolute() and Path(p).is_file() for p in paths)
    assert "de dader heeft geen adres (perpetrator.address)" in result.stderr
    assert "de termijn voor de brief aan de dader is verstreken op donderdag 12 november 2026 10:00" in result.stderr
    assert "smartengeld staat niet in de documenten: er is alleen een voorstel" in result.stderr


def _pdf_pages(path: Path) -> int:
    import re

    return len(re.findall(rb"/Type\s*/Page[^s]", path.read_bytes()))


def test_every_perpetrator_letter_of_the_examples_fits_on_one_a4_page(tmp_path: Path) -> None:
    import shutil

    import pytest
    from paths import ROOT

    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        pytest.skip("LibreOffice is not installed (.ci/run installs it)")
    for example in sorted((ROOT / "vpt_rules" / "examples").glob("*.yaml")):
        case = load_case(example)
        outcome = evaluate(case, as_of=AS_OF)
        letters = [d for d in outcome.documents if d.startswith("perpetrator_letter")]
        written = render_documents(case, outcome, tmp_path / example.stem, pdf=True, documents=letters)
        pdfs = [p for p in written if p.suffix == ".pdf"]
        assert pdfs, example.name
        for pdf in pdfs:
            assert _pdf_pages(pdf) == 1, pdf.name
            assert b"/MediaBox [0 0 595" in pdf.read_bytes() or b"/MediaBox[0 0 595" in pdf.read_bytes()  # A4
