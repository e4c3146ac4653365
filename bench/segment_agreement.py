"""Sentence segmentation: does the fast path give exactly SoMaJo's sentences, and how much faster is it?

Usage::

    .venv/bin/python bench/segment_agreement.py [--limit N] [--fuzz N] [--seed S] [--show N]
        [--texts-cache FILE] [--json FILE]

Texts: the 990 trafilatura-eval pages and the 181 scrapinghub pages (``trafilatura.extract`` with
``include_comments=False``, then ``newsdesk.ingest.normalize.clean_text``), plus the project's own
inputs under ``tests/fixtures/`` and ``examples/sources/`` (read and extracted as ``newsdesk ingest``
reads them). Each text is split into paragraphs (its lines), as ``split_sentences`` does.

1. **Agreement** – every distinct paragraph is segmented by pure SoMaJo and by the fast path, with
   *both* models (``de_CMC`` and ``en_PTB``), whatever the text's language. The fast path must give
   exactly SoMaJo's spans wherever it answers; the first differences are printed with context.
2. **Fuzzing** (``--fuzz N``) – N synthetic paragraphs (abbreviations from SoMaJo's own lists, numbers,
   initials, quotes, brackets, units, apostrophes, glued words next to sentence marks) and N mutations
   of corpus paragraphs around their sentence marks, checked the same way.
3. **Speed** – every page segmented end to end with the language newsdesk would detect (German →
   ``de_CMC``, anything else → ``en_PTB``): the old ``split_sentences`` (SoMaJo on every paragraph)
   against the new one; their passages must be identical too.

Exit status 1 if any paragraph or page differs. The data folder is ``$NEWSDESK_BENCH_DATA`` or
``<repo>/../shared/bench-data``.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _common import REPO_ROOT, data_root, format_table, load_scrapinghub, load_trafilatura_eval

MODELS = ("de_CMC", "en_PTB")


@dataclass(frozen=True)
class Text:
    corpus: str
    key: str
    text: str
    language: str = ""


# -- texts ------------------------------------------------------------------------------------


def benchmark_texts(limit: int | None) -> list[Text]:
    """Extracted main texts of the two public benchmarks (pages trafilatura finds nothing in are left out)."""
    import trafilatura

    from newsdesk.ingest.normalize import clean_text

    texts = []
    for corpus, pages in (("trafilatura-eval", load_trafilatura_eval()), ("scrapinghub", load_scrapinghub())):
        for page in pages[:limit]:
            extracted = trafilatura.extract(page.html(), url=page.url, include_comments=False)
            if extracted:
                texts.append(Text(corpus, page.key, clean_text(extracted)))
    return texts


def project_texts() -> list[Text]:
    """The texts newsdesk reads from its own test fixtures and bundled examples."""
    from newsdesk.errors import NewsdeskError
    from newsdesk.ingest.extract import extract_html
    from newsdesk.ingest.files import iter_files, read_path
    from newsdesk.ingest.normalize import clean_text

    texts = []
    for folder in (REPO_ROOT / "tests" / "fixtures", REPO_ROOT / "examples" / "sources"):
        for path in iter_files(folder):
            key = str(path.relative_to(REPO_ROOT))
            try:
                for index, raw in enumerate(read_path(path)):
                    if isinstance(raw, NewsdeskError):
                        continue
                    text = extract_html(raw.html).text if raw.html is not None else clean_text(raw.text or "")
                    if text:
                        texts.append(Text("fixtures", f"{key}#{index}", text))
            except NewsdeskError:
                continue  # e.g. the deliberately corrupt PDF
    return texts


def load_texts(limit: int | None, cache: Path | None) -> list[Text]:
    if cache and cache.exists():
        return [Text(**item) for item in json.loads(cache.read_text(encoding="utf-8"))]
    texts = benchmark_texts(limit) + project_texts()
    texts = with_languages(texts)
    if cache:
        cache.write_text(json.dumps([t.__dict__ for t in texts], ensure_ascii=False), encoding="utf-8")
    return texts


def with_languages(texts: list[Text]) -> list[Text]:
    """Each text's language as newsdesk's ingest detects it (default languages; undetectable: "")."""
    from newsdesk.config import load_settings
    from newsdesk.errors import LanguageError
    from newsdesk.ingest.langid import LanguageIdentifier

    identifier = LanguageIdentifier(load_settings(environ={}).ingest.languages)
    result = []
    for item in texts:
        try:
            language = identifier.detect(item.text)
        except LanguageError:
            language = ""
        result.append(Text(item.corpus, item.key, item.text, language))
    return result


def paragraphs(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


# -- the two segmenters -------------------------------------------------------------------------


def somajo_spans(line: str, model: str) -> list[tuple[int, int]]:
    """Reference: SoMaJo alone, exactly as newsdesk used it before the fast path."""
    from newsdesk.ingest.segment import _tokenizer

    return [
        (sentence[0].character_offset[0], sentence[-1].character_offset[1])
        for sentence in _tokenizer(model).tokenize_text([line])
        if sentence
    ]


def somajo_split(text: str, language: str) -> list[tuple[int, int, str]]:
    """Reference ``split_sentences``: SoMaJo on every paragraph."""
    model = "de_CMC" if language == "de" else "en_PTB"
    passages, offset = [], 0
    for line in text.split("\n"):
        if line.strip():
            passages += [
                (offset + a, offset + b, text[offset + a : offset + b]) for a, b in somajo_spans(line, model)
            ]
        offset += len(line) + 1
    return passages


def new_split(text: str, language: str) -> list[tuple[int, int, str]]:
    from newsdesk.ingest.segment import split_sentences

    return [(p.start, p.end, p.text) for p in split_sentences(text, language)]


# -- agreement ---------------------------------------------------------------------------------


@dataclass
class Agreement:
    paragraphs: int = 0
    characters: int = 0
    fast: int = 0
    fast_characters: int = 0
    differences: list[dict[str, Any]] = field(default_factory=list)

    def check(self, line: str, model: str, origin: str) -> None:
        from newsdesk.ingest.segment import _fast_spans

        self.paragraphs += 1
        self.characters += len(line)
        fast = _fast_spans(line, model)
        if fast is None:
            return
        self.fast += 1
        self.fast_characters += len(line)
        reference = somajo_spans(line, model)
        if fast != reference:
            self.differences.append(
                {
                    "origin": origin,
                    "model": model,
                    "paragraph": line,
                    "somajo": [line[a:b] for a, b in reference],
                    "fast": [line[a:b] for a, b in fast],
                }
            )


def agreement(lines: Iterable[tuple[str, str]]) -> Agreement:
    """Check ``(paragraph, origin)`` pairs with both models."""
    result = Agreement()
    for line, origin in lines:
        for model in MODELS:
            result.check(line, model, origin)
    return result


def show_differences(title: str, result: Agreement, limit: int) -> None:
    if not result.differences:
        return
    count = len(result.differences)
    print(f"\n## {title}: first {min(limit, count)} of {count} differences\n")
    for item in result.differences[:limit]:
        somajo, fast = item["somajo"], item["fast"]
        print(f"- {item['origin']} ({item['model']}): {item['paragraph'][:300]!r}")
        print(f"    SoMaJo only: {[s for s in somajo if s not in fast]}")
        print(f"    fast only:   {[s for s in fast if s not in somajo]}")


# -- fuzzing -----------------------------------------------------------------------------------


def vocabulary(*chunks: str, separator: str = " ") -> list[str]:
    """A word list written compactly: ``chunks`` joined, then split at ``separator``."""
    return "".join(chunks).split(separator)


# Words before and after sentence marks, numbers, marks, and what may sit between them.
LOWER = vocabulary("der und said the so haus ist oder etc usw no art ps pm am x in")
UPPER = vocabulary(
    "Der Die Berlin The It Er Oder Art No PS USA Ölpreis Élan Σ ÄRGER I A X XIV MIX DC ",
    "Okt Aug Mr Dr St Nr Abs",
)
ODD = vocabulary(
    "war’s it’s haven’t d’Alema O’Neill 'Caus boss' Peter's cannot gonna dont im hes ",
    "US-Präsident Covid-19-Pandemie G7-Gipfel Bürger*innen Hauptstr xD XD oO ASP tagesschau.de ",
    "Spiegel emojiQfoo 中文 Москва ǅ σ *Werbung Früchte- § € ’Twas foo@bar.xyz E.ON Sat.1 ",
    "U.S. z.B. e.g. a.m. J.R.R. Ph.D. 3G Mio",
)
NUMBERS = vocabulary(
    "1|21|300|2021|1999|3000|12345|1234567890|3.5|1.200|3,5|1.200.000|3.6.0|10:30|1990s|5km|",
    "978 3 16 148410 0|0|007|1,000.50|2.0er|3.5-4.5|1.2,3.4|10.30|1.2.2021|21.3.|²|½|Ⅷ|٣|5%|",
    "3-mal|2020/21|1.000,-|21.-|10 000|3 12 12345 X|1 456|9:",
    separator="|",
)
MARKS = vocabulary(". . . . . ! ? … ... ?! !. .. ….. !!! ?. .…")
QUOTES = [*'“”„‚‘’»«›‹"()[]–—', *vocabulary("' - -- * | : , ; / % © 😀 :) = ~ ¿ @x #x <b> &amp; ^^")]
GAPS = [" "] * 20 + ["", "  ", "\t", "\u00a0", "\u2009", "\u200b"]


class Fuzzer:
    """Paragraphs built to probe the fast path's rules next to sentence marks."""

    def __init__(self, seed: int) -> None:
        from newsdesk.ingest.segment import _entries

        self.rng = random.Random(seed)
        names = (
            "abbreviations_de.txt",
            "abbreviations_en.txt",
            "single_token_abbreviations_de.txt",
            "single_token_abbreviations_en.txt",
            "eos_abbreviations.txt",
        )
        self.abbreviations = [entry for name in names for entry in _entries(name)]
        self.units = _entries("units.txt")

    def cased(self, word: str) -> str:
        r = self.rng.random()
        if r < 0.45:
            return (word.upper, word.lower, word.capitalize)[int(r / 0.15)]()
        return word

    def before(self) -> str:
        rng, r = self.rng, self.rng.random()
        if r < 0.3:
            entry = rng.choice(self.abbreviations)
            return self.cased(entry[:-1] if entry.endswith(".") and rng.random() < 0.8 else entry)
        if r < 0.45:
            return rng.choice(LOWER + UPPER)
        if r < 0.55:
            unit = self.cased(rng.choice(self.units))
            return unit if rng.random() < 0.5 else f"{rng.choice(NUMBERS)} {unit}"
        if r < 0.7:
            return rng.choice(NUMBERS)
        if r < 0.85:
            return rng.choice(ODD)
        return rng.choice("abcxyzABCXYZäÖ") + ("." + rng.choice("ABCabcXYZ") if rng.random() < 0.3 else "")

    def after(self) -> str:
        rng, r = self.rng, self.rng.random()
        if r < 0.35:
            return rng.choice(UPPER) + rng.choice(["", " der", " und"])
        if r < 0.5:
            return rng.choice(LOWER)
        if r < 0.7:
            return rng.choice(NUMBERS) + rng.choice(["", " ", " km", " Uhr", " pm", " s", ".", ". ", ","])
        if r < 0.8:
            return rng.choice(ODD)
        return self.cased(rng.choice(self.abbreviations))

    def quotes(self) -> str:
        return "".join(self.rng.choice(QUOTES) for _ in range(self.rng.randint(1, 2)))

    def synthetic(self) -> str:
        rng, parts = self.rng, []
        for _ in range(rng.randint(1, 4)):
            parts += [self.before(), rng.choice(GAPS) if rng.random() < 0.1 else "", rng.choice(MARKS)]
            parts += [self.quotes() if rng.random() < 0.3 else "", rng.choice(GAPS)]
            parts += [
                self.quotes() if rng.random() < 0.3 else "",
                self.after(),
                rng.choice([" ", " und ", ", "]),
            ]
        return "".join(parts)

    def mutate(self, line: str) -> str:
        """Change one sentence mark's surroundings in a real paragraph."""
        from newsdesk.ingest.segment import _SITE

        sites = list(_SITE.finditer(line))
        if not sites:
            return line
        i, j = self.rng.choice(sites).span()
        a = i
        while a > 0 and not line[a - 1].isspace():
            a -= 1
        b = j
        while b < len(line) and line[b].isspace():
            b += 1
        c = b
        while c < len(line) and not line[c].isspace():
            c += 1
        r = self.rng.random()
        if r < 0.3:
            return line[:a] + self.before() + line[i:]
        if r < 0.6:
            return line[:j] + self.rng.choice(GAPS) + self.after() + line[c:]
        if r < 0.75:
            return line[:j] + self.quotes() + line[j:]
        if r < 0.85:
            return line[:j] + line[b:]  # glue the next word to the mark
        return line[:i] + self.rng.choice(MARKS) + line[j:]

    def paragraphs(self, count: int, corpus: Sequence[str]) -> list[tuple[str, str]]:
        short = [line for line in corpus if len(line) < 600] or ["Ein Satz. Noch einer."]
        result = []
        for _ in range(count):
            result.append((self.synthetic(), "fuzz:synthetic"))
            result.append((self.mutate(self.mutate(self.rng.choice(short))), "fuzz:mutated"))
        return [(line, origin) for line, origin in result if line.strip() and "\n" not in line]


# -- speed -------------------------------------------------------------------------------------


def timed(split: Callable[[str, str], Any], texts: Sequence[Text]) -> tuple[list[float], list[Any]]:
    """Each text's segmentation time (seconds) and output."""
    seconds, outputs = [], []
    for item in texts:
        start = time.perf_counter()
        outputs.append(split(item.text, item.language))
        seconds.append(time.perf_counter() - start)
    return seconds, outputs


def speed_rows(texts: Sequence[Text], old: Sequence[float], new: Sequence[float]) -> list[list[Any]]:
    groups: dict[str, list[int]] = {"all texts": list(range(len(texts)))}
    for index, item in enumerate(texts):
        groups.setdefault(item.corpus, []).append(index)
    rows = []
    for name, indices in groups.items():
        before, after = sum(old[i] for i in indices), sum(new[i] for i in indices)
        count = len(indices)
        rows.append(
            [
                name,
                count,
                f"{before:.1f}",
                f"{after:.1f}",
                f"{1000 * before / count:.1f}",
                f"{1000 * after / count:.1f}",
                f"{before / after:.1f}×",
            ]
        )
    return rows


# -- main --------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, help="only the first N pages of each benchmark")
    parser.add_argument(
        "--fuzz", type=int, default=20000, help="synthetic and mutated paragraphs each (0: none)"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the fuzzer")
    parser.add_argument("--show", type=int, default=10, help="differences to print")
    parser.add_argument("--texts-cache", type=Path, help="keep the extracted texts in this JSON file")
    parser.add_argument("--json", type=Path, help="save the figures to this file")
    args = parser.parse_args(argv)
    if not (data_root() / "trafilatura-eval").is_dir():
        parser.error(f"benchmark data not found at {data_root()} (set NEWSDESK_BENCH_DATA)")

    from newsdesk.ingest.segment import _rules, _tokenizer

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # the fixtures' deliberately corrupt PDF
    for model in MODELS:  # one-time loads stay out of the timings
        _tokenizer(model).tokenize_text(["Warm up."])
        _rules(model)
    started = time.perf_counter()
    texts = load_texts(args.limit, args.texts_cache)
    print(f"texts: {len(texts)} ({time.perf_counter() - started:.0f} s to extract and detect languages)")

    seen: dict[str, str] = {}
    total_paragraphs = 0
    for item in texts:
        for line in paragraphs(item.text):
            total_paragraphs += 1
            seen.setdefault(line, f"{item.corpus}:{item.key}")
    corpus = agreement(seen.items())
    show_differences("corpus", corpus, args.show)
    fuzz = agreement(Fuzzer(args.seed).paragraphs(args.fuzz, list(seen))) if args.fuzz else Agreement()
    show_differences("fuzzing", fuzz, args.show)

    old_times, old = timed(somajo_split, texts)
    new_times, new = timed(new_split, texts)
    old_seconds, new_seconds = sum(old_times), sum(new_times)
    page_differences = [item.key for item, a, b in zip(texts, old, new, strict=True) if a != b]

    rows = [
        [
            name,
            result.paragraphs,
            f"{result.fast / max(result.paragraphs, 1):.1%}",
            f"{result.fast_characters / max(result.characters, 1):.1%}",
            len(result.differences),
        ]
        for name, result in (("corpus (distinct, × 2 models)", corpus), ("fuzzing (× 2 models)", fuzz))
    ]
    print(
        f"\n## Agreement with pure SoMaJo ({total_paragraphs} paragraphs in {len(texts)} texts, "
        f"{len(seen)} distinct)\n"
    )
    print(format_table(["paragraphs", "checked", "fast path", "fast path (chars)", "differences"], rows))
    languages: dict[str, int] = {}
    for item in texts:
        languages[item.language or "?"] = languages.get(item.language or "?", 0) + 1
    pages = len(texts)
    print(f"\n## Speed: every text segmented in its detected language {languages}\n")
    header = ["texts", "count", "SoMaJo s", "new s", "SoMaJo ms/text", "new ms/text", "speed-up"]
    print(format_table(header, speed_rows(texts, old_times, new_times)))
    print(f"texts whose passages differ: {len(page_differences)}")
    if page_differences:
        print("  " + ", ".join(page_differences[: args.show]))

    if args.json:
        figures = {
            "texts": pages,
            "paragraphs": total_paragraphs,
            "distinct_paragraphs": len(seen),
            "corpus": {k: v for k, v in corpus.__dict__.items() if k != "differences"},
            "fuzz": {k: v for k, v in fuzz.__dict__.items() if k != "differences"},
            "differences": corpus.differences + fuzz.differences,
            "page_differences": page_differences,
            "seconds": {"somajo": old_seconds, "new": new_seconds},
            "languages": languages,
        }
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8")
    return 1 if corpus.differences or fuzz.differences or page_differences else 0


if __name__ == "__main__":
    raise SystemExit(main())
