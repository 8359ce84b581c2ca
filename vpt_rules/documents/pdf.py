"""PDF through LibreOffice headless: one private profile per conversion, a timeout, the PDF moved into place."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..i18n.catalog import N_, Message
from ..model.errors import InternalError, Problem, UserError
from .files import write_atomically

PDF_TIMEOUT_SECONDS = 120
INSTALL_HINT = N_("LibreOffice is not installed: a PDF needs 'soffice' on PATH. Install it with: apt-get install "
                  "libreoffice-writer-nogui (Debian/Ubuntu), or leave out --pdf.")


# ---------------------------------------------------------------------------------------------------------
# PDF through LibreOffice headless
# ---------------------------------------------------------------------------------------------------------


def find_libreoffice() -> str:
    """The LibreOffice program (``soffice`` or ``libreoffice`` on PATH), else UserError: how to install it."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise UserError(Problem("pdf", Message(INSTALL_HINT)))


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
            raise InternalError(Message("LibreOffice did not convert {name} to PDF within {seconds:g} s",
                                        name=source.name, seconds=timeout)) from None
        produced = outdir / (source.stem + ".pdf")
        if result.returncode != 0 or not produced.is_file() or produced.stat().st_size == 0:
            detail = (result.stderr or result.stdout).strip().splitlines()
            raise InternalError(Message("LibreOffice could not convert {name} to PDF (exit {code}){detail}",
                                        name=source.name, code=result.returncode,
                                        detail=f": {detail[-1]}" if detail else ""))
        write_atomically(target, produced.read_bytes())
    return target
