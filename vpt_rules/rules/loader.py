"""Loading the rule files of a folder: strict parsing, the meaning checks (facts, values, documents,
dates) and the check that no two rules set a flag to different values at once.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from pydantic import (
    ValidationError,
)

from .. import resources
from ..i18n.catalog import Message
from ..model import cache
from ..model.checks import problems_from_validation
from ..model.errors import Problem, UserError
from ..model.loading import load_data_file
from ..model.values import parse_day
from ..version import distribution_version
from .compiler import as_test
from .facts import FACTS, FactType
from .outcome import DOCUMENTS, FLAGS
from .phrases import build_phrases
from .schema import MAX_RULES_PER_STAGE, Condition, Rule, RuleFile, RuleSets
from .wording import load_wording


def load_rulesets(folder: Path) -> RuleSets:
    """Load and validate every ``*.yaml`` rule file in ``folder``; all problems at once.

    Validated rule sets come from the cache on disk (:mod:`vpt_rules.model.cache`) when every YAML file they
    may be built from (in the folder and the bundled rules folder, and their ``facts/`` and ``actions/``
    catalogues), the code that builds them (this sub-package and the model's) and pydantic's version are
    the same as when they were stored. Rule files with a problem are never stored: their problems are
    reported every time.
    """
    paths = sorted(p for p in folder.glob("*.y*ml") if p.is_file())
    if not paths:
        raise UserError(Message("no rule files (*.yaml) in {folder}", folder=str(folder)))
    key = _cache_key(folder)
    if key is None:
        return _load_rulesets(folder, paths)
    found, rulesets = cache.read(key, pickled=True)
    if found and isinstance(rulesets, RuleSets):
        return rulesets
    rulesets = _load_rulesets(folder, paths)
    cache.write(key, rulesets, pickled=True)
    return rulesets


def _cache_key(folder: Path) -> str | None:
    """The digest of everything the rule sets of ``folder`` are built from; None when a file cannot be read
    (then they are loaded without the cache, and the loading says what is wrong)."""
    here = Path(__file__).parent
    inputs = []
    try:
        for base in dict.fromkeys([folder.resolve(), resources.bundled("rules").resolve()]):
            for path in sorted(p for sub in ("", "facts", "actions") for p in (base / sub).glob("*.y*ml")):
                inputs.append(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
        code = tuple(sorted([*here.glob("*.py"), *(here.parent / "model").glob("*.py"),
                             here.parent / "i18n" / "catalog.py"]))
        return cache.key_of("rulesets", b"".join(inputs), code=code,
                            extra=distribution_version("pydantic") or "")
    except OSError:
        return None


def _load_rulesets(folder: Path, paths: list[Path]) -> RuleSets:
    problems: list[Problem] = []
    files: list[tuple[Path, RuleFile]] = []
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        try:
            data = load_data_file(path)
            if not isinstance(data, dict):
                raise UserError(Message("a rule file must be a mapping with ruleset, title, version and rules"),
                                str(path))
            files.append((path, RuleFile.model_validate(data)))
        except ValidationError as exc:
            problems += [_in_file(path, data, p) for p in problems_from_validation(exc, RuleFile)]
        except UserError as exc:
            problems += exc.problems
    if not problems:
        problems = _check_meaning(files)
    if problems:
        raise UserError(problems)
    facts = dict(FACTS)
    for _, rule_file in files:
        for name, provided in rule_file.provides.items():
            facts[name] = FactType(provided.type, description=provided.description)
    tests = {rule.id: tuple(as_test(c, facts) for c in rule.when) for _, rf in files for rule in rf.rules}
    source_tests = {
        rule.id: tuple((s, ()) if isinstance(s, str) else (s.text, tuple(as_test(c, facts) for c in s.when))
                       for s in rule.sources)
        for _, rf in files for rule in rf.rules
    }
    phrases = build_phrases(folder, resources.bundled("rules"), facts)
    wording = load_wording(folder, resources.bundled("rules"), (rule for _, rf in files for rule in rf.rules))
    return RuleSets(tuple(f for _, f in files), digest.hexdigest(), facts, tests, source_tests, phrases, wording)


def _in_file(path: Path, data: Any, problem: Problem) -> Problem:
    """Prefix a problem with the file, and the rule id where the path points into a rule."""
    where = problem.path
    match = re.match(r"rules\.(\d+)(.*)", where)
    if match and isinstance(data, dict) and isinstance(data.get("rules"), list):
        index = int(match.group(1))
        rules = data["rules"]
        rule_id = rules[index].get("id") if index < len(rules) and isinstance(rules[index], dict) else None
        where = Message("rule {rule}", rule=f"{rule_id or '#' + str(index + 1)}{match.group(2)}")
    return Problem(Message("{source}: {path}", source=path.name, path=where), problem.message)


def _check_meaning(files: list[tuple[Path, RuleFile]]) -> list[Problem]:
    """What the model alone cannot see: unknown facts, flags, documents; clashes between rules."""
    problems: list[Problem] = []
    facts = dict(FACTS)
    seen_rulesets: dict[str, str] = {}
    seen_ids: dict[str, str] = {}
    for path, rf in files:
        if rf.ruleset in seen_rulesets:
            problems.append(Problem(f"{path.name}: ruleset", Message("'{ruleset}' is also in {file}",
                                                                       ruleset=rf.ruleset,
                                                                       file=seen_rulesets[rf.ruleset])))
        seen_rulesets[rf.ruleset] = path.name
        if rf.provides and rf.stage != 1:
            problems.append(Problem(f"{path.name}: provides", Message("only a stage 1 ruleset may provide facts")))
        for name, provided in rf.provides.items():
            if name in facts:
                problems.append(Problem(f"{path.name}: provides.{name}", Message("is already a fact")))
            facts[name] = FactType(provided.type)
    for path, rf in files:
        for rule in rf.rules:
            where = str(Message("{file}: rule {rule}", file=path.name, rule=rule.id))
            if not rule.id.startswith(rf.ruleset + "."):
                problems.append(Problem(f"{where}.id", Message("must start with '{prefix}.'", prefix=rf.ruleset)))
            if rule.id in seen_ids:
                problems.append(Problem(f"{where}.id", Message("is also used in {file}", file=seen_ids[rule.id])))
            seen_ids[rule.id] = path.name
            for i, cond in enumerate(rule.when):
                problems += _check_condition(cond, facts, f"{where}.when.{i}")
            for i, source in enumerate(rule.sources):
                for j, cond in enumerate(getattr(source, "when", None) or []):
                    problems += _check_condition(cond, facts, f"{where}.sources.{i}.when.{j}")
            problems += _check_then(rule, rf, facts, where)
    problems += _check_flag_clashes(files)
    for stage in (1, 2):
        count = sum(len(rf.rules) for _, rf in files if rf.stage == stage)
        if count > MAX_RULES_PER_STAGE:
            problems.append(Problem(Message("stage {stage}", stage=stage),
                                    Message("has {count} rules; at most {limit} (durable_rules fails on very large "
                                            "rulesets)", count=count, limit=MAX_RULES_PER_STAGE)))
    return problems


# durable_rules 2.0.28 spins without end creating a ruleset with an `in:` list of about 500 values (seen in
# an attack test); the limit keeps far below it.
MAX_IN_VALUES = 100


def _check_condition(cond: Condition, facts: dict[str, FactType], where: str) -> list[Problem]:
    if cond.any is not None or cond.all is not None:
        group = cond.any if cond.any is not None else cond.all
        return [p for i, c in enumerate(group or []) for p in _check_condition(c, facts, f"{where}.{i}")]
    name = cond.fact or ""
    if name not in facts:
        return [Problem(f"{where}.fact", Message("unknown fact '{name}'; see 'vpt rules --facts'", name=name))]
    ftype, op, value = facts[name], cond.operator, cond.value
    if op == "present":
        return []
    values = value if op in ("in", "not_in") else [value]
    if op in ("in", "not_in") and len(values) > MAX_IN_VALUES:
        return [Problem(f"{where}.{op}", Message("lists {count} values; at most {limit} (durable_rules hangs on long "
                                                  "lists): split the rule, or give the fact a coarser value",
                                                  count=len(values), limit=MAX_IN_VALUES))]
    spaced = [v for v in values if isinstance(v, str) and v != v.strip()]
    if spaced:
        return [Problem(f"{where}.{op}", Message("{value} has spaces at its start or end", value=repr(spaced[0])))]
    if op in ("lt", "lte", "gt", "gte") and ftype.kind not in ("int", "date"):
        return [Problem(f"{where}.{op}", Message("'{name}' is {kind}: it cannot be compared by size", name=name,
                                                  kind=kind_of(ftype)))]
    wrong = [v for v in values if not ftype.accepts(_as_date(v) if ftype.kind == "date" else v)]
    if wrong:
        return [Problem(f"{where}.{op}", Message("{value} does not fit '{name}', which is {kind}", value=repr(wrong[0]),
                                                  name=name, kind=kind_of(ftype)))]
    return []


def _as_date(value: Any) -> Any:
    try:
        return parse_day(value)
    except ValueError:
        return value


def _check_then(rule: Rule, rf: RuleFile, facts: dict[str, FactType], where: str) -> list[Problem]:
    problems = []
    for name, value in rule.then.flags.items():
        texts = value if isinstance(value, list) else [value]
        if any(isinstance(t, str) and t != t.strip() for t in texts):
            problems.append(Problem(f"{where}.then.flags.{name}", Message("{value} has spaces at its start or end",
                                                                          value=repr(value))))
            continue
        if name not in FLAGS:
            problems.append(Problem(f"{where}.then.flags.{name}", Message("unknown flag; known: {known}",
                                                                                 known=", ".join(FLAGS))))
        elif not FLAGS[name].accepts(value):
            problems.append(Problem(f"{where}.then.flags.{name}", Message("must be {kind}", kind=kind_of(FLAGS[name]))))
    for name, value in rule.then.facts.items():
        if name not in rf.provides:
            problems.append(Problem(f"{where}.then.facts.{name}", Message("not among this ruleset's 'provides'")))
        elif not facts[name].accepts(value):
            problems.append(Problem(f"{where}.then.facts.{name}", Message("must be {kind}", kind=kind_of(facts[name]))))
    if rf.stage == 1 and (rule.then.flags or rule.then.actions):
        problems.append(Problem(f"{where}.then", Message("a stage 1 rule only sets facts")))
    if not (rule.then.flags or rule.then.facts or rule.then.actions):
        problems.append(Problem(f"{where}.then", Message("does nothing: give flags, facts or actions")))
    for i, action in enumerate(rule.then.actions):
        for doc in action.documents:
            for expanded in expand_document(doc, facts):
                if expanded not in DOCUMENTS:
                    problems.append(Problem(f"{where}.then.actions.{i}.documents",
                                            Message("unknown document '{document}'; known: {known}",
                                                    document=expanded, known=", ".join(DOCUMENTS))))
    return problems


def expand_document(template: str, facts: dict[str, FactType]) -> list[str]:
    """All document ids a name with a ``{fact}`` placeholder can become."""
    match = re.search(r"\{([a-z0-9_.]+)\}", template)
    if not match:
        return [template]
    ftype = facts.get(match.group(1))
    if ftype is None or ftype.kind != "enum":
        return [template]
    return [template.replace(match.group(0), v) for v in ftype.values]


def _check_flag_clashes(files: list[tuple[Path, RuleFile]]) -> list[Problem]:
    """Two rules that may fire together must not set one flag to different values."""
    rules = [(p, r) for p, f in files for r in f.rules]
    problems = []
    for i, (path_a, a) in enumerate(rules):
        for path_b, b in rules[i + 1:]:
            for name, value in a.then.flags.items():
                if FLAGS.get(name) and FLAGS[name].kind == "list":
                    continue
                if name in b.then.flags and b.then.flags[name] != value and not _exclusive(a, b):
                    problems.append(Problem(
                        Message("{file}: rule {rule}", file=path_b.name, rule=f"{b.id}.then.flags.{name}"),
                        Message("sets {value} where rule {other} ({file}) sets {other_value}, and both can apply "
                                "to one case: make their periods or conditions exclusive",
                                value=repr(b.then.flags[name]), other=a.id, file=path_a.name,
                                other_value=repr(value)),
                    ))
    return problems


def _exclusive(a: Rule, b: Rule) -> bool:
    """True when two rules can never fire for the same case (disjoint periods, or opposite tests)."""
    if a.valid_to and b.valid_from and a.valid_to < b.valid_from:
        return True
    if b.valid_to and a.valid_from and b.valid_to < a.valid_from:
        return True
    tests_a = {c.fact: c for c in a.when if c.fact}
    for c in b.when:
        other = tests_a.get(c.fact) if c.fact else None
        if other is None:
            continue
        if {other.operator, c.operator} == {"is"} and other.value != c.value:
            return True
        if {other.operator, c.operator} == {"is", "is_not"} and other.value == c.value:
            return True
        pair = {other.operator: other.value, c.operator: c.value}
        if "is" in pair and "in" in pair and pair["is"] not in pair["in"]:
            return True
        if "is" in pair and "not_in" in pair and pair["is"] in pair["not_in"]:
            return True
        if "in" in pair and "not_in" in pair and set(pair["in"]) <= set(pair["not_in"]):
            return True
    return False


# ---- evaluation in Python: for ``because`` and ``--explain`` -------------------------------------------




def kind_of(ftype: Any) -> Message:
    """What values a fact or flag takes, as a text of the catalogue."""
    if ftype.kind == "bool":
        return Message("true or false")
    if ftype.kind == "list":
        return Message("a list of texts")
    if ftype.kind == "int":
        return Message("a whole number")
    if ftype.kind == "date":
        return Message("a date (YYYY-MM-DD)")
    return Message("one of {values}", values=", ".join(str(v) for v in ftype.values))
