"""Dutch formatting of dates, moments and money (babel, locale nl_NL), and of an action in a summary."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from babel.dates import format_date, format_datetime
from babel.numbers import format_currency

from ..terms.calendar import AMSTERDAM

if TYPE_CHECKING:
    from ..rules.outcome import Action

LOCALE = "nl_NL"
CENT = Decimal("0.01")
ACTOR_NL = {"employer": "werkgever", "employee": "werknemer", "police": "politie", "prosecutor": "OM",
            "helpdesk": "helpdesk"}


def cents(amount: Decimal) -> Decimal:
    """Round to cents, half up (babel itself would round half-even)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def money(amount: Decimal) -> str:
    """``€ 1.234,56`` (with a no-break space, as babel writes it)."""
    return format_currency(cents(amount), "EUR", locale=LOCALE)


def day(value: date) -> str:
    """``22 november 2026``."""
    return format_date(value, "d MMMM y", locale=LOCALE)


def moment(value: datetime) -> str:
    """``zondag 22 november 2026 15:00`` in Amsterdam time."""
    return format_datetime(value.astimezone(AMSTERDAM), "EEEE d MMMM y HH:mm", locale=LOCALE)


def action_heading(number: int, action: Action) -> list[str]:
    """`` 1. [werkgever] title — uiterlijk <moment> (TE LAAT)`` and, when it has one, ``    Vanaf: <moment>``."""
    when = f" — uiterlijk {moment(action.due)}" if action.due else ""
    late = " (TE LAAT)" if action.overdue else ""
    lines = [f"{number:2}. [{ACTOR_NL.get(action.actor, action.actor)}] {action.title}{when}{late}"]
    if action.available_from:
        lines.append(f"    Vanaf: {moment(action.available_from)}")
    return lines
