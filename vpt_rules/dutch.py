"""Dutch formatting of dates, moments and money (babel, locale nl_NL)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from babel.dates import format_date, format_datetime
from babel.numbers import format_currency

from .calendar import AMSTERDAM

LOCALE = "nl_NL"
CENT = Decimal("0.01")


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
