"""Texts for a person: the outcome (``vpt evaluate`` without ``--json``: what to do, by when, why, with what),
a rule's validity and a fact's values (``vpt rules``).

Every action shows its explanation, the reasons in plain words, its sources, and the documents by
name with the command that makes them; a legend explains the confidence marks of the sources.
"""

from __future__ import annotations

import re
import textwrap
from datetime import date
from pathlib import Path

from ..i18n.catalog import _, current_language
from ..i18n.dutch import action_heading as heading
from ..i18n.dutch import moment_text as when
from ..i18n.names import CONFIDENCE, DOCUMENTS, FLAGS, STATE_ADVANCE
from ..rules.facts import FactType
from ..rules.outcome import Action, Outcome
from ..rules.phrases import day

WIDTH = 100
_MARK = re.compile(r"[(;]\s*(H|M|L|policy)\)\s*$")


def yes(value: bool) -> str:
    return _("yes") if value else _("no")


def _wrapped(label: str, text: str) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=f"    {label}: ", subsequent_indent=" " * 8) or [f"    {label}:"]


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


def validity(start: date | None, end: date | None) -> str:
    """A rule's period of validity: no "t/m …" for a rule without an end date."""
    lang = current_language()
    if start and end:
        return _("valid from {start} up to and including {end}", start=day(start, lang), end=day(end, lang))
    if start:
        return _("valid from {start}", start=day(start, lang))
    if end:
        return _("valid up to and including {end}", end=day(end, lang))
    return _("valid without a time limit")


def fact_kind(ftype: FactType) -> str:
    """What values a fact takes, in words."""
    if ftype.kind == "enum":
        return _("one of: {values}", values=", ".join(ftype.values))
    return {"bool": _("yes or no (true/false)"), "int": _("a whole number"),
            "date": _("a date")}.get(ftype.kind, ftype.kind)
