"""The helpdesk's claim calculator on a case: damage items per party in an editable table, statutory
interest per period up to a chosen date, the smartengeld panel with its reference awards and a chosen
amount, the routes side by side, the claim documents, and the claim as CSV."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from ... import compute_claim, load_case
from ...i18n.dutch import day as dutch_day
from ...i18n.dutch import money
from ...model.errors import UserError
from ...terms.calendar import AMSTERDAM
from .book import Cases

PARTIES = [("employee", "Medewerker"), ("employer", "Werkgever")]
KINDS = [("medical_costs", "Medische kosten"), ("own_risk", "Eigen risico"), ("property", "Spullen"),
         ("travel", "Reiskosten"), ("income_loss", "Inkomensverlies"), ("wage_continuation", "Doorbetaald loon"),
         ("reintegration", "Re-integratie"), ("replacement_staff", "Vervanging"), ("other", "Anders")]
RECOVERY = [("full", "Volledig hersteld"), ("partial", "Gedeeltelijk hersteld"), ("permanent", "Blijvend letsel")]
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
                error = "; ".join(f"{p}: {m}" if p else m for p, m in (pr.texts("nl") for pr in exc.problems))
                status = 422
        rows = items + [{} for _ in range(BLANK_ROWS)]
        return page(request, "claim.html", status=status, case=case, claim=claim, rows=rows,
                    immaterial=immaterial, until=until.isoformat(), until_text=dutch_day(until), error=error,
                    problems=problems, parties=PARTIES, kinds=KINDS, recovery=RECOVERY,
                    kind_names=dict(KINDS), party_names=dict(PARTIES), money=_money, day=_day,
                    title=f"Schadeberekening {data.get('case_id', '')}")

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
            messages = dict(pr.texts("nl") for pr in exc.problems)
            return _render(request, {**case, "data": candidate}, until, messages, 422)
        book.save(key, candidate)
        return RedirectResponse(f"/zaken/{key}/vordering?tot={until.isoformat()}", status_code=303)

    @router.get("/zaken/{key}/vordering.csv", include_in_schema=False)
    def claim_csv(key: str, book: Cases, tot: str | None = None) -> Response:
        case = book.get(key)
        claim = claim_for(case["data"], _until(tot)).to_dict()
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";")
        writer.writerow(["partij", "post", "omschrijving", "datum", "bedrag", "vergoed", "netto", "rente vanaf",
                         "rente tot", "dagen", "rente %", "hoofdsom", "rente", "totaal"])
        for party, detail in claim["parties"].items():
            for item in detail["items"]:
                for period in item["interest_periods"] or [{}]:
                    writer.writerow([dict(PARTIES)[party], dict(KINDS).get(item["kind"], item["kind"]),
                                     item["description"], item["incurred_on"], item["amount"], item["reimbursed"],
                                     item["net"], period.get("from", ""), period.get("until", ""),
                                     period.get("days", ""), period.get("rate", ""), period.get("principal", ""),
                                     period.get("interest", ""), item["total"]])
            immaterial = detail.get("immaterial")
            if immaterial and immaterial.get("basis") == "claimed":
                for period in immaterial["interest_periods"] or [{}]:
                    writer.writerow([dict(PARTIES)[party], "Smartengeld", "", immaterial["interest_from"],
                                     immaterial["amount"], "0.00", immaterial["amount"], period.get("from", ""),
                                     period.get("until", ""), period.get("days", ""), period.get("rate", ""),
                                     period.get("principal", ""), period.get("interest", ""), immaterial["total"]])
        writer.writerow(["totaal", "", "", "", "", "", "", "", claim["interest_to"], "", "", "", "", claim["total"]])
        name = f"{claim['case_id'].replace('/', '-')}_vordering.csv"
        return Response("\ufeff" + out.getvalue(), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _day(value: str | None) -> str:
    return dutch_day(date.fromisoformat(value[:10])) if value else ""


def _money(value: str | Decimal) -> str:
    return money(Decimal(str(value)))
