"""The typed façade shared by the CLI, other systems and the tests.

    from vpt_rules import load_case, evaluate
    case = load_case("incident.yaml")
    outcome = evaluate(case, as_of="2026-11-21T09:00:00+01:00")

Every function is thread-safe. Bad input raises :class:`~vpt_rules.errors.UserError` with every problem.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import resources
from .i18n.catalog import Message
from .model.case import Case
from .model.checks import case_from_data, problems_as_of
from .model.errors import Problem, UserError
from .model.loading import load_file, parse_text
from .model.messages import Invalid
from .model.values import AMSTERDAM, parse_moment
from .rules.evaluation import evaluate_case
from .rules.loader import load_rulesets
from .rules.outcome import Outcome
from .rules.schema import RuleSets

if TYPE_CHECKING:
    from .claims.claim import Claim

_cache_lock = threading.Lock()
_rulesets: dict[tuple[Path, float], RuleSets] = {}
_latest: dict[Path, tuple[float, RuleSets]] = {}  # folder -> (when it was last looked at, its rules)
RECHECK_SECONDS = 1.0


def load_case(source: str | Path | dict[str, Any]) -> Case:
    """A case from a file path, or from already parsed data (a mapping)."""
    if not isinstance(source, str | Path):
        return case_from_data(source)
    path = Path(source)
    return case_from_data(load_file(path), source=str(path))


def parse_case(text: str, source: str = "<input>") -> Case:
    """A case from YAML or JSON text."""
    return case_from_data(parse_text(text, source), source=source)


def get_rulesets(rules_dir: str | Path | None = None) -> RuleSets:
    """The rule files of a folder (default: bundled), validated once per process.

    They are read again when the folder changes (a file added, removed or saved by rename); the folder is
    looked at no more than once a second, so that an evaluation makes no file-system call.
    """
    folder = resources.folder("rules", rules_dir)
    now = time.monotonic()
    with _cache_lock:
        known = _latest.get(folder)
        if known is not None and now - known[0] < RECHECK_SECONDS:
            return known[1]
    try:
        stamp = folder.stat().st_mtime
    except OSError:
        raise UserError(Problem("rules", Message("no such folder: {folder}", folder=str(folder)))) from None
    if not folder.is_dir():
        raise UserError(Problem("rules", Message("not a folder: {folder}", folder=str(folder))))
    key = (folder, stamp)
    with _cache_lock:
        if key not in _rulesets:
            _rulesets[key] = load_rulesets(folder)
        _latest[folder] = (now, _rulesets[key])
        return _rulesets[key]


def as_moment(value: datetime | str | None) -> datetime:
    """``as_of`` as an aware moment: now (to the second) when None; no offset means Amsterdam time."""
    if value is None:
        return datetime.now(AMSTERDAM).replace(microsecond=0)
    try:
        moment = parse_moment(value)
    except ValueError as exc:
        message = exc.at[0][1] if isinstance(exc, Invalid) and exc.at else str(exc)  # translated when shown
        raise UserError(Problem("as_of", message)) from None
    return moment.astimezone(AMSTERDAM) if isinstance(value, str) else moment


def evaluate(
    case: Case | str | Path | dict[str, Any],
    as_of: datetime | str | None = None,
    rules_dir: str | Path | None = None,
) -> Outcome:
    """What must happen next in this case, and by when (SPEC §3)."""
    if not isinstance(case, Case):
        case = load_case(case)
    moment = as_moment(as_of)
    problems = problems_as_of(case, moment)
    if problems:
        raise UserError(problems)
    return evaluate_case(case, get_rulesets(rules_dir), moment)


def compute_claim(
    case: Case | str | Path | dict[str, Any],
    as_of: datetime | str | None = None,
    data_dir: str | Path | None = None,
    rules_dir: str | Path | None = None,
) -> Claim:
    """What can be claimed in this case, from whom, by which route and by when (SPEC §4).

    The claims package (its data tables and models) is imported on the first call, so that evaluating a
    case never loads it."""
    from .claims.claim import build_claim
    from .claims.parameters import get_data

    if not isinstance(case, Case):
        case = load_case(case)
    moment = as_moment(as_of)
    outcome = evaluate(case, as_of=moment, rules_dir=rules_dir)
    return build_claim(case, outcome, get_data(data_dir), moment)


def render_documents(
    case: Case,
    outcome: Outcome,
    out_dir: str | Path,
    *,
    templates_dir: str | Path | None = None,
    pdf: bool = False,
    documents: Sequence[str] | None = None,
) -> list[Path]:
    """Write every document of the outcome as ``DIR/<case_id>_<document>.docx`` (SPEC §5); the paths written.

    Nothing is written when any document of the case fails. The document stack (docxtpl, lxml) is
    imported on the first call, so that evaluating a case never loads it.
    """
    from .documents.render import render_documents as render

    return render(case, outcome, out_dir, templates_dir=templates_dir, pdf=pdf, documents=documents)
