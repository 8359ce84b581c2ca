"""The claim as a readable Dutch table (``vpt claim`` without ``--json``, and ``Claim.to_text()``).

Money as "€ 1.234,56" (rounded half up first), dates as "22 november 2026". The Dutch names of the
parties and the kinds of damage are shared with the claim documents (:mod:`vpt_rules.documents.claim_context`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from ..i18n import dutch

if TYPE_CHECKING:
    from .claim import Claim

__all__ = ["BASIS_NL", "KIND_NL", "NOT_APPLICABLE", "PARTY_NL", "render_text"]

NOT_APPLICABLE = (
    "Niet van toepassing: dit is een vordering uit onrechtmatige daad. De wettelijke staffel voor "
    "buitengerechtelijke incassokosten geldt daarvoor pas na een vaststellingsovereenkomst (Besluit "
    "vergoeding voor buitengerechtelijke incassokosten; art. 6:96 BW). Wel kunnen redelijke kosten ter "
    "vaststelling van schade en aansprakelijkheid worden gevorderd (art. 6:96 lid 2 sub c BW)."
)

PARTY_NL = {"employee": "Werknemer", "employer": "Werkgever"}
KIND_NL = {
    "medical_costs": "medische kosten", "own_risk": "eigen risico", "property": "zaakschade",
    "travel": "reiskosten", "income_loss": "inkomensverlies", "wage_continuation": "doorbetaald loon",
    "reintegration": "re-integratie", "replacement_staff": "vervanging", "other": "overig",
}
BASIS_NL = {"claimed": "gevorderd", "suggested": "voorstel", "none": "niet gevorderd"}
_HEADER = ("Post", "Bedrag", "Vergoed", "Netto", "Rente", "Totaal")


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  " + "  ".join(cell.ljust(widths[0]) if i == 0 else cell.rjust(widths[i])
                             for i, cell in enumerate(row)).rstrip() for row in rows]


def _short(text: str, width: int = 44) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def render_text(claim: Claim) -> str:
    """The claim as a readable Dutch table (money as "€ 1.234,56", rounded half up first)."""
    nl_day, money, moment = dutch.day, dutch.money, dutch.moment
    lines = [f"Zaak {claim.case_id} — schadeberekening per {moment(claim.as_of)}",
             f"Wettelijke rente berekend tot {nl_day(claim.interest_to)}", ""]
    for name in ("employee", "employer"):
        party = claim.parties[name]
        lines.append(PARTY_NL[name])
        rows = [_HEADER]
        for item in party.items:
            label = f"{_short(item.description)} ({KIND_NL[item.kind]}, {nl_day(item.incurred_on)})"
            rows.append((label, money(item.amount), money(item.reimbursed), money(item.net),
                         money(item.interest.amount), money(item.total)))
        imm = party.immaterial
        if imm.basis != "none" or name == "employee":
            rows.append((f"Smartengeld ({BASIS_NL[imm.basis]})", money(imm.amount), "", money(imm.amount),
                         money(imm.interest_amount), money(imm.total)))
        rows.append(("Totaal", "", "", money(party.principal), money(party.interest), money(party.total)))
        lines += _table(rows) if len(rows) > 2 else ["  Geen schade opgegeven."]
        if imm.suggestion:
            sug = imm.suggestion
            lines.append(f"  Smartengeld volgens vergelijkbare uitspraken (geïndexeerd naar "
                         f"{sug.index_year}): {money(sug.low)} tot {money(sug.high)}, "
                         f"mediaan {money(sug.amount)}")
            for ref in sug.awards:
                a = ref.award
                lines.append(f"    - {a.court}, {nl_day(a.date)}{', ' + a.ecli if a.ecli else ''}: "
                             f"{money(a.amount)} ({a.date.year}) = {money(ref.indexed)} ({ref.to_year})"
                             + (f"; afgewezen: {a.reason}" if a.reason else ""))
        lines.append("")
    lines.append(f"Totaal beide partijen: {money(claim.total)}")
    lines.append("Buitengerechtelijke incassokosten: " + NOT_APPLICABLE)
    lines.append("")
    lines.append("Routes:" if claim.routes else "Routes: geen (geen bekende dader of geen schade).")
    for number, route in enumerate(claim.routes, 1):
        lines += dutch.action_heading(number, route.action)
        if "employee" in route.details and "employer" in route.details:  # each party claims its own damage
            lines.append(f"    Bedrag: werknemer {money(Decimal(route.details['employee']))}, "
                         f"werkgever {money(Decimal(route.details['employer']))}")
        elif route.amount is not None:
            lines.append(f"    Bedrag: {money(route.amount)}")
        if route.details.get("reason"):
            lines.append(f"    {route.details['reason']}")
        limit = route.details.get("kantonrechter_limit")
        if limit:
            lines.append(f"    Kantonrechter tot {money(Decimal(limit))} "
                         "(inclusief rente tot de dagvaarding)")
        if route.details.get("cap"):
            lines.append(f"    Maximum voorschot: {money(Decimal(route.details['cap']))}")
        if route.details.get("categories"):
            shown = ", ".join(f"{k}: {money(Decimal(v))}" for k, v in route.details["categories"].items())
            lines.append(f"    Letselcategorieën: {shown}")
    if claim.notes:
        lines += ["", "Let op:"] + [f"  - {note}" for note in claim.notes]
    return "\n".join(lines)
