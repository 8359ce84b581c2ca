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

from .case import Case
from .errors import Problem, UserError


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
    """Turn a pydantic ValidationError into ``field.path: message`` problems."""
    problems: list[Problem] = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        path = ".".join(str(p) for p in loc)
        kind, message = err["type"], str(err["msg"])
        if kind == "extra_forbidden":
            allowed = _allowed_keys(model, loc[:-1])
            message = "unknown key" + (f"; allowed here: {', '.join(allowed)}" if allowed else "")
        elif kind == "missing":
            message = "is required"
        elif kind == "model_type" or kind == "dict_type":
            message = f"must be a mapping of keys, got {type(err.get('input')).__name__}"
        elif kind == "list_type":
            message = f"must be a list, got {type(err.get('input')).__name__}"
        elif kind == "enum":
            message = f"unknown value {err.get('input')!r}; " + message[0].lower() + message[1:]
        message = message.removeprefix("Value error, ")
        for line in message.split("\n"):
            if line.startswith("@@"):
                where, _, text = line[2:].partition(": ")
                problems.append(Problem(where, text))
            elif line.startswith("@"):
                where, _, text = line[1:].partition(": ")
                problems.append(Problem(f"{path}.{where}" if path else where, text))
            else:
                problems.append(Problem(path or "(case)", line))
    return problems


def case_from_data(data: Any, source: str | None = None) -> Case:
    """Validate parsed data as a :class:`Case`; every problem at once in a :class:`UserError`."""
    if not isinstance(data, dict):
        raise UserError(f"a case file must be a mapping of keys, got {type(data).__name__}", source=source)
    try:
        return Case.model_validate(data)
    except ValidationError as exc:
        raise UserError(problems_from_validation(exc), source=source) from None


def problems_as_of(case: Case, as_of: datetime) -> list[Problem]:
    """Checks that need the evaluation moment: nothing may lie in its future."""
    problems = []
    if case.incident.occurred_at > as_of:
        problems.append(Problem("incident.occurred_at", f"lies after the evaluation moment {as_of.isoformat()}"))
    known = case.incident.known_to_employer_at
    if known is not None and known > as_of:
        problems.append(
            Problem("incident.known_to_employer_at", f"lies after the evaluation moment {as_of.isoformat()}")
        )
    if case.report and case.report.filed_at and case.report.filed_at > as_of:
        problems.append(Problem("report.filed_at", f"lies after the evaluation moment {as_of.isoformat()}"))
    return problems
