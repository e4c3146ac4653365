"""The review and publishing commands end to end, on the articles ``newsdesk demo`` writes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from lxml import html as lxml_html
from typer.testing import CliRunner

from newsdesk.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    result = runner.invoke(app, ["demo", "--db", str(folder / "demo.db"), "-o", str(folder / "articles")])
    assert result.exit_code == 0, result.output
    return folder / "demo.db"


@pytest.fixture
def db(demo_db: Path, tmp_path: Path) -> str:
    """A private copy of the demo store (three draft articles), so each test starts the same."""
    for path in demo_db.parent.glob(demo_db.name + "*"):
        shutil.copy(path, tmp_path / path.name)
    return str(tmp_path / demo_db.name)


def run(*args: str) -> object:
    return runner.invoke(app, list(args))


def test_articles_lists_the_drafts_the_demo_wrote(db: str) -> None:
    result = run("articles", "--db", db, "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["status"] for r in rows] == ["draft"] * 3 and {r["story_id"] for r in rows} == {1, 2, 3}
    assert all(r["sentences"] == r["supported"] > 0 and r["version"] == 1 for r in rows)
    table = run("articles", "--db", db, "--status", "draft")
    assert table.exit_code == 0 and "Donau erreicht" in table.stdout
    assert run("articles", "--db", db, "--status", "live").exit_code == 2


def test_review_publish_withdraw_and_the_site(db: str, tmp_path: Path) -> None:
    site = tmp_path / "site"
    refused = run("publish", "1", "--db", db)
    assert refused.exit_code == 1
    assert "article 1 is draft; only an approved version can be published" in refused.output
    assert "hint: approve it first: newsdesk approve 1" in refused.output
    assert run("approve", "1", "--db", db, "--as", "anna", "--note", "geprüft").exit_code == 0
    published = run("publish", "1", "--db", db, "--as", "ben", "--site", str(site))
    assert published.exit_code == 0, published.output
    assert "article 1 (story 1, version 1): published" in published.stdout
    [row] = json.loads(run("articles", "--db", db, "--status", "published", "--json").stdout)
    assert row["id"] == 1 and row["reviewed_by"] == "anna" and row["published_at"]
    assert len(list((site / "articles").glob("1-*"))) == 3 and (site / "feed.xml").is_file()
    withdrawn = run("withdraw", "1", "--db", db, "--reason", "Test", "--site", str(site))
    assert withdrawn.exit_code == 0 and "withdrawn" in withdrawn.stdout
    assert not list((site / "articles").glob("1-*"))
    assert run("withdraw", "1", "--db", db).exit_code == 1  # not published any more
    rejected = run("reject", "2", "--db", db, "--note", "zu lang")
    assert rejected.exit_code == 0 and "rejected" in rejected.stdout
    assert [
        r["id"] for r in json.loads(run("articles", "--db", db, "--status", "rejected", "--json").stdout)
    ] == [2]


def test_site_command_exports_and_needs_a_folder(db: str, tmp_path: Path) -> None:
    run("approve", "3", "--db", db)
    run("publish", "3", "--db", db)
    result = run("site", str(tmp_path / "public"), "--db", db)
    assert result.exit_code == 0 and "1 article(s): 6 file(s) written" in result.stdout
    again = run("site", str(tmp_path / "public"), "--db", db)
    assert "0 file(s) written, 6 unchanged" in again.stdout
    index = lxml_html.fromstring((tmp_path / "public" / "index.html").read_bytes())
    assert index.xpath('//h2[@class="nd-teaser-headline"]/a/text()') == [
        "Bund und Länder verständigen sich auf Änderungen an der Krankenhausreform"
    ]
    assert run("site", "--db", db).exit_code == 2  # no DIR and no publish.site_dir


def test_render_a_stored_version(db: str, tmp_path: Path) -> None:
    result = run(
        "render", "2", "--db", db, "--format", "md,html,pdf,json,jsonld", "-o", str(tmp_path), "--no-marks"
    )
    assert result.exit_code == 0, result.output
    suffixes = sorted(Path(line).suffix for line in result.stdout.split())
    assert suffixes == [".html", ".json", ".jsonld", ".md", ".pdf"]
    page = lxml_html.fromstring(next(tmp_path.glob("article-2-*.html")).read_bytes())
    assert page.get("lang") == "de" and not page.xpath("//*[@data-verdict]")
    assert next(tmp_path.glob("article-2-*.pdf")).read_bytes().startswith(b"%PDF-")
    fragment = run("render", "2", "--db", db, "--format", "html", "--fragment")
    assert (
        fragment.exit_code == 0
        and fragment.stdout.startswith("<article")
        and "data-verdict" in fragment.stdout
    )
    markdown = run("render", "2", "--db", db)
    assert markdown.exit_code == 0 and markdown.stdout.startswith("# Donau erreicht in Passau")
    assert run("render", "2", "--db", db, "--format", "md,html").exit_code == 2  # several formats need -o
    missing = run("render", "9", "--db", db)
    assert missing.exit_code == 1 and "no article with id 9" in missing.output


def test_write_saves_pdf_and_jsonld(db: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("write", "--story", "2", "--db", db, "-o", str(out), "--format", "pdf,jsonld")
    assert result.exit_code == 0, result.output
    assert sorted(p.suffix for p in out.iterdir()) == [".jsonld", ".pdf"]
    data = json.loads(next(out.glob("*.jsonld")).read_text())
    assert data["@type"] == "NewsArticle" and len(data["isBasedOn"]) == 3
