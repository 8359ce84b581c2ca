"""What is recorded on a case after it was registered, and what each record changes in the case file.

An event either closes an action (the letter was sent) or fills in facts (the report was filed, the police
confirmed the VPT code, the judgment, a payment); the case is then evaluated again with those facts.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from ..i18n.catalog import _
from ..model.values import AMSTERDAM
from .problems import Problem

# kind → the actions it closes (a letter sent on a day)
CLOSES = {"letter_sent": ("perpetrator_letter",), "liability_letter_sent": ("liability_letter",)}
CLAIM_EVENTS = frozenset({"judgment", "payment", "liability_letter_sent"})
KINDS = ("letter_sent", "liability_letter_sent", "report_filed", "vpt_code_confirmed", "judgment", "payment")
JUDGMENTS = ("convicted", "acquitted", "penalty_order", "not_prosecuted")


def _missing(field: str) -> Problem:
    return Problem(422, _("Invalid event"), "", [{"field": field, "message": _("is missing")}])


def _bad(field: str, message: str) -> Problem:
    return Problem(422, _("Invalid event"), "", [{"field": field, "message": message}])


def _day(payload: dict[str, Any], field: str) -> str:
    value = payload.get(field)
    if not value:
        raise _missing(field)
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise _bad(field, _("is not a date (YYYY-MM-DD)")) from None


def _money(payload: dict[str, Any], field: str) -> str:
    value = payload.get(field)
    if value in (None, ""):
        raise _missing(field)
    try:
        amount = Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        raise _bad(field, _("is not an amount")) from None
    if not amount.is_finite() or amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise _bad(field, _("must be an amount of at least 0 in euros and cents"))
    return str(amount.quantize(Decimal("0.01")))


def apply_event(data: dict[str, Any], kind: str, payload: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The case file after the event, and the event as it is stored. The caller validates the new file."""
    if kind not in KINDS:
        raise _bad("kind", _("must be one of {allowed}", allowed=", ".join(KINDS)))
    new = copy.deepcopy(data)
    if kind in CLOSES:
        return new, {"on": _day(payload, "on")}
    if kind == "report_filed":
        at = str(payload.get("at") or "")
        if not at:
            raise _missing("at")
        report = new.setdefault("report", {})
        report.update({"status": "filed", "filed_at": at, "filed_by": payload.get("by") or "employee"})
        if payload.get("reference"):
            report["police_reference"] = str(payload["reference"]).strip()
        return new, {k: report[k] for k in ("filed_at", "filed_by", "police_reference") if k in report}
    if kind == "vpt_code_confirmed":
        new.setdefault("report", {})["vpt_code_confirmed"] = True
        return new, {}
    prosecution = new.setdefault("prosecution", {})
    if kind == "judgment":
        outcome = payload.get("status") or "convicted"
        if outcome not in JUDGMENTS:
            raise _bad("status", _("must be one of {allowed}", allowed=", ".join(JUDGMENTS)))
        prosecution["status"] = outcome
        prosecution["judgment_final_on"] = _day(payload, "final_on")
        prosecution["compensation_order"] = bool(payload.get("compensation_order"))
        if payload.get("awarded") not in (None, ""):
            prosecution["compensation_awarded"] = _money(payload, "awarded")
        return new, {k: prosecution[k] for k in ("status", "judgment_final_on", "compensation_order",
                                                   "compensation_awarded") if k in prosecution}
    amount = Decimal(_money(payload, "amount"))  # payment
    paid = Decimal(str(prosecution.get("compensation_paid") or "0"))
    prosecution["compensation_paid"] = str(paid + amount)
    return new, {"amount": str(amount), "on": _day(payload, "on")}


def closed_actions(events: Iterable[Any]) -> dict[str, datetime]:
    """Which actions the recorded events closed, and when (the day the letter went out, at noon UTC)."""
    done: dict[str, datetime] = {}
    for event in events:
        for action in CLOSES.get(event.kind, ()):
            on = date.fromisoformat(event.data["on"])
            done[action] = datetime.combine(on, time(12), AMSTERDAM)
    return done
