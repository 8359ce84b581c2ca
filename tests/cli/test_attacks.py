"""Hostile input to the command line (issue 16): bounded reads, honest batches, YAML 1.1 and clock surprises,
invisible characters. Each gives a clear message and exit 2 (or, for the engine's own failure, exit 1 after
every other case was done)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from paths import ROOT

from vpt_rules import EngineError
from vpt_rules.cli import main as cli

EXAMPLE = ROOT / "vpt_rules" / "examples" / "counter_threat.yaml"
AS_OF = "2026-11-21T09:00:00"


def run(*args: str):
    return CliRunner().invoke(cli.main, list(args))


def example(**changes: object) -> dict:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    for dotted, value in changes.items():
        *parents, last = dotted.split("__")
        node = data
        for part in parents:
            node = node[part]
        node[last] = value
    return data


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_an_endless_file_is_refused_after_the_limit(tmp_path: Path) -> None:
    result = run("evaluate", "/dev/zero")
    assert result.exit_code == 2 and "/dev/zero: groter dan 1" in result.stderr
    link = tmp_path / "cases.jsonl"
    link.symlink_to("/dev/zero")
    result = run("evaluate", str(link))
    assert result.exit_code == 2 and "de rest van deze invoer wordt niet gelezen" in result.stderr


def test_a_line_that_is_not_utf8_costs_only_that_line(tmp_path: Path) -> None:
    good = json.dumps(example()).encode()
    stream = tmp_path / "cases.jsonl"
    stream.write_bytes(good + b"\n\xff\xfe kapot\n" + good.replace(b"EX-GEM-2026-017", b"EX-2") + b"\n")
    result = run("evaluate", str(stream), "--json", "--as-of", AS_OF, "--jobs", "1")
    assert result.exit_code == 2
    assert [json.loads(line)["case_id"] for line in result.stdout.splitlines()] == ["EX-GEM-2026-017", "EX-2"]
    assert f"{stream}:2: geen UTF-8-tekst" in result.stderr


@pytest.mark.parametrize(("field", "text", "path"), [
    ("in_function", "NO", "incident.in_function"),
    ("prior_incidents", "0x1F", "perpetrator.prior_incidents"),
    ("prior_incidents", "1:30", "perpetrator.prior_incidents"),
])
def test_yaml_11_surprises_are_errors_not_conversions(tmp_path: Path, field: str, text: str, path: str) -> None:
    source = EXAMPLE.read_text(encoding="utf-8")
    if field == "in_function":
        source = source.replace("in_function: true", f"in_function: {text}")
    else:
        source = re.sub(r"prior_incidents: \d+", f"prior_incidents: {text}", source)
        assert text in source
    case = tmp_path / "zaak.yaml"
    case.write_text(source, encoding="utf-8")
    result = run("evaluate", str(case), "--as-of", AS_OF)
    assert result.exit_code == 2 and f"{path}: " in result.stderr and text in result.stderr


def test_a_time_that_does_not_exist_in_amsterdam_is_refused(tmp_path: Path) -> None:
    case = tmp_path / "zaak.yaml"
    case.write_text(yaml.safe_dump(example(incident__occurred_at="2026-03-29T02:30:00")), encoding="utf-8")
    result = run("evaluate", str(case), "--as-of", AS_OF)
    assert result.exit_code == 2 and "incident.occurred_at: bestaat niet in Amsterdamse tijd" in result.stderr
    autumn = example(incident__occurred_at="2026-10-25T02:30:00", incident__known_to_employer_at="2026-10-25T04:00:00")
    case.write_text(yaml.safe_dump(autumn), encoding="utf-8")
    assert run("evaluate", str(case), "--as-of", AS_OF).exit_code == 0  # the autumn hour exists (twice)


@pytest.mark.parametrize("mark", ["\u202e", "\u2066", "\u202a"])
def test_bidirectional_overrides_in_a_name_are_refused(tmp_path: Path, mark: str) -> None:
    case = tmp_path / "zaak.yaml"
    case.write_text(yaml.safe_dump(example(perpetrator__name=f"K. {mark}Groot"), allow_unicode=True), encoding="utf-8")
    result = run("evaluate", str(case), "--as-of", AS_OF)
    assert result.exit_code == 2 and "perpetrator.name: " in result.stderr and f"U+{ord(mark):04X}" in result.stderr


def test_out_under_a_file_is_bad_input(tmp_path: Path) -> None:
    blocker = tmp_path / "een_bestand"
    blocker.write_text("x", encoding="utf-8")
    result = run("letters", str(EXAMPLE), "--out", str(blocker / "brieven"), "--as-of", AS_OF)
    assert result.exit_code == 2 and "--out: is geen map" in result.stderr


def test_a_case_the_engine_fails_on_is_named_and_the_others_are_done(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from vpt_rules import api  # the commands import the façade when they run

    real = api.evaluate

    def flaky(case, **kwargs):
        if case.case_id == "EX-2":
            raise EngineError("error 303: max stack size")
        return real(case, **kwargs)

    monkeypatch.setattr(api, "evaluate", flaky)
    stream = tmp_path / "cases.jsonl"
    lines = [json.dumps(example(case_id=case_id)) for case_id in ("EX-1", "EX-2", "EX-3")]
    stream.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("evaluate", str(stream), "--json", "--as-of", AS_OF, "--jobs", "1")
    assert result.exit_code == 1
    assert [json.loads(line)["case_id"] for line in result.stdout.splitlines()] == ["EX-1", "EX-3"]
    assert f"{stream}:2: interne fout in de regelmachine: error 303" in result.stderr


@pytest.mark.parametrize("other", ["EX/1", "ex-1"])
def test_two_cases_whose_files_would_collide_are_refused(tmp_path: Path, other: str) -> None:
    stream = tmp_path / "cases.jsonl"
    stream.write_text(json.dumps(example(case_id="EX-1")) + "\n" + json.dumps(example(case_id=other)) + "\n",
                      encoding="utf-8")
    out = tmp_path / "brieven"
    result = run("letters", str(stream), "--out", str(out), "--as-of", AS_OF, "--jobs", "1")
    assert result.exit_code == 2
    assert f"{stream}:2: case_id: {other} geeft dezelfde bestandsnamen als een andere zaak" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["EX-1_perpetrator_letter_ban.docx"]  # the first is kept


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_a_number_of_5000_digits_is_bad_input(tmp_path: Path, suffix: str) -> None:
    data = example()
    text = json.dumps(data) if suffix == ".json" else EXAMPLE.read_text(encoding="utf-8")
    huge = "9" * 5000
    text = re.sub(r'"?prior_incidents"?: \d+', ('"prior_incidents": ' if suffix == ".json" else "prior_incidents: ")
                  + huge, text)
    case = tmp_path / f"zaak{suffix}"
    case.write_text(text, encoding="utf-8")
    result = run("evaluate", str(case), "--as-of", AS_OF)
    assert result.exit_code == 2 and "een getal van 5000 cijfers" in result.stderr


@pytest.mark.parametrize("moment", ["0001-01-02T10:00:00", "9999-12-30T10:00:00"])
def test_dates_at_the_ends_of_the_range_are_bad_input(tmp_path: Path, moment: str) -> None:
    data = example(incident__occurred_at=moment, incident__known_to_employer_at=moment)
    case = tmp_path / "zaak.yaml"
    case.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = run("evaluate", str(case), "--as-of", AS_OF)
    assert result.exit_code == 2 and "incident.occurred_at: ligt buiten de jaren 1900-2089" in result.stderr


def test_an_evaluation_moment_far_away_is_bad_input() -> None:
    result = run("evaluate", str(EXAMPLE), "--as-of", "4000-01-01")
    assert result.exit_code == 2 and "as_of: ligt buiten de jaren" in result.stderr
