"""PDF input: text with line-break hyphenation undone, metadata, corrupt files (files.read_pdf).

The PDFs are generated here with WeasyPrint from our own German HTML, typeset in a narrow
column with ``hyphens: auto`` so that the typesetter really breaks long compounds inside words.
"""

from __future__ import annotations

import io
import itertools
import re
import warnings
from pathlib import Path

import pytest

from newsdesk.config import IngestSettings
from newsdesk.errors import ExtractionError
from newsdesk.ingest import Ingestor
from newsdesk.ingest.files import read_path, read_pdf, unwrap_pdf
from newsdesk.ingest.normalize import hyphenation_debris
from newsdesk.store import SQLiteStore

TITLE = "Gipfel in Genf: Verhandlungen ohne Ergebnis vertagt"

# "|" marks an explicit line break (<br>) in the rendered HTML.
PARAGRAPHS = [
    "Genf - Die Außenministerkonferenz in Genf ist am Dienstagabend ohne gemeinsame "
    "Abschlusserklärung zu Ende gegangen. Die Verhandlungsdelegationen der Nachbarstaaten konnten "
    "sich nicht auf eine Grenzsicherungsvereinbarung einigen.",
    "Der US-|Sondergesandte sprach dennoch von konstruktiven Gesprächen. Der Sonder-|gesandte der "
    "Vereinten Nationen kündigte weitere Vermittlungsbemühungen an.",
    "Die Wirtschaftsministerien beider Staaten wollen die Zusammenarbeit bei der "
    "Energieversorgungssicherheit trotzdem ausbauen. Bundestagsabgeordnete verlangten mehr "
    "Transparenz bei den Rüstungsexportgenehmigungen und den Entwicklungshilfezahlungen.",
    "Beobachter rechnen damit, dass die Verhandlungen im Frühjahr fortgesetzt werden. Die "
    "Tagesordnung der Folgekonferenz soll bis Ende März feststehen.",
]


def _source_text() -> str:
    return "\n".join(p.replace("Sonder-|gesandte", "Sondergesandte").replace("|", "") for p in PARAGRAPHS)


def _html(paragraphs: list[str], *, title: str | None = TITLE) -> str:
    head = f"<title>{title}</title>" if title else ""
    body = "".join(f"<p>{p.replace('|', '<br>')}</p>" for p in paragraphs)
    return (
        '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">'
        f"{head}<style>@page {{ size: A6; margin: 10mm; }} "
        "body { font-family: serif; font-size: 11pt; hyphens: auto; text-align: justify; }</style>"
        f"</head><body>{body}</body></html>"
    )


def render_pdf(html: str) -> bytes:
    with warnings.catch_warnings():
        # WeasyPrint 70 warns at import time when HarfBuzz-Subset is missing from the system.
        warnings.filterwarnings("ignore", message="HarfBuzz-Subset", category=DeprecationWarning)
        weasyprint = pytest.importorskip("weasyprint")
    pdf: bytes = weasyprint.HTML(string=html).write_pdf()
    return pdf


@pytest.fixture(scope="module")
def report_pdf() -> bytes:
    return render_pdf(_html(PARAGRAPHS))


@pytest.fixture(scope="module")
def empty_pdf() -> bytes:
    return render_pdf("<!DOCTYPE html><html><head><title>Leer</title></head><body></body></html>")


CORRUPT_PDF = b"%PDF-1.7\n" + b"\x00\x13garbage stream without objects or xref\n" * 40


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text))


def test_precondition_the_raw_pdf_text_has_line_break_hyphens(report_pdf: bytes) -> None:
    from pypdf import PdfReader

    raw = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(report_pdf)).pages)
    lines = raw.split("\n")
    assert any(line.endswith("-") for line in lines)
    assert "US-" in [line.strip().rsplit(" ", 1)[-1] for line in lines]
    # automatic hyphenation inside words (WeasyPrint writes U+2010 or "-"), followed by a lower-case part
    automatic = [
        (line, after)
        for line, after in itertools.pairwise(lines)
        if line.endswith(("-", "\u2010")) and after[:1].islower() and not line.endswith("Sonder-")
    ]
    assert len(automatic) >= 3, raw
    # so the raw text does contain fragments that are not words of the source
    assert _words(raw.replace("\u2010", "-")) - _words(_source_text())


def test_read_pdf_undoes_hyphenation(report_pdf: bytes) -> None:
    raw = read_pdf(report_pdf, source="bericht.pdf", url="file:///bericht.pdf")
    assert raw.kind == "pdf"
    assert raw.title == TITLE  # from the PDF metadata that WeasyPrint writes from <title>
    assert raw.url == "file:///bericht.pdf"
    text = raw.text or ""
    assert hyphenation_debris(text) == []
    assert "-\n" not in text and "\u2010" not in text
    assert "US-Sondergesandte" in text
    assert re.search(r"\bSondergesandte der Vereinten Nationen\b", text)
    fragments = _words(text) - _words(_source_text())
    assert not fragments, f"split word fragments: {sorted(fragments)}"
    # every source word made it through (nothing lost between pages or lines)
    assert _words(_source_text()) <= _words(text)


def test_pdf_ingest_stores_clean_passages(tmp_path: Path, report_pdf: bytes) -> None:
    path = tmp_path / "genf.pdf"
    path.write_bytes(report_pdf)
    with SQLiteStore(tmp_path / "pdf.db") as store, Ingestor(IngestSettings(), store) as ingestor:
        report = ingestor.ingest([str(path)])
        assert report.failures == []
        (item,) = report.items
        assert (item.status, item.language, item.title) == ("stored", "de", TITLE)
        document = store.get_document(item.id)
        passages = store.get_passages(item.id)
    assert document.kind == "pdf"
    assert document.url is None and document.source == str(path)  # a file has no URL of its own
    assert len(passages) >= 8
    for passage in passages:
        assert document.text[passage.start : passage.end] == passage.text
        assert hyphenation_debris(passage.text) == []
        assert "\n" not in passage.text
    assert any("US-Sondergesandte" in p.text for p in passages)
    assert _words(document.text) <= _words(_source_text())


def test_pdf_without_metadata_title_uses_its_first_short_line() -> None:
    pdf = render_pdf(_html(["Gipfel ohne Ergebnis", *PARAGRAPHS[2:]], title=None))
    raw = read_pdf(pdf, source="ohne-titel.pdf")
    assert raw.title == "Gipfel ohne Ergebnis"
    assert (raw.text or "").startswith("Die Wirtschaftsministerien")


def test_corrupt_pdf_is_an_extraction_error(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError) as info:
        read_pdf(CORRUPT_PDF, source="kaputt.pdf")
    assert info.value.message.startswith("corrupt or unreadable PDF")
    assert info.value.source == "kaputt.pdf"
    assert info.value.reason == "extraction"
    assert isinstance(info.value.__cause__, Exception)  # converted at the boundary, cause kept


@pytest.mark.parametrize(
    "data", [b"", b"%PDF-1.4\n%%EOF\n", b"not a pdf at all"], ids=["empty", "no-objects", "text"]
)
def test_other_unreadable_pdfs_are_extraction_errors(data: bytes) -> None:
    with pytest.raises(ExtractionError, match="corrupt or unreadable PDF"):
        read_pdf(data, source="x.pdf")


def test_pdf_without_text_is_an_extraction_error(tmp_path: Path, empty_pdf: bytes) -> None:
    path = tmp_path / "leer.pdf"
    path.write_bytes(empty_pdf)
    with pytest.raises(ExtractionError) as info:
        list(read_path(path))
    assert "no extractable text" in info.value.message
    assert info.value.source == str(path)


def test_folder_with_good_and_corrupt_pdf(tmp_path: Path, report_pdf: bytes) -> None:
    folder = tmp_path / "eingang"
    folder.mkdir()
    (folder / "a-kaputt.pdf").write_bytes(CORRUPT_PDF)
    (folder / "b-genf.pdf").write_bytes(report_pdf)
    with SQLiteStore(tmp_path / "pdf.db") as store, Ingestor(IngestSettings(), store) as ingestor:
        report = ingestor.ingest([str(folder)])
        assert [(i.status, i.source) for i in report.items] == [("stored", str(folder / "b-genf.pdf"))]
        assert len(report.failures) == 1
        failure = report.failures[0]
        assert failure.source == str(folder / "a-kaputt.pdf")
        assert failure.reason == "extraction"
        assert failure.message.startswith("corrupt or unreadable PDF")
        assert store.count_documents() == 1
        log = store.fetch_log()
    assert [(e.status, e.reason) for e in reversed(log)] == [("failed", "extraction"), ("stored", None)]


FOOTER_PARAGRAPHS = [
    "Die Delegationen verhandelten in Genf bis tief in die Nacht über die Verteilung der Mittel und "
    "vertagten sich erst gegen Morgen.",
    "Ein Sprecher des Außenministeriums sagte am Mittwoch, man sei auf einem guten Weg zu einer "
    "Einigung mit den Nachbarstaaten.",
    "Die Opposition warf der Regierung vor, die Öffentlichkeit nicht ausreichend über den Stand der "
    "Gespräche zu informieren.",
    "Beobachter rechnen damit, dass die Verhandlungen im Frühjahr fortgesetzt werden und eine "
    "Einigung bis zum Sommer möglich ist.",
]


def test_page_footers_are_dropped_and_words_joined_across_pages() -> None:
    html = _html(FOOTER_PARAGRAPHS).replace(
        "@page { size: A6; margin: 10mm; }",
        "@page { size: 62mm 50mm; margin: 5mm 5mm 10mm 5mm; "
        '@bottom-center { content: "Seite " counter(page) " von " counter(pages); font-size: 8pt } }',
    )
    pdf = render_pdf(html)
    from pypdf import PdfReader

    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    assert len(pages) >= 2
    assert all("Seite" in page for page in pages)  # precondition: every page has a footer line
    text = read_pdf(pdf, source="fusszeilen.pdf").text or ""
    assert "Seite" not in text
    assert "von 3" not in text and "von 2" not in text
    assert hyphenation_debris(text) == []
    assert _words(text) == _words("\n".join(FOOTER_PARAGRAPHS))


def test_unwrap_pdf_keeps_a_number_alone_on_a_line_inside_a_paragraph() -> None:
    # a narrow (newspaper) column: "2400" and the long compound after it do not fit on one line
    text = (
        "Die Behörde erteilte im\n"
        "vergangenen Jahr insgesamt\n"
        "2400\n"
        "Rüstungsexportgenehmigungen,\n"
        "teilte das Ministerium am\n"
        "Montag in Berlin mit.\n"
    )
    assert "insgesamt 2400 Rüstungsexportgenehmigungen" in unwrap_pdf([text])
    # A number-only line at the foot of a page is a page number and goes.
    assert "Berlin mit. 7" not in unwrap_pdf([text + "7\n"])
