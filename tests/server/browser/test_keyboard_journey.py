"""Keyboard alone: a new case from the list to the letter, moving only with Tab, typing, Space and Enter."""

from __future__ import annotations

from conftest import check_page
from people import PASSWORD, USERS


def tab_to(page, element_id: str, limit: int = 120) -> None:
    """Press Tab until the element with this id has focus (fails when it is never reached)."""
    for _ in range(limit):
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reaches #{element_id}")


def tab_to_text(page, text: str, limit: int = 120) -> None:
    for _ in range(limit):
        if page.evaluate("document.activeElement && document.activeElement.textContent.trim()") == text:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reaches '{text}'")


def type_into(page, element_id: str, text: str) -> None:
    tab_to(page, element_id)
    page.keyboard.type(text)


def choose(page, element_id: str, option_text: str) -> None:
    """A select: typing the start of an option's text picks it (as a keyboard user does)."""
    tab_to(page, element_id)
    page.keyboard.type(option_text)
    assert option_text in page.evaluate("document.activeElement.selectedOptions[0].textContent")


def submit(page, label: str) -> None:
    tab_to_text(page, label)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_keyboard_alone_gets_to_the_letter(server_url, anonymous):
    page = anonymous.new_page()
    page.goto(f"{server_url}/zaken")  # not logged in: the login page, which brings the person back after
    assert page.get_by_role("heading", name="Inloggen").is_visible()
    check_page(page, "00-inloggen")
    type_into(page, "email", USERS["hr"][0])
    type_into(page, "wachtwoord", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", name="Zaken", exact=True).is_visible()
    submit(page, "Nieuwe zaak melden")

    type_into(page, "f-case-id", "TOETSENBORD-1")
    # The one answer not typed here: the native date-and-time field's parts follow chromium's own UI locale
    # (month-day in this build), so the test sets it directly; it is reached by Tab like every other field.
    tab_to(page, "f-incident-occurred-at")
    page.locator("#f-incident-occurred-at").fill("2026-11-20T14:30")
    assert page.locator("#f-incident-occurred-at").input_value() == "2026-11-20T14:30"
    type_into(page, "f-incident-location", "Balie 2")
    type_into(page, "f-incident-description", "Klant dreigde de medewerker.")
    tab_to(page, "f-incident-kinds-threat")
    page.keyboard.press("Space")
    tab_to(page, "f-incident-in-function-ja")
    page.keyboard.press("Space")
    submit(page, "Volgende")
    assert page.url.endswith("/stap/medewerker"), page.locator(".foutoverzicht").all_inner_texts()

    for element_id, text in [("f-victim-name", "B. Bakker"), ("f-victim-job-title", "Baliemedewerker")]:
        type_into(page, element_id, text)
    choose(page, "f-victim-sector", "Gemeente")
    for element_id, text in [("f-employer-name", "Gemeente Zeist"), ("f-employer-address-street", "Het Rond 1"),
                             ("f-employer-address-postcode", "3701 HS"), ("f-employer-address-city", "Zeist"),
                             ("f-employer-contact-name", "C. de Wit"), ("f-employer-contact-function", "Adviseur"),
                             ("f-employer-contact-phone", "14030"),
                             ("f-employer-contact-email", "veilig@zeist.example"),
                             ("f-employer-signatory-name", "D. Smit"),
                             ("f-employer-signatory-function", "Directeur")]:
        type_into(page, element_id, text)
    submit(page, "Volgende")
    assert page.url.endswith("/stap/dader")

    tab_to(page, "f-perpetrator-known-ja")
    page.keyboard.press("Space")
    type_into(page, "f-perpetrator-name", "E. Visser")
    submit(page, "Volgende")
    choose(page, "f-response-measure", "Waarschuwingsbrief")
    submit(page, "Volgende")
    assert page.url.endswith("/controleer")
    submit(page, "Bevestigen en bekijken wat er moet gebeuren")

    tab_to_text(page, "Waarschuwingsbrief aan de dader: bekijken en downloaden")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("CONCEPT", exact=True).is_visible()
    check_page(page, "30-toetsenbord-brief")
    tab_to_text(page, "Download als Word-bestand (.docx)")
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    assert info.value.suggested_filename == "TOETSENBORD-1_perpetrator_letter_warning.docx"


def test_keyboard_alone_gets_the_helpdesk_to_a_claim(server_url, context, helpdesk):
    from test_helpdesk_claim import make_case

    hr = context.new_page()  # the HR adviser registers the case (with the mouse: not this journey)
    make_case(hr, server_url, case_id="TOETSENBORD-HULP")
    hr.close()

    page = helpdesk.new_page()
    page.goto(f"{server_url}/zaken")
    tab_to_text(page, "TOETSENBORD-HULP")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to_text(page, "Schadeberekening")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    type_into(page, "item-0-description", "Fysiotherapie")
    tab_to(page, "item-0-incurred_on")  # reached by Tab; its parts follow chromium's UI locale, so it is set
    page.locator("#item-0-incurred_on").fill("2026-03-20")
    type_into(page, "item-0-amount", "95,00")
    type_into(page, "dagen", "3")
    choose(page, "herstel", "Volledig hersteld")
    submit(page, "Opslaan en opnieuw berekenen")
    assert page.get_by_role("heading", name="Medewerker").first.is_visible()
    assert "95,00" in page.locator("main").inner_text()
    tab_to_text(page, "De vordering als CSV (voor Excel)")
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    assert info.value.suggested_filename == "TOETSENBORD-HULP_vordering.csv"
