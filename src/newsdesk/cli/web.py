"""The ``newsdesk serve`` and ``newsdesk users`` commands.

Thin like the rest of the command line: the web application is :mod:`newsdesk.web`, editors are
kept by the store, passwords are hashed by :mod:`newsdesk.web.passwords` (scrypt). Nothing of the
web stack is imported until ``serve`` runs, so a missing ``web`` extra is one clear line.
"""

from __future__ import annotations

import importlib
import ipaddress
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from newsdesk.cli.common import ConfigOption, DbOption, JsonOption, err, errors, out
from newsdesk.config import Settings, load_settings
from newsdesk.errors import ConfigError, NewsdeskError
from newsdesk.store import open_store
from newsdesk.web.passwords import check_policy, hash_password

users_app = typer.Typer(help="Editors who may log in to the web UI.", no_args_is_help=True)

WEB_MODULES = {
    "fastapi": "fastapi",
    "uvicorn": "uvicorn",
    "multipart": "python-multipart",
    "itsdangerous": "itsdangerous",
}


def _load(config: Path | None, db: str | None, **web: object) -> Settings:
    return load_settings(config, overrides={"store": {"db": db}, "web": web})


def _missing_web_packages() -> list[str]:
    missing = []
    for module, package in WEB_MODULES.items():
        try:
            importlib.import_module(module)
        except ImportError:
            missing.append(package)
    return missing


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    host: Annotated[
        str | None, typer.Option("--host", help="Address to listen on (default 127.0.0.1).")
    ] = None,
    port: Annotated[int | None, typer.Option("--port", help="Port to listen on (default 8000).")] = None,
    allow_private: Annotated[
        bool | None,
        typer.Option("--allow-private", help="Let 'ingest URL' and audits fetch from private addresses."),
    ] = None,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Run the editors' web UI and JSON API (stories, article review, audits, sources).

    Editors log in with a password set by 'newsdesk users add'. The server listens on 127.0.0.1
    unless --host (or web.host) says otherwise; put a TLS proxy in front of it for other machines
    and set web.secure_cookies. The JSON API is described at /openapi.json.

    \b
    Example:
        newsdesk users add anna && newsdesk serve --port 8080
    """
    with errors():
        missing = _missing_web_packages()
        if missing:
            raise ConfigError(f"the web UI needs {', '.join(missing)}: pip install 'newsdesk[web]'")
        settings = load_settings(
            config,
            overrides={
                "store": {"db": db},
                "ingest": {"allow_private": allow_private},
                "web": {"host": host, "port": port},
            },
        )
        import uvicorn

        from newsdesk.web.app import create_app

        web = settings.web
        with open_store(settings.store.db) as store:
            editors = len(store.list_users())
            location = store.location
        application = create_app(settings)
        if not editors:
            err.print("warning: no editors yet; add one with 'newsdesk users add NAME'", markup=False)
        if not _loopback(web.host):
            err.print(
                f"warning: listening on {web.host}: other machines can reach the login page; "
                "use a TLS proxy and set web.secure_cookies",
                markup=False,
                highlight=False,
            )
        err.print(
            f"newsdesk web UI on http://{web.host}:{web.port}/ — {location}", markup=False, highlight=False
        )
        uvicorn.run(application, host=web.host, port=web.port, server_header=False, log_level="warning")


def _password(stdin: bool) -> str:
    if stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    check_policy(password)
    return password


PasswordStdin = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from the first line of stdin.")
]


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="The editor's login name.")],
    password_stdin: PasswordStdin = False,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Add an editor; the password is asked twice (or read from stdin) and stored as a scrypt hash.

    \b
    Example:
        newsdesk users add anna
        printf '%s\\n' "$PASSWORD" | newsdesk users add bot --password-stdin
    """
    with errors():
        name = name.strip()
        if not name or len(name) > 200 or any(c.isspace() for c in name):
            raise ConfigError("a user name is 1–200 characters without spaces")
        settings = _load(config, db)
        with open_store(settings.store.db) as store:
            if store.get_user(name) is not None:
                raise NewsdeskError(
                    f"a user named {name!r} exists already", hint="newsdesk users passwd NAME"
                )
            store.add_user(name, hash_password(_password(password_stdin)))
        out.print(f"added editor {name}", markup=False, highlight=False)


@users_app.command("passwd")
def users_passwd(
    name: Annotated[str, typer.Argument(help="The editor's login name.")],
    password_stdin: PasswordStdin = False,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Set an editor's password; the editor's sessions and API tokens end.

    \b
    Example:
        newsdesk users passwd anna
    """
    with errors():
        settings = _load(config, db)
        with open_store(settings.store.db) as store:
            if store.get_user(name) is None:
                raise NewsdeskError(f"no user named {name!r}", hint="newsdesk users list")
            store.set_password(name, hash_password(_password(password_stdin)))
        out.print(f"changed the password of {name}", markup=False, highlight=False)


@users_app.command("list")
def users_list(db: DbOption = None, config: ConfigOption = None, as_json: JsonOption = False) -> None:
    """List the editors (names and dates; never the password hashes).

    \b
    Example:
        newsdesk users list --json
    """
    with errors():
        settings = _load(config, db)
        with open_store(settings.store.db) as store:
            users = store.list_users()
        rows = [{"name": u.name, "created_at": u.created_at, "updated_at": u.updated_at} for u in users]
        if as_json:
            out.print_json(data=rows)
            return
        table = Table("name", "created", "password changed")
        for row in rows:
            table.add_row(row["name"], row["created_at"], row["updated_at"])
        out.print(table)


@users_app.command("remove")
def users_remove(
    name: Annotated[str, typer.Argument(help="The editor's login name.")],
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Remove an editor; their sessions and API tokens end (the review trail keeps their name).

    \b
    Example:
        newsdesk users remove anna
    """
    with errors():
        settings = _load(config, db)
        with open_store(settings.store.db) as store:
            removed = store.remove_user(name)
        if not removed:
            err.print(f"error: no user named {name!r}", markup=False, highlight=False)
            raise typer.Exit(1)
        out.print(f"removed editor {name}", markup=False, highlight=False)
