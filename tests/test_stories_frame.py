"""The event frame's rules (stories/frame.py) on single reports: what counts as the report's kind
for keeping reports apart, and which "-er" words are place adjectives."""

from __future__ import annotations

from datetime import date

from newsdesk.lang.entities import extract_entities
from newsdesk.stories.frame import Dateline, places, read_frame


def _frame(title: str, body: str):  # type: ignore[no-untyped-def]
    text = f"{title}\n{body}"
    entities = extract_entities(text, "de")
    return read_frame(title, text, "de", entities, Dateline("", "", 0), [], date(2025, 8, 12))


def test_one_cue_word_of_the_lead_is_a_kind_but_not_a_certain_one() -> None:
    # "eingebrochen" of a snow bridge reads as a burglary cue: a mention, too little to hold the
    # report apart from a story of another kind
    frame = _frame(
        "Drama am Berg: Alpinist stürzt in Gletscherspalte",
        "Die Schneebrücke, über die der Mann ging, sei unter ihm eingebrochen.",
    )
    assert frame.kinds == ("theft",) and frame.certain_kinds == ()
    # a kind its title names is certain
    titled = _frame("Bergsteiger tödlich verunglückt", "Der Mann war mit zwei Begleitern unterwegs.")
    assert titled.certain_kinds == ("crash",)
    # so is one the lead names more than once
    twice = _frame("Großeinsatz in der Nacht", "Ein Brand zerstörte die Halle. Das Feuer griff über.")
    assert "fire" in twice.certain_kinds


def test_an_er_word_is_a_place_adjective_only_before_its_noun() -> None:
    title = "Drama am Venediger: Alpinist stürzt in Gletscherspalte"
    assert "venice" not in {key for _, key, _ in places(title, extract_entities(title, "de"), "de")}
    text = "Großeinsatz am Kölner Dom"
    assert "cologne" in {key for _, key, _ in places(text, extract_entities(text, "de"), "de")}
