"""The event frame's rules (stories/frame.py) on single reports: which "-er" words are place
adjectives."""

from __future__ import annotations

from newsdesk.lang.entities import extract_entities
from newsdesk.stories.frame import places


def test_an_er_word_is_a_place_adjective_only_before_its_noun() -> None:
    title = "Drama am Venediger: Alpinist stürzt in Gletscherspalte"
    assert "venice" not in {key for _, key, _ in places(title, extract_entities(title, "de"), "de")}
    text = "Großeinsatz am Kölner Dom"
    assert "cologne" in {key for _, key, _ in places(text, extract_entities(text, "de"), "de")}
