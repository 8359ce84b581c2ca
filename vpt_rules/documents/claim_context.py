"""The claim documents: ``liability_letter``, ``injured_party_claim``, ``damage_statement``.

Registered in :mod:`.registry`; the fields of :class:`ClaimContext` are the known variables of the three
templates. Every amount is Dutch money text ("€ 1.234,56"), every date Dutch ("22 november 2026"). The
addressee, the victim's designation and the privacy guard are those of the letters to the perpetrator
(:mod:`.letter_context`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from ..claims.claim import ImmaterialLine, ItemLine, PartyClaim, Route, build_claim
from ..claims.interest import ZERO
from ..claims.parameters import get_data
from ..claims.text import KIND_NL, PARTY_NL
from ..i18n import dutch
from ..model.case import Case
from ..model.values import AMSTERDAM
from ..rules.outcome import Outcome
from .letter_context import VICTIM_NAMED, LetterHead, build_letter_context
from .privacy import PrivacyGuard, may_name_victim, refuse_leaks

__all__ = ["CLAIM_DOCUMENTS", "ClaimContext", "build_claim_context"]

CLAIM_DOCUMENTS = ("liability_letter", "injured_party_claim", "damage_statement")


@dataclass(frozen=True)
class LineView:
    """One line of a damage statement."""

    description: str
    kind: str
    date: str
    amount: str
    reimbursed: str
    net: str
    interest: str
    total: str


@dataclass(frozen=True)
class PartyView:
    """What one party claims, as text. ``claims`` is false when the party has nothing to claim."""

    label: str  # "Werknemer" / "Werkgever"
    name: str  # the employee as the documents may name them; the employer's name
    claims: bool
    lines: tuple[LineView, ...]
    immaterial: LineView | None
    principal: str
    interest: str
    total: str


@dataclass(frozen=True)
class RouteView:
    title: str
    due: str | None
    amount: str | None


@dataclass(frozen=True)
class ClaimContext(LetterHead):
    """Every field the claim documents may use (``{{ employee_claim.total }}`` …): the head of a letter to
    the perpetrator (:class:`~vpt_rules.letter_context.LetterHead`), then the claim.

    Only what may be shown to the perpetrator: the adviser's notes on the claim are left out.
    """

    police_reference: str | None
    hearing_date: str | None
    interest_to: str
    employee_claim: PartyView
    employer_claim: PartyView
    total: str
    kantonrechter_limit: str | None
    routes: tuple[RouteView, ...]
    payment_term_days: int  # the liability letter: pay within this many days of the letter …
    payment_due: str  # … that is, at the latest on this day ("9 december 2026")
    iban: str | None  # the employer's account (employer.iban), grouped by four: "NL91 ABNA 0417 1643 00"


def _line(line: ItemLine | ImmaterialLine) -> LineView:
    money = dutch.money
    if isinstance(line, ItemLine):
        return LineView(line.description, KIND_NL[line.kind], dutch.day(line.incurred_on),
                        money(line.amount), money(line.reimbursed), money(line.net),
                        money(line.interest.amount), money(line.total))
    start = dutch.day(line.interest.start) if line.interest else ""
    return LineView("Smartengeld (immateriële schade)", "smartengeld", start, money(line.amount),
                    money(ZERO), money(line.amount), money(line.interest_amount), money(line.total))


def chosen(party: PartyClaim) -> tuple[bool, Decimal, Decimal]:
    """What a document may claim for a party: only chosen amounts. A suggested smartengeld (nobody chose it)
    is left out, with its interest: (immaterial included, principal, interest)."""
    if party.immaterial.basis == "claimed":
        return True, party.principal, party.interest
    return False, party.principal - party.immaterial.amount, party.interest - party.immaterial.interest_amount


def _party_view(party: PartyClaim, name: str) -> PartyView:
    with_immaterial, principal, interest = chosen(party)
    immaterial = _line(party.immaterial) if with_immaterial else None
    lines = tuple(_line(i) for i in party.items)
    total = principal + interest
    return PartyView(PARTY_NL[party.party], name, total > 0, lines, immaterial,
                     dutch.money(principal), dutch.money(interest), dutch.money(total))


def _iban(iban: str | None) -> str | None:
    return " ".join(iban[i:i + 4] for i in range(0, len(iban), 4)) if iban else None


def _route_view(route: Route) -> RouteView:
    due = dutch.moment(route.action.due) if route.action.due else None
    return RouteView(route.action.title, due, dutch.money(route.amount) if route.amount is not None else None)


def build_claim_context(case: Case, outcome: Outcome, document: str) -> ClaimContext:
    """The context of a claim document, from the claim at ``outcome.as_of`` (data: the default folder).

    The addressee, the victim's designation and the privacy guard are those of the letters to the
    perpetrator: the victim's name only when the case allows it, never the home address.
    """
    base = build_letter_context(case, outcome, document)
    claim = build_claim(case, outcome, get_data(), outcome.as_of)
    # the routes' amounts: each party's own chosen amount (see chosen); a suggested smartengeld never shows
    pros = case.prosecution
    letter = claim.route("liability_letter")
    limit = letter.details.get("kantonrechter_limit") if letter else None
    head = {f.name: getattr(base, f.name) for f in dataclasses.fields(LetterHead)}
    letter_day = outcome.as_of.astimezone(AMSTERDAM).date()
    term = case.employer.payment_term_days or get_data()["payment_term"].on(letter_day) or 14
    context = ClaimContext(
        **head,
        police_reference=case.report.police_reference
        if case.report and case.report.police_reference else None,
        hearing_date=dutch.moment(pros.hearing_at) if pros and pros.hearing_at else None,
        interest_to=dutch.day(claim.interest_to),
        employee_claim=_party_view(claim.parties["employee"], base.victim.designation),
        employer_claim=_party_view(claim.parties["employer"], case.employer.name),
        total=dutch.money(sum((sum(chosen(p)[1:]) for p in claim.parties.values()), ZERO)),
        kantonrechter_limit=dutch.money(Decimal(limit)) if limit else None,
        routes=tuple(_route_view(r) for r in claim.routes),
        payment_term_days=term,
        payment_due=dutch.day(letter_day + timedelta(days=term)),
        iban=_iban(case.employer.iban),
    )
    refuse_leaks(context, PrivacyGuard(case), case, allowed=VICTIM_NAMED if may_name_victim(case) else ())
    return context

