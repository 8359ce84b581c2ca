"""The dependencies every route uses: a database session, and who is calling (a key or a logged-in person)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Header, Request
from sqlalchemy.orm import Session

from ..i18n.catalog import _
from .access import COOKIE, Principal, by_key, by_session, same_token
from .problems import Problem

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


async def database(request: Request) -> AsyncIterator[Session]:
    """One SQLAlchemy session per request (it connects only when first used; made without a thread hop)."""
    with request.app.state.sessions() as session:
        yield session


Db = Annotated[Session, Depends(database)]


async def caller(request: Request, db: Db, authorization: Annotated[str | None, Header()] = None,
           x_csrf_token: Annotated[str | None, Header()] = None) -> Principal:
    """The one access check of the API: a system's key (``Authorization: Bearer``), or a person's session
    cookie, which must bring the session's form token in ``X-CSRF-Token`` for a change."""
    if authorization:
        if not authorization.startswith("Bearer "):
            raise Problem(401, _("Not authenticated"), _("send Authorization: Bearer <key>"))
        who = by_key(db, authorization[7:].strip())
        if who is None:
            raise Problem(401, _("Not authenticated"), _("unknown key"))
        return who
    person = by_session(db, request.cookies.get(COOKIE))
    if person is None:
        raise Problem(401, _("Not authenticated"), _("send Authorization: Bearer <key>, or log in"))
    if request.method not in SAFE_METHODS and not same_token(person.csrf, x_csrf_token):
        raise Problem(403, _("Forbidden"), _("a change from a browser needs the X-CSRF-Token header"))
    return person


Caller = Annotated[Principal, Depends(caller)]
