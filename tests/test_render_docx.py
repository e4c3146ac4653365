"""DOCX output (python-docx writes it, python-docx reads it back): structure, marks, links, escaping."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from docx import Document

from article_samples import HOSTILE, sample_article, with_label
from newsdesk.render import RENDERERS, render, save


def read(data: bytes) -> Any:
    return Document(io.BytesIO(data))


def body_text(document: Any) -> list[str]:
    return [p.text for p in document.paragraphs if p.text.strip()]


def test_the_document_reads_like_the_article() -> None:
    article = sample_article()
    data = render(article, "docx", marks=False)
    assert isinstance(data, bytes) and zipfile.is_zipfile(io.BytesIO(data))
    document = read(data)
    paragraphs = document.paragraphs
    assert paragraphs[0].style.name == "Title" and paragraphs[0].text == article.headline
    assert paragraphs[1].text == article.subheadline and paragraphs[1].runs[0].bold
    text = "\n".join(body_text(document))
    first = next(p for p in paragraphs if p.text.startswith("Leipzig, 3. März 2025"))
    assert first.runs[0].bold  # the dateline opens the first paragraph
    for sentence in article.sentences():
        assert sentence.text in text
    order = [text.index(s.text) for s in article.sentences()]
    assert order == sorted(order)
    headings = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Wie es weitergeht", "Stimmen und Reaktionen", "Quellen"]
    marks = [r.text for p in paragraphs for r in p.runs if r.font.superscript]
    assert marks[:2] == ["[1][3]", "[2]"]  # the numbers of the source list
    start = next(i for i, p in enumerate(paragraphs) if p.text == "Quellen")
    sources = [p.text for p in paragraphs[start:]]
    assert sources[1].startswith("1. Sächsische Zeitung (dpa): „Kabelbrand")
    assert "gleichlautend bei MDR" in sources[1]
    assert document.core_properties.title == article.headline
    assert document.core_properties.language == "de-DE"
    assert "Vom Prüfer entfernt" not in text and not list(document.comments)


def test_source_links_are_http_only_and_markup_stays_text() -> None:
    document = read(render(sample_article(hostile=True), "docx", marks=False))
    part = document.part
    targets = [r.target_ref for r in part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert targets == [
        "https://www.example-sz.de/leipzig/stromausfall-kabelbrand?a=1&b=2",
        "https://www.example-reuters.com/world/europe/leipzig-power-cut",
    ]
    text = "\n".join(body_text(document))
    assert "javascript:alert(1)" in text  # shown as text, never a link
    assert HOSTILE in text  # source text is text, not markup


def test_review_copy_marks_unsupported_sentences_with_a_comment() -> None:
    article = with_label(sample_article(), "s3", "contradicted")
    document = read(render(article, "docx", marks=True))
    [comment] = list(document.comments)
    assert comment.author == "newsdesk"
    assert comment.text.startswith("widersprochen")
    highlighted = [r.text for p in document.paragraphs for r in p.runs if r.font.highlight_color is not None]
    assert highlighted == [article.sentences()[2].text]
    text = "\n".join(body_text(document))
    assert "Vom Prüfer entfernt" in text and "Insgesamt waren 44.000 Haushalte betroffen." in text


def test_control_characters_do_not_break_the_document(tmp_path) -> None:  # type: ignore[no-untyped-def]
    article = sample_article()
    article.sentences()[0].text += " \x00\x0bEnde"
    [path] = save(article, tmp_path, ["docx"], marks=False)
    assert path.suffix == ".docx" and "docx" in RENDERERS
    assert "Ende" in "\n".join(body_text(Document(str(path))))
