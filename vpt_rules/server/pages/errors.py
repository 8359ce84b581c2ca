"""The page shown when a request to the pages is refused (not found, not allowed, a form that expired)."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse

from ...i18n.catalog import N_, _
from ..problems import Problem
from .render import page

TEXTS = {403: N_("You have no access to this page."),
         404: N_("This page or case does not exist, or does not belong to your organisation."),
         412: N_("Someone else has just changed the case. Open the case again.")}


def error_page(request: Request, exc: Problem) -> HTMLResponse:
    title = exc.title or _("Something went wrong")
    text = exc.detail if exc.status in (403, 409) and exc.detail else \
        _(TEXTS[exc.status]) if exc.status in TEXTS else exc.detail or title
    return page(request, "error.html", status=exc.status, title=title, text=text)
