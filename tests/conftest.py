"""Shared fixtures: every test starts in the default language (Dutch), whatever the machine's locale."""

from __future__ import annotations

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
