"""Persistence. :func:`open_store` turns a ``--db`` value into a store.

A path or ``sqlite:///path`` opens the embedded SQLite store; ``postgresql://`` (or
``postgres://``) opens the PostgreSQL store that several workers and machines can share. Both
have the same tables, migrations and behaviour (:class:`~newsdesk.store.sql.SQLStore`).
"""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir

from newsdesk.errors import UnsupportedStoreError
from newsdesk.store.base import Store
from newsdesk.store.postgres import PostgresStore, redacted
from newsdesk.store.sql import SQLStore
from newsdesk.store.sqlite import SQLiteStore

__all__ = [
    "PostgresStore",
    "SQLStore",
    "SQLiteStore",
    "Store",
    "default_db_path",
    "is_postgres",
    "open_store",
]

_redacted = redacted  # kept for callers of the old private name


def default_db_path() -> Path:
    """The default SQLite file: ``newsdesk.db`` in the user data directory."""
    return Path(user_data_dir("newsdesk", appauthor=False)) / "newsdesk.db"


def is_postgres(db: str | Path | None) -> bool:
    """Whether ``db`` names a PostgreSQL database."""
    return str(db or "").startswith(("postgresql://", "postgres://"))


def open_store(db: str | Path | None = None) -> SQLStore:
    """Open (and migrate) the store named by ``db``: a path, ``sqlite:///path``, a
    ``postgresql://`` URL, or empty for the default SQLite file."""
    value = str(db) if db else ""
    if not value:
        return SQLiteStore(default_db_path())
    if value.startswith("sqlite:///"):
        return SQLiteStore(value[len("sqlite:///") :] or ":memory:")
    if is_postgres(value):
        return PostgresStore(value)
    if "://" in value:
        raise UnsupportedStoreError(f"unknown database URL scheme in {value.split('://')[0]}://")
    return SQLiteStore(Path(value).expanduser())
