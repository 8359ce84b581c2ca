"""Who may do what: every register endpoint × every role × their own or another organisation's case.

hr and a system's key work on their own organisation's cases; a helpdesk adviser reads the cases of the
organisations they serve and works on claims; an admin manages people and keys but reads no case. Another
organisation's case is "not found" (404); what a role may not do is "forbidden" (403)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from people import case_json, make_app, person_client, populate, register_file

CASE = "EX-GEM-2026-017"
DAMAGE = {"items": [{"party": "employee", "kind": "property", "amount": "120.00", "incurred_on": "2026-11-20",
                     "description": "Bril kapot"}]}
ACTORS = ("hr", "helpdesk", "admin", "key", "hr_other", "key_other")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One register per database for the whole matrix (the PostgreSQL one is emptied first)."""
    if request.param == "sqlite":
        url = register_file(tmp_path_factory.mktemp("access"))
    else:
        url = request.getfixturevalue("postgres_cluster").fresh_database()
    keys = populate(url)
    app = make_app(url)
    clients: dict[str, TestClient] = {}
    for name in ("key", "key_other"):
        clients[name] = TestClient(app, headers={"Authorization": f"Bearer {keys[name]}"})
    for name in ("hr", "helpdesk", "admin", "hr_other"):
        clients[name] = person_client(app, name)
    created = clients["key"].post("/api/v1/cases", json=case_json(damages=DAMAGE))
    assert created.status_code == 201
    return {"clients": clients}


def version(world: dict[str, Any]) -> str:
    return world["clients"]["key"].get(f"/api/v1/cases/{CASE}").headers["ETag"]


READS = [f"/api/v1/cases/{CASE}", f"/api/v1/cases/{CASE}/outcome", f"/api/v1/cases/{CASE}/deadlines.ics",
         f"/api/v1/cases/{CASE}/audit", f"/api/v1/cases/{CASE}/events"]
READ_STATUS = {"hr": 200, "helpdesk": 200, "admin": 403, "key": 200, "hr_other": 404, "key_other": 404}


@pytest.mark.parametrize("path", READS)
@pytest.mark.parametrize("actor", ACTORS)
def test_reading_a_case(world: dict[str, Any], actor: str, path: str) -> None:
    response = world["clients"][actor].get(path)
    assert response.status_code == READ_STATUS[actor], response.text
    if response.status_code >= 400:
        assert response.headers["content-type"] == "application/problem+json"
        assert CASE not in response.text or actor in ("hr_other", "key_other")  # a 404 names only what was asked


CHANGES = {  # what is changed → who may (the others: 403 in their own organisation, 404 in another)
    "facts": ({"incident": {"location": "Balie {actor}"}}, {"hr", "key"}),
    "claim": ({"damages": {"immaterial": {"days_incapacitated": "{n}", "recovery": "full"}}}, {"hr", "key", "helpdesk"}),
}


@pytest.mark.parametrize("change", CHANGES)
@pytest.mark.parametrize("actor", ACTORS)
def test_changing_a_case(world: dict[str, Any], actor: str, change: str) -> None:
    patch, allowed = CHANGES[change]
    patch = json.loads(json.dumps(patch).replace("{actor}", actor).replace('"{n}"', str(ACTORS.index(actor) + 1)))
    response = world["clients"][actor].patch(f"/api/v1/cases/{CASE}", json=patch,
                                             headers={"If-Match": version(world)})
    expected = 200 if actor in allowed else 404 if actor.endswith("other") else 403
    assert response.status_code == expected, response.text[:300]


EVENTS = {
    "letter_sent": ({"kind": "letter_sent", "on": "2026-10-06"}, {"hr", "key"}),
    "payment": ({"kind": "payment", "amount": "10.00", "on": "2026-11-01"}, {"hr", "key", "helpdesk"}),
}


@pytest.mark.parametrize("event", EVENTS)
@pytest.mark.parametrize("actor", ACTORS)
def test_recording_an_event(world: dict[str, Any], actor: str, event: str) -> None:
    body, allowed = EVENTS[event]
    response = world["clients"][actor].post(f"/api/v1/cases/{CASE}/events", json=body)
    expected = 201 if actor in allowed else 404 if actor.endswith("other") else 403
    assert response.status_code == expected, response.text[:300]


DOCUMENTS = {"perpetrator_letter_ban": {"hr", "key"}, "liability_letter": {"hr", "key", "helpdesk"}}


@pytest.mark.parametrize("document", DOCUMENTS)
@pytest.mark.parametrize("actor", ACTORS)
def test_making_a_document(world: dict[str, Any], actor: str, document: str) -> None:
    response = world["clients"][actor].get(f"/api/v1/cases/{CASE}/documents/{document}")
    expected = 200 if actor in DOCUMENTS[document] else 404 if actor.endswith("other") else 403
    assert response.status_code == expected, response.text[:300]
    if expected == 200:
        assert response.content[:2] == b"PK"  # a .docx


@pytest.mark.parametrize("actor", ACTORS)
def test_listing_cases(world: dict[str, Any], actor: str) -> None:
    response = world["clients"][actor].get("/api/v1/cases")
    if actor == "admin":
        assert response.status_code == 403
        return
    assert response.status_code == 200
    listed = [c["case_id"] for c in response.json()]
    assert listed == ([] if actor.endswith("other") else [CASE])


@pytest.mark.parametrize("actor", ACTORS)
def test_registering_a_case(world: dict[str, Any], actor: str) -> None:
    response = world["clients"][actor].post("/api/v1/cases", json=case_json(case_id=f"NEW-{actor}"))
    assert response.status_code == (201 if actor in ("hr", "key", "hr_other", "key_other") else 403), response.text


@pytest.mark.parametrize("actor", ACTORS)
def test_the_pages_of_a_case(world: dict[str, Any], actor: str) -> None:
    key = world["clients"]["hr"].get("/zaken")
    assert key.status_code == 200
    handle = key.text.split('href="/zaken/')[1].split('"')[0]
    if actor.startswith("key"):
        assert world["clients"][actor].get(f"/zaken/{handle}", follow_redirects=False).status_code == 303  # login
        return
    response = world["clients"][actor].get(f"/zaken/{handle}")
    assert response.status_code == READ_STATUS[actor]
    admin_page = world["clients"][actor].get("/beheer")
    assert admin_page.status_code == (200 if actor == "admin" else 403)


def test_a_browser_change_without_the_form_token_is_refused(world: dict[str, Any]) -> None:
    client: TestClient = world["clients"]["hr"]
    token = client.headers.pop("X-CSRF-Token")
    try:
        refused = client.patch(f"/api/v1/cases/{CASE}", json={"incident": {"weapon": False}},
                               headers={"If-Match": version(world)})
        assert refused.status_code == 403
        assert client.get(f"/api/v1/cases/{CASE}").status_code == 200  # reading needs no token
    finally:
        client.headers["X-CSRF-Token"] = token


def test_a_person_with_a_bearer_header_of_nonsense_is_not_let_in(tmp_path: Path) -> None:
    url = register_file(tmp_path)
    populate(url)
    client = TestClient(make_app(url))
    assert client.get("/api/v1/cases", headers={"Authorization": "Basic abc"}).status_code == 401
