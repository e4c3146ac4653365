"""The event a report is about: where, when and what happened, read from its dateline, title and lead.

* **Dateline**: "Kempten (dpa/lby) - …", "ZURICH, May 28 (Reuters) - …", "GENEVA (AP) — …". A
  dateline often names the agency's bureau rather than the event's place ("Lissabon (dpa) - Ein
  Waldbrand im Süden Portugals", "BERLIN (Reuters) - … south of Hamburg"), so it counts as a
  place only when the report names it too ("Kempten (dpa) - … bei Kempten"). The dateline is cut
  off before names are read, so the agency ("dpa", "Reuters") is no name of the event.
* **Places**: names the exonym table lists as places ("Wallis" = "Valais"), names after a
  locative preposition ("in Ferdenried", "bei Kempten", "near the village of Gondo"), place
  adjectives ("Walliser Behörden", "Swiss hamlet", "Kölner Dom"). Not "aus"/"from" or "nach"/"to":
  where people come from or go to is seldom where it happened ("eine Familie aus Kapstadt",
  "Stau bis nach Bayern"), nor "on" ("booked on Alpina Air flights").
* **Hints**: words that may name a place the name finder missed: a headline's leading word
  ("Dürnstein: …") and "-er" adjectives of places the table does not list ("Linzer
  Bahnhofshalle"). Most such words are no places ("Stahlstreit: …", "Bahnhof-Angriff: …"), so
  hints are kept apart from places and names and only matched against a story's real places,
  never against another report's hints.
  ``main_places`` are those of the dateline, the title and the first sentence, without countries
  and larger regions (or, when there are none, the lead's first place after "in", "bei", …):
  where the report says the event happened; ``main_names`` are all names of title and first
  sentence.
* **Kinds**: what happened (fire, election, prize, strike …), from the cues in
  ``data/event_kinds.toml`` (:mod:`newsdesk.stories.kinds`), scored on the title (×2) and the
  first paragraph; ``kinds`` are the dominant ones, ``mentions`` every kind the lead names (a
  follow-up on an arrest still names the attack). ``certain_kinds`` are the dominant ones when
  the title or more than one cue names them; only those can keep a report apart from a story of
  another kind (one incidental word of a lead, "die Schneebrücke sei eingebrochen", is no
  burglary).
* **Days**: calendar days the lead names within the ten days before publication ("am Mittwoch",
  "on Sept. 4"): the day of the event, when the report says it. A day named as a reference back
  ("nach dem Pilotenstreik vom vergangenen Freitag", "since Monday", "Friday's strike") is the
  day of an earlier event, not of this one, and does not count.
* **Districts**: parts of a town where the opening says it happened, as "town>part", from the
  text's own words ("im Hamburger Stadtteil Wilhelmsburg", "Auersbach, einem Ortsteil von
  Feldbach", "Hamburg-Harburg"): the town then counts as a place of the report too, and two
  reports from two different parts of one town report two places.
* **Lead places**: the places of the title and first paragraph (not countries or larger
  regions), for a report whose opening names a part of the event's place ("Duhnen") and whose
  first paragraph names the place itself ("vor Cuxhaven").
* **Looking back** (``after_kinds``): kinds whose cue stands within three words after "nach",
  "seit", "after", "since", "following" ("Am Morgen nach dem Sturm", "Nach Schüssen:"): what
  followed an event of that kind, reported as such.
* **Cues** (``data/story_cues.toml``): a retrospective (anniversary, year review), a repeated
  occurrence ("erneut", "again", "second visit"; ``again`` when the title says so: "Erneut
  Lkw-Brand auf der A8" is another fire than the story's of the day before), a reference back to
  an earlier event ("eine Woche nach dem Gletscherabbruch", "last week's collapse").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from newsdesk.lang.entities import Entity
from newsdesk.lang.exonyms import adjective_place, entity_key, fold, is_broad, is_street, lexicon, place_key
from newsdesk.stories.kinds import WORD, cues, dominant, kind_scores, kinds_after

LEAD_CHARS = 400  # the first paragraph, for kinds and days
RECENT_DAYS = 10  # days before publication that count as "the event's day"
_SENTENCE_END = re.compile(r"(?<=[a-zäöüß0-9)“”\"'])[.!?](?=\s+[A-ZÄÖÜ„\"«])")
_DATELINE = re.compile(
    r"^(?P<place>[A-ZÄÖÜ][\w.'’/\-]*(?: [A-ZÄÖÜ][\w.'’/\-]*){0,3}?)(?: [A-Z]{2})?"  # "Ferdenried VS"
    r"(?:, [A-Z][\w.]*(?: [A-Z][\w.]*)?)?"  # ", Italy", ", Greece"
    r"(?:, (?:[A-Z][a-z]{2,4}\.?) \d{1,2})?"  # ", May 28"
    r"(?: ?\((?P<agency>[^()\n]{2,30})\))? ?[-–—] "
)


@dataclass(frozen=True)
class Dateline:
    place: str  # as written, "" when there is none
    agency: str
    end: int  # offset in the text where the report proper begins
    also: tuple[str, ...] = ()  # the other places of a dateline that names two: "Stuhr/Bremen (dpa)"


@dataclass(frozen=True)
class Frame:
    places: tuple[str, ...] = ()
    main_places: tuple[str, ...] = ()
    main_names: tuple[str, ...] = ()
    hints: tuple[str, ...] = ()
    title_places: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    certain_kinds: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()
    days: tuple[str, ...] = ()
    retrospective: bool = False
    repeat: bool = False
    again: bool = False
    backref: bool = False
    remains: bool = False
    lead_places: tuple[str, ...] = ()
    after_kinds: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()


def split_dateline(text: str) -> Dateline:
    """The dateline at the start of ``text`` (``Dateline("", "", 0)`` when there is none)."""
    match = _DATELINE.match(text)
    if match is None:
        return Dateline("", "", 0)
    place, agency = match.group("place"), match.group("agency") or ""
    letters = [c for c in place if c.isalpha()]
    capitals = bool(letters) and all(c.isupper() for c in letters) and len(letters) > 2
    if not agency and not capitals:  # "Sensation - …" is no dateline; "BERLIN - …" (Kyodo) is
        return Dateline("", "", 0)
    first, *others = (part.strip() for part in place.split("/"))
    return Dateline(first, agency, match.end(), tuple(p for p in others if p))


_LOCATIVE = {
    "de": frozenset("in im bei nahe am an auf vor zwischen unterhalb oberhalb".split()),  # noqa: SIM905
    "en": frozenset(["in", "near", "at", "outside", "of", "between"]),
}
# Where traffic, travellers or a jam are headed is not where it happened: "Stau bis nach Bayern".
_DIRECTION = frozenset(["nach", "bis", "richtung", "gen", "to", "towards", "toward", "into"])
_PLACE_NOUNS = frozenset({"village", "town", "city", "hamlet", "island", "region", "canton", "province",
                          "state", "district", "municipality", "resort", "valley"})  # fmt: skip


def _place_nouns() -> frozenset[str]:
    return lexicon().words["place_nouns"]


_ARTICLES = frozenset(["der", "die", "das", "den", "dem", "des", "the"])
_CLAUSE_END = re.compile(r"[!?:;\n]")  # not ".": "in St. Gallen"
# a reference back to an earlier event at the start of a phrase: "Einen Tag nach der Bombendrohung
# gegen ein Schulzentrum in Vöcklabruck …", "a day after a bomb threat at a school in …"
_EARLIER = re.compile(
    r"\b(?:(?:einen?|zwei|drei|vier|\d+) (?:tage?|stunden|wochen?) nach (?:dem|der|den)"
    r"|(?:a|one|two|three|four|\d+) (?:days?|hours|weeks?) after (?:the|an?))\b",
    re.IGNORECASE,
)
EARLIER_REACH = 90  # characters after such a reference that may name the earlier event's place
_NUMBER_BEFORE = re.compile(r"\d\s*$")  # "186'000 Franken", "5 Franken": the name follows a number
_AMOUNT = frozenset(["millionen", "milliarden", "mio", "mrd", "tausend", "million", "billion", "hundert"])


def _context(text: str, start: int, lang: str) -> tuple[str, str]:
    """The word before a name and the one before that, folded, skipping (German) a place noun and
    an article: "in der Region Piemont" → ("in", ""), "in den Abruzzen" → ("in", ""), "near the
    village of Gondo" → ("of", "village"); none before an exclamation, a question or a colon
    ("… riss die Erde auf! Opel verschwindet", the car, no place)."""
    # not across the end of a clause: "Plötzlich riss die Erde auf! Opel verschwindet …"
    window = _CLAUSE_END.split(text[max(0, start - 60) : start])[-1]
    words = [*(fold(w) for w in reversed(WORD.findall(window))), "", ""]
    if lang == "de" and words[0] in _place_nouns():  # "in der Region Piemont"
        words = words[1:]
    if words[0] in _ARTICLES:
        words = words[1:]
    return words[0], words[1]


def places(text: str, entities: Sequence[Entity], language: str) -> list[tuple[int, str, bool]]:
    """(offset, place key, after a locative preposition) of every place the text names: listed
    places, names after a locative preposition ("in Ferdenried", "in den Abruzzen", "near the
    village of Gondo"), place adjectives ("Walliser", "Swiss")."""
    lang = "de" if language.lower().startswith("de") else "en"
    found: list[tuple[int, str, bool]] = []
    local: dict[str, str] = {}  # folded name of a place found in the text → key (for "-er" adjectives)
    for entity in entities:
        last, before = _context(text, entity.start, lang)
        # "auf Sylt", "auf dem Bodensee"; not the cause in "gehen auf Räucherfisch zurück"
        after_preposition = (
            last in _LOCATIVE[lang]
            and (lang == "de" or last != "of" or before in _PLACE_NOUNS)
            and not (last == "auf" and _BACK_TO.match(text, entity.end))
            # "workers at Corvant Medical's German plant": at the plant its owner has somewhere
            and not (last == "at" and _POSSESSIVE_NEXT.match(text, entity.end))
        )
        after_noun = lang == "en" and last in _PLACE_NOUNS and before in ("of", "the", "")
        # "Austria's Burgenland province", "the Osnabrueck district": the noun after the name
        after_noun = after_noun or (lang == "en" and _next_word(text, entity.end) in _PLACE_NOUNS)
        # "zum Weiler Hinterfarnern", "Siedlung Ziegelhof": a place noun names a place
        after_noun = after_noun or (lang == "de" and _preceding_word(text, entity.start) in _place_nouns())
        locative = bool(entity.key) and (after_preposition or after_noun)
        if (
            last in _DIRECTION
            or last in _AMOUNT
            or _NUMBER_BEFORE.search(text, max(0, entity.start - 8), entity.start)
        ):
            continue  # "acht Millionen Franken", "186'000 Franken" is money, not Franconia
        if lang == "de" and text[entity.end : entity.end + 1] == "-":
            continue  # the head of a compound: a "Mallorca-Urlaub" is no place where it happened
        if is_street(entity.key):
            continue  # "an der Veringstraße" is a part of the story's town: a name, not another place
        # an organisation of the table is no place after "bei" or "vor" ("bei der SPÖ", "vor den
        # Bundesgerichtshof")
        table_org = lexicon().kinds.get(entity.key, "place") != "place"
        key = (
            _canton(text, entity)
            or place_key(entity.text)
            # "Bavarian town rejects …": the name finder's "Bavarian" is Bavaria, a region
            or adjective_place(entity.text, attributive=_NOUN_NEXT.match(text, entity.end) is not None)
            or (entity.key if locative and not table_org else None)
        )
        if key:
            found.append((entity.start, key, locative))
            local[fold(entity.text)] = key
    spans = [(e.start, e.end) for e in entities]
    for match in WORD.finditer(text):
        if any(s <= match.start() < e for s, e in spans):
            continue
        word = match.group()
        # a German "-er" place adjective stands before its noun ("Leipziger Messe"); "Drama am
        # Venediger:" names a mountain, not Venice
        attributive = _NOUN_NEXT.match(text, match.end()) is not None
        key = adjective_place(word, attributive=attributive)
        if key is None and attributive and word[:1].isupper() and word.endswith("er"):
            key = local.get(fold(word[:-2]))  # "Leipziger" when the text names Leipzig as a place
        compass = _COMPASS.match(word) if key is None else None
        if compass:  # "Südsteiermark" is in Styria, "Nordtirol" in Tyrol
            key = place_key(word) or place_key(compass.group(1))
        if key:
            found.append((match.start(), key, _preceding_word(text, match.start()) in _LOCATIVE[lang]))
    return sorted(found)


_NOUN_NEXT = re.compile(r"[ \t]+[A-ZÄÖÜ]")
_POSSESSIVE_NEXT = re.compile(r"['’](?:s\b|\s)")
_BACK_TO = re.compile(r"\s+(?:aus\s+\w+\s+)?zurück", re.IGNORECASE)  # "auf Räucherfisch (aus Husum) zurück"
_COMPASS = re.compile(r"^(?:Süd|Nord|Ost|West|Ober|Unter|Mittel|Inner)-?([A-ZÄÖÜ]?[a-zäöüß]{3,}.*)$")


def _next_word(text: str, end: int) -> str:
    match = WORD.search(text, end, end + 30)
    return fold(match.group()) if match and not text[end : match.start()].strip() else ""


_CANTON = re.compile(r"\b(canton(?:\s+of)?|kanton)\s+$", re.IGNORECASE)


def _canton(text: str, entity: Entity) -> str | None:
    """The canton a city's name names after "Kanton", "canton (of)": "im Kanton Zürich", "a
    municipality in canton Zurich" (a region of many towns), not the city of Zurich. The words as
    written are looked up in the exonym table, which lists the cantons' names in each language."""
    match = _CANTON.search(text[max(0, entity.start - 12) : entity.start])
    return place_key(f"{match.group(1)} {entity.text}") if match else None


def _preceding_word(text: str, start: int) -> str:
    words = WORD.findall(text[max(0, start - 30) : start])
    return fold(words[-1]) if words else ""


_HEADING = re.compile(r"^([A-ZÄÖÜ][\w\-]+(?: [A-ZÄÖÜ][\w\-]+)?): (?![„“\"«»'])")


def place_hints(title: str, opening: str, language: str) -> set[str]:
    """Words of the title and first sentence that may name a place the name finder missed: a
    headline's leading word ("Dürnstein: Feuerwehren holen …"; of a compound also its first part:
    "Sonnenbogen-Urteil: …") and the stem of a German "-er"
    adjective before a noun ("Linzer Bahnhofshalle" → "linz"). Only matched against the places a
    story's reports name where they say what happened, never used as a place of their own: most
    such words are no places ("Stahlstreit: …", "Bürgermeister Huter")."""
    hints = set()
    match = _HEADING.match(title)
    if match:
        hints.add(entity_key(match.group(1)))
        head, dash, _ = match.group(1).partition("-")
        if dash and " " not in head:  # "Sonnenbogen-Urteil: …", "Hofmeister-Ballon: …": the name
            hints.add(entity_key(head))
    if language.lower().startswith("de"):
        for word in re.finditer(r"\b([A-ZÄÖÜ][a-zäöüß]{2,})er(?= [A-ZÄÖÜ])", opening):
            hints |= adjective_stems(word.group(1))
    return hints


def adjective_stems(stem: str) -> set[str]:
    """The places a German "-er" adjective's stem may name: "Linz" (Linzer), "Markgröningen"
    (Markgröninger), "Bremen" (Bremer), "Dresden" (Dresdner)."""
    folded = fold(stem)
    found = {folded, folded + "en"}
    if re.search(r"[^aeiouäöü]n$", folded):
        found.add(folded[:-1] + "en")
    return found


_NAME = r"[A-ZÄÖÜ][\w'’]*(?:-[A-ZÄÖÜ][\w'’]*)*"
_PART_NOUN_DE = (
    r"(?:Orts|Stadt|Gemeinde|Dorf)?(?:teil|viertel|bezirk|fraktion|weiler|ortschaft|siedlung|quartier)s?"
)
_PART_NOUN_EN = r"(?:district|neighbou?rhood|suburb|quarter|part|section|hamlet|village|borough|estate)"
_PART_OF = (
    # "In Auersbach, einem Ortsteil von Feldbach, …", "Hinterfarnern, einem Weiler der Gemeinde Eggiwil"
    re.compile(
        rf"\b(?P<part>{_NAME}),? (?:einem|einer|ein|dem|der) (?:kleinen )?(?i:{_PART_NOUN_DE}) "
        rf"(?:von |der (?:Gemeinde|Stadt|Marktgemeinde) |des Ortes |)(?P<whole>{_NAME})"
    ),
    # "die Bewohner des Ortsteils von Eggiwil" (the part is the report's own place)
    re.compile(
        rf"\b(?:des|dem|den|einem|eines) (?i:{_PART_NOUN_DE}) "
        rf"(?:von |der (?:Gemeinde|Stadt|Marktgemeinde) )(?P<whole>{_NAME})"
    ),
    # "im Villacher Stadtteil Lind", "im Hamburger Stadtteil Bahrenfeld"
    re.compile(rf"\b(?P<adjective>[A-ZÄÖÜ][\w'’]+er) (?i:{_PART_NOUN_DE}) (?P<part>{_NAME})"),
    # "the Linden-Nord district of Hanover", "Lind, a district of Villach"
    re.compile(
        rf"\b(?P<part>{_NAME}),? (?:an? |the )?(?:\w+ )?{_PART_NOUN_EN} (?:of|in|near) (?P<whole>{_NAME})"
    ),
    # "in Hanover's Linden-Nord district"
    re.compile(rf"\b(?P<whole>{_NAME})['’]s (?P<part>{_NAME}) {_PART_NOUN_EN}"),
)


def parts_of(text: str) -> dict[str, str]:
    """Places the text says are part of another ("Auersbach, einem Ortsteil von Feldbach", "im
    Villacher Stadtteil Lind", "the Linden-Nord district of Hanover"): part key → whole key (the
    part "" when the text does not say which: "die Bewohner des Ortsteils von Eggiwil"). A
    report from a district or a hamlet is then also from its town, which the event's first
    reports name: without a gazetteer of sub-places, the text's own words are the one source."""
    found: dict[str, str] = {}
    for pattern in _PART_OF:
        for match in pattern.finditer(text):
            groups = match.groupdict()
            if groups.get("adjective"):
                word = groups["adjective"]
                whole = adjective_place(word) or entity_key(word[:-2])
            else:
                whole = place_key(groups["whole"]) or entity_key(groups["whole"])
            part = place_key(groups["part"]) or entity_key(groups["part"]) if groups.get("part") else ""
            if whole and part != whole and not is_broad(whole):
                found.setdefault(part, whole)
    if found.get("") in {whole for part, whole in found.items() if part}:
        del found[""]  # "Auersbach, einem Ortsteil von Feldbach": the part is known
    return found


def _mentioned(place: str, text: str) -> bool:
    """Whether the report's opening names its dateline place ("Kempten (dpa) - … bei Kempten",
    "Innsbruck (APA) - Innsbrucks …", "Hamburg (dpa) - … am Hamburger Flughafen"); a dateline it
    does not name there is the agency's bureau ("Lissabon (dpa) - Ein Waldbrand im Süden
    Portugals"; "VIENNA (Reuters) - … hail in Styria … a day after flooding hit Vienna")."""
    words = place.split()
    if not words:
        return False
    pattern = r"\b" + r"\s+".join(re.escape(w) for w in words)
    return re.search(pattern, text, re.IGNORECASE) is not None


def _earlier_places(
    text: str, found: Sequence[tuple[int, str, bool]], end: int, language: str, kinds: Sequence[str]
) -> set[str]:
    """Places the opening names for an earlier event of the report's own kind that it refers back
    to ("Einen Tag nach der Bombendrohung gegen ein Schulzentrum in Vöcklabruck ist … in
    Attnang-Puchheim … geräumt worden"): within ``EARLIER_REACH`` characters after the reference,
    in the same clause. When the title says where (Attnang-Puchheim), such a place is not where the
    report's own event happened. An event of another kind is the one the report follows („Einen Tag
    nach dem Kabeldiebstahl bei Gelnhausen … in Schlüchtern festgenommen“): its place stays."""
    spans = [m.start() for m in _EARLIER.finditer(text, 0, end)]
    return {
        key
        for offset, key, _ in found
        if any(
            s < offset <= s + EARLIER_REACH
            and "," not in text[s:offset]
            and set(kind_scores("", text[s:offset], language)) & set(kinds)
            for s in spans
        )
    }


def first_sentence_end(text: str, start: int) -> int:
    match = _SENTENCE_END.search(text, start)
    return match.end() if match else len(text)


def recent_days(day_keys: Sequence[str], published: date) -> tuple[str, ...]:
    """The ``DATE:`` keys within ``RECENT_DAYS`` before (or on) the publication day, as ISO days."""
    days = []
    for key in day_keys:
        if not key.startswith("DATE:"):
            continue
        try:
            day = date.fromisoformat(key[5:])
        except ValueError:
            continue
        if published - timedelta(days=RECENT_DAYS) <= day <= published:
            days.append(day.isoformat())
    return tuple(sorted(set(days)))


def read_frame(
    title: str,
    text: str,
    language: str,
    entities: Sequence[Entity],
    dateline: Dateline,
    lead_days: Sequence[str],
    published: date,
) -> Frame:
    """The frame of a report. ``text`` is ``title + "\\n" + body`` without the dateline, as the
    entities were read from it; ``lead_days`` the ``DATE:`` keys of its lead."""
    title_end = len(title)
    lead_end = first_sentence_end(text, title_end + 1)
    found = places(text, entities, language)
    for place in (dateline.place, *dateline.also) if dateline.place else ():
        if _mentioned(place, text[: title_end + 1 + LEAD_CHARS]):
            found.append((-1, place_key(place) or entity_key(place), True))
    # a place adjective the name finder took for a name: "Villacher Stadtteil" with "Villach"
    keys = {k for _, k, _ in found}
    found = [(o, k[:-2] if k.endswith("er") and k[:-2] in keys else k, loc) for o, k, loc in found]
    titled = {key for offset, key, _ in found if offset < title_end and not is_broad(key)}
    body = text[title_end + 1 :]
    lead = body[:LEAD_CHARS]
    scores = kind_scores(title, lead, language)
    earlier = _earlier_places(text, found, lead_end, language, dominant(scores)) - titled if titled else set()
    main = [key for offset, key, _ in found if offset < lead_end and not is_broad(key) and key not in earlier]
    lead_end_chars = title_end + 1 + LEAD_CHARS
    if not main:  # "Todesbeben in Italien! … In den Abruzzen werden …": the lead's first "in …" place
        main = [k for o, k, loc in found if o < lead_end_chars and loc and not is_broad(k)][:1]
    # a district or hamlet is also its town ("In Auersbach, einem Ortsteil von Feldbach, …")
    wholes = parts_of(text[:lead_end_chars])
    main += [wholes[k] for k in main if k in wholes]
    if main and "" in wholes:  # "des Ortsteils von Eggiwil": the report's own place is in Eggiwil
        main.append(wholes[""])
    # the parts of a town where it happened: "im Hamburger Stadtteil Wilhelmsburg", "Hamburg-Harburg"
    districts = {f"{wholes[k]}>{k}" for k in main if k in wholes}
    for entity in entities:
        town, _, part = entity.text.partition("-")
        town_key = place_key(town) if part and not place_key(entity.text) else None  # not "Basel-Country"
        if town_key and entity.key in main and not is_broad(town_key):
            main.append(town_key)
            districts.add(f"{town_key}>{entity_key(part)}")
    hints = place_hints(title, text[:lead_end], language) - {k for _, k, _ in found}
    main_names = {e.key for e in entities if e.start < lead_end and e.key} - earlier
    said = cues()
    head = f"{title}\n{lead}"
    return Frame(
        places=tuple(sorted({k for _, k, _ in found})),
        main_places=tuple(sorted(set(main))),
        main_names=tuple(sorted(main_names | set(main))),
        hints=tuple(sorted(hints - main_names)),
        title_places=tuple(sorted(titled)),
        kinds=dominant(scores),
        certain_kinds=dominant(scores) if sum(scores.values()) >= 2 else (),
        mentions=tuple(sorted(scores)),
        days=recent_days(lead_days, published),
        retrospective=bool(said["retrospective"].search(head)),
        repeat=bool(said["repeat"].search(text[:lead_end])),
        again=bool(said["repeat"].search(title) or said["again_title"].search(title)),
        backref=bool(said["backref"].search(head)),
        remains=bool(said["remains"].search(head)),
        lead_places=tuple(sorted({k for o, k, _ in found if o < lead_end_chars and not is_broad(k)})),
        after_kinds=kinds_after(title, lead, language),
        districts=tuple(sorted(districts)),
    )
