"""The durable_rules guard: states deleted, exceptions surfaced, one host, threads agree."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from paths import CASES

from vpt_rules import EngineError, evaluate, get_rulesets, load_case
from vpt_rules.model.loading import load_file
from vpt_rules.rules import engine

BASE = load_file(CASES / "_base.yaml")
AS_OF = "2026-11-23T12:00:00+01:00"


def test_more_than_1024_evaluations_in_one_process() -> None:
    case = load_case(BASE)
    first = evaluate(case, as_of=AS_OF).to_json()
    for _ in range(1100):
        assert evaluate(case, as_of=AS_OF).to_json() == first
    assert engine.live_states() == 0


def test_no_thread_is_started_and_rulesets_are_registered_once() -> None:
    case = load_case(BASE)
    evaluate(case, as_of=AS_OF)
    threads, registered = threading.active_count(), dict(engine._registered)
    for _ in range(50):
        evaluate(case, as_of=AS_OF)
    assert threading.active_count() == threads
    assert engine._registered == registered


def test_exception_inside_an_action_reaches_the_caller(monkeypatch: pytest.MonkeyPatch) -> None:
    case = load_case(BASE)
    expected = evaluate(case, as_of=AS_OF).to_json()

    def explode(fired: list[str], message: str) -> None:
        raise RuntimeError("boom in action")

    monkeypatch.setattr(engine, "_record", explode)
    for _ in range(1100):  # an abandoned action must not leave its state behind
        with pytest.raises(EngineError, match="boom in action"):
            evaluate(case, as_of=AS_OF)
    assert engine.live_states() == 0
    monkeypatch.undo()
    assert evaluate(case, as_of=AS_OF).to_json() == expected  # the engine still works afterwards


def test_eight_threads_give_the_same_answers_as_one() -> None:
    cases = []
    for i, sector in enumerate(["municipality", "education", "private", "police", "public_transport", "boa"] * 4):
        data = {**BASE, "case_id": f"T-{i}", "victim": {**BASE["victim"], "sector": sector}}
        cases.append(load_case(data))
    expected = [evaluate(c, as_of=AS_OF).to_json() for c in cases]
    with ThreadPoolExecutor(max_workers=8) as pool:
        for _ in range(5):
            assert list(pool.map(lambda c: evaluate(c, as_of=AS_OF).to_json(), cases)) == expected
    assert engine.live_states() == 0


def test_no_rule_matching_is_not_an_error() -> None:
    rulesets = get_rulesets()
    names = engine.prepare(rulesets)
    assert engine.fire(names[1], {"incident.date": 1}) == []


def test_cases_no_rule_handles_are_evaluated_and_cleaned_up() -> None:
    # durable_rules 2.0.28 crashed deleting the state of a fact no rule handled (found by test_properties)
    data = {**BASE, "incident": {**BASE["incident"], "kinds": ["verbal_abuse"], "in_function": False},
            "victim": {**BASE["victim"], "sector": "police"}, "perpetrator": {"known": False}}
    case = load_case(data)
    for _ in range(1100):
        outcome = evaluate(case, as_of=AS_OF)
    assert outcome.actions == () and outcome.vpt_case is False
    assert engine.live_states() == 0
