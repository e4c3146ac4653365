"""PDF (WeasyPrint): A4 pages, German quotes and hyphenation, the source list at the end — checked
in the text pypdf extracts, and by reading the PDF back with newsdesk's own PDF ingest."""

from __future__ import annotations

import io
import logging
import re
import subprocess
import sys
from pathlib import Path

import pytest

from article_samples import sample_article
from newsdesk.ingest.files import read_pdf
from newsdesk.models import Paragraph, Section, Sentence
from newsdesk.render import render

pytest.importorskip("weasyprint")
from pypdf import PdfReader

TESTS = Path(__file__).resolve().parent
A4 = (595.28, 841.89)  # points


def _pdf(**options: object) -> bytes:
    result = render(sample_article(), "pdf", **options)
    assert isinstance(result, bytes)
    return result


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture(scope="module")
def public_pdf() -> bytes:
    return _pdf(marks=False)


def test_pdf_is_a4_with_headline_quotes_and_source_list(public_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(public_pdf))
    assert public_pdf.startswith(b"%PDF-")
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4, abs=0.5)
    assert reader.metadata is not None and reader.metadata.title == sample_article().headline
    text = _text(public_pdf)
    flat = " ".join(text.split())
    assert "Stromausfall in Leipzig: 42.000 Haushalte ohne Strom" in flat
    assert "„Leipziger Volkszeitung“" in flat and "„Wir arbeiten mit allen verfügbaren Trupps" in flat
    # reading order: dateline, lead, sub-heading, … (positioned elements would be painted last)
    assert "Leipzig, 3. März 2025 – Nach einem Kabelbrand" in flat
    assert flat.index("Lößnig") < flat.index("Wie es weitergeht") < flat.index("Dienstagmittag")
    # the sources come last, as a list with outlet, title in German quotes, date and URL
    sources = flat[flat.index("QUELLEN") :]
    for entry in (
        "1. Sächsische Zeitung (dpa): „Kabelbrand: Zehntausende Leipziger ohne Strom“, 3. März 2025",
        "2. Leipziger Volkszeitung: „Stromausfall im Leipziger Süden",
        "3. Reuters: „Power cut hits 42,000 homes in Leipzig“",
    ):
        assert entry in sources
    assert "example-reuters.com" in sources.replace(" ", "")
    # a printed page has no hover: no evidence pop-ups, no evidence list, no verdicts
    assert "Around 42,000 households" not in flat and "Belege" not in flat and "belegt ·" not in flat
    assert "44.000" not in flat  # the sentence the verifier dropped is not printed for publication


def test_pdf_hyphenates_german_and_reads_back_whole() -> None:
    article = sample_article()
    long_words = (
        "Die Bundesnetzagentur verlangte von den Übertragungsnetzbetreibern eine "
        "Versorgungssicherheitsanalyse, die Instandhaltungsverpflichtungen, "
        "Katastrophenschutzübungen und Notstromaggregatsprüfungen umfasst."
    )
    first = article.sentences()[0]
    extra = [Sentence(f"s{9 + i}", long_words, list(first.citations), first.verdict) for i in range(3)]
    article.sections.append(Section("Hintergrund", [Paragraph(extra)]))
    pdf = render(article, "pdf", marks=False)
    assert isinstance(pdf, bytes)
    raw = _text(pdf)
    broken = re.findall(r"[a-zäöüß][\u2010-]\n[a-zäöüß]", raw)
    assert broken, "WeasyPrint should hyphenate long German compounds (hyphens: auto, lang=de)"
    # newsdesk's own PDF ingest joins the lines again: every sentence comes back whole
    text = " ".join((read_pdf(pdf, source="artikel.pdf").text or "").split())
    for sentence in article.sentences():
        assert sentence.text in text


def test_pdf_typesetting_needs_no_unsupported_css(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        _pdf(marks=True)
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []


def test_missing_weasyprint_is_one_clear_error() -> None:
    code = (
        "import sys; sys.modules['weasyprint'] = None\n"  # what an install without the pdf extra sees
        f"sys.path.insert(0, {str(TESTS)!r})\n"
        "from article_samples import sample_article\n"
        "from newsdesk.errors import RenderError\n"
        "from newsdesk.render import render\n"
        "try:\n    render(sample_article(), 'pdf')\n"
        "except RenderError as exc:\n    print(exc); print(exc.hint)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "PDF output needs WeasyPrint, which is not installed" in result.stdout
    assert "pip install 'newsdesk[pdf]'" in result.stdout
