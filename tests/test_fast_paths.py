"""The fast paths of issue 15 keep the same results: JSON bytes, lazy imports, cached rules, streamed batches.
(The speed itself is measured by benchmarks/bench.py, not here.)"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from casedata import with_changes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from paths import CASES, ROOT
from strategies import cases as generated_cases

from vpt_rules import api, compute_claim, evaluate, get_rulesets, load_case
from vpt_rules.cli import batch
from vpt_rules.jsontext import dumps
from vpt_rules.model.loading import load_file
from vpt_rules.terms.calendar import AMSTERDAM

AS_OF = "2026-11-23T12:00:00+01:00"


def _table_cases() -> list[tuple[dict, str]]:
    """Every row of the case tables: (case data, its as_of)."""
    base = load_file(CASES / "_base.yaml")
    rows = [row for table in sorted(CASES.glob("[!_]*.yaml")) for row in load_file(table)["cases"]]
    return [(with_changes(base, row.get("set", {})), row.get("as_of", AS_OF)) for row in rows]


def test_outcome_and_claim_json_are_the_standard_librarys_bytes() -> None:
    checked = 0
    for data, as_of in itertools.islice(itertools.cycle(_table_cases()), 1000):
        outcome = evaluate(data, as_of=as_of)
        assert outcome.to_json() == json.dumps(outcome.to_dict(), ensure_ascii=False, indent=2)
        checked += 1
    for example in sorted((ROOT / "vpt_rules" / "examples").glob("*.yaml")):
        claim = compute_claim(load_case(example), as_of=AS_OF)
        assert claim.to_json() == json.dumps(claim.to_dict(), ensure_ascii=False, indent=2)
    assert checked == 1000


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(generated_cases())
def test_generated_outcomes_give_the_same_json(case) -> None:
    outcome = evaluate(case, as_of=AS_OF)
    assert outcome.to_json() == json.dumps(outcome.to_dict(), ensure_ascii=False, indent=2)


def test_values_orjson_cannot_take_fall_back_to_the_standard_library() -> None:
    value = {"big": 2**70, "text": "Zoë 😀", "list": [], "nested": {"a": None}}
    assert dumps(value) == json.dumps(value, ensure_ascii=False, indent=2)
    assert dumps({1: "a"}) == json.dumps({1: "a"}, ensure_ascii=False, indent=2)


def test_the_command_line_evaluation_loads_no_document_stack(tmp_path: Path) -> None:
    code = ("import sys; from vpt_rules.cli.main import main\n"
            "try:\n    main(['evaluate', sys.argv[1], '--json', '--as-of', '2026-11-23T12:00:00'])\n"
            "except SystemExit:\n    pass\n"
            "print('LOADED', sorted(m for m in sys.modules if m.split('.')[0] in "
            "{'docx', 'docxtpl', 'jinja2', 'lxml'}))")
    example = ROOT / "vpt_rules" / "examples" / "counter_threat.yaml"
    out = subprocess.run([sys.executable, "-c", code, str(example)], capture_output=True, text=True, cwd=ROOT)
    assert '"case_id": "EX-GEM-2026-017"' in out.stdout
    assert "LOADED []" in out.stdout


def test_an_evaluation_makes_no_file_system_call_for_the_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    get_rulesets()
    data = _table_cases()[0][0]

    def no_stat(*args: object, **kwargs: object) -> None:
        raise AssertionError("stat during an evaluation")

    monkeypatch.setattr(api, "RECHECK_SECONDS", 3600.0)  # no timing: a busy machine may take a second for 20
    monkeypatch.setattr(api.Path, "stat", no_stat)
    for _ in range(20):
        evaluate(data, as_of=AS_OF)


def test_the_rules_are_read_again_when_the_folder_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    folder = tmp_path / "rules"
    shutil.copytree(ROOT / "rulesets", folder)
    first = get_rulesets(folder)
    assert get_rulesets(folder) is first
    (folder / "measures.yaml").rename(folder / "measures.yml")
    monkeypatch.setattr(api, "RECHECK_SECONDS", 0.0)
    assert get_rulesets(folder) is not first


def _work(n: int) -> int:
    return n * 2


def test_a_batch_reads_its_input_as_the_work_goes() -> None:
    read = []

    def endless():
        for n in itertools.count():
            read.append(n)
            yield n

    results = batch.run(_work, endless(), processes=2)
    first = [next(results) for _ in range(100)]
    assert first == [n * 2 for n in range(100)]
    window = 2 * batch.IN_FLIGHT * batch.CHUNK
    assert len(read) <= len(first) + window + batch.CHUNK  # read ahead by at most the window, never the whole
    results.close()


class _NoStore(dict):
    def __setitem__(self, key: object, value: object) -> None:
        pass


def _without_kept_reasons(monkeypatch: pytest.MonkeyPatch) -> None:
    from vpt_rules.rules.schema import RuleSets

    monkeypatch.setattr(RuleSets, "reasons", property(lambda self: _NoStore()))


def test_the_kept_reasons_are_the_reasons_worked_out_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    from vpt_rules.i18n.catalog import use_language

    rows = _table_cases()
    for lang in ("nl", "en"):
        with use_language(lang):
            kept = [evaluate(data, as_of=as_of).to_json() for data, as_of in rows * 2]  # the second round: kept
            with monkeypatch.context() as patch:
                _without_kept_reasons(patch)
                fresh = [evaluate(data, as_of=as_of).to_json() for data, as_of in rows * 2]
        assert kept == fresh
    assert len(get_rulesets().reasons) > 0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(generated_cases())
def test_generated_cases_get_the_same_reasons_kept_or_afresh(case) -> None:
    kept = [evaluate(case, as_of=AS_OF).to_json() for _ in range(2)]
    with pytest.MonkeyPatch.context() as patch:
        _without_kept_reasons(patch)
        fresh = evaluate(case, as_of=AS_OF).to_json()
    assert kept == [fresh, fresh]


def test_the_engine_reads_the_same_json_from_orjson_and_the_standard_library() -> None:
    from vpt_rules.jsontext import compact

    for value in ({"a": 1, "b": "Zoë", "c": True, "d": None, "e": [1, 2], "sid": "e1"}, {"big": 2**70}, {1: "a"}):
        assert json.loads(compact(value)) == json.loads(json.dumps(value, ensure_ascii=False))


@settings(max_examples=300, deadline=None)
@given(st.decimals(min_value=-10**9, max_value=10**9, allow_nan=False, allow_infinity=False, places=4),
       st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2089, 12, 31),
                    timezones=st.sampled_from([UTC, AMSTERDAM, timezone(timedelta(hours=-7))])),
       st.sampled_from(["nl", "en"]))
def test_the_kept_amounts_and_dates_are_babels(amount, moment, lang) -> None:
    from babel.dates import format_date, format_datetime
    from babel.numbers import format_currency

    from vpt_rules.i18n import dutch
    from vpt_rules.i18n.catalog import use_language

    locale = "nl_NL" if lang == "nl" else "en_GB"
    with use_language(lang):
        for _ in range(2):  # afresh, then kept
            assert dutch.money_text(amount) == format_currency(dutch.cents(amount), "EUR", locale=locale)
            assert dutch.day_text(moment.date()) == format_date(moment.date(), "d MMMM y", locale=locale)
            assert dutch.moment_text(moment) == format_datetime(moment.astimezone(AMSTERDAM), "EEEE d MMMM y HH:mm",
                                                                locale=locale)
    assert dutch.money(amount) == format_currency(dutch.cents(amount), "EUR", locale="nl_NL")
    assert dutch.money(-amount) == format_currency(dutch.cents(-amount), "EUR", locale="nl_NL")
