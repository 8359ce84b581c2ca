"""Rule files: the bundled ones load; broken ones are refused with file, rule and field named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from vpt_rules import UserError
from vpt_rules.i18n import use_language
from vpt_rules.resources import bundled
from vpt_rules.rules.compiler import compile_stage
from vpt_rules.rules.loader import load_rulesets


@pytest.fixture(autouse=True)
def _english():
    """The words of these messages are checked in English (the Dutch texts: tests/i18n)."""
    with use_language("en"):
        yield

GOOD_RULE = """
  - id: extra.check
    title: "Controle"
    description: "Een regel om te testen."
    when:
      - {fact: vpt_case, is: true}
    then:
      flags: {halt_possible: true}
    sources: ["test"]
"""


def write_rules(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(bundled("rules"), folder)
    (folder / "zz_extra.yaml").write_text(text, encoding="utf-8")
    return folder


def extra(rules: str, header: str = "") -> str:
    return f'ruleset: extra\ntitle: "Extra"\nversion: "1"\n{header}rules:\n{rules}'


def test_bundled_rules_load_and_compile() -> None:
    rulesets = load_rulesets(bundled("rules"))
    stage2 = compile_stage(rulesets, 2)
    assert "measures.perpetrator_letter" in stage2
    assert stage2["ela.vpt_marking"]["all"][0]["m"]["$and"][-1] == {"$gte": {"incident__date": 14700}}


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (extra(GOOD_RULE.replace("vpt_case", "vpt_kase")), ["zz_extra.yaml: rule extra.check.when.0.fact",
                                                           "unknown fact 'vpt_kase'"]),
        (extra(GOOD_RULE.replace("is: true", "iss: true")), ["rule extra.check.when.0", "iss"]),
        (extra(GOOD_RULE.replace("halt_possible", "halt_possibel")), ["then.flags.halt_possibel", "unknown flag"]),
        (extra(GOOD_RULE.replace("{halt_possible: true}", "{sentencing_uplift_percent: 300}")),
         ["sentencing_uplift_percent", "must be one of 0, 25, 100, 200"]),
        (extra(GOOD_RULE.replace("is: true", "is: 'ja'")), ["'ja' does not fit 'vpt_case'"]),
        (extra(GOOD_RULE.replace("{fact: vpt_case, is: true}", "{fact: perpetrator.age, present: false}")),
         ["rule extra.check.when", "not 'present: false'"]),
        (extra(GOOD_RULE.replace('sources: ["test"]', "sources: []")), ["sources", "must not be empty"]),
        (extra(GOOD_RULE.replace("id: extra.check", "id: other.check")), ["must start with 'extra.'"]),
        (extra(GOOD_RULE.replace("    when:", "    valid_from: 2020-02-30\n    when:")), ["valid_from", "not a real date"]),
        (extra(GOOD_RULE.replace("    when:", "    valid_from: 2020-01-01\n    valid_to: 2019-01-01\n    when:")),
         ["valid_to: lies before valid_from"]),
        (extra(GOOD_RULE.replace("{halt_possible: true}", "{sentencing_uplift_percent: 100}")),
         ["rule extra.check.then.flags.sentencing_uplift_percent", "ela.sentencing_uplift_2019", "exclusive"]),
        (extra(GOOD_RULE.replace("      flags: {halt_possible: true}", """      actions:
        - id: police_report
          title: "Bel"
          explanation: "Een uitleg van de actie."
          actor: employer
          due: {from: incident.occurred_at, days: 400}""")), ["due.days", "must be at most 90"]),
        (extra(GOOD_RULE.replace("      flags: {halt_possible: true}", """      actions:
        - id: police_report
          title: "Bel"
          explanation: "Een uitleg van de actie."
          actor: janitor""")), ["actor"]),
        ("- just\n- a list\n", ["zz_extra.yaml", "mapping"]),
        ("ruleset: extra\ntitle: x\nversion: '1'\nrules: []\n", ["rules", "must not be empty"]),
    ],
)
def test_broken_rule_file_is_refused(tmp_path: Path, text: str, words: list[str]) -> None:
    with pytest.raises(UserError) as info:
        load_rulesets(write_rules(tmp_path, text))
    message = str(info.value)
    for word in words:
        assert word in message, message


def test_good_extra_rule_loads(tmp_path: Path) -> None:
    rulesets = load_rulesets(write_rules(tmp_path, extra(GOOD_RULE)))
    assert "extra" in rulesets.versions


def test_exclusive_flag_values_are_allowed(tmp_path: Path) -> None:
    two = GOOD_RULE.replace("{halt_possible: true}", "{sentencing_uplift_percent: 200}") + GOOD_RULE.replace(
        "extra.check", "extra.other").replace("{halt_possible: true}", "{sentencing_uplift_percent: 0}").replace(
        "is: true", "is: false")
    assert load_rulesets(write_rules(tmp_path, extra(two.replace("vpt_case", "in_scope"))))


def test_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="no rule files"):
        load_rulesets(tmp_path)


def test_sources_shown_to_users_are_public_ones_only() -> None:
    """No internal label ('seed 002', 'DOMAIN §2') in a source a user reads; every source has its confidence."""
    internal = []
    for _, rule in load_rulesets(bundled("rules")).rules:
        for text in rule.source_texts():
            if any(word in text for word in ("seed", "DOMAIN", "§")):
                internal.append(f"{rule.id}: {text}")
    assert internal == []
