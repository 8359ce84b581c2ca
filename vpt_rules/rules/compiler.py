"""Compiling validated rules to durable_rules JSON, and the same conditions as plain Python tests
(for ``vpt rules --explain`` and for the stage-1 facts).
"""

from __future__ import annotations

from typing import Any

from ..model.values import parse_day
from .facts import FactType, day_number
from .schema import _OP_TEXT, Condition, Rule, RuleSets, Test


def engine_key(name: str) -> str:
    """The key of a fact in the engine: durable_rules wants plain names."""
    return name.replace(".", "__")


def _engine_value(value: Any, ftype: FactType) -> Any:
    return day_number(parse_day(value)) if ftype.kind == "date" else value


def show(value: Any) -> str:
    """A value as a rule writer wrote it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(show(v) for v in value) + "]"
    return str(value)


def describe(cond: Condition) -> str:
    """A condition in its machine form, as the rule file writes it: ``perpetrator.known is true``,
    ``victim.sector in [police, boa]``, ``any: …; …`` (the plain words are in :mod:`.phrases`)."""
    if cond.any is not None:
        return "any: " + "; ".join(describe(c) for c in cond.any)
    if cond.all is not None:
        return "all: " + "; ".join(describe(c) for c in cond.all)
    if cond.operator == "present":
        return f"{cond.fact} present {show(cond.value)}"
    return f"{cond.fact} {_OP_TEXT[cond.operator]} {show(cond.value)}"


def as_test(cond: Condition, types: dict[str, FactType]) -> Test:
    """A validated condition as a :class:`Test`."""
    if cond.any is not None or cond.all is not None:
        op = "any" if cond.any is not None else "all"
        items = tuple(as_test(c, types) for c in (cond.any or cond.all or []))
        return Test(op, items=items, text=describe(cond))
    ftype, op = types[cond.fact or ""], cond.operator
    if op in ("in", "not_in"):
        value: Any = tuple(_engine_value(v, ftype) for v in cond.value)
    else:
        value = cond.value if op == "present" else _engine_value(cond.value, ftype)
    return Test(op, cond.fact or "", value, text=describe(cond))


def holds(test: Test, facts: dict[str, Any]) -> bool:
    """Whether a test holds for a case's facts; any test of an absent fact is false."""
    op = test.op
    if op == "any":
        return any(holds(t, facts) for t in test.items)
    if op == "all":
        return all(holds(t, facts) for t in test.items)
    if op == "present":
        return (test.fact in facts) == test.value
    if test.fact not in facts:
        return False
    actual, expected = facts[test.fact], test.value
    if op == "is":
        return bool(actual == expected)
    if op == "is_not":
        return bool(actual != expected)
    if op == "in":
        return actual in expected
    if op == "not_in":
        return actual not in expected
    return bool({"lt": actual < expected, "lte": actual <= expected, "gt": actual > expected,
                 "gte": actual >= expected}[op])


# ---- compilation to durable_rules ---------------------------------------------------------------------


def compile_condition(cond: Condition, types: dict[str, FactType]) -> dict[str, Any]:
    """One condition as a durable_rules expression; an absent fact never matches (``$ex`` guards)."""
    if cond.any is not None:
        return {"$or": [compile_condition(c, types) for c in cond.any]}
    if cond.all is not None:
        return {"$and": [compile_condition(c, types) for c in cond.all]}
    name = cond.fact or ""
    key, op, ftype = engine_key(name), cond.operator, types[name]
    if op == "present":
        return {"$ex" if cond.value else "$nex": {key: 1}}
    exists = {"$ex": {key: 1}}
    if op == "in":
        return {"$or": [{key: _engine_value(v, ftype)} for v in cond.value]}
    if op == "not_in":
        return {"$and": [exists, *({"$neq": {key: _engine_value(v, ftype)}} for v in cond.value)]}
    value = _engine_value(cond.value, ftype)
    if op == "is":
        return {key: value}
    if op == "is_not":
        return {"$and": [exists, {"$neq": {key: value}}]}
    return {f"${op}": {key: value}}


def compile_rule(rule: Rule, types: dict[str, FactType]) -> dict[str, Any]:
    """A rule as durable_rules JSON: its conditions plus its validity period on ``incident.date``."""
    tests = [compile_condition(c, types) for c in rule.when]
    day = engine_key("incident.date")
    if rule.valid_from:
        tests.append({"$gte": {day: day_number(rule.valid_from)}})
    if rule.valid_to:
        tests.append({"$lte": {day: day_number(rule.valid_to)}})
    return {"all": [{"m": {"$and": tests}}], "run": rule.id}


def stage_facts(rulesets: RuleSets, stage: int) -> list[str]:
    """The facts the rules of one stage test (with ``incident.date`` for the validity periods)."""
    names = {"incident.date"}

    def collect(test: Test) -> None:
        if test.fact:
            names.add(test.fact)
        for item in test.items:
            collect(item)

    for rf in rulesets.files:
        if rf.stage == stage:
            for rule in rf.rules:
                for test in rulesets.tests[rule.id]:
                    collect(test)
    return sorted(names)


def compile_stage(rulesets: RuleSets, stage: int) -> dict[str, Any]:
    """All rules of one stage as one durable_rules ruleset definition."""
    return {
        rule.id: compile_rule(rule, rulesets.facts)
        for rf in rulesets.files if rf.stage == stage for rule in rf.rules
    }
