"""Persistence. :func:`open_store` turns a ``--db`` value into a :class:`Store`."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from platformdirs import user_data_dir

from newsdesk.errors import UnsupportedStoreError
from newsdesk.store.base import Store
from newsdesk.store.sqlite import SQLiteStore

__all__ = ["SQLiteStore", "Store", "default_db_path", "open_store"]


def default_db_path() -> Path:
    """The default SQLite file: ``newsdesk.db`` in the user data directory."""
    return Path(user_data_dir("newsdesk", appauthor=False)) / "newsdesk.db"


def _redacted(url: str) -> str:
    """``scheme://host[:port]/path`` of a database URL: no user, password or query parameters."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}"


def open_store(db: str | Path | None = None) -> SQLiteStore:
    """Open (and migrate) the store named by ``db``: a path, ``sqlite:///path``, or empty for the default."""
    value = str(db) if db else ""
    if not value:
        return SQLiteStore(default_db_path())
    if value.startswith("sqlite:///"):
        return SQLiteStore(value[len("sqlite:///") :] or ":memory:")
    if value.startswith(("postgresql://", "postgres://")):
        raise UnsupportedStoreError(
            "the PostgreSQL store is not available yet",
            source=_redacted(value),
            hint="use a SQLite file path with --db",
        )
    if "://" in value:
        raise UnsupportedStoreError(f"unknown database URL scheme in {value.split('://')[0]}://")
    return SQLiteStore(Path(value).expanduser())
