"""Hostile input: peak memory and time of ingesting a gzip bomb, an oversized page and a page at
the size cap, for this tree and (optionally) a baseline revision, in one run.

Each measurement is one ``newsdesk ingest`` in a fresh process; its peak resident memory is the
kernel's high-water mark of that process (``VmHWM`` in ``/proc/self/status``, read just before it
exits). The bombs are made here, at run time, in a temporary folder (never committed):

* ``bomb-local``: a 1 GiB HTML page gzip-compressed to about 3.5 MB, ingested as a local
  ``.html.gz`` file;
* ``bomb-http``: the same file served by a local HTTP server with ``Content-Encoding: gzip``;
* ``oversized``: a 52 MB uncompressed HTML file;
* ``near-cap``: a 9.8 MB HTML page just under ``ingest.max_bytes`` (the largest input accepted).

``--baseline REV`` also runs the local bomb (made smaller with ``--baseline-mib``, 128 by default,
to spare a shared machine: the baseline inflates the whole bomb into memory) with ``src/`` of
revision REV, exported to a temporary folder with ``git archive``.

Command::

    .venv/bin/python bench/hostile.py --baseline 810f17d --json /tmp/hostile.json
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
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


def bomb(path: Path, expanded: int) -> Path:
    paragraph = b"<p>" + b"Die Donau steigt weiter. " * 40 + b"</p>\n"
    block = paragraph * ((1 << 20) // len(paragraph))
    with gzip.open(path, "wb", compresslevel=9) as out:
        out.write(b"<!DOCTYPE html><html lang='de'><head><title>Bombe</title></head><body><article>")
        written = 0
        while written < expanded:
            out.write(block)
            written += len(block)
    return path


def page(path: Path, size: int) -> Path:
    rng = random.Random(3)
    words = ["Donau", "Pegel", "Linz", "Passau", "Wien", "Feuerwehr", "Sandsäcke", "Bürgermeister"]
    words += ["Regen", "Damm", "Keller", "Brücke"]
    with path.open("w", encoding="utf-8") as out:
        out.write('<html lang="de"><head><title>Pegelstände</title></head><body><article>')
        written = 0
        while written < size:
            sentence = " ".join(rng.choice(words) for _ in range(12)).capitalize() + ". "
            paragraph = f"<p>{sentence * 3}</p>\n"
            out.write(paragraph)
            written += len(paragraph.encode())
        out.write("</article></body></html>")
    return path


def ingest(args: list[str], db: Path, src: Path | None = None) -> dict[str, Any]:
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", MEASURED, "ingest", *args, "--db", str(db), "--no-stories"],
        capture_output=True,
        text=True,
        env=env,
        timeout=3600,
    )
    seconds = time.perf_counter() - started
    peak = int(done.stderr.rsplit("peak_kb=", 1)[1].split()[0]) if "peak_kb=" in done.stderr else -1
    lines = [line for line in done.stderr.splitlines() if line.startswith(("failed:", "Traceback"))]
    return {
        "exit": done.returncode,
        "seconds": round(seconds, 2),
        "peak_mb": round(peak / 1024),
        "lines": lines,
    }


def serve(path: Path) -> tuple[ThreadingHTTPServer, str]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(path.stat().st_size))
            self.end_headers()
            try:
                with path.open("rb") as source:
                    while block := source.read(1 << 16):
                        self.wfile.write(block)
            except (BrokenPipeError, ConnectionResetError):
                pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/bombe.html"


def baseline_src(revision: str, folder: Path) -> Path:
    archive = folder / "base.tar"
    subprocess.run(["git", "archive", "-o", str(archive), revision, "src"], cwd=ROOT, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(folder / "base", filter="data")
    return folder / "base" / "src"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--baseline", help="a revision to compare with (its src/ is exported with git archive)"
    )
    parser.add_argument("--baseline-mib", type=int, default=128, help="bomb size for the baseline run")
    parser.add_argument("--json", type=Path, help="write the results here")
    options = parser.parse_args()
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-hostile-") as name:
        folder = Path(name)
        big = bomb(folder / "bombe.html.gz", 1 << 30)
        results["bomb_compressed_bytes"] = big.stat().st_size
        results["bomb-local"] = ingest([str(big)], folder / "a.db")
        server, url = serve(big)
        try:
            results["bomb-http"] = ingest(
                [url, "--allow-private", "--no-robots", "--delay", "0"], folder / "b.db"
            )
        finally:
            server.shutdown()
            server.server_close()
        results["oversized"] = ingest([str(page(folder / "riesig.html", 52_000_000))], folder / "c.db")
        results["near-cap"] = ingest([str(page(folder / "knapp.html", 9_800_000))], folder / "d.db")
        if options.baseline:
            small = bomb(folder / "klein.html.gz", options.baseline_mib << 20)
            src = baseline_src(options.baseline, folder)
            results[f"bomb-local-{options.baseline_mib}MiB"] = ingest([str(small)], folder / "e.db")
            results[f"baseline-bomb-local-{options.baseline_mib}MiB"] = ingest(
                [str(small)], folder / "f.db", src
            )
    text = json.dumps(results, indent=2, ensure_ascii=False)
    if options.json:
        options.json.write_text(text + "\n", encoding="utf-8")
    sys.stdout.write(text + "\n")


if __name__ == "__main__":
    main()
