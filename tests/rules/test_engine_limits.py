"""The engine's limits (issue 16): a stage of 400 mixed rules is split into engine rulesets and every case is
evaluated without an engine error; limits that would freeze the engine are refused when rule files load."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest
from casedata import with_changes
from paths import CASES, ROOT

from vpt_rules import UserError, evaluate, get_rulesets
from vpt_rules.model.loading import load_file
from vpt_rules.rules import engine
from vpt_rules.rules.compiler import holds
from vpt_rules.rules.evaluation import run_rules
from vpt_rules.rules.loader import MAX_IN_VALUES, load_rulesets

CONDITIONS = [
    "{fact: incident.kind.threat, is: true}",
    "{fact: victim.sector, in: [municipality, police, boa, education]}",
    "{fact: perpetrator.age, gte: %d}",
    "{fact: incident.injury, not_in: [none, minor]}",
    "any: [{fact: incident.weapon, is: true}, {fact: perpetrator.prior_incidents, gt: %d}]",
    "{fact: victim.sector, is_not: private}",
    "{fact: perpetrator.age, lt: %d}",
    "all: [{fact: incident.in_function, is: true}, {fact: damages.employee_cents, gte: %d}]",
]


def big_rules(folder: Path, total: int = 400) -> Path:
    target = folder / "rules"
    shutil.copytree(ROOT / "rulesets", target)
    stage2 = sum(len(load_file(p)["rules"]) for p in (ROOT / "rulesets").glob("*.yaml")
                 if load_file(p).get("stage", 2) == 2)
    lines = ["ruleset: generated", 'title: "Gegenereerd"', 'version: "1"', "rules:"]
    for i in range(total - stage2):
        condition = CONDITIONS[i % len(CONDITIONS)]
        condition = condition % (i % 40) if "%d" in condition else condition
        lines += [f"  - id: generated.rule_{i}", f'    title: "Regel {i}"', '    description: "Een gegenereerde regel."',
                  "    when:", f"      - {condition}", "    then:", "      flags: {complaint_required: true}",
                  '    sources: ["test"]']
    (target / "zz_generated.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def test_400_mixed_rules_evaluate_1000_cases_and_fire_exactly_what_holds(tmp_path: Path) -> None:
    folder = big_rules(tmp_path)
    rulesets = get_rulesets(folder)
    assert sum(1 for f in rulesets.files for _ in f.rules if f.stage == 2) == 400
    base = load_file(CASES / "_base.yaml")
    rows = [row for table in sorted(CASES.glob("[!_]*.yaml")) for row in load_file(table)["cases"]]
    variants = [(with_changes(base, row.get("set", {})), row.get("as_of", "2026-11-23T12:00:00+01:00"))
                for row in rows]
    evaluated = 0
    for data, as_of in itertools.islice(itertools.cycle(variants), 1000):
        outcome = evaluate(data, as_of=as_of, rules_dir=folder)
        evaluated += 1
        if evaluated % 100 == 0:  # the split parts together fire exactly the rules whose conditions hold
            facts, _ = run_rules(outcome_case := __import__("vpt_rules").load_case(data), rulesets)
            day = outcome_case.incident_date
            expected = {r.id for _, r in rulesets.rules if r.id.startswith("generated.") and r.in_force(day)
                        and all(holds(t, facts) for t in rulesets.tests[r.id])}
            assert {r for r in outcome.fired if r.startswith("generated.")} == expected
    assert evaluated == 1000 and engine.live_states() == 0


def test_a_stage_is_split_into_parts_the_engine_can_hold(tmp_path: Path) -> None:
    folder = big_rules(tmp_path)
    names = engine.prepare(get_rulesets(folder))
    parts = engine._registered[names[1]]
    assert len(parts) == 400 // engine.RULES_PER_PART and all(p.handle is not None for p in parts)


def _extra(tmp_path: Path, condition: str, flags: str = "{halt_possible: true}") -> Path:
    target = tmp_path / "rules"
    shutil.copytree(ROOT / "rulesets", target)
    (target / "zz_extra.yaml").write_text(
        "ruleset: extra\ntitle: \"Extra\"\nversion: \"1\"\nrules:\n  - id: extra.check\n    title: \"Controle\"\n"
        "    description: \"Een regel om te testen.\"\n    when:\n      - " + condition + "\n    then:\n"
        f"      flags: {flags}\n    sources: [\"test\"]\n", encoding="utf-8")
    return target


def test_a_long_in_list_is_refused_before_it_reaches_the_engine(tmp_path: Path) -> None:
    values = ", ".join(str(n) for n in range(MAX_IN_VALUES + 1))
    with pytest.raises(UserError, match=r"zz_extra.yaml: regel extra.check.when.0.in: .*101"):
        load_rulesets(_extra(tmp_path, f"{{fact: perpetrator.age, in: [{values}]}}"))


@pytest.mark.parametrize(("condition", "flags"), [
    ("{fact: victim.sector, is: ' municipality'}", "{halt_possible: true}"),
    ("{fact: vpt_case, is: true}", "{state_advance: ' full'}"),
])
def test_a_value_with_spaces_around_it_is_refused(tmp_path: Path, condition: str, flags: str) -> None:
    with pytest.raises(UserError, match="spaties aan het begin of eind|spaces at its start or end"):
        load_rulesets(_extra(tmp_path, condition, flags))


def test_a_ruleset_the_engine_hangs_on_cannot_freeze_the_process(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from vpt_rules import EngineError

    def hangs(name: str, text: str) -> int:  # as durable_rules did on an `in:` list of ~500 values
        while True:
            time.sleep(1)

    folder = big_rules(tmp_path, total=60)  # rule files of their own: a digest the engine has not seen
    monkeypatch.setattr(engine.core, "create_ruleset", hangs)
    monkeypatch.setattr(engine, "CREATE_SECONDS", 0.5)
    start = time.monotonic()
    with pytest.raises(EngineError, match="did not finish creating"):
        engine.prepare(get_rulesets(folder))
    assert time.monotonic() - start < 10
