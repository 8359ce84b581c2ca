"""YAML case tables (tests/cases/<ruleset>.yaml): one row = a change to the base case and what must follow.

Run one row with ``pytest -k 'ela-halt_at_12'``.
"""

from __future__ import annotations

from typing import Any

import pytest
from casedata import with_changes
from paths import CASES

from vpt_rules import evaluate, load_case
from vpt_rules.model.loading import load_file

CASES = CASES
BASE = load_file(CASES / "_base.yaml")


def _rows() -> list[Any]:
    rows = []
    for path in sorted(CASES.glob("[!_]*.yaml")):
        table = load_file(path)
        for row in table["cases"]:
            rows.append(pytest.param(row, id=f"{path.stem}-{row['name']}"))
    return rows


@pytest.mark.parametrize("row", _rows())
def test_case_table(row: dict[str, Any]) -> None:
    case = load_case(with_changes(BASE, row.get("set", {})))
    outcome = evaluate(case, as_of=row.get("as_of", "2026-11-23T12:00:00+01:00"))
    expect = row["expect"]
    if "vpt_case" in expect:
        assert outcome.vpt_case is expect["vpt_case"]
    for name, value in expect.get("flags", {}).items():
        assert outcome.flags[name] == value, f"flag {name}"
    for action_id, wanted in expect.get("actions", {}).items():
        action = outcome.action(action_id)
        assert action is not None, f"action {action_id} missing; got {[a.id for a in outcome.actions]}"
        for key, value in (wanted or {}).items():
            if key == "title_contains":
                assert value in action.title
            elif key == "due":
                assert (action.due.isoformat() if action.due else None) == value, f"{action_id}.due"
            elif key == "available_from":
                got = action.available_from.isoformat() if action.available_from else None
                assert got == value, f"{action_id}.available_from"
            elif key == "documents":
                assert list(action.documents) == value
            elif key == "sources_contain":  # a source that applies to this case is shown
                assert any(value in source for source in action.sources), f"{action_id}.sources: {action.sources}"
            elif key == "sources_lack":  # a source that does not apply to this case is not shown
                assert not any(value in source for source in action.sources), f"{action_id}.sources"
            else:
                assert getattr(action, key) == value, f"{action_id}.{key}"
    for action_id in expect.get("no_actions", []):
        assert outcome.action(action_id) is None, f"action {action_id} should not apply"
    for rule_id in expect.get("fired", []):
        assert rule_id in outcome.fired
    for rule_id in expect.get("not_fired", []):
        assert rule_id not in outcome.fired
    if "documents" in expect:
        assert outcome.documents == expect["documents"]
