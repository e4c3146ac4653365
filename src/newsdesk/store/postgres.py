"""PostgreSQL store: the shared store for several workers and machines (psycopg 3).

Selected with ``--db postgresql://user:password@host:5432/dbname`` (or ``postgres://``). The tables,
migrations (``migrations/postgresql``, same version numbers as SQLite) and behaviour are those of
the SQLite store; the SQL is shared (:mod:`newsdesk.store.connection`). Concurrent writers are
safe: unique constraints decide races on documents and article versions, a story row is locked
while a document joins it, and migrations run under an advisory lock.

The password of the URL never appears in :attr:`PostgresStore.location`, in log lines or in
error messages (see :func:`redacted`).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qs, urlsplit

from newsdesk.errors import StoreError, UnsupportedStoreError
from newsdesk.store.connection import PostgresConnection
from newsdesk.store.sql import SQLStore

APPLICATION_NAME = "newsdesk"
MIGRATION_LOCK = 0x6E657773  # pg_advisory_xact_lock key while migrating ("news")


def redacted(url: str) -> str:
    """``scheme://host[:port]/path`` of a database URL: no user, password or query parameters."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        port = ""
    return f"{parts.scheme}://{host}{port}{parts.path}"


def secrets_of(url: str) -> list[str]:
    """The password(s) in a database URL (netloc or ``?password=``), to scrub from messages."""
    parts = urlsplit(url)
    found = [parts.password] if parts.password else []
    found += parse_qs(parts.query).get("password", [])
    return [s for s in found if s]


def scrub(message: str, url: str) -> str:
    """``message`` with every password of ``url`` replaced by ``***``."""
    for secret in secrets_of(url):
        message = message.replace(secret, "***")
    return message


class PostgresStore(SQLStore):
    """A :class:`~newsdesk.store.base.Store` in a PostgreSQL database."""

    def __init__(self, url: str, *, application_name: str = APPLICATION_NAME) -> None:
        self.url = url
        self.location = redacted(url)
        try:
            import psycopg
        except ImportError as exc:  # pragma: no cover - the 'postgres' extra is not installed
            raise UnsupportedStoreError(
                "the PostgreSQL store needs psycopg",
                source=self.location,
                hint="pip install 'newsdesk[postgres]'",
            ) from exc
        self._application_name = application_name
        self._db = self._connect()
        try:
            self._migrate()
        except psycopg.Error as exc:
            self._db.close()
            raise StoreError(
                f"cannot migrate the PostgreSQL store: {scrub(str(exc), url)}", source=self.location
            ) from None

    def _connect(self) -> PostgresConnection:
        import psycopg

        options: dict[str, Any] = {"autocommit": True, "connect_timeout": 10}
        if "application_name" not in parse_qs(urlsplit(self.url).query):
            options["application_name"] = self._application_name
        try:
            return PostgresConnection(psycopg.connect(self.url, **options))
        except psycopg.Error as exc:
            raise StoreError(
                f"cannot connect to PostgreSQL: {scrub(str(exc).strip(), self.url)}",
                source=self.location,
                hint="check the host, port, database name and credentials in --db",
            ) from None

    def reconnect(self) -> None:
        """Replace a lost connection with a new one (a worker does this before each task)."""
        if self._db.broken:
            self._db.close()
            self._db = self._connect()

    @contextmanager
    def exclusive(self, name: str) -> Iterator[None]:
        """Hold the advisory lock ``name`` (see :meth:`SQLStore.exclusive`)."""
        key = zlib.crc32(f"newsdesk:{name}".encode())
        self._db.execute("SELECT pg_advisory_lock(?)", (key,))
        try:
            yield
        finally:
            if not self._db.broken:
                self._db.execute("SELECT pg_advisory_unlock(?)", (key,))

    def backend_pid(self) -> int:
        """The server process of this store's connection (what ``pg_terminate_backend`` takes)."""
        return int(self._db.execute("SELECT pg_backend_pid()").fetchone()[0])

    def _has_table(self, name: str) -> bool:
        row = self._db.execute("SELECT to_regclass(?)", (name,)).fetchone()
        return row is not None and row[0] is not None

    def _lock_migrations(self, db: Any) -> None:
        db.execute("SELECT pg_advisory_xact_lock(?)", (MIGRATION_LOCK,))
