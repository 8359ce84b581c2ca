"""The pages are Dutch by default and English on request (``?lang=en``, kept in the ``vpt_lang`` cookie, or a
browser whose first language is English), from the same message catalogues as the CLI."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from people import USERS, case_json, form_token, log_in, make_app, person_client, populate, register_file


@pytest.fixture()
def app(tmp_path: Path) -> Any:
    url = register_file(tmp_path)
    populate(url)
    return make_app(url)


def logged_in(app: Any, who: str = "hr", **headers: str) -> TestClient:
    client = TestClient(app, headers=headers)
    assert log_in(client, USERS[who][0]).status_code == 303
    return client


def registered_case(app: Any) -> str:
    """A case of the HR adviser's organisation, made through the API; its page handle."""
    api = person_client(app, "hr")
    assert api.post("/api/v1/cases", json=case_json()).status_code == 201
    found = re.search(r'href="/zaken/([^"/]+)">EX-GEM-2026-017<', api.get("/zaken").text)
    assert found, "the new case is not in the list"
    return found.group(1)


def html_lang(page: str) -> str:
    found = re.search(r'<html lang="(\w+)">', page)
    assert found
    return found.group(1)


def switch_link(page: str) -> tuple[str, str]:
    found = re.search(r'<a class="utrecht-link site-language" href="([^"]+)" lang="(\w+)" hreflang="\w+">', page)
    assert found, "no link to the other language"
    return found.group(1).replace("&amp;", "&"), found.group(2)


def test_the_login_page_is_dutch_by_default_and_english_with_lang_en(app: Any) -> None:
    client = TestClient(app)
    dutch = client.get("/inloggen?volgende=/zaken").text
    assert html_lang(dutch) == "nl" and "<h1 class=\"utrecht-heading-1\">Inloggen</h1>" in dutch
    assert "Vraag het de beheerder van uw organisatie." in dutch
    assert switch_link(dutch) == ("/inloggen?volgende=%2Fzaken&lang=en", "en")  # the same page, its query kept
    english = client.get("/inloggen?volgende=/zaken&lang=en")
    assert html_lang(english.text) == "en" and ">Log in</h1>" in english.text
    assert "<label class=\"utrecht-form-label\" for=\"wachtwoord\">Password</label>" in english.text
    assert "Ask your organisation's administrator." in english.text.replace("&#39;", "'")
    assert switch_link(english.text) == ("/inloggen?volgende=%2Fzaken&lang=nl", "nl")
    assert "vpt_lang=en" in english.headers["set-cookie"]
    wrong = log_in(client, USERS["hr"][0], "niet het wachtwoord")  # the cookie keeps the choice
    assert wrong.status_code == 400 and "The email address or the password is not right." in wrong.text


def test_the_choice_is_remembered_after_logging_in_until_the_other_language_is_chosen(app: Any) -> None:
    client = TestClient(app)
    client.get("/zaken?lang=en", follow_redirects=False)  # not logged in: the redirect keeps the choice
    assert client.cookies.get("vpt_lang") == "en"
    log_in(client, USERS["hr"][0])
    cases = client.get("/zaken").text
    assert html_lang(cases) == "en" and "Report a new case" in cases and "Nieuwe zaak melden" not in cases
    assert ">HR adviser)<" not in cases and "(HR adviser)" in cases and ">Log out<" in cases
    assert "Nothing is due on a deadline this week." in cases and "There are no cases." in cases
    assert switch_link(cases) == ("/zaken?lang=nl", "nl")
    back = client.get("/zaken?lang=nl").text
    assert html_lang(back) == "nl" and "Nieuwe zaak melden" in back and "HR-adviseur" in back
    assert html_lang(client.get("/zaken").text) == "nl"


@pytest.mark.parametrize(("accept", "lang"), [("en-GB,en;q=0.9,nl;q=0.5", "en"), ("en", "en"),
                                              ("nl-NL,nl;q=0.9,en;q=0.5", "nl"), ("de-DE", "nl"), ("", "nl")])
def test_the_browser_language_chooses_when_nothing_else_did(app: Any, accept: str, lang: str) -> None:
    client = logged_in(app, **({"accept-language": accept} if accept else {}))
    page = client.get("/zaken").text
    assert html_lang(page) == lang
    assert ("Report a new case" if lang == "en" else "Nieuwe zaak melden") in page
    assert html_lang(client.get("/zaken?lang=nl" if lang == "en" else "/zaken?lang=en").text) != lang


def new_case_errors(client: TestClient) -> str:
    token = form_token(client.get("/zaken").text)
    step = client.post("/zaken/nieuw", data={"csrf": token}, follow_redirects=False).headers["location"]
    answer = client.post(step, data={"csrf": token})
    assert answer.status_code == 422
    return answer.text


def field_error(page: str, field_id: str) -> str:
    """The message tied to a field by its aria-describedby (the hidden 'Error: ' prefix left out)."""
    described = re.search(rf'id="{field_id}"[^>]*aria-describedby="([^"]+)"', page)
    assert described, f"#{field_id} has no description"
    error_id = described.group(1).split()[-1]
    found = re.search(rf'<p class="utrecht-form-field-error-message" id="{error_id}">(.*?)</p>', page)
    assert found
    return re.sub(r"<span class=\"visually-hidden\">[^<]*</span>", "", found.group(1))


def test_a_step_shows_its_field_messages_in_the_page_language(app: Any) -> None:
    english = new_case_errors(logged_in(app, **{"accept-language": "en-US"}))
    assert "<title>Error: The incident – Veilige Publieke Taak</title>" in english
    assert "Step 1 of 4" in english and "There is a problem" in english
    assert field_error(english, "f-case-id") == "Case number: is required"
    assert field_error(english, "f-incident-location") == "Where did it happen: is required"
    assert '<span class="visually-hidden">Error: </span>' in english
    assert "Insults or swearing" in english and "(optional)" in english and ">Yes</label>" in english
    dutch = new_case_errors(logged_in(app))
    assert "Stap 1 van 4" in dutch and "Er is een probleem" in dutch
    assert field_error(dutch, "f-case-id") == "Zaaknummer: is verplicht"
    assert field_error(dutch, "f-incident-location") == "Waar gebeurde het: is verplicht"
    assert "Belediging of schelden" in dutch and "(niet verplicht)" in dutch and ">Ja</label>" in dutch


def test_a_wrong_postcode_is_explained_in_the_page_language(app: Any) -> None:
    client = logged_in(app)
    token = form_token(client.get("/zaken").text)
    step = client.post("/zaken/nieuw", data={"csrf": token}, follow_redirects=False).headers["location"]
    key = step.split("/")[2]
    answer = client.post(f"/zaken/{key}/stap/medewerker?lang=en",
                         data={"csrf": token, "employer.address.postcode": "35 21AZZ"})
    assert field_error(answer.text, "f-employer-address-postcode") == (
        "Postcode: write a Dutch postcode as 1234 AB (abroad: the country code first, such as B-1000)")
    assert switch_link(answer.text)[0] == f"/zaken/{key}/stap/medewerker?lang=nl"


def test_the_outcome_page_in_english_and_in_dutch(app: Any) -> None:
    key = registered_case(app)
    english = logged_in(app, **{"accept-language": "en"}).get(f"/zaken/{key}").text
    assert html_lang(english) == "en" and "<title>Case EX-GEM-2026-017 – Veilige Publieke Taak</title>" in english
    for text in ("This is a VPT case: aggression against someone with a public task.", "What must happen",
                 "Letters", ": view and download</a>", "Record what was done",
                 "Record the sending", "Deadlines in your calendar (.ics)"):
        assert text in english, text
    assert re.search(r"\d+ (days?|hours?|minutes?) (late|left)", english)
    assert re.search(r"by (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d+ [A-Z][a-z]+ 20\d\d", english)
    dutch = logged_in(app).get(f"/zaken/{key}").text
    for text in ("Dit is een VPT-zaak", "Wat moet er gebeuren", ": bekijken en downloaden</a>", "Verzending vastleggen"):
        assert text in dutch, text
    assert re.search(r"(nog \d+ (dagen|dag|uur|minuten|minuut))|(\d+ (dagen|dag|uur|minuten|minuut) te laat)", dutch)
    assert re.search(r"uiterlijk (maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag) \d+ [a-z]+ 20\d\d", dutch)


def test_recorded_events_and_the_claim_use_english_dates_and_money(app: Any) -> None:
    key = registered_case(app)
    helpdesk = logged_in(app, "helpdesk", **{"accept-language": "en"})
    token = form_token(helpdesk.get(f"/zaken/{key}").text)
    paid = helpdesk.post(f"/zaken/{key}/gebeurtenis", data={"csrf": token, "soort": "betaling", "bedrag": "1234.5",
                                                             "datum": "2026-11-02"})
    assert paid.status_code == 200
    assert "Payment of €1,234.50 on 2 November 2026 – recorded by hulp@vpt.nl" in paid.text
    dutch = logged_in(app, "helpdesk").get(f"/zaken/{key}").text
    assert "Betaling van €\u00a01.234,50 op 2 november 2026 – vastgelegd door hulp@vpt.nl" in dutch
    claim = helpdesk.get(f"/zaken/{key}/vordering?tot=2026-12-31").text
    assert "Damage calculation EX-GEM-2026-017" in claim and "The claim up to and including 31 December 2026" in claim
    assert "Routes side by side" in claim and "Staff member: €" in claim
    csv = helpdesk.get(f"/zaken/{key}/vordering.csv?tot=2026-12-31").text
    assert csv.lstrip("\ufeff").startswith("party;item;description;date;amount")


def test_the_admin_page_and_error_pages_in_english(app: Any) -> None:
    admin = logged_in(app, "admin", **{"accept-language": "en"})
    page = admin.get("/beheer").text
    assert "Administration: Gemeente Arnhem" in page and "hr@arnhem.nl – HR adviser" in page
    refused = admin.post("/beheer/gebruiker", data={"csrf": form_token(page), "email": "n@arnhem.nl", "role": "hr",
                                                    "password": "kort"})
    assert refused.status_code == 422 and "Password: must be at least 12 characters" in refused.text
    assert switch_link(refused.text)[0] == "/beheer?lang=nl"  # the form's answer has no page of its own
    hr = logged_in(app, **{"accept-language": "en"})
    missing = hr.get("/zaken/geen-zaak")
    assert missing.status_code == 404
    assert "This page or case does not exist, or does not belong to your organisation." in missing.text
    assert "Only an administrator may open this page." in hr.get("/beheer").text


def test_no_dutch_page_text_is_left_on_the_english_pages(app: Any) -> None:
    """A sample of words that only the Dutch pages use (the law's sources and letters stay Dutch)."""
    key = registered_case(app)
    client = logged_in(app, **{"accept-language": "en"})
    pages = [client.get(path).text for path in ("/zaken", f"/zaken/{key}", f"/zaken/{key}/controleer",
                                                f"/zaken/{key}/stap/incident", f"/zaken/{key}/stap/medewerker",
                                                f"/zaken/{key}/stap/dader", f"/zaken/{key}/stap/maatregel")]
    dutch = ("Zaken<", "Uitloggen", "Volgende", "Wijzig<", "niet verplicht", "Controleer", "Stap ", "Naar de inhoud",
             "Hoofdmenu", "vastleggen", "uiterlijk", "Niet ingevuld", "Kies…", "Gemeente<", "Bevestigen")
    for page in pages:
        visible = re.sub(r'<p class="utrecht-paragraph klein">Source: .*?</p>', "", re.sub(r'="[^"]*"', "", page))
        assert [word for word in dutch if word in visible] == []
    assert re.search(r"<dd>20\d\d-\d\d-\d\d at \d\d:\d\d", pages[2])  # the moment: 'at', not 'om'
