"""DOCX: the article as a Word document, for desks that hand copy on in Word (python-docx).

The document reads like the Markdown rendering: the headline as the title, the sub-headline in
bold, the dateline in bold at the start of the first paragraph, sections with their headings,
source numbers as superscript ``[1]`` after each sentence, a note on the facts the sources
disagree on („Widersprüchliche Angaben“, when there are any), and the numbered source list („Quellen“)
with links (only ``http``/``https`` addresses become links). The document's properties carry the
headline, the publisher as author, the language (de-DE) and the story id.

With ``marks`` (review copy) a sentence the verifier did not find supported is highlighted and
carries a Word comment with its verdict and problems, so that an editor sees it in Word's review
pane; the sentences the verifier dropped follow under „Vom Prüfer entfernt“. Without ``marks``
(publication) neither appears. The statement of how the article was made closes the document.
"""

from __future__ import annotations

import io
from typing import Any

from newsdesk.models import Article, Sentence
from newsdesk.render.base import RenderOptions
from newsdesk.render.text import (
    CONFLICTS_HEADING,
    conflict_lines,
    dateline_text,
    disclosure,
    german_date,
    is_supported,
    outlet_label,
    parse_time,
    sentence_numbers,
    source_numbers,
    verdict_text,
)
from newsdesk.urls import web_link

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_CONTROL = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32)])  # XML 1.0 forbids them


def _clean(text: str) -> str:
    """``text`` without the control characters that a Word document (XML) cannot hold."""
    return text.translate(_CONTROL)


def _hyperlink(paragraph: Any, url: str) -> None:
    """A clickable link to ``url`` (http/https only; anything else stays text)."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    target = web_link(url)  # only a valid http(s) URL becomes a link
    if target is None:
        paragraph.add_run(_clean(url))
        return
    relation = paragraph.part.relate_to(target, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relation)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    properties.append(style)
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    properties.append(underline)
    run.append(properties)
    text = OxmlElement("w:t")
    text.text = _clean(url)
    run.append(text)
    link.append(run)
    paragraph._p.append(link)


def _sentence(document: Any, paragraph: Any, sentence: Sentence, numbers: list[int], marks: bool) -> None:
    from docx.enum.text import WD_COLOR_INDEX

    run = paragraph.add_run(_clean(sentence.text))
    if marks and not is_supported(sentence):
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        problems = [p.detail for p in sentence.verdict.problems] if sentence.verdict else []
        note = "; ".join([verdict_text(sentence), *problems[:3]])
        document.add_comment(run, text=_clean(note), author="newsdesk", initials="ND")
    if numbers:
        mark = paragraph.add_run("".join(f"[{n}]" for n in numbers))
        mark.font.superscript = True


def to_docx(article: Article, options: RenderOptions | None = None) -> bytes:
    """The article as a DOCX file (see the module docstring)."""
    from docx import Document

    options = options or RenderOptions()
    timezone = options.settings.timezone
    numbers = source_numbers(article)
    document = Document()
    properties = document.core_properties
    properties.title = _clean(article.headline)
    properties.author = _clean(options.settings.publisher)
    properties.language = "de-DE"
    properties.identifier = f"newsdesk story {article.story_id}, article {article.id}"
    created = parse_time(article.generated_at)
    if created is not None:
        properties.created = created
    document.add_heading(_clean(article.headline), level=0)
    if article.subheadline:
        document.add_paragraph().add_run(_clean(article.subheadline)).bold = True
    dateline = dateline_text(article.dateline)
    for section in article.sections:
        if section.heading:
            document.add_heading(_clean(section.heading), level=1)
        for block in section.paragraphs:
            paragraph = document.add_paragraph()
            if dateline:
                paragraph.add_run(_clean(dateline) + " ").bold = True
                dateline = ""
            for index, sentence in enumerate(block.sentences):
                if index:
                    paragraph.add_run(" ")
                _sentence(document, paragraph, sentence, sentence_numbers(sentence, numbers), options.marks)
    if article.conflicts:
        document.add_heading(CONFLICTS_HEADING, level=1)
        for line in conflict_lines(article):
            document.add_paragraph(_clean(line), style="List Bullet")
    document.add_heading("Quellen", level=1)
    for number, source in enumerate(article.sources, 1):
        entry = document.add_paragraph()
        text = f"{number}. {outlet_label(source)}: „{source.title}“"
        published = german_date(source.published)
        text += f", {published}" if published else ""
        entry.add_run(_clean(text) + (", " if source.url else ""))
        if source.url:
            _hyperlink(entry, source.url)
        if source.republished_by:
            entry.add_run(_clean(f" (gleichlautend bei {', '.join(source.republished_by)})"))
        if not source.cited:
            entry.add_run(" (nicht zitiert)")
    if options.marks and article.dropped:
        document.add_heading("Vom Prüfer entfernt", level=1)
        for sentence in article.dropped:
            document.add_paragraph(_clean(f"{sentence.text} ({verdict_text(sentence)})"), style="List Bullet")
    closing = document.add_paragraph()
    closing.add_run(_clean(disclosure(article, options.record, timezone))).italic = True
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


class DocxRenderer:
    """``docx``: a Word document (Office Open XML)."""

    name = "docx"
    media_type = MEDIA_TYPE
    suffix = ".docx"

    def render(self, article: Article, options: RenderOptions) -> bytes:
        """The article as DOCX bytes."""
        return to_docx(article, options)
