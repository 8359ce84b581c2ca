"""A register with two organisations and someone of every kind, and logging in through the login page."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml
from fastapi.testclient import TestClient
from paths import ROOT

from vpt_rules.server import store
from vpt_rules.server.app import create_app

EXAMPLE = ROOT / "vpt_rules" / "examples" / "counter_threat.yaml"
PASSWORD = "een lang wachtwoord 42"
OWN, OTHER, HELPDESK = "Gemeente Arnhem", "Gemeente Ede", "Helpdesk VPT"
USERS = {"hr": ("hr@arnhem.nl", "hr", [OWN]), "helpdesk": ("hulp@vpt.nl", "helpdesk", [HELPDESK, OWN]),
         "admin": ("beheer@arnhem.nl", "admin", [OWN]), "hr_other": ("hr@ede.nl", "hr", [OTHER])}


def case_json(**changes: Any) -> dict[str, Any]:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data.update(changes)
    return json.loads(json.dumps(data, default=str))


def populate(url: str) -> dict[str, str]:
    """Organisations, a person per role and a key per organisation; returns the keys."""
    sessions = store.open_store(url)
    for name in (OWN, OTHER, HELPDESK):
        store.create_organisation(sessions, name)
    for email, role, organisations in USERS.values():
        store.create_user(sessions, email, PASSWORD, role, organisations)
    return {"key": store.create_api_key(sessions, OWN, "zaaksysteem"),
            "key_other": store.create_api_key(sessions, OTHER, "hr-systeem")}


def make_app(url: str) -> Any:
    app = create_app(url)
    app.state.slow_logins = False  # the slowing is tested on its own
    return app


def form_token(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no form token on the page"
    return found.group(1)


def log_in(client: TestClient, email: str, password: str = PASSWORD) -> Any:
    token = form_token(client.get("/inloggen").text)
    return client.post("/inloggen", data={"email": email, "wachtwoord": password, "csrf": token, "volgende": "/"},
                       follow_redirects=False)


def person_client(app: Any, who: str) -> TestClient:
    """A client logged in as one of USERS, sending the session's form token with every API change."""
    client = TestClient(app)
    assert log_in(client, USERS[who][0]).status_code == 303
    client.headers["X-CSRF-Token"] = client.get("/api/v1/me").json()["csrf"]
    return client


def register_file(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'register.sqlite3'}"
