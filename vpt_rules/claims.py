"""The claim (SPEC §4): what can be claimed, by whom, by which route and by when.

Pure functions of (case, outcome, data, as_of): :func:`build_claim` reads the legal values from a
:class:`~vpt_rules.parameters.DataSet` and never does I/O; :func:`compute_claim` is the façade that loads
the case, the rules and the data. Money is ``Decimal`` throughout, rounded to cents half up.

Per party (employee, employer): each damage item net of what was reimbursed, with statutory interest; for
the employee the immaterial damage (smartengeld): the amount claimed, or else a suggestion from the most
similar reference awards, indexed with the CPI. Statutory interest (art. 6:119 BW), see
:func:`statutory_interest`. Collection costs: the statutory scale applies to a tort claim only after a
settlement agreement, so the claim reports them as not applicable (:func:`collection_costs` computes the
scale where it does apply). The routes are the damage actions of the outcome, with their amounts.

``Claim.to_dict()`` is the stable shape that the JSON output and the documents (``liability_letter``,
``injured_party_claim``, ``damage_statement``) are built on. Money is a string with two decimals, dates
are ISO 8601, every key is always present (null where not applicable)::

    {"case_id", "as_of", "interest_to": "YYYY-MM-DD",
     "parties": {"employee" | "employer": {
         "items": [{"index", "kind", "description", "incurred_on", "amount", "reimbursed", "net",
                    "interest_from", "interest", "total",
                    "interest_periods": [{"from", "until", "days", "rate", "principal", "interest"}]}],
         "immaterial": {"basis": "claimed" | "suggested" | "none", "amount", "interest_from", "interest",
                        "total", "interest_periods", "suggestion": null | {"low", "high", "amount",
                        "index_year", "cpi_latest_year", "awards": [{"ecli", "court", "date", "source_url",
                        "facts", "confidence", "amount", "index_from_year", "index_to_year",
                        "indexed_amount", "distance"}]}},
         "principal", "interest", "total"}},
     "routes": [{"id", "title", "explanation", "actor", "due", "available_from", "overdue", "rule",
                 "sources", "amount", "details": {...}}],
     "collection_costs": {"applicable": false, "amount": null, "reason"},
     "total", "notes": ["..."],
     "audit": {"data_digest", "data_files": {"name": "sha256"}, "rules_digest", "rulesets", "tool_version"}}

``interest_periods`` are the pieces of the computation (one per rate and per interest year; ``until`` is
exclusive); their ``interest`` is rounded for display, the item's interest is computed from the exact
pieces. Route ``details`` per route id: ``join_criminal_case`` and ``request_compensation_order``:
``{"employee", "employer"}`` totals; ``claim_state_advance``: ``{"state_advance", "basis", "outstanding",
"cap", "judgment_final_on", "waiting_months", "employer"}``; ``violent_crimes_fund``: ``{"categories",
"caps", "term_years"}``; ``liability_letter``: ``{"kantonrechter_limit", "within_limit": {"employee",
"employer"}}``; ``wage_recourse``: ``{"items"}`` (indexes of the employer's wage and reintegration items);
``limitation_period``: ``{}``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, localcontext
from fractions import Fraction
from pathlib import Path
from typing import Any

from . import __version__, api, dutch
from .calendar import AMSTERDAM, add_years
from .case import Case, DamageKind, Injury, Party
from .errors import Problem, UserError
from .outcome import Action, Outcome
from .parameters import Award, DataSet, Parameter, ParameterGap, cents, get_data

ZERO = Decimal("0.00")
ROUTE_IDS = (
    "join_criminal_case", "request_compensation_order", "claim_state_advance", "violent_crimes_fund",
    "liability_letter", "wage_recourse", "limitation_period",
)
SUGGESTION_SIZE = 3  # how many of the most similar reference awards a suggestion rests on
_INJURY_LEVEL = {Injury.none: 0, Injury.minor: 1, Injury.medical_treatment: 2, Injury.hospital: 3,
                 Injury.permanent: 4}
_WAGE_KINDS = (DamageKind.wage_continuation, DamageKind.reintegration)
NOT_APPLICABLE = (
    "Niet van toepassing: dit is een vordering uit onrechtmatige daad. De wettelijke staffel voor "
    "buitengerechtelijke incassokosten geldt daarvoor pas na een vaststellingsovereenkomst (Besluit "
    "vergoeding voor buitengerechtelijke incassokosten; art. 6:96 BW). Wel kunnen redelijke kosten ter "
    "vaststelling van schade en aansprakelijkheid worden gevorderd (art. 6:96 lid 2 sub c BW)."
)


def _money(amount: Decimal | None) -> str | None:
    return None if amount is None else f"{cents(amount):.2f}"


def _number(value: Decimal) -> str:
    """A rate or factor without trailing zeros: ``7``, ``0.5``."""
    return f"{value.normalize():f}"


# ---- statutory interest -------------------------------------------------------------------------------


@dataclass(frozen=True)
class InterestPeriod:
    """One piece of an interest computation: days [start, until) at one rate on one principal."""

    start: date
    until: date
    rate: Decimal
    principal: Decimal
    interest: Decimal  # exact, not rounded

    @property
    def days(self) -> int:
        return (self.until - self.start).days

    def to_dict(self) -> dict[str, Any]:
        return {"from": self.start.isoformat(), "until": self.until.isoformat(), "days": self.days,
                "rate": _number(self.rate), "principal": _money(self.principal),
                "interest": _money(self.interest)}


@dataclass(frozen=True)
class Interest:
    """Statutory interest on one amount from ``start`` to ``end``, in cents, with its pieces."""

    start: date
    end: date
    amount: Decimal
    periods: tuple[InterestPeriod, ...] = ()
    rates_used: tuple[tuple[date, str], ...] = ()  # (start of the rate, its confidence)


class RateGap(Exception):
    """No statutory interest rate in force on a day (before the first known rate, or a rate ended)."""

    def __init__(self, day: date) -> None:
        super().__init__(str(day))
        self.day = day


def statutory_interest(principal: Decimal, start: date, end: date, rates: Parameter) -> Interest:
    """Statutory interest (art. 6:119 BW) on ``principal`` from ``start`` up to ``end`` (``end`` not counted).

    Simple interest at the rate in force each day (art. 6:120: a new rate applies to running interest
    from its start date), actual days / 365, also in a leap year. On each anniversary of ``start`` the
    interest of the year that ends is rounded to cents (half up) and added to the principal. The result
    is rounded to cents, half up. Anniversaries are counted from ``start`` itself (``add_years``), so a
    start on 29 February has its anniversaries on 28 February in common years and on 29 February in
    leap years. Raise :class:`RateGap` for a day without a known rate (before 1-1-2007 in the bundled
    data: earlier rates were not found).
    """
    if end <= start or principal <= 0:
        return Interest(start, max(start, end), ZERO)
    periods: list[InterestPeriod] = []
    used: dict[date, str] = {}
    interest = Decimal(0)
    base = principal
    year_start, year = start, 1
    with localcontext() as ctx:
        ctx.prec = 50
        while year_start < end:
            anniversary = add_years(start, year)
            year_end = min(anniversary, end)
            weighted = Decimal(0)  # the sum of rate x days in this interest year: exact
            try:
                pieces = rates.periods(year_start, year_end)
            except ParameterGap:
                raise RateGap(year_start) from None
            for first, until, entry in pieces:
                if entry is None:
                    raise RateGap(first)
                days = (until - first).days
                weighted += entry.value * days
                piece = base * entry.value * days / 36500
                periods.append(InterestPeriod(first, until, entry.value, base, piece))
                used[entry.start] = entry.confidence
            running = base * weighted / 36500
            if year_end == anniversary:  # a full interest year: add its interest to the principal
                running = cents(running)
                base += running
            interest += running
            year_start, year = year_end, year + 1
    return Interest(start, end, cents(interest), tuple(periods), tuple(sorted(used.items())))


def collection_costs(principal: Decimal, day: date, data: DataSet) -> Decimal | None:
    """The statutory scale of extrajudicial collection costs on ``principal`` on ``day`` (None before it).

    Only where the scale applies: contractual debts, and a tort claim after a settlement agreement.
    """
    scale = data["collection_costs"].on(day)
    return None if scale is None else scale.amount(principal)


# ---- immaterial damage --------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndexedAward:
    """A reference award with its amount in the money of ``to_year`` (CPI) and its distance to the case."""

    award: Award
    from_year: int
    to_year: int
    indexed: Decimal
    distance: Fraction

    def to_dict(self) -> dict[str, Any]:
        a = self.award
        return {"ecli": a.ecli, "court": a.court, "date": a.date.isoformat(), "source_url": a.source_url,
                "facts": a.facts, "confidence": a.confidence, "amount": _money(a.amount),
                "index_from_year": self.from_year, "index_to_year": self.to_year,
                "indexed_amount": _money(self.indexed), "distance": str(self.distance)}


@dataclass(frozen=True)
class Suggestion:
    """A range for smartengeld from the most similar reference awards; ``amount`` is their median."""

    low: Decimal
    high: Decimal
    amount: Decimal
    index_year: int
    cpi_latest_year: int
    awards: tuple[IndexedAward, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"low": _money(self.low), "high": _money(self.high), "amount": _money(self.amount),
                "index_year": self.index_year, "cpi_latest_year": self.cpi_latest_year,
                "awards": [a.to_dict() for a in self.awards]}


def award_distance(case: Case, award: Award) -> Fraction:
    """How unlike the case an award is (0: alike). Exact fractions, so ties are ties.

    Injury level (none … permanent) counts 2 per step; the kinds of incident 2 x (1 - overlap / union);
    a different psychological harm 1 and a different recovery 1, where the award gives them; days of
    incapacity |difference| / 30, at most 1, where both give them.
    """
    distance = Fraction(2 * abs(_INJURY_LEVEL[case.incident.injury] - _INJURY_LEVEL[award.injury]))
    kinds, other = set(case.incident.kinds), set(award.kinds)
    distance += 2 * (1 - Fraction(len(kinds & other), len(kinds | other)))
    if award.psychological_harm is not None and award.psychological_harm != case.incident.psychological_harm:
        distance += 1
    immaterial = case.damages.immaterial if case.damages else None
    if immaterial is not None and award.recovery is not None and award.recovery != immaterial.recovery:
        distance += 1
    if immaterial is not None and award.days_incapacitated is not None:
        distance += min(Fraction(abs(award.days_incapacitated - immaterial.days_incapacitated), 30), 1)
    return distance


def suggest_immaterial(case: Case, data: DataSet, day: date) -> Suggestion | None:
    """The :data:`SUGGESTION_SIZE` reference awards most like the case (decided on or before ``day``), in
    the money of ``day``'s year by the CPI (or of the latest CPI year when that year is not there yet).

    An award from a year after the latest CPI year counts as money of that latest year. Ties go to the
    newer award. None when no award was decided on or before ``day``.
    """
    known = [a for a in data.awards if a.date <= day]
    if not known:
        return None
    cpi = data.cpi
    to_year = min(day.year, cpi.latest)
    ranked = sorted(known, key=lambda a: (award_distance(case, a), -a.date.toordinal(), a.amount))
    chosen = []
    for award in ranked[:SUGGESTION_SIZE]:
        from_year = min(award.date.year, cpi.latest)
        for year in (from_year, to_year):
            if year not in cpi.values:
                raise UserError(Problem(cpi.source, f"values: no index for {year}, needed to index the award "
                                        f"of {award.date} ({award.court})"))
        indexed = cents(award.amount * cpi.values[to_year] / cpi.values[from_year])
        chosen.append(IndexedAward(award, from_year, to_year, indexed, award_distance(case, award)))
    amounts = sorted(a.indexed for a in chosen)
    middle = len(amounts) // 2
    median = amounts[middle] if len(amounts) % 2 else cents((amounts[middle - 1] + amounts[middle]) / 2)
    return Suggestion(amounts[0], amounts[-1], median, to_year, cpi.latest, tuple(chosen))


# ---- the claim ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemLine:
    """One damage item: its amount, what was reimbursed, the net amount, and interest on the net."""

    index: int
    kind: str
    description: str
    incurred_on: date
    amount: Decimal
    reimbursed: Decimal
    net: Decimal
    interest: Interest

    @property
    def total(self) -> Decimal:
        return self.net + self.interest.amount

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "kind": self.kind, "description": self.description,
                "incurred_on": self.incurred_on.isoformat(), "amount": _money(self.amount),
                "reimbursed": _money(self.reimbursed), "net": _money(self.net),
                "interest_from": self.interest.start.isoformat(), "interest": _money(self.interest.amount),
                "total": _money(self.total), "interest_periods": [p.to_dict() for p in self.interest.periods]}


@dataclass(frozen=True)
class ImmaterialLine:
    """Smartengeld: claimed, suggested (the suggestion's median) or none; interest from the incident date."""

    basis: str
    amount: Decimal
    interest: Interest | None = None
    suggestion: Suggestion | None = None

    @property
    def interest_amount(self) -> Decimal:
        return self.interest.amount if self.interest else ZERO

    @property
    def total(self) -> Decimal:
        return self.amount + self.interest_amount

    def to_dict(self) -> dict[str, Any]:
        return {"basis": self.basis, "amount": _money(self.amount),
                "interest_from": self.interest.start.isoformat() if self.interest else None,
                "interest": _money(self.interest_amount), "total": _money(self.total),
                "interest_periods": [p.to_dict() for p in self.interest.periods] if self.interest else [],
                "suggestion": self.suggestion.to_dict() if self.suggestion else None}


@dataclass(frozen=True)
class PartyClaim:
    """What one party (employee or employer) claims."""

    party: str
    items: tuple[ItemLine, ...]
    immaterial: ImmaterialLine

    @property
    def principal(self) -> Decimal:
        return sum((i.net for i in self.items), ZERO) + self.immaterial.amount

    @property
    def interest(self) -> Decimal:
        return sum((i.interest.amount for i in self.items), ZERO) + self.immaterial.interest_amount

    @property
    def total(self) -> Decimal:
        return self.principal + self.interest

    def to_dict(self) -> dict[str, Any]:
        return {"items": [i.to_dict() for i in self.items], "immaterial": self.immaterial.to_dict(),
                "principal": _money(self.principal), "interest": _money(self.interest),
                "total": _money(self.total)}


@dataclass(frozen=True)
class Route:
    """A damage action of the outcome with the amount it concerns."""

    action: Action
    amount: Decimal | None
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        a = self.action
        return {"id": a.id, "title": a.title, "explanation": a.explanation, "actor": a.actor,
                "due": a.due.isoformat() if a.due else None,
                "available_from": a.available_from.isoformat() if a.available_from else None,
                "overdue": a.overdue, "rule": a.rule, "sources": list(a.sources),
                "amount": _money(self.amount), "details": self.details}


@dataclass(frozen=True)
class Claim:
    """The claim of one case at one moment; :meth:`to_dict` is the documented, stable shape."""

    case_id: str
    as_of: datetime
    interest_to: date
    parties: dict[str, PartyClaim]
    routes: tuple[Route, ...]
    notes: tuple[str, ...]
    audit: dict[str, Any]

    @property
    def total(self) -> Decimal:
        return sum((p.total for p in self.parties.values()), ZERO)

    def route(self, route_id: str) -> Route | None:
        return next((r for r in self.routes if r.action.id == route_id), None)

    def to_dict(self) -> dict[str, Any]:
        """The claim as JSON-ready data (see the module docstring for the shape)."""
        return {
            "case_id": self.case_id,
            "as_of": self.as_of.isoformat(),
            "interest_to": self.interest_to.isoformat(),
            "parties": {name: self.parties[name].to_dict() for name in ("employee", "employer")},
            "routes": [r.to_dict() for r in self.routes],
            "collection_costs": {"applicable": False, "amount": None, "reason": NOT_APPLICABLE},
            "total": _money(self.total),
            "notes": list(self.notes),
            "audit": self.audit,
        }

    def to_json(self) -> str:
        """Deterministic JSON, UTF-8 text, two-space indent."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def to_text(self) -> str:
        """The claim in Dutch for a person: a table per party, the routes, the notes."""
        return render_text(self)


def _interest(principal: Decimal, start: date, end: date, data: DataSet, path: str,
              problems: list[Problem]) -> Interest:
    try:
        return statutory_interest(principal, start, end, data["statutory_interest"])
    except RateGap as gap:
        rates = data["statutory_interest"]
        problems.append(Problem(path, f"{start}: statutory interest cannot be computed for {gap.day}: "
                                f"{rates.source} has no rate before {rates.starts[0]} (earlier rates were "
                                "not found in the sources) or none in force then"))
        return Interest(start, end, ZERO)


def _party(case: Case, party: Party, data: DataSet, day: date, problems: list[Problem]) -> PartyClaim:
    lines = []
    for index, item in enumerate(case.damages.items if case.damages else []):
        if item.party != party:
            continue
        path = f"damages.items.{index}.incurred_on"
        if item.incurred_on > day:
            problems.append(Problem(path, f"lies after the claim date {day}"))
        interest = _interest(item.net, item.incurred_on, day, data, path, problems)
        lines.append(ItemLine(index, item.kind.value, item.description, item.incurred_on, item.amount,
                              item.reimbursed, item.net, interest))
    immaterial = ImmaterialLine("none", ZERO)
    wanted = case.damages.immaterial if case.damages else None
    if party == Party.employee and wanted is not None:
        suggestion = suggest_immaterial(case, data, day)
        if wanted.claimed_amount is not None:
            basis, amount = "claimed", wanted.claimed_amount
        elif suggestion is not None:
            basis, amount = "suggested", suggestion.amount
        else:
            basis, amount = "none", ZERO
        interest = _interest(amount, case.incident_date, day, data, "incident.occurred_at", problems)
        immaterial = ImmaterialLine(basis, amount, interest, suggestion)
    return PartyClaim(party.value, tuple(lines), immaterial)


def _routes(case: Case, outcome: Outcome, parties: dict[str, PartyClaim], data: DataSet,
            day: date) -> list[Route]:
    employee, employer = parties["employee"], parties["employer"]
    totals = {"employee": _money(employee.total), "employer": _money(employer.total)}
    routes = []
    for action in outcome.actions:
        if action.id not in ROUTE_IDS:
            continue
        amount: Decimal | None = None
        details: dict[str, Any] = {}
        if action.id in ("join_criminal_case", "request_compensation_order"):
            amount, details = employee.total + employer.total, dict(totals)
        elif action.id == "claim_state_advance":
            amount, details = _state_advance(case, outcome, employee, data)
        elif action.id == "violent_crimes_fund":
            details = _fund(case, data)
        elif action.id == "liability_letter":
            amount = employee.total + employer.total
            limit = _on(data["kantonrechter_limit"], day)
            within = {name: None if limit is None else parties[name].total <= limit
                      for name in ("employee", "employer")}
            details = {"kantonrechter_limit": _money(limit), "within_limit": within}
        elif action.id == "wage_recourse":
            wage = [i for i in employer.items if i.kind in _WAGE_KINDS]
            amount, details = sum((i.total for i in wage), ZERO), {"items": [i.index for i in wage]}
        routes.append(Route(action, amount, details))
    return routes


def _on(parameter: Parameter, day: date) -> Any:
    try:
        return parameter.on(day)
    except ParameterGap:
        return None


def _state_advance(case: Case, outcome: Outcome, employee: PartyClaim,
                   data: DataSet) -> tuple[Decimal, dict[str, Any]]:
    """What the State advances to the employee: the unpaid part of the order (or of the claim), capped."""
    pros = case.prosecution
    assert pros is not None and pros.judgment_final_on is not None  # the rules require both
    flag = outcome.flags["state_advance"]
    if pros.compensation_awarded > 0:
        basis, outstanding = "awarded", max(pros.compensation_awarded - pros.compensation_paid, ZERO)
    else:
        basis, outstanding = "claim", employee.total
    cap = _on(data["state_advance_cap"], pros.judgment_final_on) if flag == "capped_5000" else None
    amount = min(outstanding, cap) if cap is not None else outstanding
    return amount, {
        "state_advance": flag, "basis": basis, "outstanding": _money(outstanding), "cap": _money(cap),
        "judgment_final_on": pros.judgment_final_on.isoformat(),
        "waiting_months": _on(data["state_advance_wait"], pros.judgment_final_on),
        "employer": "Geen voorschot voor de werkgever: alleen een slachtoffer dat geen rechtspersoon is.",
    }


def _fund(case: Case, data: DataSet) -> dict[str, Any]:
    day = case.incident_date
    categories = _on(data["schadefonds_categories"], day)
    caps = _on(data["schadefonds_caps"], day)
    return {
        "categories": {k: _money(v) for k, v in categories.items()} if categories else None,
        "caps": {k: _money(v) for k, v in caps.items()} if caps else None,
        "term_years": _on(data["schadefonds_term"], day),
    }


def _notes(parties: dict[str, PartyClaim], data: DataSet, day: date) -> list[str]:
    notes = []
    rates = data["statutory_interest"]
    uncertain = sorted({start for p in parties.values() for line in [*p.items, p.immaterial]
                        if getattr(line, "interest", None) for start, conf in line.interest.rates_used
                        if conf != "H"})
    if uncertain:
        shown = ", ".join(f"{_number(rates.on(s))}% vanaf {dutch.day(s)}" for s in uncertain)
        notes.append(f"De rente gebruikt percentages die niet in het Staatsblad zijn gelezen ({shown}; "
                     "betrouwbaarheid M): controleer ze.")
    suggestion = parties["employee"].immaterial.suggestion
    if parties["employee"].immaterial.basis == "suggested" and suggestion:
        notes.append(f"Smartengeld is een voorstel: de mediaan van {len(suggestion.awards)} vergelijkbare "
                     f"uitspraken, geïndexeerd naar {suggestion.index_year} met de CBS-consumentenprijsindex "
                     f"(van {dutch.money(suggestion.low)} tot {dutch.money(suggestion.high)}). Kies een "
                     "bedrag en vul damages.immaterial.claimed_amount in.")
    if suggestion and suggestion.index_year < day.year:
        notes.append(f"De CPI van {day.year} is nog niet beschikbaar: uitspraken zijn geïndexeerd naar "
                     f"{suggestion.index_year}, het laatste jaar in {Path(data.cpi.source).name}.")
    return notes


def build_claim(case: Case, outcome: Outcome, data: DataSet, as_of: datetime) -> Claim:
    """The claim of ``case`` at ``as_of``, from its ``outcome`` (the routes) and the ``data`` tables."""
    day = as_of.astimezone(AMSTERDAM).date()
    problems: list[Problem] = []
    parties = {p.value: _party(case, p, data, day, problems) for p in (Party.employee, Party.employer)}
    if problems:
        raise UserError(problems)
    return Claim(
        case_id=case.case_id,
        as_of=as_of,
        interest_to=day,
        parties=parties,
        routes=tuple(_routes(case, outcome, parties, data, day)),
        notes=tuple(_notes(parties, data, day)),
        audit={"data_digest": data.digest, "data_files": dict(sorted(data.files.items())),
               "rules_digest": outcome.audit.get("rules_digest"),
               "rulesets": dict(sorted(outcome.rulesets.items())),
               "tool_version": __version__},
    )


def compute_claim(
    case: Case | str | Path | dict[str, Any],
    as_of: datetime | str | None = None,
    data_dir: str | Path | None = None,
    rules_dir: str | Path | None = None,
) -> Claim:
    """What can be claimed in this case, from whom, by which route and by when (SPEC §4)."""
    if not isinstance(case, Case):
        case = api.load_case(case)
    moment = api.as_moment(as_of)
    outcome = api.evaluate(case, as_of=moment, rules_dir=rules_dir)
    return build_claim(case, outcome, get_data(data_dir), moment)


# ---- the claim as a Dutch table -------------------------------------------------------------------------

PARTY_NL = {"employee": "Werknemer", "employer": "Werkgever"}
KIND_NL = {
    "medical_costs": "medische kosten", "own_risk": "eigen risico", "property": "zaakschade",
    "travel": "reiskosten", "income_loss": "inkomensverlies", "wage_continuation": "doorbetaald loon",
    "reintegration": "re-integratie", "replacement_staff": "vervanging", "other": "overig",
}
BASIS_NL = {"claimed": "gevorderd", "suggested": "voorstel", "none": "niet gevorderd"}
ACTOR_NL = {"employer": "werkgever", "employee": "werknemer", "police": "politie", "prosecutor": "OM",
            "helpdesk": "helpdesk"}
_HEADER = ("Post", "Bedrag", "Vergoed", "Netto", "Rente", "Totaal")


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  " + "  ".join(cell.ljust(widths[0]) if i == 0 else cell.rjust(widths[i])
                             for i, cell in enumerate(row)).rstrip() for row in rows]


def _short(text: str, width: int = 44) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def render_text(claim: Claim) -> str:
    """The claim as a readable Dutch table (money as "€ 1.234,56", rounded half up first)."""
    nl_day, money, moment = dutch.day, dutch.money, dutch.moment
    lines = [f"Zaak {claim.case_id} — schadeberekening per {moment(claim.as_of)}",
             f"Wettelijke rente berekend tot {nl_day(claim.interest_to)}", ""]
    for name in ("employee", "employer"):
        party = claim.parties[name]
        lines.append(PARTY_NL[name])
        rows = [_HEADER]
        for item in party.items:
            label = f"{_short(item.description)} ({KIND_NL[item.kind]}, {nl_day(item.incurred_on)})"
            rows.append((label, money(item.amount), money(item.reimbursed), money(item.net),
                         money(item.interest.amount), money(item.total)))
        imm = party.immaterial
        if imm.basis != "none" or name == "employee":
            rows.append((f"Smartengeld ({BASIS_NL[imm.basis]})", money(imm.amount), "", money(imm.amount),
                         money(imm.interest_amount), money(imm.total)))
        rows.append(("Totaal", "", "", money(party.principal), money(party.interest), money(party.total)))
        lines += _table(rows) if len(rows) > 2 else ["  Geen schade opgegeven."]
        if imm.suggestion:
            sug = imm.suggestion
            lines.append(f"  Smartengeld volgens vergelijkbare uitspraken (geïndexeerd naar "
                         f"{sug.index_year}): {money(sug.low)} tot {money(sug.high)}, "
                         f"mediaan {money(sug.amount)}")
            for ref in sug.awards:
                a = ref.award
                lines.append(f"    - {a.court}, {nl_day(a.date)}{', ' + a.ecli if a.ecli else ''}: "
                             f"{money(a.amount)} ({a.date.year}) = {money(ref.indexed)} ({ref.to_year})")
        lines.append("")
    lines.append(f"Totaal beide partijen: {money(claim.total)}")
    lines.append("Buitengerechtelijke incassokosten: " + NOT_APPLICABLE)
    lines.append("")
    lines.append("Routes:" if claim.routes else "Routes: geen (geen bekende dader of geen schade).")
    for number, route in enumerate(claim.routes, 1):
        a = route.action
        when = f" — uiterlijk {moment(a.due)}" if a.due else ""
        late = " (TE LAAT)" if a.overdue else ""
        lines.append(f"{number:2}. [{ACTOR_NL.get(a.actor, a.actor)}] {a.title}{when}{late}")
        if a.available_from:
            lines.append(f"    Vanaf: {moment(a.available_from)}")
        if route.amount is not None:
            lines.append(f"    Bedrag: {money(route.amount)}")
        limit = route.details.get("kantonrechter_limit")
        if limit:
            lines.append(f"    Kantonrechter tot {money(Decimal(limit))} "
                         "(inclusief rente tot de dagvaarding)")
        if route.details.get("cap"):
            lines.append(f"    Maximum voorschot: {money(Decimal(route.details['cap']))}")
        if route.details.get("categories"):
            shown = ", ".join(f"{k}: {money(Decimal(v))}" for k, v in route.details["categories"].items())
            lines.append(f"    Letselcategorieën: {shown}")
    if claim.notes:
        lines += ["", "Let op:"] + [f"  - {note}" for note in claim.notes]
    return "\n".join(lines)


# ---- the claim documents: liability_letter, injured_party_claim, damage_statement ------------------------
# Registered with vpt_rules.documents; their fields are the known variables of the three templates.
# Every amount is Dutch money text ("€ 1.234,56"), every date Dutch ("22 november 2026").

from . import documents  # noqa: E402  (documents imports this module for its plugins: keep it last)

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
class ClaimContext:
    """Every field the claim documents may use (``{{ employee_claim.total }}`` …).

    Only what may be shown to the perpetrator: the adviser's notes on the claim are left out.
    """

    document: str
    case_id: str
    place: str
    letter_date: str
    employer: documents.EmployerView
    recipients: tuple[documents.Recipient, ...]
    copies: tuple[documents.Recipient, ...]
    to_representatives: bool
    perpetrator: documents.PerpetratorView
    incident: documents.IncidentView
    victim: documents.VictimView
    report: documents.ReportView
    police_reference: str | None
    hearing_date: str | None
    interest_to: str
    employee_claim: PartyView
    employer_claim: PartyView
    total: str
    kantonrechter_limit: str | None
    routes: tuple[RouteView, ...]


def _line(line: ItemLine | ImmaterialLine, redact: Any) -> LineView:
    money = dutch.money
    if isinstance(line, ItemLine):
        return LineView(redact.clean(line.description), KIND_NL[line.kind], dutch.day(line.incurred_on),
                        money(line.amount), money(line.reimbursed), money(line.net),
                        money(line.interest.amount), money(line.total))
    start = dutch.day(line.interest.start) if line.interest else ""
    return LineView("Smartengeld (immateriële schade)", "smartengeld", start, money(line.amount),
                    money(ZERO), money(line.amount), money(line.interest_amount), money(line.total))


def _party_view(party: PartyClaim, name: str, redact: Any) -> PartyView:
    immaterial = _line(party.immaterial, redact) if party.immaterial.basis != "none" else None
    lines = tuple(_line(i, redact) for i in party.items)
    return PartyView(PARTY_NL[party.party], name, party.total > 0, lines, immaterial,
                     dutch.money(party.principal), dutch.money(party.interest), dutch.money(party.total))


def _route_view(route: Route) -> RouteView:
    due = dutch.moment(route.action.due) if route.action.due else None
    return RouteView(route.action.title, due, dutch.money(route.amount) if route.amount is not None else None)


def build_claim_context(case: Case, outcome: Outcome, document: str) -> ClaimContext:
    """The context of a claim document, from the claim at ``outcome.as_of`` (data: the default folder).

    The addressee, the victim's designation and the redaction of free text are those of the letters to the
    perpetrator: the victim's name only when ``victim.anonymity`` is ``none``, never the home address.
    """
    base = documents.build_letter_context(case, outcome, document)
    claim = build_claim(case, outcome, get_data(), outcome.as_of)
    redact = documents._Redactor(case)
    pros = case.prosecution
    letter = claim.route("liability_letter")
    limit = letter.details.get("kantonrechter_limit") if letter else None
    context = ClaimContext(
        document=document,
        case_id=case.case_id,
        place=base.place,
        letter_date=base.letter_date,
        employer=base.employer,
        recipients=base.recipients,
        copies=base.copies,
        to_representatives=base.to_representatives,
        perpetrator=base.perpetrator,
        incident=base.incident,
        victim=base.victim,
        report=base.report,
        police_reference=redact.clean(case.report.police_reference)
        if case.report and case.report.police_reference else None,
        hearing_date=dutch.moment(pros.hearing_at) if pros and pros.hearing_at else None,
        interest_to=dutch.day(claim.interest_to),
        employee_claim=_party_view(claim.parties["employee"], base.victim.designation, redact),
        employer_claim=_party_view(claim.parties["employer"], case.employer.name, redact),
        total=dutch.money(claim.total),
        kantonrechter_limit=dutch.money(Decimal(limit)) if limit else None,
        routes=tuple(_route_view(r) for r in claim.routes),
    )
    documents._refuse_leaks(context, redact, case)  # type: ignore[arg-type]
    return context


for _document in CLAIM_DOCUMENTS:
    documents.register_document(_document, ClaimContext, build_claim_context)
