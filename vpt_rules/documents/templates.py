"""Word templates made ready to fill in: one sandboxed Jinja environment, a check of every field a template
uses, and the .docx taken apart once (:class:`PreparedTemplate`) so each render works on fresh copies.

The only module that imports docxtpl (its XML helpers: patch_xml, resolve_listing, fix_tables); which
template belongs to which document, the cache and the writing are in :mod:`vpt_rules.documents.render`.
Every template is rendered by a sandboxed environment with autoescape and
:class:`~jinja2.StrictUndefined`, from a typed context (a dataclass). A template is checked when it is
prepared: it parses, uses only the fields of its context type, never reaches for Python internals or
other files; a :class:`~vpt_rules.errors.UserError` names the template, the part and the paragraph.
"""

from __future__ import annotations

import dataclasses
import html
import io
import re
import threading
import time
import types
import typing
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate
from jinja2 import meta, nodes
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from lxml import etree

from ..i18n.catalog import Message, _
from ..model.errors import InternalError, Problem, UserError

__all__ = ["PreparedTemplate", "as_mapping", "make_environment", "prepare_template"]


def as_mapping(context: Any) -> dict[str, Any]:
    """The top-level fields of a context dataclass as the mapping Jinja renders with."""
    return {f.name: getattr(context, f.name) for f in dataclasses.fields(context)}


# ---------------------------------------------------------------------------------------------------------
# The Jinja environment and the template checks
# ---------------------------------------------------------------------------------------------------------


def _finalize(value: Any) -> Any:
    if value is None:
        raise jinja2.UndefinedError(_("a field without a value is printed: put it inside {%p if field %}"))
    return value


# A template may not run for ever nor fill memory: per part at most this long and this large.
RENDER_SECONDS = 10.0
MAX_PART_CHARS = 20_000_000
_deadline = threading.local()


class _TooLong(SecurityError):
    """The render passed its time or size limit; ``reason`` says which, in the catalogue's words."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.reason = message


def _check_deadline() -> None:
    limit = getattr(_deadline, "at", None)
    if limit is not None and time.monotonic() > limit:
        raise _TooLong(Message("stopped: the template ran longer than {seconds:g} s", seconds=RENDER_SECONDS))


class _BoundedEnvironment(SandboxedEnvironment):
    """The sandbox, and a clock: every call a template makes (range(), a filter …) checks the deadline."""

    def call(self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N807
        _check_deadline()
        return super().call(__context, __obj, *args, **kwargs)


def make_environment() -> SandboxedEnvironment:
    """The one environment of every template: sandboxed, autoescaped, strict, no loader (no files), bounded
    in time and size."""
    return _BoundedEnvironment(autoescape=True, undefined=jinja2.StrictUndefined, finalize=_finalize,
                               keep_trailing_newline=True)


def _fill(template: jinja2.Template, mapping: dict[str, Any]) -> str:
    """Render with a time and size budget (a loop in a template could otherwise run or grow without end)."""
    _deadline.at = time.monotonic() + RENDER_SECONDS
    try:
        chunks, size = [], 0
        for count, chunk in enumerate(template.generate(mapping)):
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_PART_CHARS:
                raise _TooLong(Message("stopped: the template grew larger than {count:,} characters",
                                       count=MAX_PART_CHARS))
            if count % 1024 == 0:
                _check_deadline()
        return "".join(chunks)
    finally:
        _deadline.at = None


_ENV = make_environment()
_NO_FILES = (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)


def _paragraph(source: str, lineno: int | None) -> Message | str:
    """Where a line of the prepared source stands in the document: 'paragraph N ("text")'."""
    if not lineno:
        return ""
    lines = source.split("\n")
    lineno = min(max(lineno, 1), len(lines))
    number = sum(1 for line in lines[:lineno] if line.startswith("<w:p"))
    text = html.unescape(re.sub(r"<[^>]+>", "", lines[lineno - 1])).strip()
    if len(text) > 90:
        text = text[:87] + "…"
    if number:
        return Message("paragraph {number} (\"{text}\")", number=number, text=text)
    return Message("line {line} (\"{text}\")", line=lineno, text=text)


def _field_types(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls) if dataclasses.is_dataclass(cls) else {}


def _item_type(annotation: Any) -> Any:
    """The element type of ``tuple[T, ...]`` or ``list[T]``; None when it is not such a sequence."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (tuple, list) and args:
        return args[0]
    return None


def _unwrap_optional(annotation: Any) -> Any:
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(args) == 1:
        return args[0]
    return annotation


class _Checker:
    """Walks a template's syntax tree: known fields only, no private attributes, no other files."""

    def __init__(self, context_type: type, source: str, where: str) -> None:
        self.root = _field_types(context_type)
        self.source = source
        self.where = where
        self.problems: list[Problem] = []

    def problem(self, node: nodes.Node, message: Message) -> None:
        place = _paragraph(self.source, getattr(node, "lineno", None))
        where = Message("{where}, {place}", where=self.where, place=place) if place else self.where
        self.problems.append(Problem(where, message))

    def resolve(self, node: nodes.Node, scope: dict[str, Any]) -> tuple[Any, str] | None:
        """The type a Name/Getattr chain stands for and its dotted path; None when it cannot be known."""
        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name], node.name
            if node.name in self.root:
                return self.root[node.name], node.name
            return None
        if isinstance(node, nodes.Getattr):
            base = self.resolve(node.node, scope)
            if base is None:
                return None
            annotation, path = base
            annotation = _unwrap_optional(annotation)
            fields = _field_types(annotation) if isinstance(annotation, type) else {}
            if not fields:
                return None
            if node.attr not in fields:
                self.problem(node, Message("unknown field {field}; {path} has: {fields}", field=f"{path}.{node.attr}",
                                           path=path, fields=", ".join(fields)))
                return None
            return fields[node.attr], f"{path}.{node.attr}"
        return None

    def visit(self, node: nodes.Node, scope: dict[str, Any]) -> None:
        if isinstance(node, _NO_FILES):
            self.problem(node, Message("a template may not include, import or extend other files"))
            return
        private = node.attr if isinstance(node, nodes.Getattr) else None
        if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            private = str(node.arg.value)
        if private is not None and private.startswith("_"):
            self.problem(node, Message("refused by the sandbox: {name} reaches into Python internals",
                                       name=repr(private)))
            return
        if isinstance(node, nodes.Getattr):
            self.resolve(node, scope)
        if isinstance(node, nodes.For):
            self.visit(node.iter, scope)
            inner = dict(scope)
            resolved = self.resolve(node.iter, scope)
            item = _item_type(resolved[0]) if resolved else None
            if isinstance(node.target, nodes.Name):
                inner[node.target.name] = item if item is not None else object
            for child in [*node.body, *node.else_]:
                self.visit(child, inner)
            if node.test is not None:
                self.visit(node.test, inner)
            return
        for child in node.iter_child_nodes():
            self.visit(child, scope)


def _check_source(
    source: str, context_type: type, where: str
) -> tuple[jinja2.Template | None, list[Problem]]:
    """Parse, check and compile one part of a template; problems instead of exceptions."""
    try:
        tree = _ENV.parse(source)
        undeclared = meta.find_undeclared_variables(tree)
    except jinja2.TemplateSyntaxError as exc:
        return None, [_syntax_problem(exc, source, where)]
    checker = _Checker(context_type, source, where)
    known = set(_field_types(context_type))
    for name in sorted(undeclared - known):
        node = next((n for n in tree.find_all(nodes.Name) if n.name == name), None)
        checker.problem(node or tree, Message("unknown field {name}; known fields: {known}", name=repr(name),
                                              known=", ".join(sorted(known))))
    checker.visit(tree, {})
    if checker.problems:
        return None, checker.problems
    try:
        return _ENV.from_string(source), []
    except jinja2.TemplateSyntaxError as exc:
        return None, [_syntax_problem(exc, source, where)]


def _syntax_problem(exc: jinja2.TemplateSyntaxError, source: str, where: str) -> Problem:
    hint = ""
    if exc.message and exc.message.startswith(("unexpected", "expected token")):
        hint = Message(" (is a tag not closed, or typed with curly quotes? Type each {{ … }} in one piece)")
    return Problem(Message("{where}, {place}", where=where, place=_paragraph(source, exc.lineno)),
                   Message("does not parse: {problem}{hint}", problem=exc.message, hint=hint))


# ---------------------------------------------------------------------------------------------------------
# Prepared templates: parsed, patched and compiled once per (file, modification time)
# ---------------------------------------------------------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_REL_OFFICE = _R + "/officeDocument"
_REL_PARTS = {_R + "/header", _R + "/footer", _R + "/footnotes", _R + "/endnotes"}
_DOCPR = re.compile(r"(<wp:docPr\b[^>]*?\bid=\")\d+(\")")
# docxtpl's XML helpers (patch_xml, resolve_listing, fix_tables); this instance never opens a file.
_HELPER = DocxTemplate(io.BytesIO())


def _renumber_docpr(body: str) -> str:
    """Give every drawing a unique id again (as docxtpl does): loops may have copied them."""
    counter = iter(range(1001, 10**9))
    return _DOCPR.sub(lambda m: f"{m.group(1)}{next(counter)}{m.group(2)}", body)


@dataclass(frozen=True)
class _Part:
    name: str  # zip entry
    template: jinja2.Template
    body: bool  # the document body (fix tables, keep the root around it) or a whole part (header, footer …)
    source: str
    date_time: tuple[int, int, int, int, int, int]  # kept from the template: same input, same bytes


def _where(where: str, part: _Part, exc: BaseException) -> str:
    """The template, part and paragraph a render error comes from (Jinja's traceback names the line)."""
    label = where if part.body else f"{where}, {part.name.rsplit('/', 1)[-1].removesuffix('.xml')}"
    tb, lineno = exc.__traceback__, None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            lineno = tb.tb_lineno
        tb = tb.tb_next
    place = _paragraph(part.source, lineno)
    return f"{label}, {place}" if place else label


@dataclass(frozen=True)
class PreparedTemplate:
    """A template ready to render many times: the zip's entries and the compiled parts."""

    path: Path
    document: str
    skeleton: bytes  # the .docx without the parts to fill in, compressed once
    parts: tuple[_Part, ...]
    body_prefix: bytes
    body_suffix: bytes

    def render(self, context: Any) -> bytes:
        """The filled-in document as .docx bytes."""
        mapping = as_mapping(context)
        rendered: dict[str, bytes] = {}
        where = f"template {self.path}"
        for part in self.parts:
            try:
                xml = _fill(part.template, mapping)
            except _TooLong as exc:
                raise UserError(Problem(_where(where, part, exc), exc.reason)) from None
            except SecurityError as exc:
                raise UserError(Problem(_where(where, part, exc), Message("refused by the sandbox: {problem}",
                                                                         problem=str(exc)))) from None
            except jinja2.TemplateError as exc:
                raise UserError(Problem(_where(where, part, exc), Message("cannot be filled in: {problem}",
                                                                         problem=str(exc)))) from None
            xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
            xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
            if any(ch in xml for ch in "\t\n\a\f"):  # a value with a line break or tab (docxtpl's listing)
                xml = _HELPER.resolve_listing(xml)
            if part.body:
                tree = _HELPER.fix_tables(xml)
                body = etree.tostring(tree, encoding="unicode")
                body = _renumber_docpr(body)
                rendered[part.name] = self.body_prefix + body.encode("utf-8") + self.body_suffix
            else:
                rendered[part.name] = xml.encode("utf-8")
        buffer = io.BytesIO(self.skeleton)
        with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as out:
            for part in self.parts:
                info = zipfile.ZipInfo(part.name, date_time=part.date_time)
                out.writestr(info, rendered[part.name], compress_type=zipfile.ZIP_DEFLATED)
        return buffer.getvalue()


def _target(base: str, target: str) -> str:
    """A relationship target resolved against the folder of the part that holds it."""
    if target.startswith("/"):
        return target[1:]
    parts = [p for p in (base.rsplit("/", 1)[0] + "/" + target).split("/") if p]
    out: list[str] = []
    for p in parts:
        if p == "..":
            if out:
                out.pop()
        elif p != ".":
            out.append(p)
    return "/".join(out)


def _rels(files: dict[str, bytes], part: str) -> list[tuple[str, str]]:
    folder, _, name = part.rpartition("/")
    rels_name = f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"
    if rels_name not in files:
        return []
    root = etree.fromstring(files[rels_name])
    return [(rel.get("Type", ""), _target(part, rel.get("Target", ""))) for rel in root
            if rel.get("TargetMode") != "External"]


def prepare_template(path: Path, document: str, context_type: type) -> PreparedTemplate:
    """Read, check and compile one .docx template; UserError names the template, field and paragraph."""
    where = f"template {path}"
    try:
        with zipfile.ZipFile(path) as archive:
            entries = tuple((info, archive.read(info)) for info in archive.infolist())
    except (OSError, zipfile.BadZipFile) as exc:
        raise UserError(Problem(where, Message("is not a readable Word document (.docx): {problem}",
                                               problem=str(exc)))) from None
    files = {info.filename: data for info, data in entries}
    infos = {info.filename: info for info, _ in entries}
    main = next((t for kind, t in _rels(files, "") if kind == _REL_OFFICE), "word/document.xml")
    if main not in files:
        raise UserError(Problem(where, Message("is not a Word document (.docx): it has no main document part")))
    try:
        root = etree.fromstring(files[main])
    except etree.XMLSyntaxError as exc:
        raise UserError(Problem(where, Message("its document XML is broken: {problem}", problem=str(exc)))) from None
    body = root.find(f"{{{_W}}}body")
    if body is None:
        raise UserError(Problem(where, Message("is not a Word document (.docx): it has no body")))

    body_xml = etree.tostring(body, encoding="unicode")
    sources: list[tuple[str, str, bool]] = [(main, _HELPER.patch_xml(body_xml), True)]
    for kind, target in _rels(files, main):
        if kind in _REL_PARTS and target in files:
            xml = etree.tostring(etree.fromstring(files[target]), encoding="unicode")
            sources.append((target, _HELPER.patch_xml(xml), False))

    shell = etree.fromstring(files[main])
    shell_body = shell.find(f"{{{_W}}}body")
    for child in list(shell_body):
        shell_body.remove(child)
    marker = "VPT-BODY-MARKER"
    shell_body.text = marker
    whole = etree.tostring(shell, xml_declaration=True, encoding="UTF-8", standalone=True)
    start = whole.index(b"<w:body")
    end = whole.index(b"</w:body>") + len(b"</w:body>")
    if whole[start:end].count(marker.encode()) != 1:  # pragma: no cover - lxml writes <w:body>…</w:body>
        raise InternalError(f"{where}: cannot find the body to fill in")

    parts, problems = [], []
    for name, source, is_body in sources:
        source = re.sub(r"<w:p([ >])", r"\n<w:p\1", source)
        label = where if is_body else f"{where}, {name.rsplit('/', 1)[-1].removesuffix('.xml')}"
        template, found = _check_source(source, context_type, label)
        problems += found
        if template is not None:
            parts.append(_Part(name, template, is_body, source, infos[name].date_time))
    if problems:
        raise UserError(problems)
    filled = {part.name for part in parts}
    skeleton = io.BytesIO()
    with zipfile.ZipFile(skeleton, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in entries:
            if info.filename not in filled:
                out.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return PreparedTemplate(path, document, skeleton.getvalue(), tuple(parts), whole[:start], whole[end:])
