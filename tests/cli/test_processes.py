"""No process or private file outlives the command (issue 16): LibreOffice ends as a group, stale work
folders are removed, batch workers end with their parent."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from vpt_rules.documents import pdf
from vpt_rules.model.errors import InternalError


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:  # a zombie is gone for our purpose
        return stat.read().split()[2] != "Z"


def wait_gone(pids: list[int], seconds: float = 10) -> list[int]:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pids = [p for p in pids if alive(p)]
        if not pids:
            return []
        time.sleep(0.1)
    return pids


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="process groups and /proc")
def test_a_libreoffice_that_hangs_is_ended_with_everything_it_started(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "bin"
    folder.mkdir()
    program = folder / "soffice"
    program.write_text(f"#!/bin/sh\nsleep 60 &\necho $! > {tmp_path}/child\nsleep 60\n")
    program.chmod(0o755)
    monkeypatch.setenv("PATH", str(folder) + os.pathsep + os.environ.get("PATH", ""))
    source = tmp_path / "brief.docx"
    source.write_bytes(b"x")
    with pytest.raises(InternalError, match="binnen 1 s|within 1 s"):
        pdf.convert_to_pdf(source, timeout=1)
    child = int((tmp_path / "child").read_text())
    assert wait_gone([child]) == []


def test_stale_work_folders_of_a_killed_run_are_removed(tmp_path: Path) -> None:
    old, fresh = tmp_path / "vpt-pdf-old", tmp_path / "vpt-pdf-new"
    for folder in (old, fresh):
        (folder / "out").mkdir(parents=True)
        (folder / "out" / "brief.pdf").write_bytes(b"%PDF")
    past = time.time() - 2 * pdf.STALE_SECONDS
    os.utime(old, (past, past))
    assert pdf.remove_stale_work(tmp_path) == [old]
    assert not old.exists() and fresh.exists()


WORKERS = """
import os, signal, sys, time
from vpt_rules.cli import batch

def slow(n):
    time.sleep(60)
    return n

if __name__ == "__main__":
    results = batch.run(slow, range(4), processes=2)
    import threading
    threading.Thread(target=lambda: list(results), daemon=True).start()
    time.sleep(3)
    import multiprocessing
    print(" ".join(str(p.pid) for p in multiprocessing.active_children()), flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux")
def test_batch_workers_end_when_the_command_is_killed(tmp_path: Path) -> None:
    script = tmp_path / "workers.py"
    script.write_text(WORKERS, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).resolve().parents[2])
    pids = [int(p) for p in done.stdout.split()]
    assert pids, done.stderr
    assert wait_gone(pids) == []
