"""Logging in and out on the pages, and the two checks every page passes: a logged-in person, and on a form
post the session's form token (CSRF)."""

from __future__ import annotations

import secrets
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ...i18n.catalog import _
from ..access import COOKIE, SESSION_HOURS, LoginRefused, Principal, by_session, log_in, log_out, same_token
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


def _safe_next(value: str | None) -> str:
    """Only a path on this site (never //elsewhere or a full address)."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/"


router = APIRouter()


@router.get("/inloggen", response_class=HTMLResponse, include_in_schema=False)
def login_form(request: Request, volgende: str | None = None) -> Response:
    token = secrets.token_urlsafe(24)
    response = page(request, "login.html", title=_("Log in"), token=token, volgende=_safe_next(volgende), error="")
    response.set_cookie(LOGIN_CSRF, token, httponly=True, samesite="strict", secure=request.url.scheme == "https")
    return response


@router.post("/inloggen", include_in_schema=False)
async def login(request: Request, db: Db) -> Response:
    form = await request.form()
    target = _safe_next(str(form.get("volgende") or ""))
    email = str(form.get("email") or "").strip()
    if not same_token(request.cookies.get(LOGIN_CSRF, ""), str(form.get("csrf") or "")):
        return _refused(request, email, target, _("This form has expired. Please try again."))
    try:
        token = log_in(db, email, str(form.get("wachtwoord") or ""), slow=request.app.state.slow_logins)
    except LoginRefused as exc:
        text = _("Too many failed attempts. This account is locked for {minutes} minutes; try again after that "
                 "or ask the administrator.", minutes=exc.minutes) if exc.minutes else \
            _("The email address or the password is not right.")
        return _refused(request, email, target, text)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(COOKIE, token, max_age=SESSION_HOURS * 3600, httponly=True, samesite="lax",
                        secure=request.url.scheme == "https", path="/")
    response.delete_cookie(LOGIN_CSRF)
    return response


def _refused(request: Request, email: str, target: str, text: str) -> Response:
    token = secrets.token_urlsafe(24)
    response = page(request, "login.html", status=400, title=_("Error: log in"), token=token, volgende=target,
                    error=text, email=email)
    response.set_cookie(LOGIN_CSRF, token, httponly=True, samesite="strict", secure=request.url.scheme == "https")
    return response


@router.post("/uitloggen", include_in_schema=False)
def logout(request: Request, db: Db, who: Person) -> Response:
    log_out(db, request.cookies.get(COOKIE))
    response = RedirectResponse("/inloggen", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


def home_of(who: Principal) -> str:
    return "/beheer" if who.role == "admin" else "/zaken"

