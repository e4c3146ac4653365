"""Metadata accuracy and speed: trafilatura's metadata vs newsdesk's structured-first path.

Usage::

    .venv/bin/python bench/metadata.py [--limit N] [--json FILE] [--show N]

On the trafilatura evaluation set (990 pages; gold ``title``, ``author``, ``date`` and
``sitename``), same pages, same run:

* ``trafilatura`` – ``trafilatura.bare_extraction(tree, url=url, with_metadata=True,
  include_comments=False)`` on ``trafilatura.load_html(html)``: what newsdesk's ingest called
  before the structured-first path;
* ``newsdesk`` – ``newsdesk.ingest.extract.extract_html(html, url=url)``: the same call with
  ``with_metadata=False`` for the text, the metadata from
  :func:`newsdesk.ingest.metadata.read_metadata`, and trafilatura's heuristics / htmldate
  (:func:`~newsdesk.ingest.metadata.complete_metadata`) only for what a page leaves open.

Scoring, per field, on the pages whose gold entry has the field. Upstream's own metadata
checks (``tests/eval_authors.py``, the date comparisons) use exact equality; here:

* title, site name: equal after whitespace normalisation and case-folding;
* author: equal sets of case-folded word tokens (connectives such as "und"/"and" ignored; a gold
  list is the union of its names); upstream's exact string match is printed beside it;
* date: the same ``YYYY-MM-DD`` (the first ten characters of newsdesk's ISO date-time);
* an empty gold value ("the page has none") is matched only by an empty answer.

``accuracy`` counts all annotated pages, ``non-empty`` only those with a gold value (upstream's
author convention). Both must stay within 0.5 points of trafilatura (exit status 1 otherwise).

Timing: a first pass over all pages produces the answers and pays the one-time loads; a second
pass times, page by page and in rotating order, the two systems above plus two references:
``text only`` (``load_html`` + ``bare_extraction(with_metadata=False)``: newsdesk's text without
any metadata) and ``trafilatura.extract`` (``extract(html, url=url, include_comments=False)``,
the project's overhead baseline). Times are also split by whether the page declares its title,
author and one publication day (then ``complete_metadata`` runs no byline or date search).
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _common import Page, data_root, format_table, load_trafilatura_eval

FIELDS = ("title", "author", "date", "sitename")
SYSTEMS = ("trafilatura", "newsdesk")
REFERENCES = ("text only", "trafilatura.extract")
CONNECTIVES = frozenset({"and", "und", "et", "y", "e", "by", "von", "&"})
TOLERANCE = 0.005  # the new path may trail trafilatura by at most 0.5 percentage points per field

Answer = dict[str, str | None]


# -- the systems -------------------------------------------------------------------------------------


def run_trafilatura(html: bytes, url: str | None) -> Answer:
    import trafilatura

    tree = trafilatura.load_html(html)
    result: Any = trafilatura.bare_extraction(tree, url=url, with_metadata=True, include_comments=False)
    if result is None:
        return dict.fromkeys(FIELDS)
    return {"title": result.title, "author": result.author, "date": result.date, "sitename": result.sitename}


def run_newsdesk(html: bytes, url: str | None) -> Answer:
    from newsdesk.errors import ExtractionError
    from newsdesk.ingest.extract import extract_html

    try:
        page = extract_html(html, url=url)
    except ExtractionError:
        return dict.fromkeys(FIELDS)
    return {"title": page.title, "author": page.author, "date": page.published, "sitename": page.site_name}


def run_text_only(html: bytes, url: str | None) -> Any:
    import trafilatura

    return trafilatura.bare_extraction(
        trafilatura.load_html(html), url=url, with_metadata=False, include_comments=False
    )


def run_extract(html: bytes, url: str | None) -> Any:
    import trafilatura

    return trafilatura.extract(html, url=url, include_comments=False)


RUNNERS: dict[str, Callable[[bytes, str | None], Any]] = {
    "trafilatura": run_trafilatura,
    "newsdesk": run_newsdesk,
    "text only": run_text_only,
    "trafilatura.extract": run_extract,
}


def declares_everything(html: bytes, url: str | None) -> bool:
    """Whether the page declares a title, an author and one publication day."""
    import trafilatura

    from newsdesk.ingest.metadata import read_metadata

    found = read_metadata(trafilatura.load_html(html), url)
    return bool(found.title and found.author and found.published)


# -- scoring ------------------------------------------------------------------------------------------


def _plain(value: str | None) -> str:
    return re.sub(r"\s+", " ", value or "").strip().casefold()


def _author_tokens(value: Any) -> frozenset[str]:
    names = value if isinstance(value, list) else [value]
    return frozenset(t for name in names for t in re.findall(r"\w+", _plain(name)) if t not in CONNECTIVES)


def matches(name: str, gold: Any, answer: str | None) -> bool:
    """Whether ``answer`` is right for gold field ``name`` (see the module docstring)."""
    if not gold:
        return not _plain(answer)
    if name == "author":
        return _author_tokens(gold) == _author_tokens(answer)
    if name == "date":
        return (answer or "")[:10] == str(gold).strip()
    return _plain(gold) == _plain(answer)


def exact(gold: Any, answer: str | None) -> bool:
    """Upstream's author check: the answer string equals the gold string."""
    return bool(gold) and isinstance(gold, str) and answer == gold


@dataclass
class FieldScore:
    pages: int = 0
    correct: int = 0
    nonempty: int = 0
    nonempty_correct: int = 0
    exact_correct: int = 0

    def add(self, gold: Any, ok: bool, exact_ok: bool) -> None:
        self.pages += 1
        self.correct += ok
        if gold:
            self.nonempty += 1
            self.nonempty_correct += ok
            self.exact_correct += exact_ok

    @property
    def accuracy(self) -> float:
        return self.correct / self.pages if self.pages else 0.0

    @property
    def nonempty_accuracy(self) -> float:
        return self.nonempty_correct / self.nonempty if self.nonempty else 0.0

    @property
    def exact_accuracy(self) -> float:
        return self.exact_correct / self.nonempty if self.nonempty else 0.0


@dataclass
class Result:
    pages: int = 0
    scores: dict[str, dict[str, FieldScore]] = field(default_factory=dict)
    seconds: dict[str, dict[str, float]] = field(default_factory=dict)  # subset -> runner -> seconds
    subset_pages: dict[str, int] = field(default_factory=dict)
    differences: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def evaluate(pages: Sequence[Page], gold: dict[str, dict[str, Any]], show: int) -> Result:
    htmls = [(page, page.html()) for page in pages]
    answers: dict[str, dict[str, Answer]] = {system: {} for system in SYSTEMS}
    subsets: dict[str, str] = {}
    for page, html in htmls:  # first pass: outputs, and the one-time loads
        for system in SYSTEMS:
            answers[system][page.key] = RUNNERS[system](html, page.url)
        run_text_only(html, page.url)
        run_extract(html, page.url)
        subsets[page.key] = "declares all" if declares_everything(html, page.url) else "leaves some open"

    result = Result(pages=len(pages))
    names = list(RUNNERS)
    result.seconds = {subset: dict.fromkeys(names, 0.0) for subset in ("all", *sorted(set(subsets.values())))}
    for i, (page, html) in enumerate(htmls):  # second, timed pass, the order rotating per page
        for name in names[i % len(names) :] + names[: i % len(names)]:
            start = time.perf_counter()
            RUNNERS[name](html, page.url)
            elapsed = time.perf_counter() - start
            result.seconds["all"][name] += elapsed
            result.seconds[subsets[page.key]][name] += elapsed
    result.subset_pages = {"all": len(pages)}
    for subset in subsets.values():
        result.subset_pages[subset] = result.subset_pages.get(subset, 0) + 1

    result.scores = {system: {name: FieldScore() for name in FIELDS} for system in SYSTEMS}
    result.differences = {name: [] for name in FIELDS}
    for page in pages:
        truth = gold[page.key]
        for name in (n for n in FIELDS if n in truth):
            verdicts = {}
            for system in SYSTEMS:
                answer = answers[system][page.key][name]
                verdicts[system] = matches(name, truth[name], answer)
                result.scores[system][name].add(truth[name], verdicts[system], exact(truth[name], answer))
            if verdicts["trafilatura"] != verdicts["newsdesk"] and len(result.differences[name]) < show:
                result.differences[name].append(
                    {"page": page.key, "gold": truth[name], "better": max(verdicts, key=verdicts.__getitem__)}
                    | {system: answers[system][page.key][name] for system in SYSTEMS}
                )
    return result


def report(result: Result) -> list[str]:
    """Print the tables; return the fields on which newsdesk trails trafilatura by more than 0.5 points."""
    rows, failing = [], []
    for name in FIELDS:
        a, b = result.scores["trafilatura"][name], result.scores["newsdesk"][name]
        delta, delta_nonempty = b.accuracy - a.accuracy, b.nonempty_accuracy - a.nonempty_accuracy
        ok = delta >= -TOLERANCE and delta_nonempty >= -TOLERANCE
        failing += [] if ok else [name]
        rows.append(
            [
                name,
                a.pages,
                a.accuracy,
                b.accuracy,
                f"{100 * delta:+.1f}",
                a.nonempty,
                a.nonempty_accuracy,
                b.nonempty_accuracy,
                f"{100 * delta_nonempty:+.1f}",
                "yes" if ok else "NO",
            ]
        )
    print(f"\n## Metadata accuracy, trafilatura-eval, {result.pages} pages\n")
    header = [
        "field",
        "pages",
        "trafilatura",
        "newsdesk",
        "Δ points",
        "non-empty gold",
        "trafilatura",
        "newsdesk",
        "Δ points",
        "within 0.5?",
    ]
    print(format_table(header, rows))
    a, b = result.scores["trafilatura"]["author"], result.scores["newsdesk"]["author"]
    print(
        f"\nauthor, upstream exact string match on {a.nonempty} pages: trafilatura {a.exact_accuracy:.3f}, "
        f"newsdesk {b.exact_accuracy:.3f}"
    )

    print(f"\n## Time per page (ms), warm pass, {result.pages} pages\n")
    subsets = list(result.seconds)

    def per_page(subset: str, name: str, minus: str | None = None) -> str:
        seconds = result.seconds[subset][name] - (result.seconds[subset][minus] if minus else 0.0)
        return f"{1000 * seconds / result.subset_pages[subset]:.1f}"

    rows = [[name, *(per_page(s, name) for s in subsets)] for name in RUNNERS]
    rows += [
        [f"{system}: metadata (− text only)", *(per_page(s, system, "text only") for s in subsets)]
        for system in SYSTEMS
    ]
    print(format_table(["", *(f"{s} ({result.subset_pages[s]})" for s in subsets)], rows))
    for s in subsets:
        t = result.seconds[s]
        print(
            f"{s}: newsdesk / trafilatura {t['newsdesk'] / t['trafilatura']:.2f}×, "
            f"newsdesk / trafilatura.extract {t['newsdesk'] / t['trafilatura.extract']:.2f}×"
        )
    return failing


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, help="only the first N pages (sorted by key)")
    parser.add_argument("--json", type=Path, help="save all figures to this file")
    parser.add_argument("--show", type=int, default=20, help="differing pages kept per field in --json")
    args = parser.parse_args(argv)
    root = data_root()
    if not root.is_dir():
        parser.error(f"benchmark data not found at {root} (set NEWSDESK_BENCH_DATA)")
    gold = json.loads((root / "trafilatura-eval" / "evaldata.json").read_text(encoding="utf-8"))
    pages = load_trafilatura_eval(root)[: args.limit]
    result = evaluate(pages, gold, args.show)
    failing = report(result)
    if args.json:
        scores = {
            system: {
                name: {
                    "pages": f.pages,
                    "accuracy": f.accuracy,
                    "nonempty": f.nonempty,
                    "nonempty_accuracy": f.nonempty_accuracy,
                    "exact_accuracy": f.exact_accuracy,
                }
                for name, f in fields.items()
            }
            for system, fields in result.scores.items()
        }
        data = {
            "pages": result.pages,
            "seconds": result.seconds,
            "subset_pages": result.subset_pages,
            "scores": scores,
            "differences": result.differences,
        }
        args.json.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    if failing:
        print(f"\nnewsdesk trails trafilatura by more than 0.5 points on: {', '.join(failing)}")
    return 1 if failing else 0


if __name__ == "__main__":
    raise SystemExit(main())
