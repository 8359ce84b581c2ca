"""A helpdesk adviser, in a real browser through the real server: from a case to a claim with interest per
period, reference awards, a chosen smartengeld, the routes, the claim documents and a CSV export."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from conftest import check_page
from docx_text import text_of
from test_hr_journey import fill_employee


def make_case(page, server_url: str, case_id: str = "HELPDESK-2026-7") -> None:
    page.goto(f"{server_url}/zaken")
    page.get_by_role("button", name="Nieuwe zaak melden").click()
    page.get_by_label("Zaaknummer").fill(case_id)
    page.get_by_label("Wanneer gebeurde het?").fill("2026-03-02T08:15")
    page.get_by_label("Waar gebeurde het?").fill("Trein Utrecht-Amersfoort")
    page.get_by_label("Wat gebeurde er?").fill("Reiziger sloeg de conducteur bij een kaartcontrole.")
    page.get_by_label("Mishandeling", exact=True).check()
    page.locator("#f-incident-in-function-ja").check()
    page.get_by_label("Letsel van de medewerker").select_option("medical_treatment")
    page.get_by_role("button", name="Volgende").click()
    fill_employee(page, "3521 AZ")
    page.get_by_label("Sector").select_option("public_transport")
    page.get_by_role("button", name="Volgende").click()
    page.locator("#f-perpetrator-known-ja").check()
    page.get_by_label("Naam van de dader").fill("K. Jansen")
    page.get_by_label("Straat en huisnummer").fill("Dorpsstraat 4")
    page.get_by_label("Postcode").fill("3811 AA")
    page.get_by_label("Plaats").fill("Amersfoort")
    page.get_by_role("button", name="Volgende").click()
    page.get_by_label("Welke maatregel neemt u?").select_option("warning")
    page.get_by_role("button", name="Volgende").click()
    page.get_by_role("button", name="Bevestigen en bekijken wat er moet gebeuren").click()


def test_helpdesk_adviser_computes_the_claim(server_url, context, helpdesk, tmp_path):
    hr = context.new_page()
    make_case(hr, server_url)  # the HR adviser registers the case
    hr.close()
    page = helpdesk.new_page()  # the helpdesk adviser, who serves that organisation, finds it in the list
    page.goto(f"{server_url}/zaken")
    page.get_by_role("table").get_by_role("link", name="HELPDESK-2026-7").click()
    assert page.get_by_role("button", name="Verzending vastleggen").count() == 0  # HR's work, not the helpdesk's
    page.get_by_role("link", name="Schadeberekening").click()
    check_page(page, "20-vordering-leeg")

    page.get_by_label("Omschrijving, regel 1").fill("Fysiotherapie")
    page.get_by_label("Datum, regel 1").fill("2026-03-20")
    page.get_by_label("Bedrag, regel 1").fill("120,50")
    live = page.locator("#live-totaal").inner_text()  # the totals follow the typing (a little script)
    assert "Medewerker\xa0€\xa0120,50" in live.replace(" ", "\xa0") and "Werkgever\xa0€\xa00,00" in live.replace(" ", "\xa0"), live
    page.get_by_label("Partij, regel 2").select_option("employer")
    page.get_by_label("Soort, regel 2").select_option("wage_continuation")
    page.get_by_label("Omschrijving, regel 2").fill("Doorbetaald loon")
    page.get_by_label("Datum, regel 2").fill("2026-04-01")
    page.get_by_label("Bedrag, regel 2").fill("veel")  # not an amount: said so, nothing typed is lost
    page.get_by_role("button", name="Opslaan en opnieuw berekenen").click()
    assert page.get_by_role("heading", name="Er is een probleem").is_visible()
    alert = page.get_by_role("alert").inner_text()
    assert "Bedrag, regel 2:" in alert and "damages.items" not in alert  # the cell in words, not the path
    amount = page.get_by_label("Bedrag, regel 2")
    assert amount.get_attribute("aria-invalid") == "true" and amount.input_value() == "veel"
    assert amount.get_attribute("aria-describedby") == "item-1-amount-fout"
    assert page.locator("#item-1-amount-fout").inner_text() == page.get_by_role("alert").get_by_role("link").inner_text().split(": ", 1)[1]
    page.get_by_role("alert").get_by_role("link", name="Bedrag, regel 2").click()
    assert page.evaluate("location.hash") == "#item-1-amount"
    assert page.get_by_label("Omschrijving, regel 1").input_value() == "Fysiotherapie"
    assert page.get_by_label("Bedrag, regel 1").input_value() == "120,50"  # as it was typed, the Dutch way
    check_page(page, "21-vordering-fout")
    page.get_by_label("Bedrag, regel 2").fill("2140")
    page.get_by_label("Dagen arbeidsongeschikt").fill("14")
    page.get_by_label("Herstel").select_option("full")
    page.get_by_label("Rente berekenen tot en met").fill("2027-06-30")
    page.get_by_role("button", name="Opslaan en opnieuw berekenen").click()

    # The reference awards behind the suggestion; the helpdesk chooses an amount.
    assert page.get_by_role("heading", name="Vergelijkbare uitspraken").is_visible()
    assert page.get_by_role("link", name="ECLI:NL:").count() >= 1
    page.get_by_label("Gekozen bedrag smartengeld (niet verplicht)").fill("2500")
    page.get_by_role("button", name="Opslaan en opnieuw berekenen").click()
    assert page.get_by_role("heading", name="De vordering tot en met 30 juni 2027").is_visible()
    assert page.get_by_role("heading", name="Smartengeld: € 2.500,00", exact=False).is_visible()
    # Interest per period: the statutory rate changes on 1 January, so the physio bill has more than one.
    periods = page.get_by_role("region", name="Rente per periode: Fysiotherapie").get_by_role("row")
    assert periods.count() >= 3
    assert "Voeg je als benadeelde partij" in page.get_by_role("region", name="Routes naast elkaar").inner_text()
    check_page(page, "22-vordering")

    with page.expect_download() as info:
        page.get_by_role("link", name="De vordering als CSV (voor Excel)").click()
    rows = list(csv.reader(io.StringIO(info.value.path().read_text("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "partij" and rows[-1][0] == "totaal"
    assert {r[1] for r in rows[1:-1]} >= {"Medische kosten", "Doorbetaald loon", "Smartengeld"}
    assert Decimal(rows[-1][-1]) > Decimal("2500") + Decimal("2140") + Decimal("120.50")

    page.get_by_role("link", name="Aansprakelijkstelling van de dader").click()
    assert page.get_by_text("CONCEPT", exact=True).is_visible()
    check_page(page, "23-aansprakelijkstelling")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download als Word-bestand (.docx)").click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    text = text_of(saved)
    assert "K. Jansen" in text and "2.500,00" in text

    # A judgment recorded by the helpdesk re-evaluates the case.
    page.get_by_role("link", name="Terug naar de zaak").click()
    page.get_by_label("Onherroepelijk op").fill("2026-10-01")
    page.get_by_label("Toegewezen schadevergoeding in euro (leeg als onbekend)").fill("1500")
    page.get_by_label("Met schadevergoedingsmaatregel (de Staat int het bedrag)").check()
    page.get_by_role("button", name="Uitspraak vastleggen").click()
    assert page.get_by_text("Uitspraak: veroordeeld, onherroepelijk op 1 oktober 2026; toegewezen € 1.500,00").is_visible()
    check_page(page, "24-zaak-helpdesk-uitspraak")
