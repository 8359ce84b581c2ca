"""From parsed data to a valid Case: pydantic's errors as ``field.path: message`` problems, and the
checks against the moment of evaluation.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import (
    BaseModel,
    ValidationError,
)

from ..i18n.catalog import Message
from .case import Case
from .errors import Problem, UserError
from .messages import error_text, shown


def _allowed_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str] | None:
    """The keys the model allows at ``loc`` (the mapping that holds the unknown key)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if isinstance(current, type) else None
        if field is None:
            return None
        current = _model_in(field.annotation)
        if current is None:
            return None
    return sorted(current.model_fields) if isinstance(current, type) else None


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def problems_from_validation(exc: Any, model: type[BaseModel] = Case) -> list[Problem]:
    """Turn a pydantic ValidationError into ``field.path: message`` problems (texts in the catalogue)."""
    problems: list[Problem] = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        path = ".".join(str(p) for p in loc)
        if err["type"] == "extra_forbidden":
            allowed = _allowed_keys(model, loc[:-1])
            message = Message("unknown key; allowed here: {allowed}", allowed=", ".join(allowed)) if allowed \
                else Message("unknown key")
            problems.append(Problem(path, message))
            continue
        for where, message, absolute in error_text(err):
            if absolute:
                problems.append(Problem(where, message))
            else:
                full = f"{path}.{where}" if path and where else path or where
                problems.append(Problem(full or "(case)", message))
    return problems


def case_from_data(data: Any, source: str | None = None) -> Case:
    """Validate parsed data as a :class:`Case`; every problem at once in a :class:`UserError`."""
    if not isinstance(data, dict):
        raise UserError(Message("a case file must be a mapping of keys, not {type}", type=shown(data)), source=source)
    try:
        return Case.model_validate(data)
    except ValidationError as exc:
        raise UserError(problems_from_validation(exc), source=source) from None


def problems_as_of(case: Case, as_of: datetime) -> list[Problem]:
    """Checks that need the evaluation moment: nothing may lie in its future."""
    problems = []
    if case.incident.occurred_at > as_of:
        problems.append(Problem("incident.occurred_at", _after(as_of)))
    known = case.incident.known_to_employer_at
    if known is not None and known > as_of:
        problems.append(
            Problem("incident.known_to_employer_at", _after(as_of))
        )
    if case.report and case.report.filed_at and case.report.filed_at > as_of:
        problems.append(Problem("report.filed_at", _after(as_of)))
    return problems


def _after(as_of: datetime) -> Message:
    return Message("lies after the evaluation moment {moment}", moment=as_of.isoformat())
