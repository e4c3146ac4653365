"""``newsdesk users`` and ``newsdesk serve`` on the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from newsdesk.cli import app
from newsdesk.store import open_store
from newsdesk.web.passwords import verify_password

runner = CliRunner()


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=input)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_users_add_list_passwd_remove(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    assert run("users", "add", "anna", "--db", db, input="erstes-passwort\nerstes-passwort\n")[0] == 0
    code, _, stderr = run("users", "add", "anna", "--db", db, input="x-passwort-2\nx-passwort-2\n")
    assert code == 1 and "exists already" in stderr
    code, _, _ = run("users", "add", "bot", "--password-stdin", "--db", db, input="aus-der-pipe-1\n")
    assert code == 0
    code, stdout, _ = run("users", "list", "--json", "--db", db)
    listed = json.loads(stdout)
    assert [u["name"] for u in listed] == ["anna", "bot"]
    assert "scrypt" not in stdout and "password" not in json.dumps(listed)
    code, _, _ = run("users", "passwd", "anna", "--password-stdin", "--db", db, input="zweites-passwort\n")
    assert code == 0
    with open_store(db) as store:
        anna, bot = store.get_user("anna"), store.get_user("bot")
        assert anna is not None and bot is not None
        assert verify_password("zweites-passwort", anna.password_hash)
        assert not verify_password("erstes-passwort", anna.password_hash)
        assert verify_password("aus-der-pipe-1", bot.password_hash)
    assert run("users", "remove", "bot", "--db", db)[0] == 0
    code, _, stderr = run("users", "remove", "bot", "--db", db)
    assert code == 1 and "no user named 'bot'" in stderr


def test_users_add_refuses_weak_passwords_and_mismatches(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    code, _, stderr = run("users", "add", "anna", "--password-stdin", "--db", db, input="kurz\n")
    assert code == 2 and "at least 8 characters" in stderr
    code, _, _ = run("users", "add", "anna", "--db", db, input="erstes-passwort\nanderes-passwort\n")
    assert code != 0
    assert run("users", "add", "zwei worte", "--password-stdin", "--db", db, input="lang-genug-1\n")[0] == 2
    with open_store(db) as store:
        assert store.list_users() == []


def test_serve_without_the_web_extra_is_one_clear_line(tmp_path: Path) -> None:
    code = (
        "import sys; sys.modules['uvicorn'] = None; sys.argv = ['newsdesk', 'serve', '--db', sys.argv[1]];"
        "from newsdesk.cli import main; main()"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "n.db")], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert result.stderr.splitlines() == ["error: the web UI needs uvicorn: pip install 'newsdesk[web]'"]
