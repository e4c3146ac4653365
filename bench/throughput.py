"""Ingest throughput: bare trafilatura vs newsdesk from files vs newsdesk over local HTTP.

Usage::

    .venv/bin/python bench/throughput.py [--limit N] [--modes bare,files,http] [--profile-pages 100]
        [--json FILE]

Each mode runs in its own subprocess, so its peak memory (``ru_maxrss``) is its own:

* ``bare``  – ``trafilatura.extract(html, url=url)`` on HTML already decompressed in memory;
* ``files`` – ``Ingestor.ingest`` over the ``.html.gz`` files into a fresh temporary SQLite store;
* ``http``  – ``Ingestor.ingest`` over ``http://127.0.0.1:PORT/…`` URLs served by a
  ``ThreadingHTTPServer`` in a thread of the same process (pages decompressed in memory,
  ``/robots.txt`` answers 404; ``allow_private=True``, ``per_host_delay=0``).

Then a stage breakdown of the files mode on the first ``--profile-pages`` pages, measured on a
second (warm) pass after a first pass that pays the one-time model and locale loads, twice:
with light timers around the stage functions (no profiler overhead), and with cProfile
(cumulative times; the profiler inflates pure-Python code such as SoMaJo more than C code such
as lxml, so its shares are skewed).
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import json
import os
import pstats
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from _common import Page, data_root, format_table, ingest_settings, load_trafilatura_eval

MODES = ("bare", "files", "http")


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


# -- workers (one per subprocess) -----------------------------------------------------------------


def work_bare(pages: Sequence[Page]) -> dict[str, Any]:
    import trafilatura

    trafilatura.extract("<html><body><p>warm up</p></body></html>")
    inputs = [(page.html(), page.url) for page in pages]
    rss_inputs = _rss_mb()
    start = time.perf_counter()
    texts = [trafilatura.extract(html, url=url) for html, url in inputs]
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "ok": sum(bool(t) for t in texts), "rss_after_inputs_mb": rss_inputs}


def _ingest(sources: list[str], overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    from newsdesk.ingest import Ingestor
    from newsdesk.store import open_store

    settings = ingest_settings(overrides)
    with tempfile.TemporaryDirectory(prefix="newsdesk-tp-") as tmp:
        rss_inputs = _rss_mb()
        start = time.perf_counter()
        with open_store(Path(tmp) / "bench.db") as store, Ingestor(settings, store) as ingestor:
            report = ingestor.ingest(sources)
        seconds = time.perf_counter() - start
    reasons: dict[str, int] = {}
    for failure in report.failures:
        reasons[failure.reason] = reasons.get(failure.reason, 0) + 1
    return {"seconds": seconds, "ok": len(report.items), "failed": reasons, "rss_after_inputs_mb": rss_inputs}


def work_files(pages: Sequence[Page]) -> dict[str, Any]:
    import newsdesk.ingest  # noqa: F401  (import cost is not throughput)

    return _ingest([str(page.path.resolve()) for page in pages])


def _handler(documents: dict[str, bytes]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            body = documents.get(unquote(self.path))
            status = 200 if body is not None else 404
            body = body if body is not None else b"not found"
            self.send_response(status)
            self.send_header("Content-Type", "text/html" if status == 200 else "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def local_server(documents: dict[str, bytes]) -> Iterator[str]:
    """Serve ``documents`` (``{path: html}``) on 127.0.0.1 from a thread; yield the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(documents))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def work_http(pages: Sequence[Page]) -> dict[str, Any]:
    import newsdesk.ingest  # noqa: F401

    documents = {f"/{page.path.name.removesuffix('.gz')}": page.html() for page in pages}
    with local_server(documents) as base:
        urls = [base + quote(path) for path in documents]
        return _ingest(urls, {"allow_private": True, "per_host_delay": 0})


# -- stage breakdown --------------------------------------------------------------------------------

# (label, module, attribute path) — what the light timers wrap; indentation shows nesting.
STAGES = (
    ("read file (+gunzip)", "newsdesk.ingest.pipeline", "read_path"),
    ("extract_html", "newsdesk.ingest.pipeline", "extract_html"),
    ("  trafilatura.load_html", "trafilatura", "load_html"),
    ("  declared metadata (read_metadata)", "newsdesk.ingest.extract", "read_metadata"),
    ("  trafilatura.bare_extraction (text only)", "trafilatura", "bare_extraction"),
    ("  missing metadata (complete_metadata)", "newsdesk.ingest.extract", "complete_metadata"),
    ("  clean_text", "newsdesk.ingest.extract", "clean_text"),
    ("langid (LanguageIdentifier.detect)", "newsdesk.ingest.langid", "LanguageIdentifier.detect"),
    ("dedup.content_hash", "newsdesk.ingest.dedup", "content_hash"),
    ("dedup.signature (MinHash)", "newsdesk.ingest.dedup", "signature"),
    ("dedup.find_duplicate", "newsdesk.ingest.dedup", "find_duplicate"),
    ("segment.split_sentences (SoMaJo)", "newsdesk.ingest.pipeline", "split_sentences"),
    ("store.add_document", "newsdesk.store.sqlite", "SQLiteStore.add_document"),
    ("store.find_document", "newsdesk.store.sqlite", "SQLiteStore.find_document"),
    ("store.near_duplicate_candidates", "newsdesk.store.sqlite", "SQLiteStore.near_duplicate_candidates"),
    ("store.log_fetch", "newsdesk.store.sqlite", "SQLiteStore.log_fetch"),
)

# cProfile rows: (label, file suffix, function name)
PROFILE_ROWS = (
    ("Ingestor.ingest (total)", "newsdesk/ingest/pipeline.py", "ingest"),
    ("extract_html", "newsdesk/ingest/extract.py", "extract_html"),
    ("  trafilatura bare_extraction", "trafilatura/core.py", "bare_extraction"),
    ("  read_metadata", "newsdesk/ingest/metadata.py", "read_metadata"),
    ("  complete_metadata", "newsdesk/ingest/extract.py", "complete_metadata"),
    ("langid detect", "newsdesk/ingest/langid.py", "detect"),
    ("dedup.signature", "newsdesk/ingest/dedup.py", "signature"),
    ("dedup.find_duplicate", "newsdesk/ingest/dedup.py", "find_duplicate"),
    ("segment.split_sentences", "newsdesk/ingest/segment.py", "split_sentences"),
    ("SQLiteStore.add_document", "newsdesk/store/sqlite.py", "add_document"),
)


def _resolve(module: str, attribute: str) -> tuple[Any, str]:
    import importlib

    owner: Any = importlib.import_module(module)
    *parents, name = attribute.split(".")
    for parent in parents:
        owner = getattr(owner, parent)
    return owner, name


def _timer(func: Callable[..., Any], totals: dict[str, float], label: str) -> Callable[..., Any]:
    @functools.wraps(func)
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            result = func(*args, **kwargs)
            if hasattr(result, "__next__"):  # read_path is a generator: time its consumption
                result = list(result)
            return result
        finally:
            totals[label] = totals.get(label, 0.0) + time.perf_counter() - start

    return timed


def _warm_up(pages: Sequence[Page]) -> float:
    """Ingest ``pages`` once into a throwaway store, so one-time loads stay out of the stage figures.

    First uses load lingua's language models, SoMaJo's tokenizer and, whenever htmldate falls
    back to dateparser for a new language, dateparser's locale data (up to 1–3 s each).
    """
    return float(work_files(pages)["seconds"])


def work_timers(pages: Sequence[Page]) -> dict[str, Any]:
    """Files mode with perf_counter timers around each stage function (benchmark-only wrapping)."""
    warm_up = _warm_up(pages)
    totals: dict[str, float] = {}
    for label, module, attribute in STAGES:
        owner, name = _resolve(module, attribute)
        setattr(owner, name, _timer(getattr(owner, name), totals, label))
    result = work_files(pages)
    result["stages"] = {label: totals.get(label, 0.0) for label, _, _ in STAGES}
    result["warm_up_seconds"] = warm_up
    return result


def work_profile(pages: Sequence[Page]) -> dict[str, Any]:
    warm_up = _warm_up(pages)
    profiler = cProfile.Profile()
    profiler.enable()
    result = work_files(pages)
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    rows: dict[str, float] = {}
    for label, suffix, function in PROFILE_ROWS:
        rows[label] = sum(
            value[3]
            for (filename, _, name), value in stats.items()
            if name == function and filename.endswith(suffix)
        )
    result["stages"] = rows
    result["warm_up_seconds"] = warm_up
    return result


WORKERS: dict[str, Callable[[Sequence[Page]], dict[str, Any]]] = {
    "bare": work_bare,
    "files": work_files,
    "http": work_http,
    "timers": work_timers,
    "profile": work_profile,
}


def run_worker(mode: str, limit: int | None) -> dict[str, Any]:
    pages = load_trafilatura_eval()[:limit]
    result = WORKERS[mode](pages)
    result.update(mode=mode, pages=len(pages), peak_rss_mb=_maxrss_mb())
    return result


def spawn(mode: str, limit: int | None) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", mode]
    if limit is not None:
        command += ["--limit", str(limit)]
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=os.environ.copy())
    if done.returncode != 0:
        raise SystemExit(f"{mode} worker failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# -- report ------------------------------------------------------------------------------------


def report(results: dict[str, dict[str, Any]], breakdown: dict[str, dict[str, Any]]) -> dict[str, Any]:
    rows = []
    for mode, r in results.items():
        rows.append(
            [
                mode,
                r["pages"],
                r["ok"],
                f"{r['seconds']:.1f}",
                f"{r['pages'] / r['seconds']:.1f}",
                f"{r['peak_rss_mb']:.0f}",
                f"{r['rss_after_inputs_mb']:.0f}",
            ]
        )
    print("\n## Throughput (trafilatura-eval pages)\n")
    header = ["mode", "pages", "ok", "seconds", "pages/s", "peak RSS MB", "RSS before timing MB"]
    print(format_table(header, rows))
    summary: dict[str, Any] = {}
    bare = results.get("bare")
    for mode in ("files", "http"):
        if bare and mode in results:
            ratio = results[mode]["seconds"] / bare["seconds"]
            summary[f"{mode}_over_bare"] = ratio
            summary[f"{mode}_overhead_pct"] = (ratio - 1) * 100
            print(f"newsdesk {mode} / bare time: {ratio:.2f}×  (overhead {(ratio - 1) * 100:+.0f} %)")
    for mode, r in results.items():
        if r.get("failed"):
            print(f"{mode}: failed inputs by reason {r['failed']}")
    for kind, b in breakdown.items():
        total, pages = b["seconds"], b["pages"]
        print(
            f"\n## Where newsdesk's time goes ({kind}, files mode, {pages} pages: warm pass {total:.1f} s; "
            f"the cold first pass over the same pages took {b['warm_up_seconds']:.1f} s)\n"
        )
        rows = [
            [label, f"{seconds:.2f}", f"{100 * seconds / total:.0f} %", f"{1000 * seconds / pages:.1f}"]
            for label, seconds in b["stages"].items()
        ]
        print(format_table(["stage", "seconds", "share", "ms/page"], rows))
    return summary


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, help="only the first N pages (sorted by key)")
    parser.add_argument("--modes", default=",".join(MODES), help="comma-separated: bare,files,http")
    parser.add_argument(
        "--profile-pages", type=int, default=100, help="pages for the stage breakdown (0: none)"
    )
    parser.add_argument("--json", type=Path, help="save all figures to this file")
    parser.add_argument("--worker", choices=list(WORKERS), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if not (data_root() / "trafilatura-eval").is_dir():
        parser.error(f"benchmark data not found at {data_root()} (set NEWSDESK_BENCH_DATA)")
    if args.worker:
        print(json.dumps(run_worker(args.worker, args.limit)))
        return 0
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    unknown = set(modes) - set(MODES)
    if unknown:
        parser.error(f"unknown modes: {', '.join(sorted(unknown))}")
    results = {mode: spawn(mode, args.limit) for mode in modes}
    breakdown = {}
    if args.profile_pages:
        breakdown = {
            kind: spawn(worker, args.profile_pages)
            for kind, worker in (("timers", "timers"), ("cProfile", "profile"))
        }
    summary = report(results, breakdown)
    if args.json:
        payload = {"modes": results, "summary": summary, "breakdown": breakdown}
        args.json.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
