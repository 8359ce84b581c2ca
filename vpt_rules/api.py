"""The typed façade shared by the CLI, other systems and the tests.

    from vpt_rules import load_case, evaluate
    case = load_case("incident.yaml")
    outcome = evaluate(case, as_of="2026-11-21T09:00:00+01:00")

Every function is thread-safe. Bad input raises :class:`~vpt_rules.errors.UserError` with every problem.
"""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path
from typing import Any

from . import resources
from .case import AMSTERDAM, Case, _parse_moment, case_from_data, problems_as_of
from .errors import Problem, UserError
from .evaluation import evaluate_case
from .loading import load_file, parse_text
from .outcome import Outcome
from .rulesets import RuleSets, load_rulesets

_cache_lock = threading.Lock()
_rulesets: dict[tuple[Path, float], RuleSets] = {}


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

    They are read again when the folder changes (a file added, removed or saved by rename).
    """
    folder = resources.folder("rules", rules_dir)
    try:
        stamp = folder.stat().st_mtime
    except OSError:
        raise UserError(Problem("rules", f"no such folder: {folder}")) from None
    if not folder.is_dir():
        raise UserError(Problem("rules", f"not a folder: {folder}"))
    key = (folder, stamp)
    with _cache_lock:
        if key not in _rulesets:
            _rulesets[key] = load_rulesets(folder)
        return _rulesets[key]


def as_moment(value: datetime | str | None) -> datetime:
    """``as_of`` as an aware moment: now (to the second) when None; no offset means Amsterdam time."""
    if value is None:
        return datetime.now(AMSTERDAM).replace(microsecond=0)
    try:
        moment = _parse_moment(value)
    except ValueError as exc:
        raise UserError(Problem("as_of", str(exc))) from None
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
