"""A throw-away PostgreSQL server for the test suite (used by ``conftest.py``).

``NEWSDESK_TEST_PG_URL`` names an existing server (its user needs CREATEDB); otherwise the
server binaries of Debian's ``postgresql`` package (``/usr/lib/postgresql/*/bin``) or those on
PATH are used to ``initdb`` a cluster in a temporary folder and start it on a Unix socket only
(no TCP port), without fsync. As root the cluster runs as the ``postgres`` user (PostgreSQL
refuses to run as root). Each test gets a new database of its own.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

SUPERUSER = "newsdesk"


class PgUnavailable(RuntimeError):
    """No PostgreSQL server could be found or started."""


def _bin_dir() -> Path:
    override = os.environ.get("NEWSDESK_TEST_PG_BIN")
    candidates = [Path(override)] if override else []
    candidates += sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
        reverse=True,
    )
    found = shutil.which("initdb")
    if found:
        candidates.append(Path(found).resolve().parent)
    for folder in candidates:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists() and (folder / "postgres").exists():
            return folder
    raise PgUnavailable("no PostgreSQL server binaries (install Debian's 'postgresql' package)")


@dataclass
class PgServer:
    """A running server: make databases on it with :meth:`create_database`."""

    admin_url: str  # a URL to an existing database with CREATEDB rights
    data_dir: Path | None = None
    bin_dir: Path | None = None
    run_as: str | None = None
    temp_root: Path | None = None
    _counter: itertools.count = field(default_factory=lambda: itertools.count(1))

    def url(self, database: str, *, password: str | None = None) -> str:
        parts = urlsplit(self.admin_url)
        netloc = parts.netloc
        if password is not None:
            user, _, host = netloc.rpartition("@")
            user = (user.split(":", 1)[0] or SUPERUSER) + ":" + quote(password)
            netloc = f"{user}@{host}"
        return urlunsplit((parts.scheme, netloc, "/" + database, parts.query, ""))

    def create_database(self, *, template: str = "template0") -> str:
        """A new empty database (or a copy of ``template``); returns its URL."""
        import psycopg

        name = f"nd_test_{os.getpid()}_{next(self._counter)}"
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return self.url(name)

    def execute(self, sql: str, database: str = "postgres") -> list[tuple]:
        """Run one statement as the superuser (for tests that disturb the server)."""
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True) as conn:
            cursor = conn.execute(sql)
            return cursor.fetchall() if cursor.description else []

    def stop(self) -> None:
        if self.data_dir is not None and self.bin_dir is not None:
            _run(self, [str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-m", "immediate", "stop"])
        if self.temp_root is not None:
            shutil.rmtree(self.temp_root, ignore_errors=True)


def _run(server: PgServer, command: list[str]) -> subprocess.CompletedProcess[str]:
    if server.run_as:
        command = ["runuser", "-u", server.run_as, "--", *command]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def start_server() -> PgServer:
    """Connect to ``NEWSDESK_TEST_PG_URL`` or start a private server; raises PgUnavailable."""
    external = os.environ.get("NEWSDESK_TEST_PG_URL")
    if external:
        return PgServer(admin_url=external)
    bin_dir = _bin_dir()
    run_as = None
    if os.geteuid() == 0:
        for user in ("postgres", "nobody"):
            with contextlib.suppress(KeyError):
                pwd.getpwnam(user)
                run_as = user
                break
        if run_as is None:
            raise PgUnavailable("running as root and there is no 'postgres' user to run the server")
    root = Path(tempfile.mkdtemp(prefix="newsdesk-pg-"))
    server = PgServer(admin_url="", data_dir=root / "data", bin_dir=bin_dir, run_as=run_as, temp_root=root)
    if run_as:
        shutil.chown(root, user=run_as)
    initdb = _run(
        server,
        [
            str(bin_dir / "initdb"),
            "-D",
            str(server.data_dir),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        ],
    )
    if initdb.returncode != 0:
        server.stop()
        raise PgUnavailable(f"initdb failed: {initdb.stderr.strip() or initdb.stdout.strip()}")
    options = (
        f"-k {root} -c listen_addresses='' -c fsync=off -c full_page_writes=off "
        "-c synchronous_commit=off -c max_connections=200"
    )
    started = _run(
        server,
        [
            str(bin_dir / "pg_ctl"),
            "-D",
            str(server.data_dir),
            "-l",
            str(root / "server.log"),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        ],
    )
    if started.returncode != 0:
        log = (root / "server.log").read_text(errors="replace") if (root / "server.log").exists() else ""
        server.stop()
        raise PgUnavailable(f"pg_ctl start failed: {started.stderr.strip()} {log[-500:]}")
    server.admin_url = f"postgresql://{SUPERUSER}@/postgres?host={quote(str(root))}"
    return server
