"""Numbers in German and English news text, normalised so one quantity written two ways compares equal.

"3,5 Milliarden Euro", "€3.5bn" and "3.5 billion euros" all read as ``value=3.5e9, unit="EUR"``;
"1.200 Einsatzkräfte" (German) and "1,200 firefighters" (English) both as the count 1200. Word lists
(scales, currencies, units, number words) live in ``newsdesk/data/number_words.toml``; nothing is read
before the first call. ``language`` "de…" is German; everything else is read with English conventions.

How digits and number words are read is documented in :mod:`newsdesk.lang.numerals` ("1.200" is
1200 in German text and 1.2 in English text; "3.5" in German text is 3.5). Scale words follow the
language: German "Billion" is 10^12, English "billion" 10^9. Other rules:

* A bare 1000–2100 without separators is a year – except in German text when a capitalised noun follows
  and no year word precedes it ("2000 Menschen" is a count, "seit 2015 Kanzlerin" a year).
* German "3." is an ordinal after a determiner or before a lowercase word ("der 3. Versuch"); otherwise
  the dot ends the sentence. "21." before a month name belongs to a date and is no quantity; nor is any
  part of a date with a month (see :mod:`newsdesk.lang.dates`). Year-only dates still give a year.
* Numbers right after a reference label ("Nr. 5", "Paragraf 218", "§ 218", "Seite 3"), inside phone
  numbers, ISBNs, IBANs, URLs, e-mail addresses, codes ("A380", "COVID-19", "5G") and house numbers are
  not quantities.
* Fractions ("zwei Drittel", "two-thirds") are shares: kind "percent", value in percent (66.666…).
* In a range ("3 bis 4 Milliarden Euro", "10 to 12 per cent") the first number takes the second's
  unit and scale.
* Ages in apposition ("Nolan, 47, left", "der Ingenieur (47)") are durations in years, like "47-jährige".
* Clock times are kind "time" with value in hours since midnight (14:30 → 14.5) and the time zone, if
  written, as unit ("UTC", "CET", …).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from newsdesk.lang.dates import (
    DateMention,
    alternation,
    extract_dates,
    german,
    weekday_conflicts,
    word_tables,
)
from newsdesk.lang.numerals import SPACE, cardinal_value, digit_value, german_pieces, ordinal_value

__all__ = [
    "KINDS",
    "DateMention",
    "Quantity",
    "extract_dates",
    "extract_quantities",
    "format_value",
    "quantity_keys",
    "weekday_conflicts",
]

KINDS = frozenset({"money", "percent", "count", "measure", "time", "duration", "ordinal", "year"})
_DIGITS = (
    r"(?<![\w.,/])(?<![^\W\d_]-)(?:\d{1,3}(?:(?:[.,]|" + SPACE + r")\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
    r"(?![.,]?\d)"
)
_SEP = r"(?P<sep>" + SPACE + r"|-)?"
_ENDING = r"(?:e[nmrs]?)?(?!\w)"
_KEY_FLOOR = {"ordinal": 100, "count": 10}
_AGE = r"[A-ZÄÖÜ][^\W\d_]+(?:,\s\d\d,|\s\(\d\d\))\Z"  # text ending in "Nolan, 47," or "Ingenieur (47)"


@dataclass(frozen=True)
class Quantity:
    """One number with what it counts; ``text == source[start:end]``."""

    value: float  # normalised: "3,5 Milliarden" → 3.5e9, "dreieinhalb" → 3.5, 14:30 → 14.5
    unit: str  # "EUR", "USD", "percent", "pp", "km", "hours", "years", … or "" (bare count, year, ordinal)
    text: str
    start: int
    end: int
    kind: str  # one of KINDS


def format_value(value: float) -> str:
    """Compact, stable spelling of a value for keys: 12 → "12", 3.5e9 → "3.5e9", 2/3·100 → "66.6667"."""
    if value == 0:
        return "0"
    rounded = float(f"{value:.6g}")
    if abs(rounded) >= 1e6:
        mantissa, exponent = f"{rounded:.5e}".split("e")
        return f"{mantissa.rstrip('0').rstrip('.')}e{int(exponent)}"
    return f"{rounded:.6f}".rstrip("0").rstrip(".")


def quantity_keys(text: str, language: str) -> set[str]:
    """Comparable keys ("EUR:3.5e9", "percent:12", "count:27") for clustering.

    Years, clock times, ordinals below 100 and counts below 10 are left out: too common to tell one
    event from another.
    """
    keys = set()
    for q in extract_quantities(text, language):
        if q.kind in ("year", "time") or abs(q.value) < _KEY_FLOOR.get(q.kind, 0):
            continue
        keys.add(f"{q.unit or q.kind}:{format_value(q.value)}")
    return keys


_SPANS = frozenset(["seconds", "minutes", "hours", "days", "weeks", "months", "years", "decades"])
_YEARS = (1900.0, 2100.0)


def telling_keys(keys: Iterable[str]) -> set[str]:
    """The keys of :func:`quantity_keys` that can tell one event from another: 68 passengers,
    EUR 2.7 million, 1,400 households, 43 percent. Not dates, durations or ages ("seit 34 Jahren",
    "der 74-Jährige"), not numbers under 13 and not round ones of one significant digit ("rund
    500 Menschen", "1000 Schüler", "80 Prozent"): every kind of event has those."""
    telling = set()
    for key in keys:
        unit, _, text = key.partition(":")
        try:
            value = float(text)
        except ValueError:
            continue
        digits = f"{abs(value):.6g}".split("e")[0].replace(".", "").strip("0")
        if unit in _SPANS or unit == "DATE" or abs(value) < 13 or len(digits) < 2:
            continue
        if unit == "count" and _YEARS[0] <= value <= _YEARS[1] and value.is_integer():
            continue  # a year the reader took for a count
        telling.add(key)
    return telling


@dataclass(frozen=True)
class _Tables:
    lang: str
    core: re.Pattern[str]
    scale: re.Pattern[str]
    fraction: re.Pattern[str]
    suffix: re.Pattern[str]
    prefix: re.Pattern[str]
    times: tuple[re.Pattern[str], ...]
    ordinal: re.Pattern[str]
    blocked: re.Pattern[str]
    range_gap: re.Pattern[str]
    words: dict[str, Any]  # the language's section of number_words.toml
    forms: dict[str, tuple[str, str]]  # key() of a unit or currency form → (unit, kind)
    scales: dict[str, float]  # key() of a scale word → factor
    adjectives: dict[str, tuple[str, str]]  # adjective stem ("jährig") → (unit, kind)

    def key(self, surface: str) -> str:
        return _key(surface, self.lang == "en")


def _key(form: str, fold: bool) -> str:
    """Lookup key of a word-list form: whitespace collapsed; English words also lowercased."""
    form = " ".join(form.split())
    return form.lower() if fold and len(form) > 2 and form[0].isalpha() else form


def _alt(forms: Iterable[str], fold: bool) -> str:
    """Like :func:`alternation`; with ``fold``, word forms ignore case ("Billion" in an English headline)."""
    forms = list(forms)
    words = [f for f in forms if fold and len(f) > 2 and f[0].isalpha()]
    symbols = [f for f in forms if f not in words]
    parts = (["(?i:" + alternation(words) + ")"] if words else []) + (
        [alternation(symbols)] if symbols else []
    )
    return "(?:" + "|".join(parts) + ")" if parts else "(?!)"


@functools.cache
def _tables(lang: str) -> _Tables:
    data, fold = word_tables(), lang == "en"
    words: dict[str, Any] = data[lang]
    currency = data["currency"]
    forms: dict[str, tuple[str, str]] = {}
    for unit, (kind, *surfaces) in words["units"].items():
        forms.update({s: (unit, kind) for s in surfaces})
    forms.update({s: (code, "money") for code, surfaces in currency["suffix"].items() for s in surfaces})
    adjectives = {s: (u, "percent" if u == "percent" else "duration") for u, s in words["adjectives"].items()}
    adj = "(?i:" + alternation(adjectives, edge=False) + ")" + _ENDING if adjectives else "(?!)"
    prefixes = {f: (code, "money") for code, fs in currency["prefix"].items() for f in fs}
    return _Tables(
        lang=lang,
        core=re.compile(_core_pattern(lang, words, forms, adj)),
        scale=re.compile(_SEP + r"(?P<s>" + _alt(words["scales"], fold) + ")"),
        fraction=re.compile(r"(?:\s|-)(?P<f>(?i:" + alternation(words["fractions"]) + "))"),
        suffix=re.compile(_SEP + r"(?P<u>" + _alt(forms, fold) + "|(?P<adj>" + adj + "))"),
        prefix=re.compile(r"(?<![^\W\d_])(?P<p>" + alternation(prefixes) + ")" + SPACE + r"?\Z"),
        times=tuple(re.compile(t) for t in _time_patterns(lang, data)),
        ordinal=re.compile(
            r"(?<!\w)(?i:" + alternation(words["determiners"]) + r")\s+(?P<w>[^\W\d_]+(?:-\w+)?)"
        ),
        blocked=re.compile(_blocked_pattern(data["labels"])),
        range_gap=re.compile(r"\s*(?:" + alternation(words["range_words"]) + r")\s*"),
        words=words,
        forms={_key(f, fold): v for f, v in {**forms, **prefixes}.items()},
        scales={_key(f, fold): float(v) for f, v in words["scales"].items()},
        adjectives=adjectives,
    )


def _core_pattern(lang: str, words: dict[str, Any], forms: dict[str, tuple[str, str]], adj: str) -> str:
    """Where a quantity can start: digits, number words, or "ein"/"a"/"halbe" before a scale or unit."""
    fold = lang == "en"
    percent = [f for f, (u, _) in forms.items() if u in ("percent", "pp")]
    durations = [f for f, (_, k) in forms.items() if k == "duration"]
    long_scales = [f for f in words["scales"] if len(f) > 3]
    cardinals = alternation(words["cardinals"])
    if lang == "de":
        number_words = (
            "(?!(?i:" + alternation(words["lead_one"]) + "))"
            "(?i:" + alternation(words["one_and_a_half"], edge=False) + "|" + german_pieces() + "+)"
            r"(?=-?" + adj + r"|(?!\w))"
        )
        one_follow = alternation([*words["scales"], *words["fractions"], *percent])
        half_follow = alternation([*words["scales"], *durations])
        half = r"(?:(?:" + alternation(words["lead_one"]) + r")\s+)?" + alternation(words["lead_half"])
    else:
        joint = r"(?:[\s-]+|(?:(?<=hundred)|(?<=thousand))\s+and\s+)"
        number_words = (
            r"(?i:(?:an?\s+(?=hundred|thousand))?" + cardinals + "(?:" + joint + cardinals + ")*"
            r"(?:[\s-]+and[\s-]+a[\s-]+half(?!\w))?)"
        )
        one_follow = _alt(long_scales, fold)
        half_follow = _alt([*long_scales, *durations], fold)
        half = alternation(words["lead_half"])
    return (
        r"(?P<digits>" + _DIGITS + r")|(?<!\w)(?:(?P<words>" + number_words + r")"
        r"|(?P<half>(?i:" + half + r"))(?=\s+" + half_follow + r")"
        r"|(?P<one>(?i:" + alternation(words["lead_one"]) + r"))(?=\s+" + one_follow + "))"
    )


def _time_patterns(lang: str, data: dict[str, Any]) -> list[str]:
    """Clock times: "14.30 Uhr", "14:30 GMT"; German "26:24" without "Uhr" is a score, English "2.30pm"."""
    zone = "(?P<tz>" + alternation(f for fs in data["timezones"].values() for f in fs) + ")"
    clock = r"(?<![\w.,:])(?P<h>[01]?\d|2[0-3])"
    if lang == "de":
        return [
            clock + r"(?:[.:](?P<min>[0-5]\d))?\s?Uhr(?!\w)(?:\s?" + zone + ")?",
            clock + r":(?P<min>[0-5]\d)(?![\d:])\s?" + zone,
        ]
    ampm = r"(?<![\w.,:])(?P<h>1[0-2]|0?[1-9])(?:[.:](?P<min>[0-5]\d))?\s?(?P<ampm>[ap]\.m\.|[ap]m(?!\w))"
    return [ampm + r"(?:\s?" + zone + ")?", clock + r":(?P<min>[0-5]\d)(?![\d:])(?:\s?" + zone + ")?"]


def _blocked_pattern(labels: dict[str, list[str]]) -> str:
    """Spans whose digits are no quantities: URLs, e-mail, ISBN, phone, IBAN, "Nr. 5", house numbers."""
    return "|".join(
        [
            r"https?://\S+|www\.\S+|(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.]+",
            r"ISBN(?:-1[03])?:?\s*[\dX][\d\sX-]{8,16}[\dX]|(?<!\d)97[89]-\d{1,5}-\d{1,7}-\d{1,7}-?[\dX](?!\d)",
            r"(?<![\w+])(?:\+|00)\d{1,3}[\s./-]?(?:\(0\)\s?)?\d[\d\s./-]{4,}\d",
            r"(?<![\w.,])\(?0\d{1,5}\)?[\s/-]\d[\d\s-]{3,}\d",
            r"(?<!\w)[A-Z]{2}\d{2}(?:\s?[\dA-Z]{4}){3,7}(?:\s?[\dA-Z]{1,3})?(?!\w)",
            r"(?<!\w)" + alternation(labels["forms"]) + r"\s*\d[\d.,/-]*[a-z]?",
            r"(?<!\w)\w*" + alternation(labels["street_endings"], edge=False) + r"\s+\d+[a-z]?(?!\w)",
            r"(?<!\w)\d+[a-z]?\s+(?:[A-Z]\w+\s+)+" + alternation(labels["street_words"]),
        ]
    )


def extract_quantities(text: str, language: str) -> list[Quantity]:
    """Every quantity in ``text``, in order of appearance (see the module docstring for the rules)."""
    t = _tables("de" if german(language) else "en")
    taken = [(d.start, d.end) for d in extract_dates(text, language) if d.month is not None]
    blocked = [m.span() for m in t.blocked.finditer(text)]
    hits: list[tuple[Quantity, float]] = []
    for pattern in t.times:
        for m in pattern.finditer(text):
            if not _overlaps(m.span(), taken):
                hits.append((_clock(m, t), 1.0))
                taken.append(m.span())
    last_end = 0
    for m in t.core.finditer(text):
        if m.start() < last_end or _overlaps(m.span(), taken) or _overlaps(m.span(), blocked):
            continue
        hit = _read(text, m, t)
        if hit is not None and not _overlaps((hit[0].start, hit[0].end), taken):
            hits.append(hit)
            last_end = hit[0].end
    hits.sort(key=lambda h: h[0].start)
    quantities = _ranges(text, hits, t)
    spans = taken + [(q.start, q.end) for q in quantities]
    for m in t.ordinal.finditer(text):
        value = ordinal_value(m.group("w"), t.lang)
        if value is not None and not _overlaps(m.span("w"), spans):
            quantities.append(Quantity(value, "", m.group("w"), m.start("w"), m.end("w"), "ordinal"))
    return sorted(quantities, key=lambda q: q.start)


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(s < span[1] and span[0] < e for s, e in spans)


def _clock(m: re.Match[str], t: _Tables) -> Quantity:
    hour, minute = int(m.group("h")), int(m.group("min") or 0)
    ampm = (m.groupdict().get("ampm") or "").lower()
    if ampm.startswith("p") and hour < 12:
        hour += 12
    elif ampm.startswith("a") and hour == 12:
        hour = 0
    zone = re.sub(r"\s+", " ", m.group("tz") or "")
    unit = next((code for code, forms in word_tables()["timezones"].items() if zone in forms), "")
    return Quantity(hour + minute / 60, unit, m.group(0), m.start(), m.end(), "time")


def _read(text: str, m: re.Match[str], t: _Tables) -> tuple[Quantity, float] | None:
    """The quantity starting with the number ``m`` found, with the scale it was multiplied by."""
    start, pos = m.span()
    digits, words = m.group("digits"), m.group("words")
    if digits:
        value = digit_value(digits, t.lang)
    elif words:
        value = cardinal_value(words, t.lang)
        if t.lang == "de" and words[0].isupper() and not _sentence_start(text, start):
            return None  # "die deutsche Elf", "in Acht nehmen"
        if _vague(words, text, start, t):
            return None  # "mehrere tausend", "several thousand"
        after = re.match(r"\s*(\w*)", text[pos : pos + 40])
        if words.lower() == "one" and after and after.group(1).lower() in t.words["not_after_one"]:
            return None
    else:
        value = 0.5 if m.group("half") else 1.0
    if value is None:
        return None
    if digits and re.match(r",[-–](?![\d-])", text[pos : pos + 3]):
        pos += 2  # German whole-money amounts: "5,- Euro", "2.500,– Euro"
    prefix = t.prefix.search(text, max(0, start - 8), start)
    scale, unit, kind = 1.0, "", ""
    if prefix:
        start, (unit, kind) = prefix.start(), t.forms[t.key(prefix.group("p"))]
    sm = t.scale.match(text, pos)
    if sm and not (sm.group("s") in ("m", "k") and (not prefix or sm.group("sep"))):
        scale, pos = t.scales[t.key(sm.group("s"))], sm.end()
    fm = t.fraction.match(text, pos) if scale == 1 and not prefix else None
    um = t.suffix.match(text, pos) if not fm else None
    if fm:
        value, unit, kind, pos = (
            value * 100 / _fractions(t.lang)[fm.group("f").lower()],
            "percent",
            "percent",
            fm.end(),
        )
    elif um and not kind:
        surface = um.group("u")
        adjective = next((a for s, a in t.adjectives.items() if surface.lower().startswith(s)), None)
        unit, kind = adjective if um.group("adj") and adjective else t.forms[t.key(surface)]
        pos = um.end()
    elif um and t.forms.get(t.key(um.group("u")), ("", ""))[1] == "money":
        pos = um.end()  # "US$ 5 Dollar": the currency written twice
    if not kind and not m.group("digits") and not m.group("words") and scale == 1:
        return None  # "ein"/"a"/"halbe" only count before a scale, fraction or unit
    if digits and not kind and scale == 1:
        if text[pos : pos + 1].isalpha():
            ordinal = re.match(r"(?:st|nd|rd|th)(?!\w)", text[pos : pos + 3])
            if not ordinal or t.lang == "de":
                return None  # "5G", "3D", "80er"
            kind, pos = "ordinal", pos + ordinal.end()
        elif t.lang == "de" and text[pos : pos + 1] == "." and _german_ordinal(text, start, pos, t):
            kind, pos = "ordinal", pos + 1
        elif re.fullmatch(r"1\d{3}|20\d{2}|2100", digits) and _is_year(text, start, pos, t):
            kind = "year"
        elif re.fullmatch(r"[1-9]\d", digits) and re.search(_AGE, text[max(0, start - 40) : pos + 1]):
            unit, kind = "years", "duration"  # an age: "Nolan, 47, left", "der Ingenieur (47)"
    minus = re.search(r"(?:(?<![\w\d.,])[-−]|(?i:\bminus\s+))\Z", text[max(0, start - 7) : start])
    if minus and kind not in ("year", "ordinal"):
        value, start = -value, start - len(minus.group(0))
    quantity = Quantity(value * scale, unit, text[start:pos], start, pos, kind or "count")
    return quantity, scale


@functools.cache
def _fractions(lang: str) -> dict[str, int]:
    return {f.lower(): d for f, d in word_tables()[lang]["fractions"].items()}


def _vague(phrase: str, text: str, start: int, t: _Tables) -> bool:
    """A bare "hundert"/"thousand" after "mehrere"/"several" (or, in English, alone) is no number."""
    first = re.split(r"[\s-]+", phrase.lower())[0]
    if first not in ("hundert", "tausend", "hundred", "thousand"):
        return False
    before, _ = _words_around(text, start, start)
    return t.lang == "en" or before.lower() in t.words["vague"]


def _sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 40) : start].rstrip(" \t\u00a0")
    return not before or before[-1] in ".!?:;\"'„“”«»‚‘()[]\n-–—"


def _words_around(text: str, start: int, end: int) -> tuple[str, str]:
    before = re.search(r"([^\W\d_]+)\W*\Z", text[max(0, start - 40) : start])
    after = re.match(r"\s+([^\W\d_]+)", text[end : end + 60])
    return (before.group(1) if before else "", after.group(1) if after else "")


def _german_ordinal(text: str, start: int, dot: int, t: _Tables) -> bool:
    """ "der 3. Versuch", "am 3. dieses Monats" – not "stieg auf 27. Am Montag …"."""
    before, after = _words_around(text, start, dot + 1)
    return bool(after) and (before.lower() in t.words["determiners"] or after[0].islower())


def _is_year(text: str, start: int, end: int, t: _Tables) -> bool:
    if t.lang != "de":
        return True
    before, after = _words_around(text, start, end)
    noun_follows = bool(after) and after[0].isupper() and text[end : end + 1].isspace()
    counted = _sentence_start(text, start) or (before[:1].islower() and before not in t.words["year_context"])
    return not (noun_follows and counted)  # "kamen 2000 Menschen" – but "Reinhold 2016 Kernwerk"


def _ranges(text: str, hits: list[tuple[Quantity, float]], t: _Tables) -> list[Quantity]:
    """Give the first number of "3 bis 4 Milliarden Euro" the unit and scale of the second; the same for
    clock times ("von 10.30 bis 14 Uhr")."""
    out = [q for q, _ in hits]
    for i in range(len(hits) - 1):
        (first, first_scale), (second, second_scale) = hits[i], hits[i + 1]
        gap = text[first.end : second.start]
        if (
            first.kind == "count"
            and not first.unit
            and t.range_gap.fullmatch(gap)
            and (second.kind in ("money", "percent", "measure", "duration") or second_scale != 1)
        ):
            value = first.value * (second_scale if first_scale == 1 else 1)
            out[i] = replace(first, value=value, unit=second.unit, kind=second.kind)
        clock = re.fullmatch(r"([01]?\d|2[0-3])(?:[.:]([0-5]\d))?", first.text)
        if first.kind == "count" and second.kind == "time" and clock and t.range_gap.fullmatch(gap):
            value = int(clock.group(1)) + int(clock.group(2) or 0) / 60  # "zwischen 10.30 und 14 Uhr"
            out[i] = replace(first, value=value, unit=second.unit, kind="time")
    return out
