"""Deterministic JSON text, fast: orjson where it gives the same bytes as the standard library, else json.

``dumps(value)`` is ``json.dumps(value, ensure_ascii=False, indent=2)`` and ``dumps(value, indent=False)``
is ``json.dumps(value, ensure_ascii=False)``, character for character (a test compares them on 1,000
outcomes and claims). orjson writes the compact form without spaces after ``,`` and ``:``, so the compact
form uses the standard library; values orjson cannot take (integers beyond 64 bits, keys that are not text)
fall back to it as well.
"""

from __future__ import annotations

import json
from typing import Any

try:
    import orjson
except ImportError:  # pragma: no cover - orjson is a dependency; stay correct without it
    orjson = None


def dumps(value: Any, indent: bool = True) -> str:
    """``value`` as JSON text: two-space indent (default) or one line."""
    if indent and orjson is not None:
        try:
            return orjson.dumps(value, option=orjson.OPT_INDENT_2).decode("utf-8")
        except (TypeError, orjson.JSONEncodeError):
            pass
    return json.dumps(value, ensure_ascii=False, indent=2 if indent else None)


def compact(value: Any) -> str:
    """``value`` as one line of JSON for a program to read (the rule engine): orjson's form, without the
    spaces ``json.dumps`` puts after ``,`` and ``:`` (the same JSON, not the same characters); the standard
    library where orjson cannot take a value."""
    if orjson is not None:
        try:
            return orjson.dumps(value).decode("utf-8")
        except (TypeError, orjson.JSONEncodeError):
            pass
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
