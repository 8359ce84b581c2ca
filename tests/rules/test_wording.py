"""The actions in English (rulesets/actions/en.yaml): current with the Dutch, shown with --lang en."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from casedata import with_changes
from paths import CASES, ROOT

from vpt_rules import UserError, evaluate, load_case
from vpt_rules.api import get_rulesets
from vpt_rules.i18n import use_language
from vpt_rules.model.loading import load_file
from vpt_rules.rules.loader import load_rulesets
from vpt_rules.rules.wording import fingerprint, load_file_texts, stale

BASE = load_file(CASES / "_base.yaml")
AS_OF = "2026-11-19T09:00:00+01:00"
ENGLISH = ROOT / "rulesets" / "actions" / "en.yaml"


def test_every_english_action_text_is_current_with_its_dutch() -> None:
    rules = [rule for _, rule in get_rulesets().rules]
    assert stale(load_file_texts(ENGLISH), rules) == [], (
        "rulesets/actions/en.yaml: translate these again and put the new fingerprint after 'dutch:', or remove "
        "them (then the Dutch is shown in English mode)")


def test_every_bundled_action_has_english() -> None:
    texts = load_file_texts(ENGLISH)
    missing = [f"{rule.id}.{a.id}" for _, rule in get_rulesets().rules for a in rule.then.actions
               if (rule.id, a.id) not in texts]
    assert missing == [], "add these to rulesets/actions/en.yaml (or the Dutch is shown in English mode)"


def test_english_mode_shows_the_english_action_and_dutch_stays_dutch() -> None:
    case = load_case(BASE)
    with use_language("en"):
        letter = evaluate(case, as_of=AS_OF).action("perpetrator_letter")
    assert letter.title == "React to the perpetrator in writing within 48 hours"
    assert letter.explanation.startswith("Send the perpetrator a letter: what happened")
    dutch = evaluate(case, as_of=AS_OF).action("perpetrator_letter")
    assert dutch.title == "Reageer binnen 48 uur schriftelijk naar de dader"


def test_an_english_text_whose_dutch_changed_is_not_shown(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    shutil.copytree(ROOT / "rulesets", folder)
    measures = folder / "measures.yaml"
    measures.write_text(measures.read_text(encoding="utf-8").replace(
        "Registreer het incident in het meldsysteem", "Registreer het incident meteen in het meldsysteem"),
        encoding="utf-8")
    rulesets = load_rulesets(folder)
    register = next(a for _, r in rulesets.rules if r.id == "measures.register_incident" for a in r.then.actions)
    assert stale(load_file_texts(folder / "actions" / "en.yaml"), [r for _, r in rulesets.rules]) == [
        f"measures.register_incident.register_incident: the Dutch changed (now {fingerprint(register)})"]
    with use_language("en"):
        outcome = evaluate(load_case(with_changes(BASE, {})), as_of=AS_OF, rules_dir=folder)
    assert outcome.action("register_incident").title == "Registreer het incident meteen in het meldsysteem"
    assert outcome.action("aftercare").title == "Offer the victim aftercare"


def test_a_broken_translation_file_is_refused_naming_the_entry(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    shutil.copytree(ROOT / "rulesets", folder)
    (folder / "actions" / "en.yaml").write_text(
        "measures.aftercare:\n  aftercare:\n    dutch: xyz\n    title: Care\n    explanation: Offer care.\n    extra: 1\n",
        encoding="utf-8")
    with pytest.raises(UserError) as info:
        load_rulesets(folder)
    lines = [str(p) for p in info.value.problems]
    assert any(line.startswith("en.yaml: measures.aftercare.aftercare.dutch: heeft niet de vereiste vorm") for line in lines)
    assert any(line.startswith("en.yaml: measures.aftercare.aftercare.extra: onbekende sleutel") for line in lines)
