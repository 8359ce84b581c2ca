"""The server: the HTTP API under ``/api/v1`` and the web pages, over the case register.

Every error is an RFC 9457 problem document listing every field problem (the pages show their own
error page); a body above 1 MB is refused before it is parsed; security headers on every answer.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from ..i18n.catalog import _
from ..model.errors import UserError
from ..version import __version__
from . import store
from .api_routes import MAX_BODY
from .api_routes import router as api_router
from .middleware import Guard, language
from .problems import Problem

PROBLEM = "application/problem+json"


def problem(status: int, title: str, detail: str = "", errors: list[dict[str, str]] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


def create_app(database_url: str | None = None) -> FastAPI:
    """The application over a register at ``database_url`` (default: SQLite in the user's data folder).

    A new register is created; one on an old schema revision is refused (``schema.OldSchema``)."""
    sessions = store.open_store(database_url)
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        sessions.kw["bind"].dispose()  # close the database connections when the server stops

    app = FastAPI(title="vpt-rules", version=__version__, openapi_url="/api/v1/openapi.json", docs_url=None,
                  redoc_url=None, lifespan=lifespan)
    app.state.sessions = sessions
    app.state.slow_logins = True

    @app.exception_handler(Problem)
    async def on_problem(request: Request, exc: Problem) -> Response:
        if not request.url.path.startswith("/api/"):
            from .pages.errors import error_page

            return error_page(request, exc)
        return problem(exc.status, exc.title, exc.detail, exc.errors)

    @app.exception_handler(UserError)
    async def on_user_error(request: Request, exc: UserError) -> JSONResponse:
        lang = language(request)
        errors = [dict(zip(("field", "message"), p.texts(lang), strict=True)) for p in exc.problems]
        return problem(422, _("Invalid case"), "", errors)

    @app.exception_handler(RequestValidationError)
    async def on_validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"field": ".".join(str(p) for p in e["loc"]), "message": e["msg"]} for e in exc.errors()]
        return problem(422, _("Invalid request"), "", errors)

    @app.exception_handler(HTTPException)
    async def on_http(request: Request, exc: HTTPException) -> Response:
        return await on_problem(request, Problem(exc.status_code, str(exc.detail)))

    @app.exception_handler(Exception)
    async def on_error(_request: Request, _exc: Exception) -> JSONResponse:
        return problem(500, _("Internal error"), _("the error was logged; no traceback is shown"))

    app.include_router(api_router)
    from . import openapi

    openapi.install(app)
    from .pages import mount_pages

    mount_pages(app)
    app.add_middleware(Guard, limit=MAX_BODY, too_large=problem(413, _("Body too large"),
                                                                  _("at most {limit} bytes", limit=MAX_BODY)))
    return app
