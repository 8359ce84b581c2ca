"""Checks of what a person types in the intake: each turns an answer into a value, or raises
:class:`~vpt_rules.model.messages.Invalid` with the reason (a catalogue text, Dutch by default).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ..model.messages import Invalid
from ..model.values import AMSTERDAM, normal_postcode

YES = {"j", "ja", "y", "yes"}
NO = {"n", "nee", "no"}
MOMENT_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%d-%m-%Y %H:%M", "%d-%m-%Y %H.%M", "%Y-%m-%d %H.%M",
                  "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S")
DAY_FORMATS = ("%Y-%m-%d", "%d-%m-%Y")
EARLIEST = date(1900, 1, 1)


def text(max_length: int = 200) -> Callable[[str], str]:
    def check(answer: str) -> str:
        answer = answer.strip()
        if not answer:
            raise Invalid("this cannot be empty")
        if any(unicodedata.category(ch) in ("Cc", "Cs") for ch in answer):
            raise Invalid("the answer holds an invisible control character")
        if len(answer) > max_length:
            raise Invalid("the answer is longer than {limit} characters ({length})", limit=max_length,
                          length=len(answer))
        return answer

    return check


def case_id(answer: str) -> str:
    answer = answer.strip()
    if not re.fullmatch(r"[A-Za-z0-9._/-]{1,64}", answer):
        raise Invalid("use 1 to 64 letters, digits and . _ / - (no spaces)")
    return answer


def yes_no(answer: str) -> bool:
    word = answer.strip().lower()
    if word in YES:
        return True
    if word in NO:
        return False
    raise Invalid("answer yes or no")


def filed(answer: str) -> str:
    """Yes or no to "a police report was filed", as the report's status."""
    return "filed" if yes_no(answer) else "none"


def moment(now: datetime, not_before: datetime | None = None, before_what: str = "") -> Callable[[str], datetime]:
    """A date and time, not in the future; not before ``not_before`` (``before_what`` names it)."""

    def check(answer: str) -> datetime:
        value = answer.strip()
        for fmt in MOMENT_FORMATS:
            try:
                parsed = datetime.strptime(value, fmt).replace(tzinfo=AMSTERDAM)
                break
            except ValueError:
                continue
        else:
            raise Invalid("write date and time as 2026-11-20 14:30 (or 20-11-2026 14:30)")
        if parsed > now:
            raise Invalid("this moment lies in the future")
        if parsed.date() < EARLIEST:
            raise Invalid("this date lies before 1900")
        if not_before is not None and parsed < not_before:
            raise Invalid("this lies before {what}", what=before_what)
        return parsed

    return check


def day(after: date | None = None, until: date | None = None, after_what: str = "",
        until_what: str = "") -> Callable[[str], date]:
    """A date; after ``after`` (strictly) and on or before ``until`` when given."""

    def check(answer: str) -> date:
        value = answer.strip()
        for fmt in DAY_FORMATS:
            try:
                parsed = datetime.strptime(value, fmt).date()
                break
            except ValueError:
                continue
        else:
            raise Invalid("write a date as 2027-05-20 (or 20-05-2027)")
        if parsed < EARLIEST:
            raise Invalid("this date lies before 1900")
        if after is not None and parsed <= after:
            raise Invalid("this date must lie after {what}", what=after_what)
        if until is not None and parsed > until:
            raise Invalid("this date lies after {what}", what=until_what)
        return parsed

    return check


postcode = normal_postcode  # the one rule, in model/values.py


def email(answer: str) -> str:
    value = text(200)(answer)
    if not re.fullmatch(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+", value):
        raise Invalid("this is not an e-mail address (name@organisation.nl)")
    return value


def phone(answer: str) -> str:
    value = text(40)(answer)
    if not re.fullmatch(r"\+?[0-9][0-9 ()-]{5,}", value):
        raise Invalid("write a phone number with digits, such as 030-1234567")
    return value


def iban(answer: str) -> str:
    from ..model.values import check_iban

    return check_iban(answer)


def count(maximum: int = 1000) -> Callable[[str], int]:
    def check(answer: str) -> int:
        value = answer.strip()
        if not value.isdigit() or int(value) > maximum:
            raise Invalid("write a whole number from 0 to {maximum}", maximum=maximum)
        return int(value)

    return check


def money(answer: str) -> Decimal:
    """An amount in euros: ``89,95`` or ``89.95`` (no thousands separator)."""
    value = answer.strip().removeprefix("€").strip()
    if not re.fullmatch(r"\d{1,9}([.,]\d{1,2})?", value):
        raise Invalid("write an amount in euros such as 89,95 (no thousands separator)")
    return Decimal(value.replace(",", ".")).quantize(Decimal("0.01"))


def choice(options: dict[str, Any]) -> Callable[[str], str]:
    """An answer by number (as listed) or by code."""
    codes = list(options)

    def check(answer: str) -> str:
        value = answer.strip().lower()
        if value.isdigit() and 1 <= int(value) <= len(codes):
            return codes[int(value) - 1]
        if value in options:
            return value
        raise Invalid("choose a number from 1 to {last}", last=len(codes))

    return check


def choices(options: dict[str, Any]) -> Callable[[str], list[str]]:
    """One or more answers, separated by commas."""
    one = choice(options)

    def check(answer: str) -> list[str]:
        picked = [one(part) for part in re.split(r"[,\s]+", answer.strip()) if part]
        if not picked:
            raise Invalid("choose at least one number")
        return list(dict.fromkeys(picked))

    return check
