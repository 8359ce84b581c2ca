"""The register's schema revision: migrate with Alembic, and refuse to serve a register on an old one."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.engine import Connection, Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class OldSchema(Exception):
    """The register was made by an older vpt-rules: `vpt admin migrate` brings it up to date."""

    def __init__(self, current: str | None, head: str):
        super().__init__(f"the register is at schema revision {current or 'none'}, this vpt-rules needs {head}")
        self.current, self.head = current, head


def _config(connection: Connection):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    found = ScriptDirectory.from_config(config).get_current_head()
    assert found is not None
    return found


def current(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def is_empty(engine: Engine) -> bool:
    """No table at all: a new register, which may be created without asking."""
    return not inspect(engine).get_table_names()


def migrate(engine: Engine) -> tuple[str | None, str]:
    """Bring the register up to the newest revision; returns (before, after)."""
    from alembic import command

    with engine.begin() as connection:
        before = current(connection)
        command.upgrade(_config(connection), "head")
        return before, current(connection) or ""


def check(engine: Engine) -> None:
    """Raise OldSchema unless the register is at the newest revision."""
    with engine.connect() as connection:
        found = current(connection)
    newest = head()
    if found != newest:
        raise OldSchema(found, newest)
