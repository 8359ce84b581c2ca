"""From a case to its outcome: derive facts, run the stages of rules, compute the terms."""

from __future__ import annotations

import functools
import re
from datetime import date, datetime
from typing import Any

from ..i18n.catalog import Translator, current_language, translator
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
from .compiler import holds, show
from .facts import derive_facts, moments
from .loader import expand_document
from .outcome import FLAGS, Action, Outcome
from .phrases import day as dutch_day
from .phrases import phrases_for
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


# Why a rule fired depends only on the rule set, the rule, the language and the values of the facts the rule's
# tests look at; the same reasons come back case after case, so each rule set keeps them (RuleSets.reasons;
# issue 15: working them out was a fifth of an evaluation). The rule files' digest is not enough of a key:
# an organisation's fact catalogue changes the words, not the digest.
MAX_REASONS = 20_000  # entries kept per rule set; beyond this it starts afresh
_ABSENT = object()


def because(rule: Rule, facts: dict[str, Any], rulesets: RuleSets) -> tuple[list[str], list[str]]:
    """Why a rule fired: in plain words of the current language, and in the machine form (``fact op value``)."""
    lang = current_language()
    values = []
    for name in rulesets.tested_facts[rule.id]:
        value = facts.get(name, _ABSENT)
        values.append((value.__class__, tuple(value) if isinstance(value, list) else value))
    key = (rule.id, lang, *values)
    kept = rulesets.reasons
    try:
        found = kept.get(key)
    except TypeError:  # a value that cannot be a key: work it out each time
        return _because(rule, facts, rulesets, lang)
    if found is None:
        plain, machine = _because(rule, facts, rulesets, lang)
        if len(kept) >= MAX_REASONS:
            kept.clear()
        kept[key] = found = (tuple(plain), tuple(machine))
    return list(found[0]), list(found[1])


def _because(rule: Rule, facts: dict[str, Any], rulesets: RuleSets, lang: str) -> tuple[list[str], list[str]]:
    phrases = phrases_for(rulesets, lang)
    plain: list[str] = []
    machine: list[str] = []
    for test in rulesets.tests[rule.id]:
        plain += phrases.held(test, facts)
        machine += [t.text for t in test.items if holds(t, facts)] if test.op == "any" else [test.text]
    if rule.valid_from or rule.valid_to:
        plain.append(_validity(rule, phrases.tr))
        if rule.valid_from:
            machine.append(f"incident.date >= {rule.valid_from.isoformat()}")
        if rule.valid_to:
            machine.append(f"incident.date <= {rule.valid_to.isoformat()}")
    return list(dict.fromkeys(plain)), machine


def _validity(rule: Rule, tr: Translator) -> str:
    """The rule's period of validity in words."""
    return _validity_text(rule.valid_from, rule.valid_to, tr.lang)


@functools.lru_cache(maxsize=2048)
def _validity_text(start: date | None, end: date | None, lang: str) -> str:
    tr = translator(lang)
    first = dutch_day(start, lang) if start else ""
    last = dutch_day(end, lang) if end else ""
    if first and last:
        return tr.gettext("the rule applies to incidents from {start} up to and including {end}", start=first, end=last)
    if first:
        return tr.gettext("the rule applies to incidents from {start}", start=first)
    return tr.gettext("the rule applies to incidents up to and including {end}", end=last)


def run_rules(case: Case, rulesets: RuleSets) -> tuple[dict[str, Any], list[Rule]]:
    """The facts (with those provided by stage 1) and the rules that fired, in file order."""
    facts = derive_facts(case)
    by_id = rulesets.by_id
    names = engine.prepare(rulesets)
    fired_ids = engine.fire(names[0], facts)
    provided = rulesets.provided_defaults()
    for rule_id in fired_ids:
        provided.update(by_id[rule_id].then.facts)
    facts.update(provided)
    fired_ids += engine.fire(names[1], facts)
    order = rulesets.order
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
    plain, machine = because(rule, facts, rulesets)
    documents = []
    for template in spec.documents:
        name = _PLACEHOLDER.sub(lambda m: show(facts.get(m.group(1), "")), template)
        if name in expand_document(template, rulesets.facts):
            documents.append(name)
    title, explanation = spec.title, spec.explanation.strip()
    translated = rulesets.wording.get(current_language(), {}).get((rule.id, spec.id))
    if translated:
        title, explanation = translated
    return Action(
        id=spec.id,
        title=title.replace("{term}", str(term)) if term is not None else title,
        explanation=explanation,
        actor=spec.actor,
        due=due,
        overdue=bool(due is not None and due < as_of),
        rule=rule.id,
        sources=tuple(text for text, tests in rulesets.source_tests[rule.id]
                      if all(holds(test, facts) for test in tests)),
        because=tuple(plain),
        because_facts=tuple(machine),
        documents=tuple(documents),
        available_from=available.astimezone(AMSTERDAM) if available else None,
    )


def explain(case: Case, rulesets: RuleSets) -> list[dict[str, Any]]:
    """Every rule: whether it fired, and for one that did not, which conditions failed and what the case has.

    ``failed`` holds plain words (current language); ``failed_facts`` the machine form of the same conditions;
    ``because`` why a rule that fired did (as in the outcome).
    """
    facts, fired = run_rules(case, rulesets)
    fired_ids = {r.id for r in fired}
    phrases = phrases_for(rulesets, current_language())
    tr = phrases.tr
    report = []
    for _, rule in rulesets.rules:
        failed, failed_facts = [], []
        for test in rulesets.tests[rule.id]:
            if not holds(test, facts):
                failed.append(tr.gettext("{condition} — in this case: {actual}", condition=phrases.condition(test),
                                         actual=phrases.actual(test, facts)))
                failed_facts.append(test.text)
        if not rule.in_force(case.incident_date):
            incident_day = dutch_day(case.incident_date, tr.lang)
            failed.append(tr.gettext("the incident was on {day}; {validity}", day=incident_day,
                                     validity=_validity(rule, tr)))
            failed_facts.append(f"incident.date = {case.incident_date.isoformat()}")
        reasons = because(rule, facts, rulesets)[0] if rule.id in fired_ids else []
        report.append({"rule": rule.id, "title": rule.title, "fired": rule.id in fired_ids, "failed": failed,
                       "failed_facts": failed_facts, "because": reasons})
    return report
