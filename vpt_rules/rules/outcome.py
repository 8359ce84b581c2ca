"""The outcome of an evaluation (SPEC §3): flags, actions with due moments, documents.

The JSON is deterministic: same case, same rules, same ``as_of`` give the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..jsontext import dumps

ACTORS = ("employer", "employee", "police", "prosecutor", "helpdesk")
DOCUMENTS = (
    "perpetrator_letter_warning",
    "perpetrator_letter_ban",
    "perpetrator_letter_service_stop",
    "liability_letter",
    "injured_party_claim",
    "damage_statement",
)


@dataclass(frozen=True)
class FlagType:
    """A flag of the outcome: its kind (bool, int, choice or list), allowed values and default."""

    kind: str
    default: Any
    values: tuple[Any, ...] = ()

    def accepts(self, value: Any) -> bool:
        if self.kind == "bool":
            return isinstance(value, bool)
        if self.kind == "list":
            return isinstance(value, list) and all(isinstance(v, str) for v in value)
        return value in self.values and type(value) is type(self.default)

    def describe(self) -> str:
        if self.kind == "bool":
            return "true or false"
        if self.kind == "list":
            return "a list of texts"
        return "one of " + ", ".join(str(v) for v in self.values)


FLAGS: dict[str, FlagType] = {
    "priority_handling": FlagType("bool", False),
    "vpt_marking": FlagType("bool", False),
    "sentencing_uplift_percent": FlagType("choice", 0, (0, 25, 100, 200)),
    "summons_expected": FlagType("bool", False),
    "employer_report_allowed": FlagType("bool", False),
    "domicile_choice": FlagType("bool", False),
    "report_under_number": FlagType("bool", False),
    "statutory_aggravation": FlagType("list", []),
    "perpetrator_minor": FlagType("bool", False),
    "halt_possible": FlagType("bool", False),
    "halt_prosecutor_decides": FlagType("bool", False),
    "criminal_route_closed": FlagType("bool", False),
    "state_advance": FlagType("choice", "none", ("none", "capped_5000", "full")),
    "complaint_required": FlagType("bool", False),
    "community_service_ban": FlagType("bool", False),
    "letter_to_representatives": FlagType("bool", False),
    "letter_copy_to_representatives": FlagType("bool", False),
}


@dataclass(frozen=True)
class Action:
    """One thing to do: who, by when, why, on what authority, with which documents."""

    id: str
    title: str
    explanation: str
    actor: str
    due: datetime | None
    overdue: bool
    rule: str
    sources: tuple[str, ...]
    because: tuple[str, ...]
    documents: tuple[str, ...] = ()
    available_from: datetime | None = None
    because_facts: tuple[str, ...] = ()  # the machine form of ``because``: ``perpetrator.known is true``

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "explanation": self.explanation,
            "actor": self.actor,
            "due": self.due.isoformat() if self.due else None,
            "overdue": self.overdue,
            "rule": self.rule,
            "sources": list(self.sources),
            "because": list(self.because),
            "because_facts": list(self.because_facts),
            "documents": list(self.documents),
            "available_from": self.available_from.isoformat() if self.available_from else None,
        }


@dataclass(frozen=True)
class Outcome:
    """What follows from one case at one moment."""

    case_id: str
    as_of: datetime
    rulesets: dict[str, str]
    vpt_case: bool
    flags: dict[str, Any]
    actions: tuple[Action, ...]
    fired: tuple[str, ...] = ()
    audit: dict[str, str] = field(default_factory=dict)

    @property
    def documents(self) -> list[str]:
        """The documents to make, in the order of the actions that ask for them."""
        seen: dict[str, None] = {}
        for action in self.actions:
            for doc in action.documents:
                seen.setdefault(doc, None)
        return list(seen)

    def action(self, action_id: str) -> Action | None:
        """The action with this id, if the case has it."""
        return next((a for a in self.actions if a.id == action_id), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "case_id": self.case_id,
            "as_of": self.as_of.isoformat(),
            "rulesets": dict(sorted(self.rulesets.items())),
            "vpt_case": self.vpt_case,
            "flags": {name: self.flags[name] for name in FLAGS},
            "actions": [a.to_dict() for a in self.actions],
            "documents": self.documents,
            "fired_rules": list(self.fired),
            "audit": dict(sorted(self.audit.items())),
        }

    def to_json(self) -> str:
        """Deterministic JSON, UTF-8 text, two-space indent."""
        return dumps(self.to_dict())
