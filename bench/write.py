"""Writer speed and article figures: a 10-source story, plus every story of the bundled corpora.

    .venv/bin/python bench/write.py [--runs 20] [--json FILE]

Speed, without and with the verifier (see :func:`measure`). The stories corpus
(``tests/fixtures/stories/corpus.jsonl``, synthetic) is ingested and
clustered into a temporary store; its largest event (E01, the envoy's Moscow trip: 7 reports)
and the same envoy's next trip (N01: 3 reports) are put into one story, which gives a story of 10
reports in German and English about one subject. Clustering keeps them apart, correctly; they are
joined here only to have a 10-source workload. That story is written ``--runs`` times with the
extractive writer after one warm-up write (which loads HanTa and the data files): CPU time per
write (``time.process_time``) p50/p95, and the process's peak memory (``VmHWM``). The extractive
writer needs no embeddings (centrality is lexical within a language and anchor-based across
languages), so there is no embedding cost to cache. Speed and memory are measured in a separate
process that only opens the store and writes, so the peak is the writer's own, not the
ingest's or the embedding model's.

Article figures, over every story with a German report in the bundled examples and the stories
corpus: words per article (body), sentences, sources cited, share of sentences that at least one
other independent outlet corroborates, and how many sentences carry an attribution frame.
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

from newsdesk.config import IngestSettings, StoriesSettings, WriteSettings
from newsdesk.ingest import Ingestor
from newsdesk.models import Article
from newsdesk.store import SQLiteStore, open_store
from newsdesk.stories import StoryBuilder
from newsdesk.write import create_writer

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "stories" / "corpus.jsonl"
EXAMPLES = ROOT / "src" / "newsdesk" / "data" / "examples"
TEN = ("E01-envoy-moscow-feb", "N01-envoy-moscow-mar")


def load(store: SQLiteStore, source: Path) -> None:
    with Ingestor(IngestSettings(), store) as ingestor:
        report = ingestor.ingest([str(source)])
    StoryBuilder(StoriesSettings(), store).add([item.id for item in report.items])


def ten_source_story(store: SQLiteStore) -> int:
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    urls = [row["url"] for row in rows if row.get("event") in TEN]
    ids = [store.find_document(url=url) for url in urls]
    documents = [d for d in ids if d is not None]
    assert len(documents) == 10, documents
    target = store.story_of(documents[0])
    db = store._db  # bench only: join the two stories in place
    db.execute(
        f"UPDATE story_documents SET story_id = ? WHERE document_id IN ({','.join('?' * len(documents))})",
        (target, *documents),
    )
    return int(target or 0)


def peak_memory_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def machine() -> str:
    model = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def figures(article: Article) -> dict[str, Any]:
    sentences = [s for sec in article.sections for p in sec.paragraphs for s in p.sentences]
    cited = {c.source for s in sentences for c in s.citations}
    return {
        "story": article.story_id,
        "headline": article.headline,
        "words": sum(len(s.text.split()) for s in sentences),
        "sentences": len(sentences),
        "sections": len(article.sections),
        "sources_listed": len(article.sources),
        "sources_cited": len(cited),
        "corroborated": sum(len({c.source for c in s.citations}) > 1 for s in sentences)
        / max(1, len(sentences)),
        "attributed": sum(s.text != s.citations[0].quote for s in sentences) / max(1, len(sentences)),
    }


def measure(db: Path, story: int, runs: int) -> dict[str, Any]:
    """CPU per write of one story, without and with the verifier.

    Without: first write separately (it loads HanTa and the data files), then ``runs`` writes.
    With the verifier, models loaded (the embedding model is loaded by a warm-up write of another
    story): ``cold`` writes use a fresh verifier each (its vector cache empty, so every sentence and
    cited passage is embedded), ``warm`` writes reuse one verifier whose cache already holds the
    story's texts (as in watch mode, where the newsroom keeps its verifier and rewrites a story when
    a report arrives)."""
    from newsdesk.stories.embed import Embedder
    from newsdesk.verify import Verifier

    with open_store(db) as store:
        writer = create_writer(WriteSettings(), store)
        start = time.process_time()
        writer.write(story)
        first = time.process_time() - start
        times = []
        for _ in range(runs):
            start = time.process_time()
            writer.write(story)
            times.append(time.process_time() - start)
        embedder = Embedder()
        others = [r.id for r in store.list_stories() if r.id != story]
        create_writer(WriteSettings(), store, verifier=Verifier(embedder=embedder)).write(others[0])
        cold, warm = [], []
        verified = max(3, runs // 4)
        for _ in range(verified):
            verifying = create_writer(WriteSettings(), store, verifier=Verifier(embedder=embedder))
            start = time.process_time()
            verifying.write(story)
            cold.append(time.process_time() - start)
            start = time.process_time()
            verifying.write(story)
            warm.append(time.process_time() - start)
    return {
        "first_write_cpu_s": first,
        "cpu_p50_s": statistics.median(times),
        "cpu_p95_s": percentile(times, 0.95),
        "runs": runs,
        "verified_runs": verified,
        "verified_cold_cpu_p50_s": statistics.median(cold),
        "verified_warm_cpu_p50_s": statistics.median(warm),
        "peak_memory_mb": peak_memory_mb(),
    }


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--measure", nargs=3, metavar=("DB", "STORY", "RUNS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(Path(args.measure[0]), int(args.measure[1]), int(args.measure[2]))))
        return
    settings = WriteSettings()
    result: dict[str, Any] = {"machine": machine()}
    with tempfile.TemporaryDirectory() as folder:
        with open_store(Path(folder) / "corpus.db") as store:
            load(store, CORPUS)
            story = ten_source_story(store)
            writer = create_writer(settings, store)
            article = writer.write(story)
        # Speed and memory in a fresh process that only writes (no ingest, no embedding model).
        measured = subprocess.run(
            [
                sys.executable,
                __file__,
                "--measure",
                str(Path(folder) / "corpus.db"),
                str(story),
                str(args.runs),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        result["ten_source"] = {**json.loads(measured.stdout), **figures(article)}
        with open_store(Path(folder) / "corpus.db") as store:
            writer = create_writer(settings, store)
            corpus_articles = [
                writer.write(r.id)
                for r in store.list_stories()
                if any(m.language == "de" for m in store.story_members(r.id)) and r.id != story
            ]
        with open_store(Path(folder) / "examples.db") as store:
            load(store, EXAMPLES)
            writer = create_writer(settings, store)
            example_articles = [writer.write(r.id) for r in sorted(store.list_stories(), key=lambda r: r.id)]
    result["bench_process_peak_memory_mb"] = peak_memory_mb()
    for name, written in (("examples", example_articles), ("corpus", corpus_articles)):
        rows = [figures(a) for a in written]
        result[name] = {
            "articles": len(rows),
            "words_mean": statistics.mean(r["words"] for r in rows),
            "words_min": min(r["words"] for r in rows),
            "words_max": max(r["words"] for r in rows),
            "sentences_mean": statistics.mean(r["sentences"] for r in rows),
            "sources_cited_mean": statistics.mean(r["sources_cited"] for r in rows),
            "sources_listed_mean": statistics.mean(r["sources_listed"] for r in rows),
            "corroborated_share": statistics.mean(r["corroborated"] for r in rows),
            "attributed_share": statistics.mean(r["attributed"] for r in rows),
            "rows": rows,
        }
    text = json.dumps(result, ensure_ascii=False, indent=2)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
