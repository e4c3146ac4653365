"""Matching keys for names, equal across languages and transliterations: "Moskau" = "Moscow".

:func:`entity_key` looks a name up in the exonym table (``newsdesk/data/exonyms.toml``: groups of
equivalent names, keyed by their English form), first as a whole ("Weißes Haus" → "white house", also
declined: "Weißen Haus"), then word by word for given names and surnames ("Wladimir Putin" →
"vladimir putin"). Words not in the table get a transliteration key from ordered per-word rules, so
German and English spellings of Russian/Ukrainian names meet ("Lawrow"/"Lavrov" → "lavrov") while
ordinary names stay apart (Fischer ≠ Fisher). :func:`adjective_place` reads place adjectives
("Walliser", "Swiss", "steirischen") as their place's key, so "Walliser Behörden" and "authorities
in Valais" name the same place. The table, the rules and the word lists the extractor uses are
data; the TOML header documents them. Nothing is read at import time.
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import Any

__all__ = [
    "Lexicon",
    "adjective_place",
    "entity_key",
    "fold",
    "is_acronym",
    "is_agency",
    "is_broad",
    "is_listed",
    "is_region",
    "lexicon",
    "loose",
    "parse_exonyms",
    "place_key",
    "same_entity",
]

Rule = tuple[re.Pattern[str], str]
KINDS = frozenset({"place", "org", "person"})
WORD_LISTS = (
    "stop dates titles modifiers demonyms connectors articles particles prefixes small place_nouns "
    "street_heads org_heads currencies"
)
_LEADING_ARTICLES = frozenset({"the", "der", "die", "das"})
_SPECIAL = str.maketrans(dict(zip("ßẞłŁøØđĐı", ["ss", "ss", "l", "l", "o", "o", "d", "d", "i"], strict=True)))
_DROP = re.compile(r"[.'’ʼ`´]")
_SPACE = re.compile(r"[\s\-‐‑–—/,]+")
_LOOSE_END = re.compile(r"[enmrs]+$")
_POSSESSIVE = re.compile(r"['’]s\b")
_ADJECTIVE_END = re.compile(r"(?:e|em|en|er|es)$")  # German declension: "steirischen" → "steirisch"


@dataclass(frozen=True)
class Lexicon:
    """The parsed ``exonyms.toml``: groups, indexes over them, transliteration rules, word lists."""

    groups: tuple[tuple[str, ...], ...]
    ids: dict[str, str]  # folded name → group key
    loose: dict[str, str]  # folded multi-word name without German endings → group key ("Weißen Haus")
    by_rule: dict[str, str]  # transliteration key of a listed name → group key
    people: frozenset[str]  # keys of person groups (also matched as one word of a longer name)
    rules: tuple[Rule, ...]
    gate: re.Pattern[str]
    slavic: tuple[Rule, ...]
    words: dict[str, frozenset[str]]  # folded word lists
    never: frozenset[str]  # exact-case words that are never names
    kinds: dict[str, str] = field(default_factory=dict)  # group key → "place" | "org" | "person"
    adjectives: dict[str, str] = field(default_factory=dict)  # folded place adjective → group key
    broad: set[str] = field(default_factory=set)  # keys of countries and larger regions
    regions: set[str] = field(default_factory=set)  # keys of states, provinces, cantons, landscapes
    agencies: set[str] = field(default_factory=set)  # keys of operators and agencies of many events
    within: dict[str, frozenset[str]] = field(default_factory=dict)  # place key → all places it lies in

    def transliterate(self, word: str) -> str:
        """Transliteration key of one folded word (rules and their rationale: exonyms.toml)."""
        for pattern, replacement in self.rules:
            word = pattern.sub(replacement, word)
        if self.gate.search(word):
            for pattern, replacement in self.slavic:
                word = pattern.sub(replacement, word)
        return word

    def lookup(self, word: str) -> str | None:
        """Group key of a one-word name ("Kreml" → "kremlin", "Zelenskij" → "zelensky"), else None."""
        folded = fold(word)
        return self.ids.get(folded) or self.by_rule.get(self.transliterate(folded))


@functools.lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """Lowercase, diacritics and dots/apostrophes removed, hyphens → spaces: "Neu-Delhi" → "neu delhi"."""
    text = unicodedata.normalize("NFKD", name.translate(_SPECIAL))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return _SPACE.sub(" ", _DROP.sub("", text.replace("æ", "ae").replace("œ", "oe"))).strip()


def loose(folded: str) -> str:
    """Folded words without German case/adjective endings: "weissen hauses" → "weiss hau"."""
    return " ".join(w[:3] + _LOOSE_END.sub("", w[3:]) for w in folded.split())


def is_acronym(word: str) -> bool:
    """ "EU", "NATO", "U.S." (not "G7", not "I")."""
    return word.isupper() and sum(c.isalpha() for c in word) >= 2


def _compile(pairs: Any, where: str) -> tuple[Rule, ...]:
    try:
        rules = tuple((re.compile(p), r) for p, r in pairs)
        for pattern, replacement in rules:
            pattern.sub(replacement, "x")  # a bad group reference fails here, not on first use
    except (re.error, ValueError, TypeError) as exc:
        raise ValueError(f"exonyms: bad transliteration rule in {where}: {exc}") from exc
    return rules


def parse_exonyms(toml_text: str) -> Lexicon:
    """Parse and validate exonym TOML; raise ValueError naming a name that two groups claim."""
    data = tomllib.loads(toml_text)
    trans, lists = data.get("transliteration", {}), data.get("words", {})
    gate = _compile([[trans.get("slavic_gate", "(?!)"), ""]], "slavic_gate")[0][0]
    words = {name: frozenset(fold(w) for w in lists.get(name, [])) for name in WORD_LISTS.split()}
    rules, slavic = _compile(trans.get("all", []), "all"), _compile(trans.get("slavic", []), "slavic")
    lex = Lexicon((), {}, {}, {}, frozenset(), rules, gate, slavic, words, frozenset(lists.get("never", [])))
    groups, people, inside = [], set(), {}
    for number, entry in enumerate(data.get("group", []), 1):
        names, kind = entry.get("names"), entry.get("kind")
        if not isinstance(names, list) or not names or not all(isinstance(n, str) and fold(n) for n in names):
            raise ValueError(f"exonym group #{number}: names must be a non-empty list of names")
        if kind not in KINDS:
            raise ValueError(f"exonym group #{number} ({names[0]!r}): kind must be one of {sorted(KINDS)}")
        key = fold(names[0])
        lex.kinds[key] = kind
        adjectives = entry.get("adjectives", [])
        if not isinstance(adjectives, list) or not all(isinstance(a, str) and fold(a) for a in adjectives):
            raise ValueError(f"exonym group {key!r}: adjectives must be a list of words")
        if (adjectives or "broad" in entry or "region" in entry) and kind != "place":
            raise ValueError(f"exonym group {key!r}: only places have adjectives or are broad or regions")
        if entry.get("broad") is True:
            lex.broad.add(key)
        if entry.get("region") is True:
            lex.regions.add(key)
        if "agency" in entry and kind != "org":
            raise ValueError(f"exonym group {key!r}: only organisations are agencies")
        if entry.get("agency") is True:
            lex.agencies.add(key)
        if "within" in entry:
            if kind != "place" or not isinstance(entry["within"], list):
                raise ValueError(f"exonym group {key!r}: only places lie within a list of places")
            inside[key] = [str(name) for name in entry["within"]]
        for adjective in adjectives:
            stem = fold(adjective)
            if lex.adjectives.setdefault(stem, key) != key:
                raise ValueError(
                    f"adjective {adjective!r} is in group {key!r} but also in {lex.adjectives[stem]!r}"
                )
        for name in names:
            folded = fold(name)
            forms = [(lex.ids, folded), (lex.by_rule, " ".join(lex.transliterate(w) for w in folded.split()))]
            forms += [(lex.loose, loose(folded))] if " " in folded else []
            for index, form in forms:
                if index.setdefault(form, key) != key:
                    raise ValueError(f"exonym {name!r} is in group {key!r} but also matches {index[form]!r}")
        if kind == "person":
            people.add(key)
        groups.append(tuple(names))
    direct: dict[str, set[str]] = {}
    for key, larger in inside.items():
        keys = [lex.ids.get(fold(name)) for name in larger]
        if not all(k and lex.kinds.get(k) == "place" for k in keys):
            raise ValueError(f"exonym group {key!r}: within names a place the table does not list")
        direct[key] = {k for k in keys if k}
    for key in direct:  # transitively, once: the Lower Engadine in the Engadine, so in Grisons
        found, todo = set(), list(direct[key])
        while todo:
            if (outer := todo.pop()) not in found:
                found.add(outer)
                todo.extend(direct.get(outer, ()))
        lex.within[key] = frozenset(found)
    return replace(lex, groups=tuple(groups), people=frozenset(people))


@functools.cache
def lexicon() -> Lexicon:
    """The packaged table, parsed and validated once."""
    return parse_exonyms(resources.files("newsdesk.data").joinpath("exonyms.toml").read_text("utf-8"))


_SAINT = frozenset(["sankt", "saint"])


@functools.lru_cache(maxsize=65536)
def _key(name: str) -> tuple[str, bool]:
    """(key, whether the whole name is a place or organisation from the table)."""
    lex = lexicon()
    name = _POSSESSIVE.sub("", name)
    words = fold(name).split()
    if len(words) > 1 and words[0] in _SAINT:  # "Sankt Pölten", "St. Pölten" and "St Poelten" are one town
        words[0] = "st"
    if len(words) > 1 and "river" in (words[0], words[-1]):  # "Elbe River", "River Thames"
        words = words[1:] if words[0] == "river" else words[:-1]
    acronyms = {fold(w) for w in re.findall(r"[^\W_]+", name) if is_acronym(w)}
    while words:
        phrase = " ".join(words)
        hit = lex.ids.get(phrase) or (lex.loose.get(loose(phrase)) if len(words) > 1 else None)
        if hit is None and phrase not in acronyms:
            hit = lex.by_rule.get(" ".join(lex.transliterate(w) for w in words))
        if hit:
            return hit, hit not in lex.people
        if len(words) < 2 or words[0] not in _LEADING_ARTICLES:
            break
        words = words[1:]
    if len(words) > 2:  # drop initials: "Donald J. Trump" = "Donald Trump"
        words = [w for w in words if len(w) > 1]
    keys = []
    for word in words:
        rule_key = word if word in acronyms else lex.transliterate(word)
        hit = lex.ids.get(word) or lex.by_rule.get(rule_key)
        keys.append(hit if hit in lex.people else rule_key)
    return " ".join(keys), False


def place_key(name: str) -> str | None:
    """The group key of a place in the table ("Wallis" → "valais", "Weißen Haus" → None: an org)."""
    key, whole = _key(name)
    return key if whole and lexicon().kinds.get(key) == "place" else None


def is_broad(key: str) -> bool:
    """Whether a place key is a country or a larger region ("switzerland", "alps", "europe"): too
    large to tell two events apart by."""
    return key in lexicon().broad


def is_region(key: str) -> bool:
    """Whether a place key is a state, province, canton, lake or landscape that holds many towns
    ("styria", "valais", "black forest", "lake constance"): an event there may be in any of them."""
    return key in lexicon().regions


def lies_within(key: str, larger: str) -> bool:
    """Does the place ``key`` lie within ``larger`` by the table's ``within`` (transitively): the
    Salzkammergut within Upper Austria, the Lower Engadine within the Engadine and Grisons?"""
    return larger in lexicon().within.get(key, ())


def is_listed(key: str) -> bool:
    """Whether a key is one of the table's groups (a city, a region, a country, a person …)."""
    return key in lexicon().kinds


def is_street(key: str) -> bool:
    """Whether a name key is a street or square ("ungererstrasse", "maria theresien strasse"):
    its last word ends in a street noun (``street_heads``) after a name of its own. Only names
    get keys, so common words ("Landstraße", "Parkplatz") never reach here
    (:mod:`newsdesk.lang.entities`)."""
    words = key.split()
    last = words[-1] if words else ""
    heads = lexicon().words["street_heads"]
    return any(
        last.endswith(h) and (len(last) >= len(h) + 3 or (last == h and len(words) > 1)) for h in heads
    )


def is_agency(key: str) -> bool:
    """Whether a name key is an operator or agency that acts in many events ("Austrian Federal
    Railways", "Technisches Hilfswerk"): it runs the train or answers the call, and two events
    it appears in are not one event by that."""
    return key in lexicon().agencies


def adjective_place(word: str, *, attributive: bool = True) -> str | None:
    """The place a place adjective stands for, from the table's ``adjectives``: "Walliser" and
    "Valaisan" → "valais", "steirischen" → "styria", "Swiss" → "switzerland"; else None.

    A German "-er" adjective of a listed place that the table does not list is read by rule
    ("Kölner" → "cologne", "Tiroler" → "tyrol"); irregular ones ("Münchner", "Zürcher") are listed.
    Such an adjective stands before its noun ("Kölner Dom"); pass ``attributive=False`` for a
    word that does not, and the rule is not applied: "am Venediger" is a mountain, not Venice's.
    """
    lex = lexicon()
    folded = fold(word)
    if " " in folded or len(folded) < 4:
        return None
    hit = lex.adjectives.get(folded) or lex.adjectives.get(_ADJECTIVE_END.sub("", folded))
    if hit is None and attributive and folded.endswith("er") and word[:1].isupper():
        hit = place_key(word[:-2])
    return hit


def entity_key(name: str) -> str:
    """Language-independent matching key: "Wladimir Putin" and "Vladimir Putin" → "vladimir putin"."""
    return _key(name)[0]


def same_entity(a: str, b: str) -> bool:
    """Whether two names denote the same entity; a surname (4+ letters) matches the full name.

    "Putin" ~ "Wladimir Putin", "Selenskyj" ~ "Volodymyr Zelensky", "Moskau" ~ "Moscow"; but "Donald Trump"
    ≁ "Melania Trump", and places/organisations from the table match only as a whole ("Union" ≁ "European
    Union", "Russia" ≁ "Bank of Russia").
    """
    (ka, ta), (kb, tb) = _key(a), _key(b)
    if not ka or not kb or ka == kb:
        return bool(ka) and ka == kb
    if ta or tb or (" " in ka) == (" " in kb):
        return False
    full, surname = (ka, kb) if " " in ka else (kb, ka)
    return len(surname) >= 4 and full.split()[-1] == surname
