"""What the outcome page shows: actions in plain Dutch with a countdown, and a document as HTML."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from ...i18n.dutch import moment as dutch_moment
from ...rules.outcome import Action


def countdown(due: datetime, now: datetime) -> str:
    """'nog 5 uur', 'nog 2 dagen', '3 uur te laat' — coarse, as a person says it."""
    seconds = (due - now).total_seconds()
    late = seconds < 0
    seconds = abs(seconds)
    if seconds < 3600:
        amount, unit = max(1, int(seconds // 60)), ("minuut", "minuten")
    elif seconds < 2 * 86400:
        amount, unit = int(seconds // 3600), ("uur", "uur")
    else:
        amount, unit = int(seconds // 86400), ("dag", "dagen")
    text = f"{amount} {unit[0] if amount == 1 else unit[1]}"
    return f"{text} te laat" if late else f"nog {text}"


def action_rows(actions: tuple[Action, ...], done: set[str], now: datetime) -> list[dict[str, Any]]:
    """Open actions first (overdue, then by due moment), then the ones recorded as done."""
    rows = []
    for action in actions:
        rows.append({
            "action": action,
            "done": action.id in done,
            "overdue": action.due is not None and action.due < now and action.id not in done,
            "due_text": dutch_moment(action.due) if action.due else "",
            "countdown": countdown(action.due, now) if action.due else "",
        })
    far = datetime.max.replace(tzinfo=now.tzinfo)
    rows.sort(key=lambda r: (r["done"], not r["overdue"], r["action"].due or far))
    return rows


def docx_paragraphs(data: bytes) -> list[dict[str, Any]]:
    """The text of a .docx, paragraph by paragraph (headings marked), for the HTML preview."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    blocks: list[dict[str, Any]] = []
    for child in document.element.body.iterchildren():  # in reading order: paragraphs and tables mixed
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "tbl":
            table = Table(child, document)
            blocks.append({"table": [[cell.text for cell in row.cells] for row in table.rows]})
        elif tag == "p":
            paragraph = Paragraph(child, document)
            text = paragraph.text.strip()
            if text:
                style = (paragraph.style.name or "").lower() if paragraph.style is not None else ""
                blocks.append({"text": text, "heading": style.startswith("heading") or style == "title"})
    return blocks


def _ics_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def deadlines_ics(case_id: str, actions: tuple[Action, ...], done: set[str], stamp: datetime) -> str:
    """The open deadlines as iCalendar (RFC 5545): UTC moments, a stable UID per case and action."""
    from datetime import UTC

    def utc(moment: datetime) -> str:
        return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")

    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//vpt-rules//pagina's//NL", "CALSCALE:GREGORIAN"]
    for action in actions:
        if action.due is None or action.id in done:
            continue
        lines += ["BEGIN:VEVENT", f"UID:{_ics_text(case_id)}-{action.id}@vpt-rules", f"DTSTAMP:{utc(stamp)}",
                  f"DTSTART:{utc(action.due)}", f"DTEND:{utc(action.due)}",
                  f"SUMMARY:{_ics_text(case_id)}: {_ics_text(action.title)}",
                  f"DESCRIPTION:{_ics_text(action.explanation)}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


JUDGMENTS = {"convicted": "veroordeeld", "acquitted": "vrijgesproken", "penalty_order": "strafbeschikking",
             "not_prosecuted": "niet vervolgd"}


def event_text(event: dict[str, Any]) -> str:
    """A recorded event in plain Dutch, with who recorded it."""
    from datetime import date
    from decimal import Decimal

    from ...i18n.dutch import day, money

    def on(value: str) -> str:
        return day(date.fromisoformat(value[:10]))

    kind = event["kind"]
    if kind == "letter_sent":
        text = f"Brief aan de dader verstuurd op {on(event['on'])}"
    elif kind == "liability_letter_sent":
        text = f"Aansprakelijkstelling verstuurd op {on(event['on'])}"
    elif kind == "report_filed":
        text = f"Aangifte gedaan op {on(event['filed_at'])}"
        if event.get("police_reference"):
            text += f" (kenmerk {event['police_reference']})"
    elif kind == "vpt_code_confirmed":
        text = "De politie heeft de VPT-code bevestigd"
    elif kind == "judgment":
        text = f"Uitspraak: {JUDGMENTS.get(event.get('status', ''), event.get('status', ''))}, onherroepelijk op " \
               f"{on(event['judgment_final_on'])}"
        if event.get("compensation_awarded"):
            text += f"; toegewezen {money(Decimal(event['compensation_awarded']))}"
    elif kind == "payment":
        text = f"Betaling van {money(Decimal(event['amount']))} op {on(event['on'])}"
    else:
        text = kind
    return f"{text} – vastgelegd door {event['by']}"
