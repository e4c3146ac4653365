"""Domain objects shared by all stages, and their stable JSON forms.

The JSON produced by ``to_dict`` is a public interface (tests, the web UI and outside tools read
it). Versioned objects carry a ``schema`` field; fields are only ever added, never renamed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from typing import Any, Literal

ARTICLE_SCHEMA = "newsdesk.article/1"
AUDIT_SCHEMA = "newsdesk.audit/1"


def utc_now() -> str:
    """The current time as stored everywhere: ISO 8601, UTC, whole seconds."""
    return datetime.now(UTC).isoformat(timespec="seconds")


VerdictLabel = Literal["supported", "unsupported", "contradicted", "misattributed", "unverifiable"]
# What one cited passage, on its own, says of a sentence (see Judgement).
JudgementLabel = Literal["supports", "partial", "contradicts", "unrelated"]
ProblemKind = Literal[
    "number",
    "date",
    "name",
    "quote",
    "attribution",
    "relevance",
    "negation",
    "relation",
    "entailment",
    "source",
    "citation",
    "headline",
    "language",
]


@dataclass(frozen=True)
class Passage:
    """One sentence of a document, located by character offsets into the document text."""

    document_id: int
    index: int
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Document:
    """One report from one outlet, as stored.

    ``url`` is the canonical URL (``None`` for inputs that have none, such as a JSONL line without
    one); ``published`` and ``fetched_at`` are ISO 8601 strings; ``duplicate_of`` links syndicated
    near-duplicates (agency copy) to the first stored copy.
    """

    url: str | None
    outlet: str
    title: str
    text: str
    language: str
    content_hash: str
    author: str | None = None
    published: str | None = None
    fetched_at: str | None = None
    duplicate_of: int | None = None
    source: str = ""
    kind: str = "html"
    site_name: str | None = None
    links: list[str] = field(default_factory=list)
    id: int | None = None

    def to_dict(self, *, with_text: bool = True) -> dict[str, Any]:
        data = asdict(self)
        if not with_text:
            del data["text"]
        return data


_FRAME_FIELDS = (
    "places", "main_places", "main_names", "hints", "title_places", "kinds", "certain_kinds", "mentions",
    "days", "repeat", "again", "backref", "remains", "lead_places", "after_kinds", "districts", "sections",
    "words", "language",
)  # fmt: skip


@dataclass(frozen=True)
class Signals:
    """What the stories stage knows of one document for clustering (computed by
    :func:`newsdesk.stories.signals.compute_signals`, kept by the store): names, numbers and the
    event frame (places, kinds, days, cues; see :mod:`newsdesk.stories.frame`)."""

    at: float  # publication time (UNIX)
    entities: tuple[str, ...]  # name keys ("vladimir putin", "valais")
    quantities: tuple[str, ...]  # number and date keys ("EUR:3.5e9", "DATE:2025-05-28")
    names: dict[str, str] = field(default_factory=dict)  # entity key → surface form, for display
    retrospective: bool = False  # an anniversary or retrospective feature, not a report of a new event
    places: tuple[str, ...] = ()  # place keys the title and lead name
    main_places: tuple[str, ...] = ()  # … in the dateline, title and first sentence
    main_names: tuple[str, ...] = ()  # name keys (and places) of the title and first sentence
    hints: tuple[str, ...] = ()  # words that may name a place ("Dürnstein: …", "Linzer …")
    title_places: tuple[str, ...] = ()  # the title's places (and a dateline place the text names)
    kinds: tuple[str, ...] = ()  # what happened (dominant event kinds of title and lead)
    certain_kinds: tuple[str, ...] = ()  # the kinds, when the title or more than one cue names them
    mentions: tuple[str, ...] = ()  # every event kind the lead names
    days: tuple[str, ...] = ()  # ISO days the lead names within ten days before publication
    repeat: bool = False  # "erneut", "again": a new occurrence of an earlier event
    again: bool = False  # … said in the title ("Erneut Lkw-Brand auf der A8")
    backref: bool = False  # "eine Woche nach dem …", "last week's …": refers back to an event
    remains: bool = False  # "bleibt bis Montag gesperrt", "still without power": a state the event left
    lead_places: tuple[str, ...] = ()  # places (not countries, larger regions) of title and first paragraph
    after_kinds: tuple[str, ...] = ()  # kinds the title and lead look back at ("nach dem Sturm")
    districts: tuple[str, ...] = ()  # "town>part" for parts of a town the opening names ("hamburg>harburg")
    sections: tuple[str, ...] = ()  # the folders of its web address, spelled as places ("lokales/holzminden")
    words: tuple[str, ...] = ()  # content words of its whole text, once each (lang.words.distinct_words)
    language: str = ""  # its language ("de", "en"): words are compared within one

    def frame(self) -> dict[str, Any]:
        """The event-frame fields, as stored."""
        values = asdict(self)
        return {name: values[name] for name in _FRAME_FIELDS}


@dataclass(frozen=True)
class Story:
    """Documents that report the same event."""

    id: int
    label: str
    document_ids: tuple[int, ...]
    languages: tuple[str, ...]
    first_published: str | None
    last_published: str | None
    entities: tuple[str, ...] = ()


@dataclass(frozen=True)
class Citation:
    """A sentence's link to the source passage behind it."""

    source: int
    passage: int
    quote: str = ""


@dataclass(frozen=True)
class Problem:
    kind: ProblemKind
    detail: str


@dataclass(frozen=True)
class Evidence:
    source: int
    passage: int
    text: str


@dataclass(frozen=True)
class Anchor:
    """A word of a sentence that a citation was checked for (a name, number, date, place, quote or
    the predicate), with the span of the cited passage that matched it (``start``/``end`` are
    character offsets into the passage text, -1 when the passage has no match)."""

    kind: str  # name | number | date | place | quote | predicate | outlet
    text: str  # as the sentence has it
    start: int = -1
    end: int = -1


@dataclass(frozen=True)
class Judgement:
    """One cited passage's own judgement of a sentence, independent of the other citations.

    ``supports``: this passage alone (with its neighbours, for pronouns) carries every anchor and
    the core relation; ``partial``: it carries some of them and contradicts none; ``contradicts``: it
    says otherwise (another number, name or relation in the same role); ``unrelated``: it is not
    about the sentence. ``outlet`` is the passage's outlet as the sentence would name it."""

    source: int
    passage: int
    label: JudgementLabel
    score: float = 0.0
    outlet: str = ""
    anchors: tuple[Anchor, ...] = ()
    problems: tuple[Problem, ...] = ()

    @property
    def supports(self) -> bool:
        return self.label == "supports"


@dataclass(frozen=True)
class Verdict:
    """The verifier's verdict on a sentence. ``judgements`` holds one :class:`Judgement` per cited
    passage, in citation order; a sentence is ``supported`` only if at least one judgement is
    ``supports`` and none ``contradicts``."""

    label: VerdictLabel
    score: float
    evidence: tuple[Evidence, ...] = ()
    problems: tuple[Problem, ...] = ()
    judgements: tuple[Judgement, ...] = ()

    def judgement(self, source: int, passage: int) -> Judgement | None:
        """The judgement of the citation ``(source, passage)``, if it was judged."""
        return next((j for j in self.judgements if (j.source, j.passage) == (source, passage)), None)


@dataclass
class Sentence:
    id: str
    text: str
    citations: list[Citation] = field(default_factory=list)
    verdict: Verdict | None = None


@dataclass
class Paragraph:
    sentences: list[Sentence] = field(default_factory=list)


@dataclass
class Section:
    heading: str
    paragraphs: list[Paragraph] = field(default_factory=list)


@dataclass(frozen=True)
class Dateline:
    place: str
    date: str


@dataclass(frozen=True)
class ConflictValue:
    """One value that some sources give for a disputed fact, and the passages that give it."""

    value: str
    citations: tuple[Citation, ...] = ()
    outlets: tuple[str, ...] = ()


@dataclass(frozen=True)
class Conflict:
    """Sources that disagree on one fact (a quantity, an actor, a place): ``about`` names it in
    German ("Zahl der Evakuierten"); ``chosen`` is the value the article states ("" when it states
    both, with their attributions); ``resolution`` says why ("später bestätigt", "mehr Quellen",
    "Redaktion: …" for an editor's choice); ``sentence_ids`` are the article sentences about it."""

    about: str
    values: tuple[ConflictValue, ...]
    chosen: str = ""
    resolution: str = ""
    sentence_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class SourceRef:
    id: int
    outlet: str
    title: str
    url: str | None
    published: str | None
    language: str
    republished_by: tuple[str, ...] = ()  # outlets that carried the same (syndicated) text
    cited: bool = True  # False for a source that only corroborates and no sentence cites
    credit: str | None = None  # agency named in the report's dateline ("dpa" in "Passau (dpa) –")


@dataclass
class Article:
    """A written article (``newsdesk.article/1``).

    ``dropped`` holds the sentences a verifier did not find supported, with their verdicts; they
    are not part of the text. ``metadata`` holds what the writer reports about its run (the LLM
    writer: model, context budget, tokens and seconds per stage, repair rounds); never secrets.
    """

    id: str
    story_id: int
    language: str
    writer: str
    headline: str
    subheadline: str
    dateline: Dateline
    sections: list[Section]
    sources: list[SourceRef]
    generated_at: str
    dropped: list[Sentence] = field(default_factory=list)  # removed because the verifier did not support them
    headline_source: int | None = None  # document whose title the headline was drawn from
    subheadline_citations: list[Citation] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)  # where the sources disagree

    def to_dict(self) -> dict[str, Any]:
        return {"schema": ARTICLE_SCHEMA, **asdict(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """The article from its ``newsdesk.article/1`` JSON (unknown fields are ignored)."""
        schema = data.get("schema", ARTICLE_SCHEMA)
        if schema != ARTICLE_SCHEMA:
            raise ValueError(f"not a {ARTICLE_SCHEMA} document: schema {schema!r}")
        # Fields added later that hold plain JSON values (metadata, say) are taken as they are.
        plain = {k: v for k, v in _known(cls, data).items() if k not in _STRUCTURED}
        return cls(
            **plain,
            dateline=Dateline(**data.get("dateline") or {"place": "", "date": ""}),
            sections=[
                Section(
                    heading=section.get("heading", ""),
                    paragraphs=[
                        Paragraph([_sentence(s) for s in paragraph.get("sentences", [])])
                        for paragraph in section.get("paragraphs", [])
                    ],
                )
                for section in data.get("sections", [])
            ],
            sources=[_source(s) for s in data.get("sources", [])],
            dropped=[_sentence(s) for s in data.get("dropped", [])],
            subheadline_citations=[_citation(c) for c in data.get("subheadline_citations", [])],
            conflicts=[_conflict(c) for c in data.get("conflicts", [])],
        )

    def sentences(self) -> list[Sentence]:
        """The article's sentences in reading order (the dropped ones are not part of it)."""
        return [s for section in self.sections for p in section.paragraphs for s in p.sentences]


_STRUCTURED = {"dateline", "sections", "sources", "dropped", "subheadline_citations", "conflicts"}


def _known(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in data.items() if k in names}


def _citation(data: dict[str, Any]) -> Citation:
    return Citation(**_known(Citation, data))


def _problems(data: dict[str, Any]) -> tuple[Problem, ...]:
    return tuple(Problem(**_known(Problem, p)) for p in data.get("problems", ()))


def _judgement(data: dict[str, Any]) -> Judgement:
    known = _known(Judgement, data)
    known["anchors"] = tuple(Anchor(**_known(Anchor, a)) for a in data.get("anchors", ()))
    known["problems"] = _problems(data)
    return Judgement(**known)


def _verdict(data: dict[str, Any] | None) -> Verdict | None:
    if data is None:
        return None
    return Verdict(
        label=data["label"],
        score=data["score"],
        evidence=tuple(Evidence(**_known(Evidence, e)) for e in data.get("evidence", ())),
        problems=_problems(data),
        judgements=tuple(_judgement(j) for j in data.get("judgements", ())),
    )


def _conflict(data: dict[str, Any]) -> Conflict:
    known = _known(Conflict, data)
    known["values"] = tuple(
        ConflictValue(
            value=v["value"],
            citations=tuple(_citation(c) for c in v.get("citations", ())),
            outlets=tuple(v.get("outlets", ())),
        )
        for v in data.get("values", ())
    )
    known["sentence_ids"] = tuple(data.get("sentence_ids", ()))
    return Conflict(**known)


def _sentence(data: dict[str, Any]) -> Sentence:
    return Sentence(
        id=data["id"],
        text=data["text"],
        citations=[_citation(c) for c in data.get("citations", [])],
        verdict=_verdict(data.get("verdict")),
    )


def _source(data: dict[str, Any]) -> SourceRef:
    known = _known(SourceRef, data)
    known["republished_by"] = tuple(known.get("republished_by", ()))
    return SourceRef(**known)


@dataclass
class AuditReport:
    """An audit of an existing article against its sources (``newsdesk.audit/1``)."""

    article: str
    sentences: list[Sentence]
    sources: list[dict[str, Any]]
    problems: list[dict[str, Any]]
    summary: dict[str, int]
    headline: str = ""
    subheadline: str = ""
    dateline: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"schema": AUDIT_SCHEMA, **asdict(self)}
