"""The web pages (issue 14): routes, their draft store and view helpers; templates and static files beside."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from .drafts import Drafts
from .routes import CSP, build_router

STATIC = Path(__file__).resolve().parent.parent / "static"


def drafts_file(database_url: str | None) -> Path:
    """Where the pages keep their answers: beside the register's SQLite file, else in the user's data folder."""
    from ..store import default_url

    url = database_url or default_url()
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        return Path(url.removeprefix("sqlite:///")).with_suffix(".pages.sqlite3")
    import platformdirs

    folder = Path(platformdirs.user_data_dir("vpt-rules"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "pages.sqlite3"


def mount_pages(app: FastAPI, database: str | Path) -> None:
    """Add the pages and their static files to an app; answers are kept in ``database`` (SQLite)."""
    app.include_router(build_router(Drafts(database)))
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")


def create_pages_app(database: str | Path) -> FastAPI:
    """An app with only the pages, until the server core (issue 13) mounts them in ``vpt serve``."""
    app = FastAPI(title="vpt-rules", docs_url=None, redoc_url=None, openapi_url=None)
    mount_pages(app, database)

    @app.middleware("http")
    async def security_headers(request, call_next):  # type: ignore[no-untyped-def]
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        return response

    return app
