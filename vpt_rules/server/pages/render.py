"""Rendering a page: the Jinja templates, the page's CSP, and what every template gets (who, form token, the
language and the link to the other one).

Texts in a template: ``{{ _("English text") }}`` (the catalogue of the CLI, in the request's language, which
the server's middleware sets); a text marked ``N_(...)`` in Python and handed to a template: ``{{ value|t }}``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from ...i18n.catalog import N_, _, current_language, ngettext

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
TEMPLATES = Jinja2Templates(directory=str(Path(__file__).resolve().parent.parent / "templates"))
TEMPLATES.env.globals.update(_=_, N_=N_, ngettext=ngettext)
TEMPLATES.env.filters["t"] = lambda text: _(text) if text else text
# An amount in a field as the reader writes it (120,50 in Dutch); the server reads a comma or a point.
TEMPLATES.env.filters["amount_field"] = lambda value: "" if value in (None, "") else (
    str(value).replace(".", ",") if current_language() == "nl" else str(value))
ROLE_NAMES = {"hr": N_("HR adviser"), "helpdesk": N_("Helpdesk"), "admin": N_("Administrator")}

LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}  # each in its own language, never translated


def other_language(request: Request, here: str | None = None) -> dict[str, str]:
    """The link to the same page in the other language: this path and query, ``lang`` changed."""
    lang = "en" if current_language() == "nl" else "nl"
    query = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"] + [("lang", lang)]
    return {"lang": lang, "name": LANGUAGE_NAMES[lang], "href": f"{here or request.url.path}?{urlencode(query)}"}


def page(request: Request, template: str, status: int = 200, here: str | None = None, **context: Any) -> HTMLResponse:
    """A page with the person (if logged in), their form token, and the language (``here``: the path the
    language link goes to when this page answered a form post that has no page of its own)."""
    who = getattr(request.state, "who", None)
    values = {"lang": current_language(), "other_language": other_language(request, here), "who": who,
              "csrf": who.csrf if who else "", "role_names": ROLE_NAMES, **context}
    response = TEMPLATES.TemplateResponse(request, template, values, status_code=status)
    response.headers["Content-Security-Policy"] = CSP  # the server's default ('none') would refuse the styles
    response.headers["Cache-Control"] = "no-store"  # case facts stay out of shared caches
    return response
