"""The questions of the intake, in order, as a generator: ``value = yield Question(...)``.

Which questions come depends on earlier answers (a known perpetrator, a minor, a ban, damage), so the
intake runs this generator again after an answer is changed: answers it already has are sent back
without asking. A key names where the answer goes in the case file (``incident.location``,
``damages.items.0.amount``); a last part starting with ``_`` is a control question that is not stored.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ..i18n.catalog import N_, _
from ..model.fields import VALUES
from ..rules.facts import age_on
from . import answers as check

MAX_REPRESENTATIVES = 4
MAX_ITEMS = 50


@dataclass(frozen=True)
class Question:
    """One question: where its answer goes, the text (a catalogue id), how to check it, and its default."""

    key: str
    text: str
    check: Callable[[str], Any]
    default: str | None = None
    optional: bool = False            # an empty answer means: not known / skip (the key is left out)
    options: dict[str, str] | None = None  # a menu: code -> label (catalogue id)
    many: bool = False                # several options at once
    section: str | None = None        # a heading shown before this question
    params: tuple[tuple[str, Any], ...] = ()  # values for placeholders in ``text``

    @property
    def control(self) -> bool:
        return self.key.rsplit(".", 1)[-1].startswith("_")

    def prompt(self) -> str:
        return _(self.text, **dict(self.params))


Steps = Generator[Question, Any, None]


def _menu(key: str, text: str, values: str, default: str | None = None, optional: bool = False,
          section: str | None = None, **params: Any) -> Question:
    options = VALUES[values]
    default_number = str(list(options).index(default) + 1) if default else None
    return Question(key, text, check.choice(options), default_number, optional, options, section=section,
                    params=tuple(params.items()))


def _address(prefix: str, label: str, optional: bool, section: str | None = None) -> Steps:
    """Street (may be left empty when optional), postcode, city."""
    street = yield Question(f"{prefix}.street", label, check.text(), optional=optional, section=section)
    if street is None:
        return
    yield Question(f"{prefix}.postcode", N_("Postcode (1234 AB)"), check.postcode)
    yield Question(f"{prefix}.city", N_("Town or city"), check.text())


def questions(now: datetime) -> Steps:
    """Every question of the intake of one incident."""
    yield Question("case_id", N_("Case number"), check.case_id, f"VPT-{now:%Y%m%d-%H%M}")
    occurred = yield Question("incident.occurred_at", N_("Date and time of the incident (2026-11-20 14:30)"),
                              check.moment(now), section=N_("The incident"))
    yield Question("incident.known_to_employer_at", N_("When did the organisation learn of it?"),
                   check.moment(now, occurred, _("the incident")), f"{occurred:%Y-%m-%d %H:%M}")
    yield Question("incident.location", N_("Where did it happen (building, town)?"), check.text())
    yield Question("incident.description", N_("What happened? Describe the behaviour factually"), check.text(5000))
    kinds = VALUES["IncidentKind"]
    yield Question("incident.kinds", N_("What kind of incident was it? (one or more numbers, with commas)"),
                   check.choices(kinds), options=kinds, many=True)
    yield Question("incident.in_function", N_("Did it happen during or because of the work? (yes/no)"),
                   check.yes_no, _("yes"))
    yield _menu("incident.injury", N_("Injury of the employee?"), "Injury", "none")
    yield Question("incident.psychological_harm", N_("Has a BIG- or NIP-registered expert established "
                                                      "psychological harm? (yes/no)"), check.yes_no, _("no"))
    yield Question("incident.weapon", N_("Was a weapon used? (yes/no)"), check.yes_no, _("no"))
    day = occurred.date()

    yield Question("victim.name", N_("Name of the employee"), check.text(), section=N_("The employee"))
    yield Question("victim.job_title", N_("Job title of the employee"), check.text())
    yield _menu("victim.sector", N_("Sector"), "Sector", "municipality")
    yield Question("victim.domicile_choice", N_("Domicile choice: the organisation's address instead of the home "
                                                "address? (yes/no)"), check.yes_no, _("yes"))
    anonymity = yield _menu("victim.anonymity", N_("Must the employee's name stay out of the documents?"),
                            "Anonymity", "none")
    if anonymity == "none":
        yield Question("victim.named_to_perpetrator", N_("May the letter to the perpetrator name the employee? "
                                                         "(yes/no)"), check.yes_no, _("no"))

    yield Question("employer.name", N_("Name of the organisation"), check.text(),
                   section=N_("The organisation (sender of the letters)"))
    yield from _address("employer.address", N_("Address of the organisation: street and number"), False)
    yield Question("employer.iban", N_("IBAN of the organisation, for payment of damage (empty = later)"),
                   check.iban, optional=True)
    yield Question("employer.contact.name", N_("Contact person: name"), check.text())
    yield Question("employer.contact.function", N_("Contact person: function"), check.text())
    yield Question("employer.contact.phone", N_("Contact person: phone"), check.phone)
    yield Question("employer.contact.email", N_("Contact person: e-mail"), check.email)
    yield Question("employer.signatory.name", N_("Signatory: name"), check.text())
    yield Question("employer.signatory.function", N_("Signatory: function"), check.text())

    known = yield Question("perpetrator.known", N_("Is the perpetrator known? (yes/no)"), check.yes_no, _("yes"),
                           section=N_("The perpetrator"))
    if known:
        yield from _perpetrator(day)
    yield from _report(occurred, now)
    yield from _damages(day, now)


def _perpetrator(day: Any) -> Steps:
    yield Question("perpetrator.name", N_("Name of the perpetrator"), check.text())
    yield from _address("perpetrator.address", N_("Address of the perpetrator: street and number (empty = unknown)"),
                        True)
    born = yield Question("perpetrator.date_of_birth", N_("Date of birth of the perpetrator (empty = unknown)"),
                          check.day(until=day, until_what=_("the incident date")), optional=True)
    yield _menu("perpetrator.relation", N_("Relation to the organisation (empty = unknown)"), "Relation",
                optional=True)
    yield Question("perpetrator.prior_incidents", N_("Earlier incidents with this perpetrator (number)"),
                   check.count(), "0")
    if born is not None and age_on(born, day) < 18:
        for i in range(MAX_REPRESENTATIVES):
            name = yield Question(f"perpetrator.legal_representatives.{i}.name",
                                  N_("The perpetrator is a minor. Name of a parent or guardian (empty = done)"),
                                  check.text(), optional=True)
            if name is None:
                break
            yield from _address(f"perpetrator.legal_representatives.{i}.address",
                                N_("Address of this parent or guardian: street and number (empty = as the "
                                   "perpetrator)"), True)
    measure = yield _menu("response.measure", N_("Which measure does the organisation take?"), "Measure", "warning",
                          section=N_("The measure"))
    if measure in ("ban", "service_stop"):
        text = N_("Last day of the ban (2027-05-20)") if measure == "ban" else \
            N_("Last day of stopping services (2027-05-20; empty = until there are agreements)")
        yield Question("response.ban_until", text, check.day(after=day, after_what=_("the incident date")),
                       optional=measure != "ban")
        yield Question("response.ban_scope", N_("Where does the measure apply (buildings, services)? "
                                                "(empty = the whole organisation)"), check.text(5000), optional=True)


def _report(occurred: datetime, now: datetime) -> Steps:
    status = yield Question("report.status", N_("Has a police report been filed? (yes/no)"), check.filed, _("no"),
                            section=N_("The police report"))
    if status != "filed":
        return
    yield Question("report.filed_at", N_("When was the report filed? (2026-11-20 16:00)"),
                   check.moment(now, occurred, _("the incident")))
    yield _menu("report.filed_by", N_("Who filed the report?"), "FiledBy", "employee")
    yield Question("report.police_reference", N_("Police reference of the report (empty = skip)"),
                   check.text(100), optional=True)


def _damages(day: Any, now: datetime) -> Steps:
    wanted = yield Question("damages._wanted", N_("Enter damage items now? (yes/no; no = skip)"), check.yes_no,
                            _("no"), section=N_("The damage"))
    if not wanted:
        return
    for i in range(MAX_ITEMS):
        item = f"damages.items.{i}"
        yield _menu(f"{item}.party", N_("Damage item {number}: whose damage?"), "Party", "employee", number=i + 1)
        yield _menu(f"{item}.kind", N_("Kind of damage"), "DamageKind", "property")
        yield Question(f"{item}.description", N_("Describe the damage"), check.text(5000))
        yield Question(f"{item}.amount", N_("Amount in euros (89,95)"), check.money)
        yield Question(f"{item}.incurred_on", N_("Date the damage arose (2026-11-20)"),
                       check.day(after=day - timedelta(days=1), until=now.date(), after_what=_("the incident date"),
                                 until_what=_("today")), f"{day:%Y-%m-%d}")
        yield Question(f"{item}.reimbursed", N_("Already paid by an insurer or others, in euros (0 = nothing)"),
                       check.money, "0")
        if not (yield Question(f"{item}._more", N_("Another damage item? (yes/no)"), check.yes_no, _("no"))):
            break
