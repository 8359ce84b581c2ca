"""The login and logout pages; a step's answers kept through a login are saved once the person is in."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ...i18n.catalog import _
from ..access import COOKIE, SESSION_HOURS, LoginRefused, by_session, log_in, log_out, same_token
from ..deps import Db
from ..problems import Problem
from .auth import LOGIN_CSRF, STEP_PATH, Person, login_page, safe_next
from .book import Book
from .routes import save_step

router = APIRouter()


def _replay(db: Db, token: str, target: str, pending: str) -> str:
    """Save the step answers kept through the login; where to go next (the step again if it cannot be)."""
    from starlette.datastructures import FormData

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
    target = safe_next(str(form.get("volgende") or ""))
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
