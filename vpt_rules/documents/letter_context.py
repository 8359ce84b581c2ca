"""The typed context of the letters to the perpetrator, and what keeps the victim's privacy in it.

:class:`LetterContext` has no field for the victim's home address and names the victim only when
``victim.anonymity`` is ``none``: a template cannot print what its context does not hold. Free text written
by the employer passes through :class:`Redactor`; :func:`refuse_leaks` is the last guard on every field.
The claim documents (:mod:`vpt_rules.documents.claim_context`) reuse the views, the redactor and the guard.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..i18n import dutch
from ..model.case import Address, Anonymity, Case, Measure
from ..model.errors import Problem, UserError
from ..model.values import AMSTERDAM
from ..rules.outcome import Outcome

__all__ = [
    "LetterContext",
    "LetterHead",
    "PERPETRATOR_LETTERS",
    "Redactor",
    "build_letter_context",
    "refuse_leaks",
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
REDACTED_NAME = "de medewerker"
REDACTED_ADDRESS = "[adres medewerker]"


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
    time: str  # "10:40"
    location: str
    description: str
    conduct: str  # "bedreiging en belediging"


@dataclass(frozen=True)
class VictimView:
    """How the letter refers to the victim. There is deliberately no name field and no address field."""

    designation: str  # "Sanne Jacobs, Klantmanager" or "een medewerker (Klantmanager)"
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


def _address_lines(address: Address | None) -> tuple[str, ...]:
    if address is None:
        return ()
    return (address.street, f"{address.postcode} {address.city}")


def _conduct(kinds: Iterable[str]) -> str:
    words = list(dict.fromkeys(CONDUCT_NL[str(k)] for k in kinds))
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " en " + words[-1]


class Redactor:
    """Keeps the victim's name (under anonymity) and home address out of free text written by the employer."""

    def __init__(self, case: Case) -> None:
        victim = case.victim
        secrets: list[tuple[str, str]] = []
        if victim.anonymity != Anonymity.none:
            secrets.append((victim.name, REDACTED_NAME))
        if victim.home_address is not None:
            home = victim.home_address
            secrets += [(home.street, REDACTED_ADDRESS), (home.postcode, REDACTED_ADDRESS)]
        self.patterns = [
            (re.compile(rf"(?<!\w){re.escape(s.strip())}(?!\w)", re.IGNORECASE), replacement)
            for s, replacement in secrets
            if s.strip()
        ]

    def clean(self, text: str) -> str:
        for pattern, replacement in self.patterns:
            text = pattern.sub(replacement, text)
        return text

    def find(self, text: str) -> bool:
        return any(pattern.search(text) for pattern, _ in self.patterns)


def build_letter_context(case: Case, outcome: Outcome, document: str) -> LetterContext:
    """The typed context of a letter to the perpetrator (warning, ban or service stop).

    Free text (description, location, scope) has the victim's home street and postcode, and under anonymity
    the victim's name, replaced; any other field that would still show them is refused (UserError).
    """
    perpetrator = case.perpetrator
    if not perpetrator.known or perpetrator.name is None:
        raise UserError(Problem("perpetrator.known", f"is false: {document} needs a known perpetrator"))
    redact = Redactor(case)
    employer = case.employer
    occurred = case.incident.occurred_at.astimezone(AMSTERDAM)
    to_representatives = bool(outcome.flags.get("letter_to_representatives"))
    copy_to_representatives = bool(outcome.flags.get("letter_copy_to_representatives"))
    own_lines = _address_lines(perpetrator.address)
    representatives = tuple(
        Recipient(rep.name, _address_lines(rep.address) or own_lines)
        for rep in perpetrator.legal_representatives
    )
    parents = f"de ouders of wettelijk vertegenwoordigers van {perpetrator.name}"
    if to_representatives:
        recipients = representatives or (Recipient(parents[0].upper() + parents[1:], own_lines),)
        copies: tuple[Recipient, ...] = ()
    else:
        recipients = (Recipient(perpetrator.name, own_lines),)
        copies = (representatives or (Recipient(parents, ()),)) if copy_to_representatives else ()

    victim = case.victim
    if victim.anonymity == Anonymity.none:
        designation = f"{victim.name}, {victim.job_title}"
    else:
        designation = f"een medewerker ({redact.clean(victim.job_title)})"

    response = case.response
    measure_kind = document.removeprefix("perpetrator_letter_")
    until = response.ban_until if response and response.measure.value == measure_kind else None
    scope = response.ban_scope if response and response.measure.value == measure_kind else None
    if measure_kind == Measure.ban and until is None:
        raise UserError(Problem("response.ban_until", f"is required for {document} (response.measure: ban)"))
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
            time=occurred.strftime("%H:%M"),
            location=redact.clean(case.incident.location),
            description=redact.clean(case.incident.description),
            conduct=_conduct(case.incident.kinds),
        ),
        victim=VictimView(designation=designation, job_title=redact.clean(victim.job_title)),
        measure=MeasureView(kind=measure_kind, until=dutch.day(until) if until else None,
                            scope=redact.clean(scope) if scope else None),
        report=ReportView(filed=filed is not None,
                          date=dutch.day(filed.astimezone(AMSTERDAM).date()) if filed else None),
    )
    refuse_leaks(context, redact, case)
    return context


def _strings(value: Any, path: str) -> Iterable[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            yield from _strings(getattr(value, f.name), f"{path}.{f.name}" if path else f.name)
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            yield from _strings(item, f"{path}.{i}")


def refuse_leaks(context: Any, redact: Redactor, case: Case) -> None:
    """The last guard: no field of a perpetrator letter may show the victim's name or home address.

    ``context`` is a context dataclass with a ``document`` field (:class:`LetterContext` or a claim context).
    """
    problems = []
    for path, text in _strings(context, ""):
        if path.startswith("victim.designation") and case.victim.anonymity == Anonymity.none:
            continue
        if path.startswith(("recipients.", "copies.", "perpetrator.")):
            continue  # the perpetrator's side's own names and addresses (a neighbour shares a postcode)
        if redact.find(text):
            problems.append(Problem(
                f"{case.case_id}: {context.document}: {path}",
                "would show the victim's name or home address to the perpetrator (victim.anonymity / "
                "home_address); change that field in the case file",
            ))
    if problems:
        raise UserError(problems)
