"""Terms and the calendar (DOMAIN §4): Algemene termijnenwet (Atw) holidays, working days and term ends.

Not covered: the days a Royal Decree equates with holidays under Atw art. 3 lid 3 (such as the Friday
after Ascension Day in some years). The current text of art. 3 is applied to every year.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Final
from zoneinfo import ZoneInfo

AMSTERDAM: Final = ZoneInfo("Europe/Amsterdam")

# Atw art. 4: the Atw does not apply to terms longer than 90 days, 12 weeks or 3 months.
_MAX_ATW_TERM_DAYS: Final = 90

# holidays.NL names (language en_US) -> Atw art. 3 names. Anything holidays.NL lists that is not here is
# not an Atw holiday (Easter Sunday and Whit Sunday: the Atw names only the *second* Easter and Whit day).
_ATW_NAMES: Final = MappingProxyType(
    {
        "New Year's Day": "Nieuwjaarsdag",
        "Good Friday": "Goede Vrijdag",
        "Easter Monday": "Tweede Paasdag",
        "Ascension Day": "Hemelvaartsdag",
        "Pentecost Monday": "Tweede Pinksterdag",
        "Christmas Day": "Eerste Kerstdag",
        "Second Day of Christmas": "Tweede Kerstdag",
        "King's Day": "Koningsdag",
        "Queen's Day": "Koninginnedag",
        "Liberation Day": "Bevrijdingsdag",
    }
)
_REQUIRED: Final = frozenset(_ATW_NAMES.values()) - {"Koningsdag", "Koninginnedag"}


@lru_cache(maxsize=256)
def _holidays(year: int) -> MappingProxyType[date, str]:
    """The Atw holidays of ``year``: from the cache on disk when this version of the holidays package built
    them before (importing it and building a year takes about 100 ms of every ``vpt evaluate``), else built."""
    from ..model import cache
    from ..version import distribution_version

    key = cache.key_of("atw-holidays", str(year).encode(), code=Path(__file__),
                       extra=distribution_version("holidays") or "")
    found, days = cache.read(key)
    if found:
        return MappingProxyType({date.fromordinal(day): name for day, name in days})
    built = _build_holidays(year)
    cache.write(key, [[day.toordinal(), name] for day, name in built.items()])
    return built


def _build_holidays(year: int) -> MappingProxyType[date, str]:
    """The Atw holidays of ``year`` from holidays.NL. The holidays package is imported on first use (it takes
    about a second to import all its countries), so that a start-up that needs no term in working days does not
    pay for it."""
    import holidays
    from dateutil.easter import easter

    if not holidays.NL.start_year <= year <= holidays.NL.end_year:
        raise ValueError(
            f"year {year}: holidays.NL only covers {holidays.NL.start_year}-{holidays.NL.end_year}"
        )
    found: dict[date, set[str]] = {}
    for day, names in holidays.NL(years=year, language="en_US").items():
        for name in names.split("; "):  # two holidays on one day come joined, e.g. 2005-05-05
            if name in _ATW_NAMES:
                found.setdefault(day, set()).add(_ATW_NAMES[name])
    found.setdefault(easter(year) - timedelta(days=2), set()).add("Goede Vrijdag")  # art. 3 lid 2
    found.setdefault(date(year, 5, 5), set()).add("Bevrijdingsdag")  # every year, not only lustrum years
    names_found = set().union(*found.values())
    missing = _REQUIRED - names_found
    if not names_found & {"Koningsdag", "Koninginnedag"}:
        missing.add("Koningsdag")
    if missing:  # a holidays release renamed something: fail loudly rather than miss a holiday
        raise RuntimeError(f"holidays.NL {year}: Atw holidays not found: {sorted(missing)}")
    order = list(_ATW_NAMES.values())
    return MappingProxyType({day: "; ".join(sorted(n, key=order.index)) for day, n in sorted(found.items())})


def atw_holidays(year: int) -> dict[date, str]:
    """The algemeen erkende feestdagen of `year` (Atw art. 3 lid 1, Good Friday by lid 2): date -> Dutch name.

    Built on holidays.NL, corrected for the Atw: 5 May every year, Good Friday always, and Easter Sunday
    and Whit Sunday left out. King's Day follows holidays.NL: Koningsdag 27 April (26 April when the 27th is
    a Sunday); before 2014 Koninginnedag 30 April (29 April when a Sunday; 1 May before 1980). Raise
    ValueError for a year outside holidays.NL's range (1966-2100).
    """
    return dict(_holidays(year))


def _check_date(day: date) -> None:
    # A datetime is a date, but never equal to one: a holiday lookup would silently say no.
    if isinstance(day, datetime):
        raise TypeError(f"expected a date, not a datetime: {day!r}")


def is_atw_holiday(day: date) -> bool:
    """Whether `day` is a holiday in the sense of Atw art. 3."""
    _check_date(day)
    return day in _holidays(day.year)


def is_working_day(day: date) -> bool:
    """Whether `day` is not a Saturday, Sunday or Atw holiday (Atw art. 1; DOMAIN §2 'working days')."""
    _check_date(day)
    return day.weekday() < 5 and not is_atw_holiday(day)


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start`, start not counted (DOMAIN §2; working day: Atw art. 1, 3).

    `days` >= 0; 0 gives `start` itself.
    """
    _check_date(start)
    if days < 0:
        raise ValueError(f"days must be >= 0, not {days}")
    day = start
    while days:
        day += timedelta(days=1)
        days -= is_working_day(day)
    return day


def statutory_term_end(start: date, days: int) -> date:
    """The last day of a statutory term of `days` calendar days from `start`, extended by the Atw.

    Art. 1: an end on a Saturday, Sunday or holiday moves to the next day that is none of these. Art. 2: a
    term of 3 days or more holds at least two such days after `start`, otherwise it is extended until it
    does. Art. 4: the Atw does not apply to terms longer than 90 days (or 12 weeks, 3 months), so `days` must
    be 0-90 (ValueError otherwise); use add_months/add_years for longer terms and add_hours for hours.
    """
    _check_date(start)
    if not 0 <= days <= _MAX_ATW_TERM_DAYS:
        raise ValueError(f"days must be 0-{_MAX_ATW_TERM_DAYS} for an Atw term, not {days}")
    end = start + timedelta(days=days)
    while not is_working_day(end):  # art. 1
        end += timedelta(days=1)
    if days >= 3:  # art. 2
        end = max(end, add_working_days(start, 2))
    return end


def add_hours(start: datetime, hours: int) -> datetime:
    """`hours` real elapsed hours after the aware `start`, in Europe/Amsterdam time.

    Terms in hours run on the clock: weekends, holidays and DST do not stop them (DOMAIN §1, seed 002
    measure 5; Atw art. 4: the Atw does not apply). Raise ValueError for a naive datetime or negative hours.
    """
    if start.tzinfo is None or start.utcoffset() is None:
        raise ValueError(f"naive datetime, give a time zone: {start!r}")
    if hours < 0:
        raise ValueError(f"hours must be >= 0, not {hours}")
    # Aware arithmetic in one zone is wall-clock arithmetic: go through UTC to add elapsed time.
    return (start.astimezone(UTC) + timedelta(hours=hours)).astimezone(AMSTERDAM)


def _days_in_month(year: int, month: int) -> int:
    first_of_next = date(year + month // 12, month % 12 + 1, 1)
    return (first_of_next - timedelta(days=1)).day


def add_months(start: date, months: int) -> date:
    """`start` plus `months` calendar months, the day clamped to the month's length (31 Jan + 1 = 28/29 Feb).

    Calendar arithmetic only, no Atw extension (Atw art. 4 excludes terms longer than 3 months; a statutory
    term of at most 3 months still needs art. 1 on top). `months` may be negative.
    """
    _check_date(start)
    year, month0 = divmod(start.year * 12 + start.month - 1 + months, 12)
    return date(year, month0 + 1, min(start.day, _days_in_month(year, month0 + 1)))


def add_years(start: date, years: int) -> date:
    """`start` plus `years` years; 29 Feb goes to 28 Feb in a common year. The Atw does not apply (art. 4)."""
    return add_months(start, 12 * years)


def end_of_day(day: date) -> datetime:
    """23:59:59 Europe/Amsterdam on `day` (aware): the last moment of a term's last day (Atw art. 1)."""
    _check_date(day)
    return datetime.combine(day, time(23, 59, 59), tzinfo=AMSTERDAM)
