"""Follow-ups: whether a report past a story's first days (beyond ``window_days`` or
``max_span_days``) reports the same event, not only the same people or place
(:meth:`newsdesk.stories.cluster.StoryBuilder._scores` asks these, :mod:`newsdesk.stories.score`
scores them as any other candidate)."""

from __future__ import annotations

from collections.abc import Mapping

from newsdesk.lang.exonyms import is_agency, is_broad
from newsdesk.models import Signals
from newsdesk.store.stories import StoryRecord
from newsdesk.stories.kinds import brought_with, following_kinds, lasting_kinds, recurring_kinds
from newsdesk.stories.place import named_once, story_keys
from newsdesk.stories.score import looks_back_at, points_back


def follows_up_by_day(signals: Signals, story: StoryRecord) -> bool:
    """Does the document follow up the story by naming the day and the kind of its event ("Eine
    Woche nach dem Messerangriff vom Freitag: …", "the blast on Oct. 14"), with none of its names?
    The caller takes it only when it is the one story of that day and kind
    (:meth:`StoryBuilder._scores`)."""
    if signals.retrospective or signals.repeat or story.retrospective:
        return False
    return points_back(signals, story)


def follow_up_agrees(signals: Signals, story: StoryRecord, place: int) -> bool:
    """Does a follow-up (:func:`follows_up`) agree with the story on the event without a shared
    place or name in its opening ("Der Mann, der am 21. März in der Bahnhofshalle …", the suspect
    further down)? Unless it says it happened elsewhere (a title place no report of the story
    names: :func:`~newsdesk.stories.place.named_once`), or the story is of a kind the same people
    repeat within weeks (``recurring``: the team's final ten days after its quarter-final)."""
    where = place >= 0 or named_once(signals, story)
    return where and not story_keys(story, "kinds", 0.25) & recurring_kinds()


def follows_up(signals: Signals, story: StoryRecord, shared: Mapping[str, int]) -> bool:
    """May the document join ``story`` past its first days (beyond ``window_days`` or
    ``max_span_days``)? Only a report about the same event, not only the same people:

    1. it is neither a retrospective nor a new occurrence ("erneut", "again", "second visit"),
       and the story is no retrospective;
    2. it reports the story's kind of event: a main kind of the story is a main kind of its title
       and lead (the arrest after the attack still reports the attack; an airline's insolvency
       that mentions last week's strike does not report the strike); or its lead names the
       story's kind and what it reports is of a kind that follows events of other kinds
       (``follows`` in ``data/event_kinds.toml``: the bodies of the missing recovered days after
       a collapse, a remand in custody after an attack) or that the story's kind brings
       (``brings``: the appeal after the verdict, the coalition talks after the election), or
       it is of a kind the story's brings, not one the same people repeat, and its opening names
       one of the story's people or firms (the march "für das Voss-Werk" a week after the plant's
       closure was announced); or its title and first sentence name
       two or more people or organisations of the story's openings (the buyer and the bought
       company) and it is not certainly of another kind; or it names no kind at all, one of them
       (in its opening or further down) and the day of the story's event ("Arnialp-Bahn: Defekter
       Drehzahlsensor löste Stillstand aus", the stoppage "vom 4. Mai"; „Seit der Ankündigung vom
       24. Juni …“ and the company whose headquarters leave the town in the next sentence); or
       no certain kind, the day of the story's event and in
       its opening a name more than one of the story's reports name (""Loretto"-Kapitän war
       alkoholisiert" at the docking "am Samstagabend", the ship in the crash reports' bodies);
    3. it points back to the event: a day the story's reports name, a back-reference
       ("eine Woche nach dem Gletscherabbruch", "last week's attack") or a look back at an event
       of the story's kind ("Nach der tödlichen Explosion …", :func:`looks_back_at`); or the
       story is of a lasting kind (``lasting`` in ``data/event_kinds.toml``: an insolvency, an
       agreed takeover) and its opening names the story's parties ("Die insolvente Kette X …";
       for a takeover both the buyer and the bought company, ``parties``: a serial buyer's next
       takeover is another event); or what it reports follows such events by its nature (the
       appeal, the remand, the coalition talks of step 2), when that kind is new to the story (a
       raid does not point back to last week's raid on the same company; the arrest after the raid
       does, and so does the appeal that names the verdict again: "Auch Anklage geht in Revision …
       die Verurteilung"). For a story of a kind the same people repeat within weeks
       (``recurring``: a match, talks, a strike) only a back-reference, a look back or a kind the
       story's kind brings counts (the pay deal that ends the strike): the team's final names the
       day its quarter-final's reports looked ahead to, and a red card is no follow-up; a lead
       that names what the story's kind brings counts too, when its opening names the story's
       people or firms ("Streik bei Corvant ausgesetzt": union and management have agreed on
       mediation, although its title still reports the strike);
    4. its title or first sentence names a person, organisation or specific place that the
       story's reports name in theirs ("Ferdenried", "Linzer Hauptbahnhof", "Mooslechner"; a
       surname for the story's person: "Familie Danninger", the farmer Leopold Danninger), or
       its first paragraph names such a place (the canton's police in the second sentence); or
       it names two names or places of the story's openings further down (the line "zwischen
       Böckstein und Mallnitz"); or its title or first sentence names a bank, firm or contest
       that more than one of the story's reports name further down (the agency's robbery "in der
       Filiale der Weinland Bank" and its reprint; "Teenager turns himself in after Weinland Bank
       hold-up"); or it names the story's very day and people the story names
       ("Der Mann, der am 21. März in der Bahnhofshalle …", with the suspect and the mayor
       further down).

    ``followup_days`` bounds how long after the story's last report this is tried.
    """
    if signals.retrospective or signals.repeat or story.retrospective:
        return False
    kinds, story_kinds = set(signals.kinds), story_keys(story, "kinds", 0.25)
    story_openings = story_keys(story, "main_names") | story_keys(story, "main_places")
    story_places = story_keys(story, "places") | story_keys(story, "main_places")
    # the story's people and organisations its opening names (a company "bei Hartl" is no place
    # of the story's), or that a leading word names ("Rauscher: Elf Häuser machen dicht")
    actors_named = (set(signals.main_names) | set(signals.hints)) & story_keys(story, "main_names")
    actors_named = {k for k in actors_named if k not in story_places and not is_broad(k)}
    # … or names further down ("Seit der Ankündigung vom 24. Juni … der Helvochem-Hauptsitz")
    named_further = {
        k
        for k in set(signals.entities) & story_keys(story, "main_names")
        if k not in story_places and not is_broad(k)
    }
    other_kind = bool(signals.certain_kinds) and not set(signals.certain_kinds) & story_kinds
    # what follows an event: the remand after the attack, the appeal after the verdict
    follows = bool(kinds) and kinds <= following_kinds() | brought_with(story_kinds)
    # the day of the story's event ("Der Stillstand vom 4. Mai"), not only a day its reports name
    event_day = any(q.startswith("DATE:") and q[5:] in story_keys(story, "days") for q in signals.quantities)
    # a name of its opening that more than one of the story's reports name (the ship "Loretto",
    # the bank "Weinland Bank"); not an operator of many events, nor where the story's openings
    # say it happened (the same town's water restrictions four days after its lake's bathing ban;
    # "auf der „Gisela“" in one report's body makes no place of the ship)
    named_twice = {
        k
        for k in set(signals.main_names) & set(shared)
        if shared[k] >= 2
        and not is_broad(k)
        and not is_agency(k)
        and k not in story_keys(story, "main_places")
    }
    if not (
        kinds & story_kinds
        or (follows and story_kinds & (set(signals.mentions) | set(signals.after_kinds)))
        or (follows and actors_named and kinds <= brought_with(story_kinds) - recurring_kinds())
        or (len(actors_named) >= 2 and not other_kind)
        or (not signals.mentions and (actors_named or named_further) and event_day)
        or (not signals.certain_kinds and event_day and named_twice)
    ):
        return False
    story_days = {q[5:] for q in story.quantities if q.startswith("DATE:")} | story_keys(story, "days")
    named_day = any(q.startswith("DATE:") and q[5:] in story_days for q in signals.quantities)
    # a lasting state's report names its parties: the insolvent company; the buyer and the bought
    # company (one buyer's next takeover names the buyer only)
    parties = [n for kind, n in lasting_kinds().items() if kind in story_kinds]
    lasting = bool(parties) and len(actors_named) >= min(parties)
    if story_kinds & recurring_kinds():  # the team's next match names the day the story looked ahead to
        named_day = lasting = False
    # a kind that follows events by its nature points back to one (the appeal, the remand) when it
    # is new to the story: a raid on a company does not point back to the raid on it a week before
    # (the arrest after the raid does, and so does the appeal that names the verdict again)
    # of a story of a kind the same people repeat (a strike), only what its kind brings (the pay
    # deal after the strike), not what follows any event (the arrest: another match's red card)
    own_kinds = story_kinds - following_kinds() or story_kinds
    repeated = bool(story_kinds & recurring_kinds())
    after = brought_with(story_kinds) | (frozenset() if repeated else following_kinds())
    follows = bool(kinds - own_kinds) and kinds - own_kinds <= after
    # its lead names what the story's kind brings, and its opening the story's people or firms:
    # "Streik bei Corvant ausgesetzt" when union and management "haben sich … verständigt"
    follows = follows or bool(
        actors_named and (set(signals.mentions) - own_kinds) & brought_with(story_kinds)
    )
    if not (signals.backref or named_day or looks_back_at(signals, story) or lasting or follows):
        return False
    opening = (set(signals.main_names) | set(signals.lead_places)) & story_openings
    # a surname for the story's person ("Familie Danninger", the farmer Leopold Danninger)
    surnames = {k.rsplit(" ", 1)[1] for k in story_keys(story, "main_names") if " " in k}
    opening |= {k for k in signals.main_names if " " not in k and k in surnames and k in shared}
    opening |= set(signals.hints) & story_keys(story, "main_places")
    if {k for k in opening if not is_broad(k)}:
        return True  # (a place of its "-er" adjective is no name of the document's own)
    if len({k for k in shared if k in story_openings and not is_broad(k)}) >= 2:
        return True
    # its opening names a bank, firm or contest that more than one of the story's reports name
    # further down ("Teenager turns himself in after Weinland Bank hold-up"; the agency's robbery
    # "in der Filiale der Weinland Bank" in its second sentence, and its reprint)
    if named_twice:
        return True
    if looks_back_at(signals, story) and {
        k for k in (set(signals.places) | set(shared)) & story_keys(story, "main_places") if not is_broad(k)
    }:
        return True  # "Nach dem Erdrutsch von Hirseggen: …", Flühli further down ("im Schulhaus Flühli")
    actors = set(shared) - set(signals.places) - story_keys(story, "places")
    return event_day and len(actors) >= 2
