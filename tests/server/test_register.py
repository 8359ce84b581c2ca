"""The register over time: events re-evaluate a case and close its actions, the deadline list answers "due
within N hours", generated documents are kept with their hash, and POST /documents makes them statelessly."""

from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from people import case_json, make_app, populate

from vpt_rules import evaluate, load_case
from vpt_rules.model.values import AMSTERDAM

CASE = "EX-GEM-2026-017"


@pytest.fixture()
def client(database_url: str) -> TestClient:
    keys = populate(database_url)
    url = database_url
    client = TestClient(make_app(url), headers={"Authorization": f"Bearer {keys['key']}"})
    assert client.post("/api/v1/cases", json=case_json()).status_code == 201
    return client


def actions(client: TestClient) -> list[str]:
    return [a["id"] for a in client.get(f"/api/v1/cases/{CASE}/outcome").json()["actions"]]


def test_a_filed_report_re_evaluates_the_case_and_its_deadlines(client: TestClient) -> None:
    assert "police_report" in actions(client)
    answer = client.post(f"/api/v1/cases/{CASE}/events", json={"kind": "report_filed", "at": "2026-10-06T09:00:00",
                                                                "reference": "PL0900-2026123456"})
    assert answer.status_code == 201 and answer.json()["version"] == 2
    assert "police_report" not in actions(client)
    case = client.get(f"/api/v1/cases/{CASE}").json()["case"]
    assert case["report"] == {"status": "filed", "filed_at": "2026-10-06T09:00:00", "filed_by": "employee",
                              "police_reference": "PL0900-2026123456"}
    listed = client.get(f"/api/v1/cases/{CASE}/events").json()
    assert listed[0]["kind"] == "report_filed" and listed[0]["by"] == "key:zaaksysteem"
    assert client.get(f"/api/v1/cases/{CASE}/audit").json()[-1]["what"] == "event: report_filed"


def test_the_letter_sent_closes_its_deadline_in_the_list_and_the_calendar(client: TestClient) -> None:
    first = client.get("/api/v1/cases").json()[0]["next"]
    assert first["action"] == "perpetrator_letter"
    assert "perpetrator_letter@" in client.get(f"/api/v1/cases/{CASE}/deadlines.ics").text
    assert client.post(f"/api/v1/cases/{CASE}/events", json={"kind": "letter_sent", "on": "2026-10-06"}).status_code \
        == 201
    after = client.get("/api/v1/cases").json()[0]["next"]
    assert after["action"] != "perpetrator_letter"
    assert "perpetrator_letter@" not in client.get(f"/api/v1/cases/{CASE}/deadlines.ics").text


def test_due_within_hours_is_answered_from_the_deadline_rows(client: TestClient) -> None:
    assert [c["case_id"] for c in client.get("/api/v1/cases?due_within_hours=12").json()] == [CASE]  # overdue
    late = case_json(case_id="LATER-1")
    just_now = (datetime.now(UTC) - timedelta(hours=1)).replace(microsecond=0).isoformat()
    late["incident"]["occurred_at"] = late["incident"]["known_to_employer_at"] = just_now
    assert client.post("/api/v1/cases", json=late).status_code == 201  # its letter is due in 47 hours
    assert [c["case_id"] for c in client.get("/api/v1/cases?due_within_hours=12").json()] == [CASE]
    assert [c["case_id"] for c in client.get("/api/v1/cases?due_within_hours=48").json()] == [CASE, "LATER-1"]
    assert [c["case_id"] for c in client.get("/api/v1/cases").json()] == [CASE, "LATER-1"]


def test_a_judgment_and_a_payment_fill_in_the_criminal_case(client: TestClient) -> None:
    client.post(f"/api/v1/cases/{CASE}/events", json={"kind": "judgment", "final_on": "2026-11-02",
                                                      "compensation_order": True, "awarded": "250,00"})
    client.post(f"/api/v1/cases/{CASE}/events", json={"kind": "payment", "amount": "100.00", "on": "2026-11-10"})
    prosecution = client.get(f"/api/v1/cases/{CASE}").json()["case"]["prosecution"]
    assert prosecution == {"status": "convicted", "judgment_final_on": "2026-11-02", "compensation_order": True,
                           "compensation_awarded": "250.00", "compensation_paid": "100.00"}


def test_a_bad_event_names_its_field_and_changes_nothing(client: TestClient) -> None:
    answer = client.post(f"/api/v1/cases/{CASE}/events", json={"kind": "payment", "amount": "-5", "on": "gisteren"})
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "amount"
    unknown = client.post(f"/api/v1/cases/{CASE}/events", json={"kind": "party"})
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "kind"
    assert client.get(f"/api/v1/cases/{CASE}").json()["version"] == 1
    assert client.get(f"/api/v1/cases/{CASE}/events").json() == []


def test_a_generated_document_is_kept_with_its_hash(client: TestClient) -> None:
    answer = client.get(f"/api/v1/cases/{CASE}/documents/perpetrator_letter_ban")
    assert answer.status_code == 200 and answer.content[:2] == b"PK"
    digest = hashlib.sha256(answer.content).hexdigest()
    entry = client.get(f"/api/v1/cases/{CASE}/audit").json()[-1]
    assert entry["what"] == "document made: perpetrator_letter_ban.docx" and entry["document_hash"] == digest
    assert entry["who"] == "key:zaaksysteem" and len(entry["rules_digest"]) == 64
    assert client.get(f"/api/v1/cases/{CASE}/documents/liability_letter").status_code == 404  # not for this case


def test_post_documents_gives_a_zip_of_every_document_or_one(client: TestClient) -> None:
    data = case_json(damages={"items": [{"party": "employee", "kind": "property", "amount": "120.00",
                                         "incurred_on": "2026-11-20", "description": "Bril kapot"}]})
    archive = client.post("/api/v1/documents", json=data)
    assert archive.status_code == 200 and archive.headers["content-type"] == "application/zip"
    names = sorted(zipfile.ZipFile(io.BytesIO(archive.content)).namelist())
    expected = sorted(f"{CASE}_{d}.docx" for d in evaluate(load_case(data)).documents)
    assert names == expected and len(names) == 4
    one = client.post("/api/v1/documents?document=liability_letter", json=data)
    assert one.status_code == 200 and one.content[:2] == b"PK"
    import docx

    text = "\n".join(p.text for p in docx.Document(io.BytesIO(one.content)).paragraphs)
    assert "aansprakelijk" in text.lower()
    assert client.get(f"/api/v1/cases/{CASE}/audit").json()[-1]["what"] == "case created"  # stateless: no trace


def test_who_am_i(client: TestClient) -> None:
    assert client.get("/api/v1/me").json() == {"name": "key:zaaksysteem", "role": "system",
                                               "organisations": ["Gemeente Arnhem"]}


def test_the_same_case_number_twice_is_a_conflict_naming_the_field(client: TestClient) -> None:
    again = client.post("/api/v1/cases", json=case_json())
    assert again.status_code == 409 and again.json()["errors"][0]["field"] == "case_id"




def test_the_calendar_is_in_amsterdam_time_with_its_zone_and_folded_lines(client: TestClient) -> None:
    text = client.get(f"/api/v1/cases/{CASE}/deadlines.ics").text
    assert "BEGIN:VTIMEZONE\r\nTZID:Europe/Amsterdam" in text
    letter = evaluate(load_case(case_json())).action("perpetrator_letter")
    local = letter.due.astimezone(AMSTERDAM).strftime("%Y%m%dT%H%M%S")
    assert f"DTSTART;TZID=Europe/Amsterdam:{local}" in text
    lines = text.split("\r\n")
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    unfolded = text.replace("\r\n ", "")
    assert f"SUMMARY:{CASE}: {letter.title}" in unfolded.replace("\\,", ",")  # a long line, whole again


def test_a_key_is_looked_up_once_then_kept_for_a_minute(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from vpt_rules.server import access

    access._known_keys.clear()
    looked_up: list[str] = []
    original = access.select

    def counting(*args: Any) -> Any:
        looked_up.append("query")
        return original(*args)

    monkeypatch.setattr(access, "select", counting)
    for _ in range(3):
        assert client.get("/api/v1/me").status_code == 200
    assert looked_up == ["query"]
    assert client.get("/api/v1/me", headers={"Authorization": "Bearer vpt_wrong"}).status_code == 401  # never kept
