"""Dutch formatting of dates, moments and money (babel, locale nl_NL), and the heading of an action in a summary
(in the current language)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from babel.dates import format_date, format_datetime
from babel.numbers import format_currency

from ..terms.calendar import AMSTERDAM
from .catalog import _, current_language
from .names import ACTORS

if TYPE_CHECKING:
    from ..rules.outcome import Action

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


def money_text(amount: Decimal) -> str:
    """An amount in the current language: ``€ 1.234,56`` (nl) or ``€1,234.56`` (en)."""
    return format_currency(cents(amount), "EUR", locale=LOCALE if current_language() == "nl" else "en_GB")


def day_text(value: date) -> str:
    """A date in the current language: ``22 november 2026`` or ``22 November 2026``."""
    return format_date(value, "d MMMM y", locale=LOCALE if current_language() == "nl" else "en_GB")


def moment_text(value: datetime) -> str:
    """A moment in the current language, Amsterdam time: ``zondag 22 november 2026 15:00``."""
    locale = LOCALE if current_language() == "nl" else "en_GB"
    return format_datetime(value.astimezone(AMSTERDAM), "EEEE d MMMM y HH:mm", locale=locale)


def action_heading(number: int, action: Action) -> list[str]:
    """`` 1. [werkgever] title — uiterlijk <moment> (TE LAAT)`` and, when it has one, ``    Vanaf: <moment>``
    (in the current language)."""
    actor = _(ACTORS[action.actor]) if action.actor in ACTORS else action.actor
    due = " — " + _("by {moment}", moment=moment_text(action.due)) if action.due else ""
    late = " " + _("(OVERDUE)") if action.overdue else ""
    lines = [f"{number:2}. [{actor}] {action.title}{due}{late}"]
    if action.available_from:
        lines.append("    " + _("From: {moment}", moment=moment_text(action.available_from)))
    return lines
