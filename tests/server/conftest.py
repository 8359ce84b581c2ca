"""The register's tests run on both databases: the embedded SQLite file and a real PostgreSQL 15 cluster that
the test session starts itself (tests/server/postgres.py); each test starts on an empty database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from postgres import Cluster, find_bindir, running_cluster


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[Cluster]:
    """One throwaway cluster for the session, started on first use; skipped (with why) where there is none."""
    bindir = find_bindir()
    if bindir is None:
        pytest.skip("no PostgreSQL binaries (/usr/lib/postgresql/*/bin/initdb, VPT_PG_BINDIR or initdb on the "
                    "PATH): apt-get install postgresql (.ci/run does)")
    pytest.importorskip("psycopg", reason="psycopg is not installed: bash scripts/setup.sh")
    with running_cluster(bindir) as cluster:
        yield cluster


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh, empty register: a SQLite file in tmp_path, or the session's cluster's database, emptied."""
    # With a URL that is not a SQLite file the pages keep their drafts in the user's data folder: keep that
    # folder inside the test too, so that tests do not share it (nor write into the home folder).
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'register.sqlite3'}"
    cluster: Cluster = request.getfixturevalue("postgres_cluster")
    return cluster.fresh_database()
