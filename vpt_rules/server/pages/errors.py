"""The page shown when a request to the pages is refused (not found, not allowed, a form that expired)."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse

from ..problems import Problem
from .render import page

TEXTS = {403: "U heeft geen toegang tot deze pagina.", 404: "Deze pagina of zaak bestaat niet, of hoort niet bij "
         "uw organisatie.", 412: "Iemand anders heeft de zaak net gewijzigd. Open de zaak opnieuw."}


def error_page(request: Request, exc: Problem) -> HTMLResponse:
    title = exc.title or "Er ging iets mis"
    text = exc.detail if exc.status in (403, 409) and exc.detail else TEXTS.get(exc.status, exc.detail or title)
    return page(request, "error.html", status=exc.status, title=title, text=text)
