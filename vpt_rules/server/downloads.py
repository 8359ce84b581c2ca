"""An answer that is a file to save: its bytes or text, its type, and the name the browser saves it under."""

from __future__ import annotations

from fastapi.responses import Response


def attachment(content: bytes | str, media_type: str, filename: str) -> Response:
    return Response(content, media_type=media_type,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
