"""What the SQLite and PostgreSQL stores share: the tables (as mixins), lifecycle and migrations.

Migrations are SQL files per dialect (``migrations/sqlite/``, ``migrations/postgresql/``) with the
same version numbers; each store applies every version it has not recorded in
``schema_migrations`` (a set difference: also a lower version that arrives after a higher one was
applied), all in one transaction. On PostgreSQL that transaction first takes a
transaction-level advisory lock, so several workers starting at once migrate the database once.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from importlib import resources
from typing import Self

from newsdesk.models import utc_now
from newsdesk.store.articles import ArticleTables
from newsdesk.store.connection import Connection
from newsdesk.store.documents import DocumentTables
from newsdesk.store.sessions import SessionTables
from newsdesk.store.stories import StoryTables
from newsdesk.store.watch import WatchTables


def migrations(dialect: str = "sqlite") -> list[tuple[int, str, str]]:
    """The SQL migrations shipped for ``dialect`` as ``(version, name, sql)``, oldest first."""
    folder = resources.files("newsdesk.store") / "migrations" / dialect
    found = []
    for item in folder.iterdir():
        if item.name.endswith(".sql"):
            version = int(item.name.split("_", 1)[0])
            found.append((version, item.name, item.read_text(encoding="utf-8")))
    return sorted(found)


class SQLStore(DocumentTables, StoryTables, ArticleTables, WatchTables, SessionTables):
    """A :class:`~newsdesk.store.base.Store` over a :class:`~newsdesk.store.connection.Connection`."""

    location: str
    _db: Connection

    # -- lifecycle -------------------------------------------------------------------------

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self._db.dialect

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _transaction(self) -> AbstractContextManager[Connection]:
        return self._db.transaction()

    @property
    def broken(self) -> bool:
        """True when the connection was lost (see :meth:`reconnect`)."""
        return self._db.broken

    def reconnect(self) -> None:
        """Open a new connection if the current one was lost (PostgreSQL); SQLite has none to lose."""

    @contextmanager
    def exclusive(self, name: str) -> Iterator[None]:
        """Hold the lock ``name`` across processes and machines while the block runs.

        PostgreSQL: a session-level advisory lock (released when the block ends or the connection
        is lost). SQLite: nothing; one process writes at a time. Clustering runs under
        ``exclusive("clustering")`` so that two workers never assign documents at once.
        """
        yield

    # -- migrations ------------------------------------------------------------------------

    def schema_version(self) -> int:
        """The newest migration applied to this database (0 for a new one)."""
        if not self._has_table("schema_migrations"):
            return 0
        row = self._db.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0)

    def _has_table(self, name: str) -> bool:
        raise NotImplementedError

    def _lock_migrations(self, db: Connection) -> None:
        """Keep concurrent openers from migrating at the same time (inside the transaction)."""

    def applied_migrations(self) -> set[int]:
        """The versions recorded in ``schema_migrations`` (empty for a new database)."""
        if not self._has_table("schema_migrations"):
            return set()
        return {int(row[0]) for row in self._db.execute("SELECT version FROM schema_migrations")}

    def _migrate(self) -> None:
        """Apply every shipped migration this database has not recorded, oldest first.

        By set difference, not by the newest version: a version that was added after a newer one
        had been applied (branches that numbered their migrations apart and landed out of order)
        is still applied. Migrations therefore never depend on a higher-numbered one."""
        shipped = migrations(self._db.dialect)
        if not {version for version, _, _ in shipped} - self.applied_migrations():
            return
        with self._db.transaction() as db:
            self._lock_migrations(db)
            db.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations "
                "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
            applied = self.applied_migrations()  # again, under the lock: another opener may have won
            for version, name, sql in shipped:
                if version in applied:
                    continue
                for statement in _statements(sql):
                    db.execute(statement)
                db.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    (version, name, utc_now()),
                )


def _statements(sql: str) -> list[str]:
    lines = [line for line in sql.splitlines() if not line.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
