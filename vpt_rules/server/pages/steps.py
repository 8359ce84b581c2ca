"""The new-case form in short steps: which fields each step asks, how answers become a case file,
and which problems of the case model belong to which field.

Labels, hints and choices are English message ids marked ``N_``: a template shows them with ``|t``, the code
here with ``_()``, in the request's language."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...i18n.catalog import N_, _, translator
from ...model.errors import UserError
from ...model.messages import Invalid
from ...model.values import normal_postcode

check_postcode = normal_postcode  # the one rule, in model/values.py


KINDS = [("verbal_abuse", N_("Insults or swearing")), ("threat", N_("Threat")), ("intimidation", N_("Intimidation")),
         ("discrimination", N_("Discrimination")), ("physical_violence", N_("Assault")),
         ("serious_violence", N_("Serious violence (grievous assault, a weapon)")),
         ("sexual_harassment", N_("Sexual harassment")), ("property_damage", N_("Damage to property")),
         ("stalking", N_("Stalking"))]
SECTORS = [("municipality", N_("Municipality")), ("province", N_("Province")), ("water_board", N_("Water board")),
           ("central_government", N_("Central government")), ("social_security", N_("Social security")),
           ("police", N_("Police")), ("boa", N_("Boa (enforcement officer)")), ("fire_service", N_("Fire service")),
           ("ambulance", N_("Ambulance service")), ("emergency_care", N_("Emergency department")),
           ("hospital", N_("Hospital")), ("gp_practice", N_("General practice")),
           ("public_transport", N_("Public transport")), ("education", N_("Education")),
           ("youth_care", N_("Youth care")), ("prison", N_("Prison service")),
           ("other_public", N_("Another public task")), ("private", N_("Private sector"))]
RELATIONS = [("", N_("Unknown")), ("client", N_("Customer or client")), ("patient", N_("Patient")),
             ("pupil", N_("Pupil")), ("parent", N_("Parent")), ("passenger", N_("Passenger")),
             ("visitor", N_("Visitor")), ("other", N_("Something else"))]
INJURIES = [("", N_("No injury")), ("minor", N_("Minor injury")),
            ("medical_treatment", N_("Injury with medical treatment")), ("hospital", N_("Admitted to hospital")),
            ("permanent", N_("Lasting injury"))]
MEASURES = [("warning", N_("Warning letter")), ("ban", N_("Access ban")),
            ("service_stop", N_("Service stopped"))]


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
    return [Field(f"{prefix}.street", N_("Street and house number"), optional=optional, autocomplete="street-address"),
            Field(f"{prefix}.postcode", N_("Postcode"), hint=N_("For example 3521 AZ"), optional=optional,
                  autocomplete="postal-code"),
            Field(f"{prefix}.city", N_("Town or city"), optional=optional, autocomplete="address-level2")]


STEPS = [
    Step("incident", N_("The incident"), ("case_id", "incident"), [
        Field("case_id", N_("Case number"), hint=N_("Your own reference: letters, digits, full stop, dash or slash")),
        Field("incident.occurred_at", N_("When did it happen?"), "datetime-local"),
        Field("incident.location", N_("Where did it happen?"), hint=N_("For example: City office, counter 3")),
        Field("incident.description", N_("What happened?"), "textarea"),
        Field("incident.kinds", N_("What kind of incident was it?"), "checkboxes", KINDS,
              hint=N_("Choose one or more.")),
        Field("incident.in_function", N_("Did it happen during or because of the work?"), "yesno"),
        Field("incident.injury", N_("Injury of the staff member"), "select", INJURIES, optional=True),
    ]),
    Step("medewerker", N_("The staff member and the employer"), ("victim", "employer"), [
        Field("victim.name", N_("Name of the staff member"), autocomplete="off"),
        Field("victim.job_title", N_("Job title")),
        Field("victim.sector", N_("Sector"), "select", SECTORS),
        Field("employer.name", N_("Name of the employer"), autocomplete="organization"),
        *_address("employer.address"),
        Field("employer.contact.name", N_("Contact person")),
        Field("employer.contact.function", N_("Job title of the contact person")),
        Field("employer.contact.phone", N_("Phone of the contact person"), "tel"),
        Field("employer.contact.email", N_("Email of the contact person"), "email"),
        Field("employer.signatory.name", N_("Who signs the letter?")),
        Field("employer.signatory.function", N_("Job title of the signatory")),
    ]),
    Step("dader", N_("The perpetrator"), ("perpetrator",), [
        Field("perpetrator.known", N_("Is the perpetrator known?"), "yesno"),
        Field("perpetrator.name", N_("Name of the perpetrator"), optional=True,
              hint=N_("Needed when the perpetrator is known.")),
        *_address("perpetrator.address", optional=True),
        Field("perpetrator.relation", N_("Who is the perpetrator to your organisation?"), "select", RELATIONS,
              optional=True),
    ]),
    Step("maatregel", N_("The measure"), ("response",), [
        Field("response.measure", N_("Which measure do you take?"), "select", MEASURES),
        Field("response.ban_until", N_("Access ban up to and including"), "date", optional=True,
              hint=N_("Only with an access ban.")),
        Field("response.ban_scope", N_("Where does the ban apply?"), optional=True,
              hint=N_("For example: all public counters of the municipality")),
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
        return _("Not filled in")
    labels = dict(f.choices)
    if f.kind == "yesno":
        return _("Yes") if value else _("No")
    if f.kind == "checkboxes":
        return ", ".join(_(labels[v]) if v in labels else v for v in value)
    if f.kind == "select":
        return _(labels[value]) if value in labels else value
    if f.kind == "datetime-local" and "T" in str(value):
        day, time = str(value).split("T", 1)
        return _("{day} at {time}", day=day, time=time)
    return str(value)


def step_problems(data: dict[str, Any], step: Step, lang: str | None = None) -> dict[str, str]:
    """Field id -> message, from the case model and the postcode check, for this step's fields only (in ``lang``,
    default the current language)."""
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
                label = tr.gettext(next(f.label for f in step.fields if f.name == target))
                problems.setdefault(target, f"{label.rstrip('?')}: {message}")
    for f in step.fields:
        value = get_path(data, f.name)
        if f.name.endswith(".postcode") and value and f.name not in problems:
            try:
                set_path(data, f.name, check_postcode(value))
            except Invalid as exc:
                problems[f.name] = f"{tr.gettext(f.label)}: {tr.message(exc.at[0][1])}"
    return problems
