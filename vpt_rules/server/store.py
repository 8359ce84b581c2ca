"""Opening the register and managing who may use it: organisations, people (argon2 password hashes, roles)
and API keys (stored as SHA-256 hashes). SQLite by default (WAL), PostgreSQL for several workers."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, delete, event, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from ..i18n.catalog import _
from . import schema
from .tables import ROLES, ApiKey, AuditEntry, CaseRecord, Deadline, Membership, Organisation, User

__all__ = ["ApiKey", "AuditEntry", "CaseRecord", "Deadline", "Organisation", "User", "open_store", "default_url",
           "create_organisation", "create_user", "create_api_key", "listing", "key_hash", "now", "aware", "Invalid",
           "has_users", "hash_password", "connect", "shown_url", "MIN_PASSWORD", "set_password", "is_locked"]

MIN_PASSWORD = 12


class Invalid(ValueError):
    """A request that cannot be done, with the field it concerns (shown to the admin as is)."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


def default_url() -> str:
    """The embedded database: SQLite in the user's data folder."""
    import platformdirs

    folder = Path(platformdirs.user_data_dir("vpt-rules"))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'register.sqlite3'}"


def connect(url: str | None = None) -> Engine:
    """An engine for the register (SQLite in WAL mode with foreign keys on)."""
    url = url or default_url()
    # A server's connection can be dropped between requests (PostgreSQL restarted, a proxy's idle limit): such
    # a database is pinged when a connection is taken. A SQLite file cannot drop it; the ping would be waste.
    engine: Engine = create_engine(url, pool_pre_ping=not url.startswith("sqlite"))
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _wal(connection: Any, _record: Any) -> None:
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=10000")
            cursor.close()
    return engine


def open_store(url: str | None = None) -> sessionmaker[Session]:
    """Connect and check the schema revision: a new (empty) register is created, an old one is refused
    (``schema.OldSchema``: run `vpt admin migrate`)."""
    engine = connect(url)
    if schema.is_empty(engine):
        schema.migrate(engine)
    schema.check(engine)
    return sessionmaker(engine, expire_on_commit=False)


def shown_url(url: str) -> str:
    """The database URL as it may be printed: without its password."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def now() -> datetime:
    return datetime.now(UTC)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def hash_password(password: str) -> str:
    from argon2 import PasswordHasher

    return PasswordHasher().hash(password)


def _organisation(session: Session, name: str) -> Organisation:
    found = session.scalar(select(Organisation).where(Organisation.name == name))
    if found is None:
        raise Invalid("organisation", _("there is no organisation {name}; create it first", name=name))
    return found


def create_organisation(sessions: sessionmaker[Session], name: str) -> Organisation:
    name = name.strip()
    if not name:
        raise Invalid("name", _("is empty"))
    with sessions.begin() as session:
        if session.scalar(select(Organisation.id).where(Organisation.name == name)):
            raise Invalid("name", _("an organisation {name} exists already", name=name))
        organisation = Organisation(name=name, created_at=now())
        session.add(organisation)
        session.flush()
        _audit(session, organisation.id, command_line_actor(), "organisation created")
    return organisation


def _audit(session: Session, organisation_id: int, actor: str, what: str) -> None:
    session.add(AuditEntry(organisation_id=organisation_id, case_pk=None, actor=actor, at=now(), what=what))


def command_line_actor() -> str:
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def create_user(sessions: sessionmaker[Session], email: str, password: str, role: str,
                organisations: list[str], actor: str | None = None) -> User:
    """A person with a role. ``organisations``: the first is theirs; a helpdesk adviser serves all of them."""
    email = email.strip().lower()
    if "@" not in email or len(email) > 254:
        raise Invalid("email", _("is not an e-mail address"))
    if role not in ROLES:
        raise Invalid("role", _("must be one of {allowed}", allowed=", ".join(ROLES)))
    if len(password) < MIN_PASSWORD:
        raise Invalid("password", _("must be at least {n} characters", n=MIN_PASSWORD))
    if not organisations:
        raise Invalid("organisation", _("is missing"))
    if role != "helpdesk" and len(organisations) > 1:
        raise Invalid("organisation", _("only a helpdesk adviser serves more than one organisation"))
    with sessions.begin() as session:
        if session.scalar(select(User.id).where(User.email == email)):
            raise Invalid("email", _("a user with this e-mail address exists already"))
        found = [_organisation(session, name) for name in organisations]
        user = User(email=email, password_hash=hash_password(password), role=role, organisation_id=found[0].id,
                    failed_logins=0, created_at=now())
        session.add(user)
        session.flush()
        for organisation in found[1:]:
            session.add(Membership(user_id=user.id, organisation_id=organisation.id))
        for organisation in found:
            _audit(session, organisation.id, actor or command_line_actor(), f"user added: {email} ({role})")
    return user


def set_password(sessions: sessionmaker[Session], email: str, password: str, actor: str | None = None) -> None:
    """A new password for a person (it also lifts a lock); their open sessions end."""
    from .tables import LoginSession

    if len(password) < MIN_PASSWORD:
        raise Invalid("password", _("must be at least {n} characters", n=MIN_PASSWORD))
    with sessions.begin() as session:
        user = session.scalar(select(User).where(User.email == email.strip().lower()))
        if user is None:
            raise Invalid("email", _("there is no user with this e-mail address"))
        user.password_hash, user.failed_logins, user.locked_until = hash_password(password), 0, None
        session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
        _audit(session, user.organisation_id, actor or command_line_actor(), f"password set: {user.email}")


def create_api_key(sessions: sessionmaker[Session], organisation: str, name: str, actor: str | None = None) -> str:
    """A new key for a system of ``organisation``: returned once, stored only as its hash."""
    key = "vpt_" + secrets.token_urlsafe(32)
    with sessions.begin() as session:
        try:
            found = _organisation(session, organisation)
        except Invalid:
            raise LookupError(organisation) from None
        session.add(ApiKey(organisation_id=found.id, name=name, key_hash=key_hash(key), created_at=now()))
        _audit(session, found.id, actor or command_line_actor(), f"API key made: {name}")
    return key


def has_users(sessions: sessionmaker[Session]) -> bool:
    with sessions() as session:
        return bool(session.scalar(select(func.count(User.id))))


def listing(sessions: sessionmaker[Session]) -> list[dict[str, Any]]:
    """Every organisation with its people (role, served organisations), keys (names only) and case count."""
    with sessions() as session:
        names = {o.id: o.name for o in session.scalars(select(Organisation).order_by(Organisation.name))}
        served: dict[int, list[str]] = {}
        for m in session.scalars(select(Membership)):
            served.setdefault(m.user_id, []).append(names[m.organisation_id])
        result = []
        for organisation_id, name in names.items():
            users = session.scalars(select(User).where(User.organisation_id == organisation_id).order_by(User.email))
            keys = session.scalars(select(ApiKey).where(ApiKey.organisation_id == organisation_id)
                                   .order_by(ApiKey.name))
            cases = session.scalar(select(func.count(CaseRecord.id))
                                   .where(CaseRecord.organisation_id == organisation_id))
            result.append({"organisation": name, "cases": cases,
                           "users": [{"email": u.email, "role": u.role, "serves": served.get(u.id, []),
                                      "locked": is_locked(u)}
                                     for u in users],
                           "keys": [k.name for k in keys]})
        return result


def is_locked(user: User) -> bool:
    """Locked out for now after too many failed logins."""
    return user.locked_until is not None and aware(user.locked_until) > now()


def aware(moment: datetime) -> datetime:
    """A moment read back from SQLite (which keeps no offset) as UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
