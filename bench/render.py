"""Rendering speed: every registered renderer on the demo articles, PDF against bare WeasyPrint, and
the static site export.

    .venv/bin/python bench/render.py [--runs 50] [--pdf-runs 10] [--json FILE]

Workload: the three articles ``newsdesk demo`` writes from the bundled example reports (ingested,
clustered and written with the verifier into a temporary store, then approved and published
there), 262–337 words, 15 sentences and 3–5 sources each — the size of a real news article.

* **Renderers.** Each registered format renders each article ``--runs`` times (PDF:
  ``--pdf-runs``) after one warm-up call per format (the first call loads Jinja2's templates or
  WeasyPrint; its time is reported separately as ``first_ms``). Wall time per article, p50/p95,
  and the output size. Options as for publication (``marks=False``, with the stored record).
* **PDF vs bare WeasyPrint.** The same HTML page (``render.pdf.print_page``, exactly what the PDF
  renderer prints) is given to ``weasyprint.HTML(string=...).write_pdf()`` directly; the two
  are timed alternately in one run, so machine noise hits both alike, and the ratio is reported.
  The difference is newsdesk's own part of a PDF: building the page from the templates. A third
  series prints the screen page (with the evidence pop-ups and list that print CSS hides), to
  show what leaving them out of the printed page saves.
* **Site.** ``export_site`` of the three published articles into an empty folder, then again
  into the same folder (idempotent: nothing is rewritten), each ``--site-runs`` times.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from newsdesk.config import load_settings
from newsdesk.newsroom import Newsroom, demo_sources
from newsdesk.render import RENDERERS, render
from newsdesk.render.base import RenderOptions
from newsdesk.render.html import page
from newsdesk.render.pdf import print_page, weasyprint
from newsdesk.render.site import export_site
from newsdesk.render.text import plain_text
from newsdesk.store import open_store
from newsdesk.store.articles import ArticleRecord


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def machine() -> str:
    model = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def peak_memory_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def published_demo(store: Any) -> list[ArticleRecord]:
    """The three demo articles written (with the verifier) into ``store``, approved and published."""
    settings = load_settings(environ={})
    with demo_sources() as folder, Newsroom(settings, store) as room:
        room.ingest([str(folder)])
        written = room.write(room.demo_stories())
        records = []
        for item in written.written:
            room.approve(item.record.id, actor="bench")
            records.append(room.publish(item.record.id, actor="bench"))
    return records


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def time_renderers(records: list[ArticleRecord], runs: int, pdf_runs: int) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for name in RENDERERS:
        options = {"marks": False, "settings": load_settings(environ={}).publish}
        start = time.perf_counter()
        render(records[0].article, name, record=records[0], **options)
        first = time.perf_counter() - start
        times, sizes = [], []
        for _ in range(pdf_runs if name == "pdf" else runs):
            for record in records:
                start = time.perf_counter()
                output = render(record.article, name, record=record, **options)
                times.append(time.perf_counter() - start)
                sizes.append(len(output.encode("utf-8") if isinstance(output, str) else output))
        result[name] = {
            "first_ms": ms(first),
            "p50_ms": ms(statistics.median(times)),
            "p95_ms": ms(percentile(times, 0.95)),
            "renders": len(times),
            "bytes_mean": round(statistics.mean(sizes)),
        }
    return result


def pdf_vs_weasyprint(records: list[ArticleRecord], runs: int) -> dict[str, Any]:
    module = weasyprint()
    ours: list[float] = []
    bare: list[float] = []
    screen: list[float] = []
    for run in range(runs):
        for record in records:
            options = RenderOptions(marks=False, record=record)
            html = print_page(record.article, options)
            # for comparison: the screen page, whose evidence pop-ups and list print CSS hides
            screen_html = page(record.article, options)

            def direct(html: str = html) -> None:
                module.HTML(string=html).write_pdf()

            def direct_screen(html: str = screen_html) -> None:
                module.HTML(string=html).write_pdf()

            def newsdesk(record: ArticleRecord = record) -> None:
                render(record.article, "pdf", marks=False, record=record)

            # rotate which goes first, so caches and noise favour none
            calls = [(bare, direct), (ours, newsdesk), (screen, direct_screen)]
            calls = calls[run % 3 :] + calls[: run % 3]
            for times, call in calls:
                start = time.perf_counter()
                call()
                times.append(time.perf_counter() - start)
    return {
        "newsdesk_p50_ms": ms(statistics.median(ours)),
        "weasyprint_p50_ms": ms(statistics.median(bare)),
        "ratio_p50": round(statistics.median(ours) / statistics.median(bare), 3),
        "weasyprint_screen_page_p50_ms": ms(statistics.median(screen)),
        "renders_each": len(ours),
    }


def time_site(store: Any, runs: int) -> dict[str, Any]:
    settings = load_settings(environ={}).publish
    fresh, again = [], []
    with tempfile.TemporaryDirectory() as folder:
        for run in range(runs):
            target = Path(folder) / f"site-{run}"
            start = time.perf_counter()
            report = export_site(store, target, settings)
            fresh.append(time.perf_counter() - start)
            start = time.perf_counter()
            second = export_site(store, target, settings)
            again.append(time.perf_counter() - start)
            assert second.written == []
    return {
        "first_export_p50_ms": ms(statistics.median(fresh)),
        "unchanged_export_p50_ms": ms(statistics.median(again)),
        "files": len(report.written),
        "runs": runs,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--pdf-runs", type=int, default=10)
    parser.add_argument("--site-runs", type=int, default=10)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    result: dict[str, Any] = {"machine": machine()}
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "demo.db") as store:
        records = published_demo(store)
        result["articles"] = [
            {"id": r.id, "headline": r.article.headline, "words": len(plain_text(r.article).split())}
            for r in records
        ]
        result["renderers"] = time_renderers(records, args.runs, args.pdf_runs)
        result["pdf_vs_weasyprint"] = pdf_vs_weasyprint(records, args.pdf_runs)
        result["site"] = time_site(store, args.site_runs)
    result["peak_memory_mb"] = round(peak_memory_mb())
    versions = {}
    for name in ("weasyprint", "jinja2", "pydyf"):
        module = sys.modules.get(name)
        versions[name] = getattr(module, "__version__", "?") if module else "not loaded"
    result["versions"] = versions
    text = json.dumps(result, ensure_ascii=False, indent=2)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
