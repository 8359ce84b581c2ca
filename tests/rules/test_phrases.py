"""The fact catalogue (rulesets/facts/): every fact in plain words; "Waarom" without fact names."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from casedata import with_changes
from click.testing import CliRunner
from paths import CASES, ROOT

from vpt_rules import UserError, evaluate, load_case
from vpt_rules.api import get_rulesets
from vpt_rules.cli.main import main
from vpt_rules.i18n import use_language
from vpt_rules.model.loading import load_file
from vpt_rules.rules.evaluation import explain
from vpt_rules.rules.loader import load_rulesets
from vpt_rules.rules.phrases import load_texts, missing_texts, phrases_for

BASE = load_file(CASES / "_base.yaml")
AS_OF = "2026-11-19T09:00:00+01:00"
FACT_NAME = re.compile(r"\b[a-z_]+\.[a-z_.]+\b")  # perpetrator.known, incident.kind.threat


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_fact_the_rules_can_test_has_its_words(lang: str) -> None:
    rulesets = get_rulesets()
    texts = load_texts(ROOT / "rulesets" / "facts" / f"{lang}.yaml")
    assert missing_texts(texts, rulesets.facts) == [], (
        f"add these facts to rulesets/facts/{lang}.yaml: a label, and when_true/when_false (yes/no), "
        "values (one text per value) or value (a number or date, with {value})")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_catalogue_names_no_fact_that_does_not_exist(lang: str) -> None:
    texts = load_texts(ROOT / "rulesets" / "facts" / f"{lang}.yaml")
    facts = get_rulesets().facts
    assert sorted(set(texts) - set(facts)) == []
    for name, entry in texts.items():
        assert set(entry.values) <= set(facts[name].values), name


def test_the_check_finds_what_is_missing() -> None:
    texts = load_texts(ROOT / "rulesets" / "facts" / "nl.yaml")
    facts = dict(get_rulesets().facts)
    del texts["perpetrator.known"]
    texts["victim.sector"] = texts["victim.sector"].model_copy(update={"values": {"police": "politie"}})
    missing = missing_texts(texts, facts)
    assert "perpetrator.known: no label" in missing
    assert "victim.sector: no text for value private" in missing


def test_why_is_plain_dutch_and_the_machine_form_is_kept() -> None:
    outcome = evaluate(load_case(BASE), as_of=AS_OF)
    letter = outcome.action("perpetrator_letter")
    assert letter.because == ("het is een VPT-zaak (publieke taak, tijdens of vanwege het werk)", "de dader is bekend")
    assert letter.because_facts == ("vpt_case is true", "perpetrator.known is true")
    assert "victim.minor present false" in outcome.action("limitation_period").because_facts
    assert "incident.date >= 2010-04-01" in outcome.action("employer_report").because_facts
    data = outcome.to_dict()["actions"][0]
    assert list(data).index("because_facts") == list(data).index("because") + 1
    for action in outcome.actions:
        assert action.because_facts, action.id
        for reason in action.because:
            assert not FACT_NAME.search(reason), (action.id, reason)


def test_why_names_the_values_of_the_case() -> None:
    case = load_case(with_changes(BASE, {"incident.injury": "none", "perpetrator.date_of_birth": "2012-05-01",
                                         "victim.sector": "municipality"}))
    outcome = evaluate(case, as_of=AS_OF)
    reasons = [r for a in outcome.actions for r in a.because]
    assert "er is geen letsel" in reasons
    rulesets = get_rulesets()
    facts = {"perpetrator.age": 14, "vpt_case": True, "perpetrator.known": True}
    held = [p for t in rulesets.tests["ela.letter_to_representatives"] for p in phrases_for(rulesets, "nl").held(t, facts)]
    assert "de dader was 14 jaar op de dag van het incident (minder dan 16)" in held
    limitation = outcome.action("limitation_period")
    assert "er is geen letsel" in limitation.because
    assert any(r.startswith("de regel geldt voor incidenten vanaf") for a in outcome.actions for r in a.because)


def test_why_in_english_on_request() -> None:
    with use_language("en"):
        outcome = evaluate(load_case(BASE), as_of=AS_OF)
    assert outcome.action("perpetrator_letter").because[-1] == "the perpetrator is known"
    assert outcome.action("perpetrator_letter").because_facts[-1] == "perpetrator.known is true"


def test_explain_says_what_a_rule_asks_and_what_the_case_has() -> None:
    case = load_case(with_changes(BASE, {"perpetrator.date_of_birth": "1990-01-01"}))
    report = {e["rule"]: e for e in explain(case, get_rulesets())}
    minor = report["ela.perpetrator_minor"]
    assert not minor["fired"]
    assert minor["failed"] == ["de leeftijd van de dader: minder dan 18 — in deze zaak: "
                               "de dader was 36 jaar op de dag van het incident"]
    assert minor["failed_facts"] == ["perpetrator.age < 18"] and minor["because"] == []
    letter = report["measures.perpetrator_letter"]
    assert letter["fired"] and letter["failed"] == [] and letter["because"][-1] == "de dader is bekend"
    old = report["ela.sentencing_uplift_2011"]
    assert old["failed"] == ["het incident was op 18 november 2026; de regel geldt voor incidenten van "
                             "1 januari 2011 tot en met 28 februari 2015"]


def test_the_json_because_is_plain_and_because_facts_is_machine(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump(json.loads(json.dumps(BASE, default=str))), encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", str(path), "--json", "--as-of", AS_OF])
    letter = next(a for a in json.loads(result.stdout)["actions"] if a["id"] == "perpetrator_letter")
    assert letter["because"][-1] == "de dader is bekend"
    assert letter["because_facts"][-1] == "perpetrator.known is true"


def _own_rules(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(ROOT / "rulesets", folder, ignore=shutil.ignore_patterns("facts"))
    return folder


def test_an_organisations_rules_use_the_bundled_words_and_may_add_their_own(tmp_path: Path) -> None:
    folder = _own_rules(tmp_path)
    (folder / "facts").mkdir()
    (folder / "facts" / "nl.yaml").write_text(
        "perpetrator.known:\n  label: dader\n  when_true: wij kennen de dader\n  when_false: onbekende dader\n",
        encoding="utf-8")
    outcome = evaluate(load_case(BASE), as_of=AS_OF, rules_dir=folder)
    assert outcome.action("perpetrator_letter").because == (
        "het is een VPT-zaak (publieke taak, tijdens of vanwege het werk)", "wij kennen de dader")


def test_a_broken_fact_catalogue_is_refused_naming_file_and_fact(tmp_path: Path) -> None:
    folder = _own_rules(tmp_path)
    (folder / "facts").mkdir()
    (folder / "facts" / "nl.yaml").write_text("perpetrator.known:\n  lable: dader\n", encoding="utf-8")
    with pytest.raises(UserError) as info:
        load_rulesets(folder)
    lines = [str(p) for p in info.value.problems]
    assert "nl.yaml: perpetrator.known.lable: onbekende sleutel; hier toegestaan: label, unit, value, values, " \
           "when_false, when_true, when_unknown" in lines
    assert "nl.yaml: perpetrator.known.label: is verplicht" in lines
