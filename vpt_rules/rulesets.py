"""Rule files: their model, strict validation, and compilation to durable_rules JSON.

A rule file (``rulesets/*.yaml``) holds one ruleset::

    ruleset: measures                 # name; rule ids start with it
    title: "De acht VPT-maatregelen van de werkgever"
    version: "2026.11"
    stage: 2                          # 1: classification rules that provide facts; 2: everything else
    provides: {vpt_case: {type: bool, default: false, description: "..."}}   # stage 1 only
    rules:
      - id: measures.perpetrator_letter
        title: "..."                  # Dutch
        description: "..."            # Dutch, for the HR adviser
        valid_from: 2010-04-01        # the incident date must lie in [valid_from, valid_to]
        valid_to: null
        when:                         # all of these hold; ``any:`` / ``all:`` nest
          - {fact: perpetrator.known, is: true}
        then:
          flags: {priority_handling: true}
          facts: {vpt_case: true}     # stage 1 only
          actions: [{id, title, explanation, actor, documents,
                     due: {from, hours|working_days|days|months|years, override},   # deadline
                     available_from: {from, ...}}]                                  # earliest moment
        sources: ["VPT-maatregel 5 (seed 002, VNG focusblad; H)"]

Every error names the file, the rule and the field.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StrictBool,
    StrictInt,
    ValidationError,
    model_validator,
)

from .case import _parse_day, problems_from_validation
from .errors import Problem, UserError
from .facts import FACTS, MOMENTS, FactType, day_number
from .loading import load_file
from .outcome import ACTORS, DOCUMENTS, FLAGS

OPERATORS = ("is", "is_not", "in", "not_in", "lt", "lte", "gt", "gte", "present")
_OP_TEXT = {"is": "is", "is_not": "is niet", "in": "is een van", "not_in": "is geen van", "lt": "<",
            "lte": "<=", "gt": ">", "gte": ">="}
ACTION_IDS = (
    "register_incident", "aftercare", "evaluate_incident", "perpetrator_letter", "police_report",
    "ask_vpt_code", "use_domicile_choice", "employer_report", "join_criminal_case",
    "request_compensation_order", "claim_state_advance", "violent_crimes_fund", "liability_letter",
    "wage_recourse", "limitation_period",
)
_ID = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$"
MAX_RULES_PER_STAGE = 400  # durable_rules 2.0.28 gave error 303 at about 480 rules in one ruleset


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Condition(_Strict):
    """One test of a fact, or a group: ``{fact, <operator>: value}``, ``{any: [...]}``, ``{all: [...]}``."""

    fact: str | None = None
    is_: Any = Field(None, alias="is")
    is_not: Any = None
    in_: list[Any] | None = Field(None, alias="in")
    not_in: list[Any] | None = None
    lt: Any = None
    lte: Any = None
    gt: Any = None
    gte: Any = None
    present: StrictBool | None = None
    any: list[Condition] | None = None
    all: list[Condition] | None = None
    _operator: str = PrivateAttr(default="")

    @model_validator(mode="after")
    def _one_test(self) -> Condition:
        ops = [op for op in OPERATORS if self.value_of(op) is not None]
        groups = [g for g in ("any", "all") if getattr(self, g) is not None]
        if groups:
            if self.fact is not None or ops or len(groups) > 1:
                raise ValueError("a group (any/all) holds only its list of conditions")
            if not getattr(self, groups[0]):
                raise ValueError(f"'{groups[0]}' needs at least one condition")
            return self
        if self.fact is None:
            raise ValueError("a condition needs 'fact' and one operator, or 'any'/'all'")
        if len(ops) != 1:
            raise ValueError(f"use exactly one operator of {', '.join(OPERATORS)} (found {len(ops)})")
        self._operator = ops[0]
        return self

    @property
    def operator(self) -> str:
        """The operator of a single test ('' for a group)."""
        return self._operator


    def value_of(self, op: str) -> Any:
        return getattr(self, {"is": "is_", "in": "in_"}.get(op, op))

    @property
    def value(self) -> Any:
        return self.value_of(self.operator)

    def is_positive(self) -> bool:
        """False for a test that only asks for absence: durable_rules spins on those alone."""
        if self.any is not None:
            return all(c.is_positive() for c in self.any)
        if self.all is not None:
            return any(c.is_positive() for c in self.all)
        return not (self.operator == "present" and self.value is False)


class Due(_Strict):
    """A term: from a moment, a number of hours (on the clock), working days, days (Atw), months or years."""

    from_: str = Field(alias="from")
    hours: Annotated[StrictInt, Field(ge=0, le=8760)] | None = None
    working_days: Annotated[StrictInt, Field(ge=0, le=365)] | None = None
    days: Annotated[StrictInt, Field(ge=1, le=90)] | None = None  # Atw art. 4
    months: Annotated[StrictInt, Field(ge=1, le=240)] | None = None
    years: Annotated[StrictInt, Field(ge=1, le=30)] | None = None
    override: Literal["employer.reaction_term_hours"] | None = None

    @model_validator(mode="after")
    def _one_term(self) -> Due:
        terms = [t for t in ("hours", "working_days", "days", "months", "years") if getattr(self, t) is not None]
        if len(terms) != 1:
            raise ValueError("give exactly one of hours, working_days, days, months, years")
        if self.from_ not in MOMENTS:
            raise ValueError(f"@from: unknown moment '{self.from_}'; known: {', '.join(MOMENTS)}")
        if self.override and terms[0] != "hours":
            raise ValueError("@override: only a term in hours can be overridden by the employer")
        return self

    @property
    def unit(self) -> str:
        """The unit of this term: hours, working_days, days, months or years."""
        for unit in ("hours", "working_days", "days", "months", "years"):
            if getattr(self, unit) is not None:
                return unit
        raise AssertionError("validated: one unit is set")

    @property
    def amount(self) -> int:
        """How many of its unit the term lasts."""
        return int(getattr(self, self.unit))


class ActionSpec(_Strict):
    id: Literal[ACTION_IDS]  # type: ignore[valid-type]
    title: Annotated[str, Field(min_length=3, max_length=200)]
    explanation: Annotated[str, Field(min_length=10, max_length=3000)]
    actor: Literal[ACTORS]  # type: ignore[valid-type]
    due: Due | None = None
    available_from: Due | None = None
    documents: list[str] = []


class Then(_Strict):
    flags: dict[str, Any] = {}
    facts: dict[str, Any] = {}
    actions: list[ActionSpec] = []


class Rule(_Strict):
    id: Annotated[str, Field(pattern=_ID, max_length=80)]
    title: Annotated[str, Field(min_length=3, max_length=200)]
    description: Annotated[str, Field(min_length=10, max_length=3000)]
    valid_from: Annotated[date, Field(json_schema_extra={"format": "date"})] | None = None
    valid_to: date | None = None
    when: Annotated[list[Condition], Field(min_length=1)]
    then: Then
    sources: Annotated[list[Annotated[str, Field(min_length=3)]], Field(min_length=1)]

    @model_validator(mode="before")
    @classmethod
    def _dates(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for key in ("valid_from", "valid_to"):
                if data.get(key) is not None:
                    try:
                        data = {**data, key: _parse_day(data[key])}
                    except ValueError as exc:
                        raise ValueError(f"@{key}: {exc}") from None
        return data

    @model_validator(mode="after")
    def _period(self) -> Rule:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError("@valid_to: lies before valid_from")
        if not any(c.is_positive() for c in self.when):
            raise ValueError("@when: needs at least one condition that is not 'present: false'")
        return self

    def in_force(self, day: date) -> bool:
        """Whether an incident on ``day`` falls in this rule's validity period."""
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


class ProvidedFact(_Strict):
    type: Literal["bool", "int"]
    default: StrictBool | StrictInt
    description: str


class RuleFile(_Strict):
    ruleset: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    title: str
    version: str
    stage: Literal[1, 2] = 2
    provides: dict[str, ProvidedFact] = {}
    rules: Annotated[list[Rule], Field(min_length=1)]


@dataclass(frozen=True)
class RuleSets:
    """All rule files of one folder, validated and ready to compile."""

    files: tuple[RuleFile, ...]
    digest: str
    facts: dict[str, FactType] = field(default_factory=dict)
    tests: dict[str, tuple[Test, ...]] = field(default_factory=dict)

    @property
    def rules(self) -> list[tuple[RuleFile, Rule]]:
        return [(f, r) for f in self.files for r in f.rules]

    @property
    def versions(self) -> dict[str, str]:
        return {f.ruleset: f.version for f in self.files}

    def provided_defaults(self) -> dict[str, Any]:
        return {name: p.default for f in self.files for name, p in f.provides.items()}


def load_rulesets(folder: Path) -> RuleSets:
    """Load and validate every ``*.yaml`` rule file in ``folder``; all problems at once."""
    paths = sorted(p for p in folder.glob("*.y*ml") if p.is_file())
    if not paths:
        raise UserError(f"no rule files (*.yaml) in {folder}")
    problems: list[Problem] = []
    files: list[tuple[Path, RuleFile]] = []
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        try:
            data = load_file(path)
            if not isinstance(data, dict):
                raise UserError("a rule file must be a mapping with ruleset, title, version and rules", str(path))
            files.append((path, RuleFile.model_validate(data)))
        except ValidationError as exc:
            problems += [_in_file(path, data, p) for p in problems_from_validation(exc, RuleFile)]
        except UserError as exc:
            problems += exc.problems
    if not problems:
        problems = _check_meaning(files)
    if problems:
        raise UserError(problems)
    facts = dict(FACTS)
    for _, rule_file in files:
        for name, provided in rule_file.provides.items():
            facts[name] = FactType(provided.type, description=provided.description)
    tests = {rule.id: tuple(as_test(c, facts) for c in rule.when) for _, rf in files for rule in rf.rules}
    return RuleSets(tuple(f for _, f in files), digest.hexdigest(), facts, tests)


def _in_file(path: Path, data: Any, problem: Problem) -> Problem:
    """Prefix a problem with the file, and the rule id where the path points into a rule."""
    where = problem.path
    match = re.match(r"rules\.(\d+)(.*)", where)
    if match and isinstance(data, dict) and isinstance(data.get("rules"), list):
        index = int(match.group(1))
        rules = data["rules"]
        rule_id = rules[index].get("id") if index < len(rules) and isinstance(rules[index], dict) else None
        where = f"rule {rule_id or '#' + str(index + 1)}{match.group(2)}"
    return Problem(f"{path.name}: {where}", problem.message)


def _check_meaning(files: list[tuple[Path, RuleFile]]) -> list[Problem]:
    """What the model alone cannot see: unknown facts, flags, documents; clashes between rules."""
    problems: list[Problem] = []
    facts = dict(FACTS)
    seen_rulesets: dict[str, str] = {}
    seen_ids: dict[str, str] = {}
    for path, rf in files:
        if rf.ruleset in seen_rulesets:
            problems.append(Problem(f"{path.name}: ruleset", f"'{rf.ruleset}' is also in {seen_rulesets[rf.ruleset]}"))
        seen_rulesets[rf.ruleset] = path.name
        if rf.provides and rf.stage != 1:
            problems.append(Problem(f"{path.name}: provides", "only a stage 1 ruleset may provide facts"))
        for name, provided in rf.provides.items():
            if name in facts:
                problems.append(Problem(f"{path.name}: provides.{name}", "is already a fact"))
            facts[name] = FactType(provided.type)
    for path, rf in files:
        for rule in rf.rules:
            where = f"{path.name}: rule {rule.id}"
            if not rule.id.startswith(rf.ruleset + "."):
                problems.append(Problem(f"{where}.id", f"must start with '{rf.ruleset}.'"))
            if rule.id in seen_ids:
                problems.append(Problem(f"{where}.id", f"is also used in {seen_ids[rule.id]}"))
            seen_ids[rule.id] = path.name
            for i, cond in enumerate(rule.when):
                problems += _check_condition(cond, facts, f"{where}.when.{i}")
            problems += _check_then(rule, rf, facts, where)
    problems += _check_flag_clashes(files)
    for stage in (1, 2):
        count = sum(len(rf.rules) for _, rf in files if rf.stage == stage)
        if count > MAX_RULES_PER_STAGE:
            problems.append(Problem(f"stage {stage}", f"has {count} rules; at most {MAX_RULES_PER_STAGE} "
                                    "(durable_rules fails on very large rulesets)"))
    return problems


def _check_condition(cond: Condition, facts: dict[str, FactType], where: str) -> list[Problem]:
    if cond.any is not None or cond.all is not None:
        group = cond.any if cond.any is not None else cond.all
        return [p for i, c in enumerate(group or []) for p in _check_condition(c, facts, f"{where}.{i}")]
    name = cond.fact or ""
    if name not in facts:
        return [Problem(f"{where}.fact", f"unknown fact '{name}'; see 'vpt rules --facts'")]
    ftype, op, value = facts[name], cond.operator, cond.value
    if op == "present":
        return []
    values = value if op in ("in", "not_in") else [value]
    if op in ("lt", "lte", "gt", "gte") and ftype.kind not in ("int", "date"):
        return [Problem(f"{where}.{op}", f"'{name}' is {ftype.describe()}: it cannot be compared by size")]
    wrong = [v for v in values if not ftype.accepts(_as_date(v) if ftype.kind == "date" else v)]
    if wrong:
        return [Problem(f"{where}.{op}", f"{wrong[0]!r} does not fit '{name}', which is {ftype.describe()}")]
    return []


def _as_date(value: Any) -> Any:
    try:
        return _parse_day(value)
    except ValueError:
        return value


def _check_then(rule: Rule, rf: RuleFile, facts: dict[str, FactType], where: str) -> list[Problem]:
    problems = []
    for name, value in rule.then.flags.items():
        if name not in FLAGS:
            problems.append(Problem(f"{where}.then.flags.{name}", f"unknown flag; known: {', '.join(FLAGS)}"))
        elif not FLAGS[name].accepts(value):
            problems.append(Problem(f"{where}.then.flags.{name}", f"must be {FLAGS[name].describe()}"))
    for name, value in rule.then.facts.items():
        if name not in rf.provides:
            problems.append(Problem(f"{where}.then.facts.{name}", "not among this ruleset's 'provides'"))
        elif not facts[name].accepts(value):
            problems.append(Problem(f"{where}.then.facts.{name}", f"must be {facts[name].describe()}"))
    if rf.stage == 1 and (rule.then.flags or rule.then.actions):
        problems.append(Problem(f"{where}.then", "a stage 1 rule only sets facts"))
    if not (rule.then.flags or rule.then.facts or rule.then.actions):
        problems.append(Problem(f"{where}.then", "does nothing: give flags, facts or actions"))
    for i, action in enumerate(rule.then.actions):
        for doc in action.documents:
            for expanded in expand_document(doc, facts):
                if expanded not in DOCUMENTS:
                    problems.append(Problem(f"{where}.then.actions.{i}.documents",
                                            f"unknown document '{expanded}'; known: {', '.join(DOCUMENTS)}"))
    return problems


def expand_document(template: str, facts: dict[str, FactType]) -> list[str]:
    """All document ids a name with a ``{fact}`` placeholder can become."""
    match = re.search(r"\{([a-z0-9_.]+)\}", template)
    if not match:
        return [template]
    ftype = facts.get(match.group(1))
    if ftype is None or ftype.kind != "enum":
        return [template]
    return [template.replace(match.group(0), v) for v in ftype.values]


def _check_flag_clashes(files: list[tuple[Path, RuleFile]]) -> list[Problem]:
    """Two rules that may fire together must not set one flag to different values."""
    rules = [(p, r) for p, f in files for r in f.rules]
    problems = []
    for i, (path_a, a) in enumerate(rules):
        for path_b, b in rules[i + 1:]:
            for name, value in a.then.flags.items():
                if FLAGS.get(name) and FLAGS[name].kind == "list":
                    continue
                if name in b.then.flags and b.then.flags[name] != value and not _exclusive(a, b):
                    problems.append(Problem(
                        f"{path_b.name}: rule {b.id}.then.flags.{name}",
                        f"sets {b.then.flags[name]!r} where rule {a.id} ({path_a.name}) sets {value!r}, and "
                        "both can apply to one case: make their periods or conditions exclusive",
                    ))
    return problems


def _exclusive(a: Rule, b: Rule) -> bool:
    """True when two rules can never fire for the same case (disjoint periods, or opposite tests)."""
    if a.valid_to and b.valid_from and a.valid_to < b.valid_from:
        return True
    if b.valid_to and a.valid_from and b.valid_to < a.valid_from:
        return True
    tests_a = {c.fact: c for c in a.when if c.fact}
    for c in b.when:
        other = tests_a.get(c.fact) if c.fact else None
        if other is None:
            continue
        if {other.operator, c.operator} == {"is"} and other.value != c.value:
            return True
        if {other.operator, c.operator} == {"is", "is_not"} and other.value == c.value:
            return True
        pair = {other.operator: other.value, c.operator: c.value}
        if "is" in pair and "in" in pair and pair["is"] not in pair["in"]:
            return True
        if "is" in pair and "not_in" in pair and pair["is"] in pair["not_in"]:
            return True
        if "in" in pair and "not_in" in pair and set(pair["in"]) <= set(pair["not_in"]):
            return True
    return False


# ---- evaluation in Python: for ``because`` and ``--explain`` -------------------------------------------


@dataclass(frozen=True)
class Test:
    """A validated condition in the form evaluation uses: one test of a fact, or an any/all group.

    Values of date facts are day numbers already; ``text`` is the condition in words.
    """

    op: str
    fact: str = ""
    value: Any = None
    items: tuple[Test, ...] = ()
    text: str = ""


def engine_key(name: str) -> str:
    """The key of a fact in the engine: durable_rules wants plain names."""
    return name.replace(".", "__")


def _engine_value(value: Any, ftype: FactType) -> Any:
    return day_number(_parse_day(value)) if ftype.kind == "date" else value


def show(value: Any) -> str:
    """A value as a rule writer wrote it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(show(v) for v in value) + "]"
    return str(value)


def describe(cond: Condition) -> str:
    """A condition in words: ``perpetrator.known is true``."""
    if cond.any is not None:
        return "een van: " + "; ".join(describe(c) for c in cond.any)
    if cond.all is not None:
        return "alle: " + "; ".join(describe(c) for c in cond.all)
    if cond.operator == "present":
        return f"{cond.fact} is {'bekend' if cond.value else 'onbekend'}"
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
