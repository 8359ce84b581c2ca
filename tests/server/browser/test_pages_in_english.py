"""The pages in English, in a real browser whose language is English: the login, the case list, a new case
with its field messages, the check page and the outcome; axe-core checks every English page too. The link in
the header switches to Dutch and back, on the same page."""

from __future__ import annotations

from conftest import check_page
from people import PASSWORD, USERS


def english_context(browser):
    context = browser.new_context(locale="en-GB", accept_downloads=True, bypass_csp=True,
                                  viewport={"width": 1024, "height": 800})
    context.set_default_timeout(10_000)
    return context


def test_an_english_browser_gets_english_pages_and_can_switch(server_url, browser):
    context = english_context(browser)
    try:
        page = context.new_page()
        page.goto(f"{server_url}/zaken")  # not logged in: the login page, in English
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.get_by_role("heading", name="Log in").is_visible()
        check_page(page, "en-00-login")
        page.get_by_label("Email address").fill(USERS["hr"][0])
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url("**/zaken")
        assert page.get_by_role("heading", name="Cases", exact=True).is_visible()
        assert page.get_by_role("button", name="Log out").is_visible()
        check_page(page, "en-01-cases")

        page.get_by_role("button", name="Report a new case").click()
        assert page.get_by_text("Step 1 of 4").is_visible()
        page.get_by_role("button", name="Next").click()
        assert page.get_by_role("heading", name="There is a problem").is_visible()
        location = page.get_by_label("Where did it happen?")
        assert location.get_attribute("aria-invalid") == "true"
        message = page.locator("#" + location.get_attribute("aria-describedby").split()[-1]).inner_text()
        assert message.split() == "Error: Where did it happen: is required".split()
        check_page(page, "en-02-incident-errors")

        page.get_by_role("link", name="Nederlands").click()  # the same step, in Dutch
        assert page.locator("html").get_attribute("lang") == "nl"
        assert page.get_by_role("heading", name="Het incident").is_visible()
        page.get_by_role("link", name="English").click()
        assert page.get_by_role("heading", name="The incident").is_visible()

        page.get_by_label("Case number").fill("ENGLISH-2026-001")
        page.get_by_label("When did it happen?").fill("2026-11-20T14:30")
        page.get_by_label("Where did it happen?").fill("City office, counter 3")
        page.get_by_label("What happened?").fill("A customer threatened the counter clerk.")
        page.get_by_label("Threat", exact=True).check()
        page.locator("#f-incident-in-function-ja").check()
        page.get_by_role("button", name="Next").click()

        page.get_by_label("Name of the staff member").fill("A. de Vries")
        page.get_by_label("Job title", exact=True).fill("Counter clerk")
        page.get_by_label("Sector").select_option(label="Municipality")
        page.get_by_label("Name of the employer").fill("Gemeente Arnhem")
        page.get_by_label("Street and house number").fill("Eusebiusbuitensingel 1")
        page.get_by_label("Postcode", exact=True).fill("68 11XX X")
        page.get_by_label("Town or city").fill("Arnhem")
        for label, value in [("Contact person", "W. Hendriks"), ("Job title of the contact person", "Adviser"),
                             ("Phone of the contact person", "026-3775000"),
                             ("Email of the contact person", "veilig@arnhem.example"),
                             ("Who signs the letter?", "E. Willems"), ("Job title of the signatory", "Director")]:
            page.get_by_label(label, exact=True).fill(value)
        page.get_by_role("button", name="Next").click()
        postcode = page.get_by_label("Postcode", exact=True)
        assert postcode.get_attribute("aria-invalid") == "true"
        assert "write a Dutch postcode as 1234 AB" in page.locator(".foutoverzicht").inner_text()
        check_page(page, "en-03-postcode")
        postcode.fill("6811 LA")
        page.get_by_role("button", name="Next").click()

        page.locator("#f-perpetrator-known-ja").check()
        page.get_by_label("Name of the perpetrator").fill("E. Visser")
        page.get_by_role("button", name="Next").click()
        page.get_by_label("Which measure do you take?").select_option(label="Warning letter")
        page.get_by_role("button", name="Next").click()
        assert page.get_by_role("heading", name="Check your answers").is_visible()
        assert page.get_by_text("2026-11-20 at 14:30").is_visible()
        check_page(page, "en-04-check")
        page.get_by_role("button", name="Confirm and see what must happen").click()

        assert page.get_by_role("heading", name="Case ENGLISH-2026-001").is_visible()
        assert page.get_by_role("heading", name="What must happen").is_visible()
        assert page.get_by_role("link", name="Warning letter to the perpetrator: view and download").is_visible()
        assert page.get_by_role("button", name="Record the sending").is_visible()
        check_page(page, "en-05-outcome")
    finally:
        context.close()
