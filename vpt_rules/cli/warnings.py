"""What ``vpt letters`` tells the HR adviser on stderr before a letter is sent."""

from __future__ import annotations

from pathlib import Path

from ..i18n.catalog import _
from ..i18n.dutch import moment_text as moment
from ..model.case import Case
from ..rules.outcome import Outcome


def letter_warnings(case: Case, outcome: Outcome, written: list[Path]) -> list[str]:
    """What the HR adviser must know before sending: a missing address, a passed term, an amount left out."""
    warnings = []
    names = " ".join(p.name for p in written)
    letter = outcome.action("perpetrator_letter")
    if case.perpetrator.known and case.perpetrator.address is None and "perpetrator_letter" in names:
        warnings.append(_("the perpetrator has no address (perpetrator.address): the letter has no address block; "
                          "add the address before you send it"))
    if letter is not None and letter.due is not None and letter.due < outcome.as_of:
        warnings.append(_("the term of the letter to the perpetrator passed on {moment}: send it as soon as possible",
                          moment=moment(letter.due)))
    immaterial = case.damages.immaterial if case.damages else None
    if immaterial is not None and immaterial.claimed_amount is None and (
            "liability_letter" in names or "injured_party_claim" in names or "damage_statement" in names):
        warnings.append(_("smartengeld is left out of the documents: there is only a suggestion (see 'vpt claim'); "
                          "choose an amount with damages.immaterial.claimed_amount to claim it"))
    return warnings
