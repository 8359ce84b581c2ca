"""An HR adviser, in a real browser through the real server: from the incident to the letter.

A wrong postcode is corrected inline, the tab is closed half-way and the case resumed from the list,
the letter is previewed marked CONCEPT, downloaded as .docx (its text checked) and as PDF, and the
letter recorded as sent closes its action. axe-core checks every page.
"""

from __future__ import annotations

import shutil

import pytest
from conftest import check_page
from docx_text import text_of


def fill_incident(page) -> None:
    page.get_by_label("Zaaknummer").fill("BROWSER-2026-001")
    page.get_by_label("Wanneer gebeurde het?").fill("2026-11-20T14:30")
    page.get_by_label("Waar gebeurde het?").fill("Stadskantoor, loket 3, Utrecht")
    page.get_by_label("Wat gebeurde er?").fill("Klant dreigde de baliemedewerker op te wachten na werktijd.")
    page.get_by_label("Bedreiging").check()
    page.locator("#f-incident-in-function-ja").check()


def fill_employee(page, postcode: str) -> None:
    page.get_by_label("Naam van de medewerker").fill("A. de Vries")
    page.get_by_label("Functie", exact=True).fill("Baliemedewerker")
    page.get_by_label("Sector").select_option("municipality")
    page.get_by_label("Naam van de werkgever").fill("Gemeente Utrecht")
    page.get_by_label("Straat en huisnummer").fill("Stadsplateau 1")
    page.get_by_label("Postcode", exact=True).fill(postcode)
    page.get_by_label("Plaats").fill("Utrecht")
    page.get_by_label("Contactpersoon", exact=True).fill("W. Hendriks")
    page.get_by_label("Functie van de contactpersoon").fill("Coördinator Agressie en Geweld")
    page.get_by_label("Telefoon van de contactpersoon").fill("030-2860000")
    page.get_by_label("E-mail van de contactpersoon").fill("veiligwerken@utrecht.example")
    page.get_by_label("Wie ondertekent de brief?").fill("mr. E. Willems")
    page.get_by_label("Functie van de ondertekenaar").fill("Afdelingshoofd Publiekszaken")


def test_hr_adviser_gets_the_letter(server_url, context, tmp_path):
    page = context.new_page()
    page.goto(f"{server_url}/zaken")
    check_page(page, "01-zaken-leeg")
    page.get_by_role("button", name="Nieuwe zaak melden").click()

    # Step 1: the incident; first sent empty, so every field says what is missing.
    page.get_by_role("button", name="Volgende").click()
    assert page.get_by_role("heading", name="Er is een probleem").is_visible()
    location = page.get_by_label("Waar gebeurde het?")
    assert location.get_attribute("aria-invalid") == "true"
    assert "is verplicht" in page.locator("#" + location.get_attribute("aria-describedby").split()[-1]).inner_text()
    check_page(page, "02-incident-fouten")
    fill_incident(page)
    check_page(page, "03-incident")
    page.get_by_role("button", name="Volgende").click()

    # Step 2: a wrong postcode is shown at its field, then corrected.
    fill_employee(page, "35 21AZZ")
    page.get_by_role("button", name="Volgende").click()
    postcode = page.get_by_label("Postcode", exact=True)
    assert postcode.get_attribute("aria-invalid") == "true"
    error_id = postcode.get_attribute("aria-describedby").split()[-1]
    assert "1234 AB" in page.locator(f"#{error_id}").inner_text()
    assert page.get_by_label("Naam van de medewerker").input_value() == "A. de Vries"  # nothing typed is lost
    check_page(page, "04-medewerker-postcode-fout")
    postcode.fill("3521az")
    page.get_by_role("button", name="Volgende").click()
    assert page.get_by_role("heading", name="De dader").is_visible()

    # The tab is closed; the case is resumed from the list, in a new tab, with every answer kept.
    page.close()
    page = context.new_page()
    page.goto(f"{server_url}/zaken?filter=concept")
    check_page(page, "05-zaken-concept")
    page.get_by_role("link", name="BROWSER-2026-001").click()
    assert page.get_by_role("heading", name="Controleer uw antwoorden").is_visible()
    assert page.get_by_text("3521 AZ").is_visible()  # the postcode as the check wrote it
    page.get_by_role("link", name="de dader", exact=True).click()

    # Step 3 and 4: the perpetrator and the measure (keyboard: Enter submits).
    page.locator("#f-perpetrator-known-ja").check()
    page.get_by_label("Naam van de dader").fill("M. Steenbergen")
    page.get_by_label("Straat en huisnummer").fill("Rijnkade 101")
    page.get_by_label("Postcode").fill("6811 HD")
    page.get_by_label("Plaats").fill("Arnhem")
    page.get_by_label("Wie is de dader voor uw organisatie?").select_option("client")
    check_page(page, "06-dader")
    page.get_by_label("Plaats").press("Enter")
    page.get_by_label("Welke maatregel neemt u?").select_option("ban")
    page.get_by_label("Toegangsverbod tot en met").fill("2027-02-20")
    page.get_by_label("Waar geldt het verbod?").fill("alle publieksbalies van de gemeente")
    check_page(page, "07-maatregel")
    page.get_by_role("button", name="Volgende").click()

    # Check the answers; change one through its Wijzig link and come back.
    assert page.get_by_role("heading", name="Controleer uw antwoorden").is_visible()
    check_page(page, "08-controleer")
    page.get_by_role("link", name="Wijzig waar gebeurde het?").click()
    page.get_by_label("Waar gebeurde het?").fill("Stadskantoor, loket 4, Utrecht")
    page.get_by_role("button", name="Opslaan en terug naar controle").click()
    assert page.get_by_text("Stadskantoor, loket 4, Utrecht").is_visible()
    page.get_by_role("button", name="Bevestigen en bekijken wat er moet gebeuren").click()

    # The outcome: what, by when, why, sources.
    assert page.get_by_role("heading", name="Reageer binnen 48 uur schriftelijk naar de dader").is_visible()
    assert page.get_by_text("VPT-maatregel 5").first.is_visible()
    check_page(page, "09-uitkomst")

    # The letter: preview marked CONCEPT, then .docx and PDF.
    page.get_by_role("link", name="Brief aan de dader: toegangsverbod: bekijken en downloaden").click()
    assert page.get_by_text("CONCEPT", exact=True).is_visible()
    assert page.get_by_text("M. Steenbergen").first.is_visible()
    check_page(page, "10-brief-voorbeeld")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download als Word-bestand (.docx)").click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    assert saved.name == "BROWSER-2026-001_perpetrator_letter_ban.docx"
    text = text_of(saved)
    assert "M. Steenbergen" in text and "20 februari 2027" in text
    assert "A. de Vries" not in text  # privacy by default: the employee is not named to the perpetrator
    if shutil.which("soffice") or shutil.which("libreoffice"):
        with page.expect_download(timeout=120_000) as info:
            page.get_by_role("link", name="Download als PDF").click()
        pdf = tmp_path / info.value.suggested_filename
        info.value.save_as(pdf)
        assert pdf.read_bytes().startswith(b"%PDF")

    # Recording the letter as sent closes the action; the list shows the case.
    page.get_by_role("link", name="Terug naar de zaak").click()
    page.get_by_label("Brief aan de dader verstuurd op").fill("2026-11-21")
    page.get_by_role("button", name="Verzending vastleggen").click()
    letter = page.locator(".actie", has=page.get_by_role("heading", name="Reageer binnen 48 uur schriftelijk naar de dader"))
    assert "Gedaan." in letter.inner_text()
    check_page(page, "11-uitkomst-verstuurd")
    with page.expect_download() as info:
        page.get_by_role("link", name="Termijnen in uw agenda (.ics)").click()
    calendar = info.value.path().read_text("utf-8")
    assert calendar.startswith("BEGIN:VCALENDAR") and "UID:BROWSER-2026-001-police_report@vpt-rules" in calendar
    assert "perpetrator_letter@" not in calendar  # sent: no longer a deadline
    page.get_by_role("link", name="Zaken", exact=True).click()
    row = page.get_by_role("row", name="BROWSER-2026-001")
    assert "te laat" in row.inner_text()  # the incident lies days back: the report is overdue, marked first
    assert page.get_by_role("listitem").filter(has_text="Te laat: BROWSER-2026-001").count() >= 1
    check_page(page, "12-zaken")


def test_pages_refuse_unknown_case(server_url, context):
    page = context.new_page()
    response = page.goto(f"{server_url}/zaken/bestaat-niet/controleer")
    assert response.status == 404


@pytest.mark.parametrize("key", ["Tab"])
def test_keyboard_reaches_every_field_in_order(server_url, context, key):
    page = context.new_page()
    page.goto(f"{server_url}/zaken")
    page.keyboard.press(key)  # skip link first
    assert page.evaluate("document.activeElement.textContent") == "Naar de inhoud"
    seen = []
    for _ in range(6):
        page.keyboard.press(key)
        seen.append(page.evaluate("document.activeElement.textContent.trim()"))
    assert "Nieuwe zaak melden" in seen
    while page.evaluate("document.activeElement.textContent.trim()") != "Nieuwe zaak melden":
        page.keyboard.press(key)
    page.keyboard.press("Enter")
    page.wait_for_url("**/stap/incident")
    order = []
    for _ in range(16):  # the date-and-time field has a tab stop per part (day, month, year, hour, minute)
        page.keyboard.press(key)
        focused = page.evaluate("document.activeElement.id")
        if not order or order[-1] != focused:
            order.append(focused)
    start = order.index("f-case-id")  # after the skip link, the menu and the language link
    assert order[start:start + 4] == ["f-case-id", "f-incident-occurred-at", "f-incident-location",
                                      "f-incident-description"]
