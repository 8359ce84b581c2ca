"""The case register: organisations, API keys (stored as SHA-256 hashes), cases with a version, the deadlines
of their outcome (one row per action), and an append-only audit log. SQLite by default, any SQLAlchemy URL."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, UniqueConstraint, create_engine, event, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker


class Base(DeclarativeBase):
    pass


class Organisation(Base):
    __tablename__ = "organisations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)


class ApiKey(Base):
    __tablename__ = "api_keys"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)


class CaseRecord(Base):
    __tablename__ = "cases"
    __table_args__ = (UniqueConstraint("organisation_id", "case_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    case_id: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer, default=1)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Deadline(Base):
    """One action of a case's outcome with its due moment: "what is due within 12 hours" is one query."""

    __tablename__ = "deadlines"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_pk: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    action: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(300))
    due: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)


class AuditEntry(Base):
    """Append-only: who (which key), when, what, under which rules."""

    __tablename__ = "audit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    case_pk: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True, nullable=True)
    actor: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    what: Mapped[str] = mapped_column(String(200))
    rules_digest: Mapped[str | None] = mapped_column(String(64), nullable=True)


def default_url() -> str:
    """The embedded database: SQLite in the user's data folder."""
    import platformdirs

    folder = Path(platformdirs.user_data_dir("vpt-rules"))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'register.sqlite3'}"


def open_store(url: str | None = None) -> sessionmaker[Session]:
    """Connect (WAL for SQLite), create the tables that are missing, and return a session factory."""
    engine: Engine = create_engine(url or default_url())
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _wal(connection: Any, _record: Any) -> None:
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()
    Base.metadata.create_all(engine)
    return sessionmaker(engine, expire_on_commit=False)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create_organisation(sessions: sessionmaker[Session], name: str) -> Organisation:
    with sessions.begin() as session:
        organisation = Organisation(name=name)
        session.add(organisation)
    return organisation


def create_api_key(sessions: sessionmaker[Session], organisation: str, name: str) -> str:
    """A new key for a system of ``organisation``: returned once, stored only as its hash."""
    key = "vpt_" + secrets.token_urlsafe(32)
    with sessions.begin() as session:
        found = session.scalar(select(Organisation).where(Organisation.name == organisation))
        if found is None:
            raise LookupError(organisation)
        session.add(ApiKey(organisation_id=found.id, name=name, key_hash=key_hash(key)))
    return key


def now() -> datetime:
    return datetime.now(UTC)
