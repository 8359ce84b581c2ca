"""Logging in and out on the pages, and the two checks every page passes: a logged-in person, and on a form
post the session's form token (CSRF)."""

from __future__ import annotations

import json
import re
import secrets
from typing import Annotated, Any
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


STEP_PATH = re.compile(r"/zaken/([A-Za-z0-9_-]{1,40})/stap/([a-z]{1,20})")
MAX_PENDING = 200_000  # characters of answers kept through a login


def login_page(request: Request, volgende: str | None, status: int = 200, error: str = "", email: str = "",
               pending: str = "") -> HTMLResponse:
    """The login form (with its own form token in a cookie); ``pending``: a step's answers sent after the
    session had expired, saved once the person is logged in again."""
    token = secrets.token_urlsafe(24)
    title = _("Error: log in") if error else _("Log in")
    response = page(request, "login.html", status=status, title=title, token=token, volgende=_safe_next(volgende),
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


def _replay(db: Db, token: str, target: str, pending: str) -> str:
    """Save the step answers kept through the login; where to go next (the step again if it cannot be)."""
    from starlette.datastructures import FormData

    from .book import Book
    from .routes import save_step

    found = STEP_PATH.fullmatch(target)
    who = by_session(db, token)
    if not found or who is None:
        return target
    try:
        pairs = [(str(k), str(v)) for k, v in json.loads(pending)]
        _case, _step, problems, after = save_step(Book(db, who), found.group(1), found.group(2), FormData(pairs))
    except (Problem, ValueError, TypeError):
        return target
    return target if problems else after


@router.get("/inloggen", response_class=HTMLResponse, include_in_schema=False)
def login_form(request: Request, volgende: str | None = None) -> Response:
    return login_page(request, volgende)


@router.post("/inloggen", include_in_schema=False)
async def login(request: Request, db: Db) -> Response:
    form = await request.form()
    target = _safe_next(str(form.get("volgende") or ""))
    email = str(form.get("email") or "").strip()
    if not same_token(request.cookies.get(LOGIN_CSRF, ""), str(form.get("csrf") or "")):
        return _refused(request, email, target, _("This form has expired. Please try again."), form)
    try:
        token = log_in(db, email, str(form.get("wachtwoord") or ""), slow=request.app.state.slow_logins)
    except LoginRefused as exc:
        text = _("Too many failed attempts. This account is locked for {minutes} minutes; try again after that "
                 "or ask the administrator.", minutes=exc.minutes) if exc.minutes else \
            _("The email address or the password is not right.")
        return _refused(request, email, target, text, form)
    pending = str(form.get("pending") or "")
    if pending:
        target = _replay(db, token, target, pending)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(COOKIE, token, max_age=SESSION_HOURS * 3600, httponly=True, samesite="lax",
                        secure=request.url.scheme == "https", path="/")
    response.delete_cookie(LOGIN_CSRF)
    return response


def _refused(request: Request, email: str, target: str, text: str, form: Any) -> Response:
    return login_page(request, target, status=400, error=text, email=email, pending=str(form.get("pending") or ""))


@router.post("/uitloggen", include_in_schema=False)
def logout(request: Request, db: Db, who: Person) -> Response:
    log_out(db, request.cookies.get(COOKIE))
    response = RedirectResponse("/inloggen", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


def home_of(who: Principal) -> str:
    return "/beheer" if who.role == "admin" else "/zaken"

