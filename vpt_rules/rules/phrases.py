"""Facts in plain words: the fact catalogue (``rulesets/facts/<lang>.yaml``, data a jurist edits).

Every fact has a label ("de leeftijd van de dader") and a phrase per value: ``when_true`` /
``when_false`` for a yes/no fact, ``values`` for a fact with a closed set of values, ``value`` (with
``{value}``) for a number or a date. ``because`` says what held in the case ("de dader is bekend");
``--explain`` says what a rule asks and what the case has. The small joining words ("minder dan",
"een van") come from the message catalogue. A fact without a text is shown by its name (a test fails
for the bundled rules).

The catalogue of a folder of rules is ``<folder>/facts/<lang>.yaml``, laid over the bundled one, so an
organisation's own rules only add the facts they provide. Loaded once with the rules (no I/O per case).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..i18n.catalog import LANGUAGES, N_, Translator, translator
from ..model.checks import problems_from_validation
from ..model.errors import Problem, UserError
from ..model.loading import load_data_file
from .compiler import holds
from .facts import EPOCH, FactType
from .schema import RuleSets, Test

_Text = Annotated[str, Field(min_length=2, max_length=300)]


class FactText(BaseModel):
    """The words for one fact."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)  # built when first used

    label: _Text
    when_true: _Text | None = None
    when_false: _Text | None = None
    values: dict[str, _Text] = {}
    value: _Text | None = None
    unit: Literal["cents"] | None = None
    when_unknown: _Text | None = None


def load_texts(path: Path) -> dict[str, FactText]:
    """One catalogue file, strictly: ``{fact: {label, when_true, ...}}``."""
    data = load_data_file(path)
    if not isinstance(data, dict):
        raise UserError("a fact catalogue is a mapping of fact names to their texts", str(path))
    texts, problems = {}, []
    for name, entry in data.items():
        try:
            texts[str(name)] = FactText.model_validate(entry)
        except ValidationError as exc:
            problems += [Problem(f"{path.name}: {name}.{p.path}".rstrip("."), p.message)
                         for p in problems_from_validation(exc, FactText)]
    if problems:
        raise UserError(problems)
    return texts


def catalogue_files(folder: Path, bundled: Path) -> dict[str, list[Path]]:
    """Per language the catalogue files to lay over each other: the bundled one, then the folder's own."""
    found: dict[str, list[Path]] = {}
    for lang in LANGUAGES:
        paths = [p / "facts" / f"{lang}.yaml" for p in dict.fromkeys([bundled, folder])]
        found[lang] = [p for p in paths if p.is_file()]
    return found


@dataclass(frozen=True)
class Phrases:
    """The facts of one language in words (Dutch texts fill what the language lacks)."""

    lang: str
    texts: dict[str, FactText]
    types: dict[str, FactType] = field(default_factory=dict)

    @property
    def tr(self) -> Translator:
        return translator(self.lang)

    def label(self, fact: str) -> str:
        entry = self.texts.get(fact)
        return entry.label if entry else fact

    def known(self, fact: str) -> str:
        return self.tr.gettext("{label}: known", label=self.label(fact))

    def unknown(self, fact: str) -> str:
        """The case does not give this fact."""
        entry = self.texts.get(fact)
        if entry and entry.when_unknown:
            return entry.when_unknown
        return self.tr.gettext("{label}: not known", label=self.label(fact))

    def of_value(self, fact: str, value: Any) -> str:
        """What the case has: ``de dader is bekend``, ``de dader was 15 jaar …``."""
        entry = self.texts.get(fact)
        if isinstance(value, bool):
            text = entry and (entry.when_true if value else entry.when_false)
            return text or f"{fact} = {'true' if value else 'false'}"
        if entry and isinstance(value, str) and value in entry.values:
            return entry.values[value]
        if entry and entry.value:
            return entry.value.format(value=self.shown(fact, value))
        return f"{fact} = {self.shown(fact, value)}"

    def shown(self, fact: str, value: Any) -> str:
        """A number, amount or date as a reader writes it."""
        kind = self.types[fact].kind if fact in self.types else ""
        entry = self.texts.get(fact)
        if kind == "date" and isinstance(value, int):
            return day(EPOCH + timedelta(days=value), self.lang)
        if entry and entry.unit == "cents" and isinstance(value, int):
            return _money(Decimal(value) / 100, self.lang)
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, list | tuple):
            return ", ".join(self.shown(fact, v) for v in value)
        return str(value)

    def held(self, test: Test, facts: dict[str, Any]) -> list[str]:
        """Why a test that held, held: the phrases of the case's values it looked at."""
        if test.op == "any":
            return [p for t in test.items if holds(t, facts) for p in self.held(t, facts)]
        if test.op == "all":
            return [p for t in test.items for p in self.held(t, facts)]
        if test.op == "present":
            return [self.known(test.fact) if test.value else self.unknown(test.fact)]
        phrase = self.of_value(test.fact, facts[test.fact])
        if test.op in _COMPARISONS:
            phrase += f" ({self.comparison(test)})"
        return [phrase]

    def comparison(self, test: Test) -> str:
        """``minder dan 16``, ``op of na 1 januari 2016``."""
        is_date = test.fact in self.types and self.types[test.fact].kind == "date"
        words = (_DATE_COMPARISONS if is_date else _COMPARISONS)[test.op]
        return self.tr.gettext(words, value=self.shown(test.fact, test.value))

    def condition(self, test: Test) -> str:
        """What a test asks, in words (for ``--explain``)."""
        tr = self.tr
        if test.op in ("any", "all"):
            parts = "; ".join(self.condition(t) for t in test.items)
            return tr.gettext("at least one of: {items}", items=parts) if test.op == "any" \
                else tr.gettext("all of: {items}", items=parts)
        label = self.label(test.fact)
        if test.op == "present":
            return self.known(test.fact) if test.value else self.unknown(test.fact)
        if test.op in _COMPARISONS:
            return tr.gettext("{label}: {comparison}", label=label, comparison=self.comparison(test))
        if test.op == "is":
            return self.of_value(test.fact, test.value)
        if test.op == "is_not":
            if isinstance(test.value, bool):
                return self.of_value(test.fact, not test.value)
            return tr.gettext("not: {text}", text=self.of_value(test.fact, test.value))
        texts = " / ".join(self.of_value(test.fact, v) for v in test.value)
        return tr.gettext("one of: {items}", items=texts) if test.op == "in" \
            else tr.gettext("none of: {items}", items=texts)

    def actual(self, test: Test, facts: dict[str, Any]) -> str:
        """What the case has for the facts a test looks at (for ``--explain``)."""
        names = [test.fact] if test.fact else sorted(_facts_of(test))
        shown = []
        for name in names:
            if name not in facts:
                shown.append(self.unknown(name))
            else:
                shown.append(self.of_value(name, facts[name]))
        return "; ".join(shown)


def _facts_of(test: Test) -> set[str]:
    return {test.fact} if test.fact else {f for t in test.items for f in _facts_of(t)}


_COMPARISONS = {"lt": N_("less than {value}"), "lte": N_("at most {value}"), "gt": N_("more than {value}"),
                "gte": N_("at least {value}")}
_DATE_COMPARISONS = {"lt": N_("before {value}"), "lte": N_("on or before {value}"), "gt": N_("after {value}"),
                     "gte": N_("on or after {value}")}


@functools.lru_cache(maxsize=4096)
def day(value: date, lang: str) -> str:
    """``1 april 2010`` (nl) or ``1 April 2010`` (en)."""
    from babel.dates import format_date

    return format_date(value, "d MMMM y", locale="nl_NL" if lang == "nl" else "en_GB")


def _money(amount: Decimal, lang: str) -> str:
    from babel.numbers import format_currency

    from ..i18n.dutch import cents

    return format_currency(cents(amount), "EUR", locale="nl_NL" if lang == "nl" else "en_GB")


def build_phrases(folder: Path, bundled: Path, types: dict[str, FactType]) -> dict[str, Phrases]:
    """The phrases of each language for the rules in ``folder``; English falls back to Dutch per fact."""
    loaded: dict[str, dict[str, FactText]] = {}
    for lang, paths in catalogue_files(folder, bundled).items():
        texts: dict[str, FactText] = {}
        for path in paths:
            texts.update(load_texts(path))
        loaded[lang] = texts
    dutch = loaded.get("nl", {})
    return {lang: Phrases(lang, {**dutch, **texts} if lang != "nl" else texts, types)
            for lang, texts in loaded.items()}


def missing_texts(texts: dict[str, FactText], types: dict[str, FactType]) -> list[str]:
    """What the catalogue lacks for these facts: ``fact: what``."""
    missing = []
    for name, ftype in types.items():
        entry = texts.get(name)
        if entry is None:
            missing.append(f"{name}: no label")
            continue
        if ftype.kind == "bool" and not (entry.when_true and entry.when_false):
            missing.append(f"{name}: needs when_true and when_false")
        if ftype.kind == "enum":
            missing += [f"{name}: no text for value {v}" for v in ftype.values if v not in entry.values]
        if ftype.kind in ("int", "date") and not entry.value:
            missing.append(f"{name}: needs value (with {{value}})")
    return missing


def phrases_for(rulesets: RuleSets, lang: str) -> Phrases:
    """The facts of these rules in words in ``lang`` (Dutch when that language has no catalogue)."""
    found = rulesets.phrases.get(lang) or rulesets.phrases.get("nl")
    return found if found is not None else Phrases(lang, {}, rulesets.facts)
