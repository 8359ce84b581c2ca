"""The claim (SPEC §4): statutory interest against an independent day-by-day computation, smartengeld,
routes with their amounts, the JSON shape and the ``vpt claim`` command."""

from __future__ import annotations

import copy
import json
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from docx_text import text_of
from hypothesis import given, settings
from hypothesis import strategies as st
from paths import CASES, ROOT

from vpt_rules import UserError, compute_claim, load_case
from vpt_rules.claims.claim import collection_costs
from vpt_rules.claims.interest import statutory_interest
from vpt_rules.claims.parameters import get_data
from vpt_rules.cli.main import main
from vpt_rules.model.loading import load_file
from vpt_rules.resources import bundled
from vpt_rules.rules.loader import load_rulesets

BASE = load_file(CASES / "_base.yaml")
DATA = get_data()
RATES = DATA["statutory_interest"]
AS_OF = "2027-06-01T12:00:00+02:00"

# ---- an independent, straightforward computation: one day at a time, exact fractions ------------------

DOMAIN_RATES = [(date(2007, 1, 1), 6), (date(2009, 7, 1), 4), (date(2010, 1, 1), 3), (date(2011, 7, 1), 4),
                (date(2012, 7, 1), 3), (date(2015, 1, 1), 2), (date(2023, 1, 1), 4), (date(2023, 7, 1), 6),
                (date(2024, 1, 1), 7), (date(2025, 1, 1), 6), (date(2026, 1, 1), 4)]


def rate_on(day: date) -> int:
    return [rate for start, rate in DOMAIN_RATES if start <= day][-1]


def half_up(value: Fraction) -> Fraction:
    """Round a non-negative amount to cents, half up."""
    return Fraction(int(value * 100 + Fraction(1, 2)), 100)


def anniversary(start: date, years: int) -> date:
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February in a common year: 28 February
        return date(start.year + years, 2, 28)


def reference_interest(principal: str, start: date, end: date) -> Decimal:
    """Every day from start up to end (not counted) earns principal x rate / 365; on each anniversary the
    year's interest, rounded half up to cents, joins the principal."""
    base = Fraction(Decimal(principal))
    year_interest = Fraction(0)
    total = Fraction(0)
    anniversaries = {anniversary(start, n) for n in range(1, 60)}
    day = start
    while day < end:
        if day in anniversaries:
            year_interest = half_up(year_interest)
            base += year_interest
            total += year_interest
            year_interest = Fraction(0)
        year_interest += base * rate_on(day) / 100 / 365
        day += timedelta(days=1)
    if end in anniversaries:
        year_interest = half_up(year_interest)
    total += half_up(year_interest)
    return Decimal(total.numerator) / Decimal(total.denominator)


def interest(principal: str, start: date, end: date) -> Decimal:
    return statutory_interest(Decimal(principal), start, end, RATES).amount


# ---- statutory interest ----------------------------------------------------------------------------------


def test_one_year_at_7_percent_in_a_leap_year_is_366_days_over_365() -> None:
    # 1000 x 7% x 366/365 = 70.1917…: the anniversary falls on the end day, so it is the year's interest.
    assert interest("1000.00", date(2024, 1, 1), date(2025, 1, 1)) == Decimal("70.19")


def test_capitalisation_after_a_year() -> None:
    # Year 1 (2024, 7%): 70.19; year 2 on 1070.19 at 6% for 365 days: 64.2114 -> 64.21; total 134.40.
    assert interest("1000.00", date(2024, 1, 1), date(2026, 1, 1)) == Decimal("134.40")
    result = statutory_interest(Decimal("1000.00"), date(2024, 1, 1), date(2026, 1, 1), RATES)
    assert [(p.start.isoformat(), str(p.principal)) for p in result.periods] == [
        ("2024-01-01", "1000.00"), ("2025-01-01", "1070.19")]


def test_rounding_is_half_up() -> None:
    # 91.25 x 2% x 1/365 = 0.005 exactly: half up gives a cent (half even would give none).
    assert interest("91.25", date(2016, 3, 1), date(2016, 3, 2)) == Decimal("0.01")


def test_across_every_rate_change_equals_the_day_by_day_computation() -> None:
    start, end = date(2007, 1, 1), date(2026, 11, 30)
    assert interest("12345.67", start, end) == reference_interest("12345.67", start, end)
    periods = statutory_interest(Decimal("12345.67"), start, end, RATES).periods
    assert {p.start for p in periods} >= {s for s, _ in DOMAIN_RATES}
    assert {p.rate for p in periods} == {Decimal(r) for r in (2, 3, 4, 6, 7)}


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2009, 6, 30), date(2009, 7, 2)),      # one day on each side of a change
        (date(2011, 12, 31), date(2013, 1, 1)),     # a leap year inside one interest year
        (date(2015, 3, 1), date(2016, 3, 1)),       # a full year that holds 29 February 2016
        (date(2023, 6, 15), date(2025, 6, 15)),     # four rates in two years
        (date(2023, 12, 31), date(2024, 1, 1)),     # one day
        (date(2026, 1, 1), date(2030, 1, 1)),       # after the last known rate
    ],
)
def test_periods_equal_the_day_by_day_computation(start: date, end: date) -> None:
    assert interest("2500.00", start, end) == reference_interest("2500.00", start, end)


def test_start_on_29_february_has_anniversaries_on_28_february_in_common_years() -> None:
    start, end = date(2024, 2, 29), date(2029, 3, 15)
    result = statutory_interest(Decimal("1000.00"), start, end, RATES)
    year_starts = sorted({p.start for p in result.periods if p.principal != Decimal("1000.00")}
                         | {start})
    assert date(2025, 2, 28) in year_starts and date(2026, 2, 28) in year_starts
    assert date(2028, 2, 29) in year_starts and date(2027, 2, 28) in year_starts
    assert date(2029, 2, 28) in year_starts
    assert result.amount == reference_interest("1000.00", start, end)


def test_no_interest_for_nothing_or_no_time() -> None:
    assert interest("0.00", date(2020, 1, 1), date(2021, 1, 1)) == Decimal("0.00")
    assert interest("100.00", date(2020, 1, 1), date(2020, 1, 1)) == Decimal("0.00")


@settings(max_examples=150, deadline=None)
@given(
    start=st.dates(min_value=date(2007, 1, 1), max_value=date(2026, 12, 31)),
    days=st.integers(min_value=0, max_value=4000),
    cents_=st.integers(min_value=1, max_value=10_000_000),
)
def test_any_period_equals_the_day_by_day_computation(start: date, days: int, cents_: int) -> None:
    principal = f"{Decimal(cents_) / 100:.2f}"
    end = start + timedelta(days=days)
    assert interest(principal, start, end) == reference_interest(principal, start, end)


def test_collection_costs_on_a_date() -> None:
    assert collection_costs(Decimal("2500.00"), date(2020, 1, 1), DATA) == Decimal("375.00")
    assert collection_costs(Decimal("2500.00"), date(2012, 6, 30), DATA) is None


# ---- the claim of a case -----------------------------------------------------------------------------------


def case_data(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    data["incident"]["occurred_at"] = "2025-03-10T14:30:00+01:00"
    data["damages"] = {"items": [
        {"party": "employee", "kind": "medical_costs", "amount": "120.50", "incurred_on": "2025-03-12",
         "description": "Fysiotherapie"},
        {"party": "employee", "kind": "property", "amount": "200.00", "reimbursed": "50.00",
         "incurred_on": "2025-03-10", "description": "Bril"},
        {"party": "employer", "kind": "wage_continuation", "amount": "2140.00", "incurred_on": "2025-04-01",
         "description": "Doorbetaald loon"},
        {"party": "employer", "kind": "replacement_staff", "amount": "640.00", "incurred_on": "2025-05-15",
         "description": "Inhuur vervanger"},
    ], "immaterial": {"days_incapacitated": 7, "recovery": "full", "claimed_amount": "750.00"}}
    for key, value in changes.items():
        data[key] = value
    return data


def test_items_net_of_reimbursement_with_interest_from_their_own_day() -> None:
    claim = compute_claim(case_data(), as_of=AS_OF)
    end = date(2027, 6, 1)
    employee = claim.parties["employee"]
    fysio, bril = employee.items
    assert (fysio.net, bril.net) == (Decimal("120.50"), Decimal("150.00"))
    assert fysio.interest.amount == reference_interest("120.50", date(2025, 3, 12), end)
    assert bril.interest.amount == reference_interest("150.00", date(2025, 3, 10), end)
    assert employee.immaterial.basis == "claimed" and employee.immaterial.amount == Decimal("750.00")
    assert employee.immaterial.interest.amount == reference_interest("750.00", date(2025, 3, 10), end)
    assert employee.principal == Decimal("1020.50")
    employer = claim.parties["employer"]
    assert [i.interest.amount for i in employer.items] == [
        reference_interest("2140.00", date(2025, 4, 1), end), reference_interest("640.00", date(2025, 5, 15), end)]
    assert employer.immaterial.basis == "none" and employer.immaterial.amount == 0
    assert employer.total == employer.principal + employer.interest
    assert claim.total == employee.total + employer.total


def test_json_shape_money_as_strings_and_deterministic() -> None:
    claim = compute_claim(case_data(), as_of=AS_OF)
    out = claim.to_dict()
    assert list(out)[:5] == ["case_id", "as_of", "interest_to", "parties", "routes"]
    assert out["as_of"] == AS_OF and out["interest_to"] == "2027-06-01"
    assert set(out["parties"]) == {"employee", "employer"}
    for party in out["parties"].values():
        assert set(party) == {"items", "immaterial", "principal", "interest", "total"}
        for key in ("principal", "interest", "total"):
            assert isinstance(party[key], str) and len(party[key].split(".")[1]) == 2
    item = out["parties"]["employee"]["items"][1]
    assert item["amount"] == "200.00" and item["reimbursed"] == "50.00" and item["net"] == "150.00"
    assert item["interest_periods"][0] == {"from": "2025-03-10", "until": "2026-01-01", "days": 297, "rate": "6",
                                           "principal": "150.00", "interest": "7.32"}
    assert out["collection_costs"]["applicable"] is False and "vaststellingsovereenkomst" in out["collection_costs"]["reason"]
    assert out["total"] == f"{claim.total:.2f}"
    audit = out["audit"]
    assert audit["data_digest"] == DATA.digest and "statutory_interest.yaml" in audit["data_files"]
    assert audit["tool_version"] and audit["rules_digest"]
    assert "damages" in audit["rulesets"]
    assert compute_claim(case_data(), as_of=AS_OF).to_json() == claim.to_json()
    json.loads(claim.to_json())


def test_routes_with_amounts_and_dates() -> None:
    data = case_data(prosecution={"status": "summoned", "hearing_at": "2027-09-01T09:00:00+02:00"})
    claim = compute_claim(data, as_of=AS_OF)
    ids = [r.action.id for r in claim.routes]
    assert set(ids) == {"join_criminal_case", "request_compensation_order", "liability_letter", "wage_recourse",
                        "limitation_period"}
    join = claim.route("join_criminal_case")
    assert join.action.due.isoformat() == "2027-09-01T09:00:00+02:00"
    assert "7 werkdagen" in join.action.explanation and "requisitoir" in join.action.explanation
    assert join.amount == claim.total
    assert join.details == {"employee": f"{claim.parties['employee'].total:.2f}",
                            "employer": f"{claim.parties['employer'].total:.2f}"}
    letter = claim.route("liability_letter")
    assert letter.details == {"kantonrechter_limit": "25000.00", "within_limit": {"employee": True, "employer": True},
                              "employee": join.details["employee"], "employer": join.details["employer"]}
    text = claim.to_text()
    from vpt_rules.i18n.dutch import money
    assert f"Bedrag: werknemer {money(Decimal(join.details['employee']))}, werkgever" in text
    assert "kantonrechter" in letter.action.explanation
    wage = claim.route("wage_recourse")
    assert wage.details == {"items": [2]}
    assert wage.amount == claim.parties["employer"].items[0].total
    limitation = claim.route("limitation_period")
    assert limitation.action.due.isoformat() == "2030-03-10T23:59:59+01:00" and limitation.amount is None
    out = claim.to_dict()["routes"]
    assert [r["id"] for r in out] == ids and out[0]["amount"] is not None


def test_above_the_kantonrechter_limit() -> None:
    data = case_data()
    data["damages"]["items"][2]["amount"] = "30000.00"
    claim = compute_claim(data, as_of=AS_OF)
    assert claim.route("liability_letter").details["within_limit"] == {"employee": True, "employer": False}


def test_interest_before_2007_is_an_error_naming_the_item_and_the_file() -> None:
    data = case_data()
    data["incident"]["occurred_at"] = "2006-10-01T10:00:00+02:00"
    data["damages"]["items"][0]["incurred_on"] = "2006-11-01"
    with pytest.raises(UserError) as info:
        compute_claim(data, as_of=AS_OF)
    lines = [str(p) for p in info.value.problems]
    assert any(line.startswith("damages.items.0.incurred_on: 2006-11-01") and "statutory_interest.yaml" in line
               and "2007-01-01" in line for line in lines)
    assert any(line.startswith("incident.occurred_at: 2006-10-01") for line in lines)


def test_item_after_the_claim_date_is_an_error() -> None:
    data = case_data()
    data["damages"]["items"][0]["incurred_on"] = "2027-07-01"
    with pytest.raises(UserError, match=r"damages.items.0.incurred_on: ligt na de datum van de vordering 2027-06-01"):
        compute_claim(data, as_of=AS_OF)


# ---- smartengeld ------------------------------------------------------------------------------------------


def test_suggestion_from_the_most_similar_awards_indexed_with_the_cpi() -> None:
    data = case_data()
    del data["damages"]["immaterial"]["claimed_amount"]
    claim = compute_claim(data, as_of=AS_OF)
    immaterial = claim.parties["employee"].immaterial
    assert immaterial.basis == "suggested"
    suggestion = immaterial.suggestion
    assert len(suggestion.awards) == 3
    assert suggestion.index_year == 2024 and suggestion.cpi_latest_year == 2024  # 2027: latest CPI year
    # Minor physical violence, 7 days, full recovery: the Amsterdam award (minor, 7 days, full) is closest.
    first = suggestion.awards[0]
    assert first.award.ecli == "ECLI:NL:RBAMS:2020:7113" and first.distance == 0
    # 800 (2020) x 850.3 / 701.9 = 969.143…
    assert (first.from_year, first.to_year, first.indexed) == (2020, 2024, Decimal("969.14"))
    amounts = sorted(a.indexed for a in suggestion.awards)
    assert (suggestion.low, suggestion.amount, suggestion.high) == tuple(amounts)
    assert immaterial.amount == suggestion.amount
    assert immaterial.interest.start == date(2025, 3, 10)
    notes = " ".join(claim.notes)
    assert "voorstel" in notes and "CPI van 2027" in notes and "geïndexeerd naar 2024" in notes
    out = claim.to_dict()["parties"]["employee"]["immaterial"]["suggestion"]
    assert out["awards"][0]["index_from_year"] == 2020 and out["awards"][0]["indexed_amount"] == "969.14"


def test_suggestion_in_the_money_of_the_claim_year_when_the_cpi_has_it() -> None:
    data = case_data()
    data["incident"]["occurred_at"] = "2023-03-10T14:30:00+01:00"
    for item in data["damages"]["items"]:
        item["incurred_on"] = "2023-04-01"
    del data["damages"]["immaterial"]["claimed_amount"]
    claim = compute_claim(data, as_of="2024-06-01T12:00:00+02:00")
    suggestion = claim.parties["employee"].immaterial.suggestion
    assert suggestion.index_year == 2024
    assert not any("nog niet beschikbaar" in note for note in claim.notes)


def test_suggestion_only_from_awards_known_on_the_claim_date() -> None:
    data = case_data()
    data["incident"]["occurred_at"] = "2018-03-10T14:30:00+01:00"
    for item in data["damages"]["items"]:
        item["incurred_on"] = "2018-04-01"
    del data["damages"]["immaterial"]["claimed_amount"]
    claim = compute_claim(data, as_of="2019-01-01T12:00:00+01:00")
    suggestion = claim.parties["employee"].immaterial.suggestion
    assert all(a.award.date <= date(2019, 1, 1) for a in suggestion.awards)
    assert suggestion.index_year == 2019


def test_threat_without_injury_is_matched_with_threat_awards() -> None:
    data = case_data()
    data["incident"]["kinds"] = ["threat"]
    data["incident"]["injury"] = "none"
    data["damages"]["immaterial"] = {"recovery": "full"}
    suggestion = compute_claim(data, as_of=AS_OF).parties["employee"].immaterial.suggestion
    assert {a.award.amount for a in suggestion.awards} == {Decimal("0.00"), Decimal("350.00"), Decimal("600.00")}
    rejected = next(a for a in suggestion.awards if a.award.amount == 0)
    assert "aantasting in de persoon" in rejected.award.reason
    hof = next(a for a in suggestion.awards if a.award.amount == Decimal("600.00"))
    assert hof.award.ecli == "ECLI:NL:GHSHE:2020:1065" and hof.from_year == 2020  # indexed from the Hof's decision
    text = compute_claim(data, as_of=AS_OF).to_text()
    assert "ECLI:NL:GHSHE:2020:1065" in text and "ECLI:NL:RBDHA:2020:2766" in text and "afgewezen: Geen letsel" in text


def test_no_immaterial_section_no_smartengeld() -> None:
    data = case_data()
    del data["damages"]["immaterial"]
    immaterial = compute_claim(data, as_of=AS_OF).parties["employee"].immaterial
    assert immaterial.basis == "none" and immaterial.suggestion is None and immaterial.total == 0


# ---- State advance, Schadefonds -----------------------------------------------------------------------------


def convicted(judgment: str, kinds: list[str], **prosecution: Any) -> dict[str, Any]:
    data = case_data()
    data["incident"]["kinds"] = kinds
    data["prosecution"] = {"status": "convicted", "judgment_final_on": judgment, "compensation_order": True,
                           **prosecution}
    return data


def test_state_advance_is_unknown_without_the_awarded_amount() -> None:
    claim = compute_claim(convicted("2025-09-01", ["physical_violence"]), as_of=AS_OF)
    route = claim.route("claim_state_advance")
    assert route.action.actor == "employee"
    assert route.action.available_from.isoformat() == "2026-05-01T23:59:59+02:00"
    assert route.details["state_advance"] == "full" and route.details["basis"] == "unknown"
    assert route.amount is None and route.details["outstanding"] is None  # never estimated from the claim
    assert "niet bekend" in route.details["reason"] and "compensation_awarded" in route.details["reason"]
    assert route.details["cap"] is None and route.details["waiting_months"] == 8
    assert "CJIB schrijft het slachtoffer zelf aan" in route.details["cjib"]
    assert "rechtspersoon" in route.details["employer"]
    assert claim.to_dict()["routes"][[r.action.id for r in claim.routes].index("claim_state_advance")]["amount"] is None


def test_state_advance_full_is_the_unpaid_part_of_the_award() -> None:
    data = convicted("2025-09-01", ["physical_violence"], compensation_awarded="2400.00", compensation_paid="400.00")
    route = compute_claim(data, as_of=AS_OF).route("claim_state_advance")
    assert route.details["basis"] == "awarded" and route.amount == Decimal("2000.00")


def test_state_advance_capped_at_5000_from_the_unpaid_award() -> None:
    data = convicted("2025-09-01", ["threat"], compensation_awarded="8000.00", compensation_paid="1000.00")
    route = compute_claim(data, as_of=AS_OF).route("claim_state_advance")
    assert route.details["state_advance"] == "capped_5000" and route.details["basis"] == "awarded"
    assert route.details["outstanding"] == "7000.00" and route.details["cap"] == "5000.00"
    assert route.amount == Decimal("5000.00")
    small = convicted("2025-09-01", ["threat"], compensation_awarded="800.00", compensation_paid="100.00")
    assert compute_claim(small, as_of=AS_OF).route("claim_state_advance").amount == Decimal("700.00")


def test_state_advance_is_open_to_a_natural_person_employer() -> None:
    data = convicted("2025-09-01", ["physical_violence"], compensation_awarded="1200.00", compensation_paid="200.00")
    data["employer"]["legal_person"] = False
    route = compute_claim(data, as_of=AS_OF).route("claim_state_advance")
    assert route.amount == Decimal("1000.00")
    assert "geen rechtspersoon" in route.details["employer"] and "ook krijgen" in route.details["employer"]
    data["employer"]["legal_person"] = True
    assert "Geen voorschot voor de werkgever" in compute_claim(data, as_of=AS_OF).route(
        "claim_state_advance").details["employer"]


def test_no_state_advance_after_a_penalty_order() -> None:
    data = convicted("2025-09-01", ["physical_violence"], compensation_awarded="500.00")
    data["prosecution"]["status"] = "penalty_order"
    assert compute_claim(data, as_of=AS_OF).route("claim_state_advance") is None


@pytest.mark.parametrize(
    ("judgment", "kinds", "flag"),
    [
        ("2010-12-31", ["physical_violence"], "full"), ("2011-01-01", ["physical_violence"], "full"),
        ("2010-12-31", ["threat"], "none"),
        ("2015-12-31", ["threat"], "none"), ("2016-01-01", ["threat"], "capped_5000"),
        ("2015-12-31", ["serious_violence"], "full"),
    ],
)
def test_state_advance_on_both_sides_of_the_dates(judgment: str, kinds: list[str], flag: str) -> None:
    data = convicted(judgment, kinds)
    data["incident"]["occurred_at"] = "2010-06-01T10:00:00+02:00"
    for item in data["damages"]["items"]:
        item["incurred_on"] = "2010-07-01"
    claim = compute_claim(data, as_of=AS_OF)
    route = claim.route("claim_state_advance")
    assert (route.details["state_advance"] if route else "none") == flag


def test_violent_crimes_fund_categories_caps_and_term() -> None:
    data = case_data()
    data["incident"]["injury"] = "hospital"
    route = compute_claim(data, as_of=AS_OF).route("violent_crimes_fund")
    assert route.action.due.isoformat() == "2035-03-10T23:59:59+01:00"
    assert route.details["term_years"] == 10
    assert route.details["categories"]["1"] == "1000.00" and route.details["categories"]["6"] == "35000.00"
    assert route.details["caps"] == {"material": "25000.00", "immaterial": "10000.00", "total": "35000.00"}
    assert route.amount is None


def test_violent_crimes_fund_before_2012_has_no_known_amounts() -> None:
    data = case_data()
    data["incident"]["injury"] = "hospital"
    data["incident"]["occurred_at"] = "2011-03-10T14:30:00+01:00"
    for item in data["damages"]["items"]:
        item["incurred_on"] = "2011-04-01"
    route = compute_claim(data, as_of=AS_OF).route("violent_crimes_fund")
    assert route.details == {"categories": None, "caps": None, "term_years": None}
    assert route.action.due is None


# ---- the rules agree with the data ---------------------------------------------------------------------------


def test_dates_and_amounts_in_the_rules_match_the_data() -> None:
    rules = {r.id: r for f in load_rulesets(bundled("rules")).files for r in f.rules}

    def judgment_date(rule_id: str) -> date:
        cond = next(c for c in rules[rule_id].when if c.fact == "prosecution.judgment_final_on")
        return date.fromisoformat(str(cond.gte))

    assert judgment_date("damages.state_advance_full") == DATA["state_advance_full"].starts[0]
    assert judgment_date("damages.state_advance_capped") == DATA["state_advance_cap"].starts[0]
    wait = DATA["state_advance_wait"].entries[0].value
    for rule_id in ("damages.state_advance_full", "damages.state_advance_capped"):
        assert rules[rule_id].then.actions[0].available_from.months == wait
    assert "€ 5.000" in rules["damages.state_advance_capped"].then.actions[0].title
    assert DATA["state_advance_cap"].entries[0].value == Decimal("5000")
    fund = rules["damages.violent_crimes_fund"]
    assert fund.valid_from == DATA["schadefonds_term"].starts[0]
    assert fund.then.actions[0].due.years == DATA["schadefonds_term"].entries[0].value
    assert rules["damages.violent_crimes_fund_before_2016"].valid_to == date(2016, 6, 30)
    assert "€ 25.000" in rules["damages.liability_letter"].then.actions[0].explanation
    assert DATA["kantonrechter_limit"].entries[0].value == Decimal("25000")


# ---- vpt claim --------------------------------------------------------------------------------------------


def write(tmp_path: Path, data: dict[str, Any], name: str = "case.yaml") -> str:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return str(path)


def test_cli_claim_json(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["claim", write(tmp_path, case_data()), "--json", "--as-of", AS_OF])
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert out == json.loads(compute_claim(case_data(), as_of=AS_OF).to_json())


def test_cli_claim_table_is_dutch(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["claim", write(tmp_path, case_data()), "--as-of", AS_OF])
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    for word in ("Werknemer", "Werkgever", "Bedrag", "Vergoed", "Netto", "Rente", "Totaal", "Smartengeld (gevorderd)",
                 "€\xa02.140,00", "€\xa050,00", "niet van toepassing".capitalize()):
        assert word in text, word
    claim = compute_claim(case_data(), as_of=AS_OF)
    total = f"{claim.total:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    assert f"Totaal beide partijen: €\xa0{total}" in text


def test_cli_claim_several_cases_as_json_lines(tmp_path: Path) -> None:
    one = write(tmp_path, case_data(), "one.yaml")
    two = write(tmp_path, {**case_data(), "case_id": "TEST-0002"}, "two.yaml")
    result = CliRunner().invoke(main, ["claim", one, two, "--json", "--as-of", AS_OF])
    assert result.exit_code == 0, result.stderr
    assert [json.loads(line)["case_id"] for line in result.stdout.splitlines()] == ["TEST-0001", "TEST-0002"]


def test_cli_claim_bad_data_exit_2_naming_file_and_field(tmp_path: Path) -> None:
    import shutil
    folder = tmp_path / "data"
    shutil.copytree(bundled("data"), folder)
    path = folder / "statutory_interest.yaml"
    path.write_text(path.read_text().replace('{value: "7"', '{value: "zeven"'))
    result = CliRunner().invoke(main, ["claim", write(tmp_path, case_data()), "--data", str(folder),
                                       "--as-of", AS_OF])
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"{path}: values.2024-01-01.value: moet een getal zijn geschreven als \"6\" of "
                                     "\"0.5\", niet 'zeven'")


def test_cli_claim_bad_case_exit_2(tmp_path: Path) -> None:
    data = case_data()
    data["damages"]["items"][0]["amount"] = "-5"
    path = write(tmp_path, data)
    result = CliRunner().invoke(main, ["claim", path, "--as-of", AS_OF])
    assert result.exit_code == 2
    assert f"{path}: damages.items.0.amount: mag niet negatief zijn" in result.stderr


def test_example_case_claims() -> None:
    case = load_case(ROOT / "vpt_rules" / "examples" / "conductor_assault_claim.yaml")
    claim = compute_claim(case, as_of="2025-06-01T10:00:00+02:00")
    assert claim.route("join_criminal_case").action.due.isoformat() == "2025-09-18T09:00:00+02:00"
    assert claim.total > 0


# ---- the claim documents --------------------------------------------------------------------------------


def test_claim_documents_render_verbatim_and_refuse_the_victims_name(tmp_path: Path) -> None:


    from vpt_rules import evaluate
    from vpt_rules.documents.registry import registered_documents
    from vpt_rules.documents.render import render_documents

    assert {"liability_letter", "injured_party_claim", "damage_statement"} <= set(registered_documents())
    data = case_data(prosecution={"status": "summoned", "hearing_at": "2027-09-01T09:00:00+02:00"})
    data["victim"]["anonymity"] = "withheld"
    data["damages"]["items"][0]["description"] = "Fysio & <A. de Vries> \"spoed\" 😀"
    case = load_case(data)
    outcome = evaluate(case, as_of=AS_OF)
    with pytest.raises(UserError, match=r"liability_letter: damages.items.\*.description: .*victim.name"):
        render_documents(case, outcome, tmp_path, documents=["liability_letter"])
    assert list(tmp_path.iterdir()) == []
    data["damages"]["items"][0]["description"] = "Fysio & <praktijk> \"spoed\" 😀"
    case = load_case(data)
    outcome = evaluate(case, as_of=AS_OF)
    written = render_documents(case, outcome, tmp_path,
                               documents=["liability_letter", "injured_party_claim", "damage_statement"])
    assert [p.name for p in written] == ["TEST-0001_liability_letter.docx", "TEST-0001_injured_party_claim.docx",
                                         "TEST-0001_damage_statement.docx"]
    claim = compute_claim(case, as_of=AS_OF)
    total = f"{claim.total:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    for path in written:
        text = text_of(path)
        assert "A. de Vries" not in text and "Lindenlaan" not in text
        assert "Fysio & <praktijk> \"spoed\" 😀" in text
        assert f"€\xa0{total}" in text


def test_suggested_smartengeld_without_injury_warns_about_hr_2019_793() -> None:
    data = case_data()
    data["incident"]["injury"] = "none"
    data["incident"]["kinds"] = ["threat"]
    data["damages"]["immaterial"] = {"days_incapacitated": 0, "recovery": "full"}
    notes = compute_claim(load_case(data), as_of=AS_OF).to_dict()["notes"]
    assert any("ECLI:NL:HR:2019:793" in note for note in notes), notes
    data["incident"]["psychological_harm"] = True
    notes = compute_claim(load_case(data), as_of=AS_OF).to_dict()["notes"]
    assert not any("ECLI:NL:HR:2019:793" in note for note in notes), notes
