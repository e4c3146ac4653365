"""Attribution: outlets named in a sentence ("berichtete die „Kronen Zeitung“", "laut Reuters").

* :func:`named_outlets` finds registered outlets (``newsdesk/data/outlets.toml``: name, short name,
  the name without a leading "The") in an attribution frame: the sentence must contain an attribution
  cue (``cues`` in ``newsdesk/data/verify.toml``: berichtete, laut, zufolge, according to …). Short
  names that are also common words ("Krone", "Presse", "Standard") must be capitalised.
* The **attribution** check: each named outlet must be the outlet of an evidence passage's document
  (matched by registry entry, name or domain); otherwise the sentence is ``misattributed``.
* :func:`broken_attribution` recognises attribution sentences with no claim of their own, like the
  seed's "Dies wird von Krone unterstützen." (a demonstrative, an outlet and attribution words only).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from newsdesk.ingest.outlets import Outlet, all_outlets, outlet_by_name, registrable_domain
from newsdesk.lang.exonyms import fold
from newsdesk.lang.words import stopwords, tokens
from newsdesk.models import Document
from newsdesk.verify.base import Claim, Finding, register
from newsdesk.verify.text import data, words

_LEADING = re.compile(r"^(?:The|Der|Die|Das)\s+")
_BROKEN_GRAMMAR = re.compile(r"\b(?:wird|werden)\s+von\s+(?:der\s+|dem\s+|den\s+)?\S+.*\b\w+en\s*[.!]?$")


@dataclass(frozen=True)
class OutletMention:
    outlet: Outlet
    text: str
    start: int
    end: int


_ADJECTIVE_ENDING = re.compile(r"(?<=\w\w)(?:e|er|en|es|em)$")


def _declined(name: str) -> str:
    """A pattern for ``name`` in any German case: „der Bayerische Rundfunk“, „des Bayerischen Rundfunks“,
    „der Süddeutschen Zeitung“ for the registered „Bayerischer Rundfunk“ and „Süddeutsche Zeitung“."""
    parts = name.split(" ")
    out = []
    for i, part in enumerate(parts):
        stem = _ADJECTIVE_ENDING.sub("", part) if part[:1].isupper() else part
        if i < len(parts) - 1 and stem != part:
            out.append(re.escape(stem) + "(?:e|er|en|es|em)")
        elif i == len(parts) - 1 and part[-1:].isalpha() and part[-1:] != "s":
            out.append(re.escape(part) + "s?")
        else:
            out.append(re.escape(part))
    return r"\s+".join(out)


def _name_key(surface: str) -> str:
    """The case-independent key of a declined outlet name (see :func:`_declined`)."""
    parts = surface.split()
    keyed = [_ADJECTIVE_ENDING.sub("", p) if p[:1].isupper() else p for p in parts[:-1]]
    last = parts[-1] if parts else ""
    if last.endswith("s") and len(last) > 3:
        last = last[:-1]
    return " ".join([*keyed, last])


@functools.cache
def _pattern() -> tuple[re.Pattern[str], dict[str, Outlet]]:
    forms: dict[str, Outlet] = {}
    for outlet in all_outlets():
        for name in (outlet.name, outlet.short):
            if not name or len(name) < 2:
                continue
            forms.setdefault(name, outlet)
            bare = _LEADING.sub("", name)
            if bare != name and len(bare) > 3:
                forms.setdefault(bare, outlet)
    alternatives = sorted(forms, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(_declined(a) for a in alternatives) + r")(?![\w-])")
    keyed: dict[str, Outlet] = {}
    for form in alternatives:
        keyed.setdefault(_name_key(form), forms[form])
    return pattern, {**keyed, **forms}


def _has_cue(text: str) -> bool:
    cues = words().cues
    toks = tokens(text)
    return any(t in cues for t in toks) or "according to" in text.lower()


_FRAME_BEFORE = re.compile(
    r"(?:(?<![\w-])(?:der|die|das|des|dem|den|laut|von|bei|gegenüber|the|to|by)\s+|[„“\"»«‚'])$", re.I
)


def _framed(text: str, start: int, end: int) -> bool:
    """An ambiguous name is an outlet only with an article, a source preposition or quotes."""
    if _FRAME_BEFORE.search(text[max(0, start - 12) : start]):
        return True
    return end < len(text) and text[end] in "“\"«‘'"


def named_outlets(text: str, *, require_cue: bool = True) -> list[OutletMention]:
    """Registered outlets named in ``text`` as a source (see the module docstring)."""
    if require_cue and not _has_cue(text):
        return []
    pattern, forms = _pattern()
    ambiguous = words().ambiguous
    found = []
    for match in pattern.finditer(text):
        surface = match.group()
        if surface.lower() in ambiguous and not surface[:1].isupper():
            continue
        if require_cue and surface.lower() in ambiguous and not _framed(text, match.start(), match.end()):
            continue  # "Bund und Länder einigten sich, Berichten zufolge" names no newspaper
        outlet = forms.get(surface) or forms.get(_name_key(surface))
        if outlet is not None:
            found.append(OutletMention(outlet, surface, match.start(), match.end()))
    return found


def source_outlets(documents: Iterable[Document]) -> tuple[str, ...]:
    """The outlet names of ``documents`` (display and site names) that the registry does not know."""
    names = []
    for document in documents:
        for name in (document.outlet, document.site_name or ""):
            if len(name) >= 3 and outlet_by_name(name) is None:
                names.append(name)
    return tuple(dict.fromkeys(names))


def _named_sources(text: str, outlets: Sequence[str]) -> list[tuple[str, int, int]]:
    """``(name, start, end)`` of each unregistered source outlet named in ``text``."""
    found: list[tuple[str, int, int]] = []
    for name in sorted(outlets, key=len, reverse=True):
        bare = _LEADING.sub("", name)
        for form in dict.fromkeys((name, bare)):
            if len(form) < 3:
                continue
            for match in re.finditer(rf"(?<![\w-]){_declined(form)}(?![\w-])", text):
                if not any(match.start() < e and s < match.end() for _, s, e in found):
                    found.append((name, match.start(), match.end()))
    return found


def outlet_spans(text: str, outlets: Sequence[str] = ()) -> list[tuple[int, int]]:
    """Character spans of outlet names (cue or not), so name checks can skip them.

    ``outlets`` adds the names of the sources' outlets that the registry does not know."""
    spans = [(m.start, m.end) for m in named_outlets(text, require_cue=False)]
    spans += [(s, e) for _, s, e in attributed_names(text, outlets)]
    return spans + [(s, e) for _, s, e in _named_sources(text, outlets)]


def strip_attribution(text: str, outlets: Sequence[str] = ()) -> str:
    """``text`` without outlet names and attribution cue words (they are never in the evidence)."""
    for start, end in sorted(set(outlet_spans(text, outlets)), reverse=True):
        text = text[:start] + " " + text[end:]
    cues = words().cues
    return " ".join(w for w in text.split() if w.strip(',.;:!?„“"»«').lower() not in cues)


def same_outlet(outlet: Outlet, document: Document) -> bool:
    """Whether ``document`` comes from ``outlet`` (registry entry, name or domain)."""
    if document.outlet.casefold() in {outlet.name.casefold(), outlet.short.casefold()}:
        return True
    registered = outlet_by_name(document.outlet)
    if registered is not None and registered.name == outlet.name:
        return True
    host = registrable_domain(document.url or "")
    if host and any(host == d or host.endswith("." + d) for d in outlet.domains):
        return True
    return credits_agency(outlet, document)


def credits_agency(outlet: Outlet, document: Document) -> bool:
    """Whether ``document`` is ``outlet``'s agency copy, republished by another outlet.

    The credit is in the dateline ("Passau (dpa) – …", "Wien (APA/dpa) –"), in a closing line
    ("(dpa/red)") or in the author field ("dpa"). So "meldete die Nachrichtenagentur dpa" is
    correct for a sentence from the dpa report that the "Süddeutsche Zeitung" printed.
    """
    if outlet.kind != "agency":
        return False
    names = "|".join(re.escape(n) for n in dict.fromkeys((outlet.short, outlet.name)) if n)
    credit = re.compile(rf"\((?:[^()]{{0,40}}[/,;]\s*)?(?:{names})(?:\s*[/,;][^()]{{0,40}})?\)")
    text = document.text
    if credit.search(text[:300]) or credit.search(text[-300:]):
        return True
    author = document.author or ""
    return re.search(rf"(?<!\w)(?:{names})(?!\w)", author) is not None


# -- outlets named in attribution phrases --------------------------------------------------------

_NAME = (
    r"(?:„[^“”„\"]{2,60}[“”\"]|\"[^\"]{2,60}\"|»[^«»]{2,60}«"
    r"|[A-ZÄÖÜ][\w.&'-]*(?:\s+(?:of\s+)?[A-ZÄÖÜ][\w.&'-]*){0,3})"
)
_ART = r"(?:(?:der|die|das|des|dem|den|the)\s+)?"


@functools.cache
def _phrases() -> tuple[re.Pattern[str], ...]:
    nouns = "|".join(
        sorted((re.escape(n) for n in data()["attribution"]["media_nouns"]), key=len, reverse=True)
    )
    media = rf"(?:(?:{_ART}(?i:{nouns})\s+)?)"
    after = rf"{_ART}{media}(?P<name>{_NAME})"
    return tuple(
        re.compile(p)
        for p in (
            rf"\b(?:[Bb]erichtet(?:e|en)?|[Mm]eldet(?:e|en)?|[Ss]chreibt|[Ss]chrieb(?:en)?|[Zz]itiert(?:e|en)?)\s+{after}",
            rf"\b(?:[Ll]aut|[Gg]egenüber|[Aa]ccording to|[Tt]old|[Rr]eported by|[Pp]er)\s+{after}",
            rf"{_ART}{media}(?P<name>{_NAME})\s+(?:zufolge|berichtet(?:e|en)?|meldet(?:e|en)?|schreibt|schrieb|reported|reports|wrote|said)\b",
            rf"\b[Ww]ie\s+{after}\s+(?:\w+\s+){{0,3}}(?:berichtet|berichtete|meldet|meldete|schreibt|schrieb)",
        )
    )


def _is_outlet(name: str, framed_by_noun: bool, known: Sequence[str]) -> bool:
    bare = name.strip('„“”"»« ')
    if not bare or fold(bare) in data()["attribution"]["media_nouns"]:
        return False
    if name[:1] in '„"»' or framed_by_noun:
        return True
    if any(_same_name(bare, k) for k in known) or outlet_by_name(bare) is not None:
        return True
    media = data()["attribution"]["media_words"]
    return any(fold(part).replace(" ", "").endswith(m) for part in bare.split() for m in media)


def attributed_names(text: str, known: Sequence[str] = ()) -> list[tuple[str, int, int]]:
    """``(name, start, end)`` of every outlet ``text`` names as a source: registered outlets in an
    attribution frame, outlets of the sources (``known``), and any name in an attribution phrase
    („berichtete X“, „laut X“, „X zufolge“, „wie X meldet“, „according to X“) that is quoted,
    introduced by a media noun („die Zeitung X“) or ends in a media word („General-Anzeiger“)."""
    found = [(m.outlet.name, m.start, m.end) for m in named_outlets(text)]
    if _has_cue(text):
        found += _named_sources(text, known)
    for pattern in _phrases():
        for match in pattern.finditer(text):
            name = match.group("name")
            start = match.start("name")
            noun = re.search(r"\S+\s+$", text[max(0, start - 30) : start])
            framed = bool(noun and fold(noun.group()).strip() in data()["attribution"]["media_nouns"])
            if not _is_outlet(name, framed, known):
                continue
            if any(s < match.end("name") and start < e for _, s, e in found):
                continue
            found.append((name.strip('„“”"»« '), start, match.end("name")))
            found += _listed(text, match.end("name"), known, found)
    return found


def _listed(
    text: str, end: int, known: Sequence[str], found: list[tuple[str, int, int]]
) -> list[tuple[str, int, int]]:
    """Further outlets listed after one ("berichteten der „Donaubote“ und das „Tagblatt“")."""
    more: list[tuple[str, int, int]] = []
    pattern = re.compile(rf"\s*(?:,|und|and|sowie|or|oder)\s+{_ART}(?P<name>{_NAME})")
    while match := pattern.match(text, end):
        name, start = match.group("name"), match.start("name")
        if not _is_outlet(name, False, known) or any(
            s < match.end() and start < e for _, s, e in found + more
        ):
            break
        more.append((name.strip('„“”"»« '), start, match.end("name")))
        end = match.end()
    return more


def claims_agreement(text: str) -> str:
    """The phrase with which ``text`` claims that several outlets agree ("" for none)."""
    plain = f" {fold(text)} "
    return next((p for p in data()["attribution"]["agreement"] if f" {fold(p)} " in plain), "")


def _same_name(a: str, b: str) -> bool:
    """Short and long forms of one outlet: "General-Anzeiger" = "Reutlinger General-Anzeiger"."""
    fa, fb = (re.sub(r"^(?:the|der|die|das|dem|den|des)\s+", "", fold(x)).strip() for x in (a, b))
    if not fa or not fb:
        return False
    if fa == fb:
        return True
    short, long = sorted((fa.split(), fb.split()), key=len)
    return len(" ".join(short)) >= 5 and long[-len(short) :] == short


def outlet_of(name: str, document: Document) -> bool:
    """Whether ``document`` is from the outlet called ``name`` (registry, short or long form)."""
    registered = outlet_by_name(name)
    if registered is not None and same_outlet(registered, document):
        return True
    return any(_same_name(name, n) for n in (document.outlet, document.site_name or "") if n)


def reports_attribution(name: str, evidence_text: str) -> bool:
    """Whether a passage itself attributes to ``name`` ("Der „Washington Post“ zufolge …")."""
    return any(_same_name(name, n) for n, _, _ in attributed_names(evidence_text, (name,)))


@register("attribution")
def check_attribution(claim: Claim) -> list[Finding]:
    """Every outlet the sentence names must have a supporting passage of its own (or one that reports
    the attribution itself); an agreement („übereinstimmend“, "several outlets") needs supporting
    passages of two outlets or more."""
    if not claim.evidence:
        return []
    findings = []
    outlets = ", ".join(dict.fromkeys(e.document.outlet for e in claim.evidence))
    named = attributed_names(claim.text, claim.outlets)
    for name in dict.fromkeys(n for n, _, _ in named):
        if any(outlet_of(name, e.document) or reports_attribution(name, e.context) for e in claim.evidence):
            continue
        detail = f"attributed to {name}, but the supporting evidence is from {outlets}"
        findings.append(Finding("attribution", detail, "misattributed"))
    phrase = claims_agreement(claim.text)
    if phrase or len({n for n, _, _ in named}) > 1:
        groups = {e.document.duplicate_of or e.document.id or e.document.outlet for e in claim.evidence}
        independent = len({e.document.outlet.casefold() for e in claim.evidence}) if len(groups) > 1 else 1
        if independent < 2:
            what = f"„{phrase}“" if phrase else "several outlets"
            detail = f"{what} claims that outlets agree, but only {outlets} supports the sentence"
            findings.append(Finding("attribution", detail, "misattributed"))
    return findings


def broken_attribution(sentence: str) -> str | None:
    """Why ``sentence`` is an attribution with no claim of its own, or ``None`` if it is not one."""
    mentions = named_outlets(sentence, require_cue=False)
    if not mentions:
        return None
    rest = sentence
    for mention in sorted(mentions, key=lambda m: m.start, reverse=True):
        rest = rest[: mention.start] + " " + rest[mention.end :]
    w = words()
    leftover = [
        t
        for t in tokens(rest)
        if t not in w.demonstratives and t not in w.filler and t not in w.cues and t not in stopwords()
    ]
    if leftover:
        return None
    names = ", ".join(dict.fromkeys(m.outlet.name for m in mentions))
    detail = f"„{' '.join(sentence.split())}“ names {names} but states nothing of its own"
    if _BROKEN_GRAMMAR.search(sentence.strip()):
        detail += " (and is ungrammatical: passive „wird von … “ with an infinitive)"
    return detail
