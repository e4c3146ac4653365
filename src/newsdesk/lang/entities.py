"""Named entities in news text: people, places and organisations, each with a cross-language key.

„Wladimir Putin“ in a German report and "Vladimir Putin" in an English one both get "vladimir putin";
"Moskau"/"Moscow" get "moscow" and "Kreml"/"the Kremlin" "kremlin" (keys: :mod:`newsdesk.lang.exonyms`).

* German: HanTa's STTS tags. A run of ``NE``/``FM`` tokens is one name ("Wladimir Putin"); table names count
  whatever their tag ("Weißes Haus", "Bundestag"); after a title an unknown surname tagged ``NN`` joins its
  first name ("Bundeskanzler Matthias Kerber"); hyphenated compounds yield their name part
  ("Trump-Regierung" → "Trump"; not "US-Sondergesandte": parts need 3+ letters).
* Other languages: runs of capitalised words joined by connectors ("Bank of England", "bin Salman"). A lone
  capitalised word at the start of a sentence counts only if it is capitalised elsewhere too, or (English)
  HanTa's English model calls it a proper noun. Title Case / ALL CAPS headlines keep only words the body or
  the table confirms.
* Everywhere: titles ("Präsident", "Foreign Minister"), months and weekdays, sentence-initial function words
  and lone nationality adjectives are not names; acronyms ("EU", "CDU") are. The word lists are data in
  ``newsdesk/data/exonyms.toml``.

HanTa (:mod:`newsdesk.lang.tagger`) is loaded on first use, not at import time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from newsdesk.lang.exonyms import entity_key, fold, is_acronym, lexicon, loose, same_entity
from newsdesk.lang.namewords import after_number, firm_name, street_name
from newsdesk.lang.tagger import (
    ENGLISH,
    GERMAN,
    RARE_BELOW,
    UNKNOWN_BELOW,
    one_stem,
    tagger,
    top_logprob,
    top_tag,
)

__all__ = ["Entity", "entity_key", "extract_entities", "same_entity"]

_CLITIC = re.compile(r"['’](?:s|m|d|ll|ve|re|t)$")
_INITIAL = re.compile(r"^[A-Z]\.$")
_ABBREVIATION = re.compile(r"^[^.]+\.$")  # "St.", "Dr." (not "U.S.")
_MONEY = re.compile(r"^[A-Z]{3}\d")  # "CHF18", "USD5bn"
_ABBREVIATIONS = (
    "Dr|Mr|Mrs|Ms|Mx|Prof|St|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|Jr|Sr|Inc|Corp|Ltd|Co|Nr|Abs|Art|bzw"
)
_MONTHS = "Jan|Feb|Febr|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Okt|Nov|Dec|Dez"
_TOKEN = re.compile(
    rf"(?P<abbr>\b(?:{_ABBREVIATIONS}|{_MONTHS})\.(?=\s))"
    r"|(?P<dotted>\b(?:[A-Z]\.){2,})"
    r"|(?P<initial>\b[A-Z]\.(?=[ \t]+[A-Z]))"
    r"|(?P<word>[^\W_]+(?:[-'’][^\W_]+)*)"
    r"|(?P<end>[.!?]+|\n)"
    r"|(?P<punct>[^\w\s])"
)


@dataclass(frozen=True)
class Entity:
    """One mention of a named entity: ``text == source[start:end]``."""

    text: str  # surface form as in the text, e.g. "Wladimir Putin", "Moskau"
    key: str  # matching key, e.g. "vladimir putin", "moscow"
    start: int
    end: int


class _Tok(NamedTuple):
    text: str
    start: int
    end: int
    word: bool  # False for punctuation (including quotes and breaks after "'s")


def _narrow(tok: _Tok, words: dict[str, frozenset[str]]) -> list[_Tok]:
    """Non-German hyphenated word → its capitalised part and a break ("Kremlin-backed" → "Kremlin")."""
    parts = [(m.group(), tok.start + m.start(), tok.start + m.end()) for m in re.finditer(r"[^-]+", tok.text)]
    caps = [p[:1].isupper() and fold(p) not in words["prefixes"] for p, _, _ in parts]
    if all(caps) or (parts[0][0] in words["particles"] and all(caps[1:])) or not any(caps):
        return [tok]
    lead = caps.index(False)
    chosen = parts[:lead] if lead else parts[len(caps) - caps[::-1].index(False) :]
    if not chosen:
        return [tok]
    start, end = chosen[0][1], chosen[-1][2]
    part = _Tok(tok.text[start - tok.start : end - tok.start], start, end, True)
    return [part, _Tok("-", end, end, False)] if lead else [_Tok("-", start, start, False), part]


def _sentences(text: str, german: bool, words: dict[str, frozenset[str]]) -> list[list[_Tok]]:
    """Tokens with offsets, split into sentences at . ! ? and line breaks."""
    sentences: list[list[_Tok]] = [[]]
    for match in _TOKEN.finditer(text):
        kind, value, start = match.lastgroup, match.group(), match.start()
        if kind == "end":
            if sentences[-1]:
                sentences.append([])
        elif kind != "word":
            sentences[-1].append(_Tok(value, start, match.end(), kind != "punct"))
        else:
            clitic = _CLITIC.search(value)
            value = value[: clitic.start()] if clitic and len(value) > len(clitic.group()) + 1 else value
            tok = _Tok(value, start, start + len(value), True)
            sentences[-1].extend([tok] if german or "-" not in value else _narrow(tok, words))
            sentences[-1].extend(
                [_Tok("'", tok.end, tok.end, False)] if clitic and value != match.group() else []
            )
    return [s for s in sentences if s]


def _first_word(sent: list[_Tok]) -> int:
    return next((i for i, t in enumerate(sent) if t.word), -1)


class _Extractor:
    """One extraction over one text; holds the text-wide evidence (capitalisation, names seen alone)."""

    def __init__(self, text: str, language: str) -> None:
        self.text, self.lex, lang = text, lexicon(), language.lower()
        self.w, self.german, self.english = self.lex.words, lang.startswith("de"), lang.startswith("en")
        self.joiners = self.w["connectors"] | self.w["articles"]
        self.sentences = _sentences(text, self.german, self.w)
        toks = [t for s in self.sentences for t in s if t.word]
        self.folded = {fold(t.text) for t in toks}
        self.lower = {fold(t.text) for t in toks if t.text[:1].islower()}
        self.shouts = [self._shout(s) for s in self.sentences]
        ordinary = [
            s[_first_word(s) + 1 :] for s, shout in zip(self.sentences, self.shouts, strict=True) if not shout
        ]
        self.inside = {fold(t.text) for s in ordinary for t in s if t.word and t.text[:1].isupper()}
        tag = tagger(GERMAN).tag_sent if self.german else lambda s, taglevel: [""] * len(s)
        self.tags: list[list[str]] = [tag([t.text for t in s], taglevel=0) for s in self.sentences]
        self.confirmed: set[str] | None = None  # for headlines: words of the body's entities
        self.singletons: set[str] = set()  # German: keys of names that stand alone ("Trump")
        self.known: set[str] = set()  # German: surnames HanTa tagged NN, learnt after a title

    def _is_title(self, word: str) -> bool:  # also the last part: "US-Präsident", "Altenried-Chef"
        return fold(word).rpartition(" ")[2] in self.w["titles"]

    def _demonym(self, word: str) -> bool:
        folded = fold(word)
        return folded in self.w["demonyms"] or (folded[-1:] == "s" and folded[:-1] in self.w["demonyms"])

    def _shout(self, sent: list[_Tok]) -> str:
        """ "caps" for ALL CAPS, "title" for a Title Case headline, "" otherwise (never for German)."""
        words = [t.text for t in sent if t.word and any(c.isalpha() for c in t.text)]
        if self.german or len(words) < 3:
            return ""
        if all(w.isupper() for w in words if len(w) > 1):
            return "caps"
        lowercase = any(w[:1].islower() and w not in self.w["small"] for w in words)
        return "title" if not lowercase and sum(w[:1].isupper() for w in words) >= 3 else ""

    def _place_name(self, sent: list[_Tok], i: int, tag: str) -> bool:
        """Is a German word the tagger takes for a common word the name of a place? Right after a
        place noun ("im Weiler Hinterfarnern", "im Stadtteil Bahrenfeld", "in der Siedlung
        Ziegelhof"), unless it is a common word; right after a bare "in" or "bei" (no article:
        "In Hinterfarnern dürfen …"), when the tagger has never seen it and it is no compound of
        known words ("in Haft", "in Gefahr" are common words, "in Turnhallen" a compound)."""
        if tag in ("NE", "FM") or i == 0 or not sent[i - 1].word or "-" in sent[i].text:
            return False
        before, word = fold(sent[i - 1].text), sent[i].text
        if before in self.w["place_nouns"] and sent[i - 1].text[:1].isupper():
            return top_logprob(word) < RARE_BELOW
        return before in ("in", "bei") and top_logprob(word) < UNKNOWN_BELOW and one_stem(word)

    def _place_noun_before_name(self, sent: list[_Tok], i: int) -> bool:
        """A place noun before a capitalised word, not after one ("der Weiler Hinterfarnern";
        but "Sabine Weiler")."""
        if fold(sent[i].text) not in self.w["place_nouns"] or i + 1 >= len(sent):
            return False
        after, before = sent[i + 1], sent[i - 1] if i else None
        return after.word and after.text[:1].isupper() and not (before and before.text[:1].isupper())

    def _candidates(self, sent: list[_Tok], tags: list[str], shout: str) -> list[bool]:
        """Tokens that can be (part of) a name."""
        out = []
        for i, (tok, tag) in enumerate(zip(sent, tags, strict=True)):
            text, folded, last = tok.text, fold(tok.text), tok.text.rsplit("-", 1)[-1]
            particle = text.split("-", 1)[0] in self.w["particles"] and "-" in text
            ok = (
                tok.word
                and (text[:1].isupper() or particle)
                and len(folded) > 1
                and text not in self.lex.never
            )
            ok = ok and not _MONEY.match(text) and (text[-1] != "." or "." in text[:-1] or text == "St.")
            ok = ok and not (folded in self.w["currencies"] and after_number(self.text, tok.start))
            table = ok and self.lex.lookup(text) is not None
            if ok and self.german and self._place_noun_before_name(sent, i):
                ok = table  # "zum Weiler Hinterfarnern": the noun is not part of the name
            elif ok and self.german:  # "ORF-Interview" is a compound noun, "Baden-Württemberg" a name
                noun = "-" in text and (self._is_title(last) or top_tag(last, GERMAN) == "NN")
                ok = (
                    table
                    or is_acronym(text)
                    or folded in self.known
                    or (tag in ("NE", "FM") and not noun)
                    or self._place_name(sent, i, tag)
                    or street_name(text)
                    or firm_name([(t.text, t.word) for t in sent], tags, i)
                )
            elif ok and shout and self.confirmed is not None:
                ok = table or folded in self.confirmed or (shout == "title" and is_acronym(text))
            out.append(bool(ok))
        return out

    def _spans(self, sent: list[_Tok]) -> dict[int, int]:
        """Multi-word table names, start index → end index ("Weißen Haus", "European Union")."""
        spans: dict[int, int] = {}
        i = 0
        while i < len(sent):
            for n in range(min(6, len(sent) - i), 1, -1):
                part = sent[i : i + n]
                phrase = " ".join(fold(t.text) for t in part)
                capitals = part[0].text[:1].isupper() and part[-1].text[:1].isupper()
                if (
                    capitals
                    and all(t.word for t in part)
                    and (phrase in self.lex.ids or (self.german and loose(phrase) in self.lex.loose))
                ):
                    spans[i] = i + n
                    break
            i = spans.get(i, i + 1)
        return spans

    def _link(self, sent: list[_Tok], j: int, cand: list[bool]) -> int | None:
        """Index of the name after a connector ("of", "von der") or an initial at ``j``, else None."""
        initial = bool(_INITIAL.match(sent[j].text))
        k = j + 1 if initial or sent[j].text in self.w["connectors"] else len(sent)
        k += int(k < len(sent) and sent[k].text in self.w["articles"] and not initial)
        if k >= len(sent) or not sent[k].word or not sent[k].text[:1].isupper():
            return None
        after_article = self.german and sent[j].text != "of" and k > j + 1  # "von der Leyen" (tagged NN)
        unknown = not is_acronym(sent[k].text) and self.lex.lookup(sent[k].text) is None
        # "von der Leyen", but not "Gerald Pölzl von der Staatsanwaltschaft"
        unknown = unknown and top_logprob(sent[k].text) < UNKNOWN_BELOW
        return k if cand[k] or (after_article and unknown) else None

    def _runs(
        self, sent: list[_Tok], tags: list[str], cand: list[bool], spans: dict[int, int]
    ) -> list[tuple[int, int]]:
        """Name runs and table spans as (start, end); German "Bank of England" starts at a plain noun."""
        runs, i, n = [], 0, len(sent)
        while i < n:
            if i in spans:
                runs.append((i, spans[i]))
                i = spans[i]
                continue
            of_start = self.german and sent[i].text[:1].isupper() and i + 1 < n and sent[i + 1].text == "of"
            if not (cand[i] or (of_start and self._link(sent, i + 1, cand))):
                i += 1
                continue
            j = i + 1
            while j < n and j not in spans and (cand[j] or self._link(sent, j, cand)):
                j = j + 1 if cand[j] else (self._link(sent, j, cand) or j) + 1
            nxt = sent[j] if self.german and j == i + 1 and j < n and tags[i] == "NE" and i else None
            if nxt and self._is_title(sent[i - 1].text) and tags[j] == "NN" and nxt.text[:1].isupper():
                plain = (
                    self._is_title(nxt.text) or fold(nxt.text) in self.w["dates"] or self.lex.lookup(nxt.text)
                )
                if not plain and entity_key(sent[i].text) not in self.singletons:  # "Kanzler Matthias Kerber"
                    self.known.add(fold(nxt.text))
                    j += 1
            runs.append((i, j))
            i = j
        return runs

    def _title_end(self, sent: list[_Tok], i: int, end: int) -> int | None:
        """End of a title chain at ``i`` ("Russian Deputy Foreign Minister", "Minister of Commerce")."""
        p, last, after_of = i, None, False
        while p < end:
            phrases = [
                (n, " ".join(fold(t.text) for t in sent[p : p + n])) for n in (3, 2, 1) if p + n <= end
            ]
            titled = [
                n
                for n, phrase in phrases
                if (phrase.rpartition(" ")[2] if n == 1 else phrase) in self.w["titles"]
            ]
            n = titled[0] if titled else 0
            if n:
                p, last, after_of = p + n, p + n, False
            elif last is not None and sent[p].text in ("of", "the"):
                p, after_of = p + 1, True
            elif fold(sent[p].text) in self.w["modifiers"] or self._demonym(sent[p].text):
                p += 1
                last = p if after_of else last
            else:
                break
        return last

    def _segments(
        self, sent: list[_Tok], tags: list[str], span: tuple[int, int], shout: str
    ) -> list[list[int]]:
        """Split a run at titles, dates and sentence-initial stop words; trim connectors."""
        segments: list[list[int]] = []
        cur: list[int] = []

        def flush() -> None:
            while cur and (sent[cur[0]].text in self.joiners or _INITIAL.match(sent[cur[0]].text)):
                cur.pop(0)
            while cur and (sent[cur[-1]].text in self.joiners or _INITIAL.match(sent[cur[-1]].text)):
                cur.pop()
            segments.extend([cur.copy()] if cur else [])
            cur.clear()

        (i, end), first = span, _first_word(sent)
        while i < end:
            text, folded, prev = sent[i].text, fold(sent[i].text), sent[i - 1]
            stop = (
                folded in self.w["stop"]
                and (i == first or shout)
                and (shout == "caps" or not is_acronym(text))
            )
            title_end = self._title_end(sent, i, end)
            if text in self.joiners or _INITIAL.match(text):
                cur.append(i)
            elif folded in self.w["dates"] or stop:
                flush()
            elif title_end is not None:
                if title_end == end and title_end - i == 1 and cur:
                    cur.append(i)  # a surname that is a title word: "Stephen King"
                else:
                    flush()
                i = title_end
                continue
            elif not (self._demonym(text) and not cur and (i + 1 == end or not sent[i + 1].word)):
                if self.german and cur and cur[-1] == i - 1 and tags[i - 1] == "NE" and prev.text[-1] != ".":
                    alone = entity_key(self._key_text(prev)) in self.singletons  # "dass Trump Putin anrief"
                    place = self.lex.lookup(prev.text)  # "im Kreml Putin"
                    if alone or (place is not None and place not in self.lex.people):
                        flush()
                cur.append(i)
            i += 1
        flush()
        return segments

    def _keep(self, sent: list[_Tok], seg: list[int]) -> bool:
        """Drop one-word non-names: dates, titles, abbreviations, unconfirmed sentence starters."""
        text, folded = sent[seg[0]].text, fold(sent[seg[0]].text)
        if len(seg) > 1 or self.german or is_acronym(text) or self.lex.lookup(text):
            plain = folded in self.w["dates"] or self._is_title(text) or bool(_ABBREVIATION.match(text))
            plain = plain or (folded in self.w["stop"] and not is_acronym(text))  # "The" before a line break
            return len(seg) > 1 or not plain
        if folded.isdigit() or folded in self.w["dates"] or self._is_title(text) or self._demonym(text):
            return False
        if seg[0] != _first_word(sent) or folded in self.inside:
            return True
        if folded in self.lower or folded in self.w["stop"]:
            return False
        return top_tag(text, ENGLISH).startswith("NP") if self.english else not folded.endswith(("ly", "ing"))

    def _key_text(self, tok: _Tok) -> str:
        """German genitive → base form for the key, when the text or table has it: "Putins" → "Putin"."""
        text, base = tok.text, tok.text[:-1]
        genitive = self.german and len(text) > 3 and text[-1] in "s'" and self.lex.lookup(text) is None
        return base if genitive and (fold(base) in self.folded or self.lex.lookup(base)) else text

    def _compounds(self, sent: list[_Tok], taken: set[int]) -> list[tuple[int, int]]:
        """German: name parts of hyphenated compounds as offsets ("Trump-Regierung" → "Trump")."""
        found = []
        for i, tok in enumerate(sent):
            offset = tok.start
            for part in tok.text.split("-")[:-1] if i not in taken and tok.word else []:
                folded = fold(part)
                blocked = folded in self.w["prefixes"] or folded in self.w["stop"] or self._is_title(part)
                name = self.lex.lookup(part) is not None or is_acronym(part)
                shape = len(part) >= 3 and part[:1].isupper() and part not in self.lex.never
                if shape and (name or (not blocked and top_tag(part, GERMAN) == "NE")):
                    found.append((offset, offset + len(part)))
                offset += len(part) + 1
        return found

    def _entity(self, a: int, b: int, key_text: str | None = None) -> Entity:
        return Entity(self.text[a:b], entity_key(self.text[a:b] if key_text is None else key_text), a, b)

    def _sentence(self, index: int) -> list[Entity]:
        sent, tags, shout = self.sentences[index], self.tags[index], self.shouts[index]
        cand, spans, found = self._candidates(sent, tags, shout), self._spans(sent), []
        runs = self._runs(sent, tags, cand, spans)
        for start, end in runs:
            if start in spans:
                segments = [list(range(start, end))]
            else:
                segments = [s for s in self._segments(sent, tags, (start, end), shout) if self._keep(sent, s)]
            for seg in segments:
                key_text = " ".join(self._key_text(sent[i]) for i in seg)
                found.append(self._entity(sent[seg[0]].start, sent[seg[-1]].end, key_text))
        taken = {i for start, end in runs for i in range(start, end)}
        return found + [self._entity(a, b) for a, b in (self._compounds(sent, taken) if self.german else [])]

    def _learn(self) -> None:
        """German: names standing alone anywhere (they split runs), then surnames learnt after titles."""
        for sent, tags in zip(self.sentences, self.tags, strict=True):
            runs = self._runs(sent, tags, self._candidates(sent, tags, ""), {})
            alone = [(sent[a].start, sent[a].end) for a, b in runs if b - a == 1 and tags[a] == "NE"]
            alone += self._compounds(sent, {i for a, b in runs for i in range(a, b)})
            self.singletons |= {
                entity_key(self._key_text(_Tok(self.text[a:b], a, b, True))) for a, b in alone
            }
        self.known.clear()
        for sent, tags in zip(self.sentences, self.tags, strict=True):
            self._runs(sent, tags, self._candidates(sent, tags, ""), {})

    def run(self) -> list[Entity]:
        if self.german:
            self._learn()
        entities: list[Entity] = []
        for index in sorted(range(len(self.sentences)), key=lambda i: bool(self.shouts[i])):
            if self.shouts[index] and self.confirmed is None and not all(self.shouts):
                self.confirmed = {word for e in entities for word in fold(e.text).split()}
            entities += self._sentence(index)
        return sorted(entities, key=lambda e: (e.start, e.end))


def extract_entities(text: str, language: str) -> list[Entity]:
    """Every named-entity mention in ``text`` (ISO 639-1 ``language``; "de…" uses HanTa), in text order."""
    if not text or not text.strip():
        return []
    return _Extractor(text, language).run()
