"""A case's open deadlines as an iCalendar file (RFC 5545): in Europe/Amsterdam time with its time zone
described, a stable UID per case and action (a calendar that imports it again updates, not duplicates),
lines folded at 75 octets."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from ..model.values import AMSTERDAM

# Europe/Amsterdam since 1996 (EU summer time: last Sunday of March 02:00 to last Sunday of October 03:00).
VTIMEZONE = ["BEGIN:VTIMEZONE", "TZID:Europe/Amsterdam",
             "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "TZNAME:CEST", "DTSTART:19960331T020000",
             "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
             "BEGIN:STANDARD", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "TZNAME:CET", "DTSTART:19961027T030000",
             "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD", "END:VTIMEZONE"]


def _text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """A content line split into pieces of at most 75 octets, never inside a UTF-8 character."""
    pieces, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > (75 if not pieces else 74):
            pieces.append(current)
            current, size = "", 0
        current += char
        size += width
    pieces.append(current)
    return [pieces[0]] + [" " + piece for piece in pieces[1:]]


def _local(moment: datetime) -> str:
    return moment.astimezone(AMSTERDAM).strftime("%Y%m%dT%H%M%S")


def deadlines_ics(case_id: str, actions: Iterable[Any], done: set[str], stamp: datetime) -> str:
    """The open actions with a due moment as events; done ones are left out."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//vpt-rules//termijnen//NL", "CALSCALE:GREGORIAN",
             *VTIMEZONE]
    for action in actions:
        if action.due is None or action.id in done:
            continue
        lines += ["BEGIN:VEVENT", f"UID:{_text(case_id)}-{action.id}@vpt-rules",
                  f"DTSTAMP:{stamp.astimezone(UTC).strftime('%Y%m%dT%H%M%SZ')}",
                  f"DTSTART;TZID=Europe/Amsterdam:{_local(action.due)}",
                  f"DTEND;TZID=Europe/Amsterdam:{_local(action.due)}",
                  f"SUMMARY:{_text(case_id)}: {_text(str(action.title))}",
                  f"DESCRIPTION:{_text(str(action.explanation))}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "\r\n".join(piece for line in lines for piece in _fold(line)) + "\r\n"
