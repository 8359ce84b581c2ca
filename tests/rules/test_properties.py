"""Properties over generated cases: evaluation never crashes, is deterministic, and agrees with the rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from strategies import AS_OF, cases

from vpt_rules import UserError, compute_claim, evaluate, get_rulesets, load_case
from vpt_rules.rules.compiler import holds
from vpt_rules.rules.evaluation import run_rules

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(cases())
def test_evaluation_is_deterministic(data: dict[str, Any]) -> None:
    case = load_case(data)
    assert evaluate(case, as_of=AS_OF).to_json() == evaluate(load_case(data), as_of=AS_OF).to_json()


@SETTINGS
@given(cases())
def test_engine_fires_exactly_the_rules_whose_conditions_hold(data: dict[str, Any]) -> None:
    case = load_case(data)
    rulesets = get_rulesets()
    facts, fired = run_rules(case, rulesets)
    fired_ids = {r.id for r in fired}
    for _, rule in rulesets.rules:
        expected = rule.in_force(case.incident_date) and all(holds(t, facts) for t in rulesets.tests[rule.id])
        assert (rule.id in fired_ids) == expected, rule.id


@SETTINGS
@given(cases())
def test_outcome_is_consistent(data: dict[str, Any]) -> None:
    outcome = evaluate(load_case(data), as_of=AS_OF)
    dues = [(a.due is None, a.due, a.id) for a in outcome.actions]
    assert [d[2] for d in sorted(dues, key=lambda d: (d[0], d[1] or AS_OF, d[2]))] == [a.id for a in outcome.actions]
    assert len({a.id for a in outcome.actions}) == len(outcome.actions)
    for action in outcome.actions:
        assert action.overdue == (action.due is not None and action.due < AS_OF)
        assert action.sources and action.because
    if not outcome.vpt_case:
        assert outcome.actions == () and outcome.flags["sentencing_uplift_percent"] == 0
    letter = outcome.action("perpetrator_letter")
    assert (letter is not None) == (outcome.vpt_case and data["perpetrator"]["known"])


@SETTINGS
@given(cases())
def test_claims_add_up(data: dict[str, Any]) -> None:
    case = load_case(data)
    if case.incident_date.year < 2007:
        return
    try:
        claim = compute_claim(case, as_of=AS_OF).to_dict()
    except UserError as exc:  # statutory interest is unknown before 2007: the only refusal allowed
        assert all("2007" in str(p) or "statutory_interest" in str(p) for p in exc.problems), exc.problems
        return
    overall = Decimal(0)
    for party in claim["parties"].values():
        lines = party["items"] + ([party["immaterial"]] if party["immaterial"]["amount"] else [])
        for line in party["items"]:
            assert Decimal(line["net"]) == Decimal(line["amount"]) - Decimal(line["reimbursed"])
            assert Decimal(line["total"]) == Decimal(line["net"]) + Decimal(line["interest"])
        assert Decimal(party["interest"]) == sum((Decimal(x["interest"]) for x in lines), Decimal(0))
        assert Decimal(party["total"]) == Decimal(party["principal"]) + Decimal(party["interest"])
        overall += Decimal(party["total"])
    assert Decimal(claim["total"]) == overall
