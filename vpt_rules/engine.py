"""The rule engine: the only module that imports durable_rules.

One ``Host`` per process (each starts timer threads that never stop), created on first use. Each
compiled stage is registered once under a name versioned by the rule files' digest, so that an
organisation's own rules can run beside the bundled ones. Every evaluation asserts its facts under a
fresh sid and deletes that state in ``finally`` (durable_rules holds at most 1024 live states per
ruleset); an exception an action raised is read back from the state and raised here.
"""

from __future__ import annotations

import copy
import itertools
import threading
from collections.abc import Iterable
from typing import Any

import durable.engine as durable

from .errors import EngineError
from .rulesets import RuleSets, compile_stage, engine_key

_lock = threading.Lock()
_host: _Host | None = None
_registered: set[str] = set()
_fired: dict[str, list[str]] = {}
_sids = itertools.count(1)


class _Host(durable.Host):
    """A host whose actions only record which rule fired for which sid."""

    def get_action(self, action_name: str) -> Any:
        def record(c: Any) -> None:
            _fired[c.s.sid].append(action_name)

        return record


def _get_host() -> _Host:
    global _host
    with _lock:
        if _host is None:
            _host = _Host()
        return _host


def stage_name(rulesets: RuleSets, stage: int) -> str:
    """The engine's name for one stage of these rule files."""
    return f"vpt_{rulesets.digest[:16]}_stage{stage}"


def prepare(rulesets: RuleSets) -> list[str]:
    """Register the stages of ``rulesets`` with the engine once; return their names in order."""
    host = _get_host()
    names = []
    for stage in (1, 2):
        name = stage_name(rulesets, stage)
        names.append(name)
        with _lock:
            if name in _registered:
                continue
            definition = compile_stage(rulesets, stage)
            if not definition:
                _registered.add(name)
                continue
            try:
                host.set_rulesets({name: copy.deepcopy(definition)})
            except Exception as exc:  # the engine's own error codes: a fault, not the user's
                raise EngineError(f"durable_rules refused ruleset {name}: {exc}") from exc
            _registered.add(name)
    return names


def fire(ruleset_name: str, facts: dict[str, Any], has_rules: bool = True) -> list[str]:
    """Assert one case's facts (dotted names, typed values) and return the ids of the rules that fired."""
    if not has_rules:
        return []
    host = _get_host()
    sid = f"e{next(_sids)}"
    message = {engine_key(k): v for k, v in facts.items()}
    message["sid"] = sid
    _fired[sid] = []
    try:
        try:
            host.assert_fact(ruleset_name, message)
        except durable.MessageNotHandledException:
            return []
        except Exception as exc:
            raise EngineError(f"durable_rules failed on {ruleset_name}: {exc}") from exc
        state = host.get_state(ruleset_name, sid)
        if state and "exception" in state:
            raise EngineError(f"a rule action failed in {ruleset_name}: {state['exception']}")
        return list(_fired[sid])
    finally:
        _fired.pop(sid, None)
        try:
            host.delete_state(ruleset_name, sid)
        except Exception:  # noqa: S110 - a state that was never made has nothing to delete
            pass


def live_states() -> int:
    """How many evaluations are running now (for tests of the guards)."""
    return len(_fired)


def stages_with_rules(rulesets: RuleSets) -> Iterable[bool]:
    """Whether each stage has any rule (an empty stage is never registered)."""
    return [any(rf.stage == s for rf in rulesets.files) for s in (1, 2)]
