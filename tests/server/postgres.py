"""A throwaway PostgreSQL cluster for the tests: initdb into a temporary folder, listen on a unix socket in
that folder only (no TCP port, nothing on the network), fsync off, an emptied database for each test, and stopped
(``pg_ctl stop -m immediate``) and removed at the end, also when a test or the start fails.

initdb and postgres refuse to run as root: when the tests run as root (CI, containers) the cluster's
programs run as the ``postgres`` system user, and the folder belongs to that user.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

TIMEOUT = 60  # seconds for initdb and for pg_ctl start/stop
DATABASE = "vpt_test"
PORT = 5432  # names the socket file only (.s.PGSQL.5432 in the cluster's own folder): no TCP port is opened
SETTINGS = {
    "listen_addresses": "''",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "200",  # each create_app has its own pool; a finished test's connections are cut off
    "shared_buffers": "32MB",
    "max_wal_size": "256MB",
    "log_min_messages": "warning",
    "statement_timeout": "60s",  # a hung test fails instead of blocking the whole run
    "lock_timeout": "30s",
}


def find_bindir() -> Path | None:
    """The newest PostgreSQL binaries: ``VPT_PG_BINDIR``, Debian's /usr/lib/postgresql/N/bin, or the PATH."""
    if os.environ.get("VPT_PG_BINDIR"):
        folder = Path(os.environ["VPT_PG_BINDIR"])
        return folder if (folder / "initdb").exists() else None
    found = glob.glob("/usr/lib/postgresql/*/bin/initdb")
    if found:
        def version(path: str) -> tuple[int, ...]:
            return tuple(int(n) for n in re.findall(r"\d+", Path(path).parent.parent.name))

        return Path(max(found, key=version)).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class Cluster:
    """A running throwaway cluster; ``fresh_database`` gives the SQLAlchemy URL of an empty database."""

    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.user: pwd.struct_passwd | None = None
        if os.geteuid() == 0:
            try:
                self.user = pwd.getpwnam("postgres")
            except KeyError:
                raise RuntimeError("running as root and there is no 'postgres' system user to run initdb as") \
                    from None
        self.folder = Path(tempfile.mkdtemp(prefix="vpt-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self._admin: Any = None
        if self.user is not None:
            os.chown(self.folder, self.user.pw_uid, self.user.pw_gid)

    # -- running the cluster's programs (as postgres when we are root) --------------------------------------
    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [str(self.bindir / args[0]), *args[1:]]
        extra: dict[str, Any] = {}
        if self.user is not None:
            extra = {"user": self.user.pw_uid, "group": self.user.pw_gid, "extra_groups": []}
        environment = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        environment.update(LC_ALL="C.UTF-8", LANG="C.UTF-8", TZ="UTC")
        result = subprocess.run(command, cwd=self.folder, env=environment, capture_output=True, text=True,
                                timeout=TIMEOUT, check=False, **extra)
        if result.returncode != 0:
            log = self.log.read_text(errors="replace")[-4000:] if self.log.exists() else ""
            raise RuntimeError(f"{' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
                               f"\n{log}")
        return result

    def start(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "--encoding=UTF8",
                  "--locale=C.UTF-8", "--no-sync", "--no-instructions")
        settings = "".join(f"{name} = {value}\n" for name, value in SETTINGS.items())
        settings += f"unix_socket_directories = '{self.folder}'\nport = {PORT}\n"
        with (self.data / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write("\n# vpt-rules tests\n" + settings)
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", str(TIMEOUT), "start")

    def stop(self) -> None:
        """Stop at once (nothing here needs to survive) and remove the folder; never raises."""
        with contextlib.suppress(Exception):
            if self._admin is not None:
                self._admin.close()
        if (self.data / "postmaster.pid").exists():
            try:
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "-t", str(TIMEOUT), "stop")
            except Exception:  # noqa: BLE001 — last resort: the postmaster this cluster started, by its pid
                with contextlib.suppress(Exception):
                    pid = int((self.data / "postmaster.pid").read_text().split()[0])
                    os.kill(pid, 9)
        shutil.rmtree(self.folder, ignore_errors=True)

    # -- databases ----------------------------------------------------------------------------------------
    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@/{database}?host={self.folder}&port={PORT}"

    def connect(self, database: str) -> Any:
        import psycopg

        return psycopg.connect(host=str(self.folder), port=PORT, user="postgres", dbname=database, autocommit=True,
                               connect_timeout=10)

    def fresh_database(self) -> str:
        """The URL of the tests' database, emptied: the connections earlier tests' apps left in their pools
        are cut off and the public schema is dropped and made again (5 ms, where CREATE DATABASE takes
        100–400 ms on a busy machine). Tables, rows, sequences and Alembic's version table are gone."""
        if self._admin is None:
            with self.connect("postgres") as postgres:
                postgres.execute(f"CREATE DATABASE {DATABASE}")
            self._admin = self.connect(DATABASE)
        self._admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                            "WHERE datname = %s AND pid <> pg_backend_pid()", [DATABASE])
        self._admin.execute("DROP SCHEMA IF EXISTS public CASCADE")
        self._admin.execute("CREATE SCHEMA public")
        return self.url(DATABASE)


@contextlib.contextmanager
def running_cluster(bindir: Path) -> Iterator[Cluster]:
    cluster = Cluster(bindir)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()
