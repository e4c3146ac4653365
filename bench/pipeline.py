"""Whole-pipeline throughput under ``newsdesk watch``: feed items per minute to verified article.

A synthetic news site (``tests/newsroom_site.py``) is served on 127.0.0.1 with three feeds; its
events are the invented events of ``tests/fixtures/newsroom/events.toml``, multiplied: copy ``k``
of an event moves to another town, other people and other numbers, four days after copy ``k-1``
(beyond the clustering window), so every copy is a story of its own and no copy is a
near-duplicate of another. Then:

1. **Workers** (PostgreSQL): a fresh database, ``newsdesk watch --workers N`` (N = 1, 2) as a
   subprocess, timed from start until every item is stored, every story's current state written
   and no work is queued. Items per minute = items / that time (worker start-up, i.e. loading
   the models, included). Time per task comes from Procrastinate's job events.
2. **Stages** (one process, SQLite, the same newsroom steps): where the time goes — fetch,
   extract (with language ID, segmentation, dedup and storing), embed (for clustering and for
   the verifier), cluster, write, verify — by wrapping the functions that do each and counting
   each stage's own time (without the wrapped stages it calls).

Usage: ``python bench/pipeline.py [--copies 6] [--db-url postgresql://…]`` (without ``--db-url``
a throw-away PostgreSQL server is started as in the tests). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the synthetic site and the throw-away server of the tests

from newsdesk.config import IngestSettings, Settings, StoreSettings, WatchSettings  # noqa: E402
from newsdesk.models import utc_now  # noqa: E402
from newsdesk.store import PostgresStore, open_store  # noqa: E402
from newsroom_site import OUTLETS, WATCH_CONFIG, NewsroomSite, load_events, reports, serve  # noqa: E402
from pg import start_server  # noqa: E402

TOWNS = [
    "Kelheim",
    "Deggendorf",
    "Vilshofen",
    "Dingolfing",
    "Eggenfelden",
    "Pfarrkirchen",
    "Mühldorf",
    "Burghausen",
    "Cham",
    "Regen",
    "Zwiesel",
    "Bogen",
    "Plattling",
    "Osterhofen",
    "Tittling",
]
NAMES = [
    "Anna Brandl",
    "Jonas Weigl",
    "Petra Auer",
    "Martin Stadler",
    "Eva Kronawitter",
    "Lukas Hainz",
    "Sophie Egger",
    "Florian Rieger",
    "Julia Moosbauer",
    "Stefan Wimmer",
    "Lena Dirnberger",
]
REPLACE = {  # per template event: its town names and people, replaced in every copy
    "faehre-straubing": ["Straubing", "Sand", "Renate Kellermann"],
    "kliniken-rosenheim": ["Rosenheim", "Tobias Reiter", "Sabine Wallner"],
    "bibliothek-landshut": ["Landshut", "Carla Huber"],
}


def copies(count: int) -> list[dict[str, Any]]:
    """``count`` copies of every template event, each a distinct event (see the module docstring)."""
    events = []
    serial = 0
    for k in range(count):
        for event in load_events():
            serial += 1
            names = REPLACE[event["slug"]]
            swap = {names[0]: TOWNS[serial % len(TOWNS)] + ("" if serial < len(TOWNS) else f"-{serial}")}
            for i, name in enumerate(names[1:]):
                swap[name] = NAMES[(serial * 3 + i) % len(NAMES)] + ("" if k == 0 else f" {chr(65 + k)}.")

            def change(text: str, swap: dict[str, str] = swap, k: int = k) -> str:
                for old, new in swap.items():
                    text = text.replace(old, new)
                return re.sub(
                    r"\d+", lambda m: str(int(m.group()) + 3 * k) if len(m.group()) < 4 else m.group(), text
                )

            day = time.strftime(
                "%Y-%m-%d", time.gmtime(time.mktime(time.strptime(event["day"], "%Y-%m-%d")) + k * 4 * 86400)
            )
            events.append(
                {
                    "slug": f"{event['slug']}-{k}",
                    "day": day,
                    "report": [
                        {**r, "title": change(r["title"]), "sentences": [change(s) for s in r["sentences"]]}
                        for r in event["report"]
                    ],
                }
            )
    return events


@contextmanager
def site_with(count: int) -> Iterator[NewsroomSite]:
    site = NewsroomSite()
    site.publish(*reports(copies(count)))
    httpd = serve(site)
    try:
        yield site
    finally:
        httpd.shutdown()
        httpd.server_close()


# -- 1. workers on PostgreSQL -------------------------------------------------------------------


def settled(store: PostgresStore, items: int) -> bool:
    row = store._db.execute(
        "SELECT (SELECT COUNT(*) FROM documents), "
        "(SELECT COUNT(*) FROM procrastinate_jobs WHERE status IN ('todo', 'doing') "
        " AND task_name NOT IN ('newsdesk.tick', 'newsdesk.retry_stalled')), "
        "(SELECT COUNT(*) FROM stories s WHERE NOT EXISTS (SELECT 1 FROM story_writes w "
        " WHERE w.story_id = s.id AND w.members = s.size) AND s.size >= 2)"
    ).fetchone()
    return int(row[0]) == items and int(row[1]) == 0 and int(row[2]) == 0


def run_workers(url: str, count: int, workers: int, folder: Path) -> dict[str, Any]:
    with site_with(count) as site:
        items = len(site.published)
        with open_store(url) as store:
            for outlet in OUTLETS:
                store.add_feed(site.feed_url(outlet), title=outlet, interval_minutes=30, added_at=utc_now())
        config = folder / "newsdesk.toml"
        config.write_text(WATCH_CONFIG.replace("[watch]", "[watch]\nworkers = 1"), encoding="utf-8")
        env = {**os.environ, "NEWSDESK_DB": url}
        log = (folder / f"watch-{workers}.log").open("w")
        started = time.monotonic()
        process = subprocess.Popen(
            [sys.executable, "-m", "newsdesk", "watch", "--workers", str(workers), "--config", str(config)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        with PostgresStore(url) as store:
            while time.monotonic() - started < 1800:
                if process.poll() is not None:
                    raise SystemExit(f"watch exited early, see {log.name}")
                try:
                    if settled(store, items):
                        break
                except Exception:  # the queue's tables are created by the watcher at start
                    store.reconnect()
                time.sleep(0.5)
            elapsed = time.monotonic() - started
            tasks = dict(
                (name, (float(total), int(jobs)))
                for name, total, jobs in store._db.execute(
                    "SELECT j.task_name, SUM(EXTRACT(EPOCH FROM f.at - s.at)), COUNT(*) "
                    "FROM procrastinate_jobs j "
                    "JOIN procrastinate_events s ON s.job_id = j.id AND s.type = 'started' "
                    "JOIN procrastinate_events f ON f.job_id = j.id AND f.type = 'succeeded' GROUP BY 1"
                )
            )
            articles = int(store._db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
            stories = int(store._db.execute("SELECT COUNT(*) FROM stories").fetchone()[0])
        process.terminate()
        process.wait(timeout=120)
        log.close()
    return {
        "workers": workers,
        "items": items,
        "seconds": elapsed,
        "articles": articles,
        "stories": stories,
        "tasks": tasks,
    }


# -- 2. stages in one process --------------------------------------------------------------------

STAGES: list[tuple[str, str, str]] = [
    ("fetch", "newsdesk.ingest.fetch", "Fetcher.get"),
    ("extract", "newsdesk.ingest.pipeline", "Ingestor._store"),
    ("embed", "newsdesk.stories.embed", "Embedder.embed"),
    ("cluster", "newsdesk.stories.cluster", "StoryBuilder.add"),
    ("write", "newsdesk.write.extractive", "ExtractiveWriter.write"),
    ("verify", "newsdesk.verify.verifier", "Verifier.verify_article"),
]


def run_stages(count: int, folder: Path) -> tuple[dict[str, float], float, int]:
    import importlib

    from newsdesk.newsroom import Newsroom
    from newsdesk.watch.local import run_pass

    spent: dict[str, float] = defaultdict(float)
    stack: list[list[float]] = []  # [time spent in nested stages] per active wrapped call
    for stage, module_name, path in STAGES:
        owner_name, attr = path.split(".")
        owner = getattr(importlib.import_module(module_name), owner_name)
        original = getattr(owner, attr)

        def timed(
            *args: Any, _original: Callable[..., Any] = original, _stage: str = stage, **kw: Any
        ) -> Any:
            # exclusive time: a stage's own time, without the wrapped stages it calls
            stack.append([0.0])
            started = time.perf_counter()
            try:
                return _original(*args, **kw)
            finally:
                elapsed = time.perf_counter() - started
                nested = stack.pop()[0]
                spent[_stage] += elapsed - nested
                if stack:
                    stack[-1][0] += elapsed

        setattr(owner, attr, timed)
    ingest = IngestSettings(allow_private=True, respect_robots=False, per_host_delay=0.0, retries=0)
    with site_with(count) as site, open_store(folder / "stages.db") as store:
        for outlet in OUTLETS:
            store.add_feed(site.feed_url(outlet), title=outlet, interval_minutes=30, added_at=utc_now())
        settings = Settings(
            store=StoreSettings(db=str(folder / "stages.db")),
            ingest=ingest,
            watch=replace(WatchSettings(), min_outlets=2),
        )
        newsroom = Newsroom(settings, store)
        warm = time.perf_counter()
        newsroom.engines.embedder.embed(["Aufwärmen: das Modell wird einmal geladen."])
        spent["model load"] = time.perf_counter() - warm
        started = time.perf_counter()
        spent["embed"] = 0.0
        run_pass(newsroom, threading.Event())
        total = time.perf_counter() - started
        newsroom.close()
        items = len(site.published)
    return dict(spent), total, items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=6, help="copies of each template event")
    parser.add_argument("--db-url", help="an existing PostgreSQL server's URL (CREATEDB rights)")
    parser.add_argument(
        "--workers", default="1,2", help="worker counts to run, comma-separated ('' for none)"
    )
    args = parser.parse_args()
    folder = Path(os.environ.get("TMPDIR", "/tmp")) / f"newsdesk-bench-{os.getpid()}"
    folder.mkdir(parents=True, exist_ok=True)
    server = start_server() if not args.db_url and args.workers.strip() else None
    results = []
    try:
        for workers in [int(n) for n in args.workers.split(",") if n.strip()]:
            if server is not None:
                url = server.create_database()
            else:
                import psycopg

                name = f"newsdesk_bench_{os.getpid()}_{workers}"
                with psycopg.connect(args.db_url, autocommit=True) as conn:
                    conn.execute(f'CREATE DATABASE "{name}"')
                url = args.db_url.rsplit("/", 1)[0] + "/" + name
            results.append(run_workers(url, args.copies, workers, folder))
            print(
                f"{workers} worker(s): {results[-1]['items']} items in {results[-1]['seconds']:.1f} s",
                file=sys.stderr,
            )
        stages, total, items = run_stages(args.copies, folder)
    finally:
        if server is not None:
            server.stop()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print()
    print("| workers | items | stories | articles | time to last verified article | items per minute |")
    print("|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['workers']} | {r['items']} | {r['stories']} | {r['articles']} | {r['seconds']:.1f} s | "
            f"{r['items'] / r['seconds'] * 60:.1f} |"
        )
    print()
    print(
        "| task (Procrastinate jobs) | "
        + " | ".join(f"{r['workers']} worker(s): jobs, total s" for r in results)
        + " |"
    )
    print("|---|" + "---|" * len(results))
    for name in sorted({n for r in results for n in r["tasks"]}):
        cells = []
        for r in results:
            seconds, jobs = r["tasks"].get(name, (0.0, 0))
            cells.append(f"{jobs}, {seconds:.1f}")
        print(f"| {name} | " + " | ".join(cells) + " |")
    print()
    print(
        f"one process (SQLite), one pass over {items} items: {total:.1f} s "
        f"(after loading the embedding model: {stages.pop('model load'):.1f} s)"
    )
    print()
    print("| stage | seconds | share | per item |")
    print("|---|---|---|---|")
    for stage, _, _ in STAGES:
        seconds = stages[stage]
        print(f"| {stage} | {seconds:.2f} | {seconds / total:.0%} | {seconds / items * 1000:.0f} ms |")
    rest = total - sum(stages.values())
    share = f"{rest / total:.0%}"
    print(f"| other (store, feeds, scheduling) | {rest:.2f} | {share} | {rest / items * 1e3:.0f} ms |")


if __name__ == "__main__":
    main()
