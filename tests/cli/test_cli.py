"""The vpt command as a user meets it: exit codes, one line per problem, JSON shape, explain."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from click.testing import CliRunner
from paths import CASES

from vpt_rules.cli.main import main
from vpt_rules.model.loading import load_file

BASE = load_file(CASES / "_base.yaml")
AS_OF = "2026-11-19T09:00:00+01:00"


def write(tmp_path: Path, data: dict, name: str = "case.yaml") -> str:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(json.loads(json.dumps(data, default=str)), allow_unicode=True), encoding="utf-8")
    return str(path)


def test_evaluate_json_has_the_spec_shape(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["evaluate", write(tmp_path, BASE), "--json", "--as-of", AS_OF])
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert list(out)[:7] == ["case_id", "as_of", "rulesets", "vpt_case", "flags", "actions", "documents"]
    assert out["as_of"] == AS_OF
    letter = next(a for a in out["actions"] if a["id"] == "perpetrator_letter")
    assert letter["due"] == "2026-11-20T14:30:00+01:00" and letter["overdue"] is False
    assert letter["rule"] == "measures.perpetrator_letter" and letter["because"] and letter["sources"]
    dues = [a["due"] for a in out["actions"]]
    assert dues == sorted(dues, key=lambda d: (d is None, d or ""))
    assert out["documents"] == ["perpetrator_letter_warning"]


def test_evaluate_json_is_byte_identical_across_runs(tmp_path: Path) -> None:
    path = write(tmp_path, BASE)
    runs = {CliRunner().invoke(main, ["evaluate", path, "--json", "--as-of", AS_OF]).stdout for _ in range(3)}
    assert len(runs) == 1


def test_evaluate_summary_is_dutch(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["evaluate", write(tmp_path, BASE), "--as-of", AS_OF])
    assert result.exit_code == 0
    assert "Reageer binnen 48 uur schriftelijk naar de dader — uiterlijk vrijdag 20 november 2026 14:30" in result.stdout


def test_bad_case_exit_2_one_line_per_problem(tmp_path: Path) -> None:
    data = {**BASE, "victim": {**BASE["victim"], "sector": "bakery"}, "extra": 1}
    path = write(tmp_path, data)
    result = CliRunner().invoke(main, ["evaluate", path, "--as-of", AS_OF])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2
    assert all(line.startswith(f"{path}: ") for line in lines)
    assert any("victim.sector: onbekende waarde 'bakery'; toegestaan: police" in line for line in lines)
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_batch_reports_bad_file_and_does_the_rest(tmp_path: Path) -> None:
    good = write(tmp_path, BASE, "good.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("case_id: [", encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", str(bad), good, "--json", "--as-of", AS_OF])
    assert result.exit_code == 2
    assert "bad.yaml" in result.stderr
    assert json.loads(result.stdout.strip())["case_id"] == "TEST-0001"


def test_jsonl_stream(tmp_path: Path) -> None:
    lines = "\n".join(json.dumps({**BASE, "case_id": f"J-{i}"}) for i in range(3))
    result = CliRunner().invoke(main, ["evaluate", "-", "--json", "--as-of", AS_OF], input=lines)
    assert result.exit_code == 0, result.stderr
    assert [json.loads(line)["case_id"] for line in result.stdout.splitlines()] == ["J-0", "J-1", "J-2"]


def test_bad_as_of(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["evaluate", write(tmp_path, BASE), "--as-of", "gisteren"])
    assert result.exit_code == 2 and result.stderr.startswith("as_of: ")


def test_schema_is_json_schema() -> None:
    result = CliRunner().invoke(main, ["schema"])
    schema = json.loads(result.stdout)
    assert schema["additionalProperties"] is False
    assert "incident" in schema["required"]


def test_rules_lists_sources_and_validity() -> None:
    result = CliRunner().invoke(main, ["rules"])
    assert result.exit_code == 0
    assert "ela.sentencing_uplift_2019  [ela 2026.11; geldig vanaf 1 april 2019]" in result.stdout
    assert "[ela 2026.11; geldig van 1 maart 2015 tot en met 31 maart 2019]" in result.stdout
    assert "t/m …" not in result.stdout and "… t/m" not in result.stdout and "geldig zonder einddatum" in result.stdout
    assert "Aanwijzing kader voor strafvordering meerderjarigen 2019A003" in result.stdout


def test_rules_explain_shows_failed_condition(tmp_path: Path) -> None:
    data = {**BASE, "victim": {**BASE["victim"], "sector": "private"}}
    result = CliRunner().invoke(main, ["rules", "--explain", write(tmp_path, data)])
    assert result.exit_code == 0
    assert "[nee] classification.vpt_case" in result.stdout
    assert ("niet voldaan: niet: de medewerker werkt in de private sector (geen publieke taak) — in deze zaak: "
            "de medewerker werkt in de private sector (geen publieke taak)") in result.stdout
    assert "victim.sector" not in result.stdout
    assert "[JA ] ela.perpetrator_minor" not in result.stdout


def test_broken_rules_folder_exit_2(tmp_path: Path) -> None:
    (tmp_path / "r.yaml").write_text("ruleset: x\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", write(tmp_path, BASE), "--rules", str(tmp_path)])
    assert result.exit_code == 2
    assert "r.yaml: title: is verplicht" in result.stderr


def test_internal_error_is_one_line(monkeypatch, tmp_path: Path) -> None:
    import vpt_rules.api as api

    def broken(*args, **kwargs):
        raise RuntimeError("kapot")

    monkeypatch.setattr(api, "evaluate", broken)
    result = CliRunner().invoke(main, ["evaluate", write(tmp_path, BASE), "--as-of", AS_OF])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == ["interne fout: kapot (voer opnieuw uit met --debug voor details)"]


def test_demo_runs_the_bundled_examples(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["demo", "--out", str(tmp_path), "--as-of", "2026-11-23T10:00:00"])
    assert result.exit_code == 0, result.stderr
    assert "EX-GEM-2026-017" in result.stdout
    assert (tmp_path / "EX-GEM-2026-017_outcome.json").exists()


def test_batch_on_two_processes_keeps_order_and_answers(tmp_path: Path) -> None:
    stream = tmp_path / "many.jsonl"
    rows = [{**BASE, "case_id": f"P-{i}", "victim": {**BASE["victim"], "sector": ["municipality", "private"][i % 2]}}
            for i in range(40)]
    stream.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    one = CliRunner().invoke(main, ["evaluate", str(stream), "--json", "--as-of", AS_OF, "--jobs", "1"])
    two = CliRunner().invoke(main, ["evaluate", str(stream), "--json", "--as-of", AS_OF, "--jobs", "2"])
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout
    outcomes = [json.loads(line) for line in two.stdout.splitlines()]
    assert [o["case_id"] for o in outcomes] == [f"P-{i}" for i in range(40)]
    assert [o["vpt_case"] for o in outcomes[:2]] == [True, False]


def test_letters_says_when_a_case_needs_no_document(tmp_path: Path) -> None:
    data = {**BASE, "victim": {**BASE["victim"], "sector": "private"}}
    result = CliRunner().invoke(main, ["letters", write(tmp_path, data), "--out", str(tmp_path / "out"),
                                       "--as-of", AS_OF])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "geen documenten" in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_claim_batch_on_two_processes_matches_one(tmp_path: Path) -> None:
    damages = {"items": [{"party": "employee", "kind": "property", "amount": "100.00", "incurred_on": "2026-11-18",
                          "description": "Bril"}]}
    stream = tmp_path / "claims.jsonl"
    stream.write_text("\n".join(json.dumps({**BASE, "case_id": f"C-{i}", "damages": damages}) for i in range(20)),
                      encoding="utf-8")
    one = CliRunner().invoke(main, ["claim", str(stream), "--json", "--as-of", AS_OF, "--jobs", "1"])
    two = CliRunner().invoke(main, ["claim", str(stream), "--json", "--as-of", AS_OF, "--jobs", "2"])
    assert one.exit_code == two.exit_code == 0, one.stderr
    assert one.stdout == two.stdout
    claims = [json.loads(line) for line in two.stdout.splitlines()]
    assert [c["case_id"] for c in claims] == [f"C-{i}" for i in range(20)]
    assert claims[0]["parties"]["employee"]["items"][0]["net"] == "100.00"
