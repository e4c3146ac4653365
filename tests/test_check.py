"""``newsdesk check``: reading articles, resolving sources, article-level problems, output, exit codes."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import FIXTURES, SiteServer
from newsdesk.cli import app
from newsdesk.config import IngestSettings, load_settings
from newsdesk.newsroom import Newsroom
from newsdesk.store import open_store
from newsdesk.verify.article import load_article, parse_text
from newsdesk.verify.report import render_html

runner = CliRunner()
CHECK = FIXTURES / "check"
SOURCES = CHECK / "sources"
FLOOD = [str(SOURCES / "standard-hochwasser.md"), str(SOURCES / "reuters-floods.md")]
WITKOFF = [str(SOURCES / "krone-3702206.md"), str(SOURCES / "moscow-times-a88113.md")]
SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_cbe537ee0e94e1e1.txt"


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["check", *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def kinds(report: dict[str, object]) -> list[str]:
    return [p["kind"] for p in report["problems"]]  # type: ignore[index, union-attr]


# -- reading the article ----------------------------------------------------------------------------


def test_the_seed_like_fixture_is_parsed_like_the_seed() -> None:
    article = load_article(str(CHECK / "article-defects.txt"), IngestSettings())
    assert article.headline == "Schock in Graz: Die schlimmste Flut aller Zeiten!"
    assert (
        article.subheadline
        == "Die Mur tritt über die Ufer, Hunderte müssen ihre Wohnungen in Graz verlassen."
    )
    assert article.dateline == "Graz, Österreich"
    assert [b.kind for b in article.blocks] == ["text", "sources", "heading", "text"]
    assert article.blocks[0].text.startswith("Nach tagelangem Starkregen")
    assert "Einsatzkräfte" in article.blocks[0].text  # dehyphenated for checking
    assert article.hyphenation == ["Einsatz-⏎kräfte"]
    assert len(article.urls) == 3 and article.misplaced_sources


def test_markdown_links_and_a_source_list_at_the_end() -> None:
    article = load_article(str(CHECK / "article-clean.md"), IngestSettings())
    assert article.headline == "Mur tritt in Graz über die Ufer"
    assert article.subheadline == "Rund 340 Menschen mussten ihre Wohnungen verlassen."
    assert article.dateline == "Graz"
    assert len(article.urls) == 2 and not article.misplaced_sources and not article.hyphenation


def test_html_articles_use_the_title_as_headline() -> None:
    html = (
        "<html><head><title>Mur tritt über die Ufer</title></head>"
        "<body><article><h1>Mur tritt über die Ufer</h1>"
        + "<p>Nach tagelangem Starkregen ist die Mur in Graz am Dienstag über die Ufer getreten. "
        * 4
        + '</p><p>Quelle: <a href="https://www.reuters.com/world/europe/austria-floods-graz-2025-05-13/">Reuters</a>'
        "</p></article></body></html>"
    )
    from newsdesk.verify.article import parse_html

    article = parse_html(html, source="a.html")
    assert article.headline == "Mur tritt über die Ufer"
    assert "https://www.reuters.com/world/europe/austria-floods-graz-2025-05-13/" in article.urls


def test_sensational_headlines() -> None:
    from newsdesk.verify.headline import sensational

    assert sensational("Regierung beschließt Budget", [], "de") is None
    assert "capitals „SCHOCK“" in (sensational("SCHOCK in Graz", ["Die Mur trat über die Ufer."], "de") or "")
    assert "superlative „biggest“" in (sensational("The biggest flood", [], "en") or "")
    assert "superlative „größte“" in (sensational("Die größte Flut seit 2013", [], "de") or "")
    assert sensational("Die Feuerwehr wusste von der Gefahr und grüßte die Helfer", [], "de") is None
    hope = sensational("Neue Hoffnung für Graz", ["Die Anrainer hoffen auf ein Ende des Regens."], "de")
    assert hope is None  # the sources use the framing themselves
    assert "NATO" not in (sensational("NATO trifft sich in Wien!", [], "de") or "")


def test_debris_after_unwrapping_is_reported() -> None:
    text = "Titel\n\nUnterzeile.\n\nDie Ver- handlungen laufen seit Montag in Wien."
    article = parse_text(text, source="x")
    assert article.hyphenation == ["Ver- handlungen"]


# -- the audit --------------------------------------------------------------------------------------


def test_offline_audit_reports_every_defect_and_never_calls_unreachable_sentences_unsupported() -> None:
    code, stdout, stderr = run(str(CHECK / "article-defects.txt"), "--offline", "--json")
    assert code == 1
    report = json.loads(stdout)
    assert report["schema"] == "newsdesk.audit/1"
    found = kinds(report)
    for kind in (
        "duplicate_source",
        "unreachable_source",
        "broken_attribution",
        "misplaced_source_list",
        "sensational_headline",
        "headline_unsupported",
        "hyphenation_artifact",
    ):
        assert kind in found, kind
    assert {s["verdict"]["label"] for s in report["sentences"]} == {"unverifiable"}
    assert [s["status"] for s in report["sources"]] == ["unreachable", "unreachable"]
    assert report["sources"][0]["cited"] == 2
    broken = [p for p in report["problems"] if p["kind"] == "broken_attribution"]
    assert broken[0]["detail"].startswith("„Dies wird von Reuters bestätigen.“")
    sensational = next(p for p in report["problems"] if p["kind"] == "sensational_headline")["detail"]
    assert "exclamation mark" in sensational and "schlimmste" in sensational and "Schock" in sensational
    assert "duplicate_source" in stderr


def test_stand_in_sources_give_a_verdict_per_sentence() -> None:
    code, stdout, _ = run(
        str(CHECK / "article-defects.txt"), *[a for s in FLOOD for a in ("--source", s)], "--json"
    )
    assert code == 1
    report = json.loads(stdout)
    labels = {s["id"]: s["verdict"]["label"] for s in report["sentences"]}
    assert labels["s1"] == labels["s2"] == labels["s3"] == labels["s4"] == "supported"
    assert labels["s5"] == "unsupported"  # "Dies wird von Reuters bestätigen."
    injured = next(s for s in report["sentences"] if "zwölf" in s["text"])
    assert injured["verdict"]["label"] == "contradicted"
    assert {p["kind"] for p in injured["verdict"]["problems"]} >= {"negation"}
    assert all(s["status"] in ("ok", "duplicate") for s in report["sources"])
    assert "unreachable_source" not in kinds(report) and "duplicate_source" in kinds(report)
    # framing the sources do not use is still sensational; the exclamation mark always is
    assert "sensational_headline" in kinds(report)


def test_a_clean_article_exits_0() -> None:
    code, stdout, stderr = run(str(CHECK / "article-clean.md"), "--source", FLOOD[0], "--source", FLOOD[1])
    assert code == 0, stdout + stderr
    assert "6 sentences: 6 supported" in stderr


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run(str(tmp_path / "missing.txt"))[0] == 2
    (tmp_path / "a.docx").write_text("x", encoding="utf-8")
    assert run(str(tmp_path / "a.docx"))[0] == 2


def test_html_report_escapes_everything(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(
        "Titel <script>alert(1)</script>\n\n"
        "Graz - Die Mur trat am Dienstag <b>über</b> die Ufer, berichtete der Standard.\n",
        encoding="utf-8",
    )
    out = tmp_path / "report.html"
    code, _, _ = run(str(article), "--source", FLOOD[0], "--html", str(out))
    page = out.read_text(encoding="utf-8")
    assert code == 1
    assert "nicht zitiert" in page  # the article names no source URL; the --source is still evidence
    assert "<script>" not in page and "&lt;script&gt;" in page and "&lt;b&gt;über&lt;/b&gt;" in page
    assert 'class="supported"' in page or 'class="unsupported"' in page
    assert "Der Standard" in page  # the evidence outlet beside the sentence


def test_sources_are_fetched_through_the_guarded_ingestor(site: SiteServer, tmp_path: Path) -> None:
    article = tmp_path / "artikel.txt"
    text = (CHECK / "article-clean.md").read_text(encoding="utf-8")
    text = text.replace(
        "https://www.derstandard.at/story/3000000251234/hochwasser-graz",
        site.url("/check/standard-hochwasser.txt"),
    )
    text = text.replace(
        "https://www.reuters.com/world/europe/austria-floods-graz-2025-05-13/",
        site.url("/check/reuters-floods.txt"),
    )
    article.write_text(text.replace("(", "( ").replace(")", " )"), encoding="utf-8")
    blocked, stdout, _ = run(str(article), "--json")
    assert blocked == 1 and {s["status"] for s in json.loads(stdout)["sources"]} == {"unreachable"}
    db = str(tmp_path / "n.db")
    code, stdout, stderr = run(str(article), "--allow-private", "--db", db, "--json")
    assert code == 0, stderr
    assert {s["status"] for s in json.loads(stdout)["sources"]} == {"ok"}
    assert "/check/standard-hochwasser.txt" in site.paths()
    site.reset()
    again, _, _ = run(str(article), "--db", db, "--offline")  # the store keeps the sources
    assert again == 0 and "/check/standard-hochwasser.txt" not in site.paths()


def test_an_article_given_by_url(site: SiteServer) -> None:
    code, stdout, stderr = run(
        site.url("/check/artikel.txt"),
        "--allow-private",
        "--offline",
        "--json",
        *[a for s in FLOOD for a in ("--source", s)],
    )
    assert code == 0, stderr
    assert json.loads(stdout)["headline"] == "Mur tritt in Graz über die Ufer"
    assert run("http://127.0.0.1:9/nothing.txt", "--allow-private")[0] == 1


def test_front_matter_gives_the_headline() -> None:
    article = parse_text(
        "---\ntitle: Titel aus Metadaten\n---\nGraz - Die Mur trat über die Ufer.", source="x"
    )
    assert article.headline == "Titel aus Metadaten" and article.dateline == "Graz"


def test_the_html_renderer_works_without_the_cli() -> None:
    settings = load_settings(environ={})
    with open_store(":memory:") as store, Newsroom(settings, store) as room:
        report = room.audit(str(CHECK / "article-clean.md"), sources=FLOOD)
    assert "Prüfbericht" in render_html(report)


# -- the seed ---------------------------------------------------------------------------------------


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seed is not present")
def test_the_seed_offline() -> None:
    code, stdout, _ = run(str(SEED), "--offline", "--json")
    report = json.loads(stdout)
    assert code == 1
    found = kinds(report)
    for kind in (
        "duplicate_source",
        "broken_attribution",
        "misplaced_source_list",
        "sensational_headline",
        "unreachable_source",
    ):
        assert kind in found, kind
    duplicate = next(p for p in report["problems"] if p["kind"] == "duplicate_source")
    assert "themoscowtimes.com" in duplicate["detail"]
    broken = next(p for p in report["problems"] if p["kind"] == "broken_attribution")
    assert "Dies wird von Krone unterstützen." in broken["detail"]
    assert "unsupported" not in {s["verdict"]["label"] for s in report["sentences"] if s["id"] != "s7"}


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seed is not present")
def test_the_seed_with_stand_in_sources() -> None:
    settings = load_settings(environ={})
    with open_store(":memory:") as store, Newsroom(settings, store) as room:
        start = time.perf_counter()
        report = room.audit(str(SEED), sources=WITKOFF)
        elapsed = time.perf_counter() - start
    labels = {s.id: s.verdict.label for s in report.sentences if s.verdict}
    # One passage must carry a sentence (issue 14). Read against the stand-in sources: the seed's
    # s2 pieces Fogel's release (one passage) together with the business remark (another), s4 the
    # video and the three and a half hours with the „Freundschaft“, and s6, s9 and s10 add the
    # article's own commentary ("von Bedeutung", "angespannte Zeit", "politischer Konflikt") to a
    # sourced fact; the headline is sensational and s7 a broken attribution.
    # s2 passes today through the English passage on business in Russia, whose report's lead names
    # Fogel (names of a report's title and lead count for every passage of it; the core words of
    # a German claim cannot be checked against English evidence without an entailment model).
    supported = {"subheadline", "s1", "s3", "s5", "s8"}
    assert len(labels) == 12
    assert {k for k, v in labels.items() if v == "supported"} - {"s2"} == supported, labels
    assert labels["s2"] != "contradicted"
    unsupported = set(labels) - supported - {"s2"}
    assert all(labels[k] in ("unsupported", "unverifiable") for k in unsupported), labels
    assert [s["status"] for s in report.sources] == ["duplicate", "ok"]
    quote = next(s for s in report.sentences if "positive Sache" in s.text)
    assert quote.verdict and quote.verdict.label == "supported"
    assert any(p.detail.startswith("translated quote") for p in quote.verdict.problems)
    assert elapsed < 30  # the 3 s target is measured by bench/verify.py on a quiet machine


def test_a_pdf_article(tmp_path: Path) -> None:
    from test_pdf import render_pdf

    html = (
        '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><style>@page { size: A5; margin: 12mm; }'
        "</style></head><body><h1>Mur tritt in Graz über die Ufer</h1>"
        "<p>Rund 340 Menschen mussten ihre Wohnungen verlassen.</p>"
        "<p>Graz - Nach tagelangem Starkregen ist die Mur in Graz am Dienstag über die Ufer getreten. "
        "Rund 1.200 Einsatz-<br>kräfte von Feuerwehr und Bundesheer waren im Einsatz.</p>"
        "<p>https://www.derstandard.at/story/3000000251234/hochwasser-graz</p></body></html>"
    )
    pdf = tmp_path / "artikel.pdf"
    pdf.write_bytes(render_pdf(html))
    code, stdout, stderr = run(str(pdf), "--source", FLOOD[0], "--json")
    report = json.loads(stdout)
    assert report["headline"] == "Mur tritt in Graz über die Ufer"
    assert "hyphenation_artifact" in kinds(report)
    body = [s for s in report["sentences"] if s["id"] not in ("headline", "subheadline")]
    assert [s["verdict"]["label"] for s in body] == ["supported", "supported"], stderr
    assert code == 0


# -- evidence an audit finds by itself ---------------------------------------------------------------

PEGEL = """---
url: https://www.passauer-kurier.example/hochwasser-pegel
title: "Hochwasser: Donau und Inn steigen weiter"
outlet: Passauer Kurier
published: 2025-06-17
language: de
---
Die Donau erreichte in Passau am Dienstagmorgen einen Pegelstand von 10,62 Metern.

Am Montagabend hatte die Donau in Passau einen Pegelstand von 9,80 Metern erreicht.

Der Inn stieg in Schärding am Dienstagmittag auf 9,38 Meter, wie das Land Oberösterreich mitteilte.

Die Stadt Passau richtete in zwei Schulen Notunterkünfte für rund 1.400 Menschen ein.
"""


def _audit_md(tmp_path: Path, body: str) -> dict[str, str]:
    source = tmp_path / "pegel.md"
    source.write_text(PEGEL, encoding="utf-8")
    article = tmp_path / "artikel.md"
    article.write_text(
        "# Donau in Passau über zehn Meter\n\n**Der Pegel stieg am Dienstag weiter.**\n\n"
        + body
        + "\n\n## Quellen\n\n"
        "1. Passauer Kurier, <https://www.passauer-kurier.example/hochwasser-pegel>\n",
        encoding="utf-8",
    )
    code, stdout, stderr = run(str(article), "--source", str(source), "--json")
    assert code in (0, 1), stderr
    return {
        s["text"]: s["verdict"]["label"] for s in json.loads(stdout)["sentences"] if s["id"] != "headline"
    }


def test_other_passages_of_a_source_are_not_held_against_a_sentence_one_of_them_supports(
    tmp_path: Path,
) -> None:
    """The audit retrieves several passages of a source; one that supports the sentence decides,
    another one with the level of the evening before does not make it contradicted — a level swapped
    in from another river does."""
    labels = _audit_md(
        tmp_path,
        "Die Donau erreichte in Passau am Dienstagmorgen einen Pegelstand von 10,62 Metern. [1] "
        "Der Inn stieg in Schärding am Dienstagmittag auf 10,62 Meter. [1]",
    )
    assert (
        labels["Die Donau erreichte in Passau am Dienstagmorgen einen Pegelstand von 10,62 Metern."]
        == "supported"
    )
    assert labels["Der Inn stieg in Schärding am Dienstagmittag auf 10,62 Meter."] == "contradicted"


def test_the_verifiers_removed_sentences_are_not_read_as_body() -> None:
    """newsdesk's Markdown lists what its verifier took out after the sources; that is not text."""
    article = parse_text(
        "# Titel des Artikels\n\n**Unterzeile mit einer Aussage.**\n\n"
        "*Passau, 17. Juni 2025 –* Die Donau stieg auf 10,62 Meter. [1]\n\n## Quellen\n\n"
        "1. Passauer Kurier: „Hochwasser“, <https://www.passauer-kurier.example/a>\n\n"
        "## Vom Prüfer entfernt\n\n- Der Inn stieg auf 12 Meter. (widersprochen: …)\n\n"
        "*Dieser Text wurde von newsdesk maschinell zusammengestellt.*\n",
        source="a.md",
        markdown=True,
    )
    assert "Die Donau stieg auf 10,62 Meter." in article.body()
    assert "Inn" not in article.body()
    assert [b.kind for b in article.blocks][-3:] == ["heading", "removed", "footer"]
    assert not article.misplaced_sources
