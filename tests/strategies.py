"""Hypothesis strategies: valid case files (as parsed data) spread over the facts the rules look at."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import strategies as st

from vpt_rules.model.case import IncidentKind, Injury, Measure, Sector
from vpt_rules.model.values import AMSTERDAM

# Text a user may type: letters, accents, punctuation that XML escapes, emoji; no control characters.
SAFE_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn"), blacklist_characters="\ufffe\uffff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip())
NAMES = st.one_of(SAFE_TEXT, st.sampled_from(["Jansen & Zn.", "<b>Vos</b>", 'Ré "Bob" Müller', "Zoë 😀 de Wit"]))


def address() -> st.SearchStrategy[dict[str, str]]:
    return st.fixed_dictionaries({"street": NAMES, "postcode": st.sampled_from(["1234 AB", "3511 CE"]), "city": NAMES})


def existing(moment: datetime) -> datetime:
    """A wall-clock time that exists in Amsterdam: one in the spring-forward gap moves an hour on."""
    aware = moment.replace(tzinfo=AMSTERDAM)
    if aware.astimezone(UTC).astimezone(AMSTERDAM).replace(tzinfo=None) != moment:
        return moment + timedelta(hours=1)
    return moment


@st.composite
def cases(draw: Any) -> dict[str, Any]:
    occurred = draw(st.datetimes(min_value=datetime(2009, 1, 1), max_value=datetime(2026, 11, 1)))
    occurred = existing(occurred.replace(microsecond=0))
    aware = occurred.replace(tzinfo=AMSTERDAM)
    day = aware.date()
    known = existing(occurred + timedelta(minutes=draw(st.integers(0, 5000))))
    kinds = draw(st.lists(st.sampled_from(list(IncidentKind)), min_size=1, max_size=3, unique=True))
    perpetrator: dict[str, Any] = {"known": draw(st.booleans())}
    if perpetrator["known"]:
        perpetrator["name"] = draw(NAMES)
        if draw(st.booleans()):
            perpetrator["address"] = draw(address())
        if draw(st.booleans()):
            born = draw(st.dates(min_value=date(1940, 1, 1), max_value=day - timedelta(days=365 * 8)))
            perpetrator["date_of_birth"] = born.isoformat()
        if draw(st.booleans()):
            perpetrator["legal_representatives"] = [{"name": draw(NAMES), "address": draw(address())}]
    victim: dict[str, Any] = {
        "name": draw(NAMES),
        "job_title": draw(NAMES),
        "sector": draw(st.sampled_from(list(Sector))).value,
        "home_address": draw(address()),
        "domicile_choice": draw(st.booleans()),
        "anonymity": draw(st.sampled_from(["none", "number", "withheld"])),
    }
    if draw(st.booleans()):
        victim["official"] = draw(st.booleans())
    data: dict[str, Any] = {
        "case_id": "H-" + str(draw(st.integers(1, 10**6))),
        "incident": {
            "occurred_at": occurred.isoformat(),
            "known_to_employer_at": known.isoformat(),
            "location": draw(NAMES),
            "description": draw(NAMES),
            "kinds": [k.value for k in kinds],
            "in_function": draw(st.booleans()),
            "injury": draw(st.sampled_from(list(Injury))).value,
            "weapon": draw(st.booleans()),
            "psychological_harm": draw(st.booleans()),
        },
        "victim": victim,
        "employer": {
            "name": draw(NAMES),
            "address": draw(address()),
            "legal_person": draw(st.booleans()),
            "contact": {"name": draw(NAMES), "function": draw(NAMES), "phone": "030-1234567", "email": "a@b.example"},
            "signatory": {"name": draw(NAMES), "function": draw(NAMES)},
        },
        "perpetrator": perpetrator,
    }
    if draw(st.booleans()):
        data["employer"]["reaction_term_hours"] = draw(st.integers(1, 96))
    measure = draw(st.sampled_from([None, *[m.value for m in Measure]]))
    if measure:
        data["response"] = {"measure": measure}
        if measure == "ban":
            data["response"]["ban_until"] = (day + timedelta(days=draw(st.integers(1, 400)))).isoformat()
            data["response"]["ban_scope"] = draw(NAMES)
    if draw(st.booleans()):
        data["damages"] = draw(damages(day))
    if draw(st.booleans()):
        filed = existing(known + timedelta(hours=draw(st.integers(0, 200))))
        data["report"] = {"status": "filed", "filed_at": filed.isoformat(),
                          "filed_by": draw(st.sampled_from(["employee", "employer"])),
                          "vpt_code_confirmed": draw(st.booleans())}
    return data


AS_OF = datetime(2026, 11, 23, 12, 0, tzinfo=AMSTERDAM)
MONEY = st.decimals(min_value=0, max_value=50_000, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def damages(draw: Any, day: date) -> dict[str, Any]:
    """Damage items on or after the incident day (and before AS_OF), optionally smartengeld."""
    items = []
    for _ in range(draw(st.integers(0, 4))):
        amount = draw(MONEY)
        incurred = day + timedelta(days=draw(st.integers(0, max(0, (AS_OF.date() - day).days))))
        items.append({
            "party": draw(st.sampled_from(["employee", "employer"])),
            "kind": draw(st.sampled_from(["medical_costs", "property", "wage_continuation", "other"])),
            "amount": str(amount),
            "reimbursed": str(draw(st.decimals(min_value=0, max_value=amount, places=2))),
            "incurred_on": incurred.isoformat(),
            "description": draw(NAMES),
        })
    result: dict[str, Any] = {"items": items}
    if draw(st.booleans()):
        result["immaterial"] = {"days_incapacitated": draw(st.integers(0, 60)),
                                "recovery": draw(st.sampled_from(["full", "partial", "permanent"]))}
        if draw(st.booleans()):
            result["immaterial"]["claimed_amount"] = str(draw(MONEY))
    return result
