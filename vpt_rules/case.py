"""The case file: the facts of one incident (SPEC §2), validated strictly.

Unknown keys are errors, enums are closed, money is ``Decimal`` (never negative, at most cents), and a
moment without an offset is Europe/Amsterdam time. Checks that span fields live in the smallest model
that holds both fields, so that pydantic reports them together with every other problem.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    ValidationError,
    model_validator,
)

from .errors import Problem, UserError

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MAX_MONEY = Decimal("100000000")
# Characters Word cannot hold (XML 1.0) and invisible controls; tab and newline are fine in free text.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


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


def _text(max_length: int) -> Any:
    """A validator for free text: not empty, no control characters, at most ``max_length`` characters."""

    def check(value: str) -> str:
        bad = _FORBIDDEN.search(value)
        if bad:
            raise ValueError(f"contains a control character (U+{ord(bad.group()):04X}) at position {bad.start()}")
        if not value.strip():
            raise ValueError("must not be empty")
        if len(value) > max_length:
            raise ValueError(f"is longer than {max_length} characters ({len(value)})")
        return value

    return AfterValidator(check)


def _text_only(value: Any) -> Any:
    if not isinstance(value, str):
        raise ValueError(f"must be text, not {type(value).__name__}")
    return value


def _parse_day(value: Any) -> Any:
    if isinstance(value, datetime):
        raise ValueError("must be a date (YYYY-MM-DD), not a moment")
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise ValueError(f"must be a date as YYYY-MM-DD, got {value!r}")
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"is not a real date: {value!r}") from None


def _parse_moment(value: Any) -> Any:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}([T ].+)?", value.strip()):
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"is not a real moment (ISO 8601): {value!r}") from None
    else:
        raise ValueError(f"must be a moment as ISO 8601 (2026-11-20T14:30:00+01:00), got {value!r}")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=AMSTERDAM)
    return moment


def _parse_money(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("must be an amount in euros, not true/false")
    if isinstance(value, float):
        value = repr(value)
    if isinstance(value, str):
        text = value.strip().replace("€", "").strip()
        if "," in text:
            raise ValueError(f"write amounts with a decimal point and no thousands separator, got {value!r}")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"must be an amount in euros such as \"85.00\", got {value!r}") from None
    if isinstance(value, int):
        value = Decimal(value)
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ValueError(f"must be an amount in euros such as \"85.00\", got {value!r}")
    if value < 0:
        raise ValueError("must not be negative")
    if value >= MAX_MONEY:
        raise ValueError(f"must be less than {MAX_MONEY:,} euros")
    if value != value.quantize(Decimal("0.01")):
        raise ValueError("has more than two decimals (cents)")
    return value.quantize(Decimal("0.01"))


Text = Annotated[str, BeforeValidator(_text_only), _text(200)]
LongText = Annotated[str, BeforeValidator(_text_only), _text(5000)]
Day = Annotated[date, BeforeValidator(_parse_day)]
Moment = Annotated[datetime, BeforeValidator(_parse_moment)]
Money = Annotated[Decimal, BeforeValidator(_parse_money)]
Count = Annotated[StrictInt, Field(ge=0, le=100_000)]


def _iban(value: str) -> str:
    """An IBAN, spaces allowed, checked with ISO 7064 mod 97-10; returned compact and upper case."""
    compact = "".join(value.split()).upper()
    if not re.fullmatch(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}", compact):
        raise ValueError("is not an IBAN (two letters, two digits, then the account number)")
    digits = "".join(str(int(ch, 36)) for ch in compact[4:] + compact[:4])
    if int(digits) % 97 != 1:
        raise ValueError("is not a valid IBAN: its check digits do not match (mod 97)")
    return compact


def _at(field: str, message: str) -> ValueError:
    """A cross-field error located at ``field`` (see :func:`errors_from_validation`)."""
    return ValueError(f"@{field}: {message}")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class Address(_Model):
    street: Text
    postcode: Annotated[str, BeforeValidator(_text_only), _text(16)]
    city: Text


class Incident(_Model):
    occurred_at: Moment
    known_to_employer_at: Moment | None = None
    location: Text
    description: LongText
    kinds: Annotated[list[IncidentKind], Field(min_length=1, max_length=9)]
    in_function: StrictBool
    injury: Injury = Injury.none
    psychological_harm: StrictBool = False
    weapon: StrictBool = False

    @model_validator(mode="after")
    def _known_after_occurred(self) -> Incident:
        if len(set(self.kinds)) != len(self.kinds):
            raise _at("kinds", "lists a kind twice")
        if self.known_to_employer_at is not None and self.known_to_employer_at < self.occurred_at:
            raise _at("known_to_employer_at", "lies before incident.occurred_at")
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
    iban: Annotated[str, AfterValidator(_iban)] | None = None
    contact: Contact
    signatory: Signatory
    reaction_term_hours: Annotated[StrictInt, Field(ge=1, le=720)] | None = None


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
            raise _at("name", "is required when perpetrator.known is true")
        return self


class Response(_Model):
    measure: Measure
    ban_until: Day | None = None
    ban_scope: LongText | None = None

    @model_validator(mode="after")
    def _ban_needs_end(self) -> Response:
        if self.measure == Measure.ban and self.ban_until is None:
            raise _at("ban_until", "is required when measure is ban")
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
            raise _at("filed_at", "is required when status is filed")
        if self.status == ReportStatus.none and self.filed_at is not None:
            raise _at("status", "is none, but filed_at is given: set status to filed")
        return self


class Prosecution(_Model):
    status: ProsecutionStatus = ProsecutionStatus.unknown
    hearing_at: Moment | None = None
    judgment_final_on: Day | None = None
    compensation_order: StrictBool = False
    compensation_awarded: Money = Decimal("0.00")
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
            raise _at("reimbursed", f"({self.reimbursed}) is more than amount ({self.amount})")
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

    case_id: Annotated[str, BeforeValidator(_text_only), Field(pattern=r"^[A-Za-z0-9._/-]{1,64}$")]
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
        problems = []
        if self.response and self.response.ban_until and self.response.ban_until <= day:
            problems.append(("response.ban_until", "must lie after the incident date"))
        if self.report and self.report.filed_at and self.report.filed_at < self.incident.occurred_at:
            problems.append(("report.filed_at", "lies before incident.occurred_at"))
        if self.prosecution and self.prosecution.judgment_final_on and self.prosecution.judgment_final_on < day:
            problems.append(("prosecution.judgment_final_on", "lies before the incident date"))
        for who in ("victim", "perpetrator"):
            born = getattr(self, who).date_of_birth
            if born and born > day:
                problems.append((f"{who}.date_of_birth", "lies after the incident date"))
        for i, item in enumerate(self.damages.items if self.damages else []):
            if item.incurred_on < day:
                problems.append((f"damages.items.{i}.incurred_on", "lies before the incident date"))
        if problems:
            raise ValueError("\n".join(f"@@{path}: {message}" for path, message in problems))
        return self

    @property
    def incident_date(self) -> date:
        """The incident's calendar date in Amsterdam: decides which rules and values apply."""
        return self.incident.occurred_at.astimezone(AMSTERDAM).date()


def _allowed_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str] | None:
    """The keys the model allows at ``loc`` (the mapping that holds the unknown key)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if isinstance(current, type) else None
        if field is None:
            return None
        current = _model_in(field.annotation)
        if current is None:
            return None
    return sorted(current.model_fields) if isinstance(current, type) else None


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def problems_from_validation(exc: Any, model: type[BaseModel] = Case) -> list[Problem]:
    """Turn a pydantic ValidationError into ``field.path: message`` problems."""
    problems: list[Problem] = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        path = ".".join(str(p) for p in loc)
        kind, message = err["type"], str(err["msg"])
        if kind == "extra_forbidden":
            allowed = _allowed_keys(model, loc[:-1])
            message = "unknown key" + (f"; allowed here: {', '.join(allowed)}" if allowed else "")
        elif kind == "missing":
            message = "is required"
        elif kind == "model_type" or kind == "dict_type":
            message = f"must be a mapping of keys, got {type(err.get('input')).__name__}"
        elif kind == "list_type":
            message = f"must be a list, got {type(err.get('input')).__name__}"
        elif kind == "enum":
            message = f"unknown value {err.get('input')!r}; " + message[0].lower() + message[1:]
        message = message.removeprefix("Value error, ")
        for line in message.split("\n"):
            if line.startswith("@@"):
                where, _, text = line[2:].partition(": ")
                problems.append(Problem(where, text))
            elif line.startswith("@"):
                where, _, text = line[1:].partition(": ")
                problems.append(Problem(f"{path}.{where}" if path else where, text))
            else:
                problems.append(Problem(path or "(case)", line))
    return problems


def case_from_data(data: Any, source: str | None = None) -> Case:
    """Validate parsed data as a :class:`Case`; every problem at once in a :class:`UserError`."""
    if not isinstance(data, dict):
        raise UserError(f"a case file must be a mapping of keys, got {type(data).__name__}", source=source)
    try:
        return Case.model_validate(data)
    except ValidationError as exc:
        raise UserError(problems_from_validation(exc), source=source) from None


def problems_as_of(case: Case, as_of: datetime) -> list[Problem]:
    """Checks that need the evaluation moment: nothing may lie in its future."""
    problems = []
    if case.incident.occurred_at > as_of:
        problems.append(Problem("incident.occurred_at", f"lies after the evaluation moment {as_of.isoformat()}"))
    known = case.incident.known_to_employer_at
    if known is not None and known > as_of:
        problems.append(
            Problem("incident.known_to_employer_at", f"lies after the evaluation moment {as_of.isoformat()}")
        )
    if case.report and case.report.filed_at and case.report.filed_at > as_of:
        problems.append(Problem("report.filed_at", f"lies after the evaluation moment {as_of.isoformat()}"))
    return problems
