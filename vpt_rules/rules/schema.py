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
        sources: ["VPT-maatregel 5 (VNG, focusblad Publieke Taak; M)",
                  {text: "Art. 6:169 BW (H)", when: [{fact: perpetrator.age, lt: 14}]}]   # only where it applies

Every error names the file, the rule and the field.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StrictBool,
    StrictInt,
    model_validator,
)

from ..model.messages import Invalid, field_error
from ..model.values import parse_day
from .facts import MOMENTS, FactType
from .outcome import ACTORS

if TYPE_CHECKING:
    from .phrases import Phrases

OPERATORS = ("is", "is_not", "in", "not_in", "lt", "lte", "gt", "gte", "present")
# The machine form of a condition (``because_facts``, ``failed_facts``): the rule file's own operators.
_OP_TEXT = {"is": "is", "is_not": "is_not", "in": "in", "not_in": "not_in", "lt": "<", "lte": "<=", "gt": ">",
            "gte": ">="}
ACTION_IDS = (
    "register_incident", "aftercare", "evaluate_incident", "perpetrator_letter", "police_report",
    "ask_vpt_code", "use_domicile_choice", "employer_report", "join_criminal_case",
    "request_compensation_order", "claim_state_advance", "violent_crimes_fund", "liability_letter",
    "wage_recourse", "limitation_period", "limitation_period_other_damage", "no_criminal_case",
)
_ID = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$"
MAX_RULES_PER_STAGE = 400  # durable_rules 2.0.28 gave error 303 at about 480 rules in one ruleset


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


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
                raise Invalid("a group (any/all) holds only its list of conditions")
            if not getattr(self, groups[0]):
                raise Invalid("'{group}' needs at least one condition", group=groups[0])
            return self
        if self.fact is None:
            raise Invalid("a condition needs 'fact' and one operator, or 'any'/'all'")
        if len(ops) != 1:
            raise Invalid("use exactly one operator of {operators} (found {count})", operators=", ".join(OPERATORS),
                          count=len(ops))
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
            raise Invalid("give exactly one of hours, working_days, days, months, years")
        if self.from_ not in MOMENTS:
            raise field_error("from", "unknown moment '{moment}'; known: {known}", moment=self.from_,
                              known=", ".join(MOMENTS))
        if self.override and terms[0] != "hours":
            raise field_error("override", "only a term in hours can be overridden by the employer")
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


class Source(_Strict):
    """A source that applies only to some cases: shown with an action only when its ``when`` holds
    (the source on children under 14 is not shown for an adult perpetrator)."""

    text: Annotated[str, Field(min_length=3)]
    when: Annotated[list[Condition], Field(min_length=1)]


class Rule(_Strict):
    id: Annotated[str, Field(pattern=_ID, max_length=80)]
    title: Annotated[str, Field(min_length=3, max_length=200)]
    description: Annotated[str, Field(min_length=10, max_length=3000)]
    valid_from: Annotated[date, Field(json_schema_extra={"format": "date"})] | None = None
    valid_to: date | None = None
    when: Annotated[list[Condition], Field(min_length=1)]
    then: Then
    sources: Annotated[list[Annotated[str, Field(min_length=3)] | Source], Field(min_length=1)]

    def source_texts(self) -> list[str]:
        """Every source of the rule, conditional ones included (for ``vpt rules``)."""
        return [s if isinstance(s, str) else s.text for s in self.sources]

    @model_validator(mode="before")
    @classmethod
    def _dates(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for key in ("valid_from", "valid_to"):
                if data.get(key) is not None:
                    try:
                        data = {**data, key: parse_day(data[key])}
                    except Invalid as exc:
                        raise Invalid(at=[(key, message, False) for _, message, _a in exc.at]) from None
        return data

    @model_validator(mode="after")
    def _period(self) -> Rule:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise field_error("valid_to", "lies before valid_from")
        if not any(c.is_positive() for c in self.when):
            raise field_error("when", "needs at least one condition that is not 'present: false'")
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
class Test:
    """A validated condition in the form evaluation uses: one test of a fact, or an any/all group.

    Values of date facts are day numbers already; ``text`` is the condition in words.
    """

    op: str
    fact: str = ""
    value: Any = None
    items: tuple[Test, ...] = ()
    text: str = ""


@dataclass(frozen=True)
class RuleSets:
    """All rule files of one folder, validated and ready to compile."""

    files: tuple[RuleFile, ...]
    digest: str
    facts: dict[str, FactType] = field(default_factory=dict)
    tests: dict[str, tuple[Test, ...]] = field(default_factory=dict)
    # rule id -> its sources, each with the tests that decide whether it applies to a case (none: always)
    source_tests: dict[str, tuple[tuple[str, tuple[Test, ...]], ...]] = field(default_factory=dict)
    phrases: dict[str, Phrases] = field(default_factory=dict)  # the fact catalogue per language
    # The actions in other languages: lang -> (rule id, action id) -> (title, explanation); see wording.py.
    wording: dict[str, dict[tuple[str, str], tuple[str, str]]] = field(default_factory=dict)

    @property
    def rules(self) -> list[tuple[RuleFile, Rule]]:
        return [(f, r) for f in self.files for r in f.rules]

    @property
    def versions(self) -> dict[str, str]:
        return {f.ruleset: f.version for f in self.files}

    def provided_defaults(self) -> dict[str, Any]:
        return dict(self._defaults)

    @functools.cached_property
    def _defaults(self) -> dict[str, Any]:
        return {name: p.default for f in self.files for name, p in f.provides.items()}

    @functools.cached_property
    def by_id(self) -> dict[str, Rule]:
        """Each rule by its id (built once per ruleset)."""
        return {rule.id: rule for _, rule in self.rules}

    @functools.cached_property
    def tested_facts(self) -> dict[str, tuple[str, ...]]:
        """Each rule id's facts that its tests look at, in a fixed order (built once per ruleset)."""

        def of(test: Test) -> set[str]:
            return {test.fact} if test.fact else {f for t in test.items for f in of(t)}

        return {rule_id: tuple(sorted({f for test in tests for f in of(test)}))
                for rule_id, tests in self.tests.items()}

    @functools.cached_property
    def reasons(self) -> dict[tuple[Any, ...], tuple[tuple[str, ...], tuple[str, ...]]]:
        """The reasons of fired rules worked out so far (see evaluation.because); one store per rule set."""
        return {}

    @functools.cached_property
    def order(self) -> dict[str, int]:
        """Each rule id's place in file order (built once per ruleset)."""
        return {rule.id: i for i, (_, rule) in enumerate(self.rules)}


