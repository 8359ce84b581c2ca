"""What the outcome page shows: actions in plain words with a countdown, and a document as HTML (in the request's
language)."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from ...i18n.catalog import N_, _, ngettext
from ...i18n.dutch import moment_text
from ...rules.outcome import Action

DOCUMENT_NAMES = {
    "perpetrator_letter_warning": N_("Warning letter to the perpetrator"),
    "perpetrator_letter_ban": N_("Letter to the perpetrator: access ban"),
    "perpetrator_letter_service_stop": N_("Letter to the perpetrator: service stopped"),
    "liability_letter": N_("Liability letter to the perpetrator"),
    "injured_party_claim": N_("Injured party's claim form"),
    "damage_statement": N_("Statement of damages"),
}


def countdown(due: datetime, now: datetime) -> str:
    """'nog 5 uur', 'nog 2 dagen', '3 uur te laat' ('5 hours left', '3 hours late') — coarse, as a person says it."""
    seconds = (due - now).total_seconds()
    late = seconds < 0
    seconds = abs(seconds)
    if seconds < 3600:
        n = max(1, int(seconds // 60))
        return ngettext("{n} minute late", "{n} minutes late", n) if late else \
            ngettext("{n} minute left", "{n} minutes left", n)
    if seconds < 2 * 86400:
        n = int(seconds // 3600)
        return ngettext("{n} hour late", "{n} hours late", n) if late else \
            ngettext("{n} hour left", "{n} hours left", n)
    n = int(seconds // 86400)
    return ngettext("{n} day late", "{n} days late", n) if late else ngettext("{n} day left", "{n} days left", n)


def action_rows(actions: tuple[Action, ...], done: set[str], now: datetime) -> list[dict[str, Any]]:
    """Open actions first (overdue, then by due moment), then the ones recorded as done."""
    rows = []
    for action in actions:
        rows.append({
            "action": action,
            "done": action.id in done,
            "overdue": action.due is not None and action.due < now and action.id not in done,
            "due_text": moment_text(action.due) if action.due else "",
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


JUDGMENTS = {"convicted": N_("convicted"), "acquitted": N_("acquitted"), "penalty_order": N_("penalty order"),
             "not_prosecuted": N_("not prosecuted")}


def event_text(event: dict[str, Any]) -> str:
    """A recorded event in plain words, with who recorded it."""
    from datetime import date
    from decimal import Decimal

    from ...i18n.dutch import day_text, money_text

    def on(value: str) -> str:
        return day_text(date.fromisoformat(value[:10]))

    kind = event["kind"]
    if kind == "letter_sent":
        text = _("Letter to the perpetrator sent on {day}", day=on(event["on"]))
    elif kind == "liability_letter_sent":
        text = _("Liability letter sent on {day}", day=on(event["on"]))
    elif kind == "report_filed":
        text = _("Report filed with the police on {day}", day=on(event["filed_at"]))
        if event.get("police_reference"):
            text += " " + _("(reference {reference})", reference=event["police_reference"])
    elif kind == "vpt_code_confirmed":
        text = _("The police confirmed the VPT code")
    elif kind == "judgment":
        status = event.get("status", "")
        judgment = _(JUDGMENTS[status]) if status in JUDGMENTS else status
        text = _("Judgment: {judgment}, final on {day}", judgment=judgment, day=on(event["judgment_final_on"]))
        if event.get("compensation_awarded"):
            text += "; " + _("awarded {amount}", amount=money_text(Decimal(event["compensation_awarded"])))
    elif kind == "payment":
        text = _("Payment of {amount} on {day}", amount=money_text(Decimal(event["amount"])), day=on(event["on"]))
    else:
        text = kind
    return _("{event} – recorded by {person}", event=text, person=event["by"])
