"""The helpdesk's claim calculator on a case: damage items per party in an editable table, statutory
interest per period up to a chosen date, the smartengeld panel with its reference awards and a chosen
amount, the routes side by side, the claim documents, and the claim as CSV."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from ... import compute_claim, load_case
from ...documents.files import file_stem
from ...i18n.catalog import N_, _
from ...i18n.dutch import day_text, money_text
from ...model.errors import UserError
from ...terms.calendar import AMSTERDAM
from ..downloads import attachment
from .book import Cases
from .outcome_view import DOCUMENT_NAMES

PARTIES = [("employee", N_("Staff member")), ("employer", N_("The employer"))]
KINDS = [("medical_costs", N_("Medical costs")), ("own_risk", N_("Own risk")), ("property", N_("Belongings")),
         ("travel", N_("Travel costs")), ("income_loss", N_("Loss of income")),
         ("wage_continuation", N_("Wages paid on")), ("reintegration", N_("Reintegration")),
         ("replacement_staff", N_("Replacement")), ("other", N_("Something else"))]
RECOVERY = [("full", N_("Fully recovered")), ("partial", N_("Partly recovered")), ("permanent", N_("Lasting injury"))]
CSV_COLUMNS = [N_("party"), N_("item"), N_("description"), N_("date"), N_("amount"), N_("reimbursed"), N_("net"),
               N_("interest from"), N_("interest until"), N_("days"), N_("interest %"), N_("principal"),
               N_("interest"), N_("total")]
ITEM_FIELDS = ("party", "kind", "description", "incurred_on", "amount", "reimbursed")
BLANK_ROWS = 2


def _until(value: str | None) -> date:
    try:
        return date.fromisoformat(value) if value else datetime.now(AMSTERDAM).date()
    except ValueError:
        return datetime.now(AMSTERDAM).date()


def claim_for(data: dict[str, Any], until: date) -> Any:
    """The claim with interest up to the end of ``until`` (Amsterdam time)."""
    moment = datetime.combine(until, time(23, 59, 59), AMSTERDAM)
    return compute_claim(load_case(data), as_of=moment)


def items_from_form(form: Any) -> list[dict[str, Any]]:
    """The table's rows as damage items (an empty row is left out; amounts may have a decimal comma)."""
    items = []
    count = int(form.get("rijen") or 0)
    for i in range(count):
        row = {f: (form.get(f"item-{i}-{f}") or "").strip() for f in ITEM_FIELDS}
        if not row["description"] and not row["amount"]:
            continue
        item = {k: v.replace(",", ".") if k in ("amount", "reimbursed") else v for k, v in row.items() if v}
        items.append(item)
    return items


CELL_LABELS = {"party": N_("Party, row {n}"), "kind": N_("Kind, row {n}"), "description": N_("Description, row {n}"),
               "incurred_on": N_("Date, row {n}"), "amount": N_("Amount, row {n}"),
               "reimbursed": N_("Already reimbursed, row {n}")}
FIELD_CELLS = {"damages.immaterial.days_incapacitated": ("dagen", N_("Days unfit for work")),
               "damages.immaterial.recovery": ("herstel", N_("Recovery")),
               "damages.immaterial.claimed_amount": ("smartengeld", N_("Chosen amount of smartengeld (optional)"))}


def cell_problems(problems: dict[str, str]) -> tuple[dict[str, str], list[dict[str, str]]]:
    """Each problem at its cell of the table (or its field), and the summary's lines linking to them."""
    cells: dict[str, str] = {}
    summary: list[dict[str, str]] = []
    for path, message in problems.items():
        found = re.fullmatch(r"damages\.items\.(\d+)\.(\w+)", path)
        if found and found.group(2) in CELL_LABELS:
            row, field = int(found.group(1)), found.group(2)
            cell, label = f"item-{row}-{field}", _(CELL_LABELS[field], n=row + 1)
        elif path in FIELD_CELLS:
            cell, label = FIELD_CELLS[path][0], _(FIELD_CELLS[path][1])
        else:
            summary.append({"href": "", "text": f"{path}: {message}" if path else message})
            continue
        cells[cell] = message
        summary.append({"href": cell, "text": f"{label}: {message}"})
    return cells, summary


def add_claim_routes(router: APIRouter, page: Any) -> None:
    @router.get("/zaken/{key}/vordering", include_in_schema=False)
    def claim_page(request: Request, key: str, book: Cases, tot: str | None = None) -> Response:
        case = book.get(key)
        until = _until(tot)
        return _render(request, case, until, {})

    def _render(request: Request, case: dict[str, Any], until: date, problems: dict[str, str],
                status: int = 200) -> Response:
        data = case["data"]
        items = list(data.get("damages", {}).get("items", []))
        immaterial = data.get("damages", {}).get("immaterial", {})
        claim, error = None, ""
        if case["confirmed"]:
            try:
                claim = claim_for(data, until).to_dict()
            except UserError as exc:
                error = "; ".join(f"{p}: {m}" if p else m for p, m in (pr.texts() for pr in exc.problems))
                status = 422
        rows = items + [{} for _ in range(BLANK_ROWS)]
        cells, summary = cell_problems(problems)
        return page(request, "claim.html", status=status, case=case, claim=claim, rows=rows, cells=cells,
                    summary=summary,
                    immaterial=immaterial, until=until.isoformat(), until_text=day_text(until), error=error,
                    problems=problems, parties=PARTIES, kinds=KINDS, recovery=RECOVERY,
                    kind_names=dict(KINDS), party_names=dict(PARTIES), money=_money, day=_day,
                    document_names=DOCUMENT_NAMES, title=_("Damage calculation {case_id}",
                                                           case_id=data.get("case_id", "")))

    @router.post("/zaken/{key}/vordering", include_in_schema=False)
    async def claim_save(request: Request, key: str, book: Cases) -> Response:
        case = book.get(key)
        form = await request.form()
        until = _until(str(form.get("tot") or ""))
        data = case["data"]
        items = items_from_form(form)
        damages: dict[str, Any] = {}
        if items:
            damages["items"] = items
        immaterial = {}
        if form.get("dagen"):
            immaterial["days_incapacitated"] = int(form.get("dagen")) if str(form.get("dagen")).isdigit() \
                else form.get("dagen")
        if form.get("herstel"):
            immaterial["recovery"] = form.get("herstel")
        if form.get("smartengeld"):
            immaterial["claimed_amount"] = str(form.get("smartengeld")).strip().replace(",", ".")
        if immaterial:
            immaterial.setdefault("days_incapacitated", 0)
            immaterial.setdefault("recovery", "full")
            damages["immaterial"] = immaterial
        candidate = {k: v for k, v in data.items() if k != "damages"}
        if damages:
            candidate["damages"] = damages
        try:
            load_case(candidate)
        except UserError as exc:  # shown with what was typed; nothing saved until it is right
            messages = dict(pr.texts() for pr in exc.problems)
            return _render(request, {**case, "data": candidate}, until, messages, 422)
        book.save(key, candidate)
        return RedirectResponse(f"/zaken/{key}/vordering?tot={until.isoformat()}", status_code=303)

    @router.get("/zaken/{key}/vordering.csv", include_in_schema=False)
    def claim_csv(key: str, book: Cases, tot: str | None = None) -> Response:
        case = book.get(key)
        claim = claim_for(case["data"], _until(tot)).to_dict()
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";")
        writer.writerow([_(column) for column in CSV_COLUMNS])
        for party, detail in claim["parties"].items():
            for item in detail["items"]:
                for period in item["interest_periods"] or [{}]:
                    writer.writerow([_(dict(PARTIES)[party]), _(dict(KINDS).get(item["kind"], item["kind"])),
                                     item["description"], item["incurred_on"], item["amount"], item["reimbursed"],
                                     item["net"], period.get("from", ""), period.get("until", ""),
                                     period.get("days", ""), period.get("rate", ""), period.get("principal", ""),
                                     period.get("interest", ""), item["total"]])
            immaterial = detail.get("immaterial")
            if immaterial and immaterial.get("basis") == "claimed":
                for period in immaterial["interest_periods"] or [{}]:
                    writer.writerow([_(dict(PARTIES)[party]), _("Smartengeld"), "", immaterial["interest_from"],
                                     immaterial["amount"], "0.00", immaterial["amount"], period.get("from", ""),
                                     period.get("until", ""), period.get("days", ""), period.get("rate", ""),
                                     period.get("principal", ""), period.get("interest", ""), immaterial["total"]])
        writer.writerow([_("total"), "", "", "", "", "", "", "", claim["interest_to"], "", "", "", "", claim["total"]])
        name = f"{file_stem(claim['case_id'], 'vordering')}.csv"
        return attachment("\ufeff" + out.getvalue(), "text/csv; charset=utf-8", name)


def _day(value: str | None) -> str:
    return day_text(date.fromisoformat(value[:10])) if value else ""


def _money(value: str | Decimal) -> str:
    return money_text(Decimal(str(value)))
