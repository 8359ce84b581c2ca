"""Shared fixtures: every test starts in the default language (Dutch), whatever the machine's locale."""

from __future__ import annotations

import os
import shutil
import tempfile
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


_kept_cache_folder: list[str | None] = []


def pytest_configure(config: pytest.Config) -> None:
    """The cache of parsed rule files and holidays (vpt_rules.model.cache) in a folder of this run, not the
    user's, from before collection on (some test modules load the rules when imported): a test never reads
    what another run, or another version of the code, left behind."""
    _kept_cache_folder.append(os.environ.get("VPT_CACHE_DIR"))
    os.environ["VPT_CACHE_DIR"] = tempfile.mkdtemp(prefix="vpt-cache-")


def pytest_unconfigure(config: pytest.Config) -> None:
    if not _kept_cache_folder:
        return
    shutil.rmtree(os.environ.get("VPT_CACHE_DIR", ""), ignore_errors=True)
    kept = _kept_cache_folder.pop()
    if kept is None:
        os.environ.pop("VPT_CACHE_DIR", None)
    else:
        os.environ["VPT_CACHE_DIR"] = kept
