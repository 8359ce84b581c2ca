"""Who is calling and what they may do: API keys for systems, logins for people (argon2, a session cookie
that is HttpOnly and SameSite, a form token against CSRF, a slowed and then locked login)."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cache

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from .store import aware, is_locked, key_hash, now
from .tables import ApiKey, LoginSession, Membership, User

COOKIE = "vpt_session"
SESSION_HOURS = 10  # one working day; then log in again
SLOW_AFTER = 3  # failed logins before each next try waits
LOCK_AFTER = 10  # failed logins before the account is locked
LOCK_MINUTES = 15
HELPDESK_CASE_PARTS = frozenset({"damages", "prosecution"})  # what a helpdesk adviser may change in a case
HELPDESK_DOCUMENTS = frozenset({"liability_letter", "injured_party_claim", "damage_statement"})

# What each role may do (a key acts for a system of its organisation, like an HR adviser).
PERMISSIONS = {
    "hr": {"read", "write", "claim", "documents"},
    "system": {"read", "write", "claim", "documents"},
    "helpdesk": {"read", "claim", "claim_documents"},
    "admin": {"manage"},
}


@dataclass(frozen=True)
class Principal:
    """A person (by e-mail) or a system (by key name), the organisations whose cases they reach, their role."""

    name: str
    role: str
    organisation_id: int
    organisations: frozenset[int]
    user_id: int | None = None
    csrf: str = ""
    grants: frozenset[str] = field(default=frozenset())

    def may(self, what: str) -> bool:
        return what in PERMISSIONS.get(self.role, set())

    def may_change(self, parts: set[str]) -> bool:
        """Whether a change to these top-level parts of a case is allowed."""
        return self.may("write") or (self.may("claim") and parts <= HELPDESK_CASE_PARTS)

    def may_document(self, document: str) -> bool:
        return self.may("documents") or (self.may("claim_documents") and document in HELPDESK_DOCUMENTS)


KEY_SECONDS = 60  # a known key is looked up again after this long (keys are only ever added)
_known_keys: dict[str, tuple[float, Principal]] = {}


def by_key(db: Session, key: str) -> Principal | None:
    """The system of an API key; a known key is kept in memory for KEY_SECONDS (one query less per call)."""
    digest = key_hash(key)
    kept = _known_keys.get(digest)
    if kept is not None and kept[0] > time.monotonic():
        return kept[1]
    found = db.scalar(select(ApiKey).where(ApiKey.key_hash == digest))
    if found is None:
        return None
    who = Principal(f"key:{found.name}", "system", found.organisation_id, frozenset({found.organisation_id}))
    if len(_known_keys) > 10_000:
        _known_keys.clear()
    _known_keys[digest] = (time.monotonic() + KEY_SECONDS, who)
    return who


def _principal(db: Session, user: User, csrf: str = "") -> Principal:
    served = set(db.scalars(select(Membership.organisation_id).where(Membership.user_id == user.id)))
    reach = frozenset({user.organisation_id} | served) if user.role != "admin" else frozenset()
    return Principal(user.email, user.role, user.organisation_id, reach, user.id, csrf)


def by_session(db: Session, token: str | None) -> Principal | None:
    """The person of a session cookie, if it is known and not expired."""
    if not token:
        return None
    found = db.get(LoginSession, key_hash(token))
    if found is None or aware(found.expires_at) <= now():
        return None
    user = db.get(User, found.user_id)
    return None if user is None else _principal(db, user, found.csrf)


class LoginRefused(Exception):
    """Wrong e-mail or password, or a locked account; ``minutes`` is set when locked."""

    def __init__(self, minutes: int = 0):
        super().__init__("locked" if minutes else "wrong")
        self.minutes = minutes


def log_in(db: Session, email: str, password: str, slow: bool = True) -> str:
    """Check the password and open a session; returns the cookie's token (kept only as its hash).

    After SLOW_AFTER failures each try waits a little longer; after LOCK_AFTER the account is locked for
    LOCK_MINUTES. An unknown e-mail costs the same hash check, so it cannot be told apart."""
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError

    hasher = PasswordHasher()
    user = db.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        try:
            hasher.verify(_dummy_hash(), password)
        except (VerificationError, InvalidHashError):
            pass
        raise LoginRefused()
    if is_locked(user):
        raise LoginRefused(minutes=max(1, int((aware(user.locked_until) - now()).total_seconds() // 60) + 1))
    if slow and user.failed_logins >= SLOW_AFTER:
        time.sleep(min(0.5 * 2 ** (user.failed_logins - SLOW_AFTER), 4.0))
    try:
        hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        user.failed_logins += 1
        if user.failed_logins >= LOCK_AFTER:
            user.locked_until = now() + timedelta(minutes=LOCK_MINUTES)
            user.failed_logins = 0
            db.commit()
            raise LoginRefused(minutes=LOCK_MINUTES) from None
        db.commit()
        raise LoginRefused() from None
    user.failed_logins, user.locked_until = 0, None
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
    token = secrets.token_urlsafe(32)
    db.execute(delete(LoginSession).where(LoginSession.expires_at < now()))
    db.add(LoginSession(token_hash=key_hash(token), user_id=user.id, csrf=secrets.token_urlsafe(24),
                        created_at=now(), expires_at=now() + timedelta(hours=SESSION_HOURS)))
    db.commit()
    return token


def log_out(db: Session, token: str | None) -> None:
    if token:
        db.execute(delete(LoginSession).where(LoginSession.token_hash == key_hash(token)))
        db.commit()


def same_token(expected: str, given: str | None) -> bool:
    return bool(expected) and given is not None and secrets.compare_digest(expected, given)


@cache
def _dummy_hash() -> str:
    """A hash to check an unknown e-mail's password against, so that it takes as long as a known one."""
    from argon2 import PasswordHasher

    return PasswordHasher().hash(secrets.token_urlsafe(16))
