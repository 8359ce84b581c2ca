"""Rendering documents (SPEC §5): templates found by document id (``--templates``, VPT_TEMPLATES_DIR, else
bundled), checked and prepared by :mod:`.templates` (the only docxtpl importer) and cached per (file,
modification time); files written atomically as ``DIR/<case_id>_<document>.docx`` ('/' in the case id
becomes '-'); PDF through :mod:`.pdf`.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from .. import resources
from ..i18n.catalog import Message
from ..model.case import Case
from ..model.errors import Problem, UserError
from ..rules.outcome import Outcome
from .files import file_stem, write_atomically
from .pdf import convert_to_pdf, find_libreoffice
from .registry import kind_of, registered_documents
from .templates import PreparedTemplate, prepare_template

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
            raise UserError(Problem("templates", Message("no such folder: {folder}", folder=str(chosen))))
    path = template_path(document, templates_dir)
    if path is None:
        return None
    kind = kind_of(document)
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
    return Path(out_dir) / f"{file_stem(case_id, document)}{suffix}"


def render_document_bytes(case: Case, outcome: Outcome, document: str,
                          templates_dir: str | Path | None = None) -> bytes:
    """One document as .docx bytes (UserError when it has no template)."""
    prepared = load_template(document, templates_dir)
    if prepared is None:
        raise UserError(Problem("templates", Message("no template {document}.docx", document=document)))
    return prepared.render(kind_of(document).build(case, outcome, document))


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
    try:
        out.mkdir(parents=True, exist_ok=True)
    except (NotADirectoryError, FileExistsError):
        problem = Message("is not a folder: a part of {path} is a file", path=str(out))
        raise UserError(Problem("--out", problem)) from None
    except OSError as exc:
        problem = Message("cannot be made: {reason}", reason=exc.strerror or str(exc))
        raise UserError(Problem("--out", problem)) from None
    written: list[Path] = []
    for path, data in rendered:
        write_atomically(path, data)
        written.append(path)
    if pdf:
        written += [convert_to_pdf(path) for path in list(written)]
    return written


