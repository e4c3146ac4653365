"""Dates in German and English news text: "21. Februar 2025", "Feb. 21", "am Freitag", "gestern".

Word lists live in ``newsdesk/data/number_words.toml`` (read once, on first use). Rules:

* A day and month without a year ("21. Februar", "Feb. 21") takes the year – of the reference year and
  the years either side – that puts it closest to ``reference`` (the publication date): "28. Dezember" in
  a report of 3 January 2025 is 28 December 2024. A month without a day is placed the same way.
* "heute"/"gestern"/"yesterday"… are resolved against ``reference``; ``relative`` holds the canonical
  English name ("today", "yesterday", "day_before_yesterday", "tomorrow", "day_after_tomorrow").
* A weekday alone ("am Freitag", "on Friday") keeps only ``weekday``: without tense it may mean the last
  or the next one. "vergangenen Freitag"/"last Friday" and "kommenden Freitag"/"next Friday" are
  resolved against ``reference`` and carry ``relative`` "last"/"next".
* "Anfang/Mitte/Ende März", "early/mid-/late March" (also before a year) carry ``relative``
  "early"/"mid"/"late".
* A weekday directly before a date ("Freitag, 21. Februar 2025", "Friday, Feb. 21") is one mention;
  :func:`weekday_conflicts` tells whether the two disagree.
* Numeric dates: "21.02.2025" and "21.2." (German), ISO "2025-02-21", and "21/02/2025", read day first
  unless the language is ``en-US`` or the first number cannot be a month's day… or the second cannot be
  a month. Impossible dates ("31. April") are not reported.
"""

from __future__ import annotations

import calendar
import functools
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from importlib import resources
from typing import Any

__all__ = ["DateMention", "extract_dates", "weekday_conflicts"]

_RELATIVE_NAMES = {
    0: "today",
    -1: "yesterday",
    -2: "day_before_yesterday",
    1: "tomorrow",
    2: "day_after_tomorrow",
}
_CLAIMING = frozenset({"iso", "numeric", "slash", "named"})  # rules whose rejected matches stay rejected


@dataclass(frozen=True)
class DateMention:
    """One date expression; ``text == source[start:end]``. Unknown parts are ``None``."""

    text: str
    start: int
    end: int
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None  # 0 = Monday … 6 = Sunday, only when a weekday is named
    relative: str | None = None  # today | yesterday | … | last | next | early | mid | late

    def as_date(self) -> date | None:
        """The calendar date when year, month and day are all known."""
        if self.year is None or self.month is None or self.day is None:
            return None
        return _valid(self.year, self.month, self.day)


def weekday_conflicts(mention: DateMention) -> bool:
    """Whether a named weekday contradicts the explicit date ("Freitag, 20. Februar 2025")."""
    day = mention.as_date()
    return mention.weekday is not None and day is not None and day.weekday() != mention.weekday


def word_tables() -> dict[str, Any]:
    """The parsed ``number_words.toml`` (cached)."""
    return _load()


@functools.cache
def _load() -> dict[str, Any]:
    text = resources.files("newsdesk.data").joinpath("number_words.toml").read_text("utf-8")
    return tomllib.loads(text)


def german(language: str) -> bool:
    """Whether ``language`` ("de", "de-AT", …) is German; everything else is read as English."""
    return language.lower().startswith("de")


def alternation(forms: Iterable[str], *, edge: bool = True) -> str:
    """Regex alternative of literal ``forms``, longest first; with ``edge``, forms ending in a letter or
    digit must end at a word edge. A space in a form matches any run of whitespace."""
    parts = []
    for form in sorted(set(forms), key=lambda f: (-len(f), f)):
        escaped = re.escape(form).replace(r"\ ", r"\s+")
        parts.append(escaped + r"(?!\w)" if edge and form[-1].isalnum() else escaped)
    return "(?:" + "|".join(parts) + ")"


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


@dataclass(frozen=True)
class _Patterns:
    rules: tuple[tuple[str, re.Pattern[str]], ...]
    months: dict[str, int]
    weekdays: dict[str, int]
    relative: dict[str, int]
    parts: dict[str, str]
    past: frozenset[str]
    after: frozenset[str]  # words before "1.3." that make it a date


@functools.cache
def _patterns(lang: str) -> _Patterns:
    table = word_tables()["dates"][lang]
    months: dict[str, int] = table["months"]
    weekdays: dict[str, int] = table["weekdays"]
    relative = dict(table["relative_days"])
    relative.update({w.capitalize(): v for w, v in table["relative_days"].items() if w != "morgen"})
    mon = "(?P<month>" + alternation(months) + ")"
    year = r"(?P<year>1\d{3}|2[01]\d{2})(?!\d)"
    day = r"(?P<day>[0-3]?\d)"
    optional_year = r"(?:,?\s+" + year + ")?"
    parts = "(?P<part>(?i:" + alternation(table["month_parts"]) + "))"
    part_of = (
        "(?:" + mon + optional_year + "|" + year.replace("year", "y2") + ")"
    )  # "Mitte März", "Ende 2024"
    suffixes = table["weekday_suffixes"]
    suffix = "(?:" + alternation(suffixes, edge=False) + ")?" if suffixes else ""
    qualifier = "(?:(?P<qual>(?i:" + alternation(table["weekday_past"] + table["weekday_next"]) + r"))\s+)?"
    weekday = qualifier + "(?P<weekday>" + alternation(weekdays, edge=False) + ")" + suffix + r"(?!\w)"
    rules: list[tuple[str, str]] = [
        ("iso", r"(?<![\w-])(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?!\d)"),
        ("numeric", r"(?<![\w.,])" + day + r"\.\s?(?P<month>[01]?\d)\.\s?(?P<year>\d{4}|\d{2})(?![.,]?\d)"),
        ("slash", r"(?<![\w/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>\d{4})(?![\w/])"),
        ("named", r"(?<![\w.,])" + day + r"(?:\.|st|nd|rd|th)?\s*(?:of\s+)?" + mon + optional_year),
        ("part", r"(?<!\w)" + parts + r"(?:(?<=-)|\s+)" + part_of),
        ("month", r"(?<!\w)" + mon + r"\s+" + year),
        ("month", r"(?<!\w)(?i:" + alternation(table["month_context"]) + r")\s+(?P<span>" + mon + ")"),
        ("year", r"(?<!\w)(?i:" + alternation(table["year_context"]) + r")\s+" + year),
        ("weekday", r"(?<!\w)" + weekday),
        ("relative", r"(?<!\w)(?P<rel>" + alternation(relative) + ")"),
    ]
    if lang == "en":  # "February 21, 2025", "Feb. 21" (German puts the day first)
        month_day = mon + r"\s+" + day + r"(?:st|nd|rd|th)?(?![\d.:,]\d|\d)" + optional_year
        rules.insert(4, ("named", r"(?<!\w)" + month_day))
    if lang == "de":
        rules.append(("short", r"(?<![\w.,])(?P<prev>\w+\s+)?" + day + r"\.(?P<month>[01]?\d)\.(?!\d)"))
    return _Patterns(
        tuple((name, re.compile(rx)) for name, rx in rules),
        months,
        weekdays,
        relative,
        {k.lower(): v for k, v in table["month_parts"].items()},
        frozenset(table["weekday_past"]),
        frozenset(table["month_context"]) | {"am", "den"},
    )


def extract_dates(text: str, language: str, *, reference: date | None = None) -> list[DateMention]:
    """Every date expression in ``text``, in order, resolved against ``reference`` where possible."""
    lang = "de" if german(language) else "en"
    pats = _patterns(lang)
    us = language.lower().replace("_", "-") == "en-us"
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for rule, pattern in pats.rules:
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            mention = _read(rule, match, pats, us)
            mention = _resolve(mention, reference) if mention else None
            if mention is not None:
                found.append(mention)
            if mention is not None or rule in _CLAIMING:  # "30. Februar 2025" is no "Februar 2025" either
                taken.append(match.span())
    return _merge_weekdays(text, sorted(found, key=lambda m: m.start))


def _read(rule: str, match: re.Match[str], pats: _Patterns, us: bool) -> DateMention | None:
    """The mention one rule matched, before resolution; ``None`` if the match is not a date."""
    groups = {k: v for k, v in match.groupdict().items() if v is not None}
    start, end = match.span()
    year_text = groups.get("year") or groups.get("y2")
    year = int(year_text) if year_text else None
    if year is not None and year < 100:
        year += 2000
    month = groups.get("month")
    month_no = int(month) if month and month.isdigit() else (pats.months[_norm(month)] if month else None)
    day = int(groups["day"]) if "day" in groups else None
    fields: dict[str, Any] = {"year": year, "month": month_no, "day": day}
    if rule == "slash":
        a, b = int(groups["a"]), int(groups["b"])
        day_first = a > 12 or (b <= 12 and not (us and a <= 12))
        fields["day"], fields["month"] = (a, b) if day_first else (b, a)
    elif rule == "part":
        fields["relative"] = pats.parts[_norm(groups["part"]).lower()]
    elif rule == "month" and "span" in groups:
        start = match.start("span")
    elif rule == "weekday":
        fields["weekday"] = pats.weekdays[groups["weekday"]]
        if "qual" in groups:
            fields["relative"] = "last" if _norm(groups["qual"]).lower() in pats.past else "next"
        else:
            start = match.start("weekday")
    elif rule == "relative":
        offset = pats.relative[groups["rel"]]
        fields["relative"] = _RELATIVE_NAMES[offset]
    elif rule == "short":
        prev = groups.get("prev", "").strip()
        if len(match.group("month")) < 2 and prev not in pats.after:
            return None
        start = match.start("day")
    month_no, day = fields["month"], fields["day"]
    if month_no is not None and not 1 <= month_no <= 12:
        return None
    if day is not None and (
        month_no is None or day > calendar.monthrange(year or 2000, month_no)[1] or day < 1
    ):
        return None
    return DateMention(match.string[start:end], start, end, **fields)


def _norm(word: str) -> str:
    return re.sub(r"\s+", " ", word)


def _resolve(mention: DateMention, reference: date | None) -> DateMention | None:
    """Fill in what ``reference`` (the publication date) implies."""
    if reference is None:
        return mention
    if mention.relative in _RELATIVE_NAMES.values():
        offset = next(k for k, v in _RELATIVE_NAMES.items() if v == mention.relative)
        day = reference + timedelta(days=offset)
        return replace(mention, year=day.year, month=day.month, day=day.day)
    if mention.weekday is not None and mention.month is None and mention.relative in ("last", "next"):
        step = -1 if mention.relative == "last" else 1
        day = reference + timedelta(days=step)
        while day.weekday() != mention.weekday:
            day += timedelta(days=step)
        return replace(mention, year=day.year, month=day.month, day=day.day)
    if mention.month is not None and mention.year is None:
        candidates = [
            (abs((d - reference).days), d.year)
            for y in (reference.year - 1, reference.year, reference.year + 1)
            if (d := _valid(y, mention.month, mention.day or 15)) is not None
        ]
        if not candidates:
            return None
        return replace(mention, year=min(candidates)[1])
    return mention


def _merge_weekdays(text: str, mentions: list[DateMention]) -> list[DateMention]:
    """Join a weekday and the date beside it – "Freitag, 21. Februar", "3. Mai 2024 (Freitag)" – into one."""
    merged: list[DateMention] = []
    for mention in mentions:
        prev = merged[-1] if merged else None
        if prev is None:
            merged.append(mention)
            continue
        gap, closing = text[prev.end : mention.start], text[mention.end : mention.end + 1] == ")"
        weekday_first = _weekday_only(prev) and mention.day is not None and mention.weekday is None
        date_first = _weekday_only(mention) and prev.day is not None and prev.weekday is None
        if weekday_first and re.fullmatch(r"\s*,?\s*(?:den\s+|the\s+|\(\s*)?", gap):
            end = mention.end + ("(" in gap and closing)
            merged[-1] = replace(mention, text=text[prev.start : end], start=prev.start, end=end)
            merged[-1] = replace(merged[-1], weekday=prev.weekday)
        elif date_first and re.fullmatch(r"\s*\(\s*", gap) and closing:
            end = mention.end + 1
            merged[-1] = replace(prev, text=text[prev.start : end], end=end, weekday=mention.weekday)
        else:
            merged.append(mention)
    return merged


def _weekday_only(mention: DateMention) -> bool:
    return mention.weekday is not None and mention.month is None
