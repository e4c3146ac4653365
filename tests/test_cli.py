"""The command line: exit codes, one line per failure, JSON output, feeds."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import FIXTURES, SiteServer
from newsdesk import __version__
from newsdesk.cli import app
from newsdesk.store import open_store

runner = CliRunner()
LOCAL = ["--allow-private", "--delay", "0"]


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_ingest_files_prints_json(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    code, out, err = run(
        "ingest",
        str(FIXTURES / "files" / "bericht.md"),
        str(FIXTURES / "files" / "report.txt"),
        "--db",
        db,
        "--json",
    )
    assert code == 0, err
    items = json.loads(out)
    # Declared outlet names are normalised through the registry ("tagesschau" → "Tagesschau").
    assert [item["outlet"] for item in items] == ["Tagesschau", "Reuters"]
    for item in items:
        assert set(item) >= {"id", "url", "outlet", "language", "title", "passages", "duplicate_of"}
        assert item["passages"] > 0
    assert "2 stored" in err


def test_one_line_per_failure_and_exit_code_1(site: SiteServer, tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    code, out, err = run(
        "ingest",
        site.url("/de/spiegel-bahn.html"),
        site.url("/missing.html"),
        str(tmp_path / "nowhere.txt"),
        str(FIXTURES / "files" / "articles.jsonl"),
        "--db",
        db,
        "--json",
        *LOCAL,
    )
    assert code == 1
    failures = [line for line in err.splitlines() if line.startswith("failed: ")]
    assert failures[:2] == [
        f"failed: {site.url('/missing.html')}: HTTP 404 Not Found",
        f"failed: {tmp_path / 'nowhere.txt'}: no such file or folder",
    ]
    assert failures[2].startswith(f"failed: {FIXTURES / 'files' / 'articles.jsonl'}:3: invalid JSON: ")
    assert len(failures) == 3
    # Everything else was stored: the page and the four good JSONL lines.
    assert len(json.loads(out)) == 5
    with open_store(db) as store:
        assert store.count_documents() == 5
        assert len([e for e in store.fetch_log() if e.status == "failed"]) == 3


def test_private_address_failure_comes_with_a_hint(site: SiteServer, tmp_path: Path) -> None:
    code, _, err = run("ingest", site.url("/de/spiegel-bahn.html"), "--db", str(tmp_path / "n.db"))
    assert code == 1
    assert "loopback address" in err
    assert "hint: pass --allow-private" in err


def test_usage_and_configuration_errors_exit_2(tmp_path: Path) -> None:
    assert run("ingest", "--db", str(tmp_path / "n.db"))[0] == 2
    assert run("ingest", "x.txt", "--no-such-flag")[0] == 2
    bad = tmp_path / "newsdesk.toml"
    bad.write_text("[ingest]\nmax_bytes = 'lots'\n", encoding="utf-8")
    code, _, err = run("ingest", "x.txt", "--config", str(bad), "--db", str(tmp_path / "n.db"))
    assert code == 2
    assert "max_bytes" in err


def test_settings_flow_from_toml_and_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "newsdesk.toml"
    config.write_text('[ingest]\nlanguages = ["en"]\n', encoding="utf-8")
    db = str(tmp_path / "n.db")
    code, _, err = run("ingest", str(FIXTURES / "files" / "bericht.md"), "--config", str(config), "--db", db)
    assert code == 1 and "not one of the configured languages (en)" in err
    monkeypatch.setenv("NEWSDESK_INGEST_LANGUAGES", "de,en")
    assert run("ingest", str(FIXTURES / "files" / "bericht.md"), "--config", str(config), "--db", db)[0] == 0
    # A flag beats both.
    code, _, err = run(
        "ingest",
        str(FIXTURES / "files" / "report.txt"),
        "--config",
        str(config),
        "--db",
        db,
        "--language",
        "de",
    )
    assert code == 1 and "(de)" in err


def test_feeds_add_list_remove_and_ingest_feeds(site: SiteServer, tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    assert run("feeds", "add", site.url("/feeds/atom.xml"), "--interval", "15", "--db", db)[0] == 0
    code, out, _ = run("feeds", "list", "--json", "--db", db)
    [feed] = json.loads(out)
    assert feed["url"] == site.url("/feeds/atom.xml") and feed["interval_minutes"] == 15
    code, out, err = run("ingest", "--feeds", "--db", db, "--json", *LOCAL)
    assert code == 0, err
    assert {item["outlet"] for item in json.loads(out)} == {"Der Spiegel", "BBC"}
    [feed] = json.loads(run("feeds", "list", "--json", "--db", db)[1])
    assert feed["last_polled_at"] and feed["last_status"] == "2 items"
    assert run("feeds", "remove", str(feed["id"]), "--db", db)[0] == 0
    assert json.loads(run("feeds", "list", "--json", "--db", db)[1]) == []
    assert run("feeds", "remove", "https://nowhere.example/feed", "--db", db)[0] == 1
    assert run("feeds", "add", "not-a-url", "--db", db)[0] == 2


def test_console_script_and_module_entry_point(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "newsdesk", "--version"], capture_output=True, text=True)
    assert result.returncode == 0
    assert result.stdout.strip() == f"newsdesk {__version__}"
    help_text = subprocess.run(
        [sys.executable, "-m", "newsdesk", "ingest", "--help"],
        capture_output=True,
        text=True,
        env={"COLUMNS": "100", "PATH": ""},
    ).stdout
    assert "Example:" in help_text and "--allow-private" in help_text
