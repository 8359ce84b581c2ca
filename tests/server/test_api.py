"""The HTTP API and the case register (issue 13, first part): same outcome as the CLI, access per
organisation (another organisation's case is not found), versions with If-Match, problem documents,
deadlines as iCalendar, nothing lost on a restart."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient
from paths import ROOT

from vpt_rules import evaluate, load_case
from vpt_rules.server import store
from vpt_rules.server.app import MAX_BODY, create_app

EXAMPLE = ROOT / "vpt_rules" / "examples" / "counter_threat.yaml"
AS_OF = "2026-11-21T09:00:00+01:00"


def case_json(**changes: Any) -> dict[str, Any]:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data.update(changes)
    return json.loads(json.dumps(data, default=str))


@pytest.fixture()
def world(database_url: str) -> dict[str, Any]:  # on SQLite and on PostgreSQL (tests/server/conftest.py)
    url = database_url
    sessions = store.open_store(url)
    for name in ("Gemeente Arnhem", "Gemeente Ede"):
        store.create_organisation(sessions, name)
    keys = {"own": store.create_api_key(sessions, "Gemeente Arnhem", "zaaksysteem"),
            "other": store.create_api_key(sessions, "Gemeente Ede", "hr-systeem")}
    return {"url": url, "client": TestClient(create_app(url)), "keys": keys}


def auth(world: dict[str, Any], who: str = "own") -> dict[str, str]:
    return {"Authorization": f"Bearer {world['keys'][who]}"}


def test_evaluate_gives_the_outcome_the_library_gives(world: dict[str, Any]) -> None:
    response = world["client"].post(f"/api/v1/evaluate?as_of={AS_OF.replace('+', '%2B')}", json=case_json(),
                                    headers=auth(world))
    assert response.status_code == 200
    assert response.json() == json.loads(evaluate(load_case(EXAMPLE), as_of=AS_OF).to_json())


def test_a_bad_case_is_a_problem_document_with_every_field(world: dict[str, Any]) -> None:
    data = case_json()
    data["incident"]["in_function"] = "ja"
    data["victim"]["sector"] = "gemeente"
    response = world["client"].post("/api/v1/evaluate", json=data, headers=auth(world))
    assert response.status_code == 422 and response.headers["content-type"] == "application/problem+json"
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"incident.in_function", "victim.sector"} <= fields
    assert "Traceback" not in response.text


def test_a_body_above_one_megabyte_is_refused_before_it_is_parsed(world: dict[str, Any]) -> None:
    response = world["client"].post("/api/v1/evaluate", content=b"{" + b" " * MAX_BODY + b"}",
                                    headers={"Content-Type": "application/json", **auth(world)})
    assert response.status_code == 413 and response.json()["status"] == 413


def test_the_register_needs_a_key(world: dict[str, Any]) -> None:
    assert world["client"].get("/api/v1/cases").status_code == 401
    assert world["client"].post("/api/v1/evaluate", json=case_json()).status_code == 401
    assert world["client"].get("/api/v1/cases", headers={"Authorization": "Bearer wrong"}).status_code == 401


PATHS = ["/api/v1/cases/EX-GEM-2026-017", "/api/v1/cases/EX-GEM-2026-017/outcome",
         "/api/v1/cases/EX-GEM-2026-017/deadlines.ics", "/api/v1/cases/EX-GEM-2026-017/audit"]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize(("who", "status"), [("own", 200), ("other", 404)])
def test_access_matrix_own_and_other_organisation(world: dict[str, Any], path: str, who: str, status: int) -> None:
    assert world["client"].post("/api/v1/cases", json=case_json(), headers=auth(world)).status_code == 201
    assert world["client"].get(path, headers=auth(world, who)).status_code == status
    patched = world["client"].patch("/api/v1/cases/EX-GEM-2026-017", json={"incident": {"weapon": True}},
                                    headers={**auth(world, who), "If-Match": '"1"'})
    assert patched.status_code == status
    listed = world["client"].get("/api/v1/cases", headers=auth(world, who)).json()
    assert [c["case_id"] for c in listed] == (["EX-GEM-2026-017"] if who == "own" else [])


def test_patch_with_a_stale_version_gets_412_and_loses_nothing(world: dict[str, Any]) -> None:
    client = world["client"]
    created = client.post("/api/v1/cases", json=case_json(), headers=auth(world))
    assert created.headers["ETag"] == '"1"'
    first = client.patch("/api/v1/cases/EX-GEM-2026-017", json={"incident": {"weapon": True}},
                         headers={**auth(world), "If-Match": '"1"'})
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = client.patch("/api/v1/cases/EX-GEM-2026-017", json={"incident": {"injury": "hospital"}},
                         headers={**auth(world), "If-Match": '"1"'})
    assert stale.status_code == 412 and stale.headers["content-type"] == "application/problem+json"
    case = client.get("/api/v1/cases/EX-GEM-2026-017", headers=auth(world)).json()["case"]
    assert case["incident"]["weapon"] is True and case["incident"].get("injury", "none") != "hospital"
    audit = client.get("/api/v1/cases/EX-GEM-2026-017/audit", headers=auth(world)).json()
    assert [e["what"] for e in audit] == ["case created", "case changed"]  # the stale change left no trace
    assert all(e["who"] == "key:zaaksysteem" and len(e["rules_digest"]) == 64 for e in audit)


def test_deadlines_as_icalendar_with_stable_uids(world: dict[str, Any]) -> None:
    world["client"].post("/api/v1/cases", json=case_json(), headers=auth(world))
    first = world["client"].get("/api/v1/cases/EX-GEM-2026-017/deadlines.ics", headers=auth(world))
    again = world["client"].get("/api/v1/cases/EX-GEM-2026-017/deadlines.ics", headers=auth(world))
    assert first.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VCALENDAR" in first.text and "UID:EX-GEM-2026-017-perpetrator_letter@vpt-rules" in first.text
    uids = [line for line in first.text.splitlines() if line.startswith("UID:")]
    assert uids == [line for line in again.text.splitlines() if line.startswith("UID:")]


def test_a_restart_loses_nothing(world: dict[str, Any]) -> None:
    world["client"].post("/api/v1/cases", json=case_json(), headers=auth(world))
    restarted = TestClient(create_app(world["url"]))
    got = restarted.get("/api/v1/cases/EX-GEM-2026-017", headers=auth(world))
    assert got.status_code == 200 and got.json()["case"]["case_id"] == "EX-GEM-2026-017"
    listed = restarted.get("/api/v1/cases", headers=auth(world)).json()
    letter = evaluate(load_case(EXAMPLE)).action("perpetrator_letter")
    assert listed[0]["next"] == {"action": "perpetrator_letter", "title": letter.title,  # kept, in Amsterdam time
                                 "due": letter.due.isoformat()}


def test_openapi_document(world: dict[str, Any]) -> None:
    spec = world["client"].get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.1") and "/api/v1/cases" in spec["paths"]
    evaluate_op = spec["paths"]["/api/v1/evaluate"]["post"]
    assert evaluate_op["requestBody"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Case"}
    assert "incident" in spec["components"]["schemas"]["Case"]["properties"]
    assert evaluate_op["security"] == [{"key": []}, {"session": []}]
    assert spec["components"]["securitySchemes"]["key"]["scheme"] == "bearer"
    assert "application/problem+json" in spec["paths"]["/api/v1/cases/{case_id}"]["patch"]["responses"]["412"]["content"]
    assert not [p for p in evaluate_op.get("parameters", []) if p["name"].lower() == "authorization"]


def test_importing_the_library_does_not_import_the_server() -> None:
    import subprocess
    import sys

    code = "import sys, vpt_rules; print(any(m.startswith(('vpt_rules.server', 'fastapi')) for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT).stdout.strip() \
        == "False"
