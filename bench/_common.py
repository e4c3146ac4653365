"""Shared pieces of the ingest benchmarks: data location, corpus loading, runners and scoring.

Used by ``bench/extraction.py``, ``bench/throughput.py`` and ``tests/test_quality_extraction.py``
so the quality gate and the published figures are computed by the same code.

Scoring follows each benchmark's own evaluation script (re-implemented here, not copied):

* trafilatura evaluation set (``adbar/trafilatura`` ``tests/eval_common.py``): per page, each
  "with" snippet found in the output is a TP (else FN), each "without" snippet found is a FP
  (else TN); matching is substring matching after collapsing every whitespace run to one space
  (``re.sub(r"\\s+", " ", s).strip()``). A missing output (``None``: extraction failed) counts
  every "with" as FN and every "without" as TN. Totals are summed over all pages, then
  precision, recall, F1 and accuracy are computed once.
* scrapinghub article-extraction-benchmark (``evaluate.py``): texts are tokenised with ``\\w+``
  and compared as multisets of 4-token shingles; each page's (TP, FP, FN) is normalised to sum
  to 1; precision is the mean over pages with TP+FP > 0, recall the mean over pages with
  TP+FN > 0, F1 the harmonic mean of those two means; accuracy is the share of pages whose
  token sequence equals the ground truth's.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_ENV = "NEWSDESK_BENCH_DATA"
TRAFILATURA_DIR = "trafilatura-eval"
SCRAPINGHUB_DIR = "scrapinghub-article-extraction-benchmark"


def data_root() -> Path:
    """The bench-data folder: ``$NEWSDESK_BENCH_DATA`` or ``<repo root>/../shared/bench-data``."""
    value = os.environ.get(DATA_ENV)
    return Path(value).expanduser() if value else REPO_ROOT.parent / "shared" / "bench-data"


# -- corpora --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """One benchmark page: its gzip file, the URL to hand to trafilatura, and its gold data."""

    key: str
    path: Path
    url: str | None
    with_: tuple[str, ...] = ()
    without: tuple[str, ...] = ()
    truth: str = ""

    def html(self) -> bytes:
        return gzip.decompress(self.path.read_bytes())


def load_trafilatura_eval(root: Path | None = None) -> list[Page]:
    """The 990 annotated pages of the trafilatura evaluation set, sorted by key."""
    folder = (root or data_root()) / TRAFILATURA_DIR
    data: dict[str, dict[str, Any]] = json.loads((folder / "evaldata.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(data):
        item = data[key]
        url = key if key.startswith(("http://", "https://")) else None
        pages.append(
            Page(
                key,
                folder / "html" / f"{item['file']}.gz",
                url,
                with_=tuple(item["with"]),
                without=tuple(item["without"]),
            )
        )
    return pages


def load_scrapinghub(root: Path | None = None) -> list[Page]:
    """The 181 pages of the scrapinghub benchmark with their gold article bodies, sorted by id."""
    folder = (root or data_root()) / SCRAPINGHUB_DIR
    truth: dict[str, dict[str, str]] = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    return [
        Page(
            key,
            folder / "html" / f"{key}.html.gz",
            truth[key].get("url"),
            truth=truth[key].get("articleBody", ""),
        )
        for key in sorted(truth)
    ]


def load_scrapinghub_baselines(root: Path | None = None) -> dict[str, dict[str, str | None]]:
    """The benchmark's stored predictions ``{extractor: {id: articleBody}}`` (both file layouts)."""
    folder = (root or data_root()) / SCRAPINGHUB_DIR / "output"
    result: dict[str, dict[str, str | None]] = {}
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        items = data["output"] if isinstance(data.get("output"), dict) else data
        result[path.stem] = {key: value.get("articleBody") for key, value in items.items()}
    return result


def every_nth(pages: Sequence[Page], step: int, offset: int = 0) -> list[Page]:
    """A deterministic subset: pages ``offset, offset + step, …`` of the sorted list."""
    return list(pages[offset::step])


# -- runners --------------------------------------------------------------------------------

Outputs = dict[str, str | None]


def run_bare(pages: Iterable[Page], **options: Any) -> Outputs:
    """``trafilatura.extract(html, url=url, **options)`` per page (``None`` when it finds nothing)."""
    import trafilatura

    return {page.key: trafilatura.extract(page.html(), url=page.url, **options) for page in pages}


@dataclass
class NewsdeskRun:
    """What newsdesk's ingest path produced: the stored text per page, or ``None`` if it failed."""

    outputs: Outputs
    statuses: Counter[str] = field(default_factory=Counter)
    failures: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> (reason, message)
    foreign_text: list[str] = field(default_factory=list)  # pages answered with another page's text
    settings: dict[str, Any] = field(default_factory=dict)

    def failure_summary(self) -> dict[str, int]:
        return dict(Counter(reason for reason, _ in self.failures.values()).most_common())

    def failure_details(self) -> dict[str, int]:
        """Failures grouped by reason and message pattern (numbers folded to ``N``)."""
        return dict(
            Counter(
                f"{reason}: {_pattern(message)}" for reason, message in self.failures.values()
            ).most_common()
        )


def _pattern(message: str) -> str:
    return re.sub(r"\d+", "N", message.split(", not one of")[0])


def ingest_settings(overrides: Mapping[str, Any] | None = None) -> Any:
    """newsdesk's ingest settings: built-in defaults plus ``overrides`` (environment ignored)."""
    from newsdesk.config import load_settings

    return load_settings(environ={}, overrides={"ingest": dict(overrides or {})}).ingest


def run_newsdesk(
    pages: Sequence[Page], db_path: Path, overrides: Mapping[str, Any] | None = None
) -> NewsdeskRun:
    """Ingest ``pages`` (their ``.html.gz`` files) into a fresh store at ``db_path``; read the texts back."""
    from newsdesk.ingest import Ingestor
    from newsdesk.store import open_store

    settings = ingest_settings(overrides)
    by_source = {str(page.path.resolve()): page.key for page in pages}
    run = NewsdeskRun({page.key: None for page in pages}, settings=asdict(settings))
    with open_store(db_path) as store, Ingestor(settings, store) as ingestor:
        report = ingestor.ingest(list(by_source))
        for item in report.items:
            key = by_source[item.source]
            document = store.get_document(item.id)
            run.outputs[key] = document.text
            run.statuses[item.status] += 1
            if document.source != item.source:
                run.foreign_text.append(key)
        for failure in report.failures:
            run.failures[by_source.get(failure.source, failure.source)] = (failure.reason, failure.message)
    return run


# -- scoring: trafilatura evaluation set ---------------------------------------------------------


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def found(snippet: str, text: str | None) -> bool:
    """Whether ``snippet`` occurs in ``text`` (whitespace-normalised, as upstream scores)."""
    return text is not None and _norm(snippet) in _norm(text)


def snippet_counts(page: Page, output: str | None, *, raw: bool = False) -> tuple[int, int, int, int]:
    """(TP, FP, FN, TN) of one page; ``raw`` matches unnormalised substrings (older upstream)."""
    if output is None:
        return 0, 0, len(page.with_), len(page.without)
    prepare = (lambda s: s) if raw else _norm
    text = prepare(output)
    tp = sum(prepare(snippet) in text for snippet in page.with_)
    fp = sum(prepare(snippet) in text for snippet in page.without)
    return tp, fp, len(page.with_) - tp, len(page.without) - fp


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    accuracy: float
    pages: int
    counts: dict[str, int] = field(default_factory=dict)


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def score_snippets(pages: Sequence[Page], outputs: Mapping[str, str | None], *, raw: bool = False) -> Scores:
    """Snippet precision/recall/F1/accuracy over ``pages`` (totals summed over all pages)."""
    tp = fp = fn = tn = 0
    for page in pages:
        a, b, c, d = snippet_counts(page, outputs.get(page.key), raw=raw)
        tp, fp, fn, tn = tp + a, fp + b, fn + c, tn + d
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    total = tp + fp + fn + tn
    return Scores(
        precision,
        recall,
        _f1(precision, recall),
        (tp + tn) / total if total else 0.0,
        len(pages),
        {"tp": tp, "fp": fp, "fn": fn, "tn": tn},
    )


# -- scoring: scrapinghub ---------------------------------------------------------------------

_TOKEN = re.compile(r"\w+", re.UNICODE)
SHINGLE = 4


def _tokens(text: str | None) -> list[str]:
    return _TOKEN.findall(text or "")


def _shingles(text: str | None) -> Counter[tuple[str, ...]]:
    tokens = _tokens(text)
    return Counter(
        tuple(tokens[i : i + SHINGLE])
        for i in range(max(1, len(tokens) - SHINGLE + 1))
        if tokens[i : i + SHINGLE]
    )


def shingle_counts(truth: str, output: str | None) -> tuple[float, float, float]:
    """Normalised (TP, FP, FN) over 4-token shingle multisets of one page."""
    true, pred = _shingles(truth), _shingles(output)
    tp = float(sum((true & pred).values()))
    fp = float(sum((pred - true).values()))
    fn = float(sum((true - pred).values()))
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (tp, fp, fn)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def score_shingles(pages: Sequence[Page], outputs: Mapping[str, str | None]) -> Scores:
    """Per-page shingle P/R averaged over pages, F1 of the averages, exact-token accuracy."""
    counts = [shingle_counts(page.truth, outputs.get(page.key)) for page in pages]
    precisions = [_precision(*c) for c in counts if c[0] + c[1] > 0]
    recalls = [_recall(*c) for c in counts if c[0] + c[2] > 0]
    precision = statistics.mean(precisions) if precisions else 0.0
    recall = statistics.mean(recalls) if recalls else 0.0
    accuracy = statistics.mean(float(_tokens(page.truth) == _tokens(outputs.get(page.key))) for page in pages)
    return Scores(
        precision,
        recall,
        _f1(precision, recall),
        accuracy,
        len(pages),
        {"pages_in_precision": len(precisions), "pages_in_recall": len(recalls)},
    )


def score(
    dataset: str, pages: Sequence[Page], outputs: Mapping[str, str | None], *, raw: bool = False
) -> Scores:
    """The dataset's own metric: snippets for ``trafilatura``, shingles for ``scrapinghub``."""
    if dataset == "trafilatura":
        return score_snippets(pages, outputs, raw=raw)
    return score_shingles(pages, outputs)


# -- the CI quality gate (tests/test_quality_extraction.py) -----------------------------------------

LOADERS = {"trafilatura": load_trafilatura_eval, "scrapinghub": load_scrapinghub}
GATE_STEP = {"trafilatura": 8, "scrapinghub": 4}  # every 8th / 4th page of the sorted keys


def gate_pages(dataset: str, root: Path | None = None) -> list[Page]:
    """The gate's deterministic subset of ``dataset`` (124 and 46 pages)."""
    return every_nth(LOADERS[dataset](root), GATE_STEP[dataset])


def gate_scores(
    dataset: str, pages: Sequence[Page], workdir: Path, neutral: Mapping[str, Any]
) -> dict[str, Scores]:
    """Bare trafilatura (defaults, and without comments) and newsdesk (defaults, and ``neutral``
    settings that switch its language/length policy off) on the same pages."""
    outputs = {
        "bare": run_bare(pages),
        "bare_no_comments": run_bare(pages, include_comments=False),
        "newsdesk_defaults": run_newsdesk(pages, workdir / f"{dataset}-defaults.db").outputs,
        "newsdesk_policy_neutral": run_newsdesk(pages, workdir / f"{dataset}-neutral.db", neutral).outputs,
    }
    return {name: score(dataset, pages, texts) for name, texts in outputs.items()}


# -- output --------------------------------------------------------------------------------


def format_table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A plain-text (Markdown-compatible) table; floats with three decimals."""
    cells = [[f"{v:.3f}" if isinstance(v, float) else str(v) for v in row] for row in rows]
    widths = [max(len(str(h)), *(len(r[i]) for r in cells)) for i, h in enumerate(header)]
    line = "| " + " | ".join(str(h).ljust(w) for h, w in zip(header, widths, strict=True)) + " |"
    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    body = ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in cells]
    return "\n".join([line, rule, *body])
