"""Web UI latency and throughput: newsdesk's pages against a bare FastAPI "hello" route, in one run.

    .venv/bin/python bench/web.py [--requests 300] [--clients 4] [--json FILE]

A temporary store gets the bundled example reports, their stories, one written (and verified)
article per story and one editor. The articles are written with room for 30 sentences
(``write.max_sentences`` 30, ``write.max_words`` 1500); the longest (the Danube flood in Passau:
German and Austrian outlets, 29 sentences as written) is the review page's workload, each
sentence citing its passages with the verifier's per-citation judgements. The editor then works
on it through the newsroom service as a desk would, each change with a reason (tracked changes):
a number in one sentence changed to about twice its value (the sources contradict it, so the
sentence needs attention and blocks approval), one sentence struck and restored, the headline
edited, and sentences added (each citing a passage of the story that the text does not cite yet)
or struck until the text has exactly 30.

Two servers run as separate processes under uvicorn on 127.0.0.1, one after the other:
``newsdesk serve`` on that store, and a bare FastAPI application with one route that returns
``{"hello": "world"}`` (the floor any FastAPI app pays). A logged-in httpx client (keep-alive)
then measures, per route:

* latency: ``--requests`` sequential GETs after 20 warm-up requests; p50, p95 and mean in ms;
* throughput: ``--clients`` threads with one connection each, ``--requests`` GETs in total;
  requests per second;
* bytes: the size of the response body.

The review page of the 30-sentence article is measured twice: as it opens (the first sentence
that needs attention, its sources opened) and with the sentence whose opened sources make the
heaviest page (every sentence is opened once to find it). The issue's floors for that page are
< 200 KB and < 150 ms server time; the p50 round trip on 127.0.0.1 is an upper bound of the
server time (it includes the client's own work).

The client runs in this process and shares the machine's two cores with the server, so absolute
figures are lower than on a dedicated host; the ratio to the bare route in the same run is what
the benchmark is for.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx

from newsdesk.config import Settings
from newsdesk.models import Citation
from newsdesk.newsroom import Newsroom, demo_sources
from newsdesk.store import open_store
from newsdesk.web.passwords import hash_password

SENTENCES = 30
FLOOR_BYTES = 200_000
FLOOR_MS = 150.0
SECRET = "bench-secret-for-the-web-ui-0123456789"
PASSWORD = "bench-passwort-1"
HELLO = """
from fastapi import FastAPI
app = FastAPI()

@app.get("/")
def hello() -> dict[str, str]:
    return {"hello": "world"}
"""


def prepare(folder: Path) -> tuple[Path, list[int], int, dict[str, Any]]:
    """The store: examples ingested, clustered, every story written and verified; one editor; the
    30-sentence article worked on at the desk (see the module docstring), returned last."""
    db = folder / "bench.db"
    defaults = Settings()
    write = replace(defaults.write, max_sentences=SENTENCES, max_words=1500)
    settings = replace(defaults, write=write)
    with open_store(db) as store, demo_sources() as examples, Newsroom(settings, store) as room:
        room.ingest([str(examples)])
        stories = [record.id for record in store.list_stories()]
        written = room.write(stories)
        store.add_user("bench", hash_password(PASSWORD))
        longest = max(written.written, key=lambda w: len(w.record.article.sentences())).record
        desk_work(room, longest.id)
        worked = store.get_article(longest.id)
        sentences = worked.article.sentences()
        labels = Counter(s.verdict.label if s.verdict else "unverified" for s in sentences)
        summary = {
            "headline": worked.article.headline,
            "sentences": [s.id for s in sentences],
            "sources": [s.outlet for s in worked.article.sources],
            "citations": sum(len(s.citations) for s in sentences),
            "verdicts": dict(labels),
            "trail": [e.action for e in store.article_events(longest.id)],
        }
    if len(sentences) != SENTENCES:
        raise SystemExit(f"the longest article has {len(sentences)} sentences, not {SENTENCES}")
    articles = [w.record.id for w in written.written]
    return db, articles, longest.id, summary


def desk_work(room: Newsroom, article_id: int) -> None:
    """An editor's work on the article, through the service: a wrong number, strike and restore,
    a new headline, and sentences added (each citing a passage of the story that the text does
    not cite yet, in its own words) or struck until the text has ``SENTENCES`` sentences."""
    sentences = room.store.get_article(article_id).article.sentences()
    numbered = next(s for s in sentences[1:] if re.search(r"\d+", s.text))
    wrong = re.sub(r"\d+", lambda m: str(int(m[0]) * 2 + 1), numbered.text, count=1)
    room.edit_sentence(article_id, numbered.id, wrong, actor="bench", reason="Zahl laut Agentur")
    struck = sentences[-1].id
    room.strike_sentence(article_id, struck, actor="bench", reason="doppelt")
    room.restore_sentence(article_id, struck, actor="bench", reason="doch nicht doppelt")
    headline = room.store.get_article(article_id).article.headline
    room.edit_headline(article_id, headline + " – der Überblick", actor="bench", reason="Zeile")
    cited = {(c.source, c.passage) for s in sentences for c in s.citations}
    uncited = [
        (document.id or 0, passage)
        for document, passages in room.story_passages(article_id)
        if document.language == "de"
        for passage in passages
        if (document.id, passage.index) not in cited and len(passage.text.split()) >= 8
    ]
    while len(sentences) < SENTENCES and uncited:
        document_id, passage = uncited.pop(0)
        text = re.split(r"(?<=[.!?])\s+", passage.text)[0][:300]
        citation = Citation(document_id, passage.index)
        room.add_sentence(article_id, text, [citation], actor="bench", reason="fehlte")
        sentences = room.store.get_article(article_id).article.sentences()
    while len(sentences) > SENTENCES:
        room.strike_sentence(article_id, sentences[-1].id, actor="bench", reason="zu lang")
        sentences = room.store.get_article(article_id).article.sentences()


def heaviest_sentence(client: httpx.Client, article_id: int, ids: list[str]) -> tuple[str, int]:
    """The sentence whose opened sources make the largest review page, and that page's bytes."""
    sizes = {i: len(client.get(f"/articles/{article_id}?s={i}").raise_for_status().content) for i in ids}
    heaviest = max(sizes, key=lambda i: sizes[i])
    return heaviest, sizes[heaviest]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def server(command: list[str], port: int, env: dict[str, str] | None = None) -> Iterator[str]:
    """Start a server process, wait until it answers, stop it afterwards."""
    process = subprocess.Popen(
        command, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(base + "/openapi.json", timeout=1)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        process.stderr.read().decode() if process.stderr else "no output"
                    ) from None
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def login(base: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=30)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert token is not None
    response = client.post("/login", data={"name": "bench", "password": PASSWORD, "csrf_token": token[1]})
    assert response.status_code == 303, response.text
    return client


def latency(client: httpx.Client, path: str, requests: int) -> dict[str, float]:
    for _ in range(20):
        client.get(path).raise_for_status()
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        response.raise_for_status()
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 2),
        "mean_ms": round(statistics.fmean(times), 2),
    }


def throughput(clients: list[httpx.Client], path: str, requests: int) -> float:
    per_client = requests // len(clients)

    def run(client: httpx.Client) -> None:
        for _ in range(per_client):
            client.get(path).raise_for_status()

    threads = [threading.Thread(target=run, args=(c,)) for c in clients]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return round(per_client * len(clients) / (time.perf_counter() - start), 1)


def measure(make_client: Any, paths: dict[str, str], requests: int, clients: int) -> dict[str, Any]:
    results: dict[str, Any] = {}
    client = make_client()
    pool = [make_client() for _ in range(clients)]
    for name, path in paths.items():
        results[name] = {"path": path, "bytes": len(client.get(path).raise_for_status().content)}
        results[name].update(latency(client, path, requests))
        results[name]["requests_per_s"] = throughput(pool, path, requests)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db, articles, long_article, summary = prepare(folder)
        port = free_port()
        command = [sys.executable, "-m", "newsdesk", "serve", "--db", str(db), "--port", str(port)]
        env = {"NEWSDESK_WEB_SECRET": SECRET, "NEWSDESK_PUBLISH_SITE_DIR": ""}
        with server(command, port, env) as base:
            article = min(a for a in articles if a != long_article)
            heaviest, _ = heaviest_sentence(login(base), long_article, summary["sentences"])
            paths = {
                "stories page": "/stories",
                "article review page": f"/articles/{article}",
                "article JSON (API)": f"/api/articles/{article}",
                "story page": "/stories/1",
                "review, 30 sentences": f"/articles/{long_article}",
                "review, 30, heaviest": f"/articles/{long_article}?s={heaviest}",
            }
            newsdesk = measure(lambda: login(base), paths, args.requests, args.clients)
        (folder / "hello_app.py").write_text(HELLO, encoding="utf-8")
        port = free_port()
        command = [
            sys.executable,
            "-m",
            "uvicorn",
            "hello_app:app",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ]
        with server(command, port, {"PYTHONPATH": str(folder)}) as base:
            hello = measure(
                lambda: httpx.Client(base_url=base, timeout=30),
                {"bare FastAPI": "/"},
                args.requests,
                args.clients,
            )
    floor = hello["bare FastAPI"]
    for row in newsdesk.values():
        row["p50_vs_bare"] = round(row["p50_ms"] / floor["p50_ms"], 1)
        row["throughput_vs_bare"] = round(row["requests_per_s"] / floor["requests_per_s"], 3)
    review = [newsdesk["review, 30 sentences"], newsdesk["review, 30, heaviest"]]
    floors = {
        "bytes": {"floor": FLOOR_BYTES, "measured": max(r["bytes"] for r in review)},
        "p50_ms": {"floor": FLOOR_MS, "measured": max(r["p50_ms"] for r in review)},
    }
    for floor_row in floors.values():
        floor_row["met"] = floor_row["measured"] < floor_row["floor"]
    result = {
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
        "requests": args.requests,
        "clients": args.clients,
        "routes": {**newsdesk, **hello},
        "review_floors": floors,
        "long_article": {**summary, "heaviest_sentence": heaviest},
    }
    print(f"{'route':24} {'bytes':>8} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>8} {'p50 × bare':>11}")
    for name, row in result["routes"].items():
        ratio = row.get("p50_vs_bare", 1.0)
        print(
            f"{name:24} {row['bytes']:8d} {row['p50_ms']:8.2f} {row['p95_ms']:8.2f} "
            f"{row['requests_per_s']:8.1f} {ratio:11.1f}"
        )
    print(json.dumps(result["long_article"], ensure_ascii=False))
    for name, row in floors.items():
        print(f"30-sentence review page {name}: {row['measured']} (floor < {row['floor']}: {row['met']})")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
