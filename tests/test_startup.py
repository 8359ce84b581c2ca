"""Start-up of the command line (issue 15): ``vpt --help`` loads only click and the message catalogue, the
façade imports its names on first use, and the parsed rule files come from a cache checked by its digest.
(The time itself is measured by benchmarks/bench.py, not here.)"""

from __future__ import annotations

import subprocess
import sys

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
