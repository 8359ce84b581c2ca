"""The claim as a readable table (``vpt claim`` without ``--json``, and ``Claim.to_text()``), in the
current language (Dutch by default).

Money as "€ 1.234,56" (rounded half up first), dates as "22 november 2026". The Dutch names of the
parties and the kinds of damage (``*_NL``) are shared with the claim documents, which are always Dutch
(:mod:`vpt_rules.documents.claim_context`); the table takes the same names from the catalogue
(``*_TEXT``; a test keeps both the same).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from ..i18n import dutch
from ..i18n.catalog import N_, _

if TYPE_CHECKING:
    from .claim import Claim

__all__ = ["BASIS_NL", "KIND_NL", "NOT_APPLICABLE", "PARTY_NL", "render_text"]

NOT_APPLICABLE_TEXT = N_(
    "Not applicable: this is a claim in tort. The statutory scale of extrajudicial collection costs applies to it "
    "only after a settlement agreement (Besluit vergoeding voor buitengerechtelijke incassokosten; art. 6:96 BW). "
    "Reasonable costs of establishing the damage and liability can be claimed (art. 6:96 lid 2 sub c BW).")
PARTY_TEXT = {"employee": N_("Employee"), "employer": N_("Employer")}
KIND_TEXT = {
    "medical_costs": N_("medical expenses"), "own_risk": N_("own risk"), "property": N_("damage to property "
                                                                                          "(items)"),
    "travel": N_("travel expenses"), "income_loss": N_("income loss"), "wage_continuation": N_("continued wages"),
    "reintegration": N_("reintegration"), "replacement_staff": N_("replacement"), "other": N_("miscellaneous"),
}
BASIS_TEXT = {"claimed": N_("claimed"), "suggested": N_("suggestion"), "none": N_("not claimed")}

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


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  " + "  ".join(cell.ljust(widths[0]) if i == 0 else cell.rjust(widths[i])
                             for i, cell in enumerate(row)).rstrip() for row in rows]


def _short(text: str, width: int = 44) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def render_text(claim: Claim) -> str:
    """The claim as a readable table (money as "€ 1.234,56", rounded half up first)."""
    money, moment, nl_day = dutch.money_text, dutch.moment_text, dutch.day_text
    lines = [_("Case {case_id} — damage calculation as of {moment}", case_id=claim.case_id, moment=moment(claim.as_of)),
             _("Statutory interest computed up to {day}", day=nl_day(claim.interest_to)), ""]
    header = (_("Item"), _("Amount"), _("Reimbursed"), _("Net"), _("Interest"), _("Total"))
    for name in ("employee", "employer"):
        party = claim.parties[name]
        lines.append(_(PARTY_TEXT[name]))
        rows = [header]
        for item in party.items:
            label = f"{_short(item.description)} ({_(KIND_TEXT[item.kind])}, {nl_day(item.incurred_on)})"
            rows.append((label, money(item.amount), money(item.reimbursed), money(item.net),
                         money(item.interest.amount), money(item.total)))
        imm = party.immaterial
        if imm.basis != "none" or name == "employee":
            rows.append((_("Smartengeld ({basis})", basis=_(BASIS_TEXT[imm.basis])), money(imm.amount), "",
                         money(imm.amount), money(imm.interest_amount), money(imm.total)))
        rows.append((_("Total"), "", "", money(party.principal), money(party.interest), money(party.total)))
        lines += _table(rows) if len(rows) > 2 else ["  " + _("No damage given.")]
        if imm.suggestion:
            sug = imm.suggestion
            lines.append("  " + _("Smartengeld by comparable judgments (indexed to {year}): {low} to {high}, median "
                                  "{median}", year=sug.index_year, low=money(sug.low), high=money(sug.high),
                                  median=money(sug.amount)))
            for ref in sug.awards:
                a = ref.award
                lines.append(f"    - {a.court}, {nl_day(a.date)}{', ' + a.ecli if a.ecli else ''}: "
                             f"{money(a.amount)} ({a.date.year}) = {money(ref.indexed)} ({ref.to_year})"
                             + (_("; rejected: {reason}", reason=a.reason) if a.reason else ""))
        lines.append("")
    lines.append(_("Total of both parties: {amount}", amount=money(claim.total)))
    lines.append(_("Extrajudicial collection costs: {reason}", reason=_(NOT_APPLICABLE_TEXT)))
    lines.append("")
    lines.append(_("Routes:") if claim.routes else _("Routes: none (no known perpetrator or no damage)."))
    for number, route in enumerate(claim.routes, 1):
        lines += dutch.action_heading(number, route.action)
        if "employee" in route.details and "employer" in route.details:  # each party claims its own damage
            lines.append("    " + _("Amount: employee {employee}, employer {employer}",
                                    employee=money(Decimal(route.details["employee"])),
                                    employer=money(Decimal(route.details["employer"]))))
        elif route.amount is not None:
            lines.append("    " + _("Amount: {amount}", amount=money(route.amount)))
        if route.details.get("reason"):
            lines.append(f"    {route.details['reason']}")
        limit = route.details.get("kantonrechter_limit")
        if limit:
            lines.append("    " + _("Subdistrict court up to {amount} (including interest up to the summons)",
                                    amount=money(Decimal(limit))))
        if route.details.get("cap"):
            lines.append("    " + _("Maximum advance: {amount}", amount=money(Decimal(route.details["cap"]))))
        if route.details.get("categories"):
            shown = ", ".join(f"{k}: {money(Decimal(v))}" for k, v in route.details["categories"].items())
            lines.append("    " + _("Injury categories: {categories}", categories=shown))
    if claim.notes:
        lines += ["", _("Note:")] + [f"  - {note}" for note in claim.notes]
    return "\n".join(lines)
