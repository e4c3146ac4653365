"""The event frame's rules (stories/frame.py) on single reports: what counts as the report's kind
for keeping reports apart, and which "-er" words are place adjectives."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np

from newsdesk.lang.entities import extract_entities
from newsdesk.lang.exonyms import is_broad, is_listed, is_region, lies_within, place_key
from newsdesk.models import Signals
from newsdesk.store.stories import StoryRecord
from newsdesk.stories.frame import Dateline, parts_of, place_hints, places, read_frame, split_dateline
from newsdesk.stories.kinds import cues, dominant, kind_scores, kinds_after
from newsdesk.stories.place import place_agreement, titles_differ


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
    said = cues()
    for text in ("Die Autoschleuse ist wieder in Betrieb.", "The line is open again."):
        assert not said["repeat"].search(text)
    for text in ("Die Ministerin reiste erneut nach Tokio.", "He travelled to Tokyo again."):
        assert said["repeat"].search(text)
    assert said["backref"].search("Der Mann, der vor neun Tagen in einem Bus zwei Menschen verletzt hat")


def test_money_in_francs_is_no_place() -> None:
    for text in (
        "Der Kanton spricht acht Millionen Franken Soforthilfe.",
        "Auf dem Spendenkonto der Gemeinde sind bisher 186'000 Franken eingegangen.",  # Swiss thousands
        "In Flühli kamen 5 Franken pro Kopf zusammen.",
    ):
        keys = {key for _, key, _ in places(text, extract_entities(text, "de"), "de")}
        assert "franconia" not in keys and "guangzhou" not in keys, text
        assert "franconia" not in {e.key for e in extract_entities(text, "de")}  # no name either
    text = "Das Hochwasser in Franken hat die Ernte vernichtet."
    assert {key for _, key, _ in places(text, extract_entities(text, "de"), "de")} == {"franconia"}


def test_a_district_or_hamlet_is_also_its_town() -> None:
    """The text's own words say that a place is part of another: the report is then from the town
    too (its first reports name the town), and the part is kept as a district."""
    assert parts_of("In Auersbach, einem Ortsteil von Feldbach, sind die Menschen ohne Strom.") == {
        "aursbach": "feldbach"
    }
    assert parts_of("Ein Brand im Hamburger Stadtteil Wilhelmsburg") == {"wilhelmsburg": "hamburg"}
    assert parts_of("on the Limmerstrasse in Hanover's Linden-Nord district") == {"linden nord": "hanover"}
    assert parts_of("Die Bewohner des Ortsteils von Eggiwil sind abgeschnitten.") == {"": "eggiwil"}
    frame = _frame(
        "9000 Haushalte ohne Strom – in Auersbach geht nichts mehr",
        "In Auersbach, einem Ortsteil von Feldbach, sind die Menschen seit Montagabend ohne Strom.",
    )
    assert {"aursbach", "feldbach"} <= set(frame.main_places)
    assert frame.districts == ("feldbach>aursbach",)
    compound = _frame("Einfamilienhaus in Hamburg-Harburg brennt", "Die Feuerwehr rettete eine Frau.")
    assert "hamburg>harburg" in compound.districts


def test_places_the_name_finder_reads_from_their_nouns() -> None:
    """A place the tagger does not know is a place after a place noun ("zum Weiler
    Hinterfarnern") or after a bare "in" ("In Hinterfarnern dürfen …"); a common word after "in"
    is not ("in Haft", "in Gefahr"); an organisation of the table is no place after "bei"; the
    head of a compound noun is no place where it happened ("vor dem Mallorca-Urlaub")."""
    murgang = _frame("Murgang schneidet Weiler Hinterfarnern ab", "Der Murgang hat die Zufahrt verschüttet.")
    assert murgang.main_places == ("hinterfarnern",)
    later = _frame("Drei Häuser bleiben gesperrt", "In Hinterfarnern dürfen drei Familien nicht zurück.")
    assert later.main_places == ("hinterfarnern",)
    common = _frame("Täter in Haft", "Der Mann ist in Haft, die Familie in Gefahr.")
    assert common.places == ()
    party = _frame("Ernüchterung bei der SPÖ", "Bei der SPÖ herrschte am Abend Stille.")
    assert party.places == ()
    holiday = _frame("Streik: Familie strandet vor dem Mallorca-Urlaub", "Der Flug fiel aus.")
    assert "mallorca" not in holiday.places


def test_an_approximate_time_is_no_anniversary() -> None:
    retrospective = cues()["retrospective"]
    assert retrospective.search("ein jahr nach dem hochwasser")
    assert not retrospective.search("gut ein jahr nach dem start ist die fabrik ein problem")
    assert not retrospective.search("almost a year after the launch")


def test_a_quarter_review_is_a_retrospective() -> None:
    retrospective = cues()["retrospective"]
    assert retrospective.search("juli bis september: was uns im dritten quartal bewegt hat")
    assert retrospective.search("halbzeit 2025: was nrw im ersten halbjahr bewegt hat")
    assert not retrospective.search("im dritten quartal stieg der umsatz um zwölf prozent")


def test_a_title_that_counts_the_occurrences_is_a_new_one() -> None:
    """ "Zweiter Großbrand in zwei Nächten", "Schon wieder …!", "Nächster Banküberfall …", "Second
    bank robbery in two days": the title of the next event of the same kind. In a lead such words
    often recall the last event, so only the title counts; pupils returning to their school are
    no second visit."""
    for title in (
        "Zweiter Großbrand in zwei Nächten im Bezirk Ried",
        "Schon wieder Flammen-Nacht! Geht ein Feuerteufel um?",
        "Nächster Banküberfall im Mühlviertel – Täter mit Messer",
        "Second bank robbery in two days hits Upper Austria",
    ):
        assert _frame(title, "Die Feuerwehr war mit 80 Mann im Einsatz.").again, title
    for title in ("Nächste Woche: Prozess gegen Brandstifter", "Zwei Großbrände halten Feuerwehr in Atem"):
        assert not _frame(title, "Die Feuerwehr war mit 80 Mann im Einsatz.").again, title
    lead = "Schon wieder stehen die Helfer vor einem Berg Arbeit: Nach dem Brand vom Samstag räumen sie auf."
    assert not _frame("Aufräumen nach dem Großbrand", lead).again
    assert not cues()["repeat"].search("Pupils returned to their own school grounds on Monday.")
    assert cues()["repeat"].search("The envoy returned to Moscow on Monday.")


def test_a_chain_closing_its_stores_cuts_jobs() -> None:
    assert dominant(kind_scores("Pirchner sperrt 14 Filialen zu", "", "de")) == ("job cuts",)
    assert dominant(kind_scores("Kette schließt bis Jänner 14 ihrer 31 Geschäfte", "", "de")) == ("job cuts",)


def test_a_gate_is_no_goal() -> None:
    # "aus dem Tor an der Bahnhofstraße": the factory gate of a plant closure, no football match
    gate = "Als die Frühschicht aus dem Tor an der Bahnhofstraße kommt, stehen Gruppen am Werkstor."
    assert "match" not in dominant(kind_scores("Schock und Wut am Werkstor", gate, "de"))
    for match in ("Das Siegtor fiel in der 89. Minute.", "Zwei Tore in fünf Minuten", "Das Tor zum 2:1"):
        assert dominant(kind_scores(match, "", "de")) == ("match",), match


def test_what_a_case_goes_back_to_is_no_place() -> None:
    # "gehen auf Räucherfisch zurück": the name finder's unknown noun is the cause, not the place
    text = "Vier Listeriose-Fälle gehen auf Räucherfisch zurück. Die Fähre legte auf Sylt an."
    keys = {key for _, key, _ in places(text, extract_entities(text, "de"), "de")}
    assert "raucherfisch" not in keys and "sylt" in keys


def test_an_english_title_that_buys_is_a_takeover() -> None:
    lead = "It said it would take over the line. It comes days after one of its ships crashed into a pier."
    assert dominant(kind_scores("Boat operator buys Lake Ossiach line", lead, "en")) == ("takeover",)


def test_searching_with_drones_is_no_drone_incident() -> None:
    search = "Die Suche nach dem vermissten Camper wurde am Morgen mit Drohnen wieder aufgenommen."
    assert "drone incident" not in kind_scores("", search, "de")
    assert "drone incident" not in kind_scores("", "Rescuers searched the river with drones.", "en")
    sighted = kind_scores("Drohne über dem Flughafen", "Der Flugbetrieb wurde unterbrochen.", "de")
    assert dominant(sighted) == ("drone incident",)
    # an airline that stops flying is insolvent, not hit by a drone
    assert dominant(kind_scores("Airline ist pleite – Flugbetrieb eingestellt", "", "de")) == ("insolvency",)


def test_power_cuts_snow_and_blown_up_cash_machines_are_kinds() -> None:
    assert dominant(kind_scores("Stromausfall legt Regionalverkehr lahm", "", "de")) == ("power outage",)
    snow = dominant(kind_scores("Nassschnee: 28.000 Haushalte ohne Strom", "", "de"))
    assert set(snow) == {"power outage", "storm"}  # wet snow is a storm, and it cuts the power
    # the German and the English report of one ATM blast read the same kind
    assert dominant(kind_scores("Geldautomat in Bramsche gesprengt", "", "de")) == ("explosion",)
    assert dominant(kind_scores("Cash machine blown up, residents evacuated", "", "en")) == ("explosion",)


def test_a_name_before_a_place_noun_is_a_place() -> None:
    # "Austria's Burgenland province": English puts the noun after the name
    text = "A hailstorm swept across Austria's Burgenland province and the Osnabrueck district on Tuesday."
    keys = {key: locative for _, key, locative in places(text, extract_entities(text, "en"), "en")}
    assert keys["burgenland"] and keys["osnabruck"]
    assert is_region("burgenland") and is_region("baden wuerttemberg")  # states are regions


def test_an_order_for_trains_is_an_investment() -> None:
    # the operator's order four days after its power failure is another event, of its own kind
    for title, language in (
        ("Berner Regionalbahnen bestellen zwölf neue Züge für 214 Millionen", "de"),
        ("Swiss regional rail operator orders 12 trains", "en"),
    ):
        assert dominant(kind_scores(title, "", language)) == ("investment",), title


def test_a_burst_water_main_is_a_leak_and_a_street_no_hostage_taking() -> None:
    assert dominant(kind_scores("Rohrbruch vom 3. Februar: 114 Jahre altes Rohr gab nach", "", "de")) == (
        "leak",
    )
    assert dominant(kind_scores("Second water main in two days bursts in Vienna", "", "en")) == ("leak",)
    detour = "Die Straßenbahn fährt eine Umleitung über die Geiselbergstraße."
    assert "hostage-taking" not in kind_scores("Hauptstraße bis Freitag gesperrt", detour, "de")


def test_the_first_part_of_a_leading_compound_is_a_hint() -> None:
    # "Sonnenbogen-Urteil: …" a week after the verdict names the firm, not a place
    assert {"sonnenbogen", "sonnenbogen urteil"} <= place_hints(
        "Sonnenbogen-Urteil: Verteidigung legt Revision ein", "", "de"
    )
    assert is_broad("austrian alps") and is_broad("swiss alps")  # "in the Austrian Alps" says no place


def test_the_remains_cue_reads_what_an_event_left() -> None:
    """What lasts ("weiter abgeschnitten", "bis Freitag gesperrt", "Ersatzbusse bis Donnerstag",
    "still without power", "closed until Friday") is the ``remains`` cue; a report of what happened
    is not, nor a day ahead without a lasting state ("Urteil wird am Montag erwartet")."""
    lasting = (
        ("Hintertal weiter abgeschnitten, Pass Gschütt bis Montag zu", "Die Bewohner warten."),
        ("Unterwerk Breitmatt: Ersatzbusse bis Donnerstag", "Wer nach Belp fährt, braucht Geduld."),
        ("Simmeringer Hauptstraße bis Freitag gesperrt", "Der 71er fährt eine Umleitung."),
        ("Nach dem Erdrutsch", "Die Straße nach Sörenberg bleibt bis mindestens Montag gesperrt."),
        ("Bignasco nur noch per Helikopter erreichbar", "Die Kantonsstrasse ist verschüttet."),
        ("420 Schüler ab Montag auf drei Schulen verteilt", "Turnen entfällt vorerst."),
    )
    for title, body in lasting:
        assert _frame(title, body).remains, title
    for title, body in (
        ("Rohrbruch in Simmering: U3-Station überflutet", "Ein Rohr ist am Dienstag geborsten."),
        ("Urteil im Betrugsprozess am Montag erwartet", "Bis Montag berät das Gericht."),
    ):
        assert not _frame(title, body).remains, title
    english = cues()["remains"]
    assert english.search("Thousands still without power a day after heavy snow")
    assert english.search("Street above the station closed until Friday")
    assert english.search("Stalled cable car to stay shut, mountain restaurant closes")
    assert not english.search("Second water main in two days bursts in Vienna, flooding a station")


def test_a_new_occurrence_is_said_in_the_title_or_first_sentence() -> None:
    """ "Erneut Schulbusunfall …", "Am Mittwoch ist erneut ein Schulbus verunglückt": a new
    occurrence. An "erneut" further down the lead is what the follow-up's people do again ("Der
    Bauträger hat die Arbeiten erneut gestoppt" in the report of more suspect finds at the site
    of the defused bomb): no new occurrence of the event."""
    assert _frame("Erneut Schulbusunfall im Mühlviertel", "Sechs Kinder wurden leicht verletzt.").repeat
    assert _frame(
        "Schulbus verunglückt", "Am Mittwoch ist erneut ein Schulbus verunglückt. Sechs Kinder."
    ).repeat
    follow_up = _frame(
        "Rheinwerft-Baustelle: Zwei weitere Verdachtspunkte",
        "Auf der Baustelle wurden zwei weitere Metallobjekte gefunden. Der Bauträger hat die Arbeiten "
        "erneut gestoppt.",
    )
    assert not follow_up.repeat


def test_a_word_before_the_end_of_a_clause_places_nothing() -> None:
    """ "Plötzlich riss die Erde auf! Opel verschwindet im Krater": "auf" ends the exclamation, it
    does not place the car; "Rettung auf Sylt" does place."""
    assert "opel" not in _frame("Plötzlich riss die Erde auf! Opel verschwindet im Krater", "Text.").places
    assert "sylt" in _frame("Rettung auf Sylt", "Ein Kind wurde gerettet.").places


def test_a_canton_named_like_its_capital_is_the_canton() -> None:
    """ "Municipality in canton Zurich bans garden sprinklers" (the English wire, which leaves out
    the village) and "Pfäffikon ZH verbietet Rasensprengen": the canton holds the village, so the
    two titles do not name two places; "in Zürich" alone is still the city."""
    for text, language in (
        ("Municipality in canton Zurich bans garden sprinklers", "en"),
        ("Residents of a municipality in the canton of Zurich", "en"),
        ("Die Gemeinde im Kanton Zürich verbietet das Rasensprengen", "de"),
    ):
        keys = {key for _, key, _ in places(text, extract_entities(text, language), language)}
        assert keys == {"canton of zurich"}, text
        assert is_region("canton of zurich")
    for text, language, canton in (
        ("Die Gemeinde im Kanton Freiburg verbietet das Baden", "de", "canton of fribourg"),
        ("in the canton of Geneva", "en", "canton of geneva"),
    ):
        assert {key for _, key, _ in places(text, extract_entities(text, language), language)} == {canton}
    city = "Brand in Zürich: Dachstock in Flammen"
    assert {key for _, key, _ in places(city, extract_entities(city, "de"), "de")} == {"zurich"}
    report = Signals(at=0.0, entities=(), quantities=(), title_places=("canton of zurich",))
    village = StoryRecord(1, "Story", 0.0, 1.0, np.zeros(4), 2, frame={"title_places": {"pfaffikon": 2}})
    assert not titles_differ(report, village)
    assert titles_differ(replace(report, title_places=("zurich",)), village)


def test_a_place_of_the_earlier_event_the_opening_refers_back_to_is_not_the_reports() -> None:
    """ "Einen Tag nach der Bombendrohung gegen ein Schulzentrum in Vöcklabruck ist am Dienstag
    eine Mittelschule im benachbarten Attnang-Puchheim geräumt worden": the title says where
    (Attnang-Puchheim); Vöcklabruck is yesterday's threat, neither a place nor a name of this
    report's opening. Without a place in the title the reference keeps its place (the morning
    after the storm in Innsbruck is in Innsbruck), and so does a reference to an event of another
    kind, the one the report follows (the cable theft whose thieves were caught elsewhere)."""
    frame = _frame(
        "Drohzettel: Mittelschule in Attnang-Puchheim geräumt",
        "Einen Tag nach der Bombendrohung gegen ein Schulzentrum in Vöcklabruck ist am Dienstag eine "
        "Mittelschule im benachbarten Attnang-Puchheim geräumt worden. Die Polizei ermittelt.",
    )
    assert frame.main_places == ("attnang puchheim",)
    assert "vocklabruck" not in frame.main_names and "vocklabruck" in frame.lead_places
    english = "Second school evacuated in Attnang-Puchheim"
    text = (
        f"{english}\nA day after a bomb threat at a school in Vöcklabruck, pupils in Attnang-Puchheim left."
    )
    assert (
        "vocklabruck"
        not in read_frame(
            english, text, "en", extract_entities(text, "en"), Dateline("", "", 0), [], date(2025, 11, 11)
        ).main_places
    )
    after = _frame(
        "Aufräumen nach dem Sturm", "Einen Tag nach dem Sturm in Innsbruck räumen die Bewohner auf."
    )
    assert "innsbruck" in after.main_places
    # the event an arrest follows is the report's own: its place stays
    arrest = _frame(
        "Kabeldiebe auf Recyclinghof in Schlüchtern gefasst",
        "Einen Tag nach dem Kabeldiebstahl bei Gelnhausen hat die Polizei am Mittwoch zwei Männer "
        "auf einem Recyclinghof in Schlüchtern festgenommen.",
    )
    assert "gelnhausen" in arrest.main_places


def test_a_lawine_of_mud_or_scree_is_a_landslide() -> None:
    """The tabloid's "Schlamm-Lawine über der Strasse!" is the agency's "Murgänge schneiden S-charl
    … ab": a landslide, not an avalanche of snow (a certain conflict of kind would hold the two
    reports of one mudflow apart). "Staublawine" and "Neuschnee-Lawine" stay avalanches."""
    for title in ("Schlamm-Lawine über der Strasse!", "Schlammlawine verschüttet Strasse", "Murgänge im Tal"):
        assert dominant(kind_scores(title, "", "de")) == ("landslide",), title
    for title in ("Staublawine am Arlberg", "Neuschnee-Lawine verschüttet Skitourengeher"):
        assert dominant(kind_scores(title, "", "de")) == ("avalanche",), title


def test_a_threatening_note_or_letter_is_a_threat() -> None:
    """ "Drohzettel an Mittelschule: 13-Jähriger gesteht", two days after the school was cleared:
    the confession names the threat it follows (a threat is what the story was of), so it is no
    other kind of event on another day."""
    for title in ("Drohzettel an Mittelschule: 13-Jähriger gesteht", "Drohbriefe an den Bürgermeister"):
        assert "threat" in kind_scores(title, "", "de"), title


def test_a_dateline_of_two_places_names_both() -> None:
    """ "Stuhr/Bremen (dpa/lni) - Nach dem Drohnenalarm vom Freitagabend …": the follow-up about
    the drone pilot from Stuhr is datelined from the airport's city too, so it is at Bremen as
    well as at Stuhr (its title's only place), not elsewhere."""
    text = (
        "Stuhr/Bremen (dpa/lni) - Nach dem Drohnenalarm vom Freitagabend hat die Bundespolizei einen "
        "Tatverdächtigen ermittelt, teilte die Bundespolizeiinspektion Bremen mit."
    )
    dateline = split_dateline(text)
    assert (dateline.place, dateline.also) == ("Stuhr", ("Bremen",))
    title = "Nach Drohnenalarm: Bundespolizei ermittelt 41-Jährigen aus Stuhr"
    body = f"{title}\n{text[dateline.end :]}"
    frame = read_frame(title, body, "de", extract_entities(body, "de"), dateline, [], date(2025, 10, 28))
    assert {"stuhr", "bremen"} <= set(frame.title_places) and "bremen" in frame.main_places


def test_computers_down_are_a_technical_failure_not_a_crash() -> None:
    """A hospital's "IT-Ausfall", the tabloid's "Computer-Crash!" and the wire's "Computer failure"
    are one kind of event, a technical failure; the follow-up naming only "Der IT-Ausfall vom
    vergangenen Mittwoch" finds its story by that kind and day. A car crash stays a crash."""
    for title, language in (
        ("IT-Ausfall im Landesklinikum Amstetten", "de"),
        ("Computer-Crash! Spital muss Rettungen wegschicken", "de"),
        ("Computer failure forces hospital to turn away ambulances", "en"),
    ):
        scores = kind_scores(title, "", language)
        assert "technical failure" in scores and "crash" not in scores, title
    assert dominant(kind_scores("Auto-Crash auf der A1", "", "de")) == ("crash",)


def test_an_english_place_adjective_the_name_finder_took_is_its_place() -> None:
    """ "Bavarian town rejects forest wind farm in referendum": Reuters names the state, not the
    town (Frammersbach, in the German agency's title). The name finder reads "Bavarian" as a name
    before "town"; it is Bavaria, a region, so the two titles do not name two places."""
    title = "Bavarian town rejects forest wind farm in referendum"
    text = f"{title}\nVoters in a small Bavarian town have rejected wind turbines in their forest."
    keys = {key for _, key, _ in places(text, extract_entities(text, "en"), "en")}
    assert keys == {"bavaria"} and is_region("bavaria")
    report = Signals(at=0.0, entities=(), quantities=(), title_places=tuple(keys))
    town = StoryRecord(1, "Story", 0.0, 1.0, np.zeros(4), 2, frame={"title_places": {"frammersbach": 2}})
    assert not titles_differ(report, town)


def test_a_company_at_whose_plant_something_happens_is_no_place() -> None:
    """ "Workers at Corvant Medical's German plant go on indefinite strike": "at" a company's plant
    is not at a place called Corvant Medical (which would set the wire against the German agency's
    "in Amberg"); "at Corvant Medical" without the possessive, and a listed place with one, still
    are places."""
    for text, absent in (
        ("Workers at Corvant Medical's German plant go on indefinite strike", "corvant medical"),
        ("Staff at Helvochem’s Pratteln site were told on Tuesday", "helvochem"),
    ):
        assert absent not in {key for _, key, _ in places(text, extract_entities(text, "en"), "en")}, text
    text = "Workers walked out at Corvant Medical on Monday"
    assert "corvant medical" in {key for _, key, _ in places(text, extract_entities(text, "en"), "en")}
    text = "A strike at Munich's airport"
    assert "munich" in {key for _, key, _ in places(text, extract_entities(text, "en"), "en")}


def test_a_bell_that_strikes_the_hour_is_no_strike() -> None:
    """The church bell "that strikes every quarter of an hour" and its "quarter-hour strikes", a
    lightning or drone strike, a company that "strikes a deal": none is a strike of workers (a
    certain conflict of kind would set the English report of a court ruling on church bells
    against the German agency's)."""
    for text in (
        "the bell that strikes every quarter of an hour",
        "The couple had asked for the quarter-hour strikes to be silenced",
        "Lightning strike sets barn ablaze",
        "Drone strikes hit depot",
        "Corvant strikes a deal with its lenders",
    ):
        assert "strike" not in kind_scores(text, "", "en"), text
    for text in ("Workers go on strike at German plant", "Strikes hit Lufthansa", "Pilots strike over pay"):
        assert "strike" in kind_scores(text, "", "en"), text


def test_a_region_within_another_is_no_other_place() -> None:
    """The English "Thousands still without power in Upper Austria" and the agency's „Nassschnee:
    28.000 Haushalte im Salzkammergut ohne Strom“: the Salzkammergut lies in Upper Austria (the
    table's ``within``), so the two titles do not name two places; two regions of which neither
    lies in the other still do (Vorarlberg and Carinthia)."""
    assert lies_within("salzkammergut", "upper austria") and not lies_within("upper austria", "salzkammergut")
    assert lies_within(str(place_key("Unterengadin")), "grisons")  # through the Engadine
    assert is_region(str(place_key("Vorarlberg"))) and is_region(str(place_key("Allgäu")))
    report = Signals(at=0.0, entities=(), quantities=(), title_places=("upper austria",))
    snow = StoryRecord(1, "Story", 0.0, 1.0, np.zeros(4), 2, frame={"title_places": {"salzkammergut": 2}})
    assert not titles_differ(report, snow)
    other = replace(snow, frame={"title_places": {"carinthia": 2}})
    assert titles_differ(replace(report, title_places=("vorarlberg",)), other)


def test_a_place_the_table_does_not_list_is_a_part_of_the_town_its_report_is_filed_under() -> None:
    """The local paper's "Polizei durchsucht Wohnungen in Porz", filed under "…/koeln/…", and the
    agency's shooting "in Köln": the table does not list Porz, and the folder says the report is
    of Cologne, so the titles do not name two places and the folder places it there; also when
    the local report came first and began the story. A place the table lists under the folder
    (Vienna) is another place, and so is an unlisted one not filed there."""
    report = Signals(at=0.0, entities=(), quantities=(), title_places=("porz",), sections=("cologne",))
    frame = {"title_places": {"cologne": 2}, "main_places": {"cologne": 2}}
    shooting = StoryRecord(1, "Story", 0.0, 1.0, np.zeros(4), 2, frame=frame)
    assert place_key("Köln") == "cologne" and is_listed("cologne")
    assert not is_listed("porz") and is_listed("vienna")
    assert not titles_differ(report, shooting) and place_agreement(report, shooting) == 1
    assert titles_differ(replace(report, sections=()), shooting)
    assert titles_differ(replace(report, title_places=("vienna",)), shooting)
    local = replace(shooting, frame={"title_places": {"porz": 1}, "sections": {"cologne": 1}})
    agency = Signals(at=0.0, entities=(), quantities=(), title_places=("cologne",), main_places=("cologne",))
    assert not titles_differ(agency, local)
    assert titles_differ(agency, replace(local, frame={"title_places": {"porz": 1}}))


def test_a_hyphenated_listed_place_is_no_district_of_a_town() -> None:
    """ "Hamburg-Harburg" is Harburg, a part of Hamburg; "Sachsen-Anhalt" and "Basel-Country" are
    listed places of their own, not the Anhalt part of Saxony or a Country district of Basel (which
    would set the wire's "canton of Basel-Country" against the agency's Pratteln story)."""
    for title, body, language, districts in (
        ("Brand in Hamburg-Harburg", "In Hamburg-Harburg brennt ein Haus.", "de", ("hamburg>harburg",)),
        ("Hochwasser in Sachsen-Anhalt", "In Sachsen-Anhalt steigen die Pegel.", "de", ()),
        ("Leak near Basel", "Prosecutors in the canton of Basel-Country opened proceedings.", "en", ()),
    ):
        text = f"{title}\n{body}"
        frame = read_frame(
            title, text, language, extract_entities(text, language), Dateline("", "", 0), [], date(2025, 7, 2)
        )
        assert frame.districts == districts, title
