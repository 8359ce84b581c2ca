"""Dated legal values from ``smartengeld/``: "the value on date D", with its source and confidence.

One YAML file per parameter (after OpenFisca's parameter files)::

    description: "Wettelijke rente, niet-handelstransacties (art. 6:119 BW)"
    reference: "Art. 6:119 en 6:120 BW"
    unit: percent          # percent | EUR | years | months | days | bool | scale | EUR_table
    before_first: unknown  # unknown: a date before the first value is an error; none: not in force then
    note: "..."            # optional
    values:                # keyed by the first day a value applies, in date order; value null ends it
      2024-01-01: {value: "7", source: "Staatsblad ...", confidence: H}   # H | M | L | policy

Besides these, the folder holds ``awards.yaml`` (reference awards for smartengeld) and ``cpi.yaml`` (the
consumer price index per year). An organisation may point the tool at its own copy of the folder
(``--data DIR`` / ``VPT_DATA_DIR``); it must hold every file below and nothing unknown. Every file is
validated strictly and every problem is reported at once, as ``file: field.path: message``.
"""

from __future__ import annotations

import bisect
import hashlib
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, ValidationError, model_validator

from .. import resources
from ..i18n.catalog import Message
from ..i18n.dutch import CENT, cents
from ..model.case import IncidentKind, Injury, Recovery, Sector
from ..model.checks import problems_from_validation
from ..model.errors import Problem, UserError
from ..model.loading import load_data_file
from ..model.messages import Invalid, field_error, shown
from ..model.values import Day, Money, parse_day

Confidence = Literal["H", "M", "L", "policy"]
Unit = Literal["percent", "EUR", "years", "months", "days", "bool", "scale", "EUR_table"]

# The parameter files a data folder must hold, with the unit each must have.
PARAMETERS: Mapping[str, str] = MappingProxyType({
    "statutory_interest": "percent",
    "collection_costs": "scale",
    "kantonrechter_limit": "EUR",
    "state_advance_full": "bool",
    "state_advance_cap": "EUR",
    "state_advance_wait": "months",
    "schadefonds_categories": "EUR_table",
    "schadefonds_caps": "EUR_table",
    "schadefonds_term": "years",
    "payment_term": "days",
})
TABLES = ("awards", "cpi")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


Text = Annotated[str, Field(min_length=3, max_length=2000)]


# ---- the file models ------------------------------------------------------------------------------------


class _Entry(_Strict):
    value: Any
    source: Text
    confidence: Confidence
    note: Text | None = None


class _ParameterFile(_Strict):
    description: Text
    reference: Text
    unit: Unit
    before_first: Literal["unknown", "none"]
    note: Text | None = None
    values: Annotated[dict[str, _Entry], Field(min_length=1)]


class Bracket(_Strict):
    """One band of a scale: ``percent`` of the part of the amount up to ``up_to`` (None: no upper end)."""

    up_to: Money | None
    percent: Annotated[Decimal, Field(ge=0, le=100)]


class Scale(_Strict):
    """A sliding scale: a percentage per band, then a minimum and a maximum."""

    brackets: Annotated[list[Bracket], Field(min_length=1, max_length=20)]
    minimum: Money
    maximum: Money

    def amount(self, principal: Decimal) -> Decimal:
        """The scale applied to ``principal``: each band's share, clamped to [minimum, maximum], in cents."""
        total, lower = Decimal(0), Decimal(0)
        for bracket in self.brackets:
            upper = principal if bracket.up_to is None else min(principal, bracket.up_to)
            if upper > lower:
                total += (upper - lower) * bracket.percent / 100
            if bracket.up_to is None or principal <= bracket.up_to:
                break
            lower = bracket.up_to
        return cents(min(max(total, self.minimum), self.maximum))


_ECLI = r"^ECLI:[A-Z]{2}:[A-Z0-9]{1,7}:\d{4}:[A-Za-z0-9.]{1,25}$"


class Award(_Strict):
    """A reference award of smartengeld: a court decision with its amount and what the injury was."""

    ecli: Annotated[str, Field(pattern=_ECLI)] | None = None
    source_url: Annotated[str, Field(pattern=r"^https?://\S+$", max_length=500)]
    date: Day
    court: Text
    victim_role: Sector
    kinds: Annotated[list[IncidentKind], Field(min_length=1, max_length=9)]
    injury: Injury
    psychological_harm: StrictBool | None = None
    days_incapacitated: Annotated[StrictInt, Field(ge=0, le=100_000)] | None = None
    recovery: Recovery | None = None
    facts: Annotated[str, Field(min_length=3, max_length=5000)]
    amount: Money
    reason: Annotated[str, Field(min_length=3, max_length=2000)] | None = None  # why nothing was awarded
    confidence: Confidence

    @model_validator(mode="after")
    def _a_rejection_says_why(self) -> Award:
        if self.amount == 0 and not self.reason:
            raise field_error("reason", "is required for an award of 0 (a rejection): say why nothing was awarded")
        return self


class _AwardsFile(_Strict):
    description: Text
    currency: Literal["EUR"]
    awards: Annotated[list[Award], Field(min_length=1, max_length=10_000)]


class _CpiFile(_Strict):
    description: Text
    base: Text
    source: Text
    confidence: Confidence
    note: Annotated[str, Field(min_length=3, max_length=5000)] | None = None
    values: Annotated[dict[Annotated[StrictInt, Field(ge=1900, le=2200)], Annotated[Decimal, Field(gt=0)]],
                      Field(min_length=1)]


# ---- the values in use --------------------------------------------------------------------------------


class ParameterGap(UserError):
    """No value is known for the date asked (before the first value, where earlier ones were not found)."""

    def __init__(self, parameter: Parameter, day: date) -> None:
        self.parameter, self.day = parameter, day
        super().__init__(Problem(parameter.source, Message("no value known on {day}: values start on {first} (earlier "
                                                           "ones were not found in the sources)", day=day,
                                                           first=parameter.starts[0])))


@dataclass(frozen=True)
class Value:
    """A value with the day it applies from, its source and confidence."""

    value: Any
    start: date
    source: str
    confidence: str


@dataclass(frozen=True)
class Parameter:
    """One legal parameter over time: ``entries[i]`` applies from ``starts[i]``; value None: not in force."""

    name: str
    source: str  # the file, for messages
    description: str
    reference: str
    unit: str
    before_first: str
    starts: tuple[date, ...]
    entries: tuple[Value, ...]
    note: str | None = None

    def entry(self, day: date) -> Value | None:
        """The entry in force on ``day``; None when not in force. Raise :class:`ParameterGap` when unknown."""
        index = bisect.bisect_right(self.starts, day) - 1
        if index < 0:
            if self.before_first == "unknown":
                raise ParameterGap(self, day)
            return None
        found = self.entries[index]
        return None if found.value is None else found

    def on(self, day: date) -> Any:
        """The value on ``day`` (None when not in force then)."""
        found = self.entry(day)
        return None if found is None else found.value

    def periods(self, first: date, end: date) -> list[tuple[date, date, Value | None]]:
        """The days [first, end) split where the value changes: (from, until, entry), ``until`` exclusive."""
        cuts = [first] + [s for s in self.starts if first < s < end] + [end]
        return [(a, b, self.entry(a)) for a, b in zip(cuts, cuts[1:], strict=False) if a < b]


@dataclass(frozen=True)
class Cpi:
    """The consumer price index per year (any base: only ratios are used)."""

    source: str
    base: str
    origin: str
    confidence: str
    values: Mapping[int, Decimal]

    @property
    def latest(self) -> int:
        return max(self.values)


@dataclass(frozen=True)
class DataSet:
    """Every table of one data folder, validated, with a digest of the files for the audit trail."""

    folder: Path
    parameters: Mapping[str, Parameter]
    awards: tuple[Award, ...]
    awards_source: str
    cpi: Cpi
    files: Mapping[str, str]  # file name -> sha256
    digest: str

    def __getitem__(self, name: str) -> Parameter:
        return self.parameters[name]


# ---- loading ------------------------------------------------------------------------------------------


def _decimal(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise Invalid("must be a number written as \"6\" or \"0.5\", not {input}", input=shown(value))
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise Invalid("must be a number written as \"6\" or \"0.5\", not {input}", input=shown(value)) from None
    if not number.is_finite() or number < 0:
        raise Invalid("must be a number of at least 0, not {input}", input=shown(value))
    return number


def _money(value: Any) -> Decimal:
    number = _decimal(value)
    if number != number.quantize(CENT):
        raise Invalid("has more than two decimals (cents)")
    return number.quantize(CENT)


def _text(exc: Invalid) -> Message:
    """The text of a failed check (one message)."""
    return exc.at[0][1]


def _convert(unit: str, value: Any, where: str, source: str) -> tuple[Any, list[Problem]]:
    """A raw value as its unit's type, or the problems with it."""
    try:
        if value is None:
            return None, []
        if unit == "percent":
            number = _decimal(value)
            if number > 100:
                raise Invalid("a percentage must be at most 100")
            return number, []
        if unit == "EUR":
            return _money(value), []
        if unit in ("years", "months", "days"):
            if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= 1200:
                raise Invalid("must be a whole number of {unit} (1-1200), not {input}", unit=unit,
                              input=shown(value))
            return value, []
        if unit == "bool":
            if not isinstance(value, bool):
                raise Invalid("must be true or false, not {input}", input=shown(value))
            return value, []
        if unit == "EUR_table":
            if not isinstance(value, dict) or not value:
                raise Invalid("must be a mapping of names to amounts")
            table, problems = {}, []
            for key, amount in value.items():
                try:
                    table[str(key)] = _money(amount)
                except Invalid as exc:
                    problems.append(Problem(f"{source}: {where}.{key}", _text(exc)))
            return MappingProxyType(table), problems
        if unit == "scale":
            try:
                scale = Scale.model_validate(value)
            except ValidationError as exc:
                return None, [Problem(f"{source}: {where}.{p.path}", p.message)
                              for p in problems_from_validation(exc, Scale)]
            return scale, _check_scale(scale, where, source)
    except Invalid as exc:
        return None, [Problem(f"{source}: {where}", _text(exc))]
    raise AssertionError(f"unit {unit}")


def _check_scale(scale: Scale, where: str, source: str) -> list[Problem]:
    problems = []
    uppers = [b.up_to for b in scale.brackets]
    if any(u is None for u in uppers[:-1]):
        problems.append(Problem(f"{source}: {where}.brackets", Message("only the last band may have up_to: null")))
    bounded = [u for u in uppers if u is not None]
    if bounded != sorted(set(bounded)):
        problems.append(Problem(f"{source}: {where}.brackets", Message("up_to must rise from band to band")))
    if scale.maximum < scale.minimum:
        problems.append(Problem(f"{source}: {where}.maximum", Message("is less than minimum")))
    return problems


def load_parameter(path: Path) -> Parameter:
    """Read and validate one parameter file; every problem in one :class:`UserError`."""
    source = str(path)
    data = load_data_file(path)
    if not isinstance(data, dict):
        raise UserError(Message("a parameter file must be a mapping with description, reference, unit and values"),
                        source)
    try:
        model = _ParameterFile.model_validate(data)
    except ValidationError as exc:
        raise UserError(problems_from_validation(exc, _ParameterFile), source) from None
    problems: list[Problem] = []
    starts: list[date] = []
    entries: list[Value] = []
    for key, entry in model.values.items():
        where = f"values.{key}"
        try:
            start = parse_day(key)
        except Invalid as exc:
            problems.append(Problem(f"{source}: {where}", Message("the key {problem}", problem=_text(exc))))
            continue
        if starts and start <= starts[-1]:
            problems.append(Problem(f"{source}: {where}",
                                    Message("must come after {day}: keep the dates in order", day=starts[-1])))
        value, found = _convert(model.unit, entry.value, f"{where}.value", source)
        problems += found
        starts.append(start)
        entries.append(Value(value, start, entry.source, entry.confidence))
    if entries and entries[0].value is None and not problems:
        problems.append(Problem(f"{source}: values.{starts[0]}.value", Message("the first value must not be null")))
    if problems:
        raise UserError(problems)
    return Parameter(path.stem, source, model.description, model.reference, model.unit, model.before_first,
                     tuple(starts), tuple(entries), model.note)


def _load_model(path: Path, model: type[BaseModel]) -> Any:
    source = str(path)
    data = load_data_file(path)
    if not isinstance(data, dict):
        raise UserError(Message("must be a mapping with {keys}", keys=", ".join(model.model_fields)), source)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise UserError(problems_from_validation(exc, model), source) from None


def load_awards(path: Path) -> tuple[Award, ...]:
    """The reference awards of ``awards.yaml``."""
    return tuple(_load_model(path, _AwardsFile).awards)


def load_cpi(path: Path) -> Cpi:
    """The consumer price index of ``cpi.yaml``."""
    model = _load_model(path, _CpiFile)
    values = MappingProxyType(dict(sorted(model.values.items())))
    return Cpi(str(path), model.base, model.source, model.confidence, values)


def load_data(folder: Path) -> DataSet:
    """Load and validate every table of a data folder; all problems at once."""
    if not folder.is_dir():
        raise UserError(Problem("data", Message("no such folder: {folder}", folder=str(folder))))
    paths = {p.stem: p for p in sorted(folder.iterdir()) if p.is_file() and p.suffix in (".yaml", ".yml")}
    problems: list[Problem] = []
    for stem in sorted(set(PARAMETERS) | set(TABLES)):
        if stem not in paths:
            problems.append(Problem(str(folder / f"{stem}.yaml"),
                                    Message("missing: every data folder needs this file")))
    for stem in sorted(set(paths) - set(PARAMETERS) - set(TABLES)):
        problems.append(Problem(str(paths[stem]), Message("unknown data file; known: {known}",
                                                          known=", ".join(sorted([*PARAMETERS, *TABLES])))))
    parameters: dict[str, Parameter] = {}
    awards: tuple[Award, ...] = ()
    cpi: Cpi | None = None
    for stem, path in paths.items():
        try:
            if stem in PARAMETERS:
                parameter = load_parameter(path)
                if parameter.unit != PARAMETERS[stem]:
                    problems.append(Problem(f"{path}: unit",
                                            Message("must be {unit} for this parameter", unit=PARAMETERS[stem])))
                parameters[stem] = parameter
            elif stem == "awards":
                awards = load_awards(path)
            elif stem == "cpi":
                cpi = load_cpi(path)
        except UserError as exc:
            problems += exc.problems
    if problems or cpi is None:
        raise UserError(problems)
    digest = hashlib.sha256()
    files = {}
    for path in sorted(paths.values()):
        content = path.read_bytes()
        files[path.name] = hashlib.sha256(content).hexdigest()
        digest.update(path.name.encode() + b"\0" + content + b"\0")
    return DataSet(folder, MappingProxyType(parameters), awards, str(paths["awards"]), cpi,
                   MappingProxyType(files), digest.hexdigest())


_lock = threading.Lock()
_cache: dict[tuple[Path, tuple[tuple[str, int, float], ...]], DataSet] = {}


def get_data(data_dir: str | Path | None = None) -> DataSet:
    """The data tables of a folder (default: bundled), validated once per version of its files."""
    folder = resources.folder("data", data_dir)
    try:
        stamp = tuple(sorted((p.name, p.stat().st_size, p.stat().st_mtime) for p in folder.iterdir()))
    except OSError:
        raise UserError(Problem("data", Message("no such folder: {folder}", folder=str(folder)))) from None
    key = (folder.resolve(), stamp)
    with _lock:
        if key not in _cache:
            if len(_cache) > 32:
                _cache.clear()
            _cache[key] = load_data(folder)
        return _cache[key]
