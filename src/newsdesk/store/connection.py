"""A thin adapter over a SQLite or PostgreSQL connection, so one set of SQL serves both stores.

The store's SQL is written once in the dialect both databases share: ``?`` placeholders,
``INSERT … ON CONFLICT … DO NOTHING / DO UPDATE SET col = excluded.col``, ``RETURNING id``, and
bytes for binary columns (BLOB in SQLite, bytea in PostgreSQL). The adapter does the little that
differs, explicitly:

* placeholders: ``?`` becomes ``%s`` for psycopg (and a literal ``%`` becomes ``%%``);
* transactions: ``BEGIN IMMEDIATE`` in SQLite (one writer at a time), ``BEGIN`` in PostgreSQL,
  where concurrent writers are kept apart by row locks (:attr:`Connection.for_update`) and
  unique constraints;
* errors: :attr:`Connection.errors` and :attr:`Connection.integrity_errors` name the driver's
  exception classes so the store can convert them into :class:`~newsdesk.errors.StoreError`.

Rows are sequences (indexed by position) on both.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, Protocol

Params = Sequence[Any]


class Cursor(Protocol):
    """What the store reads from an executed statement."""

    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Connection:
    """Base of the two adapters; see the module docstring."""

    dialect = ""
    for_update = ""
    errors: tuple[type[BaseException], ...] = ()
    integrity_errors: tuple[type[BaseException], ...] = ()

    def execute(self, sql: str, params: Params = ()) -> Cursor:
        raise NotImplementedError

    def executemany(self, sql: str, rows: Sequence[Params]) -> None:
        raise NotImplementedError

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        raise NotImplementedError
        yield self  # pragma: no cover

    def close(self) -> None:
        raise NotImplementedError

    @property
    def broken(self) -> bool:
        """True when the connection is closed or was lost (a new one is needed)."""
        return False


class SQLiteConnection(Connection):
    """A ``sqlite3`` connection in autocommit mode with explicit ``BEGIN IMMEDIATE`` transactions."""

    dialect = "sqlite"
    errors = (sqlite3.Error,)
    integrity_errors = (sqlite3.IntegrityError,)

    def __init__(self, raw: sqlite3.Connection) -> None:
        self.raw = raw
        self._depth = 0

    def execute(self, sql: str, params: Params = ()) -> Cursor:
        return self.raw.execute(sql, tuple(params))

    def executemany(self, sql: str, rows: Sequence[Params]) -> None:
        self.raw.executemany(sql, [tuple(r) for r in rows])

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        if self._depth:  # nested: part of the enclosing transaction
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        self.raw.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield self
        except BaseException:
            self.raw.execute("ROLLBACK")
            raise
        else:
            self.raw.execute("COMMIT")
        finally:
            self._depth = 0

    def close(self) -> None:
        self.raw.close()


class PostgresConnection(Connection):
    """A psycopg 3 connection in autocommit mode; :meth:`transaction` opens a real transaction."""

    dialect = "postgresql"
    for_update = " FOR UPDATE"

    def __init__(self, raw: Any) -> None:
        import psycopg

        self.raw = raw
        self.errors = (psycopg.Error,)
        self.integrity_errors = (psycopg.errors.IntegrityError,)

    def execute(self, sql: str, params: Params = ()) -> Cursor:
        cursor: Cursor = self.raw.execute(_pg(sql), tuple(params))
        return cursor

    def executemany(self, sql: str, rows: Sequence[Params]) -> None:
        if rows:
            with self.raw.cursor() as cursor:
                cursor.executemany(_pg(sql), [tuple(r) for r in rows])

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        with self.raw.transaction():
            yield self

    def close(self) -> None:
        self.raw.close()

    @property
    def broken(self) -> bool:
        return bool(self.raw.closed or self.raw.broken)


_PLACEHOLDER = re.compile(r"\?")


@lru_cache(maxsize=512)
def _pg(sql: str) -> str:
    """``?`` placeholders as psycopg's ``%s`` (the store's SQL has no ``?`` inside literals)."""
    return _PLACEHOLDER.sub("%s", sql.replace("%", "%%"))
