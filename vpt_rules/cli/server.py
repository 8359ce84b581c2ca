"""`vpt serve` and `vpt admin`: the case register and the HTTP API (the server stack is imported only here)."""

from __future__ import annotations

import click

from ..i18n.catalog import N_, _
from .help import Command, Group

DATABASE_HELP = N_("Database URL (default: SQLite in the user's data folder; env VPT_DATABASE_URL).")


@click.command(cls=Command)
@click.option("--host", default="127.0.0.1", show_default=True, help=N_("The address to listen on."))
@click.option("--port", default=8000, show_default=True, type=int, help=N_("The port to listen on."))
@click.option("--database", envvar="VPT_DATABASE_URL", help=DATABASE_HELP)
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help=N_("Worker processes (several need a database for several users, such as PostgreSQL)."))
def serve(host: str, port: int, database: str | None, workers: int) -> None:
    """Start the HTTP API (/api/v1) over the case register."""
    import os

    import uvicorn

    from ..server import store

    url = database or store.default_url()
    store.open_store(url)  # create the tables before the workers start
    os.environ["VPT_DATABASE_URL"] = url
    click.echo(_("API on http://{host}:{port}/api/v1 (OpenAPI: /api/v1/openapi.json); database: {url}",
                 host=host, port=port, url=url), err=True)
    uvicorn.run("vpt_rules.server.asgi:app", host=host, port=port, workers=workers, log_level="warning")


@click.group(cls=Group)
def admin() -> None:
    """Manage the register: organisations and API keys."""


@admin.command("create-organisation")
@click.argument("name")
@click.option("--database", envvar="VPT_DATABASE_URL", help=DATABASE_HELP)
def create_organisation(name: str, database: str | None) -> None:
    """Add an organisation."""
    from ..server import store

    store.create_organisation(store.open_store(database), name)
    click.echo(_("Organisation {name} created. Next: vpt admin create-api-key --organisation \"{name}\" --name "
                 "SYSTEM", name=name))


@admin.command("create-api-key")
@click.option("--organisation", required=True)
@click.option("--name", required=True, help=N_("The system that will use the key."))
@click.option("--database", envvar="VPT_DATABASE_URL", help=DATABASE_HELP)
def create_api_key(organisation: str, name: str, database: str | None) -> None:
    """Make an API key for a system of an organisation; it is shown once and stored only as a hash."""
    from ..server import store

    try:
        key = store.create_api_key(store.open_store(database), organisation, name)
    except LookupError:
        raise click.UsageError(_("no organisation {name}; create it first", name=organisation)) from None
    click.echo(key)
