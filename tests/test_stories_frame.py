"""The event frame's rules (stories/frame.py) on single reports: what counts as the report's kind
for keeping reports apart, and which "-er" words are place adjectives."""

from __future__ import annotations

from datetime import date

from newsdesk.lang.entities import extract_entities
from newsdesk.stories.frame import Dateline, _cues, kinds_after, places, read_frame


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


def test_a_report_looks_back_at_the_kind_it_follows() -> None:
    # what followed an event of a kind: "nach dem Sturm", "Nach Schüssen:", "after a rockfall"
    harbour = _frame("Greetsiel: Hafen unter Wasser", "Am Morgen nach dem Sturm stand das Wasser hoch.")
    assert harbour.after_kinds == ("storm",)
    assert _frame("Nach Schüssen: Polizei durchsucht Wohnungen", "Die Straße war gesperrt.").after_kinds == (
        "attack",
    )
    assert kinds_after("Tauern line reopens after rockfall", "", "en") == ("rockfall",)
    # a kind the report itself is about is no look back
    assert _frame("Sturm über Ostfriesland", "Ein Sturm hat am Dienstag Bäume entwurzelt.").after_kinds == ()


def test_the_first_paragraph_places_are_kept_beside_the_opening_ones() -> None:
    frame = _frame(
        "Erste Container in Duhnen angespült",
        "Spaziergänger haben am Strand von Duhnen zwei Container entdeckt. Sie stammen von einem "
        "Schiff, das am Sonntag vor Cuxhaven 37 Container verloren hatte.",
    )
    assert "cuxhaven" in frame.lead_places and "cuxhaven" not in frame.main_places


def test_a_service_restored_is_no_new_occurrence() -> None:
    cues = _cues()
    for text in ("Die Autoschleuse ist wieder in Betrieb.", "The line is open again."):
        assert not cues["repeat"].search(text)
    for text in ("Die Ministerin reiste erneut nach Tokio.", "He travelled to Tokyo again."):
        assert cues["repeat"].search(text)
    assert cues["backref"].search("Der Mann, der vor neun Tagen in einem Bus zwei Menschen verletzt hat")


def test_money_in_francs_is_no_place() -> None:
    text = "Der Kanton spricht acht Millionen Franken Soforthilfe."
    keys = {key for _, key, _ in places(text, extract_entities(text, "de"), "de")}
    assert "franconia" not in keys and "guangzhou" not in keys
