"""The register's cases, one path for the API and the pages: drafts, registering, changing at a version,
events that re-evaluate, deadlines, generated documents and the audit log. Every function is scoped to
the caller: a case of an organisation the caller does not reach is "not found"."""

from __future__ import annotations

import copy
import hashlib
import secrets
from datetime import UTC, timedelta
from typing import Any

from sqlalchemy import and_, delete, func, select, update
from sqlalchemy.orm import Session

from .. import evaluate, load_case
from ..i18n.catalog import _
from ..rules.outcome import Outcome
from .access import Principal
from .events import CLAIM_EVENTS, apply_event, closed_actions
from .problems import Problem, forbidden, not_found
from .store import aware, now

__all__ = ["aware", "find", "register", "new_draft", "save_draft", "confirm", "change", "record_event", "events",
           "record_document", "documents", "listing", "deadlines", "audit_entries"]
from .tables import AuditEntry, CaseRecord, Deadline, Event, GeneratedDocument


def find(db: Session, who: Principal, *, case_id: str | None = None, key: str | None = None) -> CaseRecord:
    """A case the caller reaches, by its number or its page handle."""
    if not who.may("read"):
        raise forbidden(_("your role does not give access to cases"))
    query = select(CaseRecord).where(CaseRecord.organisation_id.in_(who.organisations))
    query = query.where(CaseRecord.case_id == case_id) if key is None else query.where(CaseRecord.key == key)
    record = db.scalar(query)
    if record is None:
        raise not_found(_("case {case_id}", case_id=case_id or key or ""))
    return record


def audit(db: Session, who: Principal, record: CaseRecord | None, what: str, rules_digest: str | None = None,
          document_hash: str | None = None) -> None:
    db.add(AuditEntry(organisation_id=record.organisation_id if record else who.organisation_id,
                      case_pk=record.id if record else None, actor=who.name, at=now(), what=what,
                      rules_digest=rules_digest, document_hash=document_hash))


def _outcome(db: Session, record: CaseRecord, who: Principal, what: str) -> Outcome:
    """Evaluate the case, rewrite its deadline rows (done ones keep their moment) and audit the change."""
    outcome = evaluate(record.data)
    done = closed_actions(db.scalars(select(Event).where(Event.case_pk == record.id).order_by(Event.id)))
    db.execute(delete(Deadline).where(Deadline.case_pk == record.id))
    for action in outcome.actions:
        db.add(Deadline(case_pk=record.id, organisation_id=record.organisation_id, action=action.id,
                        title=str(action.title), due=action.due.astimezone(UTC) if action.due else None,
                        done_at=done.get(action.id)))
    audit(db, who, record, what, outcome.audit.get("rules_digest"))
    return outcome


def _check_number(db: Session, record: CaseRecord, case_id: str) -> None:
    taken = db.scalar(select(CaseRecord.id).where(CaseRecord.organisation_id == record.organisation_id,
                                                  CaseRecord.case_id == case_id, CaseRecord.id != record.id))
    if taken:
        raise Problem(409, _("Conflict"), "", [{"field": "case_id", "message": _(
            "your organisation already has a case {case_id}; choose another number", case_id=case_id)}])


def register(db: Session, who: Principal, data: dict[str, Any]) -> tuple[CaseRecord, Outcome]:
    """A complete case of the caller's organisation, registered at version 1."""
    if not who.may("write"):
        raise forbidden(_("your role may not register cases"))
    case = load_case(data)
    record = CaseRecord(organisation_id=who.organisation_id, key=secrets.token_urlsafe(12), case_id=case.case_id,
                        status="open", version=1, data=data, updated_at=now())
    _check_number(db, record, case.case_id)
    db.add(record)
    db.flush()
    outcome = _outcome(db, record, who, "case created")
    db.commit()
    return record, outcome


def new_draft(db: Session, who: Principal) -> CaseRecord:
    """An empty case being written in the pages (no number yet)."""
    if not who.may("write"):
        raise forbidden(_("your role may not register cases"))
    record = CaseRecord(organisation_id=who.organisation_id, key=secrets.token_urlsafe(12), case_id=None,
                        status="draft", version=1, data={}, updated_at=now())
    db.add(record)
    db.flush()
    audit(db, who, record, "draft started")
    db.commit()
    return record


def save_draft(db: Session, who: Principal, record: CaseRecord, data: dict[str, Any]) -> None:
    """Keep what was typed, right or not yet right: nothing is lost."""
    if not who.may("write") or record.status != "draft":
        raise forbidden(_("only a draft can be saved unchecked"))
    record.data, record.version, record.updated_at = copy.deepcopy(data), record.version + 1, now()
    audit(db, who, record, "draft saved")
    db.commit()


def confirm(db: Session, who: Principal, record: CaseRecord) -> Outcome:
    """A draft becomes an open case: checked in full, its number unique, its deadlines written."""
    if not who.may("write"):
        raise forbidden(_("your role may not register cases"))
    case = load_case(record.data)
    _check_number(db, record, case.case_id)
    record.case_id, record.status, record.version, record.updated_at = case.case_id, "open", record.version + 1, now()
    outcome = _outcome(db, record, who, "case registered")
    db.commit()
    return outcome


def change(db: Session, who: Principal, record: CaseRecord, data: dict[str, Any], version: int | None = None,
           what: str = "case changed") -> Outcome:
    """Replace an open case's facts at the version the caller read; a concurrent change makes this a 412."""
    parts = {k for k in set(data) | set(record.data) if data.get(k) != record.data.get(k)}
    if not who.may_change(parts):
        raise forbidden(_("your role may change only the damage and the criminal case"))
    case = load_case(data)
    if record.case_id is not None and case.case_id != record.case_id:
        raise Problem(422, _("Invalid case"), "", [{"field": "case_id", "message": _("cannot be changed")}])
    expected = record.version if version is None else version
    changed = db.execute(update(CaseRecord).where(CaseRecord.id == record.id, CaseRecord.version == expected)
                         .values(data=data, version=expected + 1, updated_at=now()))
    if changed.rowcount != 1:
        db.rollback()
        raise Problem(412, _("Precondition failed"), _("the case changed meanwhile: read it again"))
    db.expire(record)
    outcome = _outcome(db, record, who, what)
    db.commit()
    return outcome


def record_event(db: Session, who: Principal, record: CaseRecord, kind: str, payload: dict[str, Any]) -> Outcome:
    """Record what happened (letter sent, report filed, VPT code, judgment, payment) and re-evaluate."""
    if record.status != "open":
        raise Problem(409, _("Conflict"), _("confirm the case before recording what happened"))
    if not (who.may("write") or (who.may("claim") and kind in CLAIM_EVENTS)):
        raise forbidden(_("your role may not record this"))
    data, stored = apply_event(record.data, kind, payload)
    db.add(Event(case_pk=record.id, kind=kind, data=stored, actor=who.name, recorded_at=now()))
    db.flush()
    return change(db, who, record, data, record.version, what=f"event: {kind}")


def events(db: Session, record: CaseRecord) -> list[dict[str, Any]]:
    return [{"kind": e.kind, **e.data, "recorded_at": aware(e.recorded_at).isoformat(), "by": e.actor}
            for e in db.scalars(select(Event).where(Event.case_pk == record.id).order_by(Event.id))]


def record_document(db: Session, who: Principal, record: CaseRecord, document: str, fmt: str, content: bytes,
                    rules_digest: str | None) -> str:
    """Note a generated document (its hash, who, when) in the register and the audit log."""
    digest = hashlib.sha256(content).hexdigest()
    db.add(GeneratedDocument(case_pk=record.id, document=document, format=fmt, sha256=digest, actor=who.name,
                             at=now(), rules_digest=rules_digest))
    audit(db, who, record, f"document made: {document}.{fmt}", rules_digest, digest)
    db.commit()
    return digest


def documents(db: Session, record: CaseRecord) -> list[dict[str, Any]]:
    rows = db.scalars(select(GeneratedDocument).where(GeneratedDocument.case_pk == record.id)
                      .order_by(GeneratedDocument.id))
    return [{"document": d.document, "format": d.format, "sha256": d.sha256, "by": d.actor,
             "at": aware(d.at).isoformat()} for d in rows]


def listing(db: Session, who: Principal, status: str | None = None,
            due_within_hours: int | None = None) -> list[tuple[CaseRecord, Deadline | None]]:
    """The cases the caller reaches, each with its next open deadline; soonest first, cases without one last.

    ``due_within_hours``: only cases with an open action due before now + that many hours (overdue included)."""
    if not who.may("read"):
        raise forbidden(_("your role does not give access to cases"))
    next_due = (select(Deadline.case_pk, func.min(Deadline.due).label("due"))
                .where(Deadline.organisation_id.in_(who.organisations), Deadline.done_at.is_(None),
                       Deadline.due.is_not(None)).group_by(Deadline.case_pk).subquery())
    query = (select(CaseRecord, Deadline).outerjoin(next_due, next_due.c.case_pk == CaseRecord.id)
             .outerjoin(Deadline, and_(Deadline.case_pk == CaseRecord.id, Deadline.due == next_due.c.due,
                                       Deadline.done_at.is_(None)))
             .where(CaseRecord.organisation_id.in_(who.organisations)))
    if status:
        query = query.where(CaseRecord.status == status)
    if due_within_hours is not None:
        query = query.where(next_due.c.due <= now() + timedelta(hours=due_within_hours))
    seen: set[int] = set()
    rows = []
    for record, deadline in db.execute(query.order_by(next_due.c.due.is_(None), next_due.c.due,
                                                      CaseRecord.updated_at.desc())):
        if record.id not in seen:  # two actions due at the same moment: the case once
            seen.add(record.id)
            rows.append((record, deadline))
    return rows





def deadlines(db: Session, record: CaseRecord) -> list[Deadline]:
    return list(db.scalars(select(Deadline).where(Deadline.case_pk == record.id).order_by(Deadline.id)))


def audit_entries(db: Session, record: CaseRecord) -> list[dict[str, Any]]:
    entries = db.scalars(select(AuditEntry).where(AuditEntry.case_pk == record.id).order_by(AuditEntry.id))
    return [{"at": aware(e.at).isoformat(), "who": e.actor, "what": e.what, "rules_digest": e.rules_digest,
             "document_hash": e.document_hash} for e in entries]
