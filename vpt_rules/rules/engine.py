"""The rule engine: the only module that imports durable_rules.

durable_rules evaluates the compiled conditions in its C core (``durable_rules_engine``). This module
drives that core directly: create each ruleset once, assert one case's facts under a fresh sid, walk
the queue of matched rules, and delete the state in ``finally`` (the core holds at most 1024 live
states per ruleset). It does not start durable's ``Host``: that class only adds timer threads that never
stop and a JSON round trip of the state per fired rule, and our rules run no Python code of their own
(a fired rule is only recorded). Each compiled stage is registered once per process under a name
versioned by the rule files' digest, so that an organisation's rules can run beside the bundled ones.
A lock per ruleset keeps one evaluation's queue walk from interleaving with another's.
"""

from __future__ import annotations

import itertools
import json
import os
import signal
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import durable_rules_engine as core

from ..jsontext import compact
from ..model.errors import EngineError
from .compiler import compile_stage, engine_key, stage_facts
from .schema import RuleSets

_NOT_HANDLED = 1  # the core's answer when no rule matches a fact
# durable_rules 2.0.28 can crash (segfault) deleting the state of a fact that no rule handled, and such a
# state cannot be left either (1024 at most). So every stage gets one rule that always matches: each
# evaluation then runs at least one action, and its state is deleted safely. Its firing is not reported.
_SENTINEL = "zz_vpt_sentinel"
_ALWAYS = {"all": [{"m": {"$gte": {engine_key("incident.date"): -(10**7)}}}]}


@dataclass
class _Ruleset:
    name: str
    handle: int | None  # None: the stage has no rules
    fields: tuple[tuple[str, str], ...] = ()  # (fact name, engine key) of the facts its rules test
    lock: threading.Lock = field(default_factory=threading.Lock)


# durable_rules 2.0.28 fails at evaluation (errors 107/108, 303) on rulesets of a few hundred rules, though
# it accepts them: a stage is therefore split into engine rulesets of at most this many rules, each with
# the sentinel, and a case is asserted into each part.
RULES_PER_PART = 100

_lock = threading.Lock()
_registered: dict[str, list[_Ruleset]] = {}
_sids = itertools.count(1)
_live: set[str] = set()


def stage_name(rulesets: RuleSets, stage: int) -> str:
    """The engine's name for one stage of these rule files."""
    return f"vpt_{rulesets.digest[:16]}_stage{stage}"


def prepare(rulesets: RuleSets) -> list[str]:
    """Register the stages of ``rulesets`` with the engine once; return their names in order."""
    names = []
    for stage in (1, 2):
        name = stage_name(rulesets, stage)
        names.append(name)
        if name in _registered:
            continue
        with _lock:
            if name in _registered:
                continue
            definition = compile_stage(rulesets, stage)  # a fresh dict: ours to change
            for rule in definition.values():
                rule.pop("run")
            fields = tuple((fact, engine_key(fact)) for fact in stage_facts(rulesets, stage))
            rules = list(definition.items())
            parts = []
            for number, start in enumerate(range(0, len(rules), RULES_PER_PART)):
                part = dict(rules[start:start + RULES_PER_PART])
                part[_SENTINEL] = _ALWAYS
                part_name = f"{name}_part{number}"
                text = json.dumps(part, ensure_ascii=False)
                _probe(part_name, text)
                try:
                    handle = core.create_ruleset(part_name, text)
                except Exception as exc:  # the core's error codes: a fault of the compiler, not the user
                    raise EngineError(f"durable_rules refused ruleset {part_name}: {exc}") from exc
                parts.append(_Ruleset(part_name, handle, fields))
            _registered[name] = parts
    return names


CREATE_SECONDS = 20.0  # creating one part takes milliseconds; beyond this the engine hangs


def _probe(name: str, text: str) -> None:
    """Create the ruleset once in a forked child first: durable_rules can spin for ever on some rulesets
    while holding the GIL, which would freeze every thread. A child that does not finish in time is
    killed and the rule files are refused; only then is the ruleset created in this process.

    A child that finished leaves a mark in the cache on disk (:mod:`vpt_rules.model.cache`), keyed by the
    ruleset's text (its name included), this module and durable_rules' version: creating the same ruleset
    again is not tried in a child (the fork and its wait cost about 8 ms per part at every start-up).
    """
    if not hasattr(os, "fork"):  # pragma: no cover - not on Windows: the load-time limits still hold
        return
    from pathlib import Path

    from ..model import cache
    from ..version import distribution_version

    key = cache.key_of("durable-probe", text.encode("utf-8"), code=Path(__file__),
                       extra=f"{name}\0{distribution_version('durable-rules')}")
    if cache.read(key) == (True, True):
        return
    if _probe_in_child(name, text):  # only a clean creation is remembered; else the parent's own says why
        cache.write(key, True)


def _probe_in_child(name: str, text: str) -> bool:
    """Whether the child created the ruleset without an error (EngineError when it did not finish in time)."""
    child = os.fork()
    if child == 0:  # the child: create, and leave without running any cleanup of the parent's
        code = 1
        try:
            core.create_ruleset(name, text)
            code = 0
        finally:
            os._exit(code)
    deadline = time.monotonic() + CREATE_SECONDS
    while time.monotonic() < deadline:
        done, status = os.waitpid(child, os.WNOHANG)
        if done:
            return os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
        time.sleep(0.005)
    os.kill(child, signal.SIGKILL)
    os.waitpid(child, 0)
    raise EngineError(f"durable_rules did not finish creating {name} within {CREATE_SECONDS:g} s: "
                      "the rule files are too large or too complex for the engine")


def _record(fired: list[str], message: str) -> None:
    """Note the rule named in one queued action: the message is ``{"<rule id>": {...}}``.

    Rule ids are plain (letters, digits, '_' and '.'), so the id is the text between the first quotes.
    """
    end = message.find('"', 2)
    if not message.startswith('{"') or end < 0:
        raise ValueError(f"unexpected action message from the engine: {message[:80]!r}")
    fired.append(message[2:end])


def fire(ruleset_name: str, facts: dict[str, Any]) -> list[str]:
    """Assert one case's facts (dotted names, typed values) into every part of a stage; the ids of the
    rules that fired, part by part."""
    fired: list[str] = []
    for part in _registered[ruleset_name]:
        fired += _fire_part(part, facts)
    return fired


def _fire_part(ruleset: _Ruleset, facts: dict[str, Any]) -> list[str]:
    ruleset_name = ruleset.name
    if ruleset.handle is None:
        return []
    sid = f"e{next(_sids)}"
    message = {key: facts[name] for name, key in ruleset.fields if name in facts}
    message["sid"] = sid
    payload = compact(message)  # orjson: json.dumps was a sixth of fire()'s time in a profile
    fired: list[str] = []
    handled = False
    with ruleset.lock:
        _live.add(sid)
        try:
            result = core.assert_fact(ruleset.handle, payload)
            if result[0] == _NOT_HANDLED:  # cannot happen with the sentinel; deleting would crash
                raise EngineError(f"{ruleset_name}: the engine handled no rule, not even the sentinel")
            handled = True
            state = result[1]
            action = core.start_action_for_state(ruleset.handle, state)
            next_message = action[1] if action else None
            while next_message:
                try:
                    _record(fired, next_message)
                except Exception as exc:
                    core.abandon_action(ruleset.handle, state)
                    raise EngineError(f"a rule action failed in {ruleset_name}: {exc}") from exc
                next_message = core.complete_and_start_action(ruleset.handle, state)
            fired.remove(_SENTINEL)
            return fired
        except EngineError:
            raise
        except Exception as exc:
            raise EngineError(f"durable_rules failed on {ruleset_name}: {exc}") from exc
        finally:
            _live.discard(sid)
            if handled:
                core.delete_state(ruleset.handle, sid)


def live_states() -> int:
    """How many evaluations hold a state in the engine now (for tests of the guards)."""
    return len(_live)
