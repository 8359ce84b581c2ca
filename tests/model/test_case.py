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
        ({"victim__sector": "bakery"}, "victim.sector: onbekende waarde 'bakery'; toegestaan: police, boa,"),
        ({"incident__kinds": ["threat", "theft"]}, "incident.kinds.1: onbekende waarde 'theft'"),
        ({"incident__kinds": []}, "incident.kinds: mag niet leeg zijn"),
        ({"incident__in_function": "yes"}, "incident.in_function: moet true of false zijn (ja = true, nee = false), niet 'yes'"),
        ({"incident__occurred_at": "2026-02-30T10:00:00"}, "incident.occurred_at: is geen bestaand tijdstip"),
        ({"incident__occurred_at": 1700000000}, "incident.occurred_at: moet een tijdstip zijn als ISO 8601"),
        ({"victim__date_of_birth": "1985-13-01"}, "victim.date_of_birth: is geen bestaande datum: '1985-13-01'"),
        ({"incident__known_to_employer_at": "2026-11-18T10:00:00+01:00"},
         "incident.known_to_employer_at: ligt vóór incident.occurred_at"),
        ({"perpetrator__name": None}, "perpetrator.name: is verplicht als perpetrator.known true is (dader bekend)"),
        ({"response": {"measure": "ban"}}, "response.ban_until: is verplicht als measure ban is"),
        ({"report": {"status": "filed"}}, "report.filed_at: is verplicht als status filed is"),
        ({"victim__nickname": "Ad"}, "victim.nickname: onbekende sleutel; hier toegestaan: anonymity, date_of_birth"),
        ({"victim__name": "A.\x07 de Vries"}, "victim.name: bevat een onzichtbaar stuurteken (U+0007) op positie 2"),
        ({"victim__name": "   "}, "victim.name: mag niet leeg zijn"),
        ({"victim__name": "x" * 201}, "victim.name: is langer dan 200 tekens (201)"),
        ({"case_id": "../etc/passwd!"}, "case_id: gebruik 1 tot 64 letters, cijfers en . _ / - (geen spaties)"),
        ({"perpetrator__prior_incidents": -1}, "perpetrator.prior_incidents: moet ten minste 0 zijn"),
        ({"damages": {"items": [{"party": "employee", "kind": "property", "amount": "-5", "incurred_on": "2026-11-18",
                                 "description": "x"}]}}, "damages.items.0.amount: mag niet negatief zijn"),
        ({"damages": {"items": [{"party": "employee", "kind": "property", "amount": "1.234,56",
                                 "incurred_on": "2026-11-18", "description": "x"}]}}, "schrijf bedragen met een decimale punt en zonder scheidingsteken voor duizendtallen, niet '1.234,56'"),
        ({"damages": {"items": [{"party": "employee", "kind": "property", "amount": "10", "reimbursed": "12",
                                 "incurred_on": "2026-11-18", "description": "x"}]}}, "damages.items.0.reimbursed: (12.00) is meer dan amount (10.00)"),
        ({"damages": {"items": [{"party": "employee", "kind": "property", "amount": "10",
                                 "incurred_on": "2026-11-17", "description": "x"}]}},
         "damages.items.0.incurred_on: ligt vóór de incidentdatum"),
        ({"perpetrator__date_of_birth": "2027-01-01"}, "perpetrator.date_of_birth: ligt na de incidentdatum"),
        ({"response": {"measure": "ban", "ban_until": "2026-11-18"}}, "response.ban_until: moet na de incidentdatum liggen"),
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
    assert problems([1, 2]) == ["een zaakdossier moet bestaan uit sleutels met waarden (key: waarde), niet een lijst"]


def test_incident_after_as_of_is_refused() -> None:
    with pytest.raises(UserError, match="incident.occurred_at: ligt na het moment van beoordelen 2026-11-01T00:00:00"):
        evaluate(load_case(BASE), as_of="2026-11-01T00:00:00")


def test_case_is_frozen() -> None:
    case = load_case(BASE)
    with pytest.raises(Exception):  # noqa: B017 - pydantic's frozen error
        case.case_id = "X"  # type: ignore[misc]
    assert isinstance(case, Case)
