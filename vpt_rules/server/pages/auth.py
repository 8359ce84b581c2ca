"""Logging in and out on the pages, and the two checks every page passes: a logged-in person, and on a form
post the session's form token (CSRF)."""

from __future__ import annotations

import json
import re
import secrets
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ...i18n.catalog import _
from ..access import COOKIE, Principal, by_session, same_token
from ..deps import Db
from ..problems import Problem
from .render import page

LOGIN_CSRF = "vpt_login_csrf"


class LoginNeeded(Exception):
    """No (valid) session: the person is sent to the login page and comes back to ``path`` after."""

    def __init__(self, path: str):
        super().__init__(path)
        self.path = path


def login_redirect(exc: LoginNeeded) -> RedirectResponse:
    return RedirectResponse(f"/inloggen?volgende={quote(exc.path, safe='/')}", status_code=303)


def person(request: Request, db: Db) -> Principal:
    """The logged-in person (kept on ``request.state.who`` for the page templates)."""
    who = by_session(db, request.cookies.get(COOKIE))
    if who is None:
        raise LoginNeeded(request.url.path)
    request.state.who = who
    return who


async def checked(request: Request, who: Annotated[Principal, Depends(person)]) -> Principal:
    """The person, and on a form post the form's token must be the session's (else 403: nothing is changed)."""
    if request.method == "POST":
        form = await request.form()
        if not same_token(who.csrf, str(form.get("csrf") or "")):
            raise Problem(403, _("Form expired"),
                          _("This form has expired or does not come from this site. Open the page again and try "
                            "once more; nothing was changed."))
    return who


Person = Annotated[Principal, Depends(checked)]


def safe_next(value: str | None) -> str:
    """Only a path on this site (never //elsewhere or a full address)."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/"


STEP_PATH = re.compile(r"/zaken/([A-Za-z0-9_-]{1,40})/stap/([a-z]{1,20})")
MAX_PENDING = 200_000  # characters of answers kept through a login


def login_page(request: Request, volgende: str | None, status: int = 200, error: str = "", email: str = "",
               pending: str = "") -> HTMLResponse:
    """The login form (with its own form token in a cookie); ``pending``: a step's answers sent after the
    session had expired, saved once the person is logged in again."""
    token = secrets.token_urlsafe(24)
    title = _("Error: log in") if error else _("Log in")
    response = page(request, "login.html", status=status, title=title, token=token, volgende=safe_next(volgende),
                    error=error, email=email, pending=pending if len(pending) <= MAX_PENDING else "")
    response.set_cookie(LOGIN_CSRF, token, httponly=True, samesite="strict", secure=request.url.scheme == "https")
    return response


async def expired_post(request: Request, exc: LoginNeeded) -> Response:
    """A step sent after the session expired: the login page keeps its answers, a login saves them."""
    if request.method != "POST" or not STEP_PATH.fullmatch(exc.path):
        return login_redirect(exc)
    form = await request.form()
    pending = json.dumps([(k, v) for k, v in form.multi_items() if k != "csrf" and isinstance(v, str)])
    return login_page(request, exc.path, status=401, pending=pending)


def home_of(who: Principal) -> str:
    return "/beheer" if who.role == "admin" else "/zaken"

