"""Facts: the flat, typed view of a case that rules are written against.

Each fact has a dotted name, a type and a Dutch description (``vpt rules --facts`` lists them).
Types: ``bool``, ``int``, ``date`` (compared by day number), or a closed set of text values. A fact
that the case does not give (an unknown age, no judgment yet) is absent, and every comparison with
an absent fact is false. Rules of an earlier stage may add facts of their own (``provides``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from ..model.case import Case, IncidentKind, Injury, Measure, ProsecutionStatus, Sector
from ..terms.calendar import AMSTERDAM

EPOCH = date(1970, 1, 1)


@dataclass(frozen=True)
class FactType:
    """The type of one fact: ``bool``, ``int``, ``date`` or ``enum`` with its allowed values."""

    kind: str
    values: tuple[str, ...] = ()
    description: str = ""

    def accepts(self, value: Any) -> bool:
        """Whether a value written in a rule fits this fact."""
        if self.kind == "bool":
            return isinstance(value, bool)
        if self.kind == "int":
            return isinstance(value, int) and not isinstance(value, bool)
        if self.kind == "date":
            return isinstance(value, date) and not isinstance(value, datetime)
        return isinstance(value, str) and value in self.values

    def describe(self) -> str:
        """The type as a user reads it."""
        if self.kind == "enum":
            return "one of " + ", ".join(self.values)
        return {"bool": "true or false", "int": "a whole number", "date": "a date (YYYY-MM-DD)"}[self.kind]


def _enum(values: Any, description: str) -> FactType:
    return FactType("enum", tuple(v.value for v in values), description)


FACTS: dict[str, FactType] = {
    "incident.date": FactType("date", description="datum van het incident (Amsterdamse tijd)"),
    "incident.in_function": FactType("bool", description="tijdens of vanwege het publieke werk"),
    **{
        f"incident.kind.{kind.value}": FactType("bool", description=f"het incident omvat {kind.value}")
        for kind in IncidentKind
    },
    "incident.injury": _enum(Injury, "letsel"),
    "incident.psychological_harm": FactType("bool", description="psychisch letsel vastgesteld (BIG/NIP)"),
    "incident.weapon": FactType("bool", description="een wapen gebruikt"),
    "victim.sector": _enum(Sector, "sector van de werkgever"),
    "victim.official": FactType("bool", description="ambtenaar in de zin van het Wetboek van Strafrecht"),
    "victim.domicile_choice": FactType("bool", description="adres van de werkgever in plaats van woonadres"),
    "victim.public_domain": FactType("bool", description="private sector die het OM als publieke taak behandelt"),
    "victim.anonymity": FactType("enum", ("none", "number", "withheld"), "anonimiteit van het slachtoffer"),
    "victim.age": FactType("int", description="leeftijd van het slachtoffer op de incidentdatum"),
    "victim.minor": FactType("bool", description="slachtoffer jonger dan 18 op de incidentdatum"),
    "employer.legal_person": FactType("bool", description="de werkgever is een rechtspersoon"),
    "perpetrator.known": FactType("bool", description="de dader is bekend"),
    "perpetrator.age": FactType("int", description="leeftijd van de dader op de incidentdatum"),
    "perpetrator.prior_incidents": FactType("int", description="eerdere incidenten van deze dader"),
    "perpetrator.has_representatives": FactType("bool", description="wettelijk vertegenwoordigers bekend"),
    "response.chosen": FactType("bool", description="de werkgever heeft een maatregel gekozen"),
    "response.measure": _enum(Measure, "gekozen maatregel (standaard: waarschuwing)"),
    "report.filed": FactType("bool", description="aangifte gedaan"),
    "report.filed_by": FactType("enum", ("employee", "employer"), "wie deed aangifte"),
    "report.vpt_code_confirmed": FactType("bool", description="politie bevestigde de VPT-code"),
    "prosecution.status": _enum(ProsecutionStatus, "stand van de strafzaak"),
    "prosecution.hearing_known": FactType("bool", description="zittingsdatum bekend"),
    "prosecution.judgment_final_on": FactType("date", description="datum onherroepelijk vonnis"),
    "prosecution.compensation_order": FactType("bool", description="schadevergoedingsmaatregel opgelegd"),
    "prosecution.award_known": FactType("bool", description="het bedrag van de schadevergoedingsmaatregel is bekend"),
    "prosecution.outstanding_cents": FactType("int", description="nog niet betaald van de toegekende vergoeding"),
    "damages.employee_cents": FactType("int", description="netto materiële schade werknemer in centen"),
    "damages.employer_cents": FactType("int", description="netto materiële schade werkgever in centen"),
    "damages.wage_costs": FactType("bool", description="werkgever heeft loon doorbetaald of re-integratie betaald"),
    "damages.immaterial": FactType("bool", description="smartengeld wordt gevraagd"),
    "damages.any": FactType("bool", description="er is schade te verhalen (materieel netto > 0 of smartengeld)"),
    "prosecution.fully_paid": FactType(
        "bool", description="de dader heeft de toegekende schadevergoeding volledig betaald"),
}

# Moments a term can start from (``due.from`` in a rule); each may be absent for a case.
MOMENTS = (
    "incident.occurred_at",
    "incident.known_at",
    "incident.next_day",
    "report.filed_at",
    "prosecution.hearing_at",
    "prosecution.judgment_final_on",
    "victim.18th_birthday",
)


def day_number(day: date) -> int:
    """Days since 1970-01-01: how the engine compares dates."""
    return (day - EPOCH).days


def age_on(born: date, day: date) -> int:
    """Full years between ``born`` and ``day``."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def derive_facts(case: Case) -> dict[str, Any]:
    """The facts of a case, by dotted name; absent facts are left out. Dates become day numbers."""
    inc, victim, perp = case.incident, case.victim, case.perpetrator
    day = case.incident_date
    facts: dict[str, Any] = {
        "incident.date": day_number(day),
        "incident.in_function": inc.in_function,
        "incident.injury": inc.injury.value,
        "incident.psychological_harm": inc.psychological_harm,
        "incident.weapon": inc.weapon,
        "victim.sector": victim.sector.value,
        "victim.domicile_choice": victim.domicile_choice,
        "victim.public_domain": victim.public_domain,
        "victim.anonymity": victim.anonymity.value,
        "employer.legal_person": case.employer.legal_person,
        "perpetrator.known": perp.known,
        "perpetrator.prior_incidents": perp.prior_incidents,
        "perpetrator.has_representatives": bool(perp.legal_representatives),
        "response.chosen": case.response is not None,
        "response.measure": case.response.measure.value if case.response else Measure.warning.value,
        "report.filed": bool(case.report and case.report.status.value == "filed"),
        "report.vpt_code_confirmed": bool(case.report and case.report.vpt_code_confirmed),
        "prosecution.status": case.prosecution.status.value if case.prosecution else "unknown",
        "prosecution.hearing_known": bool(case.prosecution and case.prosecution.hearing_at),
        "prosecution.compensation_order": bool(case.prosecution and case.prosecution.compensation_order),
    }
    for kind in IncidentKind:
        facts[f"incident.kind.{kind.value}"] = kind in inc.kinds
    if victim.official is not None:
        facts["victim.official"] = victim.official
    if victim.date_of_birth:
        facts["victim.age"] = age_on(victim.date_of_birth, day)
        facts["victim.minor"] = facts["victim.age"] < 18
    if perp.date_of_birth:
        facts["perpetrator.age"] = age_on(perp.date_of_birth, day)
    if facts["report.filed"] and case.report:
        facts["report.filed_by"] = case.report.filed_by.value
    pros = case.prosecution
    if pros and pros.judgment_final_on:
        facts["prosecution.judgment_final_on"] = day_number(pros.judgment_final_on)
    facts["prosecution.award_known"] = bool(pros and pros.compensation_awarded is not None)
    if pros and pros.compensation_awarded is not None:
        outstanding = max(pros.compensation_awarded - pros.compensation_paid, 0)
        facts["prosecution.outstanding_cents"] = int(outstanding * 100)
    items = case.damages.items if case.damages else []
    for party in ("employee", "employer"):
        facts[f"damages.{party}_cents"] = int(sum(i.net for i in items if i.party.value == party) * 100)
    facts["damages.wage_costs"] = any(
        i.party.value == "employer" and i.kind.value in ("wage_continuation", "reintegration") for i in items
    )
    facts["damages.immaterial"] = bool(case.damages and case.damages.immaterial)
    facts["damages.any"] = facts["damages.employee_cents"] > 0 or facts["damages.employer_cents"] > 0 or (
        facts["damages.immaterial"])
    facts["prosecution.fully_paid"] = bool(
        pros and pros.compensation_awarded and pros.compensation_paid >= pros.compensation_awarded
    )
    return facts


def moments(case: Case) -> dict[str, datetime]:
    """The moments a term can start from; absent ones are left out. Dates count from 00:00 Amsterdam."""
    def midnight(day: date) -> datetime:
        return datetime(day.year, day.month, day.day, tzinfo=AMSTERDAM)

    found: dict[str, datetime] = {
        "incident.occurred_at": case.incident.occurred_at,
        "incident.known_at": case.incident.known_at,
        "incident.next_day": midnight(case.incident_date + timedelta(days=1)),
    }
    if case.report and case.report.filed_at:
        found["report.filed_at"] = case.report.filed_at
    if case.prosecution and case.prosecution.hearing_at:
        found["prosecution.hearing_at"] = case.prosecution.hearing_at
    if case.prosecution and case.prosecution.judgment_final_on:
        found["prosecution.judgment_final_on"] = midnight(case.prosecution.judgment_final_on)
    born = case.victim.date_of_birth
    if born:
        # A term of N years from the day after the 18th birthday (art. 3:310 lid 5 BW) ends on the day
        # 18th birthday + N years: terms count from this moment. Born on 29 February: 1 March.
        try:
            adult = born.replace(year=born.year + 18)
        except ValueError:
            adult = date(born.year + 18, 3, 1)
        found["victim.18th_birthday"] = midnight(adult)
    return found
