"""Roles of a sentence's anchors: which slot a name or a number fills, so that claim and passage can
be compared slot by slot (a value that occurs elsewhere in the source does not count).

No parser for German ships here, so roles are read from the words around an anchor (data:
``[slots]`` in ``newsdesk/data/verify.toml``):

* a **name** fills ``prep:<role>`` after a preposition ("in Graz", "nach Kiew", "mit Putin"; German
  and English prepositions share role names: "in"/"in", "nach"/"to"), ``title:<lemma>`` after a
  title noun ("Innenministerin Berger" → ``title:innenminister``), ``verb:<lemma>`` as the object of a
  full verb ("traf Berger", "met Berger") and ``subj:<lemma>`` before its verb ("Witkoff traf").
  A verb's object may also be a plain noun in the passage ("traf den Landrat"): :func:`fillers`.
* a **number** has a ``head`` (the noun it counts: "250 Soldaten" → soldat), an ``owner`` (the name
  nearest before it in its clause: "die CDU kam auf 23,4 Prozent" → CDU), for a German share also
  the ``phrase`` that owns it (the lemmas of the capitalised words before it in its clause, outside
  prepositional phrases: "bei der Wahl kamen die Grünen auf 18,9 Prozent" → {grüne}; "die Freien
  Wähler erreichten 23,4 Prozent" → {frei, wähler}: a noun phrase, not only a name the entity
  extractor knows) and a ``frame`` (years in its clause: "der Rekord von 2013 lag bei 12,89 Metern"
  → 2013).

Clauses are cut at commas, semicolons, "und"/"and", "während"/"while" and dashes.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from newsdesk.lang.entities import Entity
from newsdesk.lang.exonyms import fold, lexicon
from newsdesk.lang.quantities import Quantity
from newsdesk.lang.words import WORD, analyze, lemma, same_word, stopwords, synonym_keys
from newsdesk.verify.text import data

_CLAUSE = re.compile(r"[,;:–—]\s|\s(?:und|and|while|whereas|während|wobei|but|aber|sondern)\s")
_NOT_OWNER = ("V", "ART", "PPER", "PD", "PI")  # verbs, articles, pronouns: no owner of a share
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")


@dataclass(frozen=True)
class Slot:
    """A role an anchor fills: ``kind`` is prep | title | verb | subj, ``key`` the role's word."""

    kind: str
    key: str


@dataclass(frozen=True)
class NumberContext:
    head: str  # lemma of the counted noun ("" for none)
    owner: str  # text of the name that owns the number in its clause ("" for none)
    frame: frozenset[int]  # years in the number's clause
    phrase: frozenset[str] = frozenset()  # lemmas of the noun phrase owning a German share


@functools.cache
def _tables() -> tuple[dict[str, str], frozenset[str]]:
    raw = data()["slots"]
    preps = {str(word).lower(): role for role, words in raw["prepositions"].items() for word in words}
    return preps, frozenset(str(w).lower() for w in raw["skip"])


@functools.cache
def speech_verbs() -> frozenset[str]:
    return frozenset(str(w).lower() for w in data()["slots"]["speech"])


def _titles() -> frozenset[str]:
    return lexicon().words["titles"]


def same_slot(a: Slot, b: Slot) -> bool:
    """Whether two slots are one role (verbs and titles compared as words: "traf"/"met")."""
    return a.kind == b.kind and (a.key == b.key or (a.kind != "prep" and same_word(a.key, b.key)))


def _words_before(text: str, start: int, n: int = 4) -> list[re.Match[str]]:
    return list(WORD.finditer(text[max(0, start - 80) : start]))[-n:]


def _words_after(text: str, end: int, n: int = 4) -> list[re.Match[str]]:
    return list(WORD.finditer(text[end : end + 80]))[:n]


def clause_of(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause (see the module docstring) around ``text[start:end]``."""
    left = 0
    for match in _CLAUSE.finditer(text, 0, start):
        left = match.end()
    right = _CLAUSE.search(text, end)
    return left, right.start() if right else len(text)


def entity_slots(text: str, entity: Entity, language: str, others: tuple[Entity, ...] = ()) -> set[Slot]:
    """The slots the name ``entity`` fills in ``text``."""
    preps, skip = _tables()
    slots: set[Slot] = set()
    before = _words_before(text, entity.start)
    words = [m.group() for m in before]
    # skip articles, adjectives and titles back to a preposition or verb
    for i, word in enumerate(reversed(words)):
        low = word.lower()
        if low in preps:
            slots.add(Slot("prep", preps[low]))
            break
        found, tag = analyze(word, language)
        titled = tag.startswith(("NN", "NP")) and (word[:1].isupper() or not language.startswith("de"))
        if i == 0 and (titled or fold(word) in _titles()) and low not in skip and low not in preps:
            slots.add(Slot("title", found))
            continue
        if tag.startswith("VV"):
            slots.add(Slot("speaker", "") if found in speech_verbs() else Slot("verb", found))
            break
        if low in skip or low in stopwords() or tag.startswith(("ADJ", "ART", "JJ", "DT")):
            continue
        break
    following = _words_after(text, entity.end, 2)
    if following and lemma(following[0].group(), language) in speech_verbs():
        slots.add(Slot("speaker", ""))  # "Roth said", "Kogler sagte"
    left, _ = clause_of(text, entity.start, entity.end)
    opening = [m.group() for m in WORD.finditer(text[left : entity.start])]
    if not any(slot.kind == "prep" for slot in slots) and all(
        w.lower() not in preps
        and (w.lower() in skip or w.lower() in stopwords() or analyze(w, language)[1].startswith("NN"))
        for w in opening
    ):
        slots.add(Slot("subj", ""))  # the clause opens with it: its subject
    return slots


def fillers(text: str, slot: Slot, language: str) -> list[tuple[str, int, int]]:
    """What fills ``slot`` in ``text``: ``(word, start, end)`` of the first noun or name after each
    preposition or verb of that role (for ``prep`` and ``verb`` slots only)."""
    if slot.kind not in ("prep", "verb"):
        return []
    preps, skip = _tables()
    found = []
    matches = list(WORD.finditer(text))
    for i, match in enumerate(matches):
        word = match.group()
        if slot.kind == "prep":
            hit = preps.get(word.lower()) == slot.key
        else:
            hit = analyze(word, language)[0] == slot.key and analyze(word, language)[1].startswith("VV")
        if not hit:
            continue
        for follow in matches[i + 1 : i + 5]:
            low = follow.group().lower()
            if low in skip or low in stopwords():
                continue
            tag = analyze(follow.group(), language)[1]
            if (
                tag.startswith(("ADJ", "JJ", "CD", "CARD"))
                or fold(follow.group()) in lexicon().words["demonyms"]
            ):
                continue  # "with Russian President Putin": the adjective names no one
            if tag.startswith(("NN", "NE", "NP")) or follow.group()[:1].isupper():
                found.append((follow.group(), follow.start(), follow.end()))
            break
    return found


def number_context(
    text: str, quantity: Quantity, entities: tuple[Entity, ...], language: str
) -> NumberContext:
    """The head noun, owner name and year frame of a number in ``text`` (module docstring)."""
    left, right = clause_of(text, quantity.start, quantity.end)
    head = ""
    if quantity.unit in ("", "percent") or quantity.kind == "count":
        following = _words_after(text, quantity.end, 4)
        for n, match in enumerate(following[:3]):
            word = match.group()
            if word.lower() in stopwords() or word.lower() in _tables()[1]:
                continue
            _, tag = analyze(word, language)
            if tag.startswith(("ADJ", "JJ")) and word[:1].islower():
                continue
            if tag.startswith(("NN", "NP")) or (language.startswith("de") and word[:1].isupper()):
                head = lemma(word, language)
                if not language.startswith("de") and n + 1 < len(following):
                    head = _compound_head(head, following[n + 1].group(), language)
            break
    owners = [e for e in entities if left <= e.start and e.end <= quantity.start]
    # the name that opens the number's clause owns a share, count or sum ("die CDU kam auf 31,2 Prozent")
    owner = owners[0].text if owners and quantity.kind in ("percent", "count", "money") else ""
    frame = frozenset(
        int(m.group())
        for m in _YEAR.finditer(text, left, right)
        if not (quantity.start <= m.start() < quantity.end)
    )
    share = quantity.unit == "percent"
    phrase = _owner_phrase(text[left : quantity.start], language) if share else frozenset()
    return NumberContext(head, owner, frame, phrase)


def _compound_head(first: str, second: str, language: str) -> str:
    """The head of an English noun-noun compound ("14 fire brigades"): the compound when the synonym
    table knows it ("fire brigade" = Feuerwehr), else its last noun; ``first`` alone when ``second``
    is no noun."""
    found, tag = analyze(second, language)
    if not tag.startswith("NN"):
        return first
    joined = f"{first} {found}"
    return joined if synonym_keys(joined) != {joined} else found


def _owner_phrase(opening: str, language: str) -> frozenset[str]:
    """Lemmas of the capitalised words of a German clause opening that stand outside its
    prepositional phrases and are no verb: the noun phrase that owns a share."""
    if not language.startswith("de"):
        return frozenset()
    preps, skip = _tables()
    found = set()
    in_phrase = False
    for match in WORD.finditer(opening):
        word = match.group()
        low = word.lower()
        found_lemma, tag = analyze(word, language)
        if low in preps or tag.startswith("APPR"):
            in_phrase = True  # a prepositional phrase runs to its noun
            continue
        capital = word[:1].isupper()
        if in_phrase:
            noun = (capital and not tag.startswith(("ART", "ADJ"))) or tag.startswith(("NN", "NE"))
            in_phrase = not noun
            continue
        if not capital or low in stopwords() or low in skip or tag.startswith(_NOT_OWNER):
            continue
        found.add(found_lemma)
    return frozenset(found)
