"""Privacy that cannot leak (issue 16): however a field writes the victim's name or home address, no
document for the perpetrator's side shows it; the document is refused, naming the field, and nothing is
written. The employee is named only with consent (``victim.named_to_perpetrator``, no anonymity)."""

from __future__ import annotations

import copy
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from docx_text import text_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vpt_rules import UserError, evaluate, load_case, render_documents
from vpt_rules.documents.privacy import PrivacyGuard, normalise

AS_OF = "2026-11-21T09:00:00+01:00"
CASE: dict[str, Any] = {
    "case_id": "ARN-2026-0077",
    "incident": {
        "occurred_at": "2026-11-20T10:40:00+01:00",
        "location": "Stadswinkel, balie 2, Arnhem",
        "description": "Intern verslag.",
        "description_for_perpetrator": "U schreeuwde aan de balie en dreigde te slaan.",
        "kinds": ["threat"],
        "in_function": True,
    },
    "victim": {
        "name": "Chloë Jacobs",
        "job_title": "Klantmanager",
        "sector": "municipality",
        "home_address": {"street": "Kerkstraat 12", "postcode": "6814 BC", "city": "Arnhem"},
        "anonymity": "withheld",
    },
    "employer": {
        "name": "Gemeente Arnhem",
        "address": {"street": "Koningstraat 38", "postcode": "6811 DG", "city": "Arnhem"},
        "contact": {"name": "P. Bakker", "function": "Adviseur veiligheid", "phone": "026-3773911",
                    "email": "veiligheid@arnhem.example"},
        "signatory": {"name": "M. Visser", "function": "Afdelingshoofd"},
    },
    "perpetrator": {
        "known": True, "name": "K. de Groot",
        "address": {"street": "Dorpsstraat 1", "postcode": "6821 AA", "city": "Arnhem"},
        "date_of_birth": "2010-03-01",  # 16: the letter goes to them with a copy to the parents
    },
    "response": {"measure": "ban", "ban_until": "2027-05-20", "ban_scope": "alle balies"},
    "report": {"status": "filed", "filed_at": "2026-11-20T13:00:00+01:00", "police_reference": "PL0600-1"},
    "damages": {"items": [{"party": "employee", "kind": "property", "amount": "120.00",
                           "incurred_on": "2026-11-20", "description": "Kapotte bril"}]},
}

NAME_FORMS = ["mevrouw Jacobs", "S. Jacobs", "C. Jacobs", "Jacobs, Chloë", "Chloë", "Chloe Jacobs", "JACOBS",
              "Jacobs"]
ADDRESS_FORMS = ["Kerkstraat 12", "kerkstraat", "6814BC", "6814 bc", "6814 BC Arnhem"]
LOOK_ALIKE = {"a": "а", "o": "о", "c": "с", "e": "е", "s": "ѕ", "J": "Ј"}  # Cyrillic letters
FORMATS = ["\u200b", "\u200d", "\u2060", "\ufeff", "\u00ad"]  # zero-width and soft hyphen


@st.composite
def disguised(draw: Any, forms: list[str]) -> str:
    """One way of writing the victim's name or address that a plain search would miss."""
    text = draw(st.sampled_from(forms))
    trick = draw(st.sampled_from(["as is", "double space", "no-break space", "line break", "zero-width",
                                  "decomposed", "look-alike", "case", "fullwidth"]))
    if trick == "double space":
        text = text.replace(" ", "  ")
    elif trick == "no-break space":
        text = text.replace(" ", "\u00a0")
    elif trick == "line break":
        text = text.replace(" ", "\n", 1)
    elif trick == "zero-width":
        at = draw(st.integers(1, max(1, len(text) - 1)))
        text = text[:at] + draw(st.sampled_from(FORMATS)) + text[at:]
    elif trick == "decomposed":
        text = unicodedata.normalize("NFD", text)
    elif trick == "look-alike":
        text = "".join(LOOK_ALIKE.get(ch, ch) if draw(st.booleans()) else ch for ch in text)
    elif trick == "case":
        text = draw(st.sampled_from([text.upper(), text.lower(), text.swapcase()]))
    elif trick == "fullwidth":
        text = "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)
    return text


# (field path, the forms that may go there, how to put a text into the case)
def _set(path: str):
    def put(data: dict[str, Any], text: str) -> None:
        *parents, last = path.split(".")
        node: Any = data
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        node[last] = f"{node[last]} {text}" if last != "case_id" else text
    return put


FIELDS = [
    "incident.location", "incident.description_for_perpetrator", "response.ban_scope", "victim.job_title",
    "perpetrator.name", "report.police_reference", "damages.items.0.description", "employer.contact.function",
]
NAME_ONLY_FIELDS = ["perpetrator.address.street", "perpetrator.legal_representatives.0.name"]


def _with_representative(data: dict[str, Any]) -> dict[str, Any]:
    data["perpetrator"]["legal_representatives"] = [{"name": "R. de Groot"}]
    return data


@st.composite
def leaking_cases(draw: Any) -> tuple[dict[str, Any], str]:
    data = _with_representative(copy.deepcopy(CASE))
    if draw(st.booleans()):  # no anonymity, but no consent to be named either
        data["victim"]["anonymity"] = "none"
        data["victim"]["named_to_perpetrator"] = False
    field = draw(st.sampled_from(FIELDS + NAME_ONLY_FIELDS))
    forms = NAME_FORMS if field in NAME_ONLY_FIELDS else NAME_FORMS + ADDRESS_FORMS
    _set(field)(data, draw(disguised(forms)))
    return data, field


def _render(data: dict[str, Any], out: Path) -> list[Path]:
    case = load_case(data)
    return render_documents(case, evaluate(case, as_of=AS_OF), out)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(leaking_cases())
def test_property_every_disguise_of_the_victim_is_refused(tmp_path: Path, drawn: tuple[dict[str, Any], str]) -> None:
    data, field = drawn
    out = tmp_path / "out"
    with pytest.raises(UserError) as refused:
        _render(data, out)
    message = str(refused.value)
    assert "victim.name" in message or "victim.home_address" in message
    assert not out.exists()


def test_the_case_without_a_disguise_renders_every_document(tmp_path: Path) -> None:
    written = _render(_with_representative(copy.deepcopy(CASE)), tmp_path)
    names = {p.name.removeprefix("ARN-2026-0077_").removesuffix(".docx") for p in written}
    assert {"perpetrator_letter_ban", "liability_letter", "injured_party_claim", "damage_statement"} <= names
    for path in written:
        text = normalise(text_of(path))
        assert "jacobs" not in text and "chloe" not in text and "kerkstraat" not in text and "6814bc" not in text


@pytest.mark.parametrize("case_id", ["JACOBS-2026-1", "ARN/6814BC/1"])
def test_the_case_id_is_checked_too(tmp_path: Path, case_id: str) -> None:
    data = copy.deepcopy(CASE)
    data["case_id"] = case_id
    with pytest.raises(UserError, match="case_id"):
        _render(data, tmp_path / "out")


def test_the_message_names_the_field_and_what_it_would_show(tmp_path: Path) -> None:
    data = copy.deepcopy(CASE)
    data["response"]["ban_scope"] = "de balie waar mevrouw Jacobs werkt"
    with pytest.raises(UserError) as refused:
        _render(data, tmp_path / "out")
    assert "ARN-2026-0077: perpetrator_letter_ban: response.ban_scope: " in str(refused.value)
    assert "victim.name" in str(refused.value)


def test_a_postcode_shared_with_the_employer_is_not_a_hit_by_itself(tmp_path: Path) -> None:
    data = copy.deepcopy(CASE)
    data["victim"]["home_address"]["postcode"] = "6811 DG"  # lives in the town hall's postcode area
    written = _render(data, tmp_path)
    assert any("6811 DG" in text_of(p) for p in written)  # the employer's own address, in every letter


def test_with_consent_the_employee_is_named(tmp_path: Path) -> None:
    data = copy.deepcopy(CASE)
    data["victim"].update(anonymity="none", named_to_perpetrator=True)
    data["incident"]["description_for_perpetrator"] = "U schreeuwde tegen mevrouw Jacobs."
    written = _render(data, tmp_path)
    letter = next(p for p in written if "perpetrator_letter" in p.name)
    assert "Chloë Jacobs, Klantmanager" in text_of(letter)
    assert "U schreeuwde tegen mevrouw Jacobs." in text_of(letter)


def test_consent_never_lets_the_home_address_through(tmp_path: Path) -> None:
    data = copy.deepcopy(CASE)
    data["victim"].update(anonymity="none", named_to_perpetrator=True)
    data["incident"]["location"] = "voor de deur van Kerkstraat 12"
    with pytest.raises(UserError, match="incident.location: .*victim.home_address"):
        _render(data, tmp_path / "out")


@pytest.mark.parametrize("text", ["mevrouw  Jacobs", "Ja\u200bcobs", "JАCOBS", "Chloe\u0308", "６８１４ＢＣ",
                                  "Kerk\nstraat 12".replace("\n", ""), "6814\u00a0BC"])
def test_normalised_forms_are_found(text: str) -> None:
    guard = PrivacyGuard(load_case(CASE))
    assert guard.find(f"iets over {text} hier") is not None


@pytest.mark.parametrize("text", ["De balie van de gemeente", "Jacobsstraat", "68145 BC", "Kerkstraten"])
def test_other_words_are_not_hits(text: str) -> None:
    assert PrivacyGuard(load_case(CASE)).find(text) is None


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=127), max_size=60)
       | st.sampled_from(["3511 AB", "3511ab Utrecht", "J. de\tVries\x00", "\x1c\x1fA  B\x7f", " 1234 aB "]))
def test_ascii_text_is_normalised_as_by_the_unicode_steps(text: str) -> None:
    from vpt_rules.documents.privacy import normalise

    # A zero-width space is removed by the Unicode steps and makes the text non-ASCII: it takes the long way.
    assert normalise(text) == normalise(text + "\u200b") == normalise("\u200b" + text)
