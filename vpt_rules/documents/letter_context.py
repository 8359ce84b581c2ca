"""The typed context of the letters to the perpetrator, and what keeps the victim's privacy in it.

:class:`LetterContext` has no field for the victim's home address, names the employee only when the case
allows it (``victim.named_to_perpetrator`` and no anonymity), and takes no free text written for internal
use: the incident is the text meant for the perpetrator (``incident.description_for_perpetrator``) or fixed
sentences from the structured facts. :mod:`.privacy` is the second line on every field. The claim documents
(:mod:`vpt_rules.documents.claim_context`) reuse the views and the guard.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import resources
from ..i18n import Message, dutch
from ..model.case import Address, Case, IncidentKind, Measure
from ..model.errors import Problem, UserError
from ..model.loading import load_file
from ..model.values import AMSTERDAM
from ..rules.outcome import Outcome
from .privacy import PrivacyGuard, may_name_victim, refuse_leaks

__all__ = [
    "LetterContext",
    "LetterHead",
    "PERPETRATOR_LETTERS",
    "build_letter_context",
    "describe_incident",
    "designate_victim",
]

PERPETRATOR_LETTERS = (
    "perpetrator_letter_warning",
    "perpetrator_letter_ban",
    "perpetrator_letter_service_stop",
)
CONDUCT_NL = {
    "verbal_abuse": "belediging",
    "threat": "bedreiging",
    "intimidation": "intimidatie",
    "discrimination": "discriminatie",
    "physical_violence": "mishandeling",
    "serious_violence": "ernstig geweld",
    "sexual_harassment": "seksuele intimidatie",
    "property_damage": "vernieling",
    "stalking": "stalking",
}
WORDING = "incident_wording.yaml"
# The context paths that show the employee's name when the case allows it (victim.named_to_perpetrator).
VICTIM_NAMED = ("victim.designation", "employee_claim.name")


@dataclass(frozen=True)
class AddressView:
    street: str
    postcode: str
    city: str


@dataclass(frozen=True)
class ContactView:
    name: str
    function: str
    phone: str
    email: str


@dataclass(frozen=True)
class SignatoryView:
    name: str
    function: str


@dataclass(frozen=True)
class EmployerView:
    name: str
    address: AddressView
    contact: ContactView
    signatory: SignatoryView


@dataclass(frozen=True)
class Recipient:
    """Someone the letter goes to (or a copy): the name, then the address lines (may be none)."""

    name: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class IncidentView:
    date: str  # "5 oktober 2026"
    time: str  # "10.40" (Dutch writes the time with a point)
    location: str
    description: str
    conduct: str  # "bedreiging en belediging"


@dataclass(frozen=True)
class VictimView:
    """How the letter refers to the victim. There is deliberately no name field and no address field."""

    designation: str  # "Sanne Jacobs, Klantmanager" or "een medewerker van Gemeente Arnhem (Klantmanager)"
    job_title: str


@dataclass(frozen=True)
class PerpetratorView:
    name: str
    minor: bool


@dataclass(frozen=True)
class MeasureView:
    kind: str  # warning | ban | service_stop
    until: str | None  # "5 januari 2027"
    scope: str | None


@dataclass(frozen=True)
class ReportView:
    filed: bool
    date: str | None


@dataclass(frozen=True)
class LetterHead:
    """The fields every letter to the perpetrator's side has: who writes, to whom, about which incident.

    Shared by :class:`LetterContext` and the claim documents' ``ClaimContext``.
    """

    document: str
    case_id: str
    place: str
    letter_date: str
    employer: EmployerView
    recipients: tuple[Recipient, ...]
    copies: tuple[Recipient, ...]
    to_representatives: bool
    perpetrator: PerpetratorView
    incident: IncidentView
    victim: VictimView
    report: ReportView


@dataclass(frozen=True)
class LetterContext(LetterHead):
    """Every field a perpetrator letter template may use (``{{ employer.contact.name }}`` …)."""

    measure: MeasureView
    damage: bool  # the case gives damage to recover; without it the letter reserves the right to claim


def _address_lines(address: Address | None) -> tuple[str, ...]:
    if address is None:
        return ()
    return (address.street, f"{address.postcode} {address.city}")


def _names_together(names: list[str]) -> str:
    """'M. de Vries' and 'J. de Vries' as 'M. en J. de Vries'; other names joined with 'en'."""
    if len(names) > 1:
        heads, tails = zip(*(name.partition(" ")[::2] for name in names), strict=True)
        if len(set(tails)) == 1 and tails[0]:
            return _and(list(heads)) + " " + tails[0]
    return _and(names)


def _conduct(kinds: Iterable[str]) -> str:
    words = list(dict.fromkeys(CONDUCT_NL[str(k)] for k in kinds))
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " en " + words[-1]


@functools.cache
def _wording(path: Path, mtime: float) -> dict[str, Any]:
    data = load_file(path)
    problems = [Problem(f"{path}: behaviour.{kind}", Message("is missing"))
                for kind in IncidentKind if kind.value not in data.get("behaviour", {})]
    problems += [Problem(f"{path}: {key}", Message("is missing"))
                 for key in ("sentence", "employee", "weapon") if key not in data]
    if problems:
        raise UserError(problems)
    return data


def incident_wording() -> dict[str, Any]:
    """The fixed sentences that describe an incident from its structured facts (``incident_wording.yaml``)."""
    folder = resources.folder("templates")
    path = folder / WORDING if (folder / WORDING).is_file() else resources.bundled("templates") / WORDING
    return _wording(path, path.stat().st_mtime)


def describe_incident(case: Case, subject: str) -> str:
    """The incident for the perpetrator's side: the text meant for that reader, else fixed sentences built from
    the kinds of behaviour and the weapon, never from the employer's own description."""
    if case.incident.description_for_perpetrator:
        return case.incident.description_for_perpetrator
    wording = incident_wording()
    kinds = [wording["behaviour"][str(kind)] for kind in dict.fromkeys(case.incident.kinds)]
    verbs = [k["employee"] for k in kinds if "employee" in k]
    parts = ([wording["employee"] + " " + _and(verbs)] if verbs else []) + [k["other"] for k in kinds if "other" in k]
    text = wording["sentence"].format(subject=subject, behaviour=_and(parts))
    return text + (" " + wording["weapon"] if case.incident.weapon else "")


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " en " + words[-1]


def designate_victim(case: Case) -> str:
    """How a document for the perpetrator's side refers to the employee: by name only when the case allows it
    (:func:`may_name_victim`), otherwise as an employee of the organisation; the job title once."""
    victim = case.victim
    if may_name_victim(case):
        return f"{victim.name}, {victim.job_title}"
    if "(" in victim.job_title or ")" in victim.job_title:
        return f"een medewerker van {case.employer.name}, {victim.job_title}"
    return f"een medewerker van {case.employer.name} ({victim.job_title})"


def build_letter_context(case: Case, outcome: Outcome, document: str) -> LetterContext:
    """The typed context of a letter to the perpetrator (warning, ban or service stop).

    The incident is described by :func:`describe_incident`; every text is then read by the privacy guard, which
    refuses the letter (UserError, naming the field) when any of them shows the victim.
    """
    perpetrator = case.perpetrator
    if not perpetrator.known or perpetrator.name is None:
        raise UserError(Problem("perpetrator.known", Message("is false: {document} needs a known perpetrator",
                                                             document=document)))
    employer = case.employer
    occurred = case.incident.occurred_at.astimezone(AMSTERDAM)
    to_representatives = bool(outcome.flags.get("letter_to_representatives"))
    copy_to_representatives = bool(outcome.flags.get("letter_copy_to_representatives"))
    own_lines = _address_lines(perpetrator.address)
    at_address: dict[tuple[str, ...], list[str]] = {}  # two parents at one address: one block
    for rep in perpetrator.legal_representatives:
        at_address.setdefault(_address_lines(rep.address) or own_lines, []).append(rep.name)
    representatives = tuple(Recipient(_names_together(names), lines) for lines, names in at_address.items())
    parents = f"de ouders of wettelijk vertegenwoordigers van {perpetrator.name}"
    if to_representatives:
        recipients = representatives or (Recipient(parents[0].upper() + parents[1:], own_lines),)
        copies: tuple[Recipient, ...] = ()
    else:
        recipients = (Recipient(perpetrator.name, own_lines),)
        copies = (representatives or (Recipient(parents, ()),)) if copy_to_representatives else ()

    victim = case.victim
    subject = perpetrator.name if to_representatives else "u"

    response = case.response
    measure_kind = document.removeprefix("perpetrator_letter_")
    until = response.ban_until if response and response.measure.value == measure_kind else None
    scope = response.ban_scope if response and response.measure.value == measure_kind else None
    if measure_kind == Measure.ban and until is None:
        raise UserError(Problem("response.ban_until", Message("is required for {document} (response.measure: ban)",
                                                               document=document)))
    filed = case.report.filed_at if case.report and case.report.filed_at else None

    context = LetterContext(
        document=document,
        case_id=case.case_id,
        place=employer.address.city,
        letter_date=dutch.day(outcome.as_of.astimezone(AMSTERDAM).date()),
        employer=EmployerView(
            name=employer.name,
            address=AddressView(employer.address.street, employer.address.postcode, employer.address.city),
            contact=ContactView(employer.contact.name, employer.contact.function, employer.contact.phone,
                                employer.contact.email),
            signatory=SignatoryView(employer.signatory.name, employer.signatory.function),
        ),
        recipients=recipients,
        copies=copies,
        to_representatives=to_representatives,
        perpetrator=PerpetratorView(perpetrator.name, bool(outcome.flags.get("perpetrator_minor"))),
        incident=IncidentView(
            date=dutch.day(occurred.date()),
            time=occurred.strftime("%H.%M"),  # Dutch writes "10.40 uur"
            location=case.incident.location,
            description=describe_incident(case, subject),
            conduct=_conduct(case.incident.kinds),
        ),
        victim=VictimView(designation=designate_victim(case), job_title=victim.job_title),
        measure=MeasureView(kind=measure_kind, until=dutch.day(until) if until else None,
                            scope=scope),
        report=ReportView(filed=filed is not None,
                          date=dutch.day(filed.astimezone(AMSTERDAM).date()) if filed else None),
        damage=bool(case.damages and (any(i.net > 0 for i in case.damages.items) or case.damages.immaterial)),
    )
    refuse_leaks(context, PrivacyGuard(case), case, allowed=VICTIM_NAMED if may_name_victim(case) else ())
    return context
