"""People log in: argon2 hashes, a session cookie that is HttpOnly and SameSite, form tokens on every post,
a slowed and then locked login, security headers with a CSP without inline script."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from people import PASSWORD, USERS, form_token, log_in, make_app, populate, register_file
from sqlalchemy import select

from vpt_rules.server import access
from vpt_rules.server.tables import User


@pytest.fixture()
def app(tmp_path: Path) -> Any:
    url = register_file(tmp_path)
    populate(url)
    return make_app(url)


def test_a_page_sends_a_stranger_to_the_login_and_back_after(app: Any) -> None:
    client = TestClient(app)
    first = client.get("/zaken?filter=overdue", follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"] == "/inloggen?volgende=/zaken"
    token = form_token(client.get("/inloggen?volgende=/zaken").text)
    answer = client.post("/inloggen", data={"email": "HR@arnhem.nl ", "wachtwoord": PASSWORD, "csrf": token,
                                            "volgende": "/zaken"}, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/zaken"
    cookie = answer.headers["set-cookie"]
    assert "vpt_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Zaken" in client.get("/zaken").text


def test_the_password_is_stored_as_an_argon2_hash(app: Any) -> None:
    with app.state.sessions() as db:
        stored = db.scalar(select(User.password_hash).where(User.email == USERS["hr"][0]))
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_a_wrong_password_is_refused_in_dutch_without_saying_which_part_was_wrong(app: Any) -> None:
    client = TestClient(app)
    wrong = log_in(client, USERS["hr"][0], "niet het wachtwoord")
    unknown = log_in(client, "niemand@arnhem.nl", "niet het wachtwoord")
    for answer in (wrong, unknown):
        assert answer.status_code == 400 and "Het e-mailadres of het wachtwoord klopt niet." in answer.text
        assert "vpt_session" not in answer.headers.get("set-cookie", "")


def test_the_login_is_locked_after_repeated_failures_and_then_refuses_the_right_password(app: Any) -> None:
    client = TestClient(app)
    for _ in range(access.LOCK_AFTER - 1):
        assert log_in(client, USERS["hr"][0], "fout wachtwoord").status_code == 400
    locked = log_in(client, USERS["hr"][0], "fout wachtwoord")
    assert f"{access.LOCK_MINUTES} minuten geblokkeerd" in locked.text
    assert "geblokkeerd" in log_in(client, USERS["hr"][0], PASSWORD).text  # even the right one, for now


def test_logins_are_slowed_after_a_few_failures(app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    waits: list[float] = []
    monkeypatch.setattr(access.time, "sleep", waits.append)
    app.state.slow_logins = True
    client = TestClient(app)
    for _ in range(access.SLOW_AFTER + 2):
        log_in(client, USERS["hr"][0], "fout wachtwoord")
    assert waits == [0.5, 1.0]  # the 4th and 5th try wait, longer each time


def test_a_form_post_without_the_session_token_changes_nothing(app: Any) -> None:
    client = TestClient(app)
    log_in(client, USERS["hr"][0])
    refused = client.post("/zaken/nieuw", data={"csrf": "vervalst"}, follow_redirects=False)
    assert refused.status_code == 403 and "Formulier verlopen" in refused.text
    assert "Nieuwe zaak (nog geen zaaknummer)" not in client.get("/zaken").text
    token = form_token(client.get("/zaken").text)
    made = client.post("/zaken/nieuw", data={"csrf": token}, follow_redirects=False)
    assert made.status_code == 303 and "/stap/" in made.headers["location"]


def test_the_login_form_itself_needs_its_token(app: Any) -> None:
    client = TestClient(app)
    answer = client.post("/inloggen", data={"email": USERS["hr"][0], "wachtwoord": PASSWORD, "csrf": "x"},
                         follow_redirects=False)
    assert answer.status_code == 400 and "verlopen" in answer.text


def test_after_logging_out_the_session_is_gone(app: Any) -> None:
    client = TestClient(app)
    log_in(client, USERS["hr"][0])
    old = client.cookies.get("vpt_session")
    client.post("/uitloggen", data={"csrf": form_token(client.get("/zaken").text)})
    again = TestClient(app, cookies={"vpt_session": old})
    assert again.get("/zaken", follow_redirects=False).status_code == 303


def test_the_next_address_after_login_stays_on_this_site(app: Any) -> None:
    client = TestClient(app)
    page = client.get("/inloggen?volgende=//evil.example/x").text
    assert re.search(r'name="volgende" value="/"', page)


def test_security_headers_and_a_csp_without_inline_script(app: Any) -> None:
    client = TestClient(app)
    page = client.get("/inloggen")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert page.headers["x-frame-options"] == "DENY" and page.headers["x-content-type-options"] == "nosniff"
    assert "<script>" not in page.text
    api = client.get("/api/v1/rules")
    assert api.headers["content-security-policy"].startswith("default-src 'none'")


def test_an_admin_sets_a_new_password_which_lifts_the_lock(app: Any, tmp_path: Path) -> None:
    from vpt_rules.server import store

    client = TestClient(app)
    for _ in range(access.LOCK_AFTER):
        log_in(client, USERS["hr"][0], "fout wachtwoord")
    assert "geblokkeerd" in log_in(client, USERS["hr"][0], PASSWORD).text
    store.set_password(app.state.sessions, USERS["hr"][0], "een heel nieuw wachtwoord")
    assert log_in(client, USERS["hr"][0], PASSWORD).status_code == 400  # the old one no longer works
    assert log_in(client, USERS["hr"][0], "een heel nieuw wachtwoord").status_code == 303


def test_answers_sent_after_the_session_expired_are_saved_after_logging_in_again(app: Any) -> None:
    from sqlalchemy import update

    from vpt_rules.server.tables import LoginSession

    client = TestClient(app)
    log_in(client, USERS["hr"][0])
    step = client.post("/zaken/nieuw", data={"csrf": form_token(client.get("/zaken").text)},
                       follow_redirects=False).headers["location"]
    token = form_token(client.get(step).text)
    with app.state.sessions.begin() as db:  # the working day is over: the session expires
        db.execute(update(LoginSession).values(expires_at=datetime.now(UTC) - timedelta(minutes=1)))
    answers = {"csrf": token, "case_id": "LATER-INGEVULD", "incident.location": "Balie 7",
               "incident.kinds": ["threat", "intimidation"]}
    expired = client.post(step, data=answers, follow_redirects=False)
    assert expired.status_code == 401 and "wat u net invulde wordt dan bewaard" in expired.text
    pending = re.search(r'name="pending" value="([^"]+)"', expired.text)
    assert pending and "Balie 7" in html.unescape(pending.group(1))
    again = client.post("/inloggen", data={"email": USERS["hr"][0], "wachtwoord": PASSWORD,
                                           "csrf": form_token(expired.text), "volgende": step,
                                           "pending": html.unescape(pending.group(1))}, follow_redirects=False)
    assert again.status_code == 303 and again.headers["location"] == step  # the step is not complete yet
    page = client.get(step).text
    assert 'value="LATER-INGEVULD"' in page and 'value="Balie 7"' in page
    assert re.search(r'value="threat"[^>]*checked', page) and re.search(r'value="intimidation"[^>]*checked', page)


def test_an_admin_sets_a_new_password_on_the_admin_page_only_for_their_own_organisation(app: Any) -> None:
    admin = TestClient(app)
    log_in(admin, USERS["admin"][0])
    token = form_token(admin.get("/beheer").text)
    other = admin.post("/beheer/wachtwoord", data={"csrf": token, "persoon": USERS["hr_other"][0],
                                                  "nieuw_wachtwoord": "overgenomen wachtwoord"})
    assert other.status_code == 422 and "kies iemand van uw organisatie" in other.text
    assert log_in(TestClient(app), USERS["hr_other"][0], "overgenomen wachtwoord").status_code == 400
    short = admin.post("/beheer/wachtwoord", data={"csrf": token, "persoon": USERS["hr"][0], "nieuw_wachtwoord": "kort"})
    assert short.status_code == 422 and 'aria-invalid="true" aria-describedby="nieuw_wachtwoord-fout"' in short.text
    done = admin.post("/beheer/wachtwoord", data={"csrf": token, "persoon": USERS["hr"][0],
                                                 "nieuw_wachtwoord": "een vers wachtwoord 7"})
    assert done.status_code == 200 and "kan nu inloggen met het nieuwe wachtwoord" in done.text
    assert log_in(TestClient(app), USERS["hr"][0], "een vers wachtwoord 7").status_code == 303
