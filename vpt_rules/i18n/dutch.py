"""Dutch formatting of dates, moments and money (babel, locale nl_NL), and the heading of an action in a summary
(in the current language)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
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


# babel takes about 0.1 ms per amount and date (a claim form shows dozens): the texts are kept, a few thousand
# per kind. An amount is its text as a key (so -0.00 and 0.00 stay apart), a moment is turned to Amsterdam time
# first (equal moments in other zones are equal keys, and give the same text).
@lru_cache(maxsize=4096)
def _money(amount: str, locale: str) -> str:
    return format_currency(Decimal(amount), "EUR", locale=locale)


@lru_cache(maxsize=4096)
def _day(value: date, locale: str) -> str:
    return format_date(value, "d MMMM y", locale=locale)


@lru_cache(maxsize=4096)
def _moment(value: datetime, locale: str) -> str:
    return format_datetime(value, "EEEE d MMMM y HH:mm", locale=locale)


def _locale() -> str:
    return LOCALE if current_language() == "nl" else "en_GB"


def money(amount: Decimal) -> str:
    """``€ 1.234,56`` (with a no-break space, as babel writes it)."""
    return _money(str(cents(amount)), LOCALE)


def day(value: date) -> str:
    """``22 november 2026``."""
    return _day(value, LOCALE)


def moment(value: datetime) -> str:
    """``zondag 22 november 2026 15:00`` in Amsterdam time."""
    return _moment(value.astimezone(AMSTERDAM), LOCALE)


def money_text(amount: Decimal) -> str:
    """An amount in the current language: ``€ 1.234,56`` (nl) or ``€1,234.56`` (en)."""
    return _money(str(cents(amount)), _locale())


def day_text(value: date) -> str:
    """A date in the current language: ``22 november 2026`` or ``22 November 2026``."""
    return _day(value, _locale())


def moment_text(value: datetime) -> str:
    """A moment in the current language, Amsterdam time: ``zondag 22 november 2026 15:00``."""
    return _moment(value.astimezone(AMSTERDAM), _locale())


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
