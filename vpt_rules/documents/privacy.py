"""The second line of privacy: no document for the perpetrator's side may show who the victim is or where
the victim lives, however a field writes it.

The first line is the design of the contexts: they hold no home address, name the employee only when the
case allows it (:func:`may_name_victim`), and take free text only from fields meant for that reader. This
guard then reads every text that reaches the document, ``case_id`` and the perpetrator's own fields
included, after :func:`normalise` (NFKC, format and zero-width characters removed, look-alike letters
folded, case and accents folded, whitespace collapsed, postcodes written without their space), and looks
for the victim's surname, first names, full name, home street (with and without number) and postcode. A hit
refuses the document and names the field; it never rewrites the text.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from ..i18n import Message
from ..model.case import Anonymity, Case
from ..model.errors import Problem, UserError

__all__ = ["PrivacyGuard", "may_name_victim", "normalise", "refuse_leaks"]

# Letters of other scripts that look like Latin ones (Cyrillic, Greek); NFKC does not fold these.
_LOOK_ALIKES = str.maketrans({
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
    "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w",
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t",
    "υ": "u", "χ": "x", "ϲ": "c", "ı": "i", "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ß": "ss",
})
_POSTCODE = re.compile(r"(?<![0-9a-z])([1-9][0-9]{3}) ?([a-z]{2})(?![a-z])")
_PARTICLES = {"de", "den", "der", "van", "von", "het", "ten", "ter", "te", "'t", "t", "la", "le", "du", "da",
              "dos", "del", "op", "in", "uit", "aan", "bij", "el", "al", "mc", "v.d."}


# In ASCII text the Unicode steps below change nothing but case, controls and spacing (no look-alike, accent or
# compatibility form is ASCII): most texts of a letter take this way, at a tenth of the cost.
_ASCII_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1b\x7f]")  # the controls that are not whitespace
_SPACES = re.compile(r"[\s\u00a0]+")


def normalise(text: str) -> str:
    """Text as the guard compares it: one form whatever the spelling, spacing or script of its letters."""
    if text.isascii():
        text = _SPACES.sub(" ", _ASCII_CONTROLS.sub("", text).lower()).strip()
        return _POSTCODE.sub(r"\1\2", text)
    text = unicodedata.normalize("NFKC", text)
    text = "".join(" " if ch.isspace() else ch for ch in text if unicodedata.category(ch) not in ("Cf", "Cc")
                   or ch.isspace())
    text = text.casefold().translate(_LOOK_ALIKES)
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    text = _SPACES.sub(" ", text).strip()
    return _POSTCODE.sub(r"\1\2", text)


def may_name_victim(case: Case) -> bool:
    """Privacy by default: the perpetrator's side reads the employee's name only when the case says so."""
    return case.victim.named_to_perpetrator and case.victim.anonymity == Anonymity.none


def _name_parts(name: str) -> list[str]:
    """The words of a name that identify the victim on their own: surname, first names, the full name."""
    plain = normalise(name)
    if "," in plain:  # "Jacobs, Sanne"
        surname, _, given = plain.partition(",")
        words = given.split() + surname.split()
        surname_words = surname.split()
    else:
        words = plain.split()
        surname_words = words[-1:]
        for word in reversed(words[:-1]):  # "a. de vries": the particles belong to the surname
            if word in _PARTICLES:
                surname_words.insert(0, word)
            else:
                break
    given = [w.strip(".") for w in words if w not in surname_words and w not in _PARTICLES]
    parts = {" ".join(plain.replace(",", " ").split()), " ".join(surname_words)}
    parts |= {w for w in surname_words if w not in _PARTICLES}
    parts |= {piece for w in surname_words if w not in _PARTICLES for piece in w.split("-")}  # each half too
    parts |= {w for w in given if len(w) > 1}  # a first name, not an initial
    return sorted(p for p in parts if len(p.replace(" ", "")) > 1)


class PrivacyGuard:
    """What of the victim must not reach the perpetrator's side, in normalised form, with why."""

    def __init__(self, case: Case) -> None:
        self.terms: list[tuple[re.Pattern[str], str]] = []
        if not may_name_victim(case):
            self._add(_name_parts(case.victim.name), "victim.name")
        home = case.victim.home_address
        if home is not None:
            street = normalise(home.street)
            without_number = re.sub(r"\s*\d.*$", "", street).strip()
            self._add([street, without_number], "victim.home_address.street")
            postcode = normalise(home.postcode).replace(" ", "")
            if postcode != normalise(case.employer.address.postcode).replace(" ", ""):
                self._add([postcode], "victim.home_address.postcode")  # the employer's own is not a hit

    def _add(self, words: Iterable[str], source: str) -> None:
        for word in words:
            if len(word.replace(" ", "")) >= 2:
                self.terms.append((re.compile(rf"(?<![0-9a-z]){re.escape(word)}(?![0-9a-z])"), source))

    def find(self, text: str) -> str | None:
        """The case field whose value ``text`` shows (``victim.name`` …), or None."""
        plain = normalise(text)
        for pattern, source in self.terms:
            if pattern.search(plain):
                return source
        return None


def _strings(value: Any, path: str) -> Iterable[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            yield from _strings(getattr(value, f.name), f"{path}.{f.name}" if path else f.name)
    elif isinstance(value, tuple | list):
        for i, item in enumerate(value):
            yield from _strings(item, f"{path}.{i}")


# Where a text of a context comes from in the case file, so that the message names the field to change.
_CASE_FIELDS = (
    ("case_id", "case_id"),
    ("incident.description", "incident.description_for_perpetrator"),
    ("incident.location", "incident.location"),
    ("measure.scope", "response.ban_scope"),
    ("victim.", "victim.job_title"),
    ("perpetrator.", "perpetrator.name"),
    ("recipients.", "perpetrator (name, address or legal_representatives)"),
    ("copies.", "perpetrator.legal_representatives"),
    ("police_reference", "report.police_reference"),
)
# The perpetrator's own address may share a street or postcode with the victim's (neighbours): printing it
# on the perpetrator's own letter tells them nothing. Names are still checked there.
_OWN_ADDRESS = re.compile(r"^(recipients|copies)\.\d+\.lines\.")


def _case_field(path: str) -> str:
    for prefix, field in _CASE_FIELDS:
        if path.startswith(prefix):
            return field
    if ".lines." in path and ".description" in path or path.endswith(".description"):
        return "damages.items.*.description"
    return path


def refuse_leaks(context: Any, guard: PrivacyGuard, case: Case, allowed: Iterable[str] = ()) -> None:
    """Refuse the document (UserError, every field named) when any of its texts shows the victim.

    ``allowed`` are context paths that may show the victim's name because the case allows it (the
    designation when :func:`may_name_victim`).
    """
    allowed = tuple(allowed)
    problems = []
    for path, text in _strings(context, ""):
        if allowed and path.startswith(allowed):
            continue
        found = guard.find(text)
        if found and found.startswith("victim.home_address") and _OWN_ADDRESS.match(path):
            continue
        if found:
            problems.append(Problem(
                f"{case.case_id}: {context.document}: {_case_field(path)}",
                Message("would show the victim ({field}) to the perpetrator; leave it out of this field (the "
                        "incident for the perpetrator goes in incident.description_for_perpetrator)", field=found),
            ))
    if problems:
        raise UserError(problems)
