"""A cache on disk of plain data that is slow to build and never personal: the parsed rule files, catalogues
and data tables, and the holiday calendar. It spares ``vpt evaluate`` the YAML parser and the holidays package
at start-up.

An entry is found by a SHA-256 digest of everything it was built from: the bytes of the source file (or the
inputs a caller names), the kind of entry, this package's version, the Python version, the format below and
the code that builds it (a caller passes its own source files). Another digest finds another entry, so a
changed file is read again and an old entry is never trusted. Each entry is written atomically (a temporary
file, then a rename), as ``marshal`` of plain data (dict, list, str, int, float, bool, None; a ``Decimal`` or
a tuple is tagged) behind a SHA-256 of that payload; the key is stored inside and compared too. The validated
rule sets (objects, not plain data) are stored with ``pickle`` (``pickled=True``), which only this private
folder makes acceptable: what is unpickled was written by the same user, and its checksum is checked first.
An entry that cannot be read, fails its checksum or holds anything else is ignored and written again. Case
files are never cached: they hold personal data.

The folder is ``platformdirs.user_cache_dir("vpt-rules")`` (``VPT_CACHE_DIR`` to choose another; ``off`` for
none). It is used only when it belongs to the user and no one else may read or write it (mode 0700; a folder
we own is set to that); otherwise nothing is cached. No error of the cache reaches the user: the data is then
built as if there were no cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import stat
import sys
import tempfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

FORMAT = b"vpt-cache-1\n"
PICKLED = b"vpt-cache-1p\n"
MAX_ENTRIES = 256  # beyond this the oldest entries are removed when one is written
_DECIMAL, _TUPLE = "D", "T"


class _Uncacheable(Exception):
    """The data holds a value this cache does not store (a date from ``!!timestamp``, a set, bytes)."""


def folder() -> Path | None:
    """The cache folder, private to the user; None when there is none to use."""
    chosen = os.environ.get("VPT_CACHE_DIR")
    if chosen is not None and chosen.strip().lower() in ("", "off", "0", "no"):
        return None
    if chosen:
        path = Path(chosen)
    else:
        import platformdirs

        path = Path(platformdirs.user_cache_dir("vpt-rules", appauthor=False))
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = path.stat()
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            return None
        if stat.S_IMODE(info.st_mode) & 0o077:
            path.chmod(0o700)
    except OSError:
        return None
    return path


def _version() -> str:
    from ..version import __version__

    return __version__


def key_of(kind: str, source: bytes, code: Path | tuple[Path, ...] = (), extra: str = "") -> str:
    """The digest that names an entry: what it is built from, and by which code in which version."""
    digest = hashlib.sha256(FORMAT)
    for part in (kind, _version(), sys.version, extra):
        digest.update(part.encode("utf-8") + b"\0")
    for path in (code,) if isinstance(code, Path) else code:
        digest.update(path.read_bytes() + b"\0")
    digest.update(source)
    return digest.hexdigest()


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {k if isinstance(k, bool | int | str) else _bad(k): _encode(v) for k, v in value.items()}
    if isinstance(value, Decimal):
        return (_DECIMAL, str(value))
    if isinstance(value, tuple):
        return (_TUPLE, [_encode(v) for v in value])
    return _bad(value)


def _bad(value: Any) -> Any:
    raise _Uncacheable(type(value).__name__)


def _decode(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if isinstance(value, dict):
        if not all(isinstance(k, bool | int | str) for k in value):
            raise ValueError("a key that is not text or a number")
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, tuple) and len(value) == 2 and value[0] == _DECIMAL and isinstance(value[1], str):
        return Decimal(value[1])
    if isinstance(value, tuple) and len(value) == 2 and value[0] == _TUPLE and isinstance(value[1], list):
        return tuple(_decode(v) for v in value[1])
    raise ValueError(f"unexpected {type(value).__name__} in a cache entry")


def read(key: str, *, pickled: bool = False) -> tuple[bool, Any]:
    """(True, the data) from the entry of ``key``; (False, None) when there is none or it is damaged."""
    where = folder()
    if where is None:
        return False, None
    try:
        raw = (where / key).read_bytes()
    except OSError:
        return False, None
    head = PICKLED if pickled else FORMAT
    checksum, payload = raw[len(head):len(head) + 32], raw[len(head) + 32:]
    if not raw.startswith(head) or hashlib.sha256(payload).digest() != checksum:
        return False, None  # damaged or from another format: marshal or pickle never sees it
    try:
        if pickled:
            import pickle

            stored_key, data = pickle.loads(payload)  # noqa: S301 - checked above, in a folder only the user can write
        else:
            stored_key, data = marshal.loads(payload)  # noqa: S302 - the same
        if stored_key != key:
            return False, None
        return True, data if pickled else _decode(data)
    except Exception:  # noqa: BLE001 - whatever an entry holds, a bad one is only a miss
        return False, None


def write(key: str, data: Any, *, pickled: bool = False) -> bool:
    """Store ``data`` under ``key``, atomically; False when it was not stored (no folder, a value it does not
    take, a full disk)."""
    where = folder()
    if where is None:
        return False
    try:
        if pickled:
            import pickle

            payload = pickle.dumps((key, data), protocol=pickle.HIGHEST_PROTOCOL)
        else:
            payload = marshal.dumps((key, _encode(data)))
    except Exception:  # noqa: BLE001 - a value it cannot store is simply not cached
        return False
    handle, temporary = None, None
    try:
        handle, temporary = tempfile.mkstemp(dir=where, prefix=".tmp-")  # mode 0600
        with os.fdopen(handle, "wb") as file:
            handle = None
            file.write((PICKLED if pickled else FORMAT) + hashlib.sha256(payload).digest() + payload)
        os.replace(temporary, where / key)
        temporary = None
    except OSError:
        return False
    finally:
        if handle is not None:
            os.close(handle)
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
    _prune(where)
    return True


def _prune(where: Path) -> None:
    """Keep the newest :data:`MAX_ENTRIES` entries (rule files changed many times leave old ones behind)."""
    try:
        entries = [p for p in where.iterdir() if not p.name.startswith(".")]
        if len(entries) <= MAX_ENTRIES:
            return
        entries.sort(key=lambda p: p.stat().st_mtime)
        for old in entries[:len(entries) - MAX_ENTRIES]:
            old.unlink()
    except OSError:
        pass


def cached(key: str, build: Callable[[], Any]) -> Any:
    """The data of ``key`` from the cache, else ``build()`` (stored for next time)."""
    found, data = read(key)
    if found:
        return data
    data = build()
    write(key, data)
    return data
