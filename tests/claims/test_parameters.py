"""Data tables of smartengeld/: the bundled ones load with sources; broken ones are refused, naming file and field."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from vpt_rules import UserError
from vpt_rules.claims.parameters import PARAMETERS, ParameterGap, get_data, load_data
from vpt_rules.i18n import use_language
from vpt_rules.resources import bundled


@pytest.fixture(autouse=True)
def _english():
    """The words of these messages are checked in English (the Dutch texts: tests/i18n)."""
    with use_language("en"):
        yield

DATA = get_data()


def test_bundled_data_loads_with_a_source_and_confidence_for_every_value() -> None:
    assert set(DATA.parameters) == set(PARAMETERS)
    for parameter in DATA.parameters.values():
        assert parameter.description and parameter.reference
        for entry in parameter.entries:
            assert len(entry.source) > 3 and entry.confidence in ("H", "M", "L", "policy")
    assert len(DATA.awards) == 10 and DATA.cpi.latest == 2024
    assert all(a.reason for a in DATA.awards if a.amount == 0)
    assert set(DATA.files) == {f"{name}.yaml" for name in [*PARAMETERS, "awards", "cpi"]}
    assert len(DATA.digest) == 64


RATES = [("2007-01-01", "6", "H"), ("2009-07-01", "4", "H"), ("2010-01-01", "3", "H"), ("2011-07-01", "4", "H"),
         ("2012-07-01", "3", "H"), ("2015-01-01", "2", "H"), ("2023-01-01", "4", "H"), ("2023-07-01", "6", "H"),
         ("2024-01-01", "7", "H"), ("2025-01-01", "6", "M"), ("2026-01-01", "4", "M")]


def test_statutory_interest_rates_are_domain_s_with_their_confidence() -> None:
    rates = DATA["statutory_interest"]
    got = [(e.start.isoformat(), str(e.value), e.confidence) for e in rates.entries]
    assert got == RATES


@pytest.mark.parametrize(("start", "rate", "confidence"), RATES)
def test_rate_on_the_day_before_and_the_day_of_each_change(start: str, rate: str, confidence: str) -> None:
    rates = DATA["statutory_interest"]
    day = date.fromisoformat(start)
    assert rates.on(day) == Decimal(rate)
    assert rates.entry(day).confidence == confidence
    if day.year > 2007:
        assert rates.on(date.fromordinal(day.toordinal() - 1)) != Decimal(rate)


def test_no_rate_before_2007_is_an_error_naming_the_file() -> None:
    with pytest.raises(ParameterGap) as info:
        DATA["statutory_interest"].on(date(2006, 12, 31))
    assert "statutory_interest.yaml" in str(info.value) and "2007-01-01" in str(info.value)


def test_values_by_date() -> None:
    assert DATA["kantonrechter_limit"].on(date(2011, 7, 1)) == Decimal("25000")
    with pytest.raises(ParameterGap):
        DATA["kantonrechter_limit"].on(date(2011, 6, 30))
    assert DATA["state_advance_full"].on(date(2010, 12, 31)) is None
    assert DATA["state_advance_full"].on(date(2011, 1, 1)) is True
    assert DATA["state_advance_cap"].on(date(2015, 12, 31)) is None
    assert DATA["state_advance_cap"].on(date(2016, 1, 1)) == Decimal("5000")
    assert DATA["state_advance_wait"].on(date(2020, 1, 1)) == 8
    assert DATA["schadefonds_term"].on(date(2016, 7, 1)) == 10
    with pytest.raises(ParameterGap):
        DATA["schadefonds_term"].on(date(2016, 6, 30))
    categories = DATA["schadefonds_categories"].on(date(2026, 1, 1))
    assert {k: str(v) for k, v in categories.items()} == {
        "1": "1000.00", "2": "2500.00", "3": "5000.00", "4": "10000.00", "5": "20000.00", "6": "35000.00",
        "relatives": "5000.00"}
    caps = DATA["schadefonds_caps"].on(date(2012, 1, 1))
    assert {k: str(v) for k, v in caps.items()} == {"material": "25000.00", "immaterial": "10000.00",
                                                    "total": "35000.00"}


@pytest.mark.parametrize(
    ("principal", "costs"),
    [
        ("0.01", "40.00"), ("100.00", "40.00"), ("266.66", "40.00"), ("266.67", "40.00"), ("300.00", "45.00"),
        ("2500.00", "375.00"), ("2500.01", "375.00"), ("2510.00", "376.00"),
        ("5000.00", "625.00"), ("5010.00", "625.50"),
        ("10000.00", "875.00"), ("10100.00", "876.00"),
        ("200000.00", "2775.00"), ("200100.00", "2775.50"),
        ("999999.99", "6775.00"), ("1000000.00", "6775.00"), ("5000000.00", "6775.00"),
    ],
)
def test_collection_cost_scale_at_each_boundary(principal: str, costs: str) -> None:
    scale = DATA["collection_costs"].on(date(2012, 7, 1))
    assert scale.amount(Decimal(principal)) == Decimal(costs)


def test_collection_cost_scale_not_before_1_july_2012() -> None:
    assert DATA["collection_costs"].on(date(2012, 6, 30)) is None


def test_data_folder_of_an_organisation(tmp_path: Path) -> None:
    folder = copy_data(tmp_path)
    (folder / "kantonrechter_limit.yaml").write_text(
        (folder / "kantonrechter_limit.yaml").read_text().replace('"25000"', '"30000"'))
    assert get_data(folder)["kantonrechter_limit"].on(date(2026, 1, 1)) == Decimal("30000")
    assert get_data(folder).digest != DATA.digest


def copy_data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(bundled("data"), folder)
    return folder


RATE_FILE = """description: "Wettelijke rente"
reference: "Art. 6:119 BW"
unit: percent
before_first: unknown
values:
  2007-01-01: {value: "6", source: "Staatsblad", confidence: H}
  2009-07-01: {value: "4", source: "Staatsblad", confidence: H}
"""


@pytest.mark.parametrize(
    ("name", "text", "words"),
    [
        ("statutory_interest", RATE_FILE.replace('value: "4"', 'value: "vier"'),
         ["statutory_interest.yaml: values.2009-07-01.value", "must be a number"]),
        ("statutory_interest", RATE_FILE.replace('value: "4"', 'value: "140"'),
         ["values.2009-07-01.value", "at most 100"]),
        ("statutory_interest", RATE_FILE.replace('value: "4"', 'value: "-1"'),
         ["values.2009-07-01.value", "at least 0"]),
        ("statutory_interest", RATE_FILE.replace('source: "Staatsblad", confidence: H}\n', 'sourc: "x", confidence: H}\n'),
         ["statutory_interest.yaml: values.2009-07-01.sourc", "unknown key"]),
        ("statutory_interest", RATE_FILE.replace(', confidence: H}\n', '}\n'),
         ["values.2009-07-01.confidence", "is required"]),
        ("statutory_interest", RATE_FILE.replace("confidence: H}\n", "confidence: X}\n"),
         ["values.2009-07-01.confidence", "allowed: H, M, L, policy"]),
        ("statutory_interest", RATE_FILE.replace("2009-07-01", "2009-13-01"),
         ["statutory_interest.yaml: values.2009-13-01", "not a real date"]),
        ("statutory_interest", RATE_FILE.replace("2009-07-01", "2006-07-01"),
         ["values.2006-07-01", "keep the dates in order"]),
        ("statutory_interest", RATE_FILE.replace("unit: percent", "unit: EUR"),
         ["statutory_interest.yaml: unit", "must be percent"]),
        ("statutory_interest", RATE_FILE.replace("unit: percent", "unit: euro"), ["statutory_interest.yaml: unit"]),
        ("statutory_interest", RATE_FILE.replace("before_first: unknown\n", ""), ["before_first", "is required"]),
        ("statutory_interest", RATE_FILE + "extra: 1\n", ["statutory_interest.yaml: extra", "unknown key"]),
        ("statutory_interest", RATE_FILE.replace("  2009-07-01", "  2007-01-01"),
         ["statutory_interest.yaml: line 7", "duplicate key '2007-01-01'"]),
        ("statutory_interest", "- a list\n", ["statutory_interest.yaml", "mapping"]),
        ("schadefonds_term", RATE_FILE.replace("unit: percent", "unit: years").replace('value: "4"', 'value: "10"')
         .replace('value: "6"', "value: 3"), ["schadefonds_term.yaml: values.2009-07-01.value", "whole number"]),
        ("schadefonds_caps", RATE_FILE.replace("unit: percent", "unit: EUR_table")
         .replace('value: "6"', 'value: {material: "25000"}').replace('value: "4"', 'value: {material: "x"}'),
         ["schadefonds_caps.yaml: values.2009-07-01.value.material", "must be a number"]),
        ("collection_costs", (bundled("data") / "collection_costs.yaml").read_text()
         .replace('{up_to: "5000", percent: "10"}', '{up_to: "2000", percent: "10"}'),
         ["collection_costs.yaml: values.2012-07-01.value.brackets", "must rise"]),
        ("collection_costs", (bundled("data") / "collection_costs.yaml").read_text()
         .replace('{up_to: "5000", percent: "10"}', '{up_to: null, percent: "10"}'),
         ["collection_costs.yaml: values.2012-07-01.value.brackets", "only the last band"]),
        ("collection_costs", (bundled("data") / "collection_costs.yaml").read_text()
         .replace('percent: "15"', 'percnt: "15"'),
         ["collection_costs.yaml: values.2012-07-01.value.brackets.0.percnt", "unknown key"]),
        ("collection_costs", (bundled("data") / "collection_costs.yaml").read_text()
         .replace('maximum: "6775"', 'maximum: "6.775,00"'),
         ["collection_costs.yaml: values.2012-07-01.value.maximum", "decimal point"]),
        ("awards", (bundled("data") / "awards.yaml").read_text().replace("injury: hospital", "injury: bruised", 1),
         ["awards.yaml: awards.0.injury", "unknown value 'bruised'"]),
        ("awards", (bundled("data") / "awards.yaml").read_text().replace('amount: "40000.00"', 'amount: "-5"', 1),
         ["awards.yaml: awards.0.amount", "negative"]),
        ("awards", (bundled("data") / "awards.yaml").read_text().replace('amount: "40000.00"', 'amount: "0.00"', 1),
         ["awards.yaml: awards.0.reason", "rejection"]),
        ("cpi", (bundled("data") / "cpi.yaml").read_text().replace('2010: "597.9"', '2010: "-597.9"'),
         ["cpi.yaml: values.2010", "must be more than 0"]),
    ],
)
def test_broken_data_file_is_refused(tmp_path: Path, name: str, text: str, words: list[str]) -> None:
    folder = copy_data(tmp_path)
    (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as info:
        load_data(folder)
    message = str(info.value)
    for word in words:
        assert word in message, message


def test_missing_and_unknown_files_are_named(tmp_path: Path) -> None:
    folder = copy_data(tmp_path)
    (folder / "statutory_interest.yaml").rename(folder / "statutory_intrest.yaml")
    with pytest.raises(UserError) as info:
        load_data(folder)
    lines = [str(p) for p in info.value.problems]
    assert any("statutory_interest.yaml: missing" in line for line in lines)
    assert any("statutory_intrest.yaml: unknown data file" in line for line in lines)


def test_every_problem_at_once(tmp_path: Path) -> None:
    folder = copy_data(tmp_path)
    (folder / "statutory_interest.yaml").write_text(RATE_FILE.replace('"4"', '"x"').replace('"6"', '"y"'))
    (folder / "cpi.yaml").write_text("values: {}\n")
    with pytest.raises(UserError) as info:
        load_data(folder)
    assert len(info.value.problems) >= 3


def test_no_such_data_folder(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="no such folder"):
        get_data(tmp_path / "nope")
