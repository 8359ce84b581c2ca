"""A suggested smartengeld: the reference awards most similar in facts, indexed with the CPI.

A suggestion is advice for the helpdesk: it never goes out in a document (only a chosen amount does).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..i18n.catalog import Message
from ..i18n.dutch import cents
from ..model.case import Case, Injury
from ..model.errors import Problem, UserError
from .interest import money_json
from .parameters import Award, DataSet

SUGGESTION_SIZE = 3  # how many of the most similar reference awards a suggestion rests on
_INJURY_LEVEL = {Injury.none: 0, Injury.minor: 1, Injury.medical_treatment: 2, Injury.hospital: 3,
                 Injury.permanent: 4}


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
                "facts": a.facts, "confidence": a.confidence, "amount": money_json(a.amount), "reason": a.reason,
                "index_from_year": self.from_year, "index_to_year": self.to_year,
                "indexed_amount": money_json(self.indexed), "distance": str(self.distance)}


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
        return {"low": money_json(self.low), "high": money_json(self.high), "amount": money_json(self.amount),
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
                raise UserError(Problem(cpi.source, Message("values: no index for {year}, needed to index the award "
                                                    "of {day} ({court})", year=year, day=award.date,
                                                    court=award.court)))
        indexed = cents(award.amount * cpi.values[to_year] / cpi.values[from_year])
        chosen.append(IndexedAward(award, from_year, to_year, indexed, award_distance(case, award)))
    amounts = sorted(a.indexed for a in chosen)
    middle = len(amounts) // 2
    median = amounts[middle] if len(amounts) % 2 else cents((amounts[middle - 1] + amounts[middle]) / 2)
    return Suggestion(amounts[0], amounts[-1], median, to_year, cpi.latest, tuple(chosen))


# ---- the claim ----------------------------------------------------------------------------------------


