"""Guided intake (``vpt intake``): asks an HR adviser, in Dutch, for the facts of an incident.

Each answer is checked at once (a bad or empty answer is asked again, with the reason). Before anything
is written, "Controleer uw antwoorden" lists every answer by number to change. Then the case file is
written (YAML, after the whole case passes the model), every action is shown with its due moment, and the
documents can be made at once (no letter to an unknown perpetrator). Ctrl-C or Ctrl-D keeps the answers
as a draft (``vpt intake --resume`` continues it) and exits with 130.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import click
import yaml

from ..i18n.catalog import N_, _
from ..i18n.names import DOCUMENTS
from ..model.checks import case_from_data
from ..model.errors import Problem, UserError
from ..model.messages import Invalid
from ..model.values import AMSTERDAM
from . import answers as check
from .questions import Question, questions

EXIT_INTERRUPTED = 130


def draft_path(chosen: str | Path | None = None) -> Path:
    """Where the draft is kept: ``--draft``, else ``VPT_INTAKE_DRAFT``, else the user's data folder."""
    if chosen:
        return Path(chosen)
    if os.environ.get("VPT_INTAKE_DRAFT"):
        return Path(os.environ["VPT_INTAKE_DRAFT"])
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "vpt-rules" / "intake-draft.yaml"


def save_draft(path: Path, raw: dict[str, str]) -> None:
    """The answers so far, readable by the user only (they hold personal data)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    body = yaml.safe_dump({"saved_at": datetime.now(AMSTERDAM).isoformat(timespec="minutes"), "answers": raw},
                          allow_unicode=True, sort_keys=False)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text("# " + _("Draft of vpt intake; continue with: vpt intake --resume") + "\n" + body,
                         encoding="utf-8")
    temporary.chmod(0o600)
    os.replace(temporary, path)


def load_draft(path: Path) -> dict[str, str]:
    from ..model.loading import load_file

    if not path.is_file():
        raise UserError(Problem("--resume", _("there is no draft to continue ({path})", path=path)))
    data = load_file(path)
    found = data.get("answers") if isinstance(data, dict) else None
    if not isinstance(found, dict):
        raise UserError(Problem(str(path), _("this is not a draft of vpt intake")))
    return {str(k): "" if v is None else str(v) for k, v in found.items()}


# ---------------------------------------------------------------------------------------------------------
# Asking
# ---------------------------------------------------------------------------------------------------------


def _reason(exc: Invalid) -> str:
    return "; ".join(str(message) for _path, message, _absolute in exc.at)


def ask(question: Question, default: str | None = None) -> str:
    """Ask until the answer passes the question's check; the answer as typed (or the default taken)."""
    if question.options:
        for number, label in enumerate(question.options.values(), 1):
            click.echo(f"  {number:2}. {_(label)}")
    shown = default if default is not None else question.default
    while True:
        answer = str(click.prompt(question.prompt(), default=shown or "", show_default=bool(shown)))
        if not answer.strip():
            if question.optional:
                return ""
            click.echo("  " + _("This question needs an answer."))
            continue
        try:
            question.check(answer)
        except Invalid as exc:
            click.echo("  " + _("That is not right: {reason}. Please try again.", reason=_reason(exc)))
            continue
        return answer


def interview(now: datetime, raw: dict[str, str], asker: Callable[[Question], str] = ask
              ) -> list[tuple[Question, Any]]:
    """Run the questions: an answer in ``raw`` is used (and checked again), a missing one is asked and added
    to ``raw``. The questions that apply, each with its value; ``raw`` keeps only their answers."""
    steps = questions(now)
    asked: list[tuple[Question, Any]] = []
    sections_shown: set[str] = set()
    value: Any = None
    try:
        question = next(steps)
        while True:
            answer = raw.get(question.key)
            value, valid = _parse(question, answer) if answer is not None else (None, False)
            if not valid:
                if question.section and question.section not in sections_shown:
                    click.echo(f"\n— {_(question.section)} —")
                if answer:
                    click.echo("  " + _("The earlier answer {answer!r} no longer fits; please answer again.",
                                        answer=answer))
                raw[question.key] = answer = asker(question)
                value, _valid = _parse(question, answer)
            if question.section:
                sections_shown.add(question.section)
            asked.append((question, value))
            question = steps.send(value)
    except StopIteration:
        pass
    keys = {q.key for q, _value in asked}
    for key in list(raw):
        if key not in keys:
            del raw[key]
    return asked


def _parse(question: Question, answer: str) -> tuple[Any, bool]:
    if not answer.strip():
        return None, question.optional
    try:
        return question.check(answer), True
    except Invalid:
        return None, False


# ---------------------------------------------------------------------------------------------------------
# Review, the case file, the end
# ---------------------------------------------------------------------------------------------------------


def shown(question: Question, value: Any) -> str:
    """An answer as the review shows it."""
    if value is None:
        return _("(empty)")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if question.options and isinstance(value, list):
        return ", ".join(_(question.options[v]) for v in value)
    if question.options:
        return _(question.options[value])
    if isinstance(value, datetime):
        return f"{value:%d-%m-%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d-%m-%Y}"
    if isinstance(value, Decimal):
        from ..i18n.dutch import money_text

        return money_text(value)
    if question.key == "report.status":
        return _("yes") if value == "filed" else _("no")
    return str(value)


def _label(question: Question) -> str:
    """The question without its typing hint at the end: "Is de dader bekend?" for "… (ja/nee)"."""
    text = question.prompt()
    shorter = re.sub(r"\s*\([^()]*\)(?=\??$)", "", text)
    return shorter if shorter.strip(" ?") else text


def review(now: datetime, raw: dict[str, str]) -> list[tuple[Question, Any]]:
    """"Check your answers": change any by its number, until the user goes on."""
    while True:
        asked = interview(now, raw)
        click.echo("\n" + _("Check your answers") + "\n")
        for number, (question, value) in enumerate(asked, 1):
            label = _label(question)
            click.echo(f"{number:3}. {label}{'' if label.endswith('?') else ':'} {shown(question, value)}")
        choice = click.prompt("\n" + _("Number of an answer to change (Enter = all correct, go on)"), default="",
                              show_default=False).strip()
        if not choice:
            return asked
        if not choice.isdigit() or not 1 <= int(choice) <= len(asked):
            click.echo("  " + _("That is not right: {reason}. Please try again.",
                                reason=_("choose a number from 1 to {last}", last=len(asked))))
            continue
        question = asked[int(choice) - 1][0]
        raw[question.key] = ask(question, default=raw.get(question.key) or None)


def case_data(asked: list[tuple[Question, Any]]) -> dict[str, Any]:
    """The case file's data from the answers (control answers and empty ones left out)."""
    data: dict[str, Any] = {}
    for question, value in asked:
        if question.control or value is None:
            continue
        if isinstance(value, datetime | date):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = str(value)
        *parents, last = question.key.split(".")
        node: Any = data
        for part, following in zip(parents, [*parents[1:], last][:len(parents)], strict=True):
            child: Any = [] if following.isdigit() else {}
            if part.isdigit():
                while len(node) <= int(part):
                    node.append(child)
                node = node[int(part)]
            else:
                node = node.setdefault(part, child)
        if last.isdigit():
            node.append(value)
        else:
            node[last] = value
    return data


def write_case(data: dict[str, Any], path: Path) -> None:
    """Write the case as YAML (UTF-8), atomically."""
    from ..documents.files import write_atomically

    path.parent.mkdir(parents=True, exist_ok=True)
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110)
    write_atomically(path, ("# Case file written by `vpt intake`.\n" + body).encode("utf-8"))


def _target(out: str | Path | None, case_id: str) -> Path:
    """The file to write: ``--out``, else asked (an existing file only with consent)."""
    path = Path(out) if out else None
    name = Question("_file", N_("File name for the case file"), check.text(500), f"{case_id.replace('/', '-')}.yaml")
    while path is None:
        path = Path(check.text(500)(ask(name)))
        overwrite = Question("_overwrite", N_("{path} already exists. Overwrite? (yes/no)"), check.yes_no, _("no"),
                             params=(("path", path),))
        if path.exists() and not check.yes_no(ask(overwrite)):
            path = None
    return path


def run_intake(out: str | Path | None = None, *, templates_dir: str | Path | None = None,
               now: datetime | None = None, resume: bool = False, draft: str | Path | None = None
               ) -> tuple[Path, list[Path]]:
    """The whole intake: questions, review, the case file, the actions and, if wanted, the documents."""
    now = (now or datetime.now(AMSTERDAM)).astimezone(AMSTERDAM).replace(second=0, microsecond=0)
    kept = draft_path(draft)
    raw: dict[str, str] = load_draft(kept) if resume else {}
    click.echo(_("Intake of an aggression incident (Veilige Publieke Taak). Press Enter to take a proposal "
                 "[in brackets]; Ctrl-C stops and keeps your answers as a draft.") + "\n")
    if resume:
        click.echo(_("Continuing the draft: {count} answers kept.", count=len(raw)))
    elif kept.is_file():
        click.echo(_("There is an earlier draft ({path}); continue it with: vpt intake --resume. If you stop "
                     "this intake, its draft replaces that one.", path=kept))
    try:
        while True:
            asked = review(now, raw)
            try:
                case = case_from_data(case_data(asked), source="intake")
            except UserError as exc:
                click.echo("\n" + _("The answers do not fit together yet:"))
                for problem in exc.problems:
                    click.echo(f"  {problem}")
                continue
            path = _target(out, case.case_id)
            break
    except click.Abort:
        if raw:
            save_draft(kept, raw)
            click.echo("\n" + _("Stopped. Your answers are kept as a draft in {path}. Continue with: "
                                "vpt intake --resume", path=kept), err=True)
        else:
            click.echo("\n" + _("Stopped; nothing was filled in."), err=True)
        raise click.exceptions.Exit(EXIT_INTERRUPTED) from None
    write_case(case_data(asked), path)
    if kept.is_file():
        kept.unlink()
    click.echo("\n" + _("Case file written: {path}", path=path.resolve()))
    return path, _afterwards(case, path, now, templates_dir)


def _afterwards(case: Any, path: Path, now: datetime, templates_dir: str | Path | None) -> list[Path]:
    """Every action with its due moment; then the documents, when there are any to make."""
    from ..api import evaluate, render_documents
    from .summary import heading

    outcome = evaluate(case, as_of=now)
    click.echo("\n" + (_("What must happen:") if outcome.actions else
                       _("No actions: the rules do not apply to this case.")))
    for number, action in enumerate(outcome.actions, 1):
        click.echo("\n".join(heading(number, action)))
    if not case.perpetrator.known:
        click.echo("\n" + _("The perpetrator is unknown: no letter goes to the perpetrator."))
    if not outcome.documents:
        return []
    names = "; ".join(_(DOCUMENTS[d]) if d in DOCUMENTS else d for d in outcome.documents)
    click.echo("\n" + _("Documents for this case: {names}", names=names))
    try:
        make = check.yes_no(ask(Question("_make", N_("Make them now? (yes/no)"), check.yes_no, _("yes"))))
    except click.Abort:
        make = False
    if not make:
        click.echo(_("You can make them later with: vpt letters {case} --out {folder}", case=path,
                     folder=path.parent))
        return []
    written = render_documents(case, outcome, path.parent, templates_dir=templates_dir)
    for document in written:
        click.echo(_("Written: {path}", path=document.resolve()))
    from .warnings import letter_warnings

    for warning in letter_warnings(case, outcome, written):  # as `vpt letters` says them (a passed term too)
        click.echo(_("Note: {warning}", warning=warning))
    letter = outcome.action("perpetrator_letter")
    sent = any(d.startswith("perpetrator_letter") for d in outcome.documents)
    if letter and letter.due and sent and not letter.overdue:
        from ..i18n.dutch import moment_text

        click.echo(_("Send the letter, signed, by {moment}.", moment=moment_text(letter.due)))
    return written


__all__ = ["case_data", "interview", "run_intake", "write_case"]
