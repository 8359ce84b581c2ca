"""What users install: the wheel carries the rules, the data, the templates and the examples."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from paths import ROOT


def test_wheel_ships_the_legal_content(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(tmp_path)],
        check=True, capture_output=True,
    )
    wheel = next(tmp_path.glob("vpt_rules-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for rule_file in (ROOT / "rulesets").glob("*.yaml"):
        assert f"vpt_rules/data_rulesets/{rule_file.name}" in names
    for data_file in (ROOT / "smartengeld").glob("*.yaml"):
        assert f"vpt_rules/data_smartengeld/{data_file.name}" in names
    for template in (ROOT / "letter_templates").glob("*.docx"):
        assert f"vpt_rules/data_letter_templates/{template.name}" in names
    assert "vpt_rules/py.typed" in names
    assert "vpt_rules/examples/counter_threat.yaml" in names
    for lang in ("nl", "en"):  # the compiled message catalogues and the facts in words, read at run time
        assert f"vpt_rules/i18n/locale/{lang}/LC_MESSAGES/vpt.mo" in names
        assert f"vpt_rules/data_rulesets/facts/{lang}.yaml" in names


def test_public_surface() -> None:
    import vpt_rules

    for name in ("Case", "load_case", "evaluate", "UserError", "Outcome"):
        assert name in vpt_rules.__all__
