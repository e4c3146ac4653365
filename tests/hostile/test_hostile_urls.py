"""Malformed URLs are one line each and lose nothing; canonical URLs keep what identifies an article;
two different texts never share a URL (issue: hostile input, findings 1 and 2)."""

# ruff: noqa: F811  (pytest fixtures imported from hostile_site are test parameters)
from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from hostile_site import HostileSite, article_page, hostile_site, load_reports  # noqa: F401 (fixtures)
from typer.testing import CliRunner

from newsdesk.cli import app
from newsdesk.config import IngestSettings
from newsdesk.errors import InvalidURLError
from newsdesk.ingest import Ingestor
from newsdesk.store import open_store
from newsdesk.urls import canonical_url, is_tracking, tracking_parameters, vet_url

LOCAL = IngestSettings(
    allow_private=True, respect_robots=False, per_host_delay=0.0, retries=0, read_timeout=5
)
CLI_LOCAL = ["--allow-private", "--no-robots", "--delay", "0", "--no-stories"]

# The findings, and their relatives: forms that parsers read differently or not at all.
MALFORMED = [
    "http://0177.0.0.1/x",  # octal: browsers read 127.0.0.1, httpx refuses, we refuse
    "http://999.1.1.1/",
    "http://256.256.256.256/",
    "http://01.02.03.04/",
    "http://[::1",
    "http://xn--/",
    "http://[::ffff:999.0.0.1]/",
    "http://2130706433/",  # one integer: 127.0.0.1 to a browser
    "http://0x7f.0.0.1/",
    "http://127.1/",  # short form
    "http://exa mple.org/",
    "http://example.org:99999/",
    "http://[fe80::1%25eth0]/",
    "http://user:secret@example.org/",
    "http:///no-host",
    "https://a..b/",
    "http://ex%61mple.org/",
    "http://[::1]oops/",
]


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env={"NEWSDESK_INGEST_RETRIES": "0"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result.exit_code, result.stderr


def test_every_malformed_url_is_one_line_and_every_other_input_is_stored(
    hostile_site: HostileSite, db_url: str, tmp_path: Path
) -> None:
    report = load_reports()[0]
    note = tmp_path / "notiz.md"
    other = load_reports()[1]
    note.write_text(f"---\ntitle: {json.dumps(other.title)}\n---\n{other.text()}\n", encoding="utf-8")
    code, err = run(
        "ingest", *MALFORMED, hostile_site.url(report.path), str(note), "--db", db_url, *CLI_LOCAL
    )
    assert code == 1
    failed = [line for line in err.splitlines() if line.startswith("failed: ")]
    assert len(failed) == len(MALFORMED)
    for url, line in zip(MALFORMED, failed, strict=True):
        assert line.startswith(f"failed: {url}: not a valid URL ("), line
    assert "2 stored" in err and f"{len(MALFORMED)} failed" in err
    assert hostile_site.requests == {report.path: 1}  # nothing else was fetched
    with open_store(db_url) as store:
        assert store.count_documents() == 2
        log = [e for e in store.fetch_log(limit=100) if e.status == "failed"]
    assert sorted(e.source for e in log) == sorted(MALFORMED)
    assert {e.reason for e in log} == {"invalid_url"}


@pytest.mark.parametrize("url", MALFORMED)
def test_vetting_refuses_before_any_fetch(url: str) -> None:
    with pytest.raises(InvalidURLError, match=r"not a valid URL \(.+\)"):
        vet_url(url)
    assert canonical_url(url) == url  # never raises: a lookup key stays what it was


@pytest.mark.parametrize(
    ("url", "vetted"),
    [
        ("HTTP://Example.ORG:80/a b?q=1 2#top", "http://example.org/a%20b?q=1%202#top"),
        ("https://Bücher.example/straße", "https://xn--bcher-kva.example/stra%C3%9Fe"),
        ("https://１２７.０.０.１/", "https://127.0.0.1/"),  # full-width digits are an IPv4 address
        ("  http://example.org/a\tb\n", "http://example.org/ab"),  # WHATWG: tabs and newlines dropped
        ("http://[::FFFF:127.0.0.1]:8080", "http://[::ffff:7f00:1]:8080/"),
        ("https://sub_domain.example.org/100%", "https://sub_domain.example.org/100%25"),
        ("http://example.org\\path\\x", "http://example.org/path/x"),
    ],
)
def test_valid_urls_are_normalised_and_httpx_accepts_them(url: str, vetted: str) -> None:
    assert vet_url(url) == vetted
    assert vet_url(vetted) == vetted
    httpx.URL(vetted)  # never httpx.InvalidURL after vetting


def test_canonical_urls_keep_every_parameter_but_tracking() -> None:
    first = canonical_url("https://example.org/essaydetails.php?eid=101&cid=5")
    second = canonical_url("https://example.org/essaydetails.php?eid=102&cid=5")
    assert first != second
    assert first == "https://example.org/essaydetails.php?cid=5&eid=101"
    tracked = "https://example.org/essaydetails.php?utm_source=nl&eid=101&FBCLID=x&cid=5&mc_eid=7#kommentare"
    assert canonical_url(tracked) == first
    assert canonical_url("https://Example.org:443/a/./b/../c/%7euser?id=5&ref=rss&page=2") == (
        "https://example.org/a/c/~user?id=5&page=2&ref=rss"
    )
    exact, prefixes = tracking_parameters()  # the documented list is data
    assert {"fbclid", "gclid", "mc_eid", "wt_mc", "xtor"} <= exact and "utm_" in prefixes
    for name in exact:
        assert is_tracking(name) and is_tracking(name.upper())
    for kept in ("eid", "cid", "id", "artikel", "page", "ref", "p", "story", "sid"):
        assert not is_tracking(kept)


def test_the_eid_cid_pair_stores_two_documents(hostile_site: HostileSite, db_url: str) -> None:
    essays = {r.slug: r for r in load_reports()}
    hostile_site.page("/essaydetails.php?eid=101&cid=5", article_page(essays["essay-heimat"]))
    hostile_site.page("/essaydetails.php?eid=102&cid=5", article_page(essays["essay-ehrenamt"]))
    urls = [
        hostile_site.url("/essaydetails.php?eid=101&cid=5"),
        hostile_site.url("/essaydetails.php?eid=102&cid=5"),
        hostile_site.url("/essaydetails.php?cid=5&eid=101&utm_source=newsletter&utm_medium=mail"),
    ]
    with open_store(db_url) as store, Ingestor(LOCAL, store) as ingestor:
        report = ingestor.ingest(urls)
        assert report.failures == []
        assert [i.status for i in report.items] == ["stored", "stored", "exists"]
        titles = {store.get_document(i.id).title for i in report.items}
        assert store.count_documents() == 2
    assert titles == {essays["essay-heimat"].title, essays["essay-ehrenamt"].title}
    # the tracking variant was recognised without a download
    assert sum(hostile_site.requests.values()) == 2


def test_two_texts_never_share_a_url(hostile_site: HostileSite, db_url: str, tmp_path: Path) -> None:
    reports = load_reports()
    front = hostile_site.url("/lokales")
    # a CMS that names the section front as every article's canonical URL
    for report in reports[:3]:
        hostile_site.page(report.path, article_page(report, canonical=front))
    lines = [
        {"url": "https://www.regionalanzeiger.example/artikel?id=7", "title": r.title, "text": r.text()}
        for r in reports[3:5]
    ]
    lines.append(dict(lines[0]))  # the same record again: the same document
    jsonl = tmp_path / "export.jsonl"
    jsonl.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines), encoding="utf-8")
    with open_store(db_url) as store, Ingestor(LOCAL, store) as ingestor:
        pages = ingestor.ingest([hostile_site.url(r.path) for r in reports[:3]])
        records = ingestor.ingest([str(jsonl)])
        assert pages.failures == [] and records.failures == []
        assert [i.status for i in pages.items] == ["stored"] * 3
        assert [i.status for i in records.items] == ["stored", "stored", "exists"]
        urls = [store.get_document(i.id).url for i in pages.items + records.items]
        assert store.count_documents() == 5
    # the first page took the canonical URL; the others kept their own addresses
    assert urls[0] == canonical_url(front)
    assert urls[1:3] == [canonical_url(hostile_site.url(r.path)) for r in reports[1:3]]
    # the second JSONL text is a different article under a URL that is taken: stored without URL
    assert urls[3] == "https://www.regionalanzeiger.example/artikel?id=7" and urls[4] is None
    assert urls[5] == urls[3]


def test_an_updated_copy_at_the_same_url_is_the_same_document(
    hostile_site: HostileSite, tmp_path: Path
) -> None:
    report = load_reports()[6]
    base = {"url": "https://www.regionalanzeiger.example/wahl", "title": report.title, "text": report.text()}
    updated = dict(base, text=report.text() + "\nDas amtliche Endergebnis wird am Mittwoch erwartet.")
    jsonl = tmp_path / "wahl.jsonl"
    jsonl.write_text(json.dumps(base) + "\n" + json.dumps(updated) + "\n", encoding="utf-8")
    with open_store(tmp_path / "n.db") as store, Ingestor(LOCAL, store) as ingestor:
        report_ = ingestor.ingest([str(jsonl)])
        assert [i.status for i in report_.items] == ["stored", "exists"]  # decided by the content
        assert store.count_documents() == 1
