"""The case model: strict types, cross-field checks, every problem at once."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from casedata import with_changes
from paths import CASES, SHARED_EXAMPLES

from vpt_rules import UserError, evaluate, load_case
from vpt_rules.model.case import Case
from vpt_rules.model.loading import load_file
from vpt_rules.model.values import AMSTERDAM

SHARED = SHARED_EXAMPLES
BASE = load_file(CASES / "_base.yaml")


def problems(data: Any) -> list[str]:
    with pytest.raises(UserError) as info:
        load_case(data)
    return [str(p) for p in info.value.problems]


def changed(**paths: Any) -> dict[str, Any]:
    """The base case with ``section__field=value`` changes (None removes the field)."""
    return with_changes(BASE, {path.replace("__", "."): value for path, value in paths.items()})


@pytest.mark.parametrize("path", sorted(SHARED.glob("*.yaml")), ids=lambda p: p.stem)
def test_shared_examples_load(path: Path) -> None:
    case = load_case(path)
    assert case.incident.occurred_at.tzinfo is not None


def test_moment_without_offset_is_amsterdam_time() -> None:
    case = load_case(changed(incident__occurred_at="2026-07-01T10:00:00"))
    assert case.incident.occurred_at == datetime(2026, 7, 1, 10, 0, tzinfo=AMSTERDAM)
    assert case.incident.occurred_at.utcoffset().total_seconds() == 7200


def test_money_is_decimal_to_the_cent() -> None:
    data = changed(damages={"items": [{"party": "employee", "kind": "property", "amount": "89.9",
                                       "incurred_on": "2026-11-18", "description": "Jas"}]})
    item = load_case(data).damages.items[0]
    assert item.amount == Decimal("89.90") and item.net == Decimal("89.90")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"victim__sector": "bakery"}, "victim.sector: unknown value 'bakery'"),
        ({"incident__kinds": ["threat", "theft"]}, "incident.kinds.1: unknown value 'theft'"),
        ({"incident__kinds": []}, "incident.kinds: List should have at least 1 item"),
        ({"incident__in_function": "yes"}, "incident.in_function: Input should be a valid boolean"),
        ({"incident__occurred_at": "2026-02-30T10:00:00"}, "incident.occurred_at: is not a real moment"),
        ({"incident__occurred_at": 1700000000}, "incident.occurred_at: must be a moment as ISO 8601"),
        ({"victim__date_of_birth": "1985-13-01"}, "victim.date_of_birth: is not a real date"),
        ({"incident__known_to_employer_at": "2026-11-18T10:00:00+01:00"},
         "incident.known_to_employer_at: lies before incident.occurred_at"),
        ({"perpetrator__name": None}, "perpetrator.name: is required when perpetrator.known is true"),
        ({"response": {"measure": "ban"}}, "response.ban_until: is required when measure is ban"),
        ({"report": {"status": "filed"}}, "report.filed_at: is required when status is filed"),
        ({"victim__nickname": "Ad"}, "victim.nickname: unknown key; allowed here: anonymity, date_of_birth"),
        ({"victim__name": "A.\x07 de Vries"}, "victim.name: contains a control character (U+0007)"),
        ({"victim__name": "   "}, "victim.name: must not be empty"),
        ({"victim__name": "x" * 201}, "victim.name: is longer than 200 characters (201)"),
        ({"case_id": "../etc/passwd!"}, "case_id: String should match pattern"),
        ({"perpetrator__prior_incidents": -1}, "perpetrator.prior_incidents: Input should be greater than or equal to 0"),
        ({"damages": {"items": [{"party": "employee", "kind": "property", "amount": "-5", "incurred_on": "2026-11-18",
                                 "description": "x"}]}}, "damages.items.0.amount: must not be negative"),
        ({"damages": {"items": [{"party": "employee", "kind": "property", "amount": "1.234,56",
                                 "incurred_on": "2026-11-18", "description": "x"}]}}, "write amounts with a decimal point"),
        ({"damages": {"items": [{"party": "employee", "kind": "property", "amount": "10", "reimbursed": "12",
                                 "incurred_on": "2026-11-18", "description": "x"}]}}, "reimbursed: (12.00) is more than amount"),
        ({"damages": {"items": [{"party": "employee", "kind": "property", "amount": "10",
                                 "incurred_on": "2026-11-17", "description": "x"}]}},
         "damages.items.0.incurred_on: lies before the incident date"),
        ({"perpetrator__date_of_birth": "2027-01-01"}, "perpetrator.date_of_birth: lies after the incident date"),
        ({"response": {"measure": "ban", "ban_until": "2026-11-18"}}, "response.ban_until: must lie after the incident"),
    ],
)
def test_each_problem_names_its_field(change: dict[str, Any], expected: str) -> None:
    found = problems(changed(**change))
    assert any(expected in p for p in found), found


def test_all_problems_at_once() -> None:
    data = changed(victim__sector="bakery", incident__in_function="yes", perpetrator__name=None, extra=1)
    found = problems(data)
    assert len(found) == 4, found
    assert {p.split(":")[0] for p in found} == {"victim.sector", "incident.in_function", "perpetrator.name", "extra"}


def test_a_list_is_not_a_case() -> None:
    assert problems([1, 2]) == ["a case file must be a mapping of keys, got list"]


def test_incident_after_as_of_is_refused() -> None:
    with pytest.raises(UserError, match="incident.occurred_at: lies after the evaluation moment"):
        evaluate(load_case(BASE), as_of="2026-11-01T00:00:00")


def test_case_is_frozen() -> None:
    case = load_case(BASE)
    with pytest.raises(Exception):  # noqa: B017 - pydantic's frozen error
        case.case_id = "X"  # type: ignore[misc]
    assert isinstance(case, Case)
