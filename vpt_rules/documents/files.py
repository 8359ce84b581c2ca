"""Writing a file so that a reader never sees half of it; how a document's file is named and typed."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def file_stem(case_id: str, document: str) -> str:
    """``<case_id>_<document>`` with '/' in the case id replaced by '-' (a file name, not a path)."""
    return f"{case_id.replace('/', '-')}_{document}"


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
