"""German phrasing: outlet noun phrases, attribution frames, datelines and headline clean-up.

Every phrasing comes from ``newsdesk/data/attribution.toml`` (read and validated on first use). The
rules of ``data/outlets.toml`` decide how an outlet is named in running text: its German article,
whether the name is quoted, agencies introduced by a noun ("die Nachrichtenagentur dpa"). Outlet
names are only used in the nominative, so they are never declined.

An attribution frame wraps a source sentence without changing its words: a suffix before the final
period (", berichtete die „Kronen Zeitung“") or, for facts that several outlets agree on, a phrase
inserted right after the finite verb of a main clause ("Die Donau hat übereinstimmenden Berichten
zufolge …"). :func:`unframe` removes a frame again, which the tests use to find every sentence's
words in the passage it cites.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from typing import Any

from newsdesk.ingest.outlets import Outlet, lookup_outlet, outlet_by_name, registrable_domain
from newsdesk.lang.tagger import GERMAN, tagger
from newsdesk.models import Dateline

MONTHS = (
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
)  # fmt: skip
_DATELINE = re.compile(
    r"^(?P<place>[A-ZÄÖÜ][\w.\-]*(?:\s(?:am|an\sder|im|ob\sder|[A-ZÄÖÜ][\w.\-]*)){0,3})"
    r"(?:,\s[A-ZÄÖÜ][\w\-]+)?\s*(?:\((?P<agency>[\w/ .-]{2,24})\))?\s*[–—-]\s+(?=[„\"A-ZÄÖÜ0-9])"
)
_END = re.compile(r"[.!?]$")


@functools.cache
def phrasing() -> dict[str, Any]:
    """The parsed ``attribution.toml``; raises ValueError if a required table is missing."""
    text = resources.files("newsdesk.data").joinpath("attribution.toml").read_text("utf-8")
    data = tomllib.loads(text)
    for table in ("single", "agreement", "nouns", "declension", "reporting", "boilerplate", "anaphora"):
        if table not in data:
            raise ValueError(f"attribution.toml: missing [{table}]")
    for pair in data["single"]["suffix"] + data["single"]["written"] + data["single"]["reported"]:
        if len(pair) != 2 or any("{np}" not in form for form in pair):
            raise ValueError(f"attribution.toml: {pair!r} must be [singular, plural] with {{np}}")
    return data


@functools.cache
def _patterns(table: str, key: str, flags: int = 0) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, flags) for p in phrasing()[table][key])


def is_boilerplate(text: str) -> bool:
    return any(p.search(text) for p in _patterns("boilerplate", "patterns"))


def names_its_source(text: str) -> bool:
    """Whether a sentence already says who said it (a quote, "…, sagte X.", "wie die Stadt mitteilte")."""
    return any(p.search(text) for p in _patterns("reporting", "patterns"))


def matches_cue(text: str, kind: str) -> bool:
    return any(p.search(text) for p in _patterns("cues", kind, re.IGNORECASE))


def needs_predecessor(text: str) -> bool:
    """Whether a sentence points back to one before it ("Er blieb unverletzt.", reported speech)."""
    table = phrasing()["anaphora"]
    words = re.findall(r"[\w\-]+", text)
    if not words:
        return True
    first = words[0]
    if any(w in table["back_references"] for w in words):
        return True
    if first in ("Der", "Die", "Das"):
        follows = words[1] if len(words) > 1 else ""
        after = words[2] if len(words) > 2 else ""
        if first == "Das" and not follows[:1].isupper():
            return True  # "Das ist …": the pronoun
        return follows in table["definite_only_before"] and not after[:1].isupper()
    if first in table["starts"]:
        return True
    if any(w in table["early_pronouns"] for w in words[1:4]):
        return True  # lowercase: "Verliert er die Abstimmung, …"
    head = [w.lower() for w in words[:8]]
    return any(w in table["subjunctive"] for w in head) and not names_its_source(text)


def feature_opening(text: str) -> bool:
    """A sentence that opens with a subordinate clause ("Während …, wirkten …"): a feature's scene
    setting, not a news lead."""
    first = text.split(" ", 1)[0]
    return first in phrasing()["lead"]["not_first"]


def has_quote(text: str) -> bool:
    return "„" in text or "»" in text


@functools.cache
def _speaker() -> re.Pattern[str]:
    verbs = "|".join(phrasing()["quotes"]["speaker_verbs"])
    return re.compile(rf"[“«]\s*,?\s*(?:{verbs})\b|\b(?:{verbs})\b[^„»]*:\s*[„»]")


def names_speaker(text: str) -> bool:
    """Whether a sentence with a direct quote names who said it."""
    return bool(_speaker().search(text))


# -- outlets in running text ------------------------------------------------------------------


@dataclass(frozen=True)
class NounPhrase:
    """An outlet's name in the nominative as running text uses it, and its grammatical number."""

    text: str
    plural: bool
    kind: str


def outlet_for(name: str, url: str | None = None) -> Outlet:
    """The registry entry of a stored document's outlet (by URL first, then by display name)."""
    if url:
        found = lookup_outlet(url)
        if found.known:
            return found
    return outlet_by_name(name) or lookup_outlet(url, name)


def noun_phrase(outlet: Outlet) -> NounPhrase:
    """``die „Kronen Zeitung“``, ``„The Moscow Times“``, ``die Nachrichtenagentur dpa``, …

    Masculine adjective names take the weak ending after "der" ("der Bayerische Rundfunk").
    """
    data = phrasing()
    name = outlet.text_name
    plural = any(name.endswith(" " + head) or name == head for head in data["declension"]["plural_heads"])
    article = outlet.article
    if outlet.kind in ("agency", "wire") or (not outlet.known and not outlet.quote and "." in name):
        noun = data["nouns"][
            "agency" if outlet.kind == "agency" else "wire" if outlet.kind == "wire" else "unknown"
        ]
        label = outlet.short or name
        return NounPhrase(f"{noun[0]} {noun[1]} {label}", False, outlet.kind)
    words = name.split(" ")
    if article == "der" and not plural:
        for ending in data["declension"]["weak_masculine_endings"]:
            if len(words) > 1 and words[0].endswith(ending):
                words[0] = words[0][:-1]
                break
    if article == "die" and plural:
        words = [w + "n" if w.endswith("e") and i < len(words) - 1 else w for i, w in enumerate(words)]
    shown = " ".join(words)
    if outlet.quote:
        shown = f"„{shown}“"
    if not outlet.known and not outlet.quote:
        noun = data["nouns"]["unknown"]
        return NounPhrase(f"{noun[0]} {noun[1]} {shown}", False, outlet.kind)
    return NounPhrase(f"{article} {shown}" if article else shown, plural, outlet.kind)


class Attributor:
    """Chooses attribution frames, varied and deterministic (a rotation over the data file's forms)."""

    def __init__(self) -> None:
        self._turn: dict[str, int] = {}
        self._last_verb = ""

    def _pick(self, key: str, forms: list[Any]) -> Any:
        turn = self._turn.get(key, 0)
        for step in range(len(forms)):
            form = forms[(turn + step) % len(forms)]
            verb = (form[0] if isinstance(form, list) else form).split()[1:2]
            if len(forms) == 1 or verb != [self._last_verb]:
                self._turn[key] = turn + step + 1
                self._last_verb = verb[0] if verb else ""
                return form
        self._turn[key] = turn + 1
        return forms[turn % len(forms)]

    def contrast(self, core: str, phrase: NounPhrase) -> str:
        """ "…, berichtete dagegen die „Kronen Zeitung“." for the other side of a dispute."""
        form = self._pick("contrast", phrasing()["conflict"]["contrast"])[1 if phrase.plural else 0]
        return _suffix(core, form.format(np=phrase.text))

    def single(self, core: str, phrase: NounPhrase) -> str:
        data = phrasing()["single"]
        forms = list(data["suffix"])
        if phrase.kind in data["written_kinds"]:
            forms += data["written"]
        if phrase.kind in data["reported_kinds"]:
            forms += data["reported"]
        form = self._pick("single", forms)[1 if phrase.plural else 0]
        return _suffix(core, form.format(np=phrase.text))

    def agreement(self, core: str, phrases: list[NounPhrase], finite_verb_end: int | None) -> str:
        data = phrasing()["agreement"]
        if len(phrases) == 2:
            a, b = phrases
            return _suffix(core, self._pick("pair", data["pair"]).format(a=a.text, b=b.text))
        if finite_verb_end is not None:
            insert = self._pick("insert", data["insert"])
            return f"{core[:finite_verb_end]} {insert}{core[finite_verb_end:]}"
        return _suffix(core, self._pick("agree", data["suffix"]))


_ABBREVIATION_END = re.compile(
    r"(?:\b(?:usw|etc|bzw|Mio|Mrd|Co|Nr|ca|Jh|Str|St|Tsd|Abs|Art|Bd)|\b[a-zA-Z])\.$"
)


def frameable(core: str) -> bool:
    """Whether a suffix frame can follow: not after a closing quote or an abbreviation ("Mio.")."""
    return core.endswith(".") and not core.endswith(("“.", "”.", "«.")) and not _ABBREVIATION_END.search(core)


def _suffix(core: str, suffix: str) -> str:
    end = core[-1] if _END.search(core) else "."
    body = core[:-1] if _END.search(core) else core
    return f"{body}{suffix}{end}"


def finite_verb_end(core: str) -> int | None:
    """Character offset just after the finite verb of a simple declarative main clause, else None.

    Safe positions only: the verb is among the first eight tokens, no comma or quote comes before it,
    and the sentence does not open with a subordinate clause or a quote.
    """

    tokens = list(re.finditer(r"\d+(?:[.,]\d+)*|[\w\-]+|[^\w\s]", core))
    if not tokens or has_quote(core[:1]):
        return None
    tags = tagger(GERMAN).tag_sent([t.group() for t in tokens], taglevel=1)
    for position, (token, (_, _, tag)) in enumerate(zip(tokens, tags, strict=False)):
        if position == 0 and tag in ("KOUS", "PWAV", "PWS", "KON"):
            return None
        if token.group() in {",", "„", "“", ":", "(", "–"}:
            return None
        if "FIN" in tag:
            if not 0 < position <= 8:
                return None
            following = tags[position + 1][2] if position + 1 < len(tags) else ""
            if following in ("PPER", "PRF") and position + 1 < len(tokens):
                return tokens[position + 1].end()  # "haben sich …" → after "sich"
            return token.end()
    return None


def unframe(text: str) -> str:
    """The source words of a written sentence: the sentence without its attribution frame."""
    data = phrasing()
    for insert in data["agreement"]["insert"]:
        text = text.replace(f" {insert}", "", 1)
    templates = [form for pair in data["single"]["suffix"] + data["single"]["written"] for form in pair]
    templates += [form for pair in data["single"]["reported"] for form in pair]
    templates += [form for pair in data["conflict"]["contrast"] for form in pair]
    templates += data["agreement"]["pair"] + data["agreement"]["suffix"]
    for template in templates:
        pattern = re.escape(template)
        for slot in ("np", "a", "b"):  # an outlet's name has no comma
            pattern = pattern.replace(re.escape("{" + slot + "}"), r"[^,]{1,80}?")
        match = re.search(pattern + r"([.!?])$", text)
        if match:
            return text[: match.start()] + match.group(1)
    return text


# -- datelines --------------------------------------------------------------------------------


def split_dateline(text: str) -> tuple[str, str, str]:
    """``"Passau (dpa) – Die Donau …"`` → ``("Passau", "dpa", "Die Donau …")``.

    Without a dateline: ``("", "", text)``.
    """
    match = _DATELINE.match(text)
    if not match or len(match.group("place")) > 40:
        return "", "", text
    return match.group("place"), match.group("agency") or "", text[match.end() :]


def agency_outlet(credit: str) -> Outlet | None:
    """The agency named in a dateline credit ("dpa", "APA/dpa" → the first one that is an agency)."""
    for part in re.split(r"[/,]", credit):
        outlet = outlet_by_name(part.strip())
        if outlet is not None and outlet.kind == "agency":
            return outlet
    return None


def make_dateline(place: str, published: str | None) -> Dateline:
    """``Dateline("Passau", "17. Juni 2025")`` from a publication time, in the publisher's own time zone."""
    day = ""
    if published:
        try:
            moment = datetime.fromisoformat(published)
        except ValueError:
            moment = None
        if moment is not None:
            day = f"{moment.day}. {MONTHS[moment.month - 1]} {moment.year}"
    return Dateline(place, day)


def dateline_text(dateline: Dateline) -> str:
    """``"Passau, 17. Juni 2025 –"`` (parts that are unknown are left out)."""
    parts = ", ".join(part for part in (dateline.place, dateline.date) if part)
    return f"{parts} –" if parts else ""


# -- headlines --------------------------------------------------------------------------------


def clean_title(title: str, outlet: Outlet, site_name: str | None = None, *, max_chars: int = 90) -> str:
    """A title without outlet suffix, exclamation marks and clickbait; "" if it cannot be a headline."""
    data = phrasing()["headline"]
    text = " ".join(title.split())
    names = {outlet.name, outlet.short, outlet.text_name, site_name or "", *outlet.domains}
    names |= {registrable_domain(d) for d in outlet.domains}
    folded = {n.casefold() for n in names if n}
    for separator in data["suffix_separators"]:
        if separator in text:
            head, tail = text.rsplit(separator, 1)
            if tail.strip().casefold() in folded or registrable_domain(tail.strip()) in folded:
                text = head.strip()
    for pattern in _patterns("headline", "remove", re.IGNORECASE):
        text = pattern.sub(" " if pattern.pattern.startswith("\\s*\\+") else "", text).strip()
    text = re.sub(r"\s{2,}", " ", text).strip(" :–-|")
    if any(p.search(text) for p in _patterns("headline", "reject", re.IGNORECASE)):
        return ""
    if text.isupper() and len(text) > 12:
        return ""
    return shorten(text, max_chars)


def shorten(text: str, max_chars: int) -> str:
    """At most ``max_chars`` characters, cut where a headline has its seams.

    In order: drop a trailing " – …" part ("…: Neuwahl – so geht es weiter"), keep the part after
    a colon, keep the part before it (if it has at least four words), else cut at a word.
    """
    if len(text) <= max_chars:
        return text
    for separator in (" – ", " - "):
        head = text.rsplit(separator, 1)[0]
        if separator in text and 20 <= len(head) <= max_chars:
            return head
    if ": " in text:
        head, tail = text.split(": ", 1)
        if 20 <= len(tail) <= max_chars:
            return tail
        if len(head) <= max_chars and len(head.split()) >= 4:
            return head
    cut = text[: max_chars + 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:–-")
