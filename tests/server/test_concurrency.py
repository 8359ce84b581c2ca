"""Two systems change the same case at the same version at the same moment (issue 13): one wins (200), the
other is told to read again (412), the case goes up one version, the winner's change is kept and nothing
else is lost — on SQLite and on PostgreSQL, through a real uvicorn server with its thread pool."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from serving import serving
from test_api import case_json

from vpt_rules.server import api_routes as app_module
from vpt_rules.server import store
from vpt_rules.server.app import create_app

CASE = "EX-GEM-2026-017"
PATCHES = {"weapon": {"incident": {"weapon": True}}, "hospital": {"incident": {"injury": "hospital"}}}


@pytest.fixture()
def served(database_url: str) -> Iterator[dict[str, Any]]:
    """The app of ``vpt serve`` on a free port, with one organisation and its key."""
    sessions = store.open_store(database_url)
    store.create_organisation(sessions, "Gemeente Arnhem")
    key = store.create_api_key(sessions, "Gemeente Arnhem", "zaaksysteem")
    sessions.kw["bind"].dispose()
    with serving(create_app(database_url)) as base:
        yield {"base": base, "headers": {"Authorization": f"Bearer {key}"}}


def _meet_after_reading(monkeypatch: pytest.MonkeyPatch, parties: int) -> threading.Barrier:
    """Hold each PATCH after it has read the case at its version (and checked If-Match) until all have, so that
    they really race for the write: the loser must be stopped by the compare-and-set, not by the early check.
    The hook is the merge of the patch, which api_routes.py runs between the read and the write."""
    barrier = threading.Barrier(parties, timeout=20)
    merge = getattr(app_module, "merge_patch", None)
    if merge is None:  # api_routes.py changed its shape: the requests still start together, without the rendezvous
        return barrier
    met = threading.local()

    def merge_after_meeting(target: Any, patch: Any) -> Any:
        if not getattr(met, "done", False):  # once per request thread (the merge recurses into itself)
            met.done = True
            barrier.wait()
        return merge(target, patch)

    monkeypatch.setattr(app_module, "merge_patch", merge_after_meeting)
    return barrier


def test_two_concurrent_patches_at_the_same_version(served: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    base, headers = served["base"], served["headers"]
    with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
        created = client.post("/api/v1/cases", json=case_json())
        assert created.status_code == 201 and created.headers["ETag"] == '"1"'
        before = client.get(f"/api/v1/cases/{CASE}").json()["case"]

    _meet_after_reading(monkeypatch, len(PATCHES))
    start = threading.Barrier(len(PATCHES), timeout=20)
    answers: dict[str, httpx.Response] = {}
    failures: list[BaseException] = []

    def send(name: str) -> None:
        try:
            with httpx.Client(base_url=base, headers=headers, timeout=60) as own:  # a client (connection) each
                start.wait()
                answers[name] = own.patch(f"/api/v1/cases/{CASE}", json=PATCHES[name], headers={"If-Match": '"1"'})
        except BaseException as error:  # noqa: BLE001 — reported below, in the test's thread
            failures.append(error)

    threads = [threading.Thread(target=send, args=(name,)) for name in PATCHES]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures, failures
    statuses = sorted(r.status_code for r in answers.values())
    assert statuses == [200, 412], {name: (r.status_code, r.text[:300]) for name, r in answers.items()}

    winner = next(name for name, r in answers.items() if r.status_code == 200)
    loser = next(name for name, r in answers.items() if r.status_code == 412)
    assert answers[winner].json()["version"] == 2 and answers[winner].headers["ETag"] == '"2"'
    problem = answers[loser]
    assert problem.headers["content-type"] == "application/problem+json"
    assert problem.json()["status"] == 412 and problem.json()["title"]

    with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
        got = client.get(f"/api/v1/cases/{CASE}")
        assert got.status_code == 200 and got.json()["version"] == 2 and got.headers["ETag"] == '"2"'
        expected = {**before, "incident": {**before["incident"], **PATCHES[winner]["incident"]}}
        assert got.json()["case"] == expected  # the winner's change, and everything else as it was
        audit = client.get(f"/api/v1/cases/{CASE}/audit").json()
        assert [e["what"] for e in audit] == ["case created", "case changed"]  # the loser left no trace
        listed = client.get("/api/v1/cases").json()
        assert [(c["case_id"], c["version"]) for c in listed] == [(CASE, 2)]
        # The loser reads again and applies its change on top: both changes are kept.
        again = client.patch(f"/api/v1/cases/{CASE}", json=PATCHES[loser], headers={"If-Match": '"2"'})
        assert again.status_code == 200 and again.json()["version"] == 3
        final = client.get(f"/api/v1/cases/{CASE}").json()["case"]["incident"]
        assert final["weapon"] is True and final["injury"] == "hospital"
