"""The actions in another language than Dutch: ``rulesets/actions/<lang>.yaml`` (shown with ``--lang en``).

The rule files hold each action's title and explanation in Dutch, the source a jurist edits. A
translation names the rule and the action, and carries the fingerprint (``dutch:``) of the Dutch text it
translates. When the Dutch changes, the translation no longer applies (the Dutch is shown) until it is
brought up to date; ``tests/rules/test_wording.py`` says which entries to update or remove.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..i18n.catalog import LANGUAGES, Message
from ..model.checks import problems_from_validation
from ..model.errors import Problem, UserError
from ..model.loading import load_data_file
from .schema import ActionSpec, Rule

Wording = dict[tuple[str, str], tuple[str, str]]  # (rule id, action id) -> (title, explanation)


class ActionText(BaseModel):
    """One action in another language."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)  # built when first used

    dutch: Annotated[str, Field(pattern=r"^[0-9a-f]{12}$")]
    title: Annotated[str, Field(min_length=3, max_length=200)]
    explanation: Annotated[str, Field(min_length=10, max_length=3000)]


def fingerprint(action: ActionSpec) -> str:
    """12 hex digits of the Dutch title and explanation (spacing does not count)."""
    text = " ".join(action.title.split()) + "\n" + " ".join(action.explanation.split())
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def load_file_texts(path: Path) -> dict[tuple[str, str], ActionText]:
    """One translation file, strictly: ``{rule id: {action id: {dutch, title, explanation}}}``."""
    data = load_data_file(path)
    if not isinstance(data, dict):
        raise UserError(Message("a file of action texts maps rule ids to their actions"), str(path))
    found: dict[tuple[str, str], ActionText] = {}
    problems: list[Problem] = []
    for rule_id, actions in data.items():
        if not isinstance(actions, dict):
            problems.append(Problem(f"{path.name}: {rule_id}", Message("must map action ids to their texts")))
            continue
        for action_id, entry in actions.items():
            try:
                found[(str(rule_id), str(action_id))] = ActionText.model_validate(entry)
            except ValidationError as exc:
                problems += [Problem(f"{path.name}: {rule_id}.{action_id}.{p.path}".rstrip("."), p.message)
                             for p in problems_from_validation(exc, ActionText)]
    if problems:
        raise UserError(problems)
    return found


def load_wording(folder: Path, bundled: Path, rules: Iterable[Rule]) -> dict[str, Wording]:
    """Per language other than Dutch, the current translations (the folder's own laid over the bundled)."""
    current = {(rule.id, action.id): fingerprint(action) for rule in rules for action in rule.then.actions}
    wording: dict[str, Wording] = {}
    for lang in LANGUAGES:
        if lang == "nl":
            continue
        texts: dict[tuple[str, str], ActionText] = {}
        for base in dict.fromkeys([bundled, folder]):
            path = base / "actions" / f"{lang}.yaml"
            if path.is_file():
                texts.update(load_file_texts(path))
        wording[lang] = {key: (t.title, " ".join(t.explanation.split())) for key, t in texts.items()
                         if current.get(key) == t.dutch}
    return wording


def stale(texts: dict[tuple[str, str], ActionText], rules: Iterable[Rule]) -> list[str]:
    """Translations that no longer fit: their action is gone, or its Dutch changed since."""
    current = {(rule.id, action.id): fingerprint(action) for rule in rules for action in rule.then.actions}
    found = []
    for (rule_id, action_id), text in texts.items():
        if (rule_id, action_id) not in current:
            found.append(f"{rule_id}.{action_id}: no such rule or action")
        elif current[(rule_id, action_id)] != text.dutch:
            found.append(f"{rule_id}.{action_id}: the Dutch changed (now {current[(rule_id, action_id)]})")
    return found
