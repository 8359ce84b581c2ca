"""The case file: the facts of one incident (SPEC §2), validated strictly.

Unknown keys are errors, enums are closed, money is ``Decimal`` (never negative, at most cents), and a
moment without an offset is Europe/Amsterdam time. Checks that span fields live in the smallest model
that holds both fields, so that pydantic reports them together with every other problem.

"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    model_validator,
)

from ..i18n.catalog import Message
from .messages import case_errors, field_error
from .values import (
    AMSTERDAM,
    Count,
    Day,
    LongText,
    Moment,
    Money,
    Text,
    bounded_text,
    check_iban,
    text_only,
)


class Sector(StrEnum):
    police = "police"
    boa = "boa"
    fire_service = "fire_service"
    ambulance = "ambulance"
    emergency_care = "emergency_care"
    hospital = "hospital"
    gp_practice = "gp_practice"
    public_transport = "public_transport"
    education = "education"
    municipality = "municipality"
    province = "province"
    water_board = "water_board"
    central_government = "central_government"
    social_security = "social_security"
    youth_care = "youth_care"
    prison = "prison"
    other_public = "other_public"
    private = "private"


class IncidentKind(StrEnum):
    verbal_abuse = "verbal_abuse"
    threat = "threat"
    intimidation = "intimidation"
    discrimination = "discrimination"
    physical_violence = "physical_violence"
    serious_violence = "serious_violence"
    sexual_harassment = "sexual_harassment"
    property_damage = "property_damage"
    stalking = "stalking"


class Injury(StrEnum):
    none = "none"
    minor = "minor"
    medical_treatment = "medical_treatment"
    hospital = "hospital"
    permanent = "permanent"


class Anonymity(StrEnum):
    none = "none"
    number = "number"
    withheld = "withheld"


class Relation(StrEnum):
    client = "client"
    patient = "patient"
    pupil = "pupil"
    parent = "parent"
    passenger = "passenger"
    visitor = "visitor"
    other = "other"


class Measure(StrEnum):
    warning = "warning"
    ban = "ban"
    service_stop = "service_stop"


class ReportStatus(StrEnum):
    none = "none"
    filed = "filed"


class FiledBy(StrEnum):
    employee = "employee"
    employer = "employer"


class ProsecutionStatus(StrEnum):
    unknown = "unknown"
    not_prosecuted = "not_prosecuted"
    penalty_order = "penalty_order"
    summoned = "summoned"
    convicted = "convicted"
    acquitted = "acquitted"


class Party(StrEnum):
    employee = "employee"
    employer = "employer"


class DamageKind(StrEnum):
    medical_costs = "medical_costs"
    own_risk = "own_risk"
    property = "property"
    travel = "travel"
    income_loss = "income_loss"
    wage_continuation = "wage_continuation"
    reintegration = "reintegration"
    replacement_staff = "replacement_staff"
    other = "other"


class Recovery(StrEnum):
    full = "full"
    partial = "partial"
    permanent = "permanent"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class Address(_Model):
    street: Text
    postcode: Annotated[str, BeforeValidator(text_only), bounded_text(16)]
    city: Text


class Incident(_Model):
    occurred_at: Moment
    known_to_employer_at: Moment | None = None
    location: Text
    description: LongText
    description_for_perpetrator: LongText | None = None
    kinds: Annotated[list[IncidentKind], Field(min_length=1, max_length=9)]
    in_function: StrictBool
    injury: Injury = Injury.none
    psychological_harm: StrictBool = False
    weapon: StrictBool = False

    @model_validator(mode="after")
    def _known_after_occurred(self) -> Incident:
        if len(set(self.kinds)) != len(self.kinds):
            raise field_error("kinds", "lists a kind twice")
        if self.known_to_employer_at is not None and self.known_to_employer_at < self.occurred_at:
            raise field_error("known_to_employer_at", "lies before incident.occurred_at")
        return self

    @property
    def known_at(self) -> datetime:
        """When the employer learnt of it: starts the reaction term."""
        return self.known_to_employer_at or self.occurred_at


class Victim(_Model):
    name: Text
    job_title: Text
    sector: Sector
    home_address: Address | None = None
    domicile_choice: StrictBool = True
    anonymity: Anonymity = Anonymity.none
    official: StrictBool | None = None
    public_domain: StrictBool = False
    named_to_perpetrator: StrictBool = False
    date_of_birth: Day | None = None


class Contact(_Model):
    name: Text
    function: Text
    phone: Text
    email: Text


class Signatory(_Model):
    name: Text
    function: Text


class Employer(_Model):
    name: Text
    address: Address
    legal_person: StrictBool = True
    iban: Annotated[str, AfterValidator(check_iban)] | None = None
    contact: Contact
    signatory: Signatory
    reaction_term_hours: Annotated[StrictInt, Field(ge=1, le=720)] | None = None
    payment_term_days: Annotated[StrictInt, Field(ge=1, le=365)] | None = None


class Representative(_Model):
    name: Text
    address: Address | None = None


class Perpetrator(_Model):
    known: StrictBool
    name: Text | None = None
    address: Address | None = None
    date_of_birth: Day | None = None
    relation: Relation | None = None
    legal_representatives: Annotated[list[Representative], Field(max_length=4)] = []
    prior_incidents: Count = 0

    @model_validator(mode="after")
    def _name_when_known(self) -> Perpetrator:
        if self.known and self.name is None:
            raise field_error("name", "is required when perpetrator.known is true")
        return self


class Response(_Model):
    measure: Measure
    ban_until: Day | None = None
    ban_scope: LongText | None = None

    @model_validator(mode="after")
    def _ban_needs_end(self) -> Response:
        if self.measure == Measure.ban and self.ban_until is None:
            raise field_error("ban_until", "is required when measure is ban")
        return self


class Report(_Model):
    status: ReportStatus = ReportStatus.none
    filed_at: Moment | None = None
    filed_by: FiledBy = FiledBy.employee
    police_reference: Text | None = None
    vpt_code_confirmed: StrictBool = False

    @model_validator(mode="after")
    def _filed_needs_moment(self) -> Report:
        if self.status == ReportStatus.filed and self.filed_at is None:
            raise field_error("filed_at", "is required when status is filed")
        if self.status == ReportStatus.none and self.filed_at is not None:
            raise field_error("status", "is none, but filed_at is given: set status to filed")
        return self


class Prosecution(_Model):
    status: ProsecutionStatus = ProsecutionStatus.unknown
    hearing_at: Moment | None = None
    judgment_final_on: Day | None = None
    compensation_order: StrictBool = False
    compensation_awarded: Money | None = None  # None: not known (the State advance is then unknown too)
    compensation_paid: Money = Decimal("0.00")


class DamageItem(_Model):
    party: Party
    kind: DamageKind
    amount: Money
    incurred_on: Day
    description: LongText
    reimbursed: Money = Decimal("0.00")

    @model_validator(mode="after")
    def _reimbursed_at_most_amount(self) -> DamageItem:
        if self.reimbursed > self.amount:
            raise field_error("reimbursed", "({reimbursed}) is more than amount ({amount})",
                              reimbursed=self.reimbursed, amount=self.amount)
        return self

    @property
    def net(self) -> Decimal:
        """What is still to be claimed: amount less what was reimbursed."""
        return self.amount - self.reimbursed


class Immaterial(_Model):
    days_incapacitated: Count = 0
    recovery: Recovery = Recovery.full
    claimed_amount: Money | None = None


class Damages(_Model):
    items: Annotated[list[DamageItem], Field(max_length=500)] = []
    immaterial: Immaterial | None = None


class Case(_Model):
    """One incident and what is known about it (SPEC §2)."""

    case_id: Annotated[str, BeforeValidator(text_only), Field(pattern=r"^[A-Za-z0-9._/-]{1,64}$")]
    incident: Incident
    victim: Victim
    employer: Employer
    perpetrator: Perpetrator
    response: Response | None = None
    report: Report | None = None
    prosecution: Prosecution | None = None
    damages: Damages | None = None

    @model_validator(mode="after")
    def _dates_after_incident(self) -> Case:
        day = self.incident.occurred_at.astimezone(AMSTERDAM).date()
        problems: list[tuple[str, Message]] = []
        if self.response and self.response.ban_until and self.response.ban_until <= day:
            problems.append(("response.ban_until", Message("must lie after the incident date")))
        if self.report and self.report.filed_at and self.report.filed_at < self.incident.occurred_at:
            problems.append(("report.filed_at", Message("lies before incident.occurred_at")))
        if self.prosecution and self.prosecution.judgment_final_on and self.prosecution.judgment_final_on < day:
            problems.append(("prosecution.judgment_final_on", Message("lies before the incident date")))
        for who in ("victim", "perpetrator"):
            born = getattr(self, who).date_of_birth
            if born and born > day:
                problems.append((f"{who}.date_of_birth", Message("lies after the incident date")))
        for i, item in enumerate(self.damages.items if self.damages else []):
            if item.incurred_on < day:
                problems.append((f"damages.items.{i}.incurred_on", Message("lies before the incident date")))
        if problems:
            raise case_errors(problems)
        return self

    @property
    def incident_date(self) -> date:
        """The incident's calendar date in Amsterdam: decides which rules and values apply."""
        return self.incident.occurred_at.astimezone(AMSTERDAM).date()

