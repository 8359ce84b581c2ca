"""The HTTP API under ``/api/v1`` (SPEC §7): stateless evaluation and claims, and the case register.

Systems call it with ``Authorization: Bearer <key>``; a key belongs to one organisation and sees only its
cases (another organisation's case is "not found"). Every error is an RFC 9457 problem document listing
every field problem; a body above 1 MB is refused before it is parsed.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException

from .. import UserError, api, compute_claim, evaluate
from ..i18n.catalog import use_language
from ..model.fields import case_schema
from ..model.values import AMSTERDAM
from ..version import __version__
from . import store

MAX_BODY = 1_000_000
LOCAL_CLIENTS = ("127.0.0.1", "::1", "localhost", "testclient")
PROBLEM = "application/problem+json"


class Problem(Exception):
    """An error answered as an RFC 9457 problem document."""

    def __init__(self, status: int, title: str, detail: str = "", errors: list[dict[str, str]] | None = None):
        super().__init__(title)
        self.status, self.title, self.detail, self.errors = status, title, detail, errors or []


def _problem(status: int, title: str, detail: str = "", errors: list[dict[str, str]] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


def _language(request: Request) -> str:
    return "en" if request.headers.get("accept-language", "").lower().startswith("en") else "nl"


class Caller:
    """Who is calling: the organisation of the API key, and the key's name for the audit log."""

    def __init__(self, organisation_id: int, name: str):
        self.organisation_id, self.name = organisation_id, name


def create_app(database_url: str | None = None) -> FastAPI:
    """The application over a register at ``database_url`` (default: SQLite in the user's data folder)."""
    sessions = store.open_store(database_url)
    app = FastAPI(title="vpt-rules", version=__version__, openapi_url="/api/v1/openapi.json", docs_url=None,
                  redoc_url=None)

    @app.middleware("http")
    async def limit_and_language(request: Request, call_next: Any) -> Response:
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > MAX_BODY:
            return _problem(413, "Body too large", f"at most {MAX_BODY} bytes")
        client = request.client.host if request.client else ""
        if not request.url.path.startswith("/api/") and client not in LOCAL_CLIENTS:
            # The pages have no login for people yet: until they do, only this computer may open them, so
            # that nobody on the network reads the cases. The API has its keys and is open as configured.
            return _problem(403, "Forbidden", "the web pages can only be opened on this computer until people "
                                              "can log in; systems use /api/v1 with a key")
        with use_language(_language(request)):
            response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Content-Security-Policy", "default-src 'none'")
        return response

    @app.exception_handler(Problem)
    async def on_problem(_request: Request, exc: Problem) -> JSONResponse:
        return _problem(exc.status, exc.title, exc.detail, exc.errors)

    @app.exception_handler(UserError)
    async def on_user_error(request: Request, exc: UserError) -> JSONResponse:
        lang = _language(request)
        errors = [dict(zip(("field", "message"), p.texts(lang), strict=True)) for p in exc.problems]
        return _problem(422, "Invalid case", "", errors)

    @app.exception_handler(RequestValidationError)
    async def on_validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"field": ".".join(str(p) for p in e["loc"]), "message": e["msg"]} for e in exc.errors()]
        return _problem(422, "Invalid request", "", errors)

    @app.exception_handler(HTTPException)
    async def on_http(_request: Request, exc: HTTPException) -> JSONResponse:
        return _problem(exc.status_code, str(exc.detail))

    @app.exception_handler(Exception)
    async def on_error(_request: Request, _exc: Exception) -> JSONResponse:
        return _problem(500, "Internal error", "the error was logged; no traceback is shown")

    def session() -> Any:
        with sessions() as s:
            yield s

    def caller(authorization: Annotated[str | None, Header()] = None,
               db: Session = Depends(session)) -> Caller:
        """The one access check every register route passes through: a valid key of an organisation."""
        if not authorization or not authorization.startswith("Bearer "):
            raise Problem(401, "Not authenticated", "send Authorization: Bearer <key>")
        key = db.scalar(select(store.ApiKey).where(store.ApiKey.key_hash == store.key_hash(authorization[7:])))
        if key is None:
            raise Problem(401, "Not authenticated", "unknown key")
        return Caller(key.organisation_id, f"key:{key.name}")

    async def case_body(request: Request) -> dict[str, Any]:
        raw = await request.body()
        if len(raw) > MAX_BODY:
            raise Problem(413, "Body too large", f"at most {MAX_BODY} bytes")
        try:
            data = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise Problem(400, "Not JSON", "the body must be the case file as JSON") from None
        return data

    def own_case(db: Session, who: Caller, case_id: str) -> store.CaseRecord:
        record = db.scalar(select(store.CaseRecord).where(store.CaseRecord.organisation_id == who.organisation_id,
                                                          store.CaseRecord.case_id == case_id))
        if record is None:
            raise Problem(404, "Not found", f"no case {case_id}")
        return record

    def save_outcome(db: Session, record: store.CaseRecord, who: Caller, what: str) -> dict[str, Any]:
        outcome = evaluate(record.data)
        db.execute(delete(store.Deadline).where(store.Deadline.case_pk == record.id))
        for action in outcome.actions:
            db.add(store.Deadline(case_pk=record.id, organisation_id=record.organisation_id, action=action.id,
                                  title=action.title, due=action.due.astimezone(UTC) if action.due else None))
        db.add(store.AuditEntry(organisation_id=who.organisation_id, case_pk=record.id, actor=who.name,
                                at=store.now(), what=what, rules_digest=outcome.audit.get("rules_digest")))
        return outcome.to_dict()

    @app.post("/api/v1/evaluate", tags=["stateless"])
    def post_evaluate(data: dict[str, Any] = Depends(case_body), as_of: str | None = Query(None)) -> Any:
        """The outcome of a case (SPEC §3), as `vpt evaluate --json` gives it."""
        return evaluate(api.load_case(data), as_of=as_of).to_dict()

    @app.post("/api/v1/claims", tags=["stateless"])
    def post_claims(data: dict[str, Any] = Depends(case_body), as_of: str | None = Query(None)) -> Any:
        """The claim of a case (SPEC §4)."""
        return compute_claim(api.load_case(data), as_of=as_of).to_dict()

    @app.get("/api/v1/rules", tags=["stateless"])
    def get_rules() -> Any:
        """Every rule with its validity and sources."""
        return [{"id": r.id, "title": r.title, "valid_from": r.valid_from and r.valid_from.isoformat(),
                 "valid_to": r.valid_to and r.valid_to.isoformat(), "sources": r.source_texts()}
                for _, r in api.get_rulesets().rules]

    @app.get("/api/v1/schema", tags=["stateless"])
    def get_schema() -> Any:
        """The JSON Schema of the case file."""
        return case_schema()

    @app.post("/api/v1/cases", status_code=201, tags=["register"])
    def post_case(response: Response, data: dict[str, Any] = Depends(case_body), who: Caller = Depends(caller),
                  db: Session = Depends(session)) -> Any:
        """Register a case of the caller's organisation; answers its outcome, with its version as ETag."""
        case = api.load_case(data)
        exists = db.scalar(select(store.CaseRecord.id).where(store.CaseRecord.organisation_id == who.organisation_id,
                                                             store.CaseRecord.case_id == case.case_id))
        if exists:
            raise Problem(409, "Conflict", f"case {case.case_id} exists; change it with PATCH")
        record = store.CaseRecord(organisation_id=who.organisation_id, case_id=case.case_id, version=1, data=data,
                                  updated_at=store.now())
        db.add(record)
        db.flush()
        outcome = save_outcome(db, record, who, "case created")
        db.commit()
        response.headers["ETag"] = f'"{record.version}"'
        return {"case_id": record.case_id, "version": record.version, "outcome": outcome}

    @app.get("/api/v1/cases", tags=["register"])
    def list_cases(who: Caller = Depends(caller), db: Session = Depends(session),
                   due_within_hours: int | None = Query(None, ge=0, le=24 * 366)) -> Any:
        """The organisation's cases with their next deadline; ``due_within_hours`` keeps those due that soon."""
        query = select(store.CaseRecord).where(store.CaseRecord.organisation_id == who.organisation_id)
        listed = []
        for record in db.scalars(query.order_by(store.CaseRecord.case_id)):
            deadlines = db.scalars(select(store.Deadline).where(store.Deadline.case_pk == record.id,
                                                                store.Deadline.due.is_not(None))
                                   .order_by(store.Deadline.due)).all()
            first = deadlines[0] if deadlines else None
            due = _aware(first.due) if first else None
            if due_within_hours is not None and (due is None or due > datetime.now(UTC) + timedelta(
                    hours=due_within_hours)):
                continue
            listed.append({"case_id": record.case_id, "version": record.version,
                           "next": first and {"action": first.action, "title": first.title,
                                              "due": due.astimezone(AMSTERDAM).isoformat()}})
        return listed

    @app.get("/api/v1/cases/{case_id:path}/outcome", tags=["register"])
    def case_outcome(case_id: str, who: Caller = Depends(caller), db: Session = Depends(session),
                     as_of: str | None = Query(None)) -> Any:
        return evaluate(own_case(db, who, case_id).data, as_of=as_of).to_dict()

    @app.get("/api/v1/cases/{case_id:path}/deadlines.ics", tags=["register"])
    def case_ics(case_id: str, who: Caller = Depends(caller), db: Session = Depends(session)) -> Response:
        """The case's deadlines as iCalendar (UTC moments; stable UIDs: case and action)."""
        record = own_case(db, who, case_id)
        lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//vpt-rules//NL", "CALSCALE:GREGORIAN"]
        for action in evaluate(record.data).actions:
            if action.due is None:
                continue
            at = action.due.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
            summary = action.title.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
            lines += ["BEGIN:VEVENT", f"UID:{record.case_id}-{action.id}@vpt-rules", f"DTSTAMP:{at}",
                      f"DTSTART:{at}", f"DTEND:{at}", f"SUMMARY:{record.case_id}: {summary}", "END:VEVENT"]
        lines.append("END:VCALENDAR")
        return Response("\r\n".join(lines) + "\r\n", media_type="text/calendar; charset=utf-8")

    @app.get("/api/v1/cases/{case_id:path}/audit", tags=["register"])
    def case_audit(case_id: str, who: Caller = Depends(caller), db: Session = Depends(session)) -> Any:
        record = own_case(db, who, case_id)
        entries = db.scalars(select(store.AuditEntry).where(store.AuditEntry.case_pk == record.id)
                             .order_by(store.AuditEntry.id))
        return [{"at": e.at.isoformat(), "who": e.actor, "what": e.what, "rules_digest": e.rules_digest}
                for e in entries]

    @app.get("/api/v1/cases/{case_id:path}", tags=["register"])
    def get_case(case_id: str, response: Response, who: Caller = Depends(caller),
                 db: Session = Depends(session)) -> Any:
        record = own_case(db, who, case_id)
        response.headers["ETag"] = f'"{record.version}"'
        return {"case_id": record.case_id, "version": record.version, "case": record.data}

    @app.patch("/api/v1/cases/{case_id:path}", tags=["register"])
    def patch_case(case_id: str, response: Response, patch: dict[str, Any] = Depends(case_body),
                   if_match: Annotated[str | None, Header()] = None, who: Caller = Depends(caller),
                   db: Session = Depends(session)) -> Any:
        """Change a case (JSON merge patch, RFC 7396) at the version the caller read (``If-Match``)."""
        record = own_case(db, who, case_id)
        if if_match is None:
            raise Problem(428, "Precondition required", "send If-Match with the version you read (ETag)")
        if if_match.strip('"') != str(record.version):
            raise Problem(412, "Precondition failed", f"the case is at version {record.version}: read it again")
        data = _merge(record.data, patch)
        case = api.load_case(data)
        if case.case_id != record.case_id:
            raise Problem(422, "Invalid case", "", [{"field": "case_id", "message": "cannot be changed"}])
        changed = db.execute(  # compare-and-set: a concurrent change in between makes this update nothing
            store.CaseRecord.__table__.update()
            .where(store.CaseRecord.id == record.id, store.CaseRecord.version == record.version)
            .values(data=data, version=record.version + 1, updated_at=store.now()))
        if changed.rowcount != 1:
            db.rollback()
            raise Problem(412, "Precondition failed", "the case changed meanwhile: read it again")
        db.expire(record)
        outcome = save_outcome(db, record, who, "case changed")
        db.commit()
        response.headers["ETag"] = f'"{record.version}"'
        return {"case_id": record.case_id, "version": record.version, "outcome": outcome}

    # The web pages (issue 14, vpt_rules/server/pages): HTML beside the API, answers kept beside the register.
    from .pages import drafts_file, mount_pages

    mount_pages(app, drafts_file(database_url))
    app.state.sessions = sessions
    return app


def _aware(moment: datetime) -> datetime:
    """A moment read back from SQLite (which keeps no offset) as UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _merge(target: Any, patch: Any) -> Any:
    """RFC 7396 JSON merge patch."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = _merge(result.get(key), value)
    return result
