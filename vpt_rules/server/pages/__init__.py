"""The web pages (issue 14): logging in, the cases, a new case in steps, the outcome, the documents, the
claim calculator, and the admin's page; templates and static files beside."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

from .admin import router as admin_router
from .auth import LoginNeeded, expired_post
from .login import router as auth_router
from .routes import build_router

STATIC = Path(__file__).resolve().parent.parent / "static"


def mount_pages(app: FastAPI) -> None:
    """Add the pages and their static files to the server's app."""
    app.include_router(auth_router)
    app.include_router(admin_router)
    app.include_router(build_router())
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    @app.exception_handler(LoginNeeded)
    async def on_login_needed(request: Request, exc: LoginNeeded) -> Response:
        return await expired_post(request, exc)
