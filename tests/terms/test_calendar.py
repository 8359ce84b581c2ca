"""Tests of vpt_rules.terms.calendar: Algemene termijnenwet (Atw) holidays and terms, DOMAIN §4.

Every expected date is worked out by hand in the comments (weekday of each date given).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from dateutil.easter import easter

from vpt_rules.terms.calendar import (
    AMSTERDAM,
    add_hours,
    add_months,
    add_working_days,
    add_years,
    atw_holidays,
    end_of_day,
    is_atw_holiday,
    is_working_day,
    statutory_term_end,
)

D = date


# --- holidays and working days --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 1, 9), True),  # Friday
        (D(2026, 1, 10), False),  # Saturday
        (D(2026, 1, 11), False),  # Sunday
        (D(2026, 1, 12), True),  # Monday
        (D(2026, 4, 3), False),  # Good Friday (Easter Sunday 5 April 2026 - 2), Atw art. 3 lid 2
        (D(2026, 4, 6), False),  # Easter Monday
        (D(2026, 4, 7), True),  # Tuesday after Easter
        (D(2026, 5, 5), False),  # Tuesday, Bevrijdingsdag (holidays.NL 2026 lacks it)
        (D(2027, 5, 5), False),  # Wednesday, Bevrijdingsdag, not a lustrum year either
        (D(2025, 5, 5), False),  # Monday, Bevrijdingsdag in a lustrum year
        (D(2026, 5, 14), False),  # Ascension Day (Easter + 39)
        (D(2026, 5, 25), False),  # Whit Monday (Easter + 50)
        (D(2026, 4, 27), False),  # Monday, Koningsdag
        (D(2025, 4, 28), True),  # Monday after Koningsdag-on-Saturday 26 April 2025: no substitute day
        (D(2026, 12, 24), True),  # Thursday, Christmas Eve is no holiday
        (D(2027, 12, 27), True),  # Monday after Christmas on Sat 25/Sun 26 Dec 2027: no substitute day
        (D(2027, 1, 1), False),  # Friday, New Year's Day
    ],
)
def test_is_working_day(day: date, expected: bool) -> None:
    assert is_working_day(day) is expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2025, 4, 26), True),  # Saturday: Koningsdag, because 27 April 2025 is a Sunday
        (D(2025, 4, 27), False),  # Sunday, the King's birthday, but not the day it is celebrated
        (D(2026, 4, 5), False),  # Easter Sunday: the Atw names only the *second* Easter day
        (D(2026, 5, 24), False),  # Whit Sunday: likewise only the second Whit day
        (D(2026, 4, 3), True),  # Good Friday
        (D(2026, 5, 5), True),  # Bevrijdingsdag every year
        (D(2013, 4, 30), True),  # Tuesday, Koninginnedag (before 2014)
        (D(2006, 4, 29), True),  # Saturday, Koninginnedag because 30 April 2006 is a Sunday
        (D(2006, 4, 30), False),  # Sunday
        (D(2027, 12, 25), True),  # Saturday, still Eerste Kerstdag
    ],
)
def test_is_atw_holiday(day: date, expected: bool) -> None:
    assert is_atw_holiday(day) is expected


def test_atw_holidays_2026() -> None:
    # Easter Sunday 2026 = 5 April: Good Friday 3/4, Easter Monday 6/4, Ascension 14/5, Whit Monday 25/5.
    assert atw_holidays(2026) == {
        D(2026, 1, 1): "Nieuwjaarsdag",
        D(2026, 4, 3): "Goede Vrijdag",
        D(2026, 4, 6): "Tweede Paasdag",
        D(2026, 4, 27): "Koningsdag",
        D(2026, 5, 5): "Bevrijdingsdag",
        D(2026, 5, 14): "Hemelvaartsdag",
        D(2026, 5, 25): "Tweede Pinksterdag",
        D(2026, 12, 25): "Eerste Kerstdag",
        D(2026, 12, 26): "Tweede Kerstdag",
    }


def test_atw_holidays_2025_kings_day_on_saturday() -> None:
    # Easter Sunday 2025 = 20 April: Good Friday 18/4, Easter Monday 21/4, Ascension 29/5, Whit Monday 9/6.
    # 27 April 2025 is a Sunday, so Koningsdag is Saturday 26 April.
    assert atw_holidays(2025) == {
        D(2025, 1, 1): "Nieuwjaarsdag",
        D(2025, 4, 18): "Goede Vrijdag",
        D(2025, 4, 21): "Tweede Paasdag",
        D(2025, 4, 26): "Koningsdag",
        D(2025, 5, 5): "Bevrijdingsdag",
        D(2025, 5, 29): "Hemelvaartsdag",
        D(2025, 6, 9): "Tweede Pinksterdag",
        D(2025, 12, 25): "Eerste Kerstdag",
        D(2025, 12, 26): "Tweede Kerstdag",
    }


def test_two_holidays_on_one_day() -> None:
    # Easter 2005 = 27 March, so Ascension Day (+39) = 5 May 2005: one date, both names.
    assert atw_holidays(2005)[D(2005, 5, 5)] == "Hemelvaartsdag; Bevrijdingsdag"


def _expected_atw_dates(year: int) -> set[date]:
    """Atw art. 3 computed independently of holidays.NL (King's Day rule valid from 2014)."""
    e = easter(year)
    kings_day = D(year, 4, 27) if D(year, 4, 27).weekday() != 6 else D(year, 4, 26)
    offsets = (-2, 1, 39, 50)  # Good Friday, Easter Monday, Ascension Day, Whit Monday
    fixed = {D(year, 1, 1), kings_day, D(year, 5, 5), D(year, 12, 25), D(year, 12, 26)}
    return fixed | {e + timedelta(days=n) for n in offsets}


@pytest.mark.parametrize("year", range(2014, 2101))
def test_atw_holidays_are_exactly_the_atw_list(year: int) -> None:
    # Nothing holidays.NL adds (Easter Sunday, Whit Sunday, ...) and nothing missing (5 May, Good Friday).
    assert set(atw_holidays(year)) == _expected_atw_dates(year)
    allowed = {
        "Nieuwjaarsdag",
        "Goede Vrijdag",
        "Tweede Paasdag",
        "Hemelvaartsdag",
        "Tweede Pinksterdag",
        "Eerste Kerstdag",
        "Tweede Kerstdag",
        "Koningsdag",
        "Bevrijdingsdag",
    }
    names = {part for name in atw_holidays(year).values() for part in name.split("; ")}
    assert names == allowed


def test_atw_holidays_returns_a_copy() -> None:
    atw_holidays(2026).clear()
    assert is_atw_holiday(D(2026, 12, 25))
    assert len(atw_holidays(2026)) == 9


@pytest.mark.parametrize("year", [1965, 2101])
def test_atw_holidays_outside_holidays_range(year: int) -> None:
    with pytest.raises(ValueError):
        atw_holidays(year)


def test_datetime_is_not_a_date() -> None:
    # datetime(2026, 1, 1) != date(2026, 1, 1) in Python: a lookup would silently say "no holiday".
    with pytest.raises(TypeError):
        is_atw_holiday(datetime(2026, 1, 1, tzinfo=AMSTERDAM))
    with pytest.raises(TypeError):
        statutory_term_end(datetime(2026, 1, 1), 3)
    with pytest.raises(TypeError):
        is_working_day(datetime(2026, 1, 10))  # a Saturday: must not answer False before checking the type


# --- statutory terms (Atw art. 1, 2, 4) -----------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # Mon 5 Jan 2026 + 3 = Thu 8 Jan; Tue 6, Wed 7, Thu 8 are working days: no extension.
        (D(2026, 1, 5), 3, D(2026, 1, 8)),
        # Fri 9 Jan + 3 = Mon 12 Jan, a working day (art. 1 ok), but Sat/Sun/Mon hold one working day:
        # art. 2 extends to Tue 13 Jan.
        (D(2026, 1, 9), 3, D(2026, 1, 13)),
        # Thu 2 Apr 2026 + 3 = Sun 5 Apr (Easter). Art. 1: Mon 6 is Easter Monday -> Tue 7. Fri 3 (Good
        # Friday) to Tue 7 hold one working day (Tue 7): art. 2 extends to Wed 8 Apr.
        (D(2026, 4, 2), 3, D(2026, 4, 8)),
        # Thu 2 Apr + 1 = Fri 3 Apr, Good Friday -> Sat, Sun, Easter Monday -> Tue 7 (art. 2 not: < 3 days).
        (D(2026, 4, 2), 1, D(2026, 4, 7)),
        # Tue 21 Apr 2026 + 14 = Tue 5 May, Bevrijdingsdag (not in holidays.NL 2026) -> Wed 6 May.
        (D(2026, 4, 21), 14, D(2026, 5, 6)),
        # Wed 28 Apr 2027 + 7 = Wed 5 May 2027, Bevrijdingsdag -> Thu 6 May is Ascension Day (Easter 28 Mar
        # 2027 + 39) -> Fri 7 May.
        (D(2027, 4, 28), 7, D(2027, 5, 7)),
        # Mon 21 Apr 2025 + 5 = Sat 26 Apr (Koningsdag) -> Sun 27 -> Mon 28 Apr.
        (D(2025, 4, 21), 5, D(2025, 4, 28)),
        # Fri 18 Dec 2026 + 7 = Fri 25 Dec (Christmas) -> Sat 26 (Boxing Day), Sun 27 -> Mon 28 Dec.
        (D(2026, 12, 18), 7, D(2026, 12, 28)),
        # Thu 24 Dec 2026 + 3 = Sun 27 -> Mon 28 (art. 1). 25 (Christmas), 26 (Sat), 27 (Sun), 28: one
        # working day, art. 2 extends to Tue 29 Dec.
        (D(2026, 12, 24), 3, D(2026, 12, 29)),
        # Sat 18 Dec 2027 + 7 = Sat 25 Dec (Christmas on a Saturday) -> Sun 26 -> Mon 27 Dec.
        (D(2027, 12, 18), 7, D(2027, 12, 27)),
        # Fri 25 Dec 2026 + 7 = Fri 1 Jan 2027 (New Year's Day) -> Sat 2, Sun 3 -> Mon 4 Jan 2027.
        (D(2026, 12, 25), 7, D(2027, 1, 4)),
        # Example of staatsrechtpraktijk.nl: 3 days from Wed 20 Dec 2017 = Sat 23 -> Sun 24, Mon 25 and Tue 26
        # (Christmas) -> Wed 27 Dec; Thu 21 and Fri 22 are already two working days, so art. 2 adds nothing.
        (D(2017, 12, 20), 3, D(2017, 12, 27)),
        # Same source: from Tue 19 Dec 2017 the term ends Fri 22 Dec.
        (D(2017, 12, 19), 3, D(2017, 12, 22)),
        # 0 days from a working day: that day.
        (D(2026, 1, 9), 0, D(2026, 1, 9)),
        # 90 days (the maximum, art. 4) from Wed 1 Jul 2026: 30 (to 31 Jul) + 31 (Aug) + 29 = Tue 29 Sep 2026.
        (D(2026, 7, 1), 90, D(2026, 9, 29)),
        # 90 days from Thu 5 Feb 2026: 23 (to 28 Feb) + 31 (Mar) + 30 (Apr) + 6 = Wed 6 May; no extension
        # (Bevrijdingsdag is Tue 5 May).
        (D(2026, 2, 5), 90, D(2026, 5, 6)),
    ],
)
def test_statutory_term_end(start: date, days: int, expected: date) -> None:
    assert statutory_term_end(start, days) == expected


@pytest.mark.parametrize("days", [-1, 91, 92, 365])
def test_statutory_term_out_of_atw_range(days: int) -> None:
    # Art. 4: the Atw does not apply to terms longer than 90 days; use add_months/add_years for those.
    with pytest.raises(ValueError):
        statutory_term_end(D(2026, 1, 5), days)


# --- working days ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # Thu 24 Dec 2026: 25 Christmas, 26 Sat, 27 Sun; Mon 28 (1), Tue 29 (2), Wed 30 (3), Thu 31 (4);
        # Fri 1 Jan New Year's Day, Sat 2, Sun 3; Mon 4 Jan 2027 (5).
        (D(2026, 12, 24), 5, D(2027, 1, 4)),
        # Friday 9 Jan 2026 + 1 working day = Monday 12 Jan.
        (D(2026, 1, 9), 1, D(2026, 1, 12)),
        # "Aangifte within 2 working days" after an incident on Thu 2 Apr 2026: Good Friday, Sat, Sun, Easter
        # Monday skipped; Tue 7 (1), Wed 8 (2).
        (D(2026, 4, 2), 2, D(2026, 4, 8)),
        # Mon 4 May 2026 + 1: Tue 5 May is Bevrijdingsdag -> Wed 6 May.
        (D(2026, 5, 4), 1, D(2026, 5, 6)),
        # 0 days: the start itself, even on a Saturday.
        (D(2026, 1, 10), 0, D(2026, 1, 10)),
    ],
)
def test_add_working_days(start: date, days: int, expected: date) -> None:
    assert add_working_days(start, days) == expected


def test_add_working_days_negative() -> None:
    with pytest.raises(ValueError):
        add_working_days(D(2026, 1, 9), -1)


# --- terms in hours -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "hours", "expected_wall", "expected_offset_h"),
    [
        # Sat 28 Mar 2026 10:00 CET (+01) = 09:00 UTC; +48 h = Mon 30 Mar 09:00 UTC = 11:00 CEST (+02):
        # clocks went forward on 29 Mar, so the wall clock shows one hour more.
        (datetime(2026, 3, 28, 10, tzinfo=AMSTERDAM), 48, datetime(2026, 3, 30, 11), 2),
        # Sat 24 Oct 2026 10:00 CEST (+02) = 08:00 UTC; +48 h = Mon 26 Oct 08:00 UTC = 09:00 CET (+01):
        # clocks went back on 25 Oct, so the wall clock shows one hour less.
        (datetime(2026, 10, 24, 10, tzinfo=AMSTERDAM), 48, datetime(2026, 10, 26, 9), 1),
        # Fri 9 Jan 2026 17:00 + 48 h = Sun 11 Jan 17:00: the weekend does not stop the clock.
        (datetime(2026, 1, 9, 17, tzinfo=AMSTERDAM), 48, datetime(2026, 1, 11, 17), 1),
        # Thu 2 Apr 2026 12:00 + 48 h = Sat 4 Apr 12:00: neither does Good Friday.
        (datetime(2026, 4, 2, 12, tzinfo=AMSTERDAM), 48, datetime(2026, 4, 4, 12), 2),
        # A start given in UTC: 28 Mar 2026 09:00Z is 10:00 in Amsterdam; result as in the first case.
        (datetime(2026, 3, 28, 9, tzinfo=UTC), 48, datetime(2026, 3, 30, 11), 2),
        # Sun 25 Oct 2026 02:30 CEST (fold 0, 00:30 UTC) + 1 h = 01:30 UTC = 02:30 CET, the repeated hour.
        (datetime(2026, 10, 25, 2, 30, tzinfo=AMSTERDAM), 1, datetime(2026, 10, 25, 2, 30), 1),
    ],
)
def test_add_hours(start: datetime, hours: int, expected_wall: datetime, expected_offset_h: int) -> None:
    result = add_hours(start, hours)
    assert result.tzinfo is AMSTERDAM
    assert result.replace(tzinfo=None, fold=0) == expected_wall
    assert result.utcoffset() == timedelta(hours=expected_offset_h)
    # Real elapsed time (compare in UTC: aware datetimes sharing one tzinfo subtract by wall clock).
    assert result.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=hours)


def test_add_hours_rejects_naive_and_negative() -> None:
    with pytest.raises(ValueError):
        add_hours(datetime(2026, 3, 28, 10), 48)
    with pytest.raises(ValueError):
        add_hours(datetime(2026, 3, 28, 10, tzinfo=AMSTERDAM), -1)


# --- months and years (no Atw extension, art. 4) --------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),  # February 2026 has 28 days
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # 2024 is a leap year
        (D(2026, 3, 31), 1, D(2026, 4, 30)),  # April has 30 days
        (D(2026, 11, 30), 3, D(2027, 2, 28)),  # across the year end
        (D(2026, 12, 15), 1, D(2027, 1, 15)),
        (D(2026, 3, 31), -1, D(2026, 2, 28)),  # backwards
        (D(2026, 5, 10), 8, D(2027, 1, 10)),  # State advance: 8 months after the judgment is irrevocable
        (D(2026, 5, 10), 0, D(2026, 5, 10)),
    ],
)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("start", "years", "expected"),
    [
        (D(2024, 2, 29), 1, D(2025, 2, 28)),  # no 29 Feb in 2025
        (D(2024, 2, 29), 4, D(2028, 2, 29)),  # 2028 is a leap year
        (D(2024, 2, 29), 5, D(2029, 2, 28)),  # a 5-year term (limitation, 3:310 BW)
        (D(2026, 7, 15), 10, D(2036, 7, 15)),  # Schadefonds: 10 years
    ],
)
def test_add_years(start: date, years: int, expected: date) -> None:
    assert add_years(start, years) == expected


# --- end of day -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "offset_h"),
    [
        (D(2026, 1, 15), 1),  # winter time, CET
        (D(2026, 3, 29), 2),  # the day the clocks go forward: 23:59:59 is CEST
        (D(2026, 10, 25), 1),  # the day the clocks go back: 23:59:59 is CET
    ],
)
def test_end_of_day(day: date, offset_h: int) -> None:
    result = end_of_day(day)
    assert result.tzinfo is AMSTERDAM
    assert (result.date(), result.hour, result.minute, result.second) == (day, 23, 59, 59)
    assert result.utcoffset() == timedelta(hours=offset_h)


def test_amsterdam() -> None:
    assert AMSTERDAM.key == "Europe/Amsterdam"
