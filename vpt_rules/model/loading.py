"""Strict loading of YAML and JSON files: case files, rule files and data tables.

No duplicate keys, no anchors or aliases (no alias bombs), a size limit, a nesting limit, UTF-8 only.
Timestamps stay strings (the models parse them) and decimals become ``Decimal`` (money is never float).
Every error is a :class:`UserError` that names the file and the line.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from ..i18n.catalog import Message
from .errors import Problem, UserError

MAX_BYTES = 1_000_000
MAX_DEPTH = 32


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader without aliases, duplicate keys, implicit timestamps or floats."""


# Timestamps stay text: the pydantic models parse them with their time-zone rule. Booleans, integers and
# floats follow YAML 1.2, not 1.1: "NO", "on", "0x1F", "0o17" or "1:30" stay text (and a field that wants
# true/false or a number says so) instead of silently becoming false, 31, 15 or 90.
_YAML11 = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int",
           "tag:yaml.org,2002:float"}
_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _YAML11]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                    list("tTfF"))
_StrictLoader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+0123456789."))


def _compose_node(self: _StrictLoader, parent: Any, index: Any) -> Any:
    if self.check_event(yaml.AliasEvent):
        event = self.peek_event()
        raise _LoadProblem(event.start_mark.line + 1, Message("aliases (*name) are not allowed"))
    event = self.peek_event()
    anchor = getattr(event, "anchor", None)
    if anchor is not None:
        raise _LoadProblem(event.start_mark.line + 1, Message("anchors (&name) are not allowed"))
    self._depth = getattr(self, "_depth", 0) + 1
    try:
        if self._depth > MAX_DEPTH:
            raise _LoadProblem(event.start_mark.line + 1, Message("nested deeper than {depth} levels", depth=MAX_DEPTH))
        return yaml.SafeLoader.compose_node(self, parent, index)
    finally:
        self._depth -= 1


def _construct_mapping(self: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    if not isinstance(node, yaml.MappingNode):
        raise _LoadProblem(node.start_mark.line + 1, Message("expected a mapping"))
    self.flatten_mapping(node)
    result: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = self.construct_object(key_node, deep=True)
        if not isinstance(key, str | int | bool) or key is None:
            raise _LoadProblem(key_node.start_mark.line + 1, Message("key {key} must be text", key=repr(key)))
        if key in result:
            raise _LoadProblem(key_node.start_mark.line + 1, Message("duplicate key '{key}'", key=key))
        result[key] = self.construct_object(value_node, deep=deep)
    return result


def _construct_float(self: _StrictLoader, node: yaml.ScalarNode) -> Decimal | float:
    text = str(self.construct_scalar(node)).replace("_", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        return float(self.construct_yaml_float(node))  # .inf / .nan: the models reject them


_StrictLoader.compose_node = _compose_node  # type: ignore[method-assign]
_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_StrictLoader.add_constructor("tag:yaml.org,2002:float", _construct_float)
MAX_DIGITS = 30  # no number in a case file needs more; Python refuses to convert more than 4,300 digits


def _integer(text: str, line: int | None = None) -> int:
    if len(text.lstrip("+-")) > MAX_DIGITS:
        message = Message("a number of {count} digits: at most {limit}", count=len(text.lstrip("+-")),
                          limit=MAX_DIGITS)
        if line is None:
            raise ValueError(message)
        raise _LoadProblem(line, message)
    return int(text, 10)


_StrictLoader.add_constructor("tag:yaml.org,2002:int",
                              lambda loader, node: _integer(loader.construct_scalar(node), node.start_mark.line + 1))


class _LoadProblem(Exception):
    def __init__(self, line: int, message: Message) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def _json_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(Message("duplicate key '{key}'", key=key))
        result[key] = value
    return result


def parse_text(text: str, source: str = "<input>", max_bytes: int = MAX_BYTES) -> Any:
    """Parse YAML or JSON text strictly; ``source`` names it in error messages."""
    if len(text.encode("utf-8", "surrogatepass")) > max_bytes:
        raise UserError(Message("larger than {limit:,} bytes", limit=max_bytes), source=source)
    if "\x00" in text:
        raise UserError(Message("not a text file (contains NUL bytes)"), source=source)
    stripped = text.lstrip("\ufeff \t\r\n")
    if not stripped:
        raise UserError(Message("the file is empty"), source=source)
    if stripped[0] in "{[":
        try:
            return json.loads(stripped, object_pairs_hook=_json_pairs, parse_float=Decimal, parse_int=_integer)
        except RecursionError:
            raise UserError(Message("nested deeper than {depth} levels", depth=MAX_DEPTH), source=source) from None
        except ValueError as exc:
            if not isinstance(exc, json.JSONDecodeError):
                reason = exc.args[0] if exc.args and isinstance(exc.args[0], Message) else str(exc)
                raise UserError(reason, source=source) from None
            # Flow-style YAML also starts with '{': fall through to the YAML parser.
    try:
        return yaml.load(stripped, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except _LoadProblem as exc:
        raise UserError(Problem(Message("line {line}", line=exc.line), exc.message), source=source) from None
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 0
        reason = Message("not valid YAML: {problem}", problem=exc.problem)
        raise UserError(Problem(Message("line {line}", line=line), reason), source=source) from None
    except (yaml.YAMLError, RecursionError) as exc:
        raise UserError(Message("not valid YAML: {problem}", problem=str(exc)), source=source) from None


def read_text(path: Path, max_bytes: int = MAX_BYTES) -> str:
    """Read a UTF-8 file, refusing one that is too large or not text."""
    return _decoded(read_bytes(path, max_bytes), str(path))


def read_bytes(path: Path, max_bytes: int = MAX_BYTES) -> bytes:
    """Read a file of at most ``max_bytes``, saying in the user's words why it cannot be read."""
    source = str(path)
    try:
        with path.open("rb") as file:  # at most the limit plus one byte: /dev/zero or a pipe never fills memory
            raw = file.read(max_bytes + 1)
        if len(raw) > max_bytes:
            raise UserError(Message("larger than {limit:,} bytes", limit=max_bytes), source=source)
    except FileNotFoundError:
        raise UserError(Message("no such file"), source=source) from None
    except IsADirectoryError:
        raise UserError(Message("is a folder, not a file"), source=source) from None
    except OSError as exc:
        raise UserError(Message("cannot be read: {reason}", reason=exc.strerror), source=source) from None
    return raw


def _decoded(raw: bytes, source: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UserError(Message("not UTF-8 text (byte {position})", position=exc.start), source=source) from None


def load_file(path: Path | str, max_bytes: int = MAX_BYTES) -> Any:
    """Read and parse one YAML or JSON file strictly."""
    path = Path(path)
    return parse_text(read_text(path, max_bytes), str(path), max_bytes)


def load_data_file(path: Path | str, max_bytes: int = MAX_BYTES) -> Any:
    """:func:`load_file` for the package's own kind of files (rule files, their catalogues, data tables): the
    parsed data comes from the cache on disk (:mod:`vpt_rules.model.cache`) when these bytes were parsed
    before. Never for a case file: the cache must not hold personal data."""
    from . import cache

    path = Path(path)
    raw = read_bytes(path, max_bytes)
    key = cache.key_of("parsed", raw, code=Path(__file__))
    found, data = cache.read(key)
    if not found:
        data = parse_text(_decoded(raw, str(path)), str(path), max_bytes)
        cache.write(key, data)
    return data
