"""The pages' view of the register: a case by its page handle, as the templates use it, for one person.

Every answer is saved in the register as it is typed (a draft of the person's organisation), so a closed
tab or an expired session loses nothing and a colleague can go on from the case list.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends
from sqlalchemy import select
from sqlalchemy.orm import Session

from ...i18n.catalog import _
from ...i18n.dutch import moment_text
from .. import casebook
from ..access import Principal
from ..deps import Db
from ..tables import Organisation
from .auth import Person
from .outcome_view import countdown


@dataclass
class Book:
    db: Session
    who: Principal

    def create(self) -> str:
        return casebook.new_draft(self.db, self.who).key

    def get(self, key: str) -> dict[str, Any]:
        record = casebook.find(self.db, self.who, key=key)
        done = {d.action for d in casebook.deadlines(self.db, record) if d.done_at}
        return {"id": record.key, "data": copy.deepcopy(record.data), "confirmed": record.status == "open",
                "done": done, "events": casebook.events(self.db, record), "record": record, "version": record.version,
                "organisation": self._organisation(record.organisation_id)}

    def save(self, key: str, data: dict[str, Any]) -> None:
        """A draft keeps what was typed; an open case is changed only when it is valid (UserError else)."""
        record = casebook.find(self.db, self.who, key=key)
        if record.status == "draft":
            casebook.save_draft(self.db, self.who, record, data)
        else:
            casebook.change(self.db, self.who, record, data)

    def confirm(self, key: str) -> None:
        casebook.confirm(self.db, self.who, casebook.find(self.db, self.who, key=key))

    def event(self, key: str, kind: str, payload: dict[str, Any]) -> None:
        casebook.record_event(self.db, self.who, casebook.find(self.db, self.who, key=key), kind, payload)

    def document_made(self, key: str, document: str, fmt: str, content: bytes, digest: str | None) -> None:
        record = casebook.find(self.db, self.who, key=key)
        casebook.record_document(self.db, self.who, record, document, fmt, content, digest)

    def rows(self, now: datetime) -> list[dict[str, Any]]:
        """Every case the person reaches, with its next open deadline (from the register's deadline rows)."""
        rows = []
        names = dict(self.db.execute(select(Organisation.id, Organisation.name)
                                     .where(Organisation.id.in_(self.who.organisations))).all())
        for record, deadline in casebook.listing(self.db, self.who):
            next_action = None
            if deadline is not None and deadline.due is not None:
                due = casebook.aware(deadline.due)
                next_action = {"action": {"title": deadline.title, "due": due}, "overdue": due < now,
                               "countdown": countdown(due, now), "due_text": moment_text(due)}
            label = record.case_id or str(record.data.get("case_id") or "") or _("New case (no case number yet)")
            rows.append({"id": record.key, "label": label,
                         "confirmed": record.status == "open", "next": next_action,
                         "organisation": names.get(record.organisation_id, "")})
        return rows

    def _organisation(self, organisation_id: int) -> str:
        return self.db.scalar(select(Organisation.name).where(Organisation.id == organisation_id)) or ""


def book(db: Db, who: Person) -> Book:
    return Book(db, who)


Cases = Annotated[Book, Depends(book)]
