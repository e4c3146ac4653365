"""Discourse: what a sentence taken out of its report points back to.

:meth:`Discourse.references` finds, outside direct quotes, what a sentence depends on (word lists
in ``data/discourse.toml``; the people of the story come from :mod:`newsdesk.write.people`):

* ``pronoun``/``possessive``: "er", "sie", "sein…", "ihr…" with no noun or name before them in the
  sentence ("Er blieb unverletzt.", "…, sagte ihr Vorstandsvorsitzender.");
* ``description``: a definite description at the start or after a verb of saying that points back
  ("Die Österreicherin …", "Das Land …", "…, sagte der 52-Jährige."), not one a name or genitive
  makes unique ("Die Stadt Passau", "Die Vorsitzende des GKV-Spitzenverbands");
* ``demonstrative``: "Dies …", "Diese Summe …", "am selben Tag" (not "dieses Jahr");
* ``connective``: an opening that continues the sentence before ("Allerdings", "Bedingung ist");
  ``additive``: one that only needs some sentence before it ("Auch", "Zudem");
* ``surname``: a person named by the surname alone ("…, sagte Kallweit.");
* ``speech``: reported speech (Konjunktiv I) without its speaker; ``quote``: a direct quote
  without its speaker.

For a pronoun, possessive, description or surname the report usually says who is meant: the
nearest person named in the sentences before it (gender permitting, known from a role ending in
"-in" or from the pronoun). ``person`` holds that person's key, and ``window`` the names the
verifier will see next to the cited passage (it reads each cited passage with its neighbours), so
that :mod:`newsdesk.write.resolve` can replace the mention with the name only where the
replacement can be checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsdesk.write import german
from newsdesk.write.evidence import Evidence, Unit
from newsdesk.write.people import name_spans, people, persons_in, subject_at
from newsdesk.write.wording import (
    continues_quote,
    data,
    feminine_noun,
    inside,
    quoted_spans,
    word_tag,
    words,
)

STRONG = frozenset({"demonstrative", "connective", "speech", "quote"})
_TOKEN = re.compile(r"\d+-[A-Za-zÄÖÜäöüß]+|[^\W\d_][\w\-]*|\d+(?:[.,]\d+)*|[^\w\s]")
_AGE = re.compile(r"^\d+-[Jj]ährigen?[rn]?$")
_ARTICLES = frozenset({"der", "die", "das", "den", "dem", "des"})


# -- references -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    """One thing a sentence points back to (see the module docstring)."""

    kind: str
    text: str
    start: int
    end: int
    person: str = ""  # key of the person meant, when the report says who
    window: frozenset[str] = frozenset()  # person keys whose full name the verifier sees in context
    needs_name: bool = False  # a person description: the sentence before must name somebody

    @property
    def strong(self) -> bool:
        """Needs the sentence it continues right before it (no antecedent can stand in)."""
        return self.kind in STRONG or (
            self.kind in ("pronoun", "possessive", "description") and not self.person
        )


def _tokens(text: str) -> list[tuple[str, int, int, bool]]:
    """(token, start, end, outside quotes) for each token."""
    quoted = quoted_spans(text)
    return [(m.group(), m.start(), m.end(), not inside(m.start(), quoted)) for m in _TOKEN.finditer(text)]


def _connective(text: str) -> tuple[str, str] | None:
    table = data()["connectives"]
    for phrase in table["phrases"]:
        if text.startswith(phrase + " ") or text.startswith(phrase + ","):
            return "connective", phrase
    first = re.match(r"[^\W\d_]+(?: hinaus)?", text)
    if first is None:
        return None
    word = first.group()
    if word in table["strong"]:
        return "connective", word
    if word in table["additive"] or word.split()[0] in table["additive"]:
        return "additive", word
    return None


def _in_phrase(tokens: list[tuple[str, int, int, bool]], position: int) -> bool:
    """Whether the noun at ``position`` stands in a prepositional phrase ("Im Finale", "in der Arena")."""
    for back in range(position - 1, max(-1, position - 5), -1):
        word = tokens[back][0].lower()
        if word in words("prepositions"):
            return True
        if (tokens[back][0][:1].isupper() and tokens[back][0].isalpha() and back > 0) or tokens[back][0][
            :1
        ].isdigit():
            continue  # "in der Allianz Arena": the name's first word; "auf rund 3.200 Metern": a number
        if not (
            word in _ARTICLES
            or word in ("ein", "eine", "einen", "einem", "einer")
            or tokens[back][0].islower()
        ):
            return False
    return False


def _antecedent_before(
    tokens: list[tuple[str, int, int, bool]], index: int, names: list[int], *, subject: bool
) -> bool:
    """Whether a noun or name comes before token ``index`` outside quotes (the pronoun's antecedent);
    for a subject pronoun ("setzten sie sich …") not one in a prepositional phrase."""
    start = tokens[index][1]
    for position, (token, begin, _, outside) in enumerate(tokens[:index]):
        if not outside or not token[:1].isupper() or not token.replace("-", "").isalpha():
            continue
        if position == 0 and token in words("function") and begin not in names:
            continue
        if token in ("Sie", "Ihr", "Ihre", "Ihnen", "Ihrem", "Ihren", "Ihrer"):
            continue
        if subject and (_in_phrase(tokens, position) or begin not in names):
            continue  # a subject pronoun's antecedent in its sentence is a name ("Wenn Kessler …, wird er …")
        if begin < start:
            return True
    return False


def _description(tokens: list[tuple[str, int, int, bool]], index: int) -> tuple[int, int, str] | None:
    """A definite description starting at token ``index``: (start, end, head) when it points back."""
    if tokens[index][0].lower() not in _ARTICLES - {"des"}:
        return None
    position = index + 1
    while position < len(tokens) and (
        (tokens[position][0][:1].islower() and tokens[position][0].isalpha() and len(tokens[position][0]) > 2)
        or re.fullmatch(r"\d+-jährigen?", tokens[position][0])
    ):
        position += 1
    if position >= len(tokens):
        return None
    head = tokens[position][0]
    if not head[:1].isupper() and not _AGE.match(head):
        return None
    nouns = data()["descriptions"]
    after = tokens[position + 1][0] if position + 1 < len(tokens) else ""
    if after[:1].isupper() and after.isalpha() and after not in words("function"):
        return None  # "Die Stadt Passau": the name makes it unique
    if after in ("des", "der") or (after == "von" and position + 2 < len(tokens)):
        return None  # "Die Vorsitzende des GKV-Spitzenverbands", "Der Bürgermeister von Passau"
    if head in nouns["unique"]:
        return None
    if head in nouns["things"] or _person_noun(head) or head.endswith(("innen", "Jährigen")):
        return tokens[index][1], tokens[position][2], head
    return None


def _verb_follows(tokens: list[tuple[str, int, int, bool]], index: int) -> bool:
    """ "Das ist …", "Dies sei …": the demonstrative pronoun, not the article ("Das entscheidende Tor")."""
    following = tokens[index + 1][0] if index + 1 < len(tokens) else ""
    if not following.islower():
        return False
    return tokens[index][0] == "Dies" or word_tag(following).startswith("V")


def _person_noun(head: str) -> bool:
    """A singular noun for a person ("Ministerin", "der 52-Jährige", "Trainer")."""
    if head.endswith("innen"):
        return False  # a group ("Die Münchnerinnen")
    persons = data()["descriptions"]["persons"]
    compound = any(head.endswith(p.lower()) for p in persons if len(p) >= 6)  # "Flügelspieler"
    return (
        head in persons
        or compound
        or bool(_AGE.match(head))
        or head.endswith("Jährige")
        or feminine_noun(head)
    )


class Discourse:
    """A story's people and each sentence's references, computed once per write."""

    def __init__(self, evidence: Evidence) -> None:
        self.evidence = evidence
        self.people = people(evidence)
        self.units = {u.key: u for u in evidence.units}
        self._references: dict[tuple[int, int], tuple[Reference, ...]] = {}

    def before(self, unit: Unit, distance: int = 1) -> Unit | None:
        """The report text's sentence ``distance`` sentences before ``unit`` (debris skipped)."""
        document, index = unit.key
        found = 0
        for position in range(index - 1, -1, -1):
            other = self.units.get((document, position))
            if other is None or other.debris:
                continue
            found += 1
            if found == distance:
                return other
        return None

    def predecessor(self, unit: Unit) -> tuple[int, int] | None:
        """Key of the sentence before ``unit`` in its report, if any."""
        before = self.before(unit)
        return before.key if before else None

    def window(self, unit: Unit) -> frozenset[str]:
        """Keys of the people whose full name is in the unit or its neighbours (what the verifier
        reads with a cited passage)."""
        keys: set[str] = set()
        document, index = unit.key
        for position in (index - 1, index, index + 1):
            other = self.units.get((document, position))
            if other is not None:
                keys |= {p.key for p, _, _, full in persons_in(other.core, self.people) if full}
        return frozenset(keys)

    def referent(self, unit: Unit, genders: str, *, only: bool = False) -> str:
        """The person the report's sentence right before ``unit`` is about: its subject (the name it
        opens with, or the speaker of its quote), or with ``only`` the one person it names at all;
        "" when there is none or the gender does not fit (a guess further back would too often be
        wrong: "Sie" after a sentence about the ministers of the states is not the federal minister)."""
        before = self.before(unit)
        if before is None:
            return ""
        mentioned = persons_in(before.core, self.people)
        subjects = [p for p, start, _, _ in mentioned if subject_at(before.core, start)]
        distinct = {p.key: p for p, _, _, _ in mentioned}
        chosen = subjects[0] if subjects else None
        if chosen is None and only and len(distinct) == 1:
            chosen = next(iter(distinct.values()))
        if chosen is None or (chosen.gender and chosen.gender not in genders):
            return ""
        return chosen.key

    def references(self, unit: Unit) -> tuple[Reference, ...]:
        """What ``unit`` points back to (see the module docstring), in text order (cached per passage)."""
        if unit.key not in self._references:
            self._references[unit.key] = _references(unit, self)
        return self._references[unit.key]

    def strong(self, unit: Unit) -> bool:
        """Whether ``unit`` can only follow its own predecessor."""
        return any(r.strong for r in self.references(unit))


def _references(unit: Unit, story: Discourse) -> tuple[Reference, ...]:
    text = unit.core
    tokens = _tokens(text)
    table = data()
    window = story.window(unit)
    names = sorted(
        {e.start for e in unit.entities}
        | {start for start, _, _ in name_spans(text)}
        | {start for _, start, _, _ in persons_in(text, story.people)}
    )
    result: list[Reference] = []

    def point(kind: str, start: int, end: int, genders: str = "mfnp") -> None:
        person = story.referent(unit, genders)
        result.append(Reference(kind, text[start:end], start, end, person, window))

    connective = _connective(text)
    if connective is not None:
        kind, word = connective
        result.append(Reference(kind, word, 0, len(word)))
    speech = set(table["speech"]["verbs"])
    personal, possessive = table["pronouns"]["personal"], table["pronouns"]["possessive"]
    for index, (token, start, end, outside) in enumerate(tokens):
        if not outside:
            continue
        lowered = token.lower()
        initial = index == 0
        if lowered in personal and (token.islower() or (initial and token in ("Er", "Sie", "Ihm", "Ihn"))):
            if not _antecedent_before(tokens, index, names, subject=lowered in ("er", "sie")):
                point("pronoun", start, end, personal[lowered])
        elif lowered in table["pronouns"]["possessive_forms"] and (token.islower() or initial):
            if not _antecedent_before(tokens, index, names, subject=False):
                point("possessive", start, end, possessive["sein" if lowered.startswith("sein") else "ihr"])
        elif lowered in table["pronouns"]["demonstrative"] and (token.islower() or initial):
            following = {t for t, _, _, _ in tokens[index + 1 : index + 11]}
            if not following & words("time_nouns"):
                result.append(Reference("demonstrative", token, start, end))
        elif (lowered in table["pronouns"]["back_references"] and token.islower()) or (
            initial and token in ("Das", "Dies") and _verb_follows(tokens, index)
        ):
            result.append(Reference("demonstrative", token, start, end))
        if (initial or (index > 0 and tokens[index - 1][0] in speech)) and lowered in _ARTICLES:
            described = _description(tokens, index)
            if described is not None:
                first, last, head = described
                if _person_noun(head):
                    genders = "f" if feminine_noun(head) else "mfp"
                    meant = story.referent(unit, genders, only=True)
                    result.append(
                        Reference("description", text[first:last], first, last, meant, window, True)
                    )
                else:
                    result.append(Reference("description", text[first:last], first, last))
    for found, start, end, full in persons_in(text, story.people):
        if not full:
            result.append(Reference("surname", text[start:end], start, end, found.key, window))
    if continues_quote(text):
        result.append(Reference("quote", "", 0, 0))
    if any(re.search(p, text) for p in table["freshness"]["history"]):
        result.append(Reference("connective", "", 0, 0))  # what an earlier report said
    opening = [w.lower() for w in re.findall(r"[\w\-]+", text)[:8]]
    subjunctive = german.phrasing()["anaphora"]["subjunctive"]
    unquoted = [t.lower() for t, _, _, free in tokens if free]
    says = any(t in table["speech"]["verbs"] for t in unquoted)  # "Haberl betont, dass … seien"
    if any(w in subjunctive for w in opening) and not german.names_its_source(text) and not says:
        result.append(Reference("speech", "", 0, 0))
    if german.has_quote(text) and not german.names_speaker(text):
        result.append(Reference("quote", "", 0, 0))
    return tuple(sorted(result, key=lambda r: r.start))


def references_of(unit: Unit, story: Discourse) -> tuple[Reference, ...]:
    """What ``unit`` points back to, not cached: for a text the writer changed (``unit`` with another
    ``core``), the references that are left."""
    return _references(unit, story)
