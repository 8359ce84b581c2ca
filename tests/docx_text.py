"""What a reader sees of a .docx: page header, body paragraphs and table cells, as plain text."""

from __future__ import annotations

from pathlib import Path

import docx


def text_of(path: Path) -> str:
    """All the text a reader sees: page header, body paragraphs and table cells."""
    document = docx.Document(str(path))
    lines = [p.text for section in document.sections for p in section.header.paragraphs]
    lines += [p.text for p in document.paragraphs]
    lines += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(lines)
