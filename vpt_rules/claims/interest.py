"""Statutory interest (art. 6:119 BW) on one amount, with the pieces of its computation.

A pure function of (principal, start, end, the dated rates); money is ``Decimal``, rounded to cents half up.
Also the two formats the claim's JSON uses for money and rates (:func:`money_json`, :func:`number_json`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, localcontext
from typing import Any

from ..i18n.dutch import cents
from ..terms.calendar import add_years
from .parameters import Parameter, ParameterGap

__all__ = ["Interest", "InterestPeriod", "RateGap", "money_json", "number_json", "statutory_interest"]

ZERO = Decimal("0.00")


def money_json(amount: Decimal | None) -> str | None:
    """Money as the JSON output writes it: ``"1234.56"`` (rounded to cents half up); None stays None."""
    return None if amount is None else f"{cents(amount):.2f}"


def number_json(value: Decimal) -> str:
    """A rate or factor without trailing zeros: ``7``, ``0.5``."""
    return f"{value.normalize():f}"


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
                "rate": number_json(self.rate), "principal": money_json(self.principal),
                "interest": money_json(self.interest)}


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
