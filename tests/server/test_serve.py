"""`vpt serve` as a new user starts it: a fresh embedded register is created, the first start says how to make
the first user, the pages answer, and a restart keeps what was registered."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from paths import ROOT
from serving import free_port


def _start(home: Path, port: int) -> subprocess.Popen[str]:
    env = {**os.environ, "XDG_DATA_HOME": str(home), "VPT_LANG": "nl"}
    env.pop("VPT_DATABASE_URL", None)
    return subprocess.Popen([sys.executable, "-m", "vpt_rules.cli.main", "serve", "--port", str(port)], env=env,
                            cwd=ROOT, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                            start_new_session=True)


def _get(url: str) -> tuple[int, str]:
    for _ in range(100):
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status, response.read().decode("utf-8")
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{url} never answered")


def _stop(process: subprocess.Popen[str]) -> str:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        _out, err = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        _out, err = process.communicate()
    return err


def test_a_first_start_creates_the_register_and_says_how_to_make_the_first_user(tmp_path: Path) -> None:
    port = free_port()
    server = _start(tmp_path, port)
    try:
        status, page = _get(f"http://127.0.0.1:{port}/inloggen")
        assert status == 200 and "Inloggen" in page and 'lang="nl"' in page
    finally:
        err = _stop(server)
    assert "Nog niemand kan inloggen" in err and "vpt admin create-user" in err, err
    assert (tmp_path / "vpt-rules" / "register.sqlite3").exists()
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path), "VPT_LANG": "nl"}
    env.pop("VPT_DATABASE_URL", None)
    subprocess.run([sys.executable, "-m", "vpt_rules.cli.main", "admin", "create-organisation", "Gemeente Ede"],
                   env=env, cwd=ROOT, check=True, capture_output=True)
    server = _start(tmp_path, port)  # restarted on the same register
    try:
        _get(f"http://127.0.0.1:{port}/inloggen")
    finally:
        err = _stop(server)
    listed = subprocess.run([sys.executable, "-m", "vpt_rules.cli.main", "admin", "list"], env=env, cwd=ROOT,
                            capture_output=True, text=True)
    assert "Gemeente Ede" in listed.stdout
    assert "Nog niemand kan inloggen" in err  # still nobody: the hint stays until there is a user
