"""The outcome for a person (``vpt evaluate`` without ``--json``): what to do, by when, why, with what.

Every action shows its explanation, the reasons in plain words, its sources, and the documents by
name with the command that makes them; a legend explains the confidence marks of the sources.
"""

from __future__ import annotations

import re
import textwrap
from datetime import datetime
from pathlib import Path

from ..i18n.catalog import _, current_language
from ..i18n.names import ACTORS, CONFIDENCE, DOCUMENTS, FLAGS, STATE_ADVANCE
from ..rules.outcome import Action, Outcome
from ..terms.calendar import AMSTERDAM

WIDTH = 100
_MARK = re.compile(r"[(;]\s*(H|M|L|policy)\)\s*$")


def when(value: datetime) -> str:
    """``zondag 22 november 2026 15:00`` (Amsterdam time) in the current language."""
    from babel.dates import format_datetime

    locale = "nl_NL" if current_language() == "nl" else "en_GB"
    return format_datetime(value.astimezone(AMSTERDAM), "EEEE d MMMM y HH:mm", locale=locale)


def yes(value: bool) -> str:
    return _("yes") if value else _("no")


def _wrapped(label: str, text: str) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=f"    {label}: ", subsequent_indent=" " * 8) or [f"    {label}:"]


def heading(number: int, action: Action) -> list[str]:
    """`` 1. [werkgever] title — uiterlijk <moment> (TE LAAT)`` and, when it has one, ``Vanaf: <moment>``."""
    actor = _(ACTORS[action.actor]) if action.actor in ACTORS else action.actor
    due = " — " + _("by {moment}", moment=when(action.due)) if action.due else ""
    late = " " + _("(OVERDUE)") if action.overdue else ""
    lines = [f"{number:2}. [{actor}] {action.title}{due}{late}"]
    if action.available_from:
        lines.append("    " + _("From: {moment}", moment=when(action.available_from)))
    return lines


def documents_lines(action: Action, source: str | None) -> list[str]:
    """Each document by name, and the command that makes it."""
    if not action.documents:
        return []
    case = source if source and Path(source).is_file() else _("CASE")  # a line of a .jsonl or stdin: no file
    lines = ["    " + _("Documents:")]
    for document in action.documents:
        lines.append(f"      - {_(DOCUMENTS[document]) if document in DOCUMENTS else document}")
    lines.append("        " + _("make them with: vpt letters {case} --out {folder}", case=case, folder=_("FOLDER")))
    return lines


def summary(outcome: Outcome, source: str | None = None) -> str:
    """The outcome in the current language for a person: what to do, by when and why."""
    flags = outcome.flags
    lines = [
        _("Case {case_id} — as of {moment}", case_id=outcome.case_id, moment=when(outcome.as_of)),
        _("VPT case: {answer}", answer=yes(outcome.vpt_case)),
        _("Police and public prosecutor: priority {priority}, VPT marking {marking}, sentence demand +{uplift}%, "
          "summons expected {summons}", priority=yes(flags["priority_handling"]), marking=yes(flags["vpt_marking"]),
          uplift=flags["sentencing_uplift_percent"], summons=yes(flags["summons_expected"])),
    ]
    if flags["statutory_aggravation"]:
        lines.append(_("Higher maximum sentence: {articles}", articles=", ".join(flags["statutory_aggravation"])))
    extra = [_(label) for name, label in FLAGS.items() if flags.get(name)]
    if extra:
        lines += textwrap.wrap(_("Also: {items}", items="; ".join(extra)), WIDTH, subsequent_indent="    ")
    advance = flags["state_advance"]
    if advance != "none":
        lines.append(_("State advance: {what}", what=_(STATE_ADVANCE[advance])))
    lines.append("")
    if not outcome.actions:
        lines.append(_("No actions: the rules do not apply to this case."))
        return "\n".join(lines)
    lines.append(_("What must happen:"))
    marks: set[str] = set()
    for number, action in enumerate(outcome.actions, 1):
        lines += heading(number, action)
        if action.explanation:
            lines += textwrap.wrap(" ".join(action.explanation.split()), WIDTH, initial_indent="    ",
                                   subsequent_indent="    ")
        lines += _wrapped(_("Why"), "; ".join(action.because))
        lines += _wrapped(_("Source"), "; ".join(action.sources))
        lines += documents_lines(action, source)
        marks |= {m.group(1) for s in action.sources if (m := _MARK.search(s))}
    if marks:
        lines.append("")
        lines.append(_("Confidence of a source (the mark at its end):"))
        for mark in ("H", "M", "L", "policy"):
            if mark in marks:
                lines.append(f"  {mark:6} {_(CONFIDENCE[mark])}")
    return "\n".join(lines)
