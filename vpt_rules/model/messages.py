"""Validation texts a person can read: pydantic's errors, by error type, as translatable messages.

pydantic writes "Input should be a valid boolean"; here each error type becomes a text of the message
catalogue (Dutch by default), with the values pydantic gives (the limit, the allowed values, the input).
The checks of this package raise :class:`Invalid` (one text) or :func:`field_error` (a text at a field);
both keep their :class:`~vpt_rules.i18n.catalog.Message`, so the field path stays and the words translate.
"""

from __future__ import annotations

import re
from typing import Any

from ..i18n.catalog import N_, Message

# pydantic error type -> text; ``{input}`` is what was given, the other names come from pydantic's ``ctx``.
TEXTS: dict[str, str] = {
    "missing": N_("is required"),
    "bool_type": N_("must be true or false, not {input}"),
    "bool_parsing": N_("must be true or false, not {input}"),
    "int_type": N_("must be a whole number, not {input}"),
    "int_parsing": N_("must be a whole number, not {input}"),
    "int_from_float": N_("must be a whole number, not {input}"),
    "string_type": N_("must be text, not {input}"),
    "string_too_short": N_("must have at least {min_length} characters"),
    "string_too_long": N_("must have at most {max_length} characters"),
    "string_pattern_mismatch": N_("does not have the required form ({pattern})"),
    "enum": N_("unknown value {input}; allowed: {expected}"),
    "literal_error": N_("unknown value {input}; allowed: {expected}"),
    "greater_than": N_("must be more than {gt}"),
    "greater_than_equal": N_("must be at least {ge}"),
    "less_than": N_("must be less than {lt}"),
    "less_than_equal": N_("must be at most {le}"),
    "too_short": N_("must have at least {min_length} items"),
    "too_long": N_("must have at most {max_length} items"),
    "list_type": N_("must be a list, not {type}"),
    "model_type": N_("must be a mapping of keys, not {type}"),
    "dict_type": N_("must be a mapping of keys, not {type}"),
    "model_attributes_type": N_("must be a mapping of keys, not {type}"),
    "date_type": N_("must be a date as YYYY-MM-DD, not {input}"),
    "datetime_type": N_("must be a moment as ISO 8601 (2026-11-20T14:30:00+01:00), not {input}"),
    "decimal_type": N_("must be an amount in euros such as \"85.00\", not {input}"),
    "float_type": N_("must be a number, not {input}"),
    "none_required": N_("must be empty (null)"),
}
# Names of Python types as a reader knows them from a YAML or JSON file.
TYPE_NAMES = {"str": N_("text"), "int": N_("a number"), "float": N_("a number"), "Decimal": N_("a number"),
              "bool": N_("true/false"), "list": N_("a list"), "dict": N_("a mapping"), "NoneType": "null"}
# A field whose pattern would say nothing to a reader gets a hint instead.
PATTERN_HINTS = {"case_id": N_("use 1 to 64 letters, digits and . _ / - (no spaces)")}


class Invalid(ValueError):
    """A check failed: one translatable text (raised inside a validator, or with :func:`field_error`).

    ``at`` holds (path, message, absolute) triples: a path relative to the model that raised it, or, when
    ``absolute``, from the top of the case.
    """

    def __init__(self, msgid: str = "", at: list[tuple[str, Message, bool]] | None = None, **params: Any) -> None:
        self.at = at if at is not None else [("", Message(msgid, **params), False)]
        super().__init__("; ".join(f"{path}: {str.__str__(message)}" if path else str.__str__(message)
                                   for path, message, _absolute in self.at))


def field_error(field: str, msgid: str, **params: Any) -> Invalid:
    """A cross-field error located at ``field`` of the model whose validator raises it."""
    return Invalid(at=[(field, Message(msgid, **params), False)])


def case_errors(problems: list[tuple[str, Message]]) -> Invalid:
    """Several errors, each at a path from the top of the case."""
    return Invalid(at=[(path, message, True) for path, message in problems])


def shown(value: Any) -> str | Message:
    """A given value, short, as it was written: ``'bank'``, ``3``, ``true``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, dict | list):
        return Message(TYPE_NAMES[type(value).__name__])
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _allowed(expected: str) -> str:
    """pydantic's "'a', 'b' or 'c'" as "a, b, c" (no English "or")."""
    return ", ".join(re.findall(r"'([^']*)'", expected)) or expected


def error_text(err: dict[str, Any]) -> list[tuple[str, Message, bool]]:
    """One pydantic error as (relative path, message, absolute) triples; the path is '' for the error's own."""
    kind = err["type"]
    path = ".".join(str(p) for p in err.get("loc", ()))
    if kind == "string_pattern_mismatch" and path in PATTERN_HINTS:
        return [("", Message(PATTERN_HINTS[path]), False)]
    ctx = err.get("ctx") or {}
    original = ctx.get("error")
    if isinstance(original, Invalid):
        return original.at
    if kind == "too_short" and ctx.get("min_length") == 1:
        return [("", Message("must not be empty"), False)]
    if kind in TEXTS:
        params = {k: v for k, v in ctx.items() if k != "error"}
        given = err.get("input")
        params["input"] = shown(given)
        name = type(given).__name__
        params["type"] = Message(TYPE_NAMES[name]) if name in TYPE_NAMES else name
        if "expected" in params:
            params["expected"] = _allowed(str(params["expected"]))
        return [("", Message(TEXTS[kind], **params), False)]
    # Any other text, as pydantic or a validator wrote it; "@field: text" / "@@path: text" place it.
    found: list[tuple[str, Message, bool]] = []
    for line in str(err["msg"]).removeprefix("Value error, ").split("\n"):
        absolute = line.startswith("@@")
        where, text = ("", line)
        if line.startswith("@"):
            where, _, text = line.lstrip("@").partition(": ")
        found.append((where, Message("{message}", message=text), absolute))
    return found
