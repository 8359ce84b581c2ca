"""The plain summary of `vpt evaluate`: what to do, by when, why (plain words), with which documents."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from click.testing import CliRunner
from paths import CASES

from vpt_rules.api import get_rulesets
from vpt_rules.cli.main import main
from vpt_rules.model.loading import load_file

BASE = load_file(CASES / "_base.yaml")
AS_OF = "2026-11-19T09:00:00+01:00"
FACT_NAME = re.compile(r"\b(incident|victim|perpetrator|report|prosecution|damages|response|employer)\.[a-z_]+")


def run(tmp_path: Path, *options: str, data: dict | None = None) -> tuple[str, str]:
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump(json.loads(json.dumps(data or BASE, default=str))), encoding="utf-8")
    result = CliRunner().invoke(main, [*options, "evaluate", str(path), "--as-of", AS_OF])
    assert result.exit_code == 0, result.stderr
    return result.stdout, str(path)


def test_each_action_has_its_explanation_plain_reasons_and_documents(tmp_path: Path) -> None:
    out, path = run(tmp_path)
    assert out.startswith("Zaak TEST-0001 — stand op donderdag 19 november 2026 09:00\nVPT-zaak: ja\n")
    block = out[out.index(" 1. [werkgever] Reageer binnen 48 uur"):]
    block = block[:block.index("\n 2. ")]
    assert "— uiterlijk" in block.splitlines()[0]
    assert "    Stuur de dader een brief: wat er gebeurde" in block
    assert "    Waarom: het is een VPT-zaak (publieke taak, tijdens of vanwege het werk); de dader is bekend" in block
    assert "    Documenten:\n      - Brief aan de dader: waarschuwing\n" in block
    assert f"        maken met: vpt letters {path} --out MAP" in block


def test_no_fact_names_and_no_rule_ids_in_what_a_person_reads(tmp_path: Path) -> None:
    out, _ = run(tmp_path)
    why = [line for line in out.splitlines() if "Waarom:" in line]
    assert why and not any(FACT_NAME.search(line) for line in why)
    rule_ids = [rule.id for _, rule in get_rulesets().rules]
    assert [r for r in rule_ids if r in out] == []
    assert "perpetrator_letter_warning" not in out


def test_a_legend_explains_the_confidence_marks(tmp_path: Path) -> None:
    out, _ = run(tmp_path)
    legend = out[out.index("Betrouwbaarheid van een bron (de letter aan het eind):"):].splitlines()
    assert "  H      wet of officiële publicatie, zelf gelezen" in legend
    assert "  M      betrouwbare secundaire bron, of meerdere die overeenstemmen" in legend


def test_overdue_is_said_in_dutch(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump(json.loads(json.dumps(BASE, default=str))), encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", str(path), "--as-of", "2027-01-01T09:00:00+01:00"])
    first = next(line for line in result.stdout.splitlines() if line.startswith(" 1. "))
    assert first.endswith("(TE LAAT)")


def test_the_summary_in_english(tmp_path: Path) -> None:
    out, path = run(tmp_path, "--lang", "en")
    assert out.startswith("Case TEST-0001 — as of Thursday 19 November 2026 09:00\nVPT case: yes\n")
    assert "    Why: this is a VPT case (public task, during or because of the work); the perpetrator is known" in out
    assert "      - Letter to the perpetrator: warning\n" in out
    assert f"        make them with: vpt letters {path} --out FOLDER" in out
    assert "Confidence of a source (the mark at its end):" in out


def test_the_demo_shows_each_example_as_it_stands_soon_after_its_events() -> None:
    from vpt_rules import evaluate, load_case
    from vpt_rules.cli.main import EXAMPLES, example_moment

    for path in sorted(EXAMPLES.glob("*.yaml")):
        case = load_case(path)
        outcome = evaluate(case, as_of=example_moment(case))
        dated = [a for a in outcome.actions if a.due]
        assert dated and not all(a.overdue for a in dated), path.name
    counter = load_case(EXAMPLES / "counter_threat.yaml")
    assert evaluate(counter, as_of=example_moment(counter)).action("perpetrator_letter").overdue is False


def test_a_case_from_a_json_line_gets_the_command_with_a_placeholder(tmp_path: Path) -> None:
    line = json.dumps(json.loads(json.dumps(BASE, default=str)))
    result = CliRunner().invoke(main, ["evaluate", "-", "--as-of", AS_OF], input=line + "\n")
    assert result.exit_code == 0, result.stderr
    assert "        maken met: vpt letters ZAAK --out MAP" in result.stdout
