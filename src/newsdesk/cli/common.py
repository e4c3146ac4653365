"""What every command shares: the consoles, the common options, settings, errors and the newsroom.

Settings come in four layers (defaults < newsdesk.toml < NEWSDESK_* environment < flags);
:func:`settings` adds a command's flags as the last layer. :func:`errors` turns a
:class:`~newsdesk.errors.NewsdeskError` into one clear line (and a hint) and the exit code: 2 for
usage and configuration errors, 1 otherwise. :func:`newsroom` opens the newsroom service with the
progress bars of :mod:`newsdesk.cli.progress`.
"""

from __future__ import annotations

import getpass
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from newsdesk.cli.progress import RichProgress
from newsdesk.config import Settings, load_settings
from newsdesk.errors import ConfigError, NewsdeskError
from newsdesk.newsroom import Newsroom
from newsdesk.render import RENDERERS
from newsdesk.render.pdf import weasyprint
from newsdesk.store import open_store

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)
log = logging.getLogger("newsdesk.cli")

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="NEWSDESK_DB",
        help="SQLite file, sqlite:/// or postgresql:// URL (default: newsdesk.db in the user data dir).",
    ),
]
ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="Settings file (default: ./newsdesk.toml if present).")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON on stdout.")]
ActorOption = Annotated[
    str | None, typer.Option("--as", help="Who decides (recorded in the review trail; default: your login).")
]
IdArgument = Annotated[int, typer.Argument(help="Id of the stored article version ('newsdesk articles').")]


def settings(config: Path | None, db: str | None = None, **sections: dict[str, Any] | None) -> Settings:
    """The settings with the command's flags (``{"ingest": {...}}``; ``None`` values are ignored)."""
    overrides: dict[str, dict[str, Any]] = {"store": {"db": db}}
    overrides.update({name: values for name, values in sections.items() if values})
    return load_settings(config, overrides=overrides)


@contextmanager
def errors() -> Iterator[None]:
    """Turn a NewsdeskError into one clear line and exit code 2 (usage/config) or 1."""
    try:
        yield
    except ConfigError as exc:
        say_error(f"error: {exc}")
        raise typer.Exit(2) from exc
    except NewsdeskError as exc:
        say_error(f"error: {exc}")
        if exc.hint:
            say_error(f"hint: {exc.hint}")
        raise typer.Exit(1) from exc


@contextmanager
def newsroom(config: Settings, *, progress: bool = True) -> Iterator[Newsroom]:
    """The newsroom service over the configured store, with progress bars on a terminal."""
    with RichProgress(err, enabled=progress) as bars, open_store(config.store.db) as store:
        room = Newsroom(config, store, listener=bars)
        try:
            yield room
        finally:
            room.close()


def say(text: str) -> None:
    """One line on stdout, printed as it is."""
    out.print(text, markup=False, highlight=False)


def say_error(text: str) -> None:
    """One line on stderr, printed as it is."""
    err.print(text, markup=False, highlight=False)


def actor(value: str | None) -> str:
    """Who acts: ``--as``, else the login name."""
    if value:
        return value
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (a container without a passwd entry)
        return "newsdesk"


def report_failures(failures: list[Any]) -> None:
    """One line per failure (``failure.line()``), then each different hint once."""
    for failure in failures:
        say_error(f"failed: {failure.line()}")
    for hint in dict.fromkeys(f.hint for f in failures if f.hint):
        say_error(f"hint: {hint}")


def parse_formats(value: str | None, default: tuple[str, ...]) -> tuple[str, ...]:
    """``--format md,html``: known formats only; a missing WeasyPrint for ``pdf`` fails now, not
    after the articles are written."""
    if not value:
        return default
    formats = tuple(dict.fromkeys(f.strip().lower() for f in value.split(",") if f.strip()))
    unknown = [f for f in formats if f not in RENDERERS]
    if unknown:
        raise ConfigError(
            f"--format: unknown format(s) {', '.join(unknown)}", hint=f"choose from {', '.join(RENDERERS)}"
        )
    if "pdf" in formats:
        weasyprint()
    return formats
