"""German words that are names by their shape, not by the tagger's tag: streets and squares
("Ungererstraße"), firms and contests written as two words ("der Weinland Bank"), and a currency
whose name is a place's after a number ("186'000 Franken" is money, not Franconia). Used by the
name finder (:mod:`newsdesk.lang.entities`); the word lists are data in ``exonyms.toml``."""

from __future__ import annotations

from collections.abc import Sequence

from newsdesk.lang.exonyms import fold, is_street, lexicon
from newsdesk.lang.tagger import GERMAN, UNKNOWN_BELOW, top_logprob, top_tag

__all__ = ["after_number", "firm_name", "street_name"]

_AMOUNT_WORDS = frozenset({"millionen", "milliarden", "mio", "mrd", "tausend", "hundert"})


def street_name(text: str) -> bool:
    """Is a German word the name of a street or square ("Ungererstraße", "Schöffelgasse",
    "Maria-Theresien-Straße")? Local reports name where it happened by its street, and so do
    the agency's ("fiel über die Ungererstraße"). The part before the street noun must be a
    name or a word the tagger has never seen, not a common word ("Landstraße", "Parkplatz",
    "Bahnhofstraße", "Kantonsstrasse")."""
    if not is_street(fold(text).replace("-", " ")):
        return False
    head = next(h for h in lexicon().words["street_heads"] if fold(text).endswith(h))
    if "-" in text:  # "Maria-Theresien-Straße", not "Tram-Haltestelle"
        return all(part[:1].isupper() for part in text.split("-"))
    stem = text[: len(text) - len(head) + (text.count("ß") if head == "strasse" else 0)]
    named = top_tag(stem, GERMAN) == "NE" or top_logprob(stem) < UNKNOWN_BELOW
    return stem[:1].isupper() and named and top_logprob(text) < UNKNOWN_BELOW  # not "Einbahnstraße"


def after_number(text: str, start: int) -> bool:
    """Does a number or an amount word stand right before ``text[start:]`` ("186'000 Franken",
    "acht Millionen Franken")?"""
    before = text[max(0, start - 16) : start].rstrip()
    words = before.split()
    return bool(words) and (before[-1:].isdigit() or fold(words[-1]).rstrip(".") in _AMOUNT_WORDS)


def firm_name(tokens: Sequence[tuple[str, bool]], tags: Sequence[str], i: int) -> bool:
    """Is the German word ``tokens[i]`` (text, is a word) part of a firm's or contest's name
    written as two words, a capitalised noun and one of ``org_heads`` ("der Weinland Bank", "beim
    Argen Cup")? German would join a common noun to it ("Volksbank"), so the two apart are a name;
    so is an adjective written with a capital inside a sentence ("der Erste Bank")."""
    words = lexicon().words
    for first in (i, i - 1):
        if first < 0 or first + 1 >= len(tokens):
            continue
        (noun, noun_word), (head, head_word) = tokens[first], tokens[first + 1]
        tag = tags[first]
        if (
            noun_word
            and head_word
            and fold(head) in words["org_heads"]
            and head[:1].isupper()
            and noun[:1].isupper()
            and (tag in ("NN", "NE", "NNA", "FM") or (tag.startswith("ADJ") and first > 0))
            and fold(noun) not in words["dates"]
            and fold(noun).rpartition(" ")[2] not in words["titles"]
        ):
            return True
    return False
