"""`vpt serve` and `vpt admin`: the server over the case register (the server stack is imported only here)."""

from __future__ import annotations

import sys
from typing import Any

import click

from ..i18n.catalog import N_, _
from .help import Command, Group

DATABASE_HELP = N_("Database URL (default: SQLite in the user's data folder; env VPT_DATABASE_URL).")


def _open(database: str | None) -> Any:
    """The register's sessions; an old schema is bad input with the command that fixes it (exit 2)."""
    from ..server import schema, store

    try:
        return store.open_store(database)
    except schema.OldSchema as exc:
        raise click.ClickException(_(
            "the register was made by an older vpt-rules (schema {current}, this version needs {head}); "
            "back it up, then run: vpt admin migrate{database}", current=exc.current or "-", head=exc.head,
            database=f" --database '{database}'" if database else "")) from None


@click.command(cls=Command)
@click.option("--host", default="127.0.0.1", show_default=True, help=N_("The address to listen on."))
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help=N_("The port to listen on."))
@click.option("--database", envvar="VPT_DATABASE_URL", help=DATABASE_HELP)
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help=N_("Worker processes (several need a database for several users, such as PostgreSQL)."))
def serve(host: str, port: int, database: str | None, workers: int) -> None:
    """Start the web pages and the HTTP API over the case register."""
    import os

    import uvicorn

    from ..server import store

    url = database or store.default_url()
    sessions = _open(url)  # a new register is created here, before the workers start
    os.environ["VPT_DATABASE_URL"] = url
    click.echo(_("Pages on http://{host}:{port}/ and the API on /api/v1 (OpenAPI: /api/v1/openapi.json); "
                 "database: {url}", host=host, port=port, url=store.shown_url(url)), err=True)
    if not store.has_users(sessions):
        click.echo(_("Nobody can log in yet. Create your organisation and the first user (an HR adviser works on "
                     "cases; --role admin adds someone who manages people and keys):\n"
                     "  vpt admin create-organisation \"Gemeente Voorbeeld\"\n"
                     "  vpt admin create-user you@example.nl --role hr --organisation \"Gemeente Voorbeeld\""),
                   err=True)
    uvicorn.run("vpt_rules.server.asgi:app", host=host, port=port, workers=workers, log_level="warning")


@click.group(cls=Group)
def admin() -> None:
    """Manage the register: organisations, users, API keys, the schema."""


def _invalid(exc: Any) -> click.BadParameter:
    return click.BadParameter(exc.message, param_hint=f"'{exc.field}'")


@admin.command("create-organisation", cls=Command)
@click.argument("name")
@click.option("--database", envvar="VPT_DATABASE_URL", help=DATABASE_HELP)
def create_organisation(name: str, database: str | None) -> None:
    """Add an organisation."""
    from ..server import store

    try:
        store.create_organisation(_open(database), name)
    except store.Invalid as exc:
        raise _invalid(exc) from None
    click.echo(_("Organisation {name} created. Next: vpt admin create-user EMAIL --role hr --organisation "
                 "\"{name}\"", name=name))


@admin.command("create-user", cls=Command)
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(["hr", "helpdesk", "admin"]),
              help=N_("hr: the organisation's cases; helpdesk: reads cases and works on claims; admin: users and "
                      "keys."))
@click.option("--organisation", "organisations", required=True, multiple=True,
              help=N_("The user's organisation; repeat it for a helpdesk adviser who serves several."))
@click.option("--password-stdin", is_flag=True, help=N_("Read the password from the first line of stdin."))
@click.option("--database", envvar="VPT_DATABASE_URL", help=DATABASE_HELP)
def create_user(email: str, role: str, organisations: tuple[str, ...], password_stdin: bool,
                database: str | None) -> None:
    """Add a person who logs in to the pages; the password is asked (or read from stdin)."""
    from ..server import store

    sessions = _open(database)
    try:
        store.create_user(sessions, email, _password(password_stdin, store.MIN_PASSWORD), role, list(organisations))
    except store.Invalid as exc:
        raise _invalid(exc) from None
    click.echo(_("User {email} ({role}) created; they can log in at the server's /inloggen.", email=email.lower(),
                 role=role))


def _password(password_stdin: bool, min_length: int) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt(_("Password (at least {n} characters)", n=min_length), hide_input=True,
                        confirmation_prompt=_("Repeat the password"))


@admin.command("set-password", cls=Command)
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help=N_("Read the password from the first line of stdin."))
@click.option("--database", envvar="VPT_DATABASE_URL", help=DATABASE_HELP)
def set_password(email: str, password_stdin: bool, database: str | None) -> None:
    """Give a person a new password (it also lifts a lock after failed logins)."""
    from ..server import store

    sessions = _open(database)
    try:
        store.set_password(sessions, email, _password(password_stdin, store.MIN_PASSWORD))
    except store.Invalid as exc:
        raise _invalid(exc) from None
    click.echo(_("New password set for {email}; their sessions were ended.", email=email.strip().lower()))


@admin.command("create-api-key", cls=Command)
@click.option("--organisation", required=True, help=N_("The organisation whose cases the key reaches."))
@click.option("--name", required=True, help=N_("The system that will use the key."))
@click.option("--database", envvar="VPT_DATABASE_URL", help=DATABASE_HELP)
def create_api_key(organisation: str, name: str, database: str | None) -> None:
    """Make an API key for a system of an organisation; it is shown once and stored only as a hash."""
    from ..server import store

    try:
        key = store.create_api_key(_open(database), organisation, name)
    except LookupError:
        raise click.BadParameter(_("no organisation {name}; create it first", name=organisation),
                                 param_hint="'--organisation'") from None
    click.echo(key)


@admin.command("list", cls=Command)
@click.option("--json", "as_json", is_flag=True, help=N_("Print JSON instead of text."))
@click.option("--database", envvar="VPT_DATABASE_URL", help=DATABASE_HELP)
def list_register(as_json: bool, database: str | None) -> None:
    """List the organisations with their users, API keys (names only) and number of cases."""
    import json

    from ..server import store

    listing = store.listing(_open(database))
    if as_json:
        click.echo(json.dumps(listing, indent=2, ensure_ascii=False))
        return
    if not listing:
        click.echo(_("No organisations yet: vpt admin create-organisation NAME"))
    for entry in listing:
        click.echo(_("{organisation} ({cases} cases)", organisation=entry["organisation"], cases=entry["cases"]))
        for user in entry["users"]:
            served = _(", also serves {names}", names=", ".join(user["serves"])) if user["serves"] else ""
            locked = _(" (locked)") if user["locked"] else ""
            click.echo(f"  {user['email']}  {user['role']}{served}{locked}")
        for key in entry["keys"]:
            click.echo(_("  key: {name}", name=key))


@admin.command("migrate", cls=Command)
@click.option("--database", envvar="VPT_DATABASE_URL", help=DATABASE_HELP)
def migrate(database: str | None) -> None:
    """Bring the register's schema up to this version of vpt-rules."""
    from ..server import schema, store

    before, after = schema.migrate(store.connect(database))
    if before == after:
        click.echo(_("The register is up to date (schema {revision}).", revision=after))
    else:
        click.echo(_("The register went from schema {before} to {after}.", before=before or "-", after=after))
