"""The tests' own PostgreSQL cluster is what the register tests claim it is: PostgreSQL 15 or newer, on no
network port, fsync off, and an empty database for every test."""

from __future__ import annotations

import pytest
from postgres import Cluster
from sqlalchemy import create_engine, inspect, text

from vpt_rules.server import store


def test_the_cluster_is_postgresql_15_on_a_socket_only(postgres_cluster: Cluster) -> None:
    engine = create_engine(postgres_cluster.fresh_database())
    try:
        with engine.connect() as connection:
            assert int(connection.scalar(text("SHOW server_version_num"))) >= 150000
            assert connection.scalar(text("SHOW listen_addresses")) == ""
            assert connection.scalar(text("SHOW fsync")) == "off"
    finally:
        engine.dispose()


@pytest.mark.parametrize("round_", [1, 2])
def test_every_test_starts_on_an_empty_database(database_url: str, round_: int) -> None:
    sessions = store.open_store(database_url)
    engine = sessions.kw["bind"]
    try:
        with sessions() as db:
            assert db.scalars(text("SELECT name FROM organisations")).all() == []
        store.create_organisation(sessions, "Gemeente Arnhem")  # the next round must not see it
        assert {"organisations", "api_keys", "cases", "deadlines", "audit"} <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
