"""Where the pages keep a case while it is being written and after: one row per case, its answers as JSON.

A stand-in for the register of the server core (issue 13) until the pages run on it: SQLite, WAL, every
answer saved on each step, so a closed tab loses nothing and a colleague can go on from the list.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


class Drafts:
    """Cases by a random id: their answers, whether they were confirmed, and events recorded later."""

    def __init__(self, path: str | Path) -> None:
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS drafts (id TEXT PRIMARY KEY, data TEXT NOT NULL, "
                         "confirmed INTEGER NOT NULL DEFAULT 0, events TEXT NOT NULL DEFAULT '[]', "
                         "updated TEXT NOT NULL)")
        self._db.commit()

    def create(self) -> str:
        key = secrets.token_urlsafe(9)
        with self._lock:
            self._db.execute("INSERT INTO drafts (id, data, updated) VALUES (?, '{}', ?)", (key, _now()))
            self._db.commit()
        return key

    def get(self, key: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._db.execute("SELECT data, confirmed, events, updated FROM drafts WHERE id = ?",
                                   (key,)).fetchone()
        if row is None:
            return None
        return {"id": key, "data": json.loads(row[0]), "confirmed": bool(row[1]), "events": json.loads(row[2]),
                "updated": row[3]}

    def save(self, key: str, data: dict[str, Any], confirmed: bool | None = None) -> None:
        with self._lock:
            self._db.execute("UPDATE drafts SET data = ?, updated = ? WHERE id = ?", (json.dumps(data), _now(), key))
            if confirmed is not None:
                self._db.execute("UPDATE drafts SET confirmed = ? WHERE id = ?", (int(confirmed), key))
            self._db.commit()

    def add_event(self, key: str, event: dict[str, Any]) -> None:
        with self._lock:
            row = self._db.execute("SELECT events FROM drafts WHERE id = ?", (key,)).fetchone()
            events = json.loads(row[0]) + [event]
            self._db.execute("UPDATE drafts SET events = ?, updated = ? WHERE id = ?",
                             (json.dumps(events), _now(), key))
            self._db.commit()

    def all(self) -> list[dict[str, Any]]:
        with self._lock:
            keys = [r[0] for r in self._db.execute("SELECT id FROM drafts ORDER BY updated DESC")]
        return [d for d in (self.get(k) for k in keys) if d is not None]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
