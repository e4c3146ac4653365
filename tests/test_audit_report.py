"""Audit any article: newsdesk's own Markdown, HTML and JSON read exactly, cited sources taken from
the store (offline), and the German report — German throughout, no server paths."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from conftest import EDITOR, FIXTURES, PASSWORD
from newsdesk.cli import app
from newsdesk.config import Settings
from newsdesk.models import AuditReport
from newsdesk.newsroom import Newsroom
from newsdesk.render import save
from newsdesk.store import open_store
from newsdesk.verify.report_de import german, german_view
from newsdesk.web.app import create_app

CHECK = FIXTURES / "check"
SOURCES = CHECK / "sources"
FLOOD = [str(SOURCES / "standard-hochwasser.md"), str(SOURCES / "reuters-floods.md")]
runner = CliRunner()


@pytest.fixture(scope="module")
def written(web_template: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[Path], dict]:
    """The demo stories written into a copy of the web store, saved as Markdown, HTML and JSON."""
    folder = tmp_path_factory.mktemp("own")
    db = folder / "newsdesk.db"
    db.write_bytes(web_template.read_bytes())
    articles = {}
    files: list[Path] = []
    with open_store(db) as store, Newsroom(Settings(), store) as room:
        for item in room.write(room.demo_stories()).written:
            articles[item.article.story_id] = item.article
            files += save(item.article, folder / "out", ["md", "html", "json"])
    return str(db), files, articles


def test_newsdesks_own_articles_are_read_exactly_and_fully_supported(
    written: tuple[str, list[Path], dict],
) -> None:
    db, files, articles = written
    assert len(files) == 9
    for path in files:
        result = runner.invoke(app, ["check", str(path), "--db", db, "--offline", "--json"])
        report = json.loads(result.stdout)
        article = articles[int(re.match(r"story-(\d+)-", path.name).group(1))]  # type: ignore[union-attr]
        body = [s for s in report["sentences"] if s["id"] not in ("headline", "subheadline")]
        assert [s["text"] for s in body] == [s.text for s in article.sentences()], path.name
        assert report["headline"] == article.headline and report["subheadline"] == article.subheadline
        labels = {s["verdict"]["label"] for s in report["sentences"]}
        assert labels == {"supported"}, path.name
        assert all(s["status"] == "ok" and s["detail"] == "in the store" for s in report["sources"]), (
            path.name
        )
        assert result.exit_code == 0
        text = " ".join(s["text"] for s in body)
        assert "Quellen" not in text and "maschinell" not in text and "[1]" not in text


def test_a_changed_number_in_a_newsdesk_article_is_caught(
    written: tuple[str, list[Path], dict], tmp_path: Path
) -> None:
    db, files, _ = written
    markdown = next(p for p in files if p.name.startswith("story-2-") and p.suffix == ".md")
    changed = tmp_path / "geaendert.md"
    changed.write_text(
        markdown.read_text(encoding="utf-8").replace("10,62 Metern", "12,62 Metern"), encoding="utf-8"
    )
    result = runner.invoke(app, ["check", str(changed), "--db", db, "--offline", "--json"])
    report = json.loads(result.stdout)
    wrong = [s for s in report["sentences"] if "12,62" in s["text"]]
    assert wrong and all(s["verdict"]["label"] in ("contradicted", "unsupported") for s in wrong)
    assert result.exit_code == 1


def _details(report: AuditReport) -> list[str]:
    data = report.to_dict()
    found = [p["detail"] for p in data["problems"]]
    found += [p["detail"] for s in data["sentences"] for p in s["verdict"]["problems"]]
    found += [s["detail"] for s in data["sources"] if s.get("detail")]
    return found


def test_every_detail_of_an_audit_has_german_words(tmp_path: Path) -> None:
    with open_store(":memory:") as store, Newsroom(Settings(), store) as room:
        offline = room.audit(str(CHECK / "article-defects.txt"), offline=True)
        with_sources = room.audit(str(CHECK / "article-defects.txt"), sources=FLOOD)
    details = _details(offline) + _details(with_sources)
    assert len(details) > 10
    untranslated = [d for d in details if german(d) is None]
    assert not untranslated, untranslated
    page = german_view(with_sources.to_dict())
    assert page["summary_line"].startswith(f"{with_sources.summary['sentences']} Sätze: ")
    kinds = {p["kind"] for p in page["problems"]}
    assert "Quelle mehrfach aufgeführt" in kinds and "reißerische Überschrift" in kinds


def _web(settings: Settings) -> TestClient:
    client = TestClient(create_app(settings), base_url="http://127.0.0.1")
    token = client.post("/api/login", json={"name": EDITOR, "password": PASSWORD}).json()["token"]
    client.headers["Authorization"] = f"Bearer {token}"
    return client


def test_the_web_audit_reads_cited_sources_from_the_store_offline_and_in_german(
    written: tuple[str, list[Path], dict], web_settings: Settings
) -> None:
    db, files, _ = written
    from dataclasses import replace

    settings = replace(web_settings, store=replace(web_settings.store, db=db))
    settings = replace(settings, verify=replace(settings.verify, offline=True))  # no network at all
    client = _web(settings)
    page = client.get("/audit")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    html_file = next(p for p in files if p.suffix == ".html")
    answer = client.post(
        "/audit",
        data={"csrf_token": token},
        files={"article_file": (html_file.name, html_file.read_bytes(), "text/html")},
    )
    assert answer.status_code == 200, answer.text
    assert "nicht prüfbar" not in answer.text.split("Prüfmarken")[0] or "unreachable" not in answer.text
    assert "aus dem Bestand" in answer.text and "gelesen" in answer.text
    for english in ("unreachable", "not_cited", "in the store", "is not in the evidence", "supported"):
        assert english not in re.sub(r'class="[^"]*"', "", answer.text), english
    summary = re.search(r'<p class="summary-line">([^<]+)</p>', answer.text).group(1)  # type: ignore[union-attr]
    assert summary.endswith("0 nicht prüfbar; 3 Quellen (0 nicht lesbar)") or "0 nicht belegt" in summary

    report = client.post("/api/audit", json={"text": files[0].read_text(encoding="utf-8")}).json()
    assert {s["verdict"]["label"] for s in report["sentences"]} == {"supported"}


def test_web_audit_errors_never_show_server_paths(web_settings: Settings) -> None:
    client = _web(web_settings)
    page = client.get("/audit")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    broken = client.post(
        "/audit",
        data={
            "csrf_token": token,
            "text": "Titel\n\nGraz - Die Mur trat über die Ufer, berichtete der Standard.",
        },
        files={"source_files": ("kaputt.pdf", b"%PDF-1.4 this is not a pdf", "application/pdf")},
    )
    assert "newsdesk-audit-" not in broken.text and "/tmp" not in broken.text
    odd = client.post(
        "/audit",
        data={"csrf_token": token},
        files={"article_file": ("bericht.docx", b"PK\x03\x04", "application/x")},
    )
    assert odd.status_code == 400 and "bericht.docx" in odd.text and "/tmp" not in odd.text
