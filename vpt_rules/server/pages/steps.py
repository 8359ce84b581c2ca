"""The new-case form in short steps: which fields each step asks, how answers become a case file,
and which problems of the case model belong to which field."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ...i18n.catalog import translator
from ...model.errors import UserError
from ...model.messages import Invalid

_POSTCODE = re.compile(r"([1-9]\d{3})\s?([A-Za-z]{2})")  # the same rule as the CLI's intake
_FOREIGN_POSTCODE = re.compile(r"[A-Z]{1,3}-[A-Z0-9][A-Z0-9 -]{1,10}")  # abroad: country code first, B-1000


def check_postcode(answer: str) -> str:
    """A Dutch postcode written ``1234 AB`` (SA, SD, SS are never issued); abroad the country code first."""
    value = answer.strip()
    found = _POSTCODE.fullmatch(value)
    if found and found.group(2).upper() not in ("SA", "SD", "SS"):
        return f"{found.group(1)} {found.group(2).upper()}"
    if _FOREIGN_POSTCODE.fullmatch(value.upper()):
        return value.upper()
    raise Invalid("write a Dutch postcode as 1234 AB (abroad: the country code first, such as B-1000)")


KINDS = [("verbal_abuse", "Belediging of schelden"), ("threat", "Bedreiging"), ("intimidation", "Intimidatie"),
         ("discrimination", "Discriminatie"), ("physical_violence", "Mishandeling"),
         ("serious_violence", "Ernstig geweld (zware mishandeling, wapen)"),
         ("sexual_harassment", "Seksuele intimidatie"), ("property_damage", "Vernieling"), ("stalking", "Stalking")]
SECTORS = [("municipality", "Gemeente"), ("province", "Provincie"), ("water_board", "Waterschap"),
           ("central_government", "Rijksoverheid"), ("social_security", "Sociale zekerheid"),
           ("police", "Politie"), ("boa", "Boa (handhaving)"), ("fire_service", "Brandweer"),
           ("ambulance", "Ambulancezorg"), ("emergency_care", "Spoedeisende hulp"), ("hospital", "Ziekenhuis"),
           ("gp_practice", "Huisartsenpraktijk"), ("public_transport", "Openbaar vervoer"),
           ("education", "Onderwijs"), ("youth_care", "Jeugdzorg"), ("prison", "Gevangeniswezen"),
           ("other_public", "Andere publieke taak"), ("private", "Private sector")]
RELATIONS = [("", "Onbekend"), ("client", "Klant of cliënt"), ("patient", "Patiënt"), ("pupil", "Leerling"),
             ("parent", "Ouder"), ("passenger", "Reiziger"), ("visitor", "Bezoeker"), ("other", "Anders")]
INJURIES = [("", "Geen letsel"), ("minor", "Licht letsel"), ("medical_treatment", "Letsel met medische behandeling"),
            ("hospital", "Ziekenhuisopname"), ("permanent", "Blijvend letsel")]
MEASURES = [("warning", "Waarschuwingsbrief"), ("ban", "Toegangsverbod"),
            ("service_stop", "Stopzetten dienstverlening")]


@dataclass(frozen=True)
class Field:
    name: str  # the dotted path in the case file
    label: str
    kind: str = "text"  # text | textarea | datetime-local | date | email | tel | select | checkboxes | yesno
    choices: list[tuple[str, str]] = field(default_factory=list)
    hint: str = ""
    optional: bool = False
    autocomplete: str = ""

    @property
    def id(self) -> str:
        return "f-" + self.name.replace(".", "-").replace("_", "-")


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    owns: tuple[str, ...]  # the case-file sections whose problems this step shows
    fields: list[Field]


def _address(prefix: str, optional: bool = False) -> list[Field]:
    return [Field(f"{prefix}.street", "Straat en huisnummer", optional=optional, autocomplete="street-address"),
            Field(f"{prefix}.postcode", "Postcode", hint="Bijvoorbeeld 3521 AZ", optional=optional,
                  autocomplete="postal-code"),
            Field(f"{prefix}.city", "Plaats", optional=optional, autocomplete="address-level2")]


STEPS = [
    Step("incident", "Het incident", ("case_id", "incident"), [
        Field("case_id", "Zaaknummer", hint="Uw eigen kenmerk: letters, cijfers, punt, streep of schuine streep"),
        Field("incident.occurred_at", "Wanneer gebeurde het?", "datetime-local"),
        Field("incident.location", "Waar gebeurde het?", hint="Bijvoorbeeld: Stadskantoor, loket 3"),
        Field("incident.description", "Wat gebeurde er?", "textarea"),
        Field("incident.kinds", "Wat voor incident was het?", "checkboxes", KINDS, hint="Kies er één of meer."),
        Field("incident.in_function", "Gebeurde het tijdens of vanwege het werk?", "yesno"),
        Field("incident.injury", "Letsel van de medewerker", "select", INJURIES, optional=True),
    ]),
    Step("medewerker", "De medewerker en de werkgever", ("victim", "employer"), [
        Field("victim.name", "Naam van de medewerker", autocomplete="off"),
        Field("victim.job_title", "Functie"),
        Field("victim.sector", "Sector", "select", SECTORS),
        Field("employer.name", "Naam van de werkgever", autocomplete="organization"),
        *_address("employer.address"),
        Field("employer.contact.name", "Contactpersoon"),
        Field("employer.contact.function", "Functie van de contactpersoon"),
        Field("employer.contact.phone", "Telefoon van de contactpersoon", "tel"),
        Field("employer.contact.email", "E-mail van de contactpersoon", "email"),
        Field("employer.signatory.name", "Wie ondertekent de brief?"),
        Field("employer.signatory.function", "Functie van de ondertekenaar"),
    ]),
    Step("dader", "De dader", ("perpetrator",), [
        Field("perpetrator.known", "Is de dader bekend?", "yesno"),
        Field("perpetrator.name", "Naam van de dader", optional=True, hint="Nodig als de dader bekend is."),
        *_address("perpetrator.address", optional=True),
        Field("perpetrator.relation", "Wie is de dader voor uw organisatie?", "select", RELATIONS, optional=True),
    ]),
    Step("maatregel", "De maatregel", ("response",), [
        Field("response.measure", "Welke maatregel neemt u?", "select", MEASURES),
        Field("response.ban_until", "Toegangsverbod tot en met", "date", optional=True,
              hint="Alleen bij een toegangsverbod."),
        Field("response.ban_scope", "Waar geldt het verbod?", optional=True,
              hint="Bijvoorbeeld: alle publieksbalies van de gemeente"),
    ]),
]
STEP_BY_SLUG = {s.slug: s for s in STEPS}


def get_path(data: dict[str, Any], name: str) -> Any:
    for part in name.split("."):
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def set_path(data: dict[str, Any], name: str, value: Any) -> None:
    parts = name.split(".")
    for part in parts[:-1]:
        data = data.setdefault(part, {})
    if value is None:
        data.pop(parts[-1], None)
    else:
        data[parts[-1]] = value


def _prune(data: dict[str, Any]) -> None:
    for key in list(data):
        if isinstance(data[key], dict):
            _prune(data[key])
            if not data[key]:
                del data[key]


def apply_form(data: dict[str, Any], step: Step, form: Any) -> None:
    """Put a step's posted answers into the draft (an empty answer removes the key)."""
    for f in step.fields:
        if f.kind == "checkboxes":
            value: Any = [v for v in form.getlist(f.name) if v] or None
        elif f.kind == "yesno":
            raw = form.get(f.name, "")
            value = {"ja": True, "nee": False}.get(raw)
        else:
            value = (form.get(f.name) or "").strip() or None
        set_path(data, f.name, value)
    _prune(data)


def display(f: Field, value: Any) -> str:
    """An answer as the user reads it on the check page."""
    if value is None or value == "" or value == []:
        return "Niet ingevuld"
    labels = dict(f.choices)
    if f.kind == "yesno":
        return "Ja" if value else "Nee"
    if f.kind == "checkboxes":
        return ", ".join(labels.get(v, v) for v in value)
    if f.kind == "select":
        return labels.get(value, value)
    if f.kind == "datetime-local":
        return str(value).replace("T", " om ")
    return str(value)


def step_problems(data: dict[str, Any], step: Step, lang: str = "nl") -> dict[str, str]:
    """Field id -> message, from the case model and the postcode check, for this step's fields only."""
    from ... import load_case

    tr = translator(lang)
    problems: dict[str, str] = {}
    names = [f.name for f in step.fields]
    try:
        load_case(data)
    except UserError as exc:
        for problem in exc.problems:
            path, message = problem.texts(lang)
            if not any(path == o or path.startswith(o + ".") for o in step.owns):
                continue
            if path in names:
                targets = [path]
            else:  # a whole object missing: each empty required field in it
                targets = [f.name for f in step.fields if f.name.startswith(path + ".") and not f.optional
                           and get_path(data, f.name) in (None, "", [])]
                targets = targets or [n for n in names if path.startswith(n + ".")]
            if not targets:
                problems.setdefault("", message)
            for target in targets:
                label = next(f.label for f in step.fields if f.name == target)
                problems.setdefault(target, f"{label.rstrip('?')}: {message}")
    for f in step.fields:
        value = get_path(data, f.name)
        if f.name.endswith(".postcode") and value and f.name not in problems:
            try:
                set_path(data, f.name, check_postcode(value))
            except Invalid as exc:
                problems[f.name] = f"{f.label}: {tr.message(exc.at[0][1])}"
    return problems
