"""Where the legal content lives: the bundled folders, or an organisation's own copies.

An organisation points the tool at its own folders with the CLI options ``--rules``, ``--data`` and
``--templates`` or the environment variables ``VPT_RULES_DIR``, ``VPT_DATA_DIR`` and
``VPT_TEMPLATES_DIR``. Its files are validated as strictly as the bundled ones.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

_BUNDLED = {
    "rules": ("vpt_rules.data_rulesets", "rulesets", "VPT_RULES_DIR"),
    "data": ("vpt_rules.data_smartengeld", "smartengeld", "VPT_DATA_DIR"),
    "templates": ("vpt_rules.data_letter_templates", "letter_templates", "VPT_TEMPLATES_DIR"),
}


@functools.cache
def bundled(kind: str) -> Path:
    """The folder shipped with the package (or, in a source checkout, the one at the repo's top)."""
    package, folder, _ = _BUNDLED[kind]
    here = Path(__file__).resolve().parent
    source_tree = here.parent / folder
    if source_tree.is_dir() and (here.parent / "pyproject.toml").is_file():
        return source_tree
    return here / package.rpartition(".")[2]  # where the wheel puts it: vpt_rules/data_<folder>


def folder(kind: str, chosen: str | Path | None = None) -> Path:
    """The folder to use: the one chosen, else the environment variable, else the bundled one."""
    env = _BUNDLED[kind][2]
    if chosen:
        return Path(chosen)
    if os.environ.get(env):
        return Path(os.environ[env])
    return bundled(kind)
