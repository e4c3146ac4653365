"""Wording and numbering shared by every renderer: German dates, source numbers, verdict labels,
slugs, and the statement of how an article was made.

Every format says the same thing in the same words, so the statement that a text was
machine-assembled (and whether an editor approved it) is built here once, for the HTML page, the
PDF, the feed and the JSON-LD ``creditText``.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from newsdesk.models import Article, Dateline, Sentence, SourceRef

if TYPE_CHECKING:
    from newsdesk.store.articles import ArticleRecord

MONTHS = (
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
)  # fmt: skip

VERDICT_LABELS = {
    "supported": "belegt",
    "unsupported": "nicht belegt",
    "contradicted": "widersprochen",
    "misattributed": "falsch zugeschrieben",
    "unverifiable": "nicht prüfbar",
}
# What one cited passage says of its sentence (Judgement.label), as the evidence panel shows it.
JUDGEMENT_LABELS = {
    "supports": "trägt den Satz",
    "partial": "trägt ihn nur zum Teil",
    "contradicts": "widerspricht",
    "unrelated": "gehört nicht dazu",
}
WRITER_NAMES = {"extractive": "extraktiv, aus Sätzen der Quellen", "llm": "mit einem Sprachmodell"}
APPROVED_STATES = ("approved", "published", "withdrawn")


def parse_time(value: str | None) -> datetime | None:
    """An ISO 8601 time (a date alone is midnight UTC); ``None`` if absent or unreadable."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def german_date(value: str | None) -> str:
    """``"2025-06-17T08:00:00+02:00"`` → ``"17. Juni 2025"``, the day in the time's own offset (a
    source's date as its outlet printed it); "" if unknown."""
    moment = parse_time(value)
    if moment is None:
        return ""
    return f"{moment.day}. {MONTHS[moment.month - 1]} {moment.year}"


def german_datetime(value: str | None, timezone: str = "Europe/Berlin") -> str:
    """``"17. Juni 2025, 10:00 Uhr"`` in ``timezone``; "" if unknown."""
    moment = parse_time(value)
    if moment is None:
        return ""
    local = moment.astimezone(ZoneInfo(timezone))
    return f"{local.day}. {MONTHS[local.month - 1]} {local.year}, {local:%H:%M} Uhr"


def dateline_text(dateline: Dateline) -> str:
    """``"Passau, 17. Juni 2025 –"`` (parts that are unknown are left out)."""
    parts = ", ".join(part for part in (dateline.place, dateline.date) if part)
    return f"{parts} –" if parts else ""


def source_numbers(article: Article) -> dict[int, int]:
    """Source document id → its number in the source list (1, 2, …)."""
    return {source.id: number for number, source in enumerate(article.sources, 1)}


def sentence_numbers(sentence: Sentence, numbers: dict[int, int]) -> list[int]:
    """The source numbers a sentence cites, ascending, each once."""
    return sorted({numbers[c.source] for c in sentence.citations if c.source in numbers})


def outlet_label(source: SourceRef) -> str:
    """``"Süddeutsche Zeitung (dpa)"`` when the report credits an agency, else the outlet."""
    return f"{source.outlet} ({source.credit})" if source.credit else source.outlet


def verdict_text(sentence: Sentence) -> str:
    """``"nicht belegt: 9,90 not in the evidence"``; ``"ohne Prüfung"`` without a verdict."""
    if sentence.verdict is None:
        return "ohne Prüfung"
    label = VERDICT_LABELS.get(sentence.verdict.label, sentence.verdict.label)
    problems = "; ".join(p.detail for p in sentence.verdict.problems if p.detail)
    return f"{label}: {problems}" if problems else label


def is_supported(sentence: Sentence) -> bool:
    """Whether the verifier found the sentence supported by its sources."""
    return sentence.verdict is not None and sentence.verdict.label == "supported"


def plain_text(article: Article) -> str:
    """The body as plain text: the dateline, then paragraphs separated by blank lines, with
    sub-headings on lines of their own (JSON-LD ``articleBody``, word counts)."""
    blocks: list[str] = []
    dateline = dateline_text(article.dateline)
    for section in article.sections:
        if section.heading:
            blocks.append(section.heading)
        for paragraph in section.paragraphs:
            text = " ".join(s.text for s in paragraph.sentences)
            if dateline and text:
                text, dateline = f"{dateline} {text}", ""
            if text:
                blocks.append(text)
    return "\n\n".join(blocks)


def word_count(article: Article) -> int:
    """Words in the article's sentences (headline, sub-headline and dateline not counted)."""
    return sum(len(s.text.split()) for s in article.sentences())


def approval(record: ArticleRecord | None, timezone: str = "Europe/Berlin") -> str:
    """Whether an editor approved the version, who and when, as one German sentence."""
    if record is None or record.status not in APPROVED_STATES:
        return "Eine redaktionelle Freigabe liegt nicht vor."
    who = f" von {record.reviewed_by}" if record.reviewed_by else ""
    when = f" am {german_datetime(record.reviewed_at, timezone)}" if record.reviewed_at else ""
    return f"Er wurde{who}{when} redaktionell freigegeben."


def disclosure(article: Article, record: ArticleRecord | None, timezone: str = "Europe/Berlin") -> str:
    """How the text was made, in plain German: machine-assembled from the listed sources, each
    sentence linked to the passages that support it, and whether an editor approved it."""
    count = len(article.sources)
    sources = "der aufgeführten Quelle" if count == 1 else f"den {count} aufgeführten Quellen"
    writer = WRITER_NAMES.get(article.writer, article.writer)
    sentences = article.sentences()
    if sentences and all(is_supported(s) for s in sentences):
        checked = "und wurde automatisch gegen sie geprüft"
    elif all(s.verdict is not None for s in sentences):
        checked = "doch nicht jeden Satz hat die automatische Prüfung als belegt eingestuft"
    else:
        checked = "doch nicht jeder Satz wurde automatisch gegen sie geprüft"
    return (
        f"Dieser Text wurde von newsdesk maschinell aus {sources} zusammengestellt ({writer}). "
        f"Jeder Satz verweist auf die Quellenpassagen, die ihn belegen, {checked}. "
        + approval(record, timezone)
    )


def slug(text: str, max_chars: int = 60) -> str:
    """``"Donau in Passau: 10,62 Meter"`` → ``"donau-in-passau-10-62-meter"`` (umlauts as ae/oe/ue)."""
    text = text.replace("ß", "ss")
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("Ä", "Ae"), ("Ö", "Oe"), ("Ü", "Ue")):
        text = text.replace(umlaut, plain)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return words[:max_chars].rstrip("-") or "article"


CONFLICTS_HEADING = "Widersprüchliche Angaben"


def conflict_lines(article: Article) -> list[str]:
    """One German line per fact the sources disagree on: the values with their outlets and what the
    text does with them ("In Oberösterreich mussten … Menschen ihre Häuser verlassen: rund 620 (Kronen
    Zeitung, The Guardian), rund 600 (Süddeutsche Zeitung). Der Text nennt rund 620: später korrigiert.")."""
    lines = []
    for conflict in article.conflicts:
        values = "; ".join(
            f"{value.value} ({', '.join(value.outlets)})" if value.outlets else value.value
            for value in conflict.values
        )
        both = "beide Angaben genannt" in conflict.resolution
        if conflict.chosen:
            reason = f": {conflict.resolution}." if conflict.resolution else "."
            decision = f"Der Text nennt {conflict.chosen}{reason}"
        elif both and conflict.sentence_ids:
            decision = "Der Text nennt beide Angaben mit ihren Quellen."
        else:
            decision = "Der Text nennt die Angabe mit ihrer Quelle; die Quellen widersprechen sich."
        lines.append(f"{conflict.about}: {values}. {decision}")
    return lines
