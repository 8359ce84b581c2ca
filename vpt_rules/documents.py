"""Letters and forms (SPEC §5): Word templates filled from a case and its outcome; PDF via LibreOffice.

The only module that imports docxtpl. Every template is rendered by a sandboxed Jinja environment with
autoescape and :class:`~jinja2.StrictUndefined`, from a typed context (a dataclass) built from
``(case, outcome)``. A letter to the perpetrator is built from :class:`LetterContext`, which has no field
for the victim's home address and names the victim only when ``victim.anonymity`` is ``none``: a template
cannot print what its context does not hold.

Templates are checked once when loaded (they parse, use only known fields, never reach for Python
internals or other files) and kept prepared: the patched XML and compiled Jinja templates are cached per
(file, modification time), and each render works on fresh copies. Files are written atomically as
``DIR/<case_id>_<document>.docx`` ('/' in the case id becomes '-').

Other document kinds (the claim documents) plug in with :func:`register_document`.
"""

from __future__ import annotations

import dataclasses
import html
import io
import os
import re
import secrets
import shutil
import subprocess
import tempfile
import threading
import types
import typing
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate
from jinja2 import meta, nodes
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from lxml import etree

from . import dutch, resources
from .case import AMSTERDAM, Address, Anonymity, Case, Measure
from .errors import InternalError, Problem, UserError
from .outcome import Outcome

__all__ = [
    "DocumentKind",
    "LetterContext",
    "build_letter_context",
    "check_templates",
    "convert_to_pdf",
    "find_libreoffice",
    "letter_context",
    "output_path",
    "register_document",
    "registered_documents",
    "render_document_bytes",
    "render_documents",
    "template_path",
]

PERPETRATOR_LETTERS = (
    "perpetrator_letter_warning",
    "perpetrator_letter_ban",
    "perpetrator_letter_service_stop",
)
CONDUCT_NL = {
    "verbal_abuse": "belediging",
    "threat": "bedreiging",
    "intimidation": "intimidatie",
    "discrimination": "discriminatie",
    "physical_violence": "mishandeling",
    "serious_violence": "ernstig geweld",
    "sexual_harassment": "seksuele intimidatie",
    "property_damage": "vernieling",
    "stalking": "stalking",
}
REDACTED_NAME = "de medewerker"
REDACTED_ADDRESS = "[adres medewerker]"
PDF_TIMEOUT_SECONDS = 120
INSTALL_HINT = (
    "LibreOffice is niet geïnstalleerd / LibreOffice is not installed: PDF needs 'soffice' on PATH. "
    "Install it with: apt-get install libreoffice-writer-nogui (Debian/Ubuntu), or leave out --pdf."
)


# ---------------------------------------------------------------------------------------------------------
# The typed context of the letters to the perpetrator
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AddressView:
    street: str
    postcode: str
    city: str


@dataclass(frozen=True)
class ContactView:
    name: str
    function: str
    phone: str
    email: str


@dataclass(frozen=True)
class SignatoryView:
    name: str
    function: str


@dataclass(frozen=True)
class EmployerView:
    name: str
    address: AddressView
    contact: ContactView
    signatory: SignatoryView


@dataclass(frozen=True)
class Recipient:
    """Someone the letter goes to (or a copy): the name, then the address lines (may be none)."""

    name: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class IncidentView:
    date: str  # "5 oktober 2026"
    time: str  # "10:40"
    location: str
    description: str
    conduct: str  # "bedreiging en belediging"


@dataclass(frozen=True)
class VictimView:
    """How the letter refers to the victim. There is deliberately no name field and no address field."""

    designation: str  # "Sanne Jacobs, Klantmanager" or "een medewerker (Klantmanager)"
    job_title: str


@dataclass(frozen=True)
class PerpetratorView:
    name: str
    minor: bool


@dataclass(frozen=True)
class MeasureView:
    kind: str  # warning | ban | service_stop
    until: str | None  # "5 januari 2027"
    scope: str | None


@dataclass(frozen=True)
class ReportView:
    filed: bool
    date: str | None


@dataclass(frozen=True)
class LetterContext:
    """Every field a perpetrator letter template may use (``{{ employer.contact.name }}`` …)."""

    document: str
    case_id: str
    place: str
    letter_date: str
    employer: EmployerView
    recipients: tuple[Recipient, ...]
    copies: tuple[Recipient, ...]
    to_representatives: bool
    perpetrator: PerpetratorView
    incident: IncidentView
    victim: VictimView
    measure: MeasureView
    report: ReportView


def _address_lines(address: Address | None) -> tuple[str, ...]:
    if address is None:
        return ()
    return (address.street, f"{address.postcode} {address.city}")


def _conduct(kinds: Iterable[str]) -> str:
    words = list(dict.fromkeys(CONDUCT_NL[str(k)] for k in kinds))
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " en " + words[-1]


class _Redactor:
    """Keeps the victim's name (under anonymity) and home address out of free text written by the employer."""

    def __init__(self, case: Case) -> None:
        victim = case.victim
        secrets: list[tuple[str, str]] = []
        if victim.anonymity != Anonymity.none:
            secrets.append((victim.name, REDACTED_NAME))
        if victim.home_address is not None:
            home = victim.home_address
            secrets += [(home.street, REDACTED_ADDRESS), (home.postcode, REDACTED_ADDRESS)]
        self.patterns = [
            (re.compile(rf"(?<!\w){re.escape(s.strip())}(?!\w)", re.IGNORECASE), replacement)
            for s, replacement in secrets
            if s.strip()
        ]

    def clean(self, text: str) -> str:
        for pattern, replacement in self.patterns:
            text = pattern.sub(replacement, text)
        return text

    def find(self, text: str) -> bool:
        return any(pattern.search(text) for pattern, _ in self.patterns)


def build_letter_context(case: Case, outcome: Outcome, document: str) -> LetterContext:
    """The typed context of a letter to the perpetrator (warning, ban or service stop).

    Free text (description, location, scope) has the victim's home street and postcode, and under anonymity
    the victim's name, replaced; any other field that would still show them is refused (UserError).
    """
    perpetrator = case.perpetrator
    if not perpetrator.known or perpetrator.name is None:
        raise UserError(Problem("perpetrator.known", f"is false: {document} needs a known perpetrator"))
    redact = _Redactor(case)
    employer = case.employer
    occurred = case.incident.occurred_at.astimezone(AMSTERDAM)
    to_representatives = bool(outcome.flags.get("letter_to_representatives"))
    copy_to_representatives = bool(outcome.flags.get("letter_copy_to_representatives"))
    own_lines = _address_lines(perpetrator.address)
    representatives = tuple(
        Recipient(rep.name, _address_lines(rep.address) or own_lines)
        for rep in perpetrator.legal_representatives
    )
    parents = f"de ouders of wettelijk vertegenwoordigers van {perpetrator.name}"
    if to_representatives:
        recipients = representatives or (Recipient(parents[0].upper() + parents[1:], own_lines),)
        copies: tuple[Recipient, ...] = ()
    else:
        recipients = (Recipient(perpetrator.name, own_lines),)
        copies = (representatives or (Recipient(parents, ()),)) if copy_to_representatives else ()

    victim = case.victim
    if victim.anonymity == Anonymity.none:
        designation = f"{victim.name}, {victim.job_title}"
    else:
        designation = f"een medewerker ({redact.clean(victim.job_title)})"

    response = case.response
    measure_kind = document.removeprefix("perpetrator_letter_")
    until = response.ban_until if response and response.measure.value == measure_kind else None
    scope = response.ban_scope if response and response.measure.value == measure_kind else None
    if measure_kind == Measure.ban and until is None:
        raise UserError(Problem("response.ban_until", f"is required for {document} (response.measure: ban)"))
    filed = case.report.filed_at if case.report and case.report.filed_at else None

    context = LetterContext(
        document=document,
        case_id=case.case_id,
        place=employer.address.city,
        letter_date=dutch.day(outcome.as_of.astimezone(AMSTERDAM).date()),
        employer=EmployerView(
            name=employer.name,
            address=AddressView(employer.address.street, employer.address.postcode, employer.address.city),
            contact=ContactView(employer.contact.name, employer.contact.function, employer.contact.phone,
                                employer.contact.email),
            signatory=SignatoryView(employer.signatory.name, employer.signatory.function),
        ),
        recipients=recipients,
        copies=copies,
        to_representatives=to_representatives,
        perpetrator=PerpetratorView(perpetrator.name, bool(outcome.flags.get("perpetrator_minor"))),
        incident=IncidentView(
            date=dutch.day(occurred.date()),
            time=occurred.strftime("%H:%M"),
            location=redact.clean(case.incident.location),
            description=redact.clean(case.incident.description),
            conduct=_conduct(case.incident.kinds),
        ),
        victim=VictimView(designation=designation, job_title=redact.clean(victim.job_title)),
        measure=MeasureView(kind=measure_kind, until=dutch.day(until) if until else None,
                            scope=redact.clean(scope) if scope else None),
        report=ReportView(filed=filed is not None,
                          date=dutch.day(filed.astimezone(AMSTERDAM).date()) if filed else None),
    )
    _refuse_leaks(context, redact, case)
    return context


def _strings(value: Any, path: str) -> Iterable[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            yield from _strings(getattr(value, f.name), f"{path}.{f.name}" if path else f.name)
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            yield from _strings(item, f"{path}.{i}")


def _refuse_leaks(context: LetterContext, redact: _Redactor, case: Case) -> None:
    """The last guard: no field of a perpetrator letter may show the victim's name or home address."""
    problems = []
    for path, text in _strings(context, ""):
        if path.startswith("victim.designation") and case.victim.anonymity == Anonymity.none:
            continue
        if path.startswith(("recipients.", "copies.", "perpetrator.")):
            continue  # the perpetrator's side's own names and addresses (a neighbour shares a postcode)
        if redact.find(text):
            problems.append(Problem(
                f"{case.case_id}: {context.document}: {path}",
                "would show the victim's name or home address to the perpetrator (victim.anonymity / "
                "home_address); change that field in the case file",
            ))
    if problems:
        raise UserError(problems)


def as_mapping(context: Any) -> dict[str, Any]:
    """The top-level fields of a context dataclass as the mapping Jinja renders with."""
    return {f.name: getattr(context, f.name) for f in dataclasses.fields(context)}


def letter_context(case: Case, outcome: Outcome, document: str) -> dict[str, Any]:
    """The context of ``document`` as a plain mapping (as docxtpl's ``render`` takes it)."""
    return as_mapping(_kind(document).build(case, outcome, document))


# ---------------------------------------------------------------------------------------------------------
# The registry: document id -> context type and builder
# ---------------------------------------------------------------------------------------------------------

ContextBuilder = Callable[[Case, Outcome, str], Any]


@dataclass(frozen=True)
class DocumentKind:
    """How to fill one kind of document: the context dataclass (its fields are the known variables)
    and the function that builds it from (case, outcome, document id)."""

    context_type: type
    build: ContextBuilder


_registry: dict[str, DocumentKind] = {}
_registry_lock = threading.Lock()


def register_document(document: str, context_type: type, build: ContextBuilder) -> None:
    """Make ``document`` renderable: ``build(case, outcome, document)`` returns a ``context_type`` instance.

    The claim documents register themselves this way (``vpt_rules.claims``). Registering an id again
    replaces the earlier builder.
    """
    if not dataclasses.is_dataclass(context_type):
        raise TypeError(f"context_type of {document} must be a dataclass, got {context_type!r}")
    with _registry_lock:
        _registry[document] = DocumentKind(context_type, build)


def _load_plugins() -> None:
    """Import the modules that register further documents (the claims engine), when they exist."""
    try:
        import importlib

        importlib.import_module("vpt_rules.claims")
    except ModuleNotFoundError as exc:
        if exc.name != "vpt_rules.claims":
            raise


def registered_documents() -> dict[str, DocumentKind]:
    """Every document id that can be rendered, with its context type and builder."""
    _load_plugins()
    with _registry_lock:
        return dict(_registry)


def _kind(document: str) -> DocumentKind:
    kinds = registered_documents()
    if document not in kinds:
        known = ", ".join(kinds)
        raise UserError(Problem("document", f"no builder for document {document!r}; known: {known}"))
    return kinds[document]


for _document in PERPETRATOR_LETTERS:
    register_document(_document, LetterContext, build_letter_context)


# ---------------------------------------------------------------------------------------------------------
# The Jinja environment and the template checks
# ---------------------------------------------------------------------------------------------------------


def _finalize(value: Any) -> Any:
    if value is None:
        raise jinja2.UndefinedError("a field without a value is printed: put it inside {%p if field %}")
    return value


def make_environment() -> SandboxedEnvironment:
    """The one environment of every template: sandboxed, autoescaped, strict, no loader (no files)."""
    return SandboxedEnvironment(autoescape=True, undefined=jinja2.StrictUndefined, finalize=_finalize,
                                keep_trailing_newline=True)


_ENV = make_environment()
_NO_FILES = (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)


def _paragraph(source: str, lineno: int | None) -> str:
    """Where a line of the prepared source stands in the document: 'paragraph N ("text")'."""
    if not lineno:
        return ""
    lines = source.split("\n")
    lineno = min(max(lineno, 1), len(lines))
    number = sum(1 for line in lines[:lineno] if line.startswith("<w:p"))
    text = html.unescape(re.sub(r"<[^>]+>", "", lines[lineno - 1])).strip()
    if len(text) > 90:
        text = text[:87] + "…"
    return f"paragraph {number} (\"{text}\")" if number else f"line {lineno} (\"{text}\")"


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

    def problem(self, node: nodes.Node, message: str) -> None:
        place = _paragraph(self.source, getattr(node, "lineno", None))
        self.problems.append(Problem(self.where + (f", {place}" if place else ""), message))

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
                self.problem(node, f"unknown field {path}.{node.attr}; {path} has: {', '.join(fields)}")
                return None
            return fields[node.attr], f"{path}.{node.attr}"
        return None

    def visit(self, node: nodes.Node, scope: dict[str, Any]) -> None:
        if isinstance(node, _NO_FILES):
            self.problem(node, "a template may not include, import or extend other files")
            return
        private = node.attr if isinstance(node, nodes.Getattr) else None
        if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            private = str(node.arg.value)
        if private is not None and private.startswith("_"):
            self.problem(node, f"refused by the sandbox: {private!r} reaches into Python internals")
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
        checker.problem(node or tree, f"unknown field {name!r}; known fields: {', '.join(sorted(known))}")
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
        hint = " (is a tag not closed, or typed with curly quotes? Type each {{ … }} in one piece)"
    return Problem(f"{where}, {_paragraph(source, exc.lineno)}", f"does not parse: {exc.message}{hint}")


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
                xml = part.template.render(mapping)
            except SecurityError as exc:
                raise UserError(Problem(_where(where, part, exc), f"refused by the sandbox: {exc}")) from None
            except jinja2.TemplateError as exc:
                raise UserError(Problem(_where(where, part, exc), f"cannot be filled in: {exc}")) from None
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
        raise UserError(Problem(where, f"is not a readable Word document (.docx): {exc}")) from None
    files = {info.filename: data for info, data in entries}
    infos = {info.filename: info for info, _ in entries}
    main = next((t for kind, t in _rels(files, "") if kind == _REL_OFFICE), "word/document.xml")
    if main not in files:
        raise UserError(Problem(where, "is not a Word document (.docx): it has no main document part"))
    try:
        root = etree.fromstring(files[main])
    except etree.XMLSyntaxError as exc:
        raise UserError(Problem(where, f"its document XML is broken: {exc}")) from None
    body = root.find(f"{{{_W}}}body")
    if body is None:
        raise UserError(Problem(where, "is not a Word document (.docx): it has no body"))

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


_prepared: dict[tuple[Path, float, int, str], PreparedTemplate] = {}
_prepared_lock = threading.Lock()


def template_path(document: str, templates_dir: str | Path | None = None) -> Path | None:
    """The template of ``document`` from the chosen folder (``--templates``, VPT_TEMPLATES_DIR) or bundled."""
    chosen = resources.folder("templates", templates_dir)
    for folder in (chosen, resources.bundled("templates")):
        candidate = folder / f"{document}.docx"
        if candidate.is_file():
            return candidate
    return None


def load_template(document: str, templates_dir: str | Path | None = None) -> PreparedTemplate | None:
    """The prepared template of ``document`` (cached while the file is unchanged); None when there is none."""
    chosen = resources.folder("templates", templates_dir)
    if templates_dir is not None or chosen != resources.bundled("templates"):
        if not chosen.is_dir():
            raise UserError(Problem("templates", f"no such folder: {chosen}"))
    path = template_path(document, templates_dir)
    if path is None:
        return None
    kind = _kind(document)
    stat = path.stat()
    key = (path.resolve(), stat.st_mtime, stat.st_size, document)
    with _prepared_lock:
        found = _prepared.get(key)
    if found is not None:
        return found
    prepared = prepare_template(path, document, kind.context_type)
    with _prepared_lock:
        for old in [k for k in _prepared if k[0] == key[0] and k[3] == document]:
            del _prepared[old]
        _prepared[key] = prepared
    return prepared


def check_templates(templates_dir: str | Path | None = None) -> list[Path]:
    """Load and check the template of every registered document; the paths of those found."""
    found, problems = [], []
    for document in registered_documents():
        try:
            prepared = load_template(document, templates_dir)
        except UserError as exc:
            problems += exc.problems
            continue
        if prepared is not None:
            found.append(prepared.path)
    if problems:
        raise UserError(problems)
    return found


# ---------------------------------------------------------------------------------------------------------
# Rendering and writing
# ---------------------------------------------------------------------------------------------------------


def output_path(out_dir: str | Path, case_id: str, document: str, suffix: str = ".docx") -> Path:
    """``DIR/<case_id>_<document>.docx`` with '/' in the case id replaced by '-'."""
    return Path(out_dir) / f"{case_id.replace('/', '-')}_{document}{suffix}"


def render_document_bytes(case: Case, outcome: Outcome, document: str,
                          templates_dir: str | Path | None = None) -> bytes:
    """One document as .docx bytes (UserError when it has no template)."""
    prepared = load_template(document, templates_dir)
    if prepared is None:
        raise UserError(Problem("templates", f"no template {document}.docx"))
    return prepared.render(_kind(document).build(case, outcome, document))


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and ``os.replace``."""
    temporary = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp"
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise


def render_documents(
    case: Case,
    outcome: Outcome,
    out_dir: str | Path,
    *,
    templates_dir: str | Path | None = None,
    pdf: bool = False,
    documents: Sequence[str] | None = None,
) -> list[Path]:
    """Write every document of the outcome that has a builder and a template; the paths written, in order.

    All documents are filled in before the first file is written, so bad input writes nothing. With
    ``pdf`` each document is also converted to PDF (UserError at once when LibreOffice is missing).
    ``documents`` limits the run to these ids.
    """
    if pdf:
        find_libreoffice()
    wanted = list(outcome.documents if documents is None else documents)
    kinds = registered_documents()
    rendered: list[tuple[Path, bytes]] = []
    problems: list[Problem] = []
    for document in wanted:
        if document not in kinds:
            continue
        try:
            prepared = load_template(document, templates_dir)
            if prepared is None:
                continue
            data = prepared.render(kinds[document].build(case, outcome, document))
        except UserError as exc:
            problems += exc.problems
            continue
        rendered.append((output_path(out_dir, case.case_id, document), data))
    if problems:
        raise UserError(problems)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for path, data in rendered:
        write_atomically(path, data)
        written.append(path)
    if pdf:
        written += [convert_to_pdf(path) for path in list(written)]
    return written


# ---------------------------------------------------------------------------------------------------------
# PDF through LibreOffice headless
# ---------------------------------------------------------------------------------------------------------


def find_libreoffice() -> str:
    """The LibreOffice program (``soffice`` or ``libreoffice`` on PATH), else UserError: how to install it."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise UserError(Problem("pdf", INSTALL_HINT))


def convert_to_pdf(
    docx: str | Path, pdf: str | Path | None = None, *, timeout: float = PDF_TIMEOUT_SECONDS
) -> Path:
    """Convert a .docx to PDF with LibreOffice headless; the PDF's path (default: beside the .docx).

    Each conversion has its own LibreOffice profile (parallel runs sharing one lose outputs), a timeout,
    and a check that the PDF exists and is not empty. The PDF is moved into place atomically.
    """
    program = find_libreoffice()
    source = Path(docx).resolve()
    target = Path(pdf) if pdf is not None else source.with_suffix(".pdf")
    with tempfile.TemporaryDirectory(prefix="vpt-pdf-") as work:
        profile = Path(work) / "profile"
        outdir = Path(work) / "out"
        outdir.mkdir()
        command = [program, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                   "--nologo", "--nodefault", "--convert-to", "pdf", "--outdir", str(outdir), str(source)]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            message = f"LibreOffice did not convert {source.name} to PDF within {timeout:g} s"
            raise InternalError(message) from None
        produced = outdir / (source.stem + ".pdf")
        if result.returncode != 0 or not produced.is_file() or produced.stat().st_size == 0:
            detail = (result.stderr or result.stdout).strip().splitlines()
            message = f"LibreOffice could not convert {source.name} to PDF (exit {result.returncode})"
            raise InternalError(message + (f": {detail[-1]}" if detail else ""))
        write_atomically(target, produced.read_bytes())
    return target
