"""Start-up of the command line (issue 15): ``vpt --help`` loads only click and the message catalogue, the
façade imports its names on first use, and the parsed rule files come from a cache checked by its digest.
(The time itself is measured by benchmarks/bench.py, not here.)"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from paths import ROOT

HEAVY = ("pydantic", "babel", "yaml", "durable_rules_engine", "durable", "holidays", "docx", "jinja2",
         "vpt_rules.api", "vpt_rules.rules", "vpt_rules.claims")


def _loaded_after(code: str) -> set[str]:
    probe = code + "\nimport sys\nprint('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    return set(out.stdout.split())


def _heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.startswith(HEAVY))


@pytest.mark.parametrize("args", [["--help"], ["evaluate", "--help"], ["--lang", "en", "claim", "--help"]])
def test_help_loads_neither_pydantic_nor_babel_nor_yaml_nor_the_engine(args: list[str]) -> None:
    code = ("from vpt_rules.cli.main import main\n"
            f"try:\n    main({args!r})\nexcept SystemExit as exc:\n    assert exc.code == 0, exc.code\n")
    loaded = _loaded_after(code)
    assert "click" in loaded
    assert _heavy(loaded) == []


def test_the_help_is_still_complete_and_translated() -> None:
    out = subprocess.run([sys.executable, "-m", "vpt_rules.cli.main", "--help"], capture_output=True, text=True,
                         cwd=ROOT, env={"VPT_LANG": "nl", "PATH": ""}, check=True).stdout
    for command in ("evaluate", "claim", "letters", "rules", "schema", "demo", "intake", "serve", "admin"):
        assert f"  {command} " in out
    assert "Gebruik:" in out and "--version" in out


def test_version_is_read_only_when_asked() -> None:
    from vpt_rules import __version__

    out = subprocess.run([sys.executable, "-m", "vpt_rules.cli.main", "--lang", "en", "--version"],
                         capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert out.strip() == f"vpt, version {__version__}"


def test_importing_the_package_loads_nothing_until_a_name_is_used() -> None:
    assert _heavy(_loaded_after("import vpt_rules")) == []
    loaded = _loaded_after("from vpt_rules import evaluate, Case, UserError")
    assert {"vpt_rules.api", "pydantic"} <= loaded


def test_the_facade_keeps_its_public_names() -> None:
    import vpt_rules
    from vpt_rules import api
    from vpt_rules.model.case import Case
    from vpt_rules.model.errors import UserError

    assert vpt_rules.evaluate is api.evaluate and vpt_rules.Case is Case and vpt_rules.UserError is UserError
    assert set(vpt_rules.__all__) <= set(dir(vpt_rules))
    for name in vpt_rules.__all__:
        assert getattr(vpt_rules, name) is not None
    with pytest.raises(AttributeError):
        vpt_rules.no_such_name  # noqa: B018


# ---- the cache on disk of parsed rule files, holidays and the engine's probe --------------------------------

AS_OF = "2026-11-23T12:00:00+01:00"
EXAMPLE = ROOT / "vpt_rules" / "examples" / "counter_threat.yaml"


@pytest.fixture
def cache_dir(tmp_path, monkeypatch: pytest.MonkeyPatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("VPT_CACHE_DIR", str(folder))
    return folder


def _outcome_json(rules: Path) -> str:
    """The outcome of the example under the rule files of ``rules``, loaded afresh (no cache in memory)."""
    from vpt_rules.api import load_case
    from vpt_rules.model.values import parse_moment
    from vpt_rules.rules.evaluation import evaluate_case
    from vpt_rules.rules.loader import load_rulesets

    return evaluate_case(load_case(EXAMPLE), load_rulesets(rules), parse_moment(AS_OF)).to_json()


def _no_parsing_in(rules: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on a file under ``rules`` that is parsed fails the test (the case file may be parsed)."""
    from vpt_rules.model import loading

    real = loading.parse_text

    def refuse(text: str, source: str = "<input>", *args: object) -> object:
        if source.startswith(str(rules)):
            raise AssertionError(f"{source} was parsed although the cache has it")
        return real(text, source, *args)

    monkeypatch.setattr(loading, "parse_text", refuse)


def test_the_parsed_rule_files_come_from_the_cache_on_the_second_load(tmp_path, cache_dir, monkeypatch) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rulesets", rules)
    first = _outcome_json(rules)
    entries = sorted(cache_dir.iterdir())
    assert len(entries) >= 7  # four rule files, two fact catalogues, one file of action texts
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(e.stat().st_mode) == 0o600 for e in entries)
    with monkeypatch.context() as patch:
        _no_parsing_in(rules, patch)
        assert _outcome_json(rules) == first
    assert sorted(cache_dir.iterdir()) == entries


def test_a_changed_rule_file_is_read_again(tmp_path, cache_dir, monkeypatch) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rulesets", rules)
    before = json.loads(_outcome_json(rules))
    measures = rules / "measures.yaml"
    text = measures.read_text(encoding="utf-8")
    assert "Reageer binnen {term} uur schriftelijk naar de dader" in text
    measures.write_text(text.replace("Reageer binnen {term} uur schriftelijk", "Schrijf binnen {term} uur"),
                        encoding="utf-8")
    after = json.loads(_outcome_json(rules))
    assert after["audit"]["rules_digest"] != before["audit"]["rules_digest"]
    old, new = "Reageer binnen 48 uur schriftelijk naar de dader", "Schrijf binnen 48 uur naar de dader"
    assert old in [a["title"] for a in before["actions"]]
    assert [a["title"] for a in after["actions"]] == [new if t == old else t for t in
                                                      (a["title"] for a in before["actions"])]
    with monkeypatch.context() as patch:  # and the new text is cached in its turn
        _no_parsing_in(rules, patch)
        assert json.loads(_outcome_json(rules)) == after


def test_the_validated_rule_sets_come_from_the_cache_until_a_catalogue_changes(tmp_path, cache_dir,
                                                                               monkeypatch) -> None:
    from vpt_rules.rules import loader

    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rulesets", rules)
    first = _outcome_json(rules)
    with monkeypatch.context() as patch:
        patch.setattr(loader, "_load_rulesets", lambda *a: pytest.fail("validated again although cached"))
        assert _outcome_json(rules) == first
    english = rules / "facts" / "en.yaml"  # not a rule file, but the rule sets hold its texts
    english.write_text(english.read_text(encoding="utf-8").replace("the perpetrator is known",
                                                                  "we know who did it"), encoding="utf-8")
    calls = []
    real = loader._load_rulesets
    monkeypatch.setattr(loader, "_load_rulesets", lambda *a: calls.append(a) or real(*a))
    rebuilt = loader.load_rulesets(rules)
    assert len(calls) == 1 and "we know who did it" in str(rebuilt.phrases["en"].texts)


def test_broken_rule_files_are_never_cached(tmp_path, cache_dir) -> None:
    from vpt_rules import UserError
    from vpt_rules.rules.loader import load_rulesets

    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rulesets", rules)
    ela = rules / "ela.yaml"
    ela.write_text(ela.read_text(encoding="utf-8").replace("sentencing_uplift_percent: 200",
                                                           "sentencing_uplift_percent: true", 1), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(UserError) as caught:
            load_rulesets(rules)
        assert "sentencing_uplift_percent" in str(caught.value)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "flipped", "empty", "other_key"])
def test_a_damaged_cache_entry_is_ignored_and_written_again(tmp_path, cache_dir, damage: str) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rulesets", rules)
    first = _outcome_json(rules)
    entries = sorted(cache_dir.iterdir())
    good = {e: e.read_bytes() for e in entries}
    for index, entry in enumerate(entries):
        raw = good[entry]
        damaged = {"garbage": b"\x00not a cache entry at all",
                   "truncated": raw[: len(raw) // 2],
                   "flipped": raw[:-1] + bytes([raw[-1] ^ 0xFF]),
                   "empty": b"",
                   "other_key": good[entries[(index + 1) % len(entries)]]}[damage]
        entry.write_bytes(damaged)
    assert _outcome_json(rules) == first
    assert {e: e.read_bytes() for e in sorted(cache_dir.iterdir())} == good


def test_the_cache_keeps_the_values_of_the_parser(cache_dir) -> None:
    from decimal import Decimal

    from vpt_rules.model import cache

    data = {"a": [1, Decimal("0.10"), 2.5, float("inf"), None, True, "tekst \u20ac"], 3: {"b": ("x", Decimal("7"))}}
    assert cache.write("k" * 64, data)
    assert cache.read("k" * 64) == (True, data)
    assert cache.read("k" * 64)[1]["a"][1].as_tuple() == Decimal("0.10").as_tuple()
    assert not cache.write("d" * 64, {"day": __import__("datetime").date(2026, 1, 1)})  # a value it does not take
    assert cache.read("d" * 64) == (False, None)


def test_no_cache_when_it_is_switched_off_or_the_folder_is_not_private(tmp_path, monkeypatch) -> None:
    from vpt_rules.model import cache

    monkeypatch.setenv("VPT_CACHE_DIR", "off")
    assert cache.folder() is None and not cache.write("a" * 64, 1) and cache.read("a" * 64) == (False, None)
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o777)
    shared.chmod(0o777)
    monkeypatch.setenv("VPT_CACHE_DIR", str(shared))
    assert cache.folder() == shared and stat.S_IMODE(shared.stat().st_mode) == 0o700  # ours: made private
    monkeypatch.setattr(cache.os, "getuid", lambda: shared.stat().st_uid + 1)  # someone else's: not used
    assert cache.folder() is None


def test_the_cached_holidays_are_the_built_ones(cache_dir) -> None:
    from vpt_rules.terms import calendar

    for year in (1966, 2000, 2014, 2026, 2027, 2100):
        calendar._holidays.cache_clear()
        built = dict(calendar._holidays(year))  # built, and stored
        assert built == dict(calendar._build_holidays(year))
        calendar._holidays.cache_clear()
        assert dict(calendar._holidays(year)) == built  # from the cache
    calendar._holidays.cache_clear()
    with pytest.raises(ValueError):
        calendar._holidays(1800)


def test_the_engine_probes_a_ruleset_once_and_remembers_only_a_clean_creation(cache_dir, monkeypatch) -> None:
    from vpt_rules.rules import engine

    calls: list[str] = []
    real = engine._probe_in_child

    def counted(name: str, text: str) -> bool:
        calls.append(name)
        return real(name, text)

    monkeypatch.setattr(engine, "_probe_in_child", counted)
    text = json.dumps({"r1": {"all": [{"m": {"x": 1}}]}})
    engine._probe("vpt_test_probe_a", text)
    engine._probe("vpt_test_probe_a", text)
    assert calls == ["vpt_test_probe_a"]
    engine._probe("vpt_test_probe_b", text)  # another name is another ruleset
    assert calls == ["vpt_test_probe_a", "vpt_test_probe_b"]
    engine._probe("vpt_test_probe_c", "{not json")  # the child fails: not remembered, tried again
    engine._probe("vpt_test_probe_c", "{not json")
    assert calls.count("vpt_test_probe_c") == 2


def test_the_command_line_gives_the_same_outcome_with_and_without_the_cache(tmp_path) -> None:
    command = [sys.executable, "-m", "vpt_rules.cli.main", "evaluate", str(EXAMPLE), "--json", "--as-of", AS_OF]
    env = {**os.environ, "VPT_CACHE_DIR": str(tmp_path / "cache")}
    runs = [subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env, check=True).stdout
            for _ in range(2)]
    uncached = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=True,
                              env={**os.environ, "VPT_CACHE_DIR": "off"}).stdout
    assert runs[0] == runs[1] == uncached and '"case_id": "EX-GEM-2026-017"' in uncached
    assert len(list((tmp_path / "cache").iterdir())) >= 9  # rule files, catalogues, probes, holidays


@pytest.mark.parametrize("name", ["vpt-rules", "holidays", "PyYAML", "durable_rules", "pydantic-core", "no-such-dist"])
def test_versions_read_from_the_dist_info_are_importlib_metadatas(name: str) -> None:
    from importlib.metadata import PackageNotFoundError, version

    from vpt_rules.version import distribution_version

    try:
        expected: str | None = version(name)
    except PackageNotFoundError:
        expected = None
    assert distribution_version(name) == expected
