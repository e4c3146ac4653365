"""Web UI latency and throughput: newsdesk's pages against a bare FastAPI "hello" route, in one run.

    .venv/bin/python bench/web.py [--requests 300] [--clients 4] [--json FILE]

A temporary store gets the bundled example reports, their stories, one written (and verified)
article per story and one editor. Two servers run as separate processes under uvicorn on
127.0.0.1, one after the other: ``newsdesk serve`` on that store, and a bare FastAPI application
with one route that returns ``{"hello": "world"}`` (the floor any FastAPI app pays). A logged-in
httpx client (keep-alive) then measures, per route:

* latency: ``--requests`` sequential GETs after 20 warm-up requests; p50, p95 and mean in ms;
* throughput: ``--clients`` threads with one connection each, ``--requests`` GETs in total;
  requests per second.

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
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from newsdesk.config import Settings
from newsdesk.newsroom import Newsroom, demo_sources
from newsdesk.store import open_store
from newsdesk.web.passwords import hash_password

SECRET = "bench-secret-for-the-web-ui-0123456789"
PASSWORD = "bench-passwort-1"
HELLO = """
from fastapi import FastAPI
app = FastAPI()

@app.get("/")
def hello() -> dict[str, str]:
    return {"hello": "world"}
"""


def prepare(folder: Path) -> tuple[Path, list[int]]:
    """The store: examples ingested, clustered, every story written and verified; one editor."""
    db = folder / "bench.db"
    settings = Settings()
    with open_store(db) as store, demo_sources() as examples, Newsroom(settings, store) as room:
        room.ingest([str(examples)])
        stories = [record.id for record in store.list_stories()]
        written = room.write(stories)
        store.add_user("bench", hash_password(PASSWORD))
    articles = [w.record.id for w in written.written]
    return db, articles


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
        results[name] = {"path": path, **latency(client, path, requests)}
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
        db, articles = prepare(folder)
        port = free_port()
        command = [sys.executable, "-m", "newsdesk", "serve", "--db", str(db), "--port", str(port)]
        env = {"NEWSDESK_WEB_SECRET": SECRET, "NEWSDESK_PUBLISH_SITE_DIR": ""}
        with server(command, port, env) as base:
            article = max(articles)
            paths = {
                "stories page": "/stories",
                "article review page": f"/articles/{article}",
                "article JSON (API)": f"/api/articles/{article}",
                "story page": "/stories/1",
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
    result = {
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
        "requests": args.requests,
        "clients": args.clients,
        "routes": {**newsdesk, **hello},
    }
    print(f"{'route':24} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>8} {'p50 × bare':>11}")
    for name, row in result["routes"].items():
        ratio = row.get("p50_vs_bare", 1.0)
        print(
            f"{name:24} {row['p50_ms']:8.2f} {row['p95_ms']:8.2f} {row['requests_per_s']:8.1f} {ratio:11.1f}"
        )
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
