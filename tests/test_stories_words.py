"""A local report that names neither place, kind, day nor anyone of its event in its opening (a
swimmer's morning, „Wir sind mit nassen Haaren auf die Straße gelaufen“) tells its story in words
further down that only its event's reports use: Chlorgas, Dosieranlage, Schwimmhalle. Those words
single its story out when its title and opening read too little like it; compared only within one
language, and never against a story that reads clearly more like it elsewhere. A word counts by how
few documents of the store use it, not by how many of the stories compared do."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from newsdesk.config import StoriesSettings
from newsdesk.lang.words import distinct_words
from newsdesk.models import Signals
from newsdesk.store import open_store
from newsdesk.stories import StoryBuilder
from newsdesk.stories.choose import (
    READS_LIKE,
    READS_LIKE_BY_WORDS,
    READS_LIKE_MARGIN,
    READS_LIKE_OF_KIND,
    WORDS_ENOUGH,
    WORDS_RATIO,
    StoryWords,
    by_words,
    reads_like_one,
    word_likeness,
)
from newsdesk.stories.score import StoryScore
from story_reports import report_document, story_ids

POOL = (
    "2025-02-12T10:15:00+01:00",
    "Chlorgas im Hallenbad Tulln – 23 Badegäste im Spital",
    "Tulln (APA) - Im Hallenbad Tulln ist am Mittwochmorgen Chlorgas ausgetreten. 23 Badegäste, "
    "darunter eine Schwimmgruppe von Senioren, klagten über Atemnot und Augenreizungen und wurden ins "
    "Universitätsklinikum gebracht, wie die Feuerwehr mitteilte. Ursache war nach ersten Erkenntnissen "
    "ein Defekt an der Dosieranlage. Das Bad bleibt bis auf Weiteres geschlossen, die Feuerwehr rückte "
    "mit Atemschutz an.",
)
POOL_REPRINT = (
    "2025-02-12T11:00:00+01:00",
    "Tulln: Chlorgas-Austritt im Hallenbad",
    "Im Tullner Hallenbad ist am Mittwoch Chlorgas ausgetreten, 23 Menschen mussten ins Spital. Die "
    "Feuerwehr lüftete die Schwimmhalle mit Atemschutz, eine defekte Dosieranlage gilt als Ursache. "
    "Der Bademeister hatte die Halle sofort räumen lassen.",
)
FIRE = (
    "2025-02-12T09:30:00+01:00",
    "Wohnhausbrand in Krems: Familie gerettet",
    "Krems (APA) - In Krems-Stein ist in der Nacht auf Mittwoch ein Einfamilienhaus in Brand geraten. "
    "Die Feuerwehr rettete eine vierköpfige Familie mit der Drehleiter aus dem Obergeschoß, alle kamen "
    "mit leichten Rauchgasvergiftungen ins Spital. Die Brandursache ist noch unklar.",
)
COUNCIL = (
    "2025-02-12T12:00:00+01:00",
    "St. Pölten beschließt Budget für Stadtsanierung",
    "St. Pölten (APA) - Der Gemeinderat von St. Pölten hat am Mittwoch das Budget für die Sanierung "
    "der Innenstadt beschlossen. 14 Millionen Euro fließen in Straßen, Plätze und den Umbau des "
    "Rathauses.",
)
SWIMMER_OPENING = (
    "Erika Gruber schwimmt seit ihrer Pensionierung jeden Morgen um sieben ihre zwanzig Längen, "
    "zusammen mit sechs Freundinnen aus der Seniorengruppe. Diesmal kam sie nur bis zur achten. "
    "„Auf einmal hat es gestochen in den Augen, und alle haben gehustet“, erzählt die 71-Jährige. "
    "Der Bademeister habe sofort gepfiffen und alle aus dem Becken geholt, barfuß und in Badeanzügen "
    "ging es hinaus in die Kälte."
)
SWIMMER = (
    "2025-02-12T18:30:00+01:00",
    "„Wir sind mit nassen Haaren auf die Straße gelaufen“",
    SWIMMER_OPENING + "\nVor dem Eingang warteten schon die Sanitäter, die Feuerwehr kam mit "
    "Atemschutz und sperrte die Schwimmhalle. Im Klinikum wurde Gruber bis zum Nachmittag beobachtet. "
    "Dass eine Dosieranlage für das Chlorgas verantwortlich sein soll, hat sie erst dort erfahren. "
    "„Ich geh trotzdem wieder hin, sobald das Hallenbad aufsperrt.“",
)


def test_a_local_report_joins_the_story_its_words_single_out(tmp_path: Path) -> None:
    with open_store(tmp_path / "words.db") as store:
        pool, reprint, fire, council, swimmer = story_ids(store, [POOL, POOL_REPRINT, FIRE, COUNCIL, SWIMMER])
        builder = StoryBuilder(StoriesSettings(), store)
        ids = sorted(d.id for d in store.iter_documents() if d.id is not None)
        vectors = store.get_embeddings(ids, builder.embedder.model_id)
        signals = store.get_signals(ids)
    # its title and opening read too little like the pool's story to place it by that alone
    likeness = float(vectors[ids[4]] @ (vectors[ids[0]] + vectors[ids[1]])) / 2
    assert READS_LIKE_BY_WORDS <= likeness < READS_LIKE
    assert not signals[ids[4]].kinds and not signals[ids[4]].days and not signals[ids[4]].main_places
    assert pool == reprint == swimmer and len({pool, fire, council}) == 3
    # the same opening without the paragraph that tells of the chlorine joins nothing
    with open_store(tmp_path / "opening.db") as store:
        opening = (SWIMMER[0], SWIMMER[1], SWIMMER_OPENING)
        *others, alone = story_ids(store, [POOL, POOL_REPRINT, FIRE, COUNCIL, opening])
    assert alone not in others


def test_words_that_many_reports_use_count_little(tmp_path: Path) -> None:
    report = distinct_words(SWIMMER[1] + "\n" + SWIMMER[2])
    assert {"chlorgas", "dosieranlage", "schwimmhalle", "feuerwehr"} <= set(report)
    assert not {"sein", "haben", "dass", "nach"} & set(report)  # stop words, and words under five letters
    assert "71-jahrige" not in report and "barfuss" in report  # no numbers; umlauts and ß folded
    with open_store(tmp_path / "weights.db") as store:
        story_ids(store, [POOL, POOL_REPRINT, FIRE, COUNCIL, SWIMMER])
        builder = StoryBuilder(StoriesSettings(), store)
        weights = builder._word_weights(report)
        counted = store.word_frequency(["feuerwehr", "dosieranlage", "barfuss", "kolibakterien"])
    # the store counts the documents that use each word; a word no document uses is not listed
    assert counted == {"feuerwehr": 4, "dosieranlage": 3, "barfuss": 1}
    # a word only the report itself uses weighs 1; one most of the store's reports use, little
    assert weights["barfuss"] == 1.0 and weights["feuerwehr"] < weights["dosieranlage"] < 1.0
    pool = [
        distinct_words(POOL[1] + "\n" + POOL[2]),
        distinct_words(POOL_REPRINT[1] + "\n" + POOL_REPRINT[2]),
    ]
    fire = [distinct_words(FIRE[1] + "\n" + FIRE[2])]
    council = [distinct_words(COUNCIL[1] + "\n" + COUNCIL[2])]
    likeness = word_likeness(report, {1: pool, 2: fire}, weights)
    assert likeness[2] == weights["feuerwehr"] < WORDS_ENOUGH  # "Feuerwehr" is all the fire shares
    assert likeness[1] >= WORDS_ENOUGH and likeness[1] >= WORDS_RATIO * likeness[2]
    assert word_likeness(report, {1: pool, 2: []}, weights)[2] == 0.0
    # the stories compared do not change what a word weighs: the pool's story is as like the
    # report beside one other story as beside two
    assert word_likeness(report, {1: pool, 2: fire, 3: council}, weights)[1] == likeness[1]


def _members(words: Mapping[int, Sequence[Sequence[str]]]) -> StoryWords:
    """The stories' reports' words, each word weighing as one no other document uses."""

    def read(ids: list[int]) -> Mapping[int, Sequence[Sequence[str]]]:
        return {i: words.get(i, []) for i in ids}

    return StoryWords(read, lambda own: dict.fromkeys(own, 1.0))


def test_words_compare_only_stories_with_a_report_in_its_language() -> None:
    """A German local report of an event whose story so far has only the English wire's report
    shares no words with it; the German story of another event would win by words it shares with
    any German report. Unless each story compared has a report in its language, words say nothing."""
    report = Signals(
        at=0.0,
        entities=(),
        quantities=(),
        words=("bademeister", "chlorgas", "dosieranlage", "feuerwehr", "schwimmhalle"),
        language="de",
    )
    own = StoryScore(1, READS_LIKE_BY_WORDS + 0.02, 0.0, 0.0, 0.0, 0.8, agrees=False)
    other = StoryScore(2, READS_LIKE_BY_WORDS + 0.01, 0.0, 0.0, 0.0, 0.8, agrees=False)
    german = {
        1: [["bademeister", "chlorgas", "dosieranlage", "schwimmhalle"]],
        2: [["feuerwehr", "drehleiter"]],
    }
    assert by_words([own, other], [own, other], report, _members(german)) == own
    # its own story has only the wire's English report; a German story of another event, which it
    # reads a little more like, shares the words any report of a German pool accident would use
    english = {1: [], 2: [["bademeister", "chlorgas", "feuerwehr", "schwimmhalle"]]}
    pool = replace(other, similarity=own.similarity + 0.01)
    assert by_words([own, pool], [own, pool], report, _members(english)) is None
    # its title and opening read a little more like another story: its words tell them apart,
    # unless that one reads clearly more like it
    ahead = replace(other, similarity=own.similarity + READS_LIKE_MARGIN / 2)
    assert by_words([own, ahead], [own, ahead], report, _members(german)) == own
    clearly = replace(other, similarity=own.similarity + READS_LIKE_MARGIN)
    assert by_words([own, clearly], [own, clearly], report, _members(german)) is None
    # nor when it reads like its story less than READS_LIKE_BY_WORDS
    low = replace(own, similarity=READS_LIKE_BY_WORDS - 0.01)
    assert by_words([low, other], [low, other], report, _members(german)) is None
    # words join it through reads_like_one, which still checks day, place and kind
    joined = reads_like_one([own, other], report, _members(german))
    assert [r.story_id for r in joined if r.reads_like and r.agrees] == [1]
    assert not any(
        r.reads_like for r in reads_like_one([replace(own, day=-1), other], report, _members(german))
    )


def test_a_report_placed_only_roughly_joins_a_story_elsewhere_that_reads_clearly_more_like_it() -> None:
    """A tabloid's "Wasser-Notstand! Wer jetzt den Rasen sprengt, zahlt bis 500 Franken", filed under
    its canton ("…/schweiz/zuerich/…"): the canton places it by the story of last week's swimming
    ban at a lake there, which it reads like enough; the watering ban's story of the same canton,
    whose agency copy names only the town, reads clearly more like it. The folder placed it only
    roughly: it is compared with every story, and joins the watering ban's."""
    report = Signals(at=0.0, entities=(), quantities=(), sections=("zurich",))
    lake = StoryScore(1, READS_LIKE_OF_KIND + 0.015, 0.0, 0.0, 0.0, 0.78, place=1, agrees=True)
    watering = StoryScore(2, READS_LIKE + 0.03, 0.0, 0.0, 0.0, 0.89, agrees=False)
    assert [r.story_id for r in reads_like_one([lake, watering], report) if r.reads_like] == [2]
    # as much like both, the placed one: the canton is no reason to leave it
    close = replace(watering, similarity=lake.similarity + READS_LIKE_MARGIN / 2)
    assert [r.story_id for r in reads_like_one([lake, close], report) if r.reads_like] == [1]


def test_the_one_story_of_its_day_takes_a_report_filed_under_its_town_that_its_words_single_out(
    tmp_path: Path,
) -> None:
    """The local paper's portrait of a swimmer, filed under the town ("…/tulln/lokales/…"), on a
    day with no story but the pool's: with one story there is nothing to compare its words with,
    but the folder places it there and its words are the pool's (Chlorgas, Dosieranlage,
    Schwimmhalle). Its title and opening read too little like the story to place it by that. Not
    without the folder (nothing places it: the one story of a day is no reason), nor with the
    folder but without the paragraph that tells of the chlorine."""
    title = "Erika Gruber und die achte Länge"
    folder = "https://www.noen.example/tulln/lokales/erika-gruber-und-die-achte-laenge-48213"
    cases = {
        "filed, words": (folder, SWIMMER[2]),
        "filed, opening only": (folder, SWIMMER_OPENING),
        "unfiled, words": ("https://lokal.example/2", SWIMMER[2]),
    }
    joined = {}
    for case, (url, text) in cases.items():
        with open_store(tmp_path / f"{len(joined)}.db") as store:
            documents = [
                report_document(0, *POOL),
                report_document(1, *POOL_REPRINT),
                replace(report_document(2, SWIMMER[0], title, text), url=url),
            ]
            ids = [store.add_document(document, [])[0] for document in documents]
            builder = StoryBuilder(StoriesSettings(), store)
            story = {a.document_id: a.story_id for a in builder.add(ids)}
            vectors = store.get_embeddings(ids, builder.embedder.model_id)
            likeness = float(vectors[ids[2]] @ (vectors[ids[0]] + vectors[ids[1]])) / 2
            assert READS_LIKE_BY_WORDS <= likeness < READS_LIKE_OF_KIND  # too little to place it
            joined[case] = story[ids[2]] == story[ids[0]] == story[ids[1]]
    assert joined == {"filed, words": True, "filed, opening only": False, "unfiled, words": False}


def test_the_one_story_compared_is_singled_out_only_where_something_places_the_report() -> None:
    report = Signals(at=0.0, entities=(), quantities=(), words=("chlorgas", "dosieranlage"), language="de")
    alone = StoryScore(1, READS_LIKE_BY_WORDS + 0.01, 0.0, 0.0, 0.0, 0.8, agrees=False)
    words = _members({1: [["chlorgas", "dosieranlage", "feuerwehr"]]})
    assert by_words([alone], [alone], report, words) is None
    placed = replace(alone, place=1)
    assert by_words([placed], [placed], report, words) == placed
    # the town's name is no word of the event: in every report of the town the folder files there
    town = replace(report, words=("chlorgas", "tulln"), places=("tulln",), sections=("tulln",))
    named = _members({1: [["chlorgas", "tulln", "feuerwehr"]]})
    weights = StoryWords(named.members, lambda w: {"chlorgas": 0.6, "tulln": 0.9})
    assert by_words([placed], [placed], town, weights) is None
    assert by_words([placed], [placed], replace(town, places=(), sections=()), weights) == placed
    # a shared word that other reports of the store use too weighs less than one: not enough
    few = _members({1: [["chlorgas", "feuerwehr"]]})
    assert by_words([placed], [placed], report, StoryWords(few.members, lambda w: {"chlorgas": 0.6})) is None
