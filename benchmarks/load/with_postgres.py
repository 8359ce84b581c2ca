"""Run a command with VPT_DATABASE_URL set to a throwaway PostgreSQL 15 cluster (the tests' own, from
tests/server/postgres.py), stopped and removed afterwards.

    .venv/bin/python benchmarks/load/with_postgres.py bash benchmarks/load/run.sh 30 postgresql
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests" / "server"))
from postgres import find_bindir, running_cluster  # noqa: E402


def main() -> int:
    bindir = find_bindir()
    if bindir is None:
        print("no PostgreSQL binaries: apt-get install postgresql", file=sys.stderr)
        return 2
    with running_cluster(bindir) as cluster:
        url = cluster.fresh_database()
        return subprocess.run(sys.argv[1:], env={**os.environ, "VPT_DATABASE_URL": url}).returncode


if __name__ == "__main__":
    sys.exit(main())
