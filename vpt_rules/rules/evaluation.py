"""From a case to its outcome: derive facts, run the stages of rules, compute the terms."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from ..model.case import Case
from ..model.errors import EngineError
from ..terms.calendar import (
    AMSTERDAM,
    add_hours,
    add_months,
    add_working_days,
    add_years,
    end_of_day,
    statutory_term_end,
)
from ..version import __version__
from . import engine
from .compiler import Test, holds, show
from .facts import EPOCH, derive_facts, moments
from .loader import expand_document
from .outcome import FLAGS, Action, Outcome
from .schema import ActionSpec, Due, Rule, RuleSets

_PLACEHOLDER = re.compile(r"\{([a-z0-9_.]+)\}")


def term_end(due: Due, case: Case, starts: dict[str, datetime]) -> datetime | None:
    """When a term ends, or None when its starting moment is unknown for this case."""
    start = starts.get(due.from_)
    if start is None:
        return None
    if due.unit == "hours":
        hours = due.amount
        if due.override and case.employer.reaction_term_hours:
            hours = case.employer.reaction_term_hours
        return add_hours(start, hours)
    day = start.astimezone(AMSTERDAM).date()
    end = {
        "working_days": add_working_days,
        "days": statutory_term_end,
        "months": add_months,
        "years": add_years,
    }[due.unit](day, due.amount)
    return end_of_day(end)


def term_hours(due: Due | None, case: Case) -> int | None:
    """The number of the term as it applies to this case (an employer may set its reaction term)."""
    if due is None:
        return None
    if due.override and case.employer.reaction_term_hours:
        return case.employer.reaction_term_hours
    return due.amount


def because(rule: Rule, facts: dict[str, Any], rulesets: RuleSets) -> list[str]:
    """The conditions that made a rule fire, in words, with its validity period."""
    reasons = []
    for test in rulesets.tests[rule.id]:
        if test.op == "any":
            reasons += [t.text for t in test.items if holds(t, facts)]
        else:
            reasons.append(test.text)
    if rule.valid_from or rule.valid_to:
        period = f"vanaf {rule.valid_from}" if rule.valid_from else ""
        period += f" tot en met {rule.valid_to}" if rule.valid_to else ""
        reasons.append(f"incidentdatum valt in de geldigheid van de regel ({period.strip()})")
    return reasons


def run_rules(case: Case, rulesets: RuleSets) -> tuple[dict[str, Any], list[Rule]]:
    """The facts (with those provided by stage 1) and the rules that fired, in file order."""
    facts = derive_facts(case)
    by_id = {rule.id: rule for _, rule in rulesets.rules}
    names = engine.prepare(rulesets)
    fired_ids = engine.fire(names[0], facts)
    provided = rulesets.provided_defaults()
    for rule_id in fired_ids:
        provided.update(by_id[rule_id].then.facts)
    facts.update(provided)
    fired_ids += engine.fire(names[1], facts)
    order = {rule.id: i for i, (_, rule) in enumerate(rulesets.rules)}
    return facts, sorted((by_id[i] for i in set(fired_ids)), key=lambda r: order[r.id])


def evaluate_case(case: Case, rulesets: RuleSets, as_of: datetime) -> Outcome:
    """The outcome of one case at ``as_of`` under ``rulesets``."""
    facts, fired = run_rules(case, rulesets)
    flags: dict[str, Any] = {name: (list(t.default) if t.kind == "list" else t.default) for name, t in FLAGS.items()}
    set_by: dict[str, str] = {}
    actions: dict[str, Action] = {}
    starts = moments(case)
    for rule in fired:
        for name, value in rule.then.flags.items():
            if FLAGS[name].kind == "list":
                flags[name] = sorted(set(flags[name]) | set(value))
                continue
            if name in set_by and flags[name] != value:
                raise EngineError(f"rules {set_by[name]} and {rule.id} set flag {name} to different values")
            flags[name], set_by[name] = value, rule.id
        for spec in rule.then.actions:
            if spec.id in actions:
                raise EngineError(f"rules {actions[spec.id].rule} and {rule.id} both ask for action {spec.id}")
            actions[spec.id] = _action(spec, rule, case, facts, rulesets, starts, as_of)
    ordered = sorted(actions.values(), key=lambda a: (a.due is None, a.due or as_of, a.id))
    return Outcome(
        case_id=case.case_id,
        as_of=as_of,
        rulesets=rulesets.versions,
        vpt_case=bool(facts.get("vpt_case", False)),
        flags=flags,
        actions=tuple(ordered),
        fired=tuple(r.id for r in fired),
        audit={"rules_digest": rulesets.digest, "tool_version": __version__},
    )


def _action(
    spec: ActionSpec,
    rule: Rule,
    case: Case,
    facts: dict[str, Any],
    rulesets: RuleSets,
    starts: dict[str, datetime],
    as_of: datetime,
) -> Action:
    due = term_end(spec.due, case, starts) if spec.due else None
    if due is not None:
        due = due.astimezone(AMSTERDAM)
    available = term_end(spec.available_from, case, starts) if spec.available_from else None
    term = term_hours(spec.due, case)
    documents = []
    for template in spec.documents:
        name = _PLACEHOLDER.sub(lambda m: show(facts.get(m.group(1), "")), template)
        if name in expand_document(template, rulesets.facts):
            documents.append(name)
    return Action(
        id=spec.id,
        title=spec.title.replace("{term}", str(term)) if term is not None else spec.title,
        explanation=spec.explanation.strip(),
        actor=spec.actor,
        due=due,
        overdue=bool(due is not None and due < as_of),
        rule=rule.id,
        sources=tuple(rule.sources),
        because=tuple(because(rule, facts, rulesets)),
        documents=tuple(documents),
        available_from=available.astimezone(AMSTERDAM) if available else None,
    )


def explain(case: Case, rulesets: RuleSets) -> list[dict[str, Any]]:
    """Every rule: whether it fired, and for one that did not, which conditions failed and with what values."""
    facts, fired = run_rules(case, rulesets)
    fired_ids = {r.id for r in fired}
    report = []
    for _, rule in rulesets.rules:
        failed = []
        for test in rulesets.tests[rule.id]:
            if not holds(test, facts):
                failed.append(f"{test.text} — {_actual(test, facts, rulesets)}")
        if not rule.in_force(case.incident_date):
            failed.append(f"incidentdatum {case.incident_date} valt buiten de geldigheid "
                          f"({rule.valid_from or '…'} tot en met {rule.valid_to or '…'})")
        report.append({"rule": rule.id, "title": rule.title, "fired": rule.id in fired_ids, "failed": failed})
    return report


def _actual(test: Test, facts: dict[str, Any], rulesets: RuleSets) -> str:
    """The values of the facts a test looks at, as found in the case."""
    names = [test.fact] if test.fact else sorted({t.fact for t in test.items if t.fact})
    shown = []
    for name in names:
        value = facts.get(name)
        if value is None:
            shown.append(f"{name} = onbekend")
        elif rulesets.facts[name].kind == "date":
            shown.append(f"{name} = {(EPOCH + timedelta(days=value)).isoformat()}")
        else:
            shown.append(f"{name} = {show(value)}")
    return ", ".join(shown)
