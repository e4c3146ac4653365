"""One size policy for every input path: bytes capped while streaming, before and after
decompression; passages per document capped; control characters removed at ingest (issue:
findings 3 and 7)."""

# ruff: noqa: F811  (pytest fixtures imported from hostile_site are test parameters)
from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import time
import zlib
from dataclasses import replace
from pathlib import Path

import pytest
from hostile_site import (  # noqa: F401 (fixtures)
    HostileSite,
    article_page,
    deflate_raw,
    gzip_bomb,
    hostile_site,
    load_reports,
    send,
    send_file,
)

from newsdesk.config import IngestSettings, Settings, StoreSettings
from newsdesk.errors import TooLargeError
from newsdesk.ingest import Ingestor
from newsdesk.ingest.limits import STEP, Inflater, read_capped, read_file
from newsdesk.newsroom import Upload, open_newsroom
from newsdesk.store import open_store

ROOT = Path(__file__).resolve().parents[2]
LOCAL = IngestSettings(
    allow_private=True, respect_robots=False, per_host_delay=0.0, retries=0, read_timeout=10
)
GIB = 1 << 30
PEAK_FLOOR_KB = 300 * 1024
# Runs the command line in a fresh interpreter and reports that process's peak resident memory
# (VmHWM: getrusage's ru_maxrss would include the forking test process, kept across execve).
MEASURED = (
    "import sys\n"
    "from newsdesk.cli import main\n"
    "sys.argv = ['newsdesk', *sys.argv[1:]]\n"
    "try:\n"
    "    main()\n"
    "except SystemExit as exc:\n"
    "    code = exc.code\n"
    "else:\n"
    "    code = 0\n"
    "peak = next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM:'))\n"
    "sys.stderr.write(f'\\npeak_kb={peak}\\n')\n"
    "sys.exit(code)\n"
)


def measured_ingest(*args: str) -> tuple[int, str, int]:
    """``newsdesk ingest ARGS`` in a fresh process: exit code, stderr, peak memory in KB."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURED, "ingest", *args, "--no-stories"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert "Traceback" not in done.stderr, done.stderr
    peak = int(done.stderr.rsplit("peak_kb=", 1)[1].split()[0])
    return done.returncode, done.stderr, peak


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 1 GiB gzip bomb (about 3.5 MB compressed), made at test time and never committed."""
    return gzip_bomb(tmp_path_factory.mktemp("bomb") / "hochwasser.html.gz", GIB)


def test_a_local_gzip_bomb_is_one_line_in_bounded_memory(bomb: Path, tmp_path: Path) -> None:
    started = time.monotonic()
    code, err, peak = measured_ingest(str(bomb), "--db", str(tmp_path / "n.db"))
    assert code == 1
    assert (
        f"failed: {bomb}: file expands beyond the 10,000,000-byte cap when decompressed (ingest.max_bytes)"
        in err
    )
    assert peak < PEAK_FLOOR_KB, f"peak memory {peak // 1024} MB"
    assert time.monotonic() - started < 60


def test_a_gzip_bomb_over_http_is_one_line_in_bounded_memory(
    bomb: Path, hostile_site: HostileSite, tmp_path: Path
) -> None:
    headers = {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"}
    hostile_site.route("/bombe.html", lambda h: send_file(h, bomb, headers))
    url = hostile_site.url("/bombe.html")
    code, err, peak = measured_ingest(
        url, "--db", str(tmp_path / "n.db"), "--allow-private", "--no-robots", "--delay", "0"
    )
    assert code == 1
    assert (
        f"failed: {url}: response expands beyond the 10,000,000-byte cap when decompressed (ingest.max_bytes)"
        in err
    )
    assert peak < PEAK_FLOOR_KB, f"peak memory {peak // 1024} MB"


def test_large_files_and_archives_are_refused_before_they_are_read(tmp_path: Path) -> None:
    big = tmp_path / "riesig.html"
    with big.open("wb") as out:
        out.write(b"<html><body><article>")
        out.write(b"<p>Die Donau steigt weiter. Der Pegel liegt bei acht Metern.</p>" * 800_000)
    records = tmp_path / "export.jsonl.gz"
    line = json.dumps({"title": "Pegel", "text": "Die Donau steigt weiter. " * 40}) + "\n"
    with gzip.open(records, "wt", encoding="utf-8") as out:
        for _ in range(12_000):
            out.write(line)
    with open_store(tmp_path / "n.db") as store, Ingestor(LOCAL, store) as ingestor:
        started = time.monotonic()
        report = ingestor.ingest([str(big), str(records)])
        elapsed = time.monotonic() - started
    assert elapsed < 5
    assert [f.line() for f in report.failures] == [
        f"{big}: file is {big.stat().st_size:,} bytes, over the 10,000,000-byte cap (ingest.max_bytes)",
        f"{records}: file expands beyond the 10,000,000-byte cap when decompressed (ingest.max_bytes)",
    ]
    assert report.items == []


def test_an_article_to_audit_is_held_to_the_same_cap(tmp_path: Path) -> None:
    """A file, a gzip bomb of a file, and bytes handed to the service: the cap before parsing."""
    page = b"<html><body><article>" + b"<p>Der Pegel der Donau steigt weiter.</p>" * 2_000 + b"</article>"
    small = Settings(store=StoreSettings(db=":memory:"), ingest=replace(LOCAL, max_bytes=50_000))
    on_disk = tmp_path / "artikel.html"
    on_disk.write_bytes(page)
    packed = tmp_path / "artikel.html.gz"
    packed.write_bytes(gzip.compress(page))
    lines = []
    with open_newsroom(small) as room:
        for article in (str(on_disk), Upload("artikel.html", page)):
            with pytest.raises(TooLargeError) as info:
                room.audit(article, offline=True)
            lines.append(str(info.value))
    assert lines == [
        f"{on_disk}: file is {len(page):,} bytes, over the 50,000-byte cap (ingest.max_bytes)",
        f"artikel.html: file is {len(page):,} bytes, over the 50,000-byte cap (ingest.max_bytes)",
    ]
    assert len(packed.read_bytes()) < 50_000  # small on disk, too large once decompressed
    with pytest.raises(TooLargeError, match="expands beyond the 50,000-byte cap"):
        read_file(packed, max_bytes=50_000)


def test_compressed_responses_are_decoded_within_the_cap(hostile_site: HostileSite, tmp_path: Path) -> None:
    reports = load_reports()
    pages = {r.slug: article_page(r) for r in reports[:4]}
    slugs = list(pages)
    two_members = gzip.compress(pages[slugs[2]][:500]) + gzip.compress(pages[slugs[2]][500:])
    bodies = {
        slugs[0]: (gzip.compress(pages[slugs[0]]), "gzip"),
        slugs[1]: (zlib.compress(pages[slugs[1]]), "deflate"),
        slugs[2]: (two_members, "gzip"),
        slugs[3]: (deflate_raw(pages[slugs[3]]), "deflate"),
    }
    for slug, (body, encoding) in bodies.items():
        hostile_site.route(
            f"/z/{slug}", lambda h, b=body, e=encoding: send(h, 200, b, headers={"Content-Encoding": e})
        )
    hostile_site.route("/z/brotli", lambda h: send(h, 200, b"\x1b\x00", headers={"Content-Encoding": "br"}))
    urls = [hostile_site.url(f"/z/{slug}") for slug in slugs] + [hostile_site.url("/z/brotli")]
    with open_store(tmp_path / "n.db") as store, Ingestor(LOCAL, store) as ingestor:
        report = ingestor.ingest(urls)
        titles = [store.get_document(i.id).title for i in report.items]
    assert titles == [r.title for r in reports[:4]]
    assert [f.message for f in report.failures] == ["unsupported content encoding 'br'"]
    asked = {r.split("?")[0] for r in hostile_site.requests}
    assert asked == {f"/z/{slug}" for slug in slugs} | {"/z/brotli"}


def test_every_inflation_step_is_bounded() -> None:
    inflater = Inflater("gzip")
    pieces = list(inflater.decode(gzip.compress(b"\0" * (50 * STEP))))
    assert max(len(p) for p in pieces) <= STEP and sum(map(len, pieces)) == 50 * STEP
    with pytest.raises(Exception, match="expands beyond the 1,000-byte cap"):
        read_capped([gzip.compress(b"\0" * 100_000)], max_bytes=1000, source="x", encoding="gzip")


def test_passages_per_document_are_capped_with_one_line(tmp_path: Path) -> None:
    report = load_reports()[0]
    sentences = [f"Am Einsatzort Nummer {i} räumten die Helfer bis zum Abend Schutt weg." for i in range(80)]
    path = tmp_path / "lang.txt"
    path.write_text(report.title + "\n\n" + "\n".join(sentences) + "\n", encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "newsdesk",
            "ingest",
            str(path),
            "--db",
            str(tmp_path / "n.db"),
            "--no-stories",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if not k.startswith("NEWSDESK_")}
        | {"NEWSDESK_INGEST_MAX_PASSAGES": "50"},
    )
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stderr.splitlines() if "ingest.max_passages" in line]
    assert lines == [
        f"WARNING newsdesk.ingest.documents: {path}: more than 50 sentences; only the first 50 are kept "
        "(ingest.max_passages)"
    ]
    with open_store(tmp_path / "n.db") as store:
        (document,) = store.iter_documents(with_text=True)
        passages = store.get_passages(document.id or 0)
    assert len(passages) == 50
    assert document.text.endswith(sentences[49])
    assert all(document.text[p.start : p.end] == p.text for p in passages)


def test_control_characters_are_removed_and_offsets_stay_consistent(db_url: str, tmp_path: Path) -> None:
    reports = load_reports()
    dirty = "\x00\x1b[31m\u202e\x07"
    text_file = tmp_path / "nul.txt"
    first = reports[0].sentences
    body = f"{first[0]}\x00 {first[1]}\x1b[2J\n{first[2]}\u202e {first[3]}\x0c{reports[1].sentences[0]}\ud800"
    text_file.write_text(
        f'---\ntitle: "Titel{dirty}mit Steuerzeichen"\n---\n{body}\n', "utf-8", "surrogatepass"
    )
    jsonl = tmp_path / "steuer.jsonl"
    record = {
        "title": f"{reports[2].title}\u0000\n\u0085",
        "text": reports[2].text().replace(" ", "\u0000 ", 3) + "\ud83d",
        "author": "Redaktion\u202e\x1b",
        "outlet": "Regional\x00anzeiger",
    }
    jsonl.write_text(json.dumps(record), encoding="utf-8")
    with open_store(db_url) as store, Ingestor(LOCAL, store) as ingestor:
        report = ingestor.ingest([str(text_file), str(jsonl)])
        assert report.failures == []
        documents = [store.get_document(i.id) for i in report.items]
        passages = {d.id: store.get_passages(d.id or 0) for d in documents}
    for document in documents:
        for field in (document.text, document.title, document.author or "", document.outlet):
            assert not any(ord(c) < 32 and c not in "\n\t" for c in field), repr(field)
            assert not any(c in field for c in "\u202e\u0085\ud800\ud83d\x7f")
        assert all(document.text[p.start : p.end] == p.text for p in passages[document.id])
    assert documents[0].title == "Titel[31mmit Steuerzeichen"
    assert documents[1].title == reports[2].title and documents[1].outlet == "Regionalanzeiger"
    assert first[0] in documents[0].text and reports[2].sentences[0] in documents[1].text
