"""The web pages for HR advisers: the case list, a new case in steps, the check page, the outcome, the
letter preview and its downloads. Server-rendered HTML that works without JavaScript."""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from ... import evaluate, load_case
from ...model.errors import UserError
from ...terms.calendar import AMSTERDAM
from .claim_page import add_claim_routes
from .drafts import Drafts
from .outcome_view import action_rows, docx_paragraphs
from .steps import STEP_BY_SLUG, STEPS, apply_form, display, get_path, step_problems

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "frame-ancestors 'none'; form-action 'self'")
TEMPLATES = Jinja2Templates(directory=str(Path(__file__).resolve().parent.parent / "templates"))
DOCUMENT_NAMES = {
    "perpetrator_letter_warning": "Waarschuwingsbrief aan de dader",
    "perpetrator_letter_ban": "Brief aan de dader: toegangsverbod",
    "perpetrator_letter_service_stop": "Brief aan de dader: stopzetten dienstverlening",
    "liability_letter": "Aansprakelijkstelling van de dader",
    "injured_party_claim": "Voegingsformulier benadeelde partij",
    "damage_statement": "Schadeoverzicht",
}
SENT_CLOSES = "perpetrator_letter"  # recording the letter as sent closes this action


def _page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    response = TEMPLATES.TemplateResponse(request, template, {"lang": "nl", **context}, status_code=status)
    response.headers["Content-Security-Policy"] = CSP  # the server's default ('none') would refuse the styles
    return response


def _now() -> datetime:
    return datetime.now(AMSTERDAM).replace(microsecond=0)


def _label(case: dict[str, Any]) -> str:
    data = case["data"]
    return data.get("case_id") or "Nieuwe zaak (nog geen zaaknummer)"


def build_router(drafts: Drafts) -> APIRouter:
    router = APIRouter()

    def found(key: str) -> dict[str, Any]:
        case = drafts.get(key)
        if case is None:
            from fastapi import HTTPException

            raise HTTPException(404, "Deze zaak bestaat niet.")
        return case

    @router.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/zaken", status_code=303)

    @router.get("/zaken", response_class=HTMLResponse, include_in_schema=False)
    def case_list(request: Request, filter: str = "open") -> HTMLResponse:  # noqa: A002 - the query name
        now = _now()
        rows, agenda = [], []
        for case in drafts.all():
            row: dict[str, Any] = {"id": case["id"], "label": _label(case), "confirmed": case["confirmed"],
                                   "next": None}
            if case["confirmed"]:
                try:
                    outcome = evaluate(load_case(case["data"]), as_of=now)
                except UserError:
                    outcome = None
                if outcome is not None:
                    done = {e["closes"] for e in case["events"] if e.get("closes")}
                    open_rows = [r for r in action_rows(outcome.actions, done, now)
                                 if not r["done"] and r["action"].due]
                    row["next"] = open_rows[0] if open_rows else None
                    for r in open_rows:
                        days = (r["action"].due.date() - now.date()).days
                        if days <= 7:
                            agenda.append({"case": row["label"], "id": case["id"], "row": r,
                                           "when": "Vandaag" if days <= 0 else "Deze week"})
            rows.append(row)
        if filter == "overdue":
            rows = [r for r in rows if r["next"] and r["next"]["overdue"]]
        elif filter == "concept":
            rows = [r for r in rows if not r["confirmed"]]
        far = datetime.max.replace(tzinfo=now.tzinfo)
        rows.sort(key=lambda r: (not (r["next"] and r["next"]["overdue"]),
                                 r["next"]["action"].due if r["next"] else far))
        agenda.sort(key=lambda a: a["row"]["action"].due)
        return _page(request, "zaken.html", rows=rows, agenda=agenda, filter=filter, title="Zaken")

    @router.post("/zaken/nieuw", include_in_schema=False)
    def new_case() -> RedirectResponse:
        return RedirectResponse(f"/zaken/{drafts.create()}/stap/{STEPS[0].slug}", status_code=303)

    @router.get("/zaken/{key}/stap/{slug}", response_class=HTMLResponse, include_in_schema=False)
    def step_form(request: Request, key: str, slug: str) -> HTMLResponse:
        case, step = found(key), STEP_BY_SLUG[slug]
        return _step_page(request, case, step, {})

    @router.post("/zaken/{key}/stap/{slug}", include_in_schema=False)
    async def step_save(request: Request, key: str, slug: str) -> Response:
        case, step = found(key), STEP_BY_SLUG[slug]
        form = await request.form()
        data = case["data"]
        apply_form(data, step, form)
        problems = step_problems(data, step)
        drafts.save(key, data)  # saved even when not yet right: nothing typed is lost
        if problems:
            return _step_page(request, case, step, problems, status=422)
        index = STEPS.index(step)
        after = f"/zaken/{key}/controleer" if form.get("terug") == "controleer" or index + 1 == len(STEPS) \
            else f"/zaken/{key}/stap/{STEPS[index + 1].slug}"
        return RedirectResponse(after, status_code=303)

    def _step_page(request: Request, case: dict[str, Any], step: Any, problems: dict[str, str],
                   status: int = 200) -> HTMLResponse:
        values = {f.name: get_path(case["data"], f.name) for f in step.fields}
        return _page(request, "step.html", status=status, case=case, step=step, steps=STEPS,
                     number=STEPS.index(step) + 1, values=values, problems=problems,
                     back=request.query_params.get("terug", ""),
                     title=("Fout: " if problems else "") + step.title)

    @router.get("/zaken/{key}/controleer", response_class=HTMLResponse, include_in_schema=False)
    def review(request: Request, key: str) -> HTMLResponse:
        case = found(key)
        sections = []
        incomplete = []
        for step in STEPS:
            answers = [{"field": f, "text": display(f, get_path(case["data"], f.name))} for f in step.fields]
            sections.append({"step": step, "answers": answers})
            if step_problems(dict(case["data"]), step):
                incomplete.append(step)
        return _page(request, "review.html", case=case, sections=sections, incomplete=incomplete,
                     title="Controleer uw antwoorden")

    @router.post("/zaken/{key}/controleer", include_in_schema=False)
    def confirm(request: Request, key: str) -> Response:
        case = found(key)
        for step in STEPS:
            if step_problems(case["data"], step):
                return RedirectResponse(f"/zaken/{key}/stap/{step.slug}", status_code=303)
        drafts.save(key, case["data"], confirmed=True)
        return RedirectResponse(f"/zaken/{key}", status_code=303)

    @router.get("/zaken/{key}", response_class=HTMLResponse, include_in_schema=False)
    def outcome_page(request: Request, key: str) -> Response:
        case = found(key)
        if not case["confirmed"]:
            return RedirectResponse(f"/zaken/{key}/controleer", status_code=303)
        now = _now()
        outcome = evaluate(load_case(case["data"]), as_of=now)
        done = {e["closes"] for e in case["events"] if e.get("closes")}
        documents = [{"id": d, "name": DOCUMENT_NAMES.get(d, d)} for d in outcome.documents]
        return _page(request, "outcome.html", case=case, outcome=outcome, rows=action_rows(outcome.actions, done, now),
                     documents=documents, title=f"Zaak {case['data'].get('case_id')}", today=now.date().isoformat())

    @router.post("/zaken/{key}/gebeurtenis", include_in_schema=False)
    async def record_event(request: Request, key: str) -> Response:
        case = found(key)
        form = await request.form()
        kind, data = form.get("soort", ""), case["data"]
        if kind == "verstuurd" and form.get("datum"):
            drafts.add_event(key, {"kind": "letter_sent", "on": form.get("datum"), "closes": SENT_CLOSES})
        elif kind == "aangifte" and form.get("datum"):
            report = data.setdefault("report", {})
            report.update({"status": "filed", "filed_at": f"{form.get('datum')}T12:00:00",
                           "filed_by": form.get("door") or "employee"})
            if form.get("referentie"):
                report["police_reference"] = str(form.get("referentie")).strip()
            drafts.save(key, data)
        elif kind == "vpt_code":
            data.setdefault("report", {"status": "none"})["vpt_code_confirmed"] = True
            drafts.save(key, data)
        return RedirectResponse(f"/zaken/{key}", status_code=303)

    def _document(case: dict[str, Any], document: str) -> tuple[Any, bytes]:
        from ...documents.render import render_document_bytes

        parsed = load_case(case["data"])
        outcome = evaluate(parsed, as_of=_now())
        if document not in outcome.documents:
            from fastapi import HTTPException

            raise HTTPException(404, "Dit document hoort niet bij deze zaak.")
        return parsed, render_document_bytes(parsed, outcome, document)

    @router.get("/zaken/{key}/document/{document}", response_class=HTMLResponse, include_in_schema=False)
    def preview(request: Request, key: str, document: str) -> HTMLResponse:
        case = found(key)
        _parsed, data = _document(case, document)
        return _page(request, "preview.html", case=case, document=document,
                     name=DOCUMENT_NAMES.get(document, document), blocks=docx_paragraphs(data),
                     title=f"Voorbeeld: {DOCUMENT_NAMES.get(document, document)}")

    @router.get("/zaken/{key}/document/{document}/download.{suffix}", include_in_schema=False)
    def download(key: str, document: str, suffix: str) -> Response:
        case = found(key)
        parsed, data = _document(case, document)
        stem = f"{parsed.case_id.replace('/', '-')}_{document}"
        if suffix == "docx":
            return Response(data, media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                            headers={"Content-Disposition": f'attachment; filename="{stem}.docx"'})
        if suffix != "pdf":
            from fastapi import HTTPException

            raise HTTPException(404)
        from ...documents.pdf import convert_to_pdf

        with tempfile.TemporaryDirectory(prefix="vpt-page-") as work:
            source = Path(work) / f"{stem}.docx"
            source.write_bytes(data)
            pdf = convert_to_pdf(source).read_bytes()
        return Response(pdf, media_type="application/pdf",
                        headers={"Content-Disposition": f'attachment; filename="{stem}.pdf"'})

    add_claim_routes(router, drafts, found, _page)
    return router
