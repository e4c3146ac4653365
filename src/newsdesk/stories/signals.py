"""Per-document clustering signals: when it was published, whom and what it names, its numbers,
and the event it reports (place, kind, day: :mod:`newsdesk.stories.frame`).

Entities and quantities are taken from the title and the first part of the text (where news
puts the facts that identify an event), as language-independent keys: "Moskau" and "Moscow",
"3,5 Milliarden Euro" and "€3.5bn" give the same key. A dateline ("Kempten (dpa/lby) - ") is cut
off first: the agency is not a name of the event, and the place is read by the frame. Its
content words are read from more of the text (``WORD_CHARS``): a local report that names neither
place nor kind in its opening often tells its story in words only its event's reports use
(:func:`newsdesk.stories.choose.word_likeness`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

from newsdesk.lang.dates import DateMention, extract_dates
from newsdesk.lang.entities import extract_entities
from newsdesk.lang.exonyms import entity_key, fold, is_broad, is_region, lexicon
from newsdesk.lang.numerals import cardinal_value
from newsdesk.lang.quantities import quantity_keys
from newsdesk.lang.quotes import quoted_spans
from newsdesk.lang.words import base_language, distinct_words
from newsdesk.models import Document, Signals
from newsdesk.stories.frame import LEAD_CHARS, read_frame, split_dateline
from newsdesk.stories.kinds import WORD, brought_with, dominant, following_kinds, kind_scores

__all__ = ["SIGNAL_CHARS", "Signals", "compute_signals", "date_keys", "document_time"]

SIGNAL_CHARS = 1200
WORD_CHARS = 3000  # how much of the text its words are read from (a local report's whole text)
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")


def document_time(document: Document) -> float:
    """Publication time as a UNIX timestamp (a bare date counts as noon UTC; no date: fetch time).
    A publication time more than a day after the document was fetched is a wrong date (a typo in
    a feed, "2062"), not news from the future: the fetch time counts. Kept, it would hold its story
    open for decades and make every report after it look late (:meth:`StoryBuilder.add`)."""
    published, fetched = (_moment(value) for value in (document.published, document.fetched_at))
    if published is not None and (fetched is None or published <= fetched + _DAY_SECONDS):
        return published
    return fetched if fetched is not None else datetime.now(UTC).timestamp()


_DAY_SECONDS = 86_400.0


def _moment(value: str | None) -> float | None:
    """An ISO 8601 date or date-time as a UNIX timestamp (a bare date: noon UTC), or None."""
    if not value:
        return None
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            return datetime(day.year, day.month, day.day, 12, tzinfo=UTC).timestamp()
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def _local_day(document: Document, at: float) -> date:
    """The publication day in the publisher's own time zone (a report at 00:30 CET is of that day)."""
    try:
        moment = datetime.fromisoformat(document.published or "")
    except ValueError:
        moment = None
    if moment is not None and moment.tzinfo is not None and moment.timestamp() == at:
        return moment.date()
    return datetime.fromtimestamp(at, UTC).date()  # (also when its date was a wrong one)


def compute_signals(document: Document, chars: int = SIGNAL_CHARS) -> Signals:
    """The signals of one document."""
    dateline = split_dateline(document.text)
    body = document.text[dateline.end : dateline.end + chars]
    text = f"{document.title}\n{body}"
    entities = [e for e in extract_entities(text, document.language) if e.key and _is_tag(e.text, e.key)]
    names: dict[str, str] = {}
    for entity in entities:
        names.setdefault(entity.key, entity.text)
    at = document_time(document)
    day = _local_day(document, at)
    lead = f"{document.title}\n{body[:LEAD_CHARS]}"
    frame = read_frame(
        document.title,
        text,
        document.language,
        entities,
        dateline,
        sorted(date_keys(lead, document.language, at, day=day, events_only=True)),
        day,
    )
    counted = {
        f"DATE:{(day - timedelta(days=n)).isoformat()}"
        for n in elapsed_days(text, document.language, frame.kinds)
    }
    quantities = sorted(
        quantity_keys(text, document.language) | date_keys(text, document.language, at) | counted
    )
    return Signals(
        at,
        tuple(sorted(names)),
        tuple(quantities),
        names,
        frame.retrospective,
        places=frame.places,
        main_places=frame.main_places,
        main_names=frame.main_names,
        hints=frame.hints,
        title_places=frame.title_places,
        kinds=frame.kinds,
        certain_kinds=frame.certain_kinds,
        mentions=frame.mentions,
        days=frame.days,
        repeat=frame.repeat,
        again=frame.again,
        backref=frame.backref,
        remains=frame.remains,
        lead_places=frame.lead_places,
        after_kinds=frame.after_kinds,
        districts=frame.districts,
        sections=url_sections(document.url),
        words=tuple(
            distinct_words(f"{document.title}\n{document.text[dateline.end : dateline.end + WORD_CHARS]}")
        ),
        language=base_language(document.language),
    )


_SLUG = re.compile(r"[a-z]+(?:-[a-z]+)*")


def url_sections(url: str | None) -> tuple[str, ...]:
    """The folders of a web address that may name a town or valley, as name keys: regional papers
    file a report under its town ("…/steiermark/leibnitz/…", "…/lokales/murgtal/…", "muenchen" →
    "munich"), also when the report itself names only a street, a farm or a quote. The last part
    (the report's own name), folders with digits or more than four words (a title), countries and
    regions (a state's section holds all its towns' news) are left out. Like a hint, a folder
    only ever agrees with a story's place (:func:`newsdesk.stories.place.filed_under`)."""
    if not url:
        return ()
    folders = urlsplit(url).path.strip("/").split("/")[:-1]
    # a town has at most four words ("bruck-an-der-mur"); more are a report's title
    keys = {entity_key(f.replace("-", " ")) for f in folders if _SLUG.fullmatch(f) and f.count("-") < 4}
    return tuple(sorted(k for k in keys if not is_broad(k) and not is_region(k)))


_BACK = re.compile(r"\b(?:vom|von|seit|since|before)\s*$", re.IGNORECASE)
# a day ahead: "bis Montag gesperrt", "ab Montag an drei Schulen", "until at least Sunday", "vor
# Samstagmittag wird das nichts" (not before Saturday: "vor" with a weekday looks ahead; the past
# is "vor einer Woche", "am Montag vor dem Unglück")
_AHEAD = re.compile(
    r"\b(?:bis|ab|vor|until|till|from)\s*"
    r"(?:(?:mindestens|frühestens|voraussichtlich|einschließlich|at least)\s+)?$",
    re.IGNORECASE,
)
_POSSESSIVE_AFTER = re.compile(r"^['’]s\b")
# what was still so before the event, in a witness's words: "vorgestern noch Volleyball gespielt",
# "gestern Abend noch vollgetankt", "Am Samstag war das Wasser noch wunderbar", "was still fine on"
_STILL = re.compile(r"^(?:\s+[\w-]+){0,4}?\s+(?:noch|still)\b(?!\s+(?:nicht|not)\b)", re.IGNORECASE)


def refers_back(text: str, mention: DateMention) -> bool:
    """Whether a date names another day than this report's event: an earlier event ("vom
    vergangenen Freitag", "seit Montag", "last Friday", "Friday's strike") or a day ahead ("bis
    Freitag gesperrt", "ab Montag", "until Sunday", "bis mindestens Sonntag", "until at least Sunday")."""
    if mention.relative == "last":
        return True
    before = text[max(0, mention.start - 30) : mention.start]
    return bool(
        _BACK.search(before)
        or looks_ahead(text, mention)
        or _POSSESSIVE_AFTER.match(text[mention.end : mention.end + 3])
    )


def still_before(text: str, mention: DateMention, quoted: Sequence[tuple[int, int]]) -> bool:
    """Whether a quotation (``quoted``: the text's :func:`~newsdesk.lang.quotes.quoted_spans`)
    names the day for what was still so before the event ("„Hier hat meine Tochter vorgestern noch
    Volleyball gespielt“", "«Am Samstag war das Wasser noch wunderbar»"): a witness's day before,
    not the day of what happened."""
    if not _STILL.match(text[mention.end : mention.end + 60]):
        return False
    return any(start < mention.start < end for start, end in quoted)


def looks_ahead(text: str, mention: DateMention) -> bool:
    """Whether a date is a day ahead of what is reported: "bis Montag gesperrt", "ab Montag an
    drei Schulen", "until Sunday"."""
    return bool(_AHEAD.search(text[max(0, mention.start - 30) : mention.start]))


def _is_tag(text: str, key: str) -> bool:
    """Whether a name is worth a key: not a lone stop word ("The", "An") or a demonym with an
    adjective before it ("Insolvent German", "Evacuated Swiss"), which headlines produce."""
    words = lexicon().words
    parts = key.split()
    if len(parts) == 1 and (parts[0] in words["stop"] or len(parts[0]) < 2):
        return False
    surface = [fold(w) for w in text.split()]
    last = surface[-1] if surface else ""
    return not (len(surface) == 2 and last in words["demonyms"] and text.split()[0].istitle())


def date_keys(
    text: str, language: str, at: float, *, day: date | None = None, events_only: bool = False
) -> set[str]:
    """Calendar dates the text names ("DATE:2025-02-20"), relative ones ("am Donnerstag",
    "yesterday") resolved against the publication day (a weekday named as a reference back, "der
    Angriff vom Freitag", on that weekday: a week before), so reports in different languages of the
    same day's event share a key and the same people's trip a month later does not. A date
    without a year is taken in the past when the future reading lies more than a month ahead
    (a year review in December names "28. Mai": May of the same year). ``events_only`` leaves
    out days named as a reference back to an earlier event (:func:`refers_back`) and a witness's
    day of what was still so before it (:func:`still_before`)."""
    reference = day or datetime.fromtimestamp(at, UTC).date()
    keys = set()
    quoted = quoted_spans(text) if events_only else []
    for mention in extract_dates(text, language, reference=reference):
        if events_only and (refers_back(text, mention) or still_before(text, mention, quoted)):
            continue
        found = mention.as_date()
        if found is None and mention.weekday is not None and mention.day is None and mention.month is None:
            # "am Donnerstag" / "on Thursday": the latest such day on or before publication (news
            # reports mostly look back; a report about next Thursday is at worst one wrong key)
            found = reference - timedelta(days=(reference.weekday() - mention.weekday) % 7)
            if looks_ahead(text, mention):  # "bis Montag gesperrt": the next Monday, not the last
                found = reference + timedelta(days=(mention.weekday - reference.weekday()) % 7 or 7)
            elif found == reference and refers_back(text, mention):
                found -= timedelta(days=7)  # "der Angriff vom Freitag" in Friday's paper: a week ago
        if found is not None and found > reference + timedelta(days=31) and not _YEAR.search(mention.text):
            try:
                found = found.replace(year=found.year - 1)
            except ValueError:  # 29 February
                found = found - timedelta(days=365)
        if found is not None:
            keys.add(f"DATE:{found.isoformat()}")
    return keys


# "vor neun Tagen", "fünf Tage nach dem Argen-Cup", "nine days ago", "a day after heavy snow"
_ELAPSED = {
    "de": re.compile(
        r"\bvor\s+(?P<a>\w+)\s+(?P<au>Tag(?:en)?|Wochen?)\b"
        r"|\b(?P<b>\w+)\s+(?P<bu>Tage?|Wochen?)\s+nach\s+(?:dem|der|den)\b",
        re.IGNORECASE,
    ),
    "en": re.compile(
        r"\b(?P<a>\w+)\s+(?P<au>days?|weeks?)\s+ago\b|\b(?P<b>\w+)\s+(?P<bu>days?|weeks?)\s+after\b",
        re.IGNORECASE,
    ),
}
_ONE = frozenset(["ein", "eine", "einen", "einer", "einem", "a", "one"])


def elapsed_days(text: str, language: str, kinds: Sequence[str] = ()) -> set[int]:
    """Days back from the report's own day to an event it counts from ("Fünf Tage nach dem
    Argen-Cup ist der vermisste Segler geborgen worden", "The storm at the Argen Cup nine days
    ago"): 1 to 21. Not when the report is of its own kind, counted from an event of another
    (``kinds``: "Zwei Tage nach der Übernahmeofferte" of the drug's approval; the arrest or the
    mudflow after a fire or a flood is what followed it)."""
    found = set()
    lang = "de" if language.lower().startswith("de") else "en"
    for match in _ELAPSED[lang].finditer(text):
        number, unit = (match["a"], match["au"]) if match["a"] else (match["b"], match["bu"])
        word = number.lower()
        value = 1.0 if word in _ONE else float(word) if word.isdigit() else cardinal_value(word, lang)
        if value is None or value != int(value):
            continue
        days = int(value) * (7 if unit.lower().startswith(("woche", "week")) else 1)
        if 1 <= days <= 21 and not (
            match["b"] and _another_kind(text[match.end() : match.end() + 40], lang, kinds)
        ):
            found.add(days)
    return found


def _another_kind(counted_from: str, language: str, kinds: Sequence[str]) -> bool:
    """Is the event a report counts from ("nach der Übernahmeofferte") of another kind than the
    report's own, which neither follows it nor is brought by it?"""
    first = " ".join(WORD.findall(counted_from)[:3])
    theirs = set(dominant(kind_scores("", first, language)))
    if not theirs or not kinds or theirs & set(kinds):
        return False
    return not set(kinds) <= following_kinds() | brought_with(theirs)
