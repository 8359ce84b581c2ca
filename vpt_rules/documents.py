"""Letters and forms (SPEC §5): which documents exist, their templates, rendering, writing; PDF via LibreOffice.

The façade of the documents. A document id maps to a context dataclass and the function that builds it
from ``(case, outcome)`` (:func:`register_document`); the letters to the perpetrator are registered here
(:mod:`vpt_rules.letter_context`), the claim documents by :mod:`vpt_rules.claim_documents`. Templates are
found by document id (``--templates``, VPT_TEMPLATES_DIR, else bundled), checked and prepared by
:mod:`vpt_rules.templates` (the only module that imports docxtpl), and cached per (file, modification
time). Files are written atomically as ``DIR/<case_id>_<document>.docx`` ('/' in the case id becomes '-').
"""

from __future__ import annotations

import dataclasses
import os
import secrets
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import resources
from .case import Case
from .errors import InternalError, Problem, UserError
from .letter_context import PERPETRATOR_LETTERS, LetterContext, build_letter_context
from .outcome import Outcome
from .templates import PreparedTemplate, as_mapping, prepare_template

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

PDF_TIMEOUT_SECONDS = 120
INSTALL_HINT = (
    "LibreOffice is niet geïnstalleerd / LibreOffice is not installed: PDF needs 'soffice' on PATH. "
    "Install it with: apt-get install libreoffice-writer-nogui (Debian/Ubuntu), or leave out --pdf."
)


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

    The claim documents register themselves this way (``vpt_rules.claim_documents``). Registering an id again
    replaces the earlier builder.
    """
    if not dataclasses.is_dataclass(context_type):
        raise TypeError(f"context_type of {document} must be a dataclass, got {context_type!r}")
    with _registry_lock:
        _registry[document] = DocumentKind(context_type, build)


def _load_plugins() -> None:
    """Import the modules that register further documents (the claim documents), when they exist."""
    try:
        import importlib

        importlib.import_module("vpt_rules.claim_documents")
    except ModuleNotFoundError as exc:
        if exc.name != "vpt_rules.claim_documents":
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


def letter_context(case: Case, outcome: Outcome, document: str) -> dict[str, Any]:
    """The context of ``document`` as a plain mapping (as docxtpl's ``render`` takes it)."""
    return as_mapping(_kind(document).build(case, outcome, document))


# ---------------------------------------------------------------------------------------------------------
# Templates: found by document id, prepared once per (file, modification time)
# ---------------------------------------------------------------------------------------------------------

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
