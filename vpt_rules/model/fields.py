"""What each field of the case file means, with an example, and the names of the values of each choice.

``vpt schema`` puts these (translated) into the JSON Schema as ``description`` and ``examples``; the
intake and the pages name the choices with :data:`VALUES`. The texts are message ids (English); the
Dutch lives in the message catalogue. A test fails when a field of the model has no entry here.
"""

from __future__ import annotations

from typing import Any

from ..i18n.catalog import N_

# "Model.field" -> (description, example)
FIELDS: dict[str, tuple[str, Any]] = {
    "Case.case_id": (N_("The organisation's number for this case: 1 to 64 letters, digits and . _ / -"),
                     "UTR-2026-0142"),
    "Case.incident": (N_("What happened, when and where"), {"occurred_at": "2026-11-20T14:30:00+01:00"}),
    "Case.victim": (N_("The employee who was the victim"), {"name": "A. de Vries", "sector": "municipality"}),
    "Case.employer": (N_("The organisation the employee works for; it signs the letters"),
                      {"name": "Gemeente Utrecht"}),
    "Case.perpetrator": (N_("The perpetrator, as far as known"), {"known": True, "name": "J. Jansen"}),
    "Case.response": (N_("The measure the employer takes against the perpetrator (default: a warning)"),
                      {"measure": "ban", "ban_until": "2027-05-20"}),
    "Case.report": (N_("The police report (aangifte)"), {"status": "filed", "filed_at": "2026-11-20T16:00:00+01:00"}),
    "Case.prosecution": (N_("The criminal case, as far as known"), {"status": "summoned"}),
    "Case.damages": (N_("The damage to claim from the perpetrator"), {"items": []}),
    "Address.street": (N_("Street and house number"), "Stadsplateau 1"),
    "Address.postcode": (N_("Postcode (Dutch: 1234 AB)"), "3521 AZ"),
    "Address.city": (N_("Town or city"), "Utrecht"),
    "Incident.occurred_at": (N_("When it happened: date and time (ISO 8601; without an offset Amsterdam time)"),
                             "2026-11-20T14:30:00+01:00"),
    "Incident.known_to_employer_at": (N_("When the employer learnt of it; starts the 48-hour term "
                                         "(default: when it happened)"), "2026-11-20T15:00:00+01:00"),
    "Incident.location": (N_("Where it happened (building, street, town)"), "Stadskantoor, Utrecht"),
    "Incident.description": (N_("What happened, factually: what the perpetrator said and did"),
                             "Bezoeker schold de medewerker uit en dreigde haar te slaan."),
    "Incident.description_for_perpetrator": (
        N_("The incident as the perpetrator may read it in the letters (optional; without it the letter describes "
           "the incident from the date, the place and the kind of behaviour, never from the description)"),
        "U schold onze medewerker aan de balie uit en dreigde haar te slaan."),
    "Incident.kinds": (N_("What kind of incident: one or more kinds"), ["threat", "verbal_abuse"]),
    "Incident.in_function": (N_("Whether it happened during or because of the public work (true or false)"), True),
    "Incident.injury": (N_("The employee's physical injury"), "none"),
    "Incident.psychological_harm": (N_("Psychological harm established by a BIG- or NIP-registered expert"), False),
    "Incident.weapon": (N_("Whether a weapon was used"), False),
    "Victim.name": (N_("The employee's name"), "A. de Vries"),
    "Victim.job_title": (N_("The employee's job title"), "Klantmanager"),
    "Victim.sector": (N_("The sector the employee works in"), "municipality"),
    "Victim.home_address": (N_("The employee's home address (never shown to the perpetrator)"),
                            {"street": "Lindelaan 3", "postcode": "3581 AB", "city": "Utrecht"}),
    "Victim.domicile_choice": (N_("Use the employer's address instead of the home address (domicile choice)"), True),
    "Victim.anonymity": (N_("Whether the employee's name stays out of the documents"), "none"),
    "Victim.official": (N_("Whether the employee is an official under the Criminal Code (default: by sector)"),
                        True),
    "Victim.public_domain": (N_("A private-sector job that the Public Prosecution Service treats like a public task "
                                "(security guard, traffic controller, sports official, shop staff)"), False),
    "Victim.named_to_perpetrator": (N_("Whether the letter to the perpetrator may name the employee (default: no)"),
                                    False),
    "Victim.date_of_birth": (N_("The employee's date of birth (YYYY-MM-DD); matters for a minor"), "1990-04-12"),
    "Contact.name": (N_("The contact person's name"), "P. Bakker"),
    "Contact.function": (N_("The contact person's function"), "Adviseur veiligheid"),
    "Contact.phone": (N_("The contact person's phone number"), "030-1234567"),
    "Contact.email": (N_("The contact person's e-mail address"), "veiligheid@utrecht.example"),
    "Signatory.name": (N_("The name of who signs the letters"), "M. Visser"),
    "Signatory.function": (N_("The function of who signs the letters"), "Directeur Publiekszaken"),
    "Employer.name": (N_("The organisation's name"), "Gemeente Utrecht"),
    "Employer.address": (N_("The organisation's address (used in the letters)"),
                         {"street": "Stadsplateau 1", "postcode": "3521 AZ", "city": "Utrecht"}),
    "Employer.legal_person": (N_("Whether the employer is a legal person (a municipality, a company)"), True),
    "Employer.iban": (N_("The employer's IBAN, for payment of the damage (checked with mod 97)"),
                      "NL91ABNA0417164300"),
    "Employer.payment_term_days": (N_("The organisation's own term for payment in the liability letter, in days "
                                      "(default 14)"), 30),
    "Employer.contact": (N_("Who the perpetrator can contact"), {"name": "P. Bakker"}),
    "Employer.signatory": (N_("Who signs the letters"), {"name": "M. Visser"}),
    "Employer.reaction_term_hours": (N_("The organisation's own term to react to the perpetrator, in hours "
                                        "(default 48)"), 24),
    "Representative.name": (N_("Name of a parent or guardian"), "M. en J. de Vries"),
    "Representative.address": (N_("Address of the parent or guardian (default: the perpetrator's)"),
                               {"street": "Kerkstraat 5", "postcode": "3511 LK", "city": "Utrecht"}),
    "Perpetrator.known": (N_("Whether the perpetrator is known"), True),
    "Perpetrator.name": (N_("The perpetrator's name (required when known)"), "J. Jansen"),
    "Perpetrator.address": (N_("The perpetrator's address, for the letter"),
                            {"street": "Dorpsstraat 12", "postcode": "3512 JK", "city": "Utrecht"}),
    "Perpetrator.date_of_birth": (N_("The perpetrator's date of birth (YYYY-MM-DD); decides who gets the letter"),
                                  "2001-06-30"),
    "Perpetrator.relation": (N_("How the perpetrator relates to the organisation"), "client"),
    "Perpetrator.legal_representatives": (N_("Parents or guardians of a minor perpetrator (at most 4)"),
                                          [{"name": "M. en J. Jansen"}]),
    "Perpetrator.prior_incidents": (N_("How many earlier incidents with this perpetrator"), 0),
    "Response.measure": (N_("The measure: a warning, a ban, or stopping services"), "warning"),
    "Response.ban_until": (N_("The last day of the ban (YYYY-MM-DD); required for a ban"), "2027-05-20"),
    "Response.ban_scope": (N_("Where the measure applies (buildings, services)"), "Alle locaties van de gemeente"),
    "Report.status": (N_("Whether a police report was filed"), "filed"),
    "Report.filed_at": (N_("When the report was filed (required when filed)"), "2026-11-20T16:00:00+01:00"),
    "Report.filed_by": (N_("Who filed the report"), "employee"),
    "Report.police_reference": (N_("The police's reference of the report"), "PL0900-2026112012"),
    "Report.vpt_code_confirmed": (N_("Whether the police confirmed the report carries the VPT code"), False),
    "Prosecution.status": (N_("The state of the criminal case"), "summoned"),
    "Prosecution.hearing_at": (N_("When the court hearing is"), "2027-03-04T09:30:00+01:00"),
    "Prosecution.judgment_final_on": (N_("The day the judgment became final (YYYY-MM-DD)"), "2027-04-01"),
    "Prosecution.compensation_order": (N_("Whether the court imposed a compensation order"), False),
    "Prosecution.compensation_awarded": (N_("The compensation the court awarded, in euros"), "750.00"),
    "Prosecution.compensation_paid": (N_("What the perpetrator has paid of it, in euros"), "0.00"),
    "Damages.items": (N_("The items of material damage"), [{"party": "employee", "kind": "property"}]),
    "Damages.immaterial": (N_("Compensation for non-material damage (smartengeld)"), {"days_incapacitated": 3}),
    "DamageItem.party": (N_("Whose damage it is: the employee's or the employer's"), "employee"),
    "DamageItem.kind": (N_("What kind of damage"), "property"),
    "DamageItem.amount": (N_("The amount in euros, with a decimal point"), "89.95"),
    "DamageItem.incurred_on": (N_("The day the damage arose (YYYY-MM-DD); interest runs from it"), "2026-11-20"),
    "DamageItem.description": (N_("What the damage is"), "Kapotte bril"),
    "DamageItem.reimbursed": (N_("What an insurer or someone else already paid, in euros"), "0.00"),
    "Immaterial.days_incapacitated": (N_("Days the employee could not work"), 3),
    "Immaterial.recovery": (N_("How far the employee recovered"), "full"),
    "Immaterial.claimed_amount": (N_("The amount chosen to claim, in euros (without it: only a suggestion)"),
                                  "750.00"),
}

# The values of each choice, by the name of its type in the schema.
VALUES: dict[str, dict[str, str]] = {
    "Sector": {
        "police": N_("police"), "boa": N_("enforcement officer (boa)"), "fire_service": N_("fire service"),
        "ambulance": N_("ambulance"), "emergency_care": N_("emergency care"), "hospital": N_("hospital"),
        "gp_practice": N_("GP practice"), "public_transport": N_("public transport"), "education": N_("education"),
        "municipality": N_("municipality"), "province": N_("province"), "water_board": N_("water board"),
        "central_government": N_("central government"), "social_security": N_("social security"),
        "youth_care": N_("youth care"), "prison": N_("prison service"), "other_public": N_("other public task"),
        "private": N_("private sector"),
    },
    "IncidentKind": {
        "verbal_abuse": N_("insults, abuse"), "threat": N_("threat"), "intimidation": N_("intimidation"),
        "discrimination": N_("discrimination"), "physical_violence": N_("assault (physical violence)"),
        "serious_violence": N_("serious violence (aggravated assault, attempt, weapon)"),
        "sexual_harassment": N_("sexual harassment"), "property_damage": N_("damage to property"),
        "stalking": N_("stalking"),
    },
    "Injury": {"none": N_("no injury"), "minor": N_("minor injury"), "medical_treatment": N_("medical treatment"),
               "hospital": N_("admitted to hospital"), "permanent": N_("permanent injury")},
    "Anonymity": {"none": N_("no: the name may be in the documents"), "number": N_("report under a number"),
                  "withheld": N_("keep the name out of the documents")},
    "Relation": {"client": N_("client"), "patient": N_("patient"), "pupil": N_("pupil"), "parent": N_("parent"),
                 "passenger": N_("passenger"), "visitor": N_("visitor"), "other": N_("other")},
    "Measure": {"warning": N_("warning"), "ban": N_("ban"), "service_stop": N_("stopping services")},
    "ReportStatus": {"none": N_("no report (yet)"), "filed": N_("report filed")},
    "FiledBy": {"employee": N_("the employee"), "employer": N_("the employer")},
    "ProsecutionStatus": {"unknown": N_("not known"), "not_prosecuted": N_("not prosecuted"),
                          "penalty_order": N_("penalty order"), "summoned": N_("summoned"),
                          "convicted": N_("convicted"), "acquitted": N_("acquitted")},
    "Party": {"employee": N_("the employee"), "employer": N_("the employer")},
    "DamageKind": {"medical_costs": N_("medical costs"), "own_risk": N_("own risk (health insurance)"),
                   "property": N_("damaged property"), "travel": N_("travel costs"),
                   "income_loss": N_("loss of income"), "wage_continuation": N_("wages paid during sick leave"),
                   "reintegration": N_("reintegration costs"), "replacement_staff": N_("replacement staff"),
                   "other": N_("other")},
    "Recovery": {"full": N_("fully recovered"), "partial": N_("partly recovered"),
                 "permanent": N_("permanent consequences")},
}


def case_schema(lang: str | None = None) -> dict[str, Any]:
    """The JSON Schema of the case file with a description and an example for every field, in ``lang``."""
    from ..i18n.catalog import translator
    from .case import Case

    tr = translator(lang)
    schema = Case.model_json_schema()

    def describe(model: str, node: dict[str, Any]) -> None:
        node.pop("title", None)
        for name, prop in node.get("properties", {}).items():
            prop.pop("title", None)
            if f"{model}.{name}" in FIELDS:
                text, example = FIELDS[f"{model}.{name}"]
                prop["description"] = tr.gettext(text)
                prop["examples"] = [example]
        if model in VALUES:
            node["description"] = "; ".join(f"{value} = {tr.gettext(text)}" for value, text in VALUES[model].items())

    describe("Case", schema)
    for model, node in schema.get("$defs", {}).items():
        describe(model, node)
    schema["title"] = tr.gettext("Case file of vpt-rules")
    schema["description"] = tr.gettext("One incident of aggression or violence against an employee with a public "
                                       "task, and what is known about it")
    return schema
