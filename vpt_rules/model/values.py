"""The value types of the case file: text, days, moments, money, IBAN; each checked strictly.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    StrictInt,
)

from .messages import Invalid, shown

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MAX_MONEY = Decimal("100000000")
# Characters Word cannot hold (XML 1.0) and invisible controls; tab and newline are fine in free text.
# ... and the bidirectional overrides, embeddings and isolates that make text read differently than it is.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")

def bounded_text(max_length: int) -> Any:
    """A validator for free text: not empty, no control characters, at most ``max_length`` characters."""

    def check(value: str) -> str:
        bad = _FORBIDDEN.search(value)
        if bad:
            raise Invalid("contains a control character (U+{code}) at position {position}",
                          code=f"{ord(bad.group()):04X}", position=bad.start())
        if not value.strip():
            raise Invalid("must not be empty")
        if len(value) > max_length:
            raise Invalid("is longer than {limit} characters ({length})", limit=max_length, length=len(value))
        return value

    return AfterValidator(check)


def text_only(value: Any) -> Any:
    if not isinstance(value, str):
        raise Invalid("must be text, not {input}", input=shown(value))
    return value


# The years a date may have: the calendar of terms (holidays, Atw) covers 1966-2100, and a term may run ten
# years past its start; a date outside is refused with its field named instead of failing in a term.
FIRST_YEAR, LAST_YEAR = 1900, 2089


def _in_range(day: date, value: Any) -> None:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise Invalid("lies outside the years {first}-{last} that vpt-rules can compute terms for: {input}",
                      first=FIRST_YEAR, last=LAST_YEAR, input=shown(value))


def parse_day(value: Any) -> Any:
    if isinstance(value, datetime):
        raise Invalid("must be a date (YYYY-MM-DD), not a moment")
    if isinstance(value, date):
        _in_range(value, value)
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise Invalid("must be a date as YYYY-MM-DD, not {input}", input=shown(value))
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise Invalid("is not a real date: {input}", input=shown(value)) from None
    _in_range(day, value)
    return day


def parse_moment(value: Any) -> Any:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}([T ].+)?", value.strip()):
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            raise Invalid("is not a real moment (ISO 8601): {input}", input=shown(value)) from None
    else:
        raise Invalid("must be a moment as ISO 8601 (2026-11-20T14:30:00+01:00), not {input}", input=shown(value))
    _in_range(moment.date(), value)
    if moment.tzinfo is None:
        local = moment
        moment = moment.replace(tzinfo=AMSTERDAM)
        if moment.astimezone(UTC).astimezone(AMSTERDAM).replace(tzinfo=None) != local:
            raise Invalid("does not exist in Amsterdam time (the clocks go from 02:00 to 03:00 that night): "
                          "{input}", input=shown(value))
    return moment


def _parse_money(value: Any) -> Any:
    if isinstance(value, bool):
        raise Invalid("must be an amount in euros, not true/false")
    if isinstance(value, float):
        value = repr(value)
    if isinstance(value, str):
        text = value.strip().replace("€", "").strip()
        if "," in text:
            raise Invalid("write amounts with a decimal point and no thousands separator, not {input}",
                          input=shown(value))
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise Invalid("must be an amount in euros such as \"85.00\", not {input}", input=shown(value)) from None
    if isinstance(value, int):
        value = Decimal(value)
    if not isinstance(value, Decimal) or not value.is_finite():
        raise Invalid("must be an amount in euros such as \"85.00\", not {input}", input=shown(value))
    if value < 0:
        raise Invalid("must not be negative")
    if value >= MAX_MONEY:
        raise Invalid("must be less than {limit} euros", limit=f"{MAX_MONEY:,}")
    if value != value.quantize(Decimal("0.01")):
        raise Invalid("has more than two decimals (cents)")
    return value.quantize(Decimal("0.01"))


Text = Annotated[str, BeforeValidator(text_only), bounded_text(200)]
LongText = Annotated[str, BeforeValidator(text_only), bounded_text(5000)]
Day = Annotated[date, BeforeValidator(parse_day)]
Moment = Annotated[datetime, BeforeValidator(parse_moment)]
Money = Annotated[Decimal, BeforeValidator(_parse_money)]
Count = Annotated[StrictInt, Field(ge=0, le=100_000)]


def check_iban(value: str) -> str:
    """An IBAN, spaces allowed, checked with ISO 7064 mod 97-10; returned compact and upper case."""
    compact = "".join(value.split()).upper()
    if not re.fullmatch(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}", compact):
        raise Invalid("is not an IBAN (two letters, two digits, then the account number)")
    digits = "".join(str(int(ch, 36)) for ch in compact[4:] + compact[:4])
    if int(digits) % 97 != 1:
        raise Invalid("is not a valid IBAN: its check digits do not match (mod 97)")
    return compact



_POSTCODE = re.compile(r"([1-9]\d{3})\s?([A-Za-z]{2})")
_FOREIGN_POSTCODE = re.compile(r"[A-Z]{1,3}-[A-Z0-9][A-Z0-9 -]{1,10}")  # abroad: country code first, B-1000


def normal_postcode(answer: str) -> str:
    """A postcode as a person types it, written ``1234 AB`` (SA, SD and SS are never issued); abroad with the
    country code first (``B-1000``). The intake and the web pages ask it the same way."""
    value = answer.strip()
    found = _POSTCODE.fullmatch(value)
    if found and found.group(2).upper() not in ("SA", "SD", "SS"):
        return f"{found.group(1)} {found.group(2).upper()}"
    if _FOREIGN_POSTCODE.fullmatch(value.upper()):
        return value.upper()
    raise Invalid("write a Dutch postcode as 1234 AB (abroad: the country code first, such as B-1000)")
