"""SQLite store: the embedded default (WAL mode, versioned migrations in ``migrations/sqlite``).

One file, one writer at a time (``BEGIN IMMEDIATE``); fine for one machine and one process. For
several workers or machines use the PostgreSQL store (:mod:`newsdesk.store.postgres`).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from newsdesk.errors import StoreError
from newsdesk.store.connection import SQLiteConnection
from newsdesk.store.sql import SQLStore, migrations

__all__ = ["SQLiteStore", "migrations"]


class SQLiteStore(SQLStore):
    """A :class:`~newsdesk.store.base.Store` in one SQLite file."""

    def __init__(self, path: str | Path) -> None:
        self.location = str(path)
        if self.location != ":memory:":
            Path(self.location).parent.mkdir(parents=True, exist_ok=True)
        try:
            raw = sqlite3.connect(self.location, isolation_level=None, timeout=30.0)
            self._db = SQLiteConnection(raw)
            raw.execute("PRAGMA journal_mode=WAL")
            raw.execute("PRAGMA synchronous=NORMAL")
            raw.execute("PRAGMA foreign_keys=ON")
            # 32 MiB of page cache (SQLite's default is 2 MiB): the indexes that clustering reads
            # for every document (stories, the entity index) stay in memory as the store grows
            raw.execute("PRAGMA cache_size=-32768")
            self._migrate()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open SQLite store: {exc}", source=self.location) from exc

    def _has_table(self, name: str) -> bool:
        row = self._db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        ).fetchone()
        return row is not None
