"""The people of a story: who is named, with which role, and where a sentence mentions them.

A two- or three-word name is a person's when a role stands before it as a title ("Trainer Matthias
Kronberger", "Katastrophenschutz-Landesrat Wolfgang Hinterleitner"), a party follows it ("Annette
Kallweit (CDU)"), its first word is a common first name, or it is the subject of a verb of saying
(lists in ``data/discourse.toml``). :func:`people` collects them over the story's German reports,
with the spelling most reports use, the surname and a role a report puts before the name.
:func:`persons_in` finds the mentions in a sentence: full names, and surnames on their own.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from dataclasses import dataclass

from newsdesk.lang.exonyms import fold, lexicon
from newsdesk.write.evidence import Evidence
from newsdesk.write.wording import data, feminine_noun, inside, is_role, quoted_spans, word_tag, words


@functools.cache
def _first_names() -> frozenset[str]:
    return frozenset(data()["persons"]["first_names"].split())


@dataclass(frozen=True)
class Person:
    """A person of the story: full name, surname, a role that can stand before the name, gender."""

    key: str  # folded full name ("annette kallweit")
    name: str  # as most reports write it ("Annette Kallweit")
    surname: str  # "Kallweit"
    role: str = ""  # "Bundesgesundheitsministerin" ("" when no German report gives one)
    gender: str = ""  # "m", "f" or "" (unknown)


@dataclass(frozen=True)
class People:
    """The people of a story, by folded full name and by (unambiguous) folded surname."""

    by_key: dict[str, Person]
    by_surname: dict[str, Person]

    def find(self, name: str) -> Person | None:
        """The person a name mention denotes: the full name, the surname or its genitive ("Kallweits")."""
        folded = fold(name)
        if folded in self.by_key:
            return self.by_key[folded]
        found = self.by_surname.get(folded)
        if found is None and folded.endswith("s") and len(folded) > 4:
            found = self.by_surname.get(folded[:-1])
        return found


def _role_before(text: str, start: int) -> str:
    match = re.search(r"([^\W\d_][\w\-]*)\s+$", text[:start])
    return match.group(1) if match and is_role(match.group(1)) else ""


def _party_after(text: str, end: int) -> bool:
    parties = "|".join(re.escape(p) for p in data()["persons"]["parties"])
    return bool(re.match(rf"\s*\((?:{parties})\)", text[end:]))


def _speaker(text: str, start: int, end: int) -> bool:
    """Whether the name at ``start``–``end`` is the subject of a verb of saying ("sagte X", "X sagte")."""
    verbs = "|".join(data()["speech"]["verbs"])
    return bool(re.search(rf"\b(?:{verbs})\s+$", text[:start]) or re.match(rf"\s+(?:{verbs})\b", text[end:]))


_NAME_WORD = re.compile(r"(?<![\w\-])[A-ZÄÖÜ][a-zäöüßéèáàíóúñç]+(?:-[A-ZÄÖÜ][a-zäöüßéèáàíóúñç]+)?(?![\w\-])")


@functools.lru_cache(maxsize=8192)
def name_spans(text: str) -> tuple[tuple[int, int, str], ...]:
    """Two-word person names in German text: (start, end, role before it or "").

    A pair of capitalised words is a name when the first is a common first name, a role stands
    before it, a party follows it, or it is the subject of a verb of saying. (The entity tagger
    drops surnames that HanTa reads as nouns or verbs, "Kronberger", "Kallweit"; this does not.)"""
    matches = list(_NAME_WORD.finditer(text))
    quoted = quoted_spans(text)
    found: list[tuple[int, int, str]] = []
    taken = -1
    for first, last in itertools.pairwise(matches):
        if first.start() < taken or text[first.end() : last.start()] != " " or inside(first.start(), quoted):
            continue
        a, b = first.group(), last.group()
        if (
            a in words("function")
            or b in words("function")
            or is_role(a)
            or is_role(b)
            or word_tag(b) in ("ART", "APPR")
        ):
            continue
        role = _role_before(text, first.start())
        if (
            a in _first_names()
            or role
            or _party_after(text, last.end())
            or (_speaker(text, first.start(), last.end()) and word_tag(a) == "NE")
        ):
            found.append((first.start(), last.end(), role))
            taken = last.end()
    return tuple(found)


def people(evidence: Evidence) -> People:
    """Every person the story's German reports name (see the module docstring)."""
    forms: dict[str, Counter[str]] = {}
    roles: dict[str, Counter[str]] = {}
    for unit in evidence.units:
        if unit.debris or unit.language != "de":
            continue
        for start, end, role in name_spans(unit.core):
            name = unit.core[start:end]
            if name in evidence.typos or any(w in evidence.typos for w in name.split()):
                continue
            if lexicon().lookup(name) is not None:
                continue
            key = fold(name)
            forms.setdefault(key, Counter())[name] += 1
            if role:
                roles.setdefault(key, Counter())[role] += 1
    by_key: dict[str, Person] = {}
    surnames: Counter[str] = Counter()
    for key, counted in forms.items():
        name = counted.most_common(1)[0][0]
        role = roles[key].most_common(1)[0][0] if key in roles else ""
        gender = ("f" if role.endswith("in") or feminine_noun(role) else "m") if role else ""
        by_key[key] = Person(key, name, name.split()[-1], role, gender)
        surnames[fold(name.split()[-1])] += 1
    by_surname = {fold(p.surname): p for p in by_key.values() if surnames[fold(p.surname)] == 1}
    return People(by_key, by_surname)


def persons_in(text: str, found: People) -> list[tuple[Person, int, int, bool]]:
    """(person, start, end, full name?) for each mention of a person in ``text``, outside quotes:
    full names, and surnames (or their genitive) on their own."""
    quoted = quoted_spans(text)
    result: list[tuple[Person, int, int, bool]] = []
    covered: list[tuple[int, int]] = []
    for start, end, _ in name_spans(text):
        person = found.by_key.get(fold(text[start:end]))
        if person is not None:
            result.append((person, start, end, True))
            covered.append((start, end))
    for match in _NAME_WORD.finditer(text):
        if inside(match.start(), quoted) or inside(match.start(), covered):
            continue
        person = found.find(match.group())
        if person is not None and fold(match.group()) != person.key:
            result.append((person, match.start(), match.end(), False))
    return sorted(result, key=lambda m: m[1])


def subject_at(text: str, start: int) -> bool:
    """Whether a name at ``start`` is the subject of its sentence: it opens the sentence (after a
    role: "Trainer Matthias Kronberger brachte …") or names the speaker of a quote ("…“, sagte X")."""
    head = text[:start].strip()
    if not head or (len(head.split()) == 1 and is_role(head)) or head in ("Auch", "Auch die", "Auch der"):
        return True
    verbs = "|".join(data()["speech"]["verbs"])
    return bool(re.search(rf"[“\"«],?\s*(?:{verbs})(?:\s+\w+)?\s*$", head))
