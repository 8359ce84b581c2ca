"""Rendering a page: the Jinja templates, the page's CSP, and what every template gets (who, form token)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
TEMPLATES = Jinja2Templates(directory=str(Path(__file__).resolve().parent.parent / "templates"))
ROLE_NAMES = {"hr": "HR-adviseur", "helpdesk": "Helpdesk", "admin": "Beheerder"}


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A page with the person (if logged in) and their form token."""
    who = getattr(request.state, "who", None)
    values = {"lang": "nl", "who": who, "csrf": who.csrf if who else "", "role_names": ROLE_NAMES, **context}
    response = TEMPLATES.TemplateResponse(request, template, values, status_code=status)
    response.headers["Content-Security-Policy"] = CSP  # the server's default ('none') would refuse the styles
    response.headers["Cache-Control"] = "no-store"  # case facts stay out of shared caches
    return response
