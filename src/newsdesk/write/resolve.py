"""Reading-order resolution: every reference of a sentence has its antecedent in the article.

The sentences arrive in reading order (:mod:`newsdesk.write.order`). For each reference that
:mod:`newsdesk.write.discourse` found, one of three things holds, or the sentence is left out:

1. the sentence it continues in its report comes right before it in the article (then every
   reference is resolved, as in the report);
2. the antecedent is in the article: an additive connective ("Auch …") follows any sentence; a
   pronoun, possessive or person description follows a sentence about that person (the person
   that sentence names first); a surname follows the person's introduction;
3. the mention is replaced by the person's name, where the verifier can check it (the report names
   the person in the cited sentence or next to it): "Er" → "Mayrhofer", "sein Lokal" →
   "Mayrhofers Lokal", "Die englische Nationalspielerin" → "Die englische Nationalspielerin Ellie
   Marsden", "sagte Kallweit" → "sagte Bundesgesundheitsministerin Annette Kallweit".

People are introduced once: the first mention carries the full name (with the role a report puts
before it, where it can stand as a title), later full mentions are cut to the surname
("Trainer Matthias Kronberger brachte …" → "Kronberger brachte …"). Text inside quotes is never
changed. Every change is recorded on the :class:`Piece` as an edit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsdesk.write.discourse import Discourse, Reference
from newsdesk.write.evidence import Unit
from newsdesk.write.people import Person, persons_in
from newsdesk.write.select import Candidate
from newsdesk.write.wording import is_role, word_tag

_ARTICLE_OR_ADJECTIVE = re.compile(
    r"(?:\b(?:der|die|das|den|dem|des|ein|eine|einen|einem|einer)|[a-zäöüß]+e[nrs]?)\s+$"
)


@dataclass
class Piece:
    """A chosen sentence on its way into the article: its words after the writer's edits."""

    candidate: Candidate
    text: str
    persons: list[str] = field(default_factory=list)  # person keys in text order
    edits: list[str] = field(default_factory=list)  # what the writer changed, for the record
    agreeing: dict[str, Unit] = field(
        default_factory=dict
    )  # outlet → passage that carries the whole sentence
    partial: dict[str, Unit] = field(default_factory=dict)  # outlet → passage that carries part of it
    forced: bool = False  # attributed even right after a sentence of the same outlet (a disputed value)
    contrast: bool = False  # the other side of a dispute: "…, berichtete dagegen …"
    plain: bool = False  # no frame (the verifier read a frame's words as a wrong attribution)

    @property
    def unit(self) -> Unit:
        return self.candidate.unit


def genitive(name: str) -> str:
    """A name in the genitive before a noun: "Mayrhofers", "Lammers’"."""
    return name + ("’" if name.endswith(("s", "ß", "x", "z")) else "s")


def _introduce(person: Person, text: str, start: int) -> str:
    """The full name, with the role before it where a title can stand (after a verb, a quote or
    at the start; not after an article or an adjective)."""
    before = text[:start]
    previous = re.findall(r"[\w\-]+|[^\w\s]", before)
    if not person.role or (previous and is_role(previous[-1])) or _article_or_adjective(before):
        return person.name
    if previous and not (previous[-1].isalpha() and word_tag(previous[-1]).startswith("V")):
        return person.name  # only at the start or after a verb ("sagte Kallweit"), not in an apposition
    return f"{person.role} {person.name}"


def _article_or_adjective(before: str) -> bool:
    """Whether the word before a position is an article or an adjective ("die eingewechselte …")."""
    match = re.search(r"([\w\-]+)\s+$", before)
    if match is None:
        return False
    word = match.group(1)
    return bool(_ARTICLE_OR_ADJECTIVE.search(before)) and not word_tag(word).startswith("V")


def _replacement(reference: Reference, person: Person, name: str, text: str) -> tuple[int, int, str]:
    """The edit that puts ``name`` in place of (or next to) the reference."""
    start, end = reference.start, reference.end
    if reference.kind == "possessive":
        return start, end, genitive(name)
    if reference.kind == "description":
        described = text[start:end]
        if name == person.surname:  # already introduced: the surname stands for the description
            return start, end, name
        described = re.sub(r"(\d+-)Jährige", r"\1jährige", described)
        return start, end, f"{described} {name}"
    return start, end, name


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    for start, end, replacement in sorted(edits, key=lambda e: -e[0]):
        text = text[:start] + replacement + text[end:]
    if text[:1].islower():
        text = text[:1].upper() + text[1:]
    return text


class Resolver:
    """Resolves the references of sentences given in reading order (see the module docstring)."""

    def __init__(self, story: Discourse) -> None:
        self.story = story
        self.introduced: set[str] = set()
        self.kept: list[Piece] = []

    def add(self, candidate: Candidate) -> tuple[Piece | None, str]:
        """The sentence as it can stand here, or (None, reason) when it cannot."""
        story = self.story
        unit = candidate.unit
        previous = self.kept[-1] if self.kept else None
        adjacent = previous is not None and story.predecessor(unit) == previous.unit.key
        edits: list[tuple[int, int, str]] = []
        notes: list[str] = []
        named: set[str] = set()
        for reference in story.references(unit):
            if adjacent and reference.needs_name and previous is not None and not previous.persons:
                return None, f"„{reference.text}“: the sentence before names nobody"
            if adjacent:
                continue
            if reference.kind == "additive":
                if previous is None:
                    return None, f"„{reference.text}“ opens the article"
                continue
            if reference.strong:
                what = reference.text or reference.kind
                return None, f"„{what}“ points to a sentence that is not before it"
            person = story.people.by_key.get(reference.person)
            if person is None:
                return None, f"„{reference.text}“: nobody to point to"
            if reference.kind == "surname":
                if person.key in self.introduced or person.key in named:
                    continue
                if person.key not in reference.window:
                    return None, f"„{reference.text}“ is named before being introduced"
                introduction = _introduce(person, unit.core, reference.start)
                owner = reference.text != person.surname  # "Kallweits Vorgänger"
                edits.append(
                    (reference.start, reference.end, genitive(introduction) if owner else introduction)
                )
                notes.append(f"{reference.text} → {introduction}")
                named.add(person.key)
                continue
            if previous is not None and previous.persons[:1] == [person.key]:
                continue  # the sentence before is about that person
            if person.key in named and reference.kind in ("pronoun", "possessive"):
                continue  # named earlier in this sentence ("Pichler schätzt, dass er …")
            if person.key in self.introduced or person.key in named:
                name = person.surname
            elif person.key in reference.window:
                name = person.name
            else:
                return None, f"„{reference.text}“ refers to {person.name}, who is not introduced"
            edit = _replacement(reference, person, name, unit.core)
            edits.append(edit)
            notes.append(f"{reference.text} → {edit[2]}")
            named.add(person.key)
        for person, start, end, full in persons_in(unit.core, story.people):
            if not full or any(s <= start < e for s, e, _ in edits):
                continue
            if person.key in self.introduced or person.key in named:
                begin = start
                role = re.search(r"([\w\-]+)\s+$", unit.core[:start])
                if (
                    role
                    and is_role(role.group(1))
                    and unit.core[role.start(1) - 1 : role.start(1)] in ("", " ")
                ):
                    begin = role.start(1)
                edits.append((begin, end, person.surname))
                notes.append(f"{unit.core[begin:end]} → {person.surname}")
            else:
                introduced = _introduce(person, unit.core, start)
                if introduced != person.name:
                    edits.append((start, end, introduced))
                    notes.append(f"{person.name} → {introduced}")
                named.add(person.key)
        text = _apply(unit.core, edits)
        self.introduced |= named
        persons = list(dict.fromkeys(p.key for p, _, _, _ in persons_in(text, story.people)))
        piece = Piece(candidate, text, persons, notes)
        self.kept.append(piece)
        return piece, ""
