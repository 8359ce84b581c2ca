"""Guided intake (``vpt intake``): asks an HR adviser, in Dutch, what the letter to the perpetrator needs.

Each answer is checked at once (a bad answer is asked again, with the reason); the case file is written as
YAML only after the whole case passes the Case model; then the letter can be made at once.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

import click
import yaml

from ..model.case import Measure
from ..model.checks import case_from_data
from ..model.errors import UserError
from ..model.values import AMSTERDAM
from ..rules.facts import age_on

T = TypeVar("T")

KINDS_NL = {
    "verbal_abuse": "belediging, schelden",
    "threat": "bedreiging",
    "intimidation": "intimidatie",
    "discrimination": "discriminatie",
    "physical_violence": "mishandeling (fysiek geweld)",
    "serious_violence": "zwaar geweld (zware mishandeling, poging, wapen)",
    "sexual_harassment": "seksuele intimidatie",
    "property_damage": "vernieling",
    "stalking": "stalking",
}
INJURY_NL = {"none": "geen letsel", "minor": "licht letsel", "medical_treatment": "medische behandeling",
             "hospital": "ziekenhuisopname", "permanent": "blijvend letsel"}
SECTOR_NL = {
    "police": "politie", "boa": "boa (handhaving)", "fire_service": "brandweer", "ambulance": "ambulance",
    "emergency_care": "spoedeisende hulp", "hospital": "ziekenhuis", "gp_practice": "huisartsenpraktijk",
    "public_transport": "openbaar vervoer", "education": "onderwijs", "municipality": "gemeente",
    "province": "provincie", "water_board": "waterschap", "central_government": "rijksoverheid",
    "social_security": "sociale zekerheid", "youth_care": "jeugdzorg", "prison": "gevangeniswezen",
    "other_public": "andere publieke taak", "private": "private sector",
}
ANONYMITY_NL = {"none": "nee, naam mag in de brief", "number": "aangifte onder nummer",
                "withheld": "naam buiten stukken voor de dader houden"}
RELATION_NL = {"client": "klant", "patient": "patiënt", "pupil": "leerling", "parent": "ouder",
               "passenger": "reiziger", "visitor": "bezoeker", "other": "anders"}
MEASURE_NL = {"warning": "waarschuwing", "ban": "toegangsverbod",
              "service_stop": "stoppen van de dienstverlening"}
FILED_BY_NL = {"employee": "de medewerker", "employer": "de werkgever"}
YES = {"j", "ja", "y", "yes"}
NO = {"n", "nee", "no"}
MOMENT_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%d-%m-%Y %H:%M", "%d-%m-%Y %H.%M", "%Y-%m-%d %H.%M",
                  "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S")
DAY_FORMATS = ("%Y-%m-%d", "%d-%m-%Y")


# ---------------------------------------------------------------------------------------------------------
# Checks: each turns an answer into a value or raises ValueError with a Dutch reason
# ---------------------------------------------------------------------------------------------------------


def text(max_length: int = 200) -> Callable[[str], str]:
    def check(answer: str) -> str:
        answer = answer.strip()
        if not answer:
            raise ValueError("dit mag niet leeg zijn")
        if any(unicodedata.category(ch) in ("Cc", "Cs") for ch in answer):
            raise ValueError("het antwoord bevat een onzichtbaar stuurteken")
        if len(answer) > max_length:
            raise ValueError(f"het antwoord is langer dan {max_length} tekens ({len(answer)})")
        return answer

    return check


def case_id(answer: str) -> str:
    answer = answer.strip()
    if not re.fullmatch(r"[A-Za-z0-9._/-]{1,64}", answer):
        raise ValueError("gebruik 1 tot 64 letters, cijfers en . _ / - (geen spaties)")
    return answer


def yes_no(answer: str) -> bool:
    word = answer.strip().lower()
    if word in YES:
        return True
    if word in NO:
        return False
    raise ValueError("antwoord met ja of nee")


def moment(now: datetime) -> Callable[[str], datetime]:
    def check(answer: str) -> datetime:
        value = answer.strip()
        for fmt in MOMENT_FORMATS:
            try:
                parsed = datetime.strptime(value, fmt).replace(tzinfo=AMSTERDAM)
                break
            except ValueError:
                continue
        else:
            raise ValueError("schrijf datum en tijd als 2026-11-20 14:30 (of 20-11-2026 14:30)")
        if parsed > now:
            raise ValueError("dit moment ligt in de toekomst")
        return parsed

    return check


def day(answer: str) -> date:
    value = answer.strip()
    for fmt in DAY_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError("schrijf een datum als 2027-05-20 (of 20-05-2027)")


def postcode(answer: str) -> str:
    value = text(16)(answer)
    dutch = re.fullmatch(r"(\d{4})\s*([A-Za-z]{2})", value)
    return f"{dutch.group(1)} {dutch.group(2).upper()}" if dutch else value


def email(answer: str) -> str:
    value = text(200)(answer)
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        raise ValueError("dit is geen e-mailadres (naam@organisatie.nl)")
    return value


def phone(answer: str) -> str:
    value = text(40)(answer)
    if not re.fullmatch(r"\+?[0-9][0-9 ()-]{5,}", value):
        raise ValueError("schrijf een telefoonnummer met cijfers, zoals 030-1234567")
    return value


def choice(options: dict[str, str]) -> Callable[[str], str]:
    """An answer by number (as listed) or by code."""
    codes = list(options)

    def check(answer: str) -> str:
        value = answer.strip().lower()
        if value.isdigit() and 1 <= int(value) <= len(codes):
            return codes[int(value) - 1]
        if value in options:
            return value
        raise ValueError(f"kies een nummer van 1 tot en met {len(codes)}")

    return check


def choices(options: dict[str, str]) -> Callable[[str], list[str]]:
    """One or more answers, separated by commas."""
    one = choice(options)

    def check(answer: str) -> list[str]:
        picked = [one(part) for part in re.split(r"[,\s]+", answer.strip()) if part]
        if not picked:
            raise ValueError("kies ten minste één nummer")
        return list(dict.fromkeys(picked))

    return check


# ---------------------------------------------------------------------------------------------------------
# Asking
# ---------------------------------------------------------------------------------------------------------


def ask(
    question: str, check: Callable[[str], T], default: str | None = None, optional: bool = False
) -> T | None:
    """Ask until the answer passes ``check``; an empty answer to an optional question gives None."""
    shown = default if default is not None else ("" if optional else None)
    while True:
        answer = click.prompt(question, default=shown, show_default=bool(default))
        if optional and not str(answer).strip():
            return None
        try:
            return check(str(answer))
        except ValueError as exc:
            click.echo(f"  Dat klopt niet: {exc}. Probeer het opnieuw.")


def need(question: str, check: Callable[[str], T], default: str | None = None) -> T:
    value = ask(question, check, default)
    assert value is not None
    return value


def menu(title: str, options: dict[str, str]) -> None:
    click.echo(title)
    for number, label in enumerate(options.values(), 1):
        click.echo(f"  {number:2}. {label}")


def pick(question: str, options: dict[str, str], default: str | None = None) -> str:
    menu(question, options)
    shown = str(list(options).index(default) + 1) if default else None
    return need("Uw keuze (nummer)", choice(options), shown)


def address(label: str, optional: bool) -> dict[str, str] | None:
    street = ask(f"{label}: straat en huisnummer" + (" (leeg = onbekend)" if optional else ""), text(),
                 optional=optional)
    if street is None:
        return None
    return {"street": street, "postcode": need(f"{label}: postcode", postcode),
            "city": need(f"{label}: plaats", text())}


# ---------------------------------------------------------------------------------------------------------
# The interview
# ---------------------------------------------------------------------------------------------------------


def interview(now: datetime) -> dict[str, Any]:
    """Ask every question; the case file's data (not yet validated as a whole)."""
    click.echo("Intake agressie-incident (Veilige Publieke Taak). Druk op Enter om een voorstel "
               "[tussen haken] over te nemen.\n")
    data: dict[str, Any] = {"case_id": need("Zaaknummer", case_id, f"VPT-{now:%Y%m%d-%H%M}")}

    click.echo("\n— Het incident —")
    occurred = need("Datum en tijd van het incident (2026-11-20 14:30)", moment(now))
    known = need("Wanneer hoorde de organisatie ervan?", moment(now), f"{occurred:%Y-%m-%d %H:%M}")
    while known < occurred:
        click.echo("  Dat klopt niet: dat ligt vóór het incident. Probeer het opnieuw.")
        known = need("Wanneer hoorde de organisatie ervan?", moment(now), f"{occurred:%Y-%m-%d %H:%M}")
    incident: dict[str, Any] = {
        "occurred_at": occurred.isoformat(),
        "known_to_employer_at": known.isoformat(),
        "location": need("Waar gebeurde het (gebouw, plaats)?", text()),
        "description": need("Wat gebeurde er? Beschrijf het gedrag feitelijk", text(5000)),
    }
    menu("Wat voor incident was het? (een of meer nummers, met komma's)", KINDS_NL)
    incident["kinds"] = need("Uw keuze", choices(KINDS_NL))
    incident["in_function"] = need("Gebeurde het tijdens of vanwege het werk? (ja/nee)", yes_no, "ja")
    incident["injury"] = pick("Letsel bij de medewerker?", INJURY_NL, "none")
    data["incident"] = incident

    click.echo("\n— De medewerker —")
    data["victim"] = {
        "name": need("Naam van de medewerker", text()),
        "job_title": need("Functie van de medewerker", text()),
        "sector": pick("Sector", SECTOR_NL, "municipality"),
        "domicile_choice": need("Domiciliekeuze: het adres van de organisatie in plaats van het huisadres? "
                                "(ja/nee)", yes_no, "ja"),
        "anonymity": pick("Moet de naam van de medewerker buiten de brief blijven?", ANONYMITY_NL, "none"),
    }

    click.echo("\n— De organisatie (afzender van de brief) —")
    data["employer"] = {
        "name": need("Naam van de organisatie", text()),
        "address": address("Adres van de organisatie", optional=False),
        "contact": {
            "name": need("Contactpersoon: naam", text()),
            "function": need("Contactpersoon: functie", text()),
            "phone": need("Contactpersoon: telefoon", phone),
            "email": need("Contactpersoon: e-mail", email),
        },
        "signatory": {
            "name": need("Ondertekenaar: naam", text()),
            "function": need("Ondertekenaar: functie", text()),
        },
    }

    click.echo("\n— De dader —")
    perpetrator: dict[str, Any] = {"known": need("Is de dader bekend? (ja/nee)", yes_no, "ja")}
    if perpetrator["known"]:
        perpetrator["name"] = need("Naam van de dader", text())
        home = address("Adres van de dader", optional=True)
        if home:
            perpetrator["address"] = home
        while True:
            born = ask("Geboortedatum van de dader (leeg = onbekend)", day, optional=True)
            if born is None or born <= occurred.date():
                break
            click.echo("  Dat klopt niet: die datum ligt na het incident. Probeer het opnieuw.")
        if born is not None:
            perpetrator["date_of_birth"] = born.isoformat()
        relation = ask("Relatie tot de organisatie: " + ", ".join(f"{i}. {v}" for i, v in
                                                                  enumerate(RELATION_NL.values(), 1))
                       + " (leeg = onbekend)", choice(RELATION_NL), optional=True)
        if relation:
            perpetrator["relation"] = relation
        if born is not None and age_on(born, occurred.date()) < 18:
            click.echo("De dader is minderjarig: de brief gaat (ook) naar de ouders of voogd.")
            representatives = []
            while len(representatives) < 4:
                name = ask("Naam van een ouder of voogd (leeg = klaar)", text(), optional=True)
                if name is None:
                    break
                rep: dict[str, Any] = {"name": name}
                rep_address = address("Adres van deze ouder of voogd (leeg = zelfde als de dader)",
                                      optional=True)
                if rep_address:
                    rep["address"] = rep_address
                representatives.append(rep)
            if representatives:
                perpetrator["legal_representatives"] = representatives
    data["perpetrator"] = perpetrator

    if perpetrator["known"]:
        click.echo("\n— De maatregel —")
        measure = pick("Welke maatregel neemt de organisatie?", MEASURE_NL, "warning")
        response: dict[str, Any] = {"measure": measure}
        if measure in (Measure.ban, Measure.service_stop):
            label = "Einddatum van het toegangsverbod" if measure == Measure.ban else \
                "Einddatum van de stopzetting (leeg = tot er afspraken zijn)"
            while True:
                until = ask(label + " (2027-05-20)", day, optional=measure != Measure.ban)
                if until is None or until > occurred.date():
                    break
                click.echo("  Dat klopt niet: de einddatum moet na de incidentdatum liggen. "
                           "Probeer het opnieuw.")
            if until is not None:
                response["ban_until"] = until.isoformat()
            scope = ask("Waarvoor geldt de maatregel (gebouwen, diensten)? (leeg = de hele organisatie)",
                        text(5000), optional=True)
            if scope:
                response["ban_scope"] = scope
        data["response"] = response

    click.echo("\n— De aangifte —")
    if need("Is er al aangifte gedaan bij de politie? (ja/nee)", yes_no, "nee"):
        while True:
            filed = need("Wanneer is de aangifte gedaan? (2026-11-20 16:00)", moment(now))
            if filed >= occurred:
                break
            click.echo("  Dat klopt niet: dat ligt vóór het incident. Probeer het opnieuw.")
        data["report"] = {"status": "filed", "filed_at": filed.isoformat(),
                          "filed_by": pick("Wie deed de aangifte?", FILED_BY_NL, "employee")}
    return data


def write_case(data: dict[str, Any], path: Path) -> None:
    """Write the case as YAML (UTF-8), atomically."""
    from ..documents.files import write_atomically

    path.parent.mkdir(parents=True, exist_ok=True)
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110)
    text_ = "# Case file written by `vpt intake`.\n" + body
    write_atomically(path, text_.encode("utf-8"))


def run_intake(out: str | Path | None = None, *, templates_dir: str | Path | None = None,
               now: datetime | None = None) -> tuple[Path, list[Path]]:
    """The whole intake: questions, the case file and, if wanted, the letter; (case file, documents)."""
    now = (now or datetime.now(AMSTERDAM)).astimezone(AMSTERDAM).replace(second=0, microsecond=0)
    data = interview(now)
    case = case_from_data(data, source="intake")  # every answer was checked; this checks them together
    path = Path(out) if out else None
    while path is None:
        path = need("Bestandsnaam voor het zaakdossier", lambda a: Path(text(500)(a)),
                    f"{case.case_id.replace('/', '-')}.yaml")
        if path.exists() and not need(f"{path} bestaat al. Overschrijven? (ja/nee)", yes_no, "nee"):
            path = None
    write_case(data, path)
    click.echo(f"\nZaakdossier geschreven: {path}")

    if not need("Wilt u de brief aan de dader nu maken? (ja/nee)", yes_no, "ja"):
        click.echo(f"U kunt de brief later maken met: vpt letters {path} --out {path.parent}")
        return path, []
    from ..api import evaluate, render_documents

    outcome = evaluate(case, as_of=now)
    if not outcome.documents:
        click.echo("Volgens de regels hoeft er geen brief naar de dader (bijvoorbeeld: dader onbekend).")
        return path, []
    try:
        written = render_documents(case, outcome, path.parent, templates_dir=templates_dir)
    except UserError:
        click.echo(f"De brief kon niet worden gemaakt; het zaakdossier staat in {path}.", err=True)
        raise
    letter = outcome.action("perpetrator_letter")
    for document in written:
        click.echo(f"Brief geschreven: {document}")
    if letter and letter.due:
        from ..i18n.dutch import moment as dutch_moment

        if letter.overdue:
            click.echo(f"De termijn is verstreken ({dutch_moment(letter.due)}): verstuur de brief zo snel "
                       "mogelijk, ondertekend.")
        else:
            click.echo(f"Verstuur de brief uiterlijk {dutch_moment(letter.due)}, ondertekend.")
    return path, written


__all__ = ["interview", "run_intake", "write_case"]
