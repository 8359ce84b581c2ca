"""The claim (SPEC §4): what can be claimed, by whom, by which route and by when.

Pure functions of (case, outcome, data, as_of): :func:`build_claim` reads the legal values from a
:class:`~vpt_rules.parameters.DataSet` and never does I/O; :func:`compute_claim` is the façade that loads
the case, the rules and the data. Money is ``Decimal`` throughout, rounded to cents half up.

Per party (employee, employer): each damage item net of what was reimbursed, with statutory interest; for
the employee the immaterial damage (smartengeld): the amount claimed, or else a suggestion from the most
similar reference awards, indexed with the CPI. Statutory interest (art. 6:119 BW): see
:mod:`vpt_rules.claims.interest`. Collection costs: the statutory scale applies to a tort claim only after a
settlement agreement, so the claim reports them as not applicable (:func:`collection_costs` computes the
scale where it does apply). The routes are the damage actions of the outcome, with their amounts. The
claim as a Dutch table: :mod:`vpt_rules.claims.text`; as documents: :mod:`vpt_rules.documents.claim_context`.

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
``{"employee", "employer"}`` totals; ``claim_state_advance``: ``{"state_advance", "basis" ("awarded", or
"unknown" with a "reason" and amount null), "outstanding", "cap", "judgment_final_on", "waiting_months",
"employer", "cjib"}``; ``violent_crimes_fund``: ``{"categories",
"caps", "term_years"}``; ``liability_letter``: ``{"kantonrechter_limit", "within_limit": {"employee",
"employer"}}``; ``wage_recourse``: ``{"items"}`` (indexes of the employer's wage and reintegration items);
``limitation_period``: ``{}``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..i18n import dutch
from ..i18n.catalog import Message
from ..model.case import Case, DamageKind, Injury, Party
from ..model.errors import Problem, UserError
from ..rules.outcome import Action, Outcome
from ..terms.calendar import AMSTERDAM
from ..version import __version__
from .interest import ZERO, Interest, RateGap, money_json, number_json, statutory_interest
from .parameters import DataSet, Parameter, ParameterGap
from .suggestion import Suggestion, suggest_immaterial
from .text import NOT_APPLICABLE

ROUTE_IDS = (
    "join_criminal_case", "request_compensation_order", "claim_state_advance", "violent_crimes_fund",
    "liability_letter", "wage_recourse", "limitation_period", "limitation_period_other_damage", "no_criminal_case",
)
_WAGE_KINDS = (DamageKind.wage_continuation, DamageKind.reintegration)


def collection_costs(principal: Decimal, day: date, data: DataSet) -> Decimal | None:
    """The statutory scale of extrajudicial collection costs on ``principal`` on ``day`` (None before it).

    Only where the scale applies: contractual debts, and a tort claim after a settlement agreement.
    """
    scale = data["collection_costs"].on(day)
    return None if scale is None else scale.amount(principal)


# ---- immaterial damage --------------------------------------------------------------------------------


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
                "incurred_on": self.incurred_on.isoformat(), "amount": money_json(self.amount),
                "reimbursed": money_json(self.reimbursed), "net": money_json(self.net),
                "interest_from": self.interest.start.isoformat(), "interest": money_json(self.interest.amount),
                "total": money_json(self.total), "interest_periods": [p.to_dict() for p in self.interest.periods]}


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
        return {"basis": self.basis, "amount": money_json(self.amount),
                "interest_from": self.interest.start.isoformat() if self.interest else None,
                "interest": money_json(self.interest_amount), "total": money_json(self.total),
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
                "principal": money_json(self.principal), "interest": money_json(self.interest),
                "total": money_json(self.total)}


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
                "amount": money_json(self.amount), "details": self.details}


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
            "total": money_json(self.total),
            "notes": list(self.notes),
            "audit": self.audit,
        }

    def to_json(self) -> str:
        """Deterministic JSON, UTF-8 text, two-space indent."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def to_text(self) -> str:
        """The claim in Dutch for a person: a table per party, the routes, the notes."""
        from .text import render_text

        return render_text(self)


def _interest(principal: Decimal, start: date, end: date, data: DataSet, path: str,
              problems: list[Problem]) -> Interest:
    try:
        return statutory_interest(principal, start, end, data["statutory_interest"])
    except RateGap as gap:
        rates = data["statutory_interest"]
        problems.append(Problem(path, Message("{start}: statutory interest cannot be computed for {day}: {table} has "
                                              "no rate before {first} (earlier rates were not found in the sources) "
                                              "or none in force then", start=start, day=gap.day, table=rates.source,
                                              first=rates.starts[0])))
        return Interest(start, end, ZERO)


def _party(case: Case, party: Party, data: DataSet, day: date, problems: list[Problem]) -> PartyClaim:
    lines = []
    for index, item in enumerate(case.damages.items if case.damages else []):
        if item.party != party:
            continue
        path = f"damages.items.{index}.incurred_on"
        if item.incurred_on > day:
            problems.append(Problem(path, Message("lies after the claim date {day}", day=day)))
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
    totals = {"employee": money_json(employee.total), "employer": money_json(employer.total)}
    routes = []
    for action in outcome.actions:
        if action.id not in ROUTE_IDS:
            continue
        amount: Decimal | None = None
        details: dict[str, Any] = {}
        if action.id in ("join_criminal_case", "request_compensation_order"):
            amount, details = employee.total + employer.total, dict(totals)
        elif action.id == "claim_state_advance":
            amount, details = _state_advance(case, outcome, data)
        elif action.id == "violent_crimes_fund":
            details = _fund(case, data)
        elif action.id == "liability_letter":
            amount, details = employee.total + employer.total, dict(totals)
            limit = _on(data["kantonrechter_limit"], day)
            within = {name: None if limit is None else parties[name].total <= limit
                      for name in ("employee", "employer")}
            details |= {"kantonrechter_limit": money_json(limit), "within_limit": within}
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


def _state_advance(case: Case, outcome: Outcome, data: DataSet) -> tuple[Decimal | None, dict[str, Any]]:
    """What the State advances (art. 36f lid 7 Sr): the unpaid part of the compensation the court awarded,
    capped where the law caps it. Unknown (None, with the reason) when the awarded amount is not known: never
    estimated from the claim or a suggested smartengeld."""
    pros = case.prosecution
    assert pros is not None and pros.judgment_final_on is not None  # the rules require both
    flag = outcome.flags["state_advance"]
    cap = _on(data["state_advance_cap"], pros.judgment_final_on) if flag == "capped_5000" else None
    details: dict[str, Any] = {
        "state_advance": flag, "cap": money_json(cap), "judgment_final_on": pros.judgment_final_on.isoformat(),
        "waiting_months": _on(data["state_advance_wait"], pros.judgment_final_on),
        "employer": ("Geen voorschot voor de werkgever: die is een rechtspersoon." if case.employer.legal_person
                     else "De werkgever is geen rechtspersoon en kan het voorschot voor zijn eigen toegekende "
                          "schade ook krijgen."),
        "cjib": "Het CJIB schrijft het slachtoffer zelf aan als het recht heeft op een voorschot.",
    }
    if pros.compensation_awarded is None:
        details.update(basis="unknown", outstanding=None,
                       reason="Het bedrag dat de rechter toekende is niet bekend (prosecution.compensation_awarded): "
                              "het voorschot is daarom niet bekend en wordt niet geschat.")
        return None, details
    outstanding = max(pros.compensation_awarded - pros.compensation_paid, ZERO)
    details.update(basis="awarded", outstanding=money_json(outstanding))
    return (min(outstanding, cap) if cap is not None else outstanding), details


def _fund(case: Case, data: DataSet) -> dict[str, Any]:
    day = case.incident_date
    categories = _on(data["schadefonds_categories"], day)
    caps = _on(data["schadefonds_caps"], day)
    return {
        "categories": {k: money_json(v) for k, v in categories.items()} if categories else None,
        "caps": {k: money_json(v) for k, v in caps.items()} if caps else None,
        "term_years": _on(data["schadefonds_term"], day),
    }


def _notes(case: Case, parties: dict[str, PartyClaim], data: DataSet, day: date) -> list[str]:
    notes = []
    rates = data["statutory_interest"]
    uncertain = sorted({start for p in parties.values() for line in [*p.items, p.immaterial]
                        if getattr(line, "interest", None) for start, conf in line.interest.rates_used
                        if conf != "H"})
    if uncertain:
        shown = ", ".join(f"{number_json(rates.on(s))}% vanaf {dutch.day(s)}" for s in uncertain)
        notes.append(f"De rente gebruikt percentages die niet in het Staatsblad zijn gelezen ({shown}; "
                     "betrouwbaarheid M): controleer ze.")
    suggestion = parties["employee"].immaterial.suggestion
    if parties["employee"].immaterial.basis == "suggested" and suggestion:
        notes.append(f"Smartengeld is een voorstel: de mediaan van {len(suggestion.awards)} vergelijkbare "
                     f"uitspraken, geïndexeerd naar {suggestion.index_year} met de CBS-consumentenprijsindex "
                     f"(van {dutch.money(suggestion.low)} tot {dutch.money(suggestion.high)}). Kies een "
                     "bedrag en vul damages.immaterial.claimed_amount in.")
        if case.incident.injury == Injury.none and not case.incident.psychological_harm:
            notes.append("Let op: er is geen letsel en geen vastgesteld psychisch letsel. Smartengeld (art. 6:106 "
                         "BW) is dan alleen toewijsbaar bij aantasting in eer of goede naam, of als het slachtoffer "
                         "'anderszins in zijn persoon is aangetast': dat vraagt objectief vastgesteld psychisch "
                         "letsel of concrete feiten over de ernst (HR 28-5-2019, ECLI:NL:HR:2019:793). Een "
                         "doodsbedreiging tegen politieagenten leverde zonder dat geen smartengeld op (Rb "
                         "Noord-Holland 21-8-2019).")
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
        notes=tuple(_notes(case, parties, data, day)),
        audit={"data_digest": data.digest, "data_files": dict(sorted(data.files.items())),
               "rules_digest": outcome.audit.get("rules_digest"),
               "rulesets": dict(sorted(outcome.rulesets.items())),
               "tool_version": __version__},
    )

