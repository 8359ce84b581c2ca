"""The admin's page in a real browser: people and keys of the organisation, a new colleague added after an
inline error, a key shown once; axe on every state of the page."""

from __future__ import annotations

from conftest import browser_context, check_page
from people import PASSWORD, USERS


def test_an_admin_adds_a_colleague_and_a_key(server_url, anonymous, browser):
    page = anonymous.new_page()
    page.goto(f"{server_url}/inloggen")
    page.get_by_label("E-mailadres").fill(USERS["admin"][0])
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    assert page.get_by_role("heading", name="Beheer: Gemeente Arnhem").is_visible()
    assert page.get_by_text("hr@arnhem.nl – HR-adviseur").is_visible()
    assert page.get_by_text("hr@ede.nl").count() == 0  # another organisation's people are not shown
    check_page(page, "30-beheer")

    page.get_by_label("E-mailadres").fill("nieuw@arnhem.nl")
    page.get_by_label("Eerste wachtwoord (minstens 12 tekens)").fill("kort")
    page.get_by_role("button", name="Gebruiker toevoegen").click()
    password = page.get_by_label("Eerste wachtwoord (minstens 12 tekens)")
    assert password.get_attribute("aria-invalid") == "true"
    assert "12" in page.locator("#password-fout").inner_text()
    assert page.get_by_label("E-mailadres").input_value() == "nieuw@arnhem.nl"  # kept
    check_page(page, "31-beheer-fout")
    password.fill("nog een lang wachtwoord")
    page.get_by_role("button", name="Gebruiker toevoegen").click()
    assert page.get_by_text("nieuw@arnhem.nl – HR-adviseur").is_visible()

    page.get_by_label("Naam van het systeem").fill("zaaksysteem-2")
    page.get_by_role("button", name="Sleutel maken").click()
    key = page.locator("code.sleutel").inner_text()
    assert key.startswith("vpt_")
    check_page(page, "32-beheer-sleutel")
    page.reload()
    assert key not in page.content()  # shown once

    # the new colleague logs in with the password the admin chose, and lands on the case list
    with browser_context(browser, server_url, "nieuw@arnhem.nl", "nog een lang wachtwoord") as colleague:
        other = colleague.new_page()
        other.goto(f"{server_url}/zaken")
        assert other.get_by_role("heading", name="Zaken", exact=True).is_visible()

