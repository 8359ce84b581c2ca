"""The version of vpt-rules, read once from the installed package's metadata.

:func:`distribution_version` reads ``Version:`` from the ``<name>-<version>.dist-info/METADATA`` in the first
folder on ``sys.path`` that has one, as :func:`importlib.metadata.version` does, but without its search of
every distribution (about 9 ms per call, twice in every ``vpt evaluate``). For any other layout (eggs, zip
files) it asks :mod:`importlib.metadata`.
"""

from __future__ import annotations

import functools
import os
import re
import sys

_NORMALISE = re.compile(r"[-_.]+")


@functools.lru_cache(maxsize=64)
def _dist_infos(entry: str) -> dict[str, str]:
    """The ``*.dist-info`` folders of one ``sys.path`` entry by normalised distribution name (the first of a
    name wins), listed once per process."""
    try:
        names = sorted(os.listdir(entry or "."))
    except OSError:
        return {}
    found: dict[str, str] = {}
    for name in names:
        if name.endswith(".dist-info"):
            found.setdefault(_NORMALISE.sub("_", name.partition("-")[0]).lower(), name)
    return found


def _from_dist_info(wanted: str) -> str | None:
    for entry in sys.path:
        folder = _dist_infos(entry).get(wanted)
        if folder is None:
            continue
        try:
            with open(os.path.join(entry or ".", folder, "METADATA"), encoding="utf-8") as file:
                for line in file:
                    if line.startswith("Version:"):
                        return line.partition(":")[2].strip()
                    if not line.strip():
                        return None  # the headers end at the first empty line
        except OSError:
            return None
    return None


def distribution_version(name: str) -> str | None:
    """The installed version of the distribution ``name`` (None when it is not installed)."""
    found = _from_dist_info(_NORMALISE.sub("_", name).lower())
    if found is not None:
        return found
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return None


__version__ = distribution_version("vpt-rules") or "0+unknown"  # 0+unknown: a source tree that was never installed
