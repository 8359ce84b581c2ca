"""The HTTP API under ``/api/v1`` (SPEC §7): stateless evaluation, claims and documents, and the register.

Every route but ``/rules`` and ``/schema`` needs a caller: a system's key or a logged-in person. A case of
an organisation the caller does not reach is "not found"; what a role may not do is "forbidden"."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Header, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy import select

from .. import api, compute_claim, evaluate, jsontext
from ..documents.files import DOCX_MEDIA_TYPE, file_stem
from ..i18n.catalog import _
from ..model.fields import case_schema
from ..model.values import AMSTERDAM
from . import casebook
from .deps import Caller, Db
from .downloads import attachment
from .events import KINDS
from .problems import Problem, forbidden, not_found

MAX_BODY = 1_000_000
CASE_BODY = Body(..., description="The case file as JSON (SPEC §2).")

router = APIRouter(prefix="/api/v1")


async def case_body(request: Request) -> dict[str, Any]:
    """The body as JSON: at most 1 MB, read before anything is parsed."""
    raw = await request.body()
    if len(raw) > MAX_BODY:
        raise Problem(413, _("Body too large"), _("at most {limit} bytes", limit=MAX_BODY))
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise Problem(400, _("Not JSON"), _("the body must be the case file as JSON")) from None
    if not isinstance(data, dict):
        raise Problem(400, _("Not JSON"), _("the body must be the case file as a JSON object"))
    return data


CaseData = Annotated[dict[str, Any], Depends(case_body)]
AsOf = Annotated[str | None, Query(description="ISO 8601 moment; default now", max_length=40)]


def _json(value: Any, status: int = 200, version: int | None = None) -> Response:
    """JSON made by orjson straight into the answer (FastAPI's own encoder walks every value in Python: a
    few milliseconds for one outcome, several times the evaluation itself)."""
    headers = {"ETag": f'"{version}"'} if version is not None else None
    return Response(jsontext.compact(value), status_code=status, media_type="application/json", headers=headers)


@router.post("/evaluate", tags=["stateless"])
async def post_evaluate(data: CaseData, who: Caller, as_of: AsOf = None) -> Any:
    """The outcome of a case (SPEC §3), as `vpt evaluate --json` gives it."""
    # async: the half millisecond of work runs on the event loop, cheaper than a hop to a thread and back
    return _json(evaluate(api.load_case(data), as_of=as_of).to_dict())


@router.post("/claims", tags=["stateless"])
async def post_claims(data: CaseData, who: Caller, as_of: AsOf = None) -> Any:
    """The claim of a case (SPEC §4)."""
    return _json(compute_claim(api.load_case(data), as_of=as_of).to_dict())


@router.post("/documents", tags=["stateless"], response_class=Response,
             responses={200: {"content": {DOCX_MEDIA_TYPE: {}, "application/zip": {}}}})
def post_documents(data: CaseData, who: Caller, as_of: AsOf = None,
                   document: Annotated[str | None, Query(max_length=80)] = None) -> Response:
    """The case's documents as a zip, or one of them (``document``) as .docx. Nothing is stored."""
    from ..documents.render import render_document_bytes

    case = api.load_case(data)
    outcome = evaluate(case, as_of=as_of)
    if document is not None:
        if document not in outcome.documents:
            raise not_found(_("document {document} for this case", document=document))
        content = render_document_bytes(case, outcome, document)
        return attachment(content, DOCX_MEDIA_TYPE, f"{file_stem(case.case_id, document)}.docx")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in outcome.documents:
            archive.writestr(f"{file_stem(case.case_id, name)}.docx", render_document_bytes(case, outcome, name))
    return attachment(buffer.getvalue(), "application/zip", f"{file_stem(case.case_id, 'documenten')}.zip")


@router.get("/me", tags=["access"])
def get_me(who: Caller, db: Db) -> Any:
    """Who is calling: name, role, the organisations reached, and for a logged-in person the form token to send
    as ``X-CSRF-Token`` with a change."""
    from .tables import Organisation

    names = db.scalars(select(Organisation.name).where(Organisation.id.in_(who.organisations))
                       .order_by(Organisation.name)).all()
    body: dict[str, Any] = {"name": who.name, "role": who.role, "organisations": list(names)}
    if who.csrf:
        body["csrf"] = who.csrf
    return body


@router.get("/rules", tags=["stateless"])
def get_rules() -> Any:
    """Every rule with its validity and sources."""
    return [{"id": r.id, "title": r.title, "valid_from": r.valid_from and r.valid_from.isoformat(),
             "valid_to": r.valid_to and r.valid_to.isoformat(), "sources": r.source_texts()}
            for _id, r in api.get_rulesets().rules]


@router.get("/schema", tags=["stateless"])
def get_schema() -> Any:
    """The JSON Schema of the case file."""
    return case_schema()


def _registered(record: Any, outcome: Any, status: int = 200) -> Response:
    return _json({"case_id": record.case_id, "version": record.version, "outcome": outcome.to_dict()}, status,
                 record.version)


@router.post("/cases", status_code=201, tags=["register"])
def post_case(data: CaseData, who: Caller, db: Db) -> Any:
    """Register a case of the caller's organisation; answers its outcome, with its version as ETag."""
    record, outcome = casebook.register(db, who, data)
    return _registered(record, outcome, 201)


@router.get("/cases", tags=["register"])
def list_cases(who: Caller, db: Db, due_within_hours: Annotated[int | None, Query(ge=0, le=24 * 366)] = None,
               status: Annotated[str | None, Query(pattern="^(draft|open)$")] = None) -> Any:
    """The cases the caller reaches with their next open deadline, soonest first; ``due_within_hours`` keeps
    those with an open action due that soon (overdue ones included)."""
    return _json([{"case_id": record.case_id, "status": record.status, "version": record.version,
                   "next": deadline and {"action": deadline.action, "title": deadline.title,
                                         "due": casebook.aware(deadline.due).astimezone(AMSTERDAM).isoformat()}}
                  for record, deadline in casebook.listing(db, who, status, due_within_hours)])


@router.get("/cases/{case_id:path}/outcome", tags=["register"])
def case_outcome(case_id: str, who: Caller, db: Db, as_of: AsOf = None) -> Any:
    return _json(evaluate(casebook.find(db, who, case_id=case_id).data, as_of=as_of).to_dict())


@router.get("/cases/{case_id:path}/deadlines.ics", tags=["register"], response_class=Response,
            responses={200: {"content": {"text/calendar": {}}}})
def case_ics(case_id: str, who: Caller, db: Db) -> Response:
    """The case's open deadlines as iCalendar (UTC moments; stable UIDs: case and action)."""
    from .icalendar import deadlines_ics

    record = casebook.find(db, who, case_id=case_id)
    done = {d.action for d in casebook.deadlines(db, record) if d.done_at}
    text = deadlines_ics(record.case_id or record.key, evaluate(record.data).actions, done, datetime.now(UTC))
    return Response(text, media_type="text/calendar; charset=utf-8")


@router.get("/cases/{case_id:path}/audit", tags=["register"])
def case_audit(case_id: str, who: Caller, db: Db) -> Any:
    """Who did what to the case, when, under which rules (append-only)."""
    return casebook.audit_entries(db, casebook.find(db, who, case_id=case_id))


class EventIn(BaseModel):
    """What happened: ``kind`` and its fields (``on`` a date; ``at`` a moment; ``amount``/``awarded`` euros)."""

    kind: str = Field(json_schema_extra={"enum": list(KINDS)})
    on: str | None = Field(None, max_length=40)
    at: str | None = Field(None, max_length=40)
    by: str | None = Field(None, max_length=20)
    reference: str | None = Field(None, max_length=200)
    status: str | None = Field(None, max_length=40)
    final_on: str | None = Field(None, max_length=40)
    compensation_order: bool | None = None
    awarded: str | None = Field(None, max_length=40)
    amount: str | None = Field(None, max_length=40)


@router.get("/cases/{case_id:path}/events", tags=["register"])
def case_events(case_id: str, who: Caller, db: Db) -> Any:
    return casebook.events(db, casebook.find(db, who, case_id=case_id))


@router.post("/cases/{case_id:path}/events", status_code=201, tags=["register"])
def post_event(case_id: str, event: EventIn, who: Caller, db: Db) -> Any:
    """Record what happened; the case is evaluated again and its deadlines rewritten."""
    record = casebook.find(db, who, case_id=case_id)
    outcome = casebook.record_event(db, who, record, event.kind, event.model_dump(exclude_none=True))
    return _registered(record, outcome, 201)


@router.get("/cases/{case_id:path}/documents/{document}", tags=["register"], response_class=Response,
            responses={200: {"content": {DOCX_MEDIA_TYPE: {}, "application/pdf": {}}}})
def case_document(case_id: str, document: str, who: Caller, db: Db,
                  format: Annotated[str, Query(pattern="^(docx|pdf)$")] = "docx") -> Response:  # noqa: A002
    """One document of the case (.docx, or PDF through LibreOffice); its hash is kept in the register."""
    from ..documents.render import render_document_bytes

    record = casebook.find(db, who, case_id=case_id)
    if not who.may_document(document):
        raise forbidden(_("your role may not make this document"))
    case = api.load_case(record.data)
    outcome = evaluate(case)
    if document not in outcome.documents:
        raise not_found(_("document {document} for this case", document=document))
    content = render_document_bytes(case, outcome, document)
    stem = file_stem(case.case_id, document)
    if format == "pdf":
        from ..documents.pdf import pdf_bytes

        content = pdf_bytes(content, stem)
    casebook.record_document(db, who, record, document, format, content, outcome.audit.get("rules_digest"))
    return attachment(content, DOCX_MEDIA_TYPE if format == "docx" else "application/pdf", f"{stem}.{format}")


@router.get("/cases/{case_id:path}", tags=["register"])
def get_case(case_id: str, response: Response, who: Caller, db: Db) -> Any:
    record = casebook.find(db, who, case_id=case_id)
    response.headers["ETag"] = f'"{record.version}"'
    return {"case_id": record.case_id, "status": record.status, "version": record.version, "case": record.data}


@router.patch("/cases/{case_id:path}", tags=["register"])
def patch_case(case_id: str, patch: CaseData, who: Caller, db: Db,
               if_match: Annotated[str | None, Header()] = None) -> Any:
    """Change a case (JSON merge patch, RFC 7396) at the version the caller read (``If-Match``)."""
    record = casebook.find(db, who, case_id=case_id)
    if if_match is None:
        raise Problem(428, _("Precondition required"), _("send If-Match with the version you read (ETag)"))
    if if_match.strip().strip('"') != str(record.version):
        raise Problem(412, _("Precondition failed"),
                      _("the case is at version {version}: read it again", version=record.version))
    outcome = casebook.change(db, who, record, merge_patch(record.data, patch), record.version)
    return _registered(record, outcome)


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7396 JSON merge patch."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result
