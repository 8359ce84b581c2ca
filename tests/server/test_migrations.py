"""The register's schema comes from its Alembic migrations: up from an empty database, the same as the tables
the code uses, and a server on an old revision refuses to start and names the command that fixes it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from paths import ROOT
from sqlalchemy import inspect, text

from vpt_rules.server import schema, store
from vpt_rules.server.app import create_app
from vpt_rules.server.tables import Base


def vpt(*args: str, home: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_DATA_HOME": str(home), "VPT_LANG": "nl"}
    env.pop("VPT_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "vpt_rules.cli.main", *args], input=stdin, capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=120)


def test_migrations_up_from_empty_match_the_tables_in_the_code(database_url: str) -> None:
    engine = store.connect(database_url)
    assert schema.is_empty(engine)
    before, after = schema.migrate(engine)
    assert (before, after) == (None, schema.head())
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []
    assert {"cases", "events", "deadlines", "generated_documents", "audit", "users"} <= set(
        inspect(engine).get_table_names())
    assert schema.migrate(engine) == (after, after)  # again: nothing to do
    engine.dispose()


def test_a_register_on_an_old_revision_is_refused_with_the_command(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'r.sqlite3'}"
    store.open_store(url)
    engine = store.connect(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0000'"))
    with pytest.raises(schema.OldSchema):
        create_app(url)
    refused = vpt("serve", "--database", url, home=tmp_path)
    assert refused.returncode == 1 and "vpt admin migrate" in refused.stderr and "Traceback" not in refused.stderr


def test_the_first_user_from_the_command_line(tmp_path: Path) -> None:
    assert vpt("admin", "create-organisation", "Gemeente Arnhem", home=tmp_path).returncode == 0
    short = vpt("admin", "create-user", "hr@arnhem.nl", "--role", "hr", "--organisation", "Gemeente Arnhem",
                "--password-stdin", home=tmp_path, stdin="kort\n")
    assert short.returncode == 2 and "'password'" in short.stderr and "12" in short.stderr
    made = vpt("admin", "create-user", "HR@arnhem.nl", "--role", "hr", "--organisation", "Gemeente Arnhem",
               "--password-stdin", home=tmp_path, stdin="een lang wachtwoord 42\n")
    assert made.returncode == 0, made.stderr
    nowhere = vpt("admin", "create-user", "x@ede.nl", "--role", "hr", "--organisation", "Gemeente Ede",
                  "--password-stdin", home=tmp_path, stdin="een lang wachtwoord 42\n")
    assert nowhere.returncode == 2 and "Gemeente Ede" in nowhere.stderr
    key = vpt("admin", "create-api-key", "--organisation", "Gemeente Arnhem", "--name", "zaaksysteem", home=tmp_path)
    assert key.returncode == 0 and key.stdout.startswith("vpt_")
    listed = vpt("admin", "list", home=tmp_path)
    assert "Gemeente Arnhem" in listed.stdout and "hr@arnhem.nl  hr" in listed.stdout
    assert "zaaksysteem" in listed.stdout and key.stdout.strip() not in listed.stdout  # the key is never shown again
    assert vpt("admin", "migrate", home=tmp_path).returncode == 0
    reset = vpt("admin", "set-password", "hr@arnhem.nl", "--password-stdin", home=tmp_path,
                stdin="een ander lang wachtwoord\n")
    assert reset.returncode == 0 and "hr@arnhem.nl" in reset.stdout
    unknown = vpt("admin", "set-password", "niemand@arnhem.nl", "--password-stdin", home=tmp_path,
                  stdin="een ander lang wachtwoord\n")
    assert unknown.returncode == 2 and "e-mailadres" in unknown.stderr


def test_people_and_keys_added_are_in_the_audit_log(tmp_path: Path) -> None:
    from sqlalchemy import select

    from vpt_rules.server.tables import AuditEntry

    sessions = store.open_store(f"sqlite:///{tmp_path / 'r.sqlite3'}")
    store.create_organisation(sessions, "Gemeente Arnhem")
    store.create_user(sessions, "hr@arnhem.nl", "een lang wachtwoord", "hr", ["Gemeente Arnhem"], actor="beheer@arnhem.nl")
    store.create_api_key(sessions, "Gemeente Arnhem", "zaaksysteem", actor="beheer@arnhem.nl")
    with sessions() as db:
        entries = [(e.actor, e.what) for e in db.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert entries[0][0].startswith("cli") and entries[0][1] == "organisation created"
    assert entries[1:] == [("beheer@arnhem.nl", "user added: hr@arnhem.nl (hr)"),
                           ("beheer@arnhem.nl", "API key made: zaaksysteem")]
