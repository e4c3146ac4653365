"""What an editor would strike in the extractive writer's articles, counted, with the verifier on.

    .venv/bin/python bench/article_quality.py [--json FILE] [--no-verify]

Corpora (all synthetic; every German story of each is written):

* ``examples``: the bundled demo reports (``src/newsdesk/data/examples``, three events);
* ``corpus``: the stories corpus (``tests/fixtures/stories/corpus.jsonl``, 20 events);
* ``newsroom``: the writer's newsroom stories (``tests/fixtures/write_real``, ten events written the
  way outlets write: several reports per event, captions, bylines, teasers and embeds in the
  markup, pronoun-heavy reporting, one conflicting number and one later correction each, ground
  truth in ``truth.toml``).

Per article (:func:`newsdesk.write.quality.measure`): unresolved references, people first named by
the surname, headlines copied from a source, headlines with a name or number the body lacks,
sub-headlines that are debris or repeat the headline, false agreements and citations judged
``contradicts``/``unrelated`` (by the verifier's per-citation judgements), verbatim share, words.
For the newsroom stories also: planted conflicts reported, corrections applied (the superseded
figure dropped with its reason). ``tests/test_write_quality.py`` and ``tests/test_write_verified.py``
gate the zeros.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
import tomllib
from dataclasses import asdict
from pathlib import Path
from typing import Any

from newsdesk.config import IngestSettings, StoriesSettings, WriteSettings
from newsdesk.ingest import Ingestor
from newsdesk.models import Article
from newsdesk.store import SQLiteStore, open_store
from newsdesk.stories import StoryBuilder
from newsdesk.write import create_writer
from newsdesk.write.extractive import ExtractiveWriter
from newsdesk.write.quality import measure

ROOT = Path(__file__).resolve().parent.parent
CORPORA = {
    "examples": ROOT / "src" / "newsdesk" / "data" / "examples",
    "corpus": ROOT / "tests" / "fixtures" / "stories" / "corpus.jsonl",
    "newsroom": ROOT / "tests" / "fixtures" / "write_real",
}
ZEROS = (
    "unresolved",
    "surname_first",
    "headline_copied",
    "headline_unsupported",
    "sub_debris",
    "sub_repeats",
    "false_agreement",
    "bad_citations",
)


def load(store: SQLiteStore, source: Path) -> None:
    with Ingestor(IngestSettings(), store) as ingestor:
        report = ingestor.ingest([str(source)])
    StoryBuilder(StoriesSettings(), store).add([item.id for item in report.items])


def _folded(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", text.lower()))


def truth_figures(store: SQLiteStore, articles: list[Article]) -> dict[str, Any]:
    """Planted conflicts reported and corrections applied, over the newsroom stories."""
    planted = reported = corrections = applied = 0
    misses: list[str] = []
    for path in sorted(CORPORA["newsroom"].glob("*/truth.toml")):
        truth = tomllib.loads(path.read_text("utf-8"))
        name = path.parent.name
        article = next(
            a
            for a in articles
            if any(
                f"/{name}/" in store.get_document(m.document_id).source
                for m in store.story_members(a.story_id)
            )
        )
        values = [{_folded(v.value) for v in c.values} for c in article.conflicts]
        for conflict in truth.get("conflict", []):
            planted += 1
            if any({_folded(v) for v in conflict["values"]} <= found for found in values):
                reported += 1
            else:
                misses.append(f"{name}: conflict {conflict['values']} not reported")
        for correction in truth.get("correction", []):
            corrections += 1
            old = _folded(correction["old"])
            if any(old in _folded(s.text) for s in article.dropped):
                applied += 1
            else:
                misses.append(f"{name}: correction {correction} not applied")
    return {
        "conflicts_planted": planted,
        "conflicts_reported": reported,
        "corrections_planted": corrections,
        "corrections_applied": applied,
        "misses": misses,
    }


def run(verify: bool) -> dict[str, Any]:
    verifier = None
    if verify:
        from newsdesk.verify import Verifier

        verifier = Verifier()
    result: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder:
        for name, source in CORPORA.items():
            with open_store(Path(folder) / f"{name}.db") as store:
                load(store, source)
                writer = create_writer(WriteSettings(), store, verifier=verifier)
                stories = [
                    r.id
                    for r in sorted(store.list_stories(), key=lambda r: r.id)
                    if any(m.language == "de" for m in store.story_members(r.id))
                ]
                started = time.process_time()
                articles = [writer.write(story) for story in stories]
                seconds = time.process_time() - started
                rows = []
                for article in articles:
                    figures = measure(
                        article, ExtractiveWriter(WriteSettings(), store).evidence(article.story_id)
                    )
                    rows.append(asdict(figures))
                entry: dict[str, Any] = {
                    "articles": len(rows),
                    "cpu_s_per_article": round(seconds / max(1, len(rows)), 2),
                    **{key: sum(r[key] for r in rows) for key in ZEROS},
                    "agreements_checked": sum(r["agreements_checked"] for r in rows),
                    "conflicts_in_articles": sum(len(a.conflicts) for a in articles),
                    "verbatim_share_mean": round(statistics.mean(r["verbatim_share"] for r in rows), 3),
                    "words_mean": round(statistics.mean(r["words"] for r in rows), 1),
                    "words_min": min(r["words"] for r in rows),
                    "words_max": max(r["words"] for r in rows),
                    "notes": [n for r in rows for n in r["notes"]],
                    "rows": [{k: v for k, v in r.items() if k != "notes"} for r in rows],
                }
                if name == "newsroom":
                    entry.update(truth_figures(store, articles))
                result[name] = entry
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path)
    parser.add_argument("--no-verify", action="store_true", help="write without the verifier")
    args = parser.parse_args()
    result = run(verify=not args.no_verify)
    text = json.dumps(result, ensure_ascii=False, indent=2)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    summary = {
        name: {k: v for k, v in entry.items() if k not in ("rows", "notes")} for name, entry in result.items()
    }
    sys.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2) + "\n")


if __name__ == "__main__":
    main()
