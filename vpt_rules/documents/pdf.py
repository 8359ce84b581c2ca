"""PDF through LibreOffice headless: one private profile per conversion, a timeout, the PDF moved into place."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
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


STALE_SECONDS = 3600  # a vpt-pdf-* folder older than this was left by a run that was killed


def _end_group(process: subprocess.Popen[str]) -> None:
    """End LibreOffice and everything it started (its process group), then reap it."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()


def remove_stale_work(folder: str | Path | None = None) -> list[Path]:
    """Remove the private work folders that a killed conversion left behind (ours, older than an hour)."""
    removed = []
    base = Path(folder or tempfile.gettempdir())
    for work in base.glob("vpt-pdf-*"):
        with contextlib.suppress(OSError):
            info = work.lstat()
            if work.is_dir() and info.st_uid == os.getuid() and time.time() - info.st_mtime > STALE_SECONDS:
                shutil.rmtree(work, ignore_errors=True)
                removed.append(work)
    return removed


def convert_to_pdf(
    docx: str | Path, pdf: str | Path | None = None, *, timeout: float = PDF_TIMEOUT_SECONDS
) -> Path:
    """Convert a .docx to PDF with LibreOffice headless; the PDF's path (default: beside the .docx).

    Each conversion has its own LibreOffice profile (parallel runs sharing one lose outputs), a timeout,
    and a check that the PDF exists and is not empty. The PDF is moved into place atomically.
    """
    program = find_libreoffice()
    remove_stale_work()
    source = Path(docx).resolve()
    target = Path(pdf) if pdf is not None else source.with_suffix(".pdf")
    with tempfile.TemporaryDirectory(prefix="vpt-pdf-") as work:
        profile = Path(work) / "profile"
        outdir = Path(work) / "out"
        outdir.mkdir()
        command = [program, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                   "--nologo", "--nodefault", "--convert-to", "pdf", "--outdir", str(outdir), str(source)]
        # Its own process group, so that on a timeout (or when we are stopped) LibreOffice and every helper it
        # started end together, and no soffice.bin lives on beside a copy of the letter.
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   start_new_session=True)
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except BaseException as stopped:
            _end_group(process)
            if isinstance(stopped, subprocess.TimeoutExpired):
                raise InternalError(Message("LibreOffice did not convert {name} to PDF within {seconds:g} s",
                                            name=source.name, seconds=timeout)) from None
            raise
        result = subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
        produced = outdir / (source.stem + ".pdf")
        if result.returncode != 0 or not produced.is_file() or produced.stat().st_size == 0:
            detail = (result.stderr or result.stdout).strip().splitlines()
            raise InternalError(Message("LibreOffice could not convert {name} to PDF (exit {code}){detail}",
                                        name=source.name, code=result.returncode,
                                        detail=f": {detail[-1]}" if detail else ""))
        write_atomically(target, produced.read_bytes())
    return target


def pdf_bytes(docx: bytes, stem: str) -> bytes:
    """A .docx given as bytes, as PDF bytes (converted in a temporary folder of its own)."""
    with tempfile.TemporaryDirectory(prefix="vpt-pdf-") as work:
        source = Path(work) / f"{stem}.docx"
        source.write_bytes(docx)
        return convert_to_pdf(source).read_bytes()
