"""Shared fixtures: every test starts in the default language (Dutch), whatever the machine's locale."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from vpt_rules.i18n.catalog import set_language


@pytest.fixture(autouse=True)
def dutch_by_default(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("VPT_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    set_language(None)
    yield
    set_language(None)


@pytest.fixture(autouse=True, scope="session")
def own_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The cache of parsed rule files and holidays (vpt_rules.model.cache) in a folder of this run, not the
    user's: a test never reads what another run (or another version of the code) left behind."""
    kept = os.environ.get("VPT_CACHE_DIR")
    os.environ["VPT_CACHE_DIR"] = str(tmp_path_factory.mktemp("vpt-cache"))
    yield
    if kept is None:
        os.environ.pop("VPT_CACHE_DIR", None)
    else:
        os.environ["VPT_CACHE_DIR"] = kept
