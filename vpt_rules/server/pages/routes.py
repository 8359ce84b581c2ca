"""The web pages for HR advisers: the case list, a new case in steps, the check page, the outcome, the
letter preview and its downloads. Server-rendered HTML that works without JavaScript."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ... import evaluate, load_case
from ...documents.files import DOCX_MEDIA_TYPE, file_stem
from ...i18n.catalog import _
from ...model.errors import UserError
from ...terms.calendar import AMSTERDAM
from ..downloads import attachment
from ..icalendar import deadlines_ics
from ..problems import Problem, forbidden, not_found
from .auth import Person, home_of
from .book import Cases
from .claim_page import add_claim_routes
from .outcome_view import DOCUMENT_NAMES, action_rows, docx_paragraphs, event_text
from .render import page as _page
from .steps import STEP_BY_SLUG, STEPS, apply_form, display, get_path, step_problems


def _now() -> datetime:
    return datetime.now(AMSTERDAM).replace(microsecond=0)


def _step(slug: str) -> Any:
    if slug not in STEP_BY_SLUG:
        raise not_found(_("step"))
    return STEP_BY_SLUG[slug]


def save_step(book: Any, key: str, slug: str, form: Any) -> tuple[dict[str, Any], Any, dict[str, str], str]:
    """Keep a step's answers (a draft keeps them even when not yet right: nothing typed is lost); returns the
    case as typed, the step, its problems and where to go next."""
    case, step = book.get(key), _step(slug)
    data = case["data"]
    apply_form(data, step, form)
    problems = step_problems(data, step)
    if not case["confirmed"]:
        book.save(key, data)
    elif not problems:
        try:
            book.save(key, data)
        except UserError as exc:
            problems = dict(p.texts() for p in exc.problems)
    index = STEPS.index(step)
    after = f"/zaken/{key}/controleer" if form.get("terug") == "controleer" or index + 1 == len(STEPS) \
        else f"/zaken/{key}/stap/{STEPS[index + 1].slug}"
    return {**case, "data": data}, step, problems, after


def build_router() -> APIRouter:
    router = APIRouter()

    @router.get("/", include_in_schema=False)
    def home(who: Person) -> RedirectResponse:
        return RedirectResponse(home_of(who), status_code=303)

    @router.get("/zaken", response_class=HTMLResponse, include_in_schema=False)
    def case_list(request: Request, book: Cases, filter: str = "open") -> HTMLResponse:  # noqa: A002 - the query name
        if book.who.role == "admin":
            raise forbidden(_("An administrator sees no cases; look under Administration."))
        now = _now()
        rows = book.rows(now)
        agenda = []
        for row in rows:
            nxt = row["next"]
            if nxt and (nxt["action"]["due"].date() - now.date()).days <= 7:
                days = (nxt["action"]["due"].date() - now.date()).days
                agenda.append({"case": row["label"], "id": row["id"], "row": nxt,
                               "when": _("Today") if days <= 0 else _("This week")})
        if filter == "overdue":
            rows = [r for r in rows if r["next"] and r["next"]["overdue"]]
        elif filter == "concept":
            rows = [r for r in rows if not r["confirmed"]]
        far = datetime.max.replace(tzinfo=now.tzinfo)
        rows.sort(key=lambda r: (not (r["next"] and r["next"]["overdue"]),
                                 r["next"]["action"]["due"] if r["next"] else far))
        several = len({r["organisation"] for r in rows}) > 1
        return _page(request, "zaken.html", rows=rows, agenda=agenda, filter=filter, title=_("Cases"),
                     several=several, may_write=book.who.may("write"))

    @router.post("/zaken/nieuw", include_in_schema=False)
    def new_case(book: Cases) -> RedirectResponse:
        return RedirectResponse(f"/zaken/{book.create()}/stap/{STEPS[0].slug}", status_code=303)

    @router.get("/zaken/{key}/stap/{slug}", response_class=HTMLResponse, include_in_schema=False)
    def step_form(request: Request, key: str, slug: str, book: Cases) -> HTMLResponse:
        case, step = book.get(key), _step(slug)
        return _step_page(request, case, step, {})

    @router.post("/zaken/{key}/stap/{slug}", include_in_schema=False)
    async def step_save(request: Request, key: str, slug: str, book: Cases) -> Response:
        case, step, problems, after = save_step(book, key, slug, await request.form())
        if problems:
            return _step_page(request, case, step, problems, status=422)
        return RedirectResponse(after, status_code=303)

    def _step_page(request: Request, case: dict[str, Any], step: Any, problems: dict[str, str],
                   status: int = 200) -> HTMLResponse:
        values = {f.name: get_path(case["data"], f.name) for f in step.fields}
        return _page(request, "step.html", status=status, case=case, step=step, steps=STEPS,
                     number=STEPS.index(step) + 1, values=values, problems=problems,
                     back=request.query_params.get("terug", ""),
                     title=_("Error: {title}", title=_(step.title)) if problems else _(step.title))

    @router.get("/zaken/{key}/controleer", response_class=HTMLResponse, include_in_schema=False)
    def review(request: Request, key: str, book: Cases) -> HTMLResponse:
        case = book.get(key)
        return _review_page(request, case, "")

    def _review_page(request: Request, case: dict[str, Any], error: str, status: int = 200) -> HTMLResponse:
        sections = []
        incomplete = []
        for step in STEPS:
            answers = [{"field": f, "text": display(f, get_path(case["data"], f.name))} for f in step.fields]
            sections.append({"step": step, "answers": answers})
            if step_problems(dict(case["data"]), step):
                incomplete.append(step)
        title = _("Check your answers")
        return _page(request, "review.html", status=status, case=case, sections=sections, incomplete=incomplete,
                     error=error, title=_("Error: {title}", title=title) if error else title)

    @router.post("/zaken/{key}/controleer", include_in_schema=False)
    def confirm(request: Request, key: str, book: Cases) -> Response:
        case = book.get(key)
        for step in STEPS:
            if step_problems(case["data"], step):
                return RedirectResponse(f"/zaken/{key}/stap/{step.slug}", status_code=303)
        if not case["confirmed"]:
            try:
                book.confirm(key)
            except Problem as exc:
                if exc.status != 409:
                    raise
                message = exc.errors[0]["message"] if exc.errors else exc.detail
                return _review_page(request, case, _("Case number: {message}", message=message), status=409)
        return RedirectResponse(f"/zaken/{key}", status_code=303)

    @router.get("/zaken/{key}", response_class=HTMLResponse, include_in_schema=False)
    def outcome_page(request: Request, key: str, book: Cases) -> Response:
        case = book.get(key)
        if not case["confirmed"]:
            return RedirectResponse(f"/zaken/{key}/controleer", status_code=303)
        now = _now()
        outcome = evaluate(load_case(case["data"]), as_of=now)
        who = book.who
        documents = [{"id": d, "name": _(DOCUMENT_NAMES.get(d, d))} for d in outcome.documents if who.may_document(d)]
        return _page(request, "outcome.html", case=case, outcome=outcome,
                     rows=action_rows(outcome.actions, case["done"], now), documents=documents,
                     title=_("Case {case_id}", case_id=case["data"].get("case_id")), today=now.date().isoformat(),
                     may_write=who.may("write"), may_claim=who.may("claim"), event_text=event_text)

    @router.get("/zaken/{key}/termijnen.ics", include_in_schema=False)
    def ics(key: str, book: Cases) -> Response:
        case = book.get(key)
        now = _now()
        outcome = evaluate(load_case(case["data"]), as_of=now)
        name = f"{file_stem(outcome.case_id, 'termijnen')}.ics"
        return attachment(deadlines_ics(outcome.case_id, outcome.actions, case["done"], now),
                          "text/calendar; charset=utf-8", name)

    @router.post("/zaken/{key}/gebeurtenis", include_in_schema=False)
    async def record_event(request: Request, key: str, book: Cases) -> Response:
        form = await request.form()
        kind, day = str(form.get("soort") or ""), str(form.get("datum") or "")
        events = {"verstuurd": ("letter_sent", {"on": day}),
                  "aansprakelijk_verstuurd": ("liability_letter_sent", {"on": day}),
                  "aangifte": ("report_filed", {"at": f"{day}T12:00:00" if day else "", "by": form.get("door"),
                                                "reference": form.get("referentie")}),
                  "vpt_code": ("vpt_code_confirmed", {}),
                  "vonnis": ("judgment", {"final_on": day, "status": form.get("uitspraak") or "convicted",
                                          "compensation_order": form.get("maatregel") == "ja",
                                          "awarded": form.get("toegewezen")}),
                  "betaling": ("payment", {"amount": form.get("bedrag"), "on": day})}
        if kind not in events:
            raise not_found(_("kind of event"))
        try:
            book.event(key, *events[kind])
        except (Problem, UserError) as exc:
            if isinstance(exc, Problem) and exc.status != 422:
                raise
            problems = exc.errors if isinstance(exc, Problem) else [
                dict(zip(("field", "message"), p.texts(), strict=True)) for p in exc.problems]
            text = "; ".join(f"{p['field']}: {p['message']}" for p in problems)
            raise Problem(422, _("Not done"), _("This could not be recorded: {problems}", problems=text)) from None
        return RedirectResponse(f"/zaken/{key}#vastleggen-kop", status_code=303)

    def _document(book: Any, key: str, document: str) -> tuple[Any, Any, bytes]:
        from ...documents.render import render_document_bytes

        case = book.get(key)
        if not book.who.may_document(document):
            raise forbidden(_("Your role may not make this document."))
        parsed = load_case(case["data"])
        outcome = evaluate(parsed, as_of=_now())
        if document not in outcome.documents:
            raise not_found(_("document"))
        return parsed, outcome, render_document_bytes(parsed, outcome, document)

    @router.get("/zaken/{key}/document/{document}", response_class=HTMLResponse, include_in_schema=False)
    def preview(request: Request, key: str, document: str, book: Cases) -> HTMLResponse:
        case = book.get(key)
        _parsed, _outcome, data = _document(book, key, document)
        return _page(request, "preview.html", case=case, document=document,
                     name=_(DOCUMENT_NAMES.get(document, document)), blocks=docx_paragraphs(data),
                     title=_("Preview: {document}", document=_(DOCUMENT_NAMES.get(document, document))))

    @router.get("/zaken/{key}/document/{document}/download.{suffix}", include_in_schema=False)
    def download(key: str, document: str, suffix: str, book: Cases) -> Response:
        if suffix not in ("docx", "pdf"):
            raise not_found(_("file type"))
        parsed, outcome, data = _document(book, key, document)
        stem = file_stem(parsed.case_id, document)
        if suffix == "pdf":
            from ...documents.pdf import pdf_bytes

            data = pdf_bytes(data, stem)
        book.document_made(key, document, suffix, data, outcome.audit.get("rules_digest"))
        return attachment(data, "application/pdf" if suffix == "pdf" else DOCX_MEDIA_TYPE, f"{stem}.{suffix}")

    add_claim_routes(router, _page)
    return router
