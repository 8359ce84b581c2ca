"""The names a person reads for the ids of the outcome: actors, flags, documents, confidence marks.

Each is a message id (English); show it with ``_()`` / ``tr.gettext()`` in the language wanted. Shared
by the command line and the web pages.
"""

from __future__ import annotations

from .catalog import N_

ACTORS = {
    "employer": N_("employer"),
    "employee": N_("employee"),
    "police": N_("police"),
    "prosecutor": N_("public prosecutor"),
    "helpdesk": N_("helpdesk"),
}
# Flags shown only when set (the others have their own line in the summary).
FLAGS = {
    "employer_report_allowed": N_("the employer may file the police report itself"),
    "domicile_choice": N_("domicile choice: the employer's address instead of the home address"),
    "report_under_number": N_("report under a number (the employee's name stays out)"),
    "perpetrator_minor": N_("the perpetrator is a minor"),
    "halt_possible": N_("Halt possible: a light offence by a perpetrator of 12 to 17; police and prosecutor decide"),
    "halt_prosecutor_decides": N_("Halt only if the public prosecutor so decides (assault, threat, insult)"),
    "complaint_required": N_("the victim must file a complaint (art. 269 Sr)"),
    "community_service_ban": N_("no community service alone (art. 22b Sr; for a minor art. 77ma Sr)"),
    "letter_to_representatives": N_("the letter goes to the legal representatives"),
    "letter_copy_to_representatives": N_("a copy of the letter goes to the legal representatives"),
}
STATE_ADVANCE = {
    "none": N_("none"),
    "capped_5000": N_("the State advances the unpaid compensation up to € 5,000 (CJIB)"),
    "full": N_("the State advances the whole unpaid compensation (CJIB)"),
}
DOCUMENTS = {
    "perpetrator_letter_warning": N_("Letter to the perpetrator: warning"),
    "perpetrator_letter_ban": N_("Letter to the perpetrator: ban"),
    "perpetrator_letter_service_stop": N_("Letter to the perpetrator: services stopped"),
    "liability_letter": N_("Letter holding the perpetrator liable (aansprakelijkstelling)"),
    "injured_party_claim": N_("Claim of the injured party in the criminal case (voeging)"),
    "damage_statement": N_("Statement of damage with statutory interest (schadeopgave)"),
}
# The marks at the end of a source: how sure the source is.
CONFIDENCE = {
    "H": N_("statute or official publication, read"),
    "M": N_("reputable secondary source, or several that agree"),
    "L": N_("a single secondary source"),
    "policy": N_("a choice the organisation may make differently"),
}
