"""Where: does a document say its event happened where the story's did?

**Place** agrees when a place where the document says the event happened is a place or name of
the story, or the other way round ("Ferdenried" in a
follow-up's text and the dateline "Ferdenried VS (sda)" of the story), or when each names the
other's place in its first paragraph (the German agency's village "Valdimonte", the English
wire's region "Piedmont" with the village further down). It disagrees when both titles say
where and neither names the other's place (Salzburg and Innsbruck on the same election Sunday),
unless a word of one's place is the other's ("Cologne Bonn Airport", "Flughafen Köln/Bonn") or
each names the other's title place in its lead (:func:`near`); and when both say the event
happened in two parts of one town (Wilhelmsburg and Harburg: :func:`other_district`). A
district or hamlet the text says is part of a town ("Auersbach, einem Ortsteil von Feldbach")
counts as that town too (frame). It also agrees when the document's opening names a part of
the story's place the story does not name (the beach of Duhnen) but its first paragraph names
the story's place ("vor Cuxhaven") and it shares a person, ship or company with the story
(:func:`names_story_place`), and when both name the street where it happened (a street is a
part of the story's town, never another place: :func:`newsdesk.lang.exonyms.is_street`).
It also agrees when a folder of the document's web address names the story's place, or the other
way round: a regional paper files a report under its town ("…/steiermark/leibnitz/…") also when
the report names only a street, a farm or a quote (:func:`filed_under`).
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet

from newsdesk.lang.exonyms import is_broad, is_listed, is_region, lies_within
from newsdesk.models import Signals
from newsdesk.store.stories import StoryRecord


def story_keys(story: StoryRecord, name: str, share: float = 0.0) -> frozenset[str]:
    """Keys of the story's frame counts ``name`` named by more than ``share`` of its documents
    (computed once per story record)."""
    found: frozenset[str] | None = story.memo.get((name, share))
    if found is None:
        counts: Mapping[str, int] = story.frame.get(name, {})
        found = story.memo[(name, share)] = frozenset(k for k, n in counts.items() if n > share * story.size)
    return found


def place_agreement(signals: Signals, story: StoryRecord) -> int:
    """+1 when the document and the story agree on where the event happened, −1 when they name
    two places, 0 when they cannot tell (see the module docstring)."""
    main, main_names, hints = set(signals.main_places), set(signals.main_names), set(signals.hints)
    story_main, story_names = story_keys(story, "main_places"), story_keys(story, "main_names")
    # places several of the story's reports name (one report's aside about another town is none)
    story_places = story_keys(story, "places", 1 / max(story.size, 1))
    place = 0
    if (main & (story_main | story_names | story_places)) or (story_main & main_names):
        place = 1
    elif (hints & (story_main | story_places)) or (main & story_keys(story, "hints")):
        place = 1  # "Dürnstein: …" and a story that happened in Dürnstein (hints never meet hints)
    elif titles_differ(signals, story) and not near(signals, story):
        place = -1  # both titles say where, and not the same place (first sentences name too much)
    elif set(signals.lead_places) & story_main and main & story_keys(story, "places"):
        place = 1  # each names the other's place in its lead: the village and its region
    elif filed_under(signals, story):
        place = 1  # a local paper's "…/steiermark/leibnitz/…" and the robbery in Leibnitz
    if place > 0 and other_district(signals, story):
        place = -1  # Wilhelmsburg and Harburg: both in Hamburg, two places
    return place


def named_once(signals: Signals, story: StoryRecord) -> bool:
    """Does one of the story's reports name the place of the document's title (the agency's "in
    Hueb" of the barn fire it titles "Zell an der Pram", and the confession "Stadlbrand in Hueb"
    nine days later)? For a follow-up the two titles then need not name two places (on the same
    day they may: a report of the Salzburg runoff names Innsbruck's of the same Sunday)."""
    return bool(set(signals.title_places) & story_keys(story, "places"))


def filed_under(signals: Signals, story: StoryRecord) -> bool:
    """Is the document filed under the story's place, or the story under the document's? A
    folder of its web address names a town where the story's reports say the event happened
    (the local paper's "…/steiermark/leibnitz/grottenhofgasse-…" and the agency's robbery in
    Leibnitz), or the other way round. Only when neither title says it is elsewhere (the
    caller asks first): a town's section holds all its news."""
    story_main = story_keys(story, "main_places") | story_keys(story, "places", 1 / max(story.size, 1))
    return bool(set(signals.sections) & story_main) or bool(
        set(signals.main_places) & story_keys(story, "sections")
    )


def titles_differ(signals: Signals, story: StoryRecord) -> bool:
    """Do both titles say where, and may those be two places? Not when one names only regions
    (a state, a canton, a landscape: "Flash floods hit Black Forest valley") and the other only
    towns the exonym table does not list ("Forbach: Sturzfluten …"): such a town may lie in the
    region; nor when one lies within the other by the table (the Salzkammergut in Upper Austria);
    nor when one names only places the table does not list and is filed under the other's town
    (a folder of its web address): the local paper's "…/duisburg/…" report titled "Polizei
    durchsucht Wohnungen in Hamborn" tells of a part of the town, where the agency's shooting "in
    Duisburg" was. Two other regions, two towns, or a region and a city the table lists
    ("Vienna", whose storm is not Styria's) are two places."""
    ours, theirs = set(signals.title_places), story_keys(story, "title_places")
    if not ours or not theirs:
        return False
    if any(lies_within(a, b) or lies_within(b, a) for a in ours for b in theirs):
        return False  # the Salzkammergut and Upper Austria, the Lower Engadine and Grisons
    for regions, towns in ((ours, theirs), (theirs, ours)):
        if all(map(is_region, regions)) and not any(map(is_listed, towns)):
            return False
    # a part of the town its report is filed under: Hamborn under "…/duisburg/…"
    ours_filed = set(signals.sections) & theirs and not any(map(is_listed, ours))
    theirs_filed = story_keys(story, "sections") & ours and not any(map(is_listed, theirs))
    return not (ours_filed or theirs_filed)


def _words(keys: AbstractSet[str]) -> set[str]:
    """The words of multi-word place keys ("cologne bonn airport" → "cologne", "bonn")."""
    return {w for k in keys if " " in k for w in k.split() if len(w) >= 4}


def near(signals: Signals, story: StoryRecord) -> bool:
    """Do two titles that name different places still name one place? A word of one's place is
    the other's ("Cologne Bonn Airport" and "Flughafen Köln/Bonn"), or each names the other's
    title place in its first paragraph (a village and its region). One first paragraph naming the
    story's place is not enough: a report of the next event often recalls the last one's."""
    ours, theirs = set(signals.title_places), story_keys(story, "title_places")
    if _words(ours) & theirs or ours & _words(theirs):
        return True
    # each names the other's title place in its first paragraph: the village and its region
    return bool(set(signals.lead_places) & theirs) and bool(ours & story_keys(story, "places"))


def other_district(signals: Signals, story: StoryRecord) -> bool:
    """Do the document and the story say their events happened in two parts of one town ("im
    Hamburger Stadtteil Wilhelmsburg", "Einfamilienhaus in Hamburg-Harburg"), neither naming the
    other's part? Then the town they share is no agreement on the place."""
    ours = dict(d.split(">", 1) for d in reversed(sorted(signals.districts)))
    theirs = story_keys(story, "districts")
    if not ours or not theirs:
        return False
    named = story_keys(story, "places") | story_keys(story, "main_names")
    for district in theirs:
        town, part = district.split(">", 1)
        if town in ours and ours[town] != part and ours[town] not in named and part not in signals.places:
            return True
    return False


def names_story_place(
    signals: Signals, story: StoryRecord, shared: Mapping[str, int], kind: int, day: int
) -> bool:
    """Is the document at the story's place although its opening names another one? Its first
    paragraph names the place where the story's reports say the event happened, its own place is
    one the story does not name (a part of that place: the beach of Duhnen and the ship that lost
    its containers "vor Cuxhaven"), and it shares a name other than a place with the story and
    conflicts with it neither on the kind nor on the day. A report of another event that recalls
    the story's place in its lead ("Erst am Sonntag hatten Flammen an der Algarve …") shares
    none of the story's people, ships or companies."""
    if kind < 0 or day < 0 or not set(signals.lead_places) & story_keys(story, "main_places"):
        return False
    places = set(signals.places) | story_keys(story, "places")
    return any(k not in places and not is_broad(k) for k in shared)
