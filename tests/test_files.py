"""Local file inputs: kinds, folders, TXT/MD with front matter, JSONL (newsdesk.ingest.files)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from newsdesk.errors import ExtractionError, IngestError, SourceError, UnsupportedFormatError
from newsdesk.ingest.extract import RawDocument
from newsdesk.ingest.files import iter_files, kind_of, read_jsonl, read_path, read_text

BODY_DE = (
    "Wien - Die österreichische Regierung hat am Montag ein Hilfspaket für Gemeinden beschlossen.\n"
    "Insgesamt sollen 1,2 Milliarden Euro in Schulen und Kindergärten fließen.\n"
)


def read_one(path: Path) -> RawDocument:
    (item,) = list(read_path(path))
    assert isinstance(item, RawDocument)
    return item


# ── kinds and folders ─────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("seite.html", "html"),
        ("seite.htm", "html"),
        ("SEITE.HTML", "html"),
        ("seite.html.gz", "html"),
        ("bericht.txt", "txt"),
        ("bericht.2025-02-21.txt", "txt"),
        ("notiz.md", "md"),
        ("notiz.markdown", "md"),
        ("dokument.pdf", "pdf"),
        ("artikel.jsonl", "jsonl"),
        ("artikel.jsonl.gz", "jsonl"),
        ("bild.png", None),
        ("archiv.tar.gz", None),
        ("nur.gz", None),
        ("README", None),
        ("daten.json", None),
    ],
)
def test_kind_of(name: str, kind: str | None) -> None:
    assert kind_of(Path(name)) == kind


def test_iter_files_is_sorted_and_skips_hidden_and_unsupported(tmp_path: Path) -> None:
    for name in [
        "b.txt",
        "a.md",
        "c/z.html",
        "c/a.pdf",
        "c/d/e.jsonl",
        "bild.png",
        "notes",
        ".hidden.txt",
        ".git/x.txt",
        "c/.cache/y.md",
    ]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    (tmp_path / "ordner.txt").mkdir()  # a folder with a supported-looking name is not a file
    found = [p.relative_to(tmp_path).as_posix() for p in iter_files(tmp_path)]
    assert found == ["a.md", "b.txt", "c/a.pdf", "c/d/e.jsonl", "c/z.html"]


def test_iter_files_of_a_hidden_parent_folder_still_works(tmp_path: Path) -> None:
    folder = tmp_path / ".versteckt" / "eingang"
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text("x", encoding="utf-8")
    # only parts *below* the folder given count as hidden
    assert list(iter_files(folder)) == [folder / "a.txt"]


def test_unsupported_suffix_raises(tmp_path: Path) -> None:
    path = tmp_path / "tabelle.xlsx"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(UnsupportedFormatError) as info:
        list(read_path(path))
    assert info.value.source == str(path)
    assert "'.xlsx'" in info.value.message
    assert info.value.reason == "unsupported_format"
    assert isinstance(info.value, SourceError)


def test_html_file_is_passed_on_unextracted(tmp_path: Path) -> None:
    path = tmp_path / "seite.html"
    path.write_bytes(b"<html><body><p>Hallo</p></body></html>")
    raw = read_one(path)
    assert raw.kind == "html" and raw.text is None
    assert raw.html == b"<html><body><p>Hallo</p></body></html>"
    assert raw.url is None  # only http(s) URLs are document URLs; the path stays the source
    assert raw.source == str(path)


def test_gzip_file_is_decompressed(tmp_path: Path) -> None:
    path = tmp_path / "seite.html.gz"
    path.write_bytes(gzip.compress(b"<html><body><p>Komprimiert</p></body></html>"))
    assert read_one(path).html == b"<html><body><p>Komprimiert</p></body></html>"


def test_file_that_is_not_gzip_is_a_source_error(tmp_path: Path) -> None:
    path = tmp_path / "falsch.txt.gz"
    path.write_bytes(b"Kein gzip, nur Text.")
    with pytest.raises(SourceError) as info:
        list(read_path(path))
    assert info.value.source == str(path)
    assert "cannot read file" in info.value.message


def test_corrupt_gzip_stream_is_a_source_error(tmp_path: Path) -> None:
    path = tmp_path / "kaputt.txt.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff not a deflate stream")
    with pytest.raises(SourceError) as info:
        list(read_path(path))
    assert info.value.source == str(path)


# ── TXT and Markdown ─────────────────────────────────────────────────────────


def test_txt_front_matter_becomes_fields(tmp_path: Path) -> None:
    path = tmp_path / "bericht.txt"
    path.write_text(
        "---\n"
        "title: Hilfspaket für Gemeinden beschlossen\n"
        "url: https://www.example.at/politik/hilfspaket-123\n"
        "outlet: Wiener Tagblatt\n"
        "author: Maria Huber\n"
        "published: 2025-02-21T10:15:00+01:00\n"
        "language: de\n"
        "---\n" + BODY_DE,
        encoding="utf-8",
    )
    raw = read_one(path)
    assert raw.kind == "txt"
    assert raw.source == str(path)
    assert raw.title == "Hilfspaket für Gemeinden beschlossen"
    assert raw.url == "https://www.example.at/politik/hilfspaket-123"
    assert raw.outlet == "Wiener Tagblatt"
    assert raw.author == "Maria Huber"
    assert raw.published == "2025-02-21T10:15:00+01:00"
    assert raw.language == "de"
    assert raw.text == (
        "Wien - Die österreichische Regierung hat am Montag ein Hilfspaket für Gemeinden beschlossen. "
        "Insgesamt sollen 1,2 Milliarden Euro in Schulen und Kindergärten fließen."
    )


def test_front_matter_date_only_and_date_alias(tmp_path: Path) -> None:
    path = tmp_path / "notiz.md"
    path.write_text("---\ndate: 2025-02-21\n---\nEin Absatz.\n", encoding="utf-8")
    assert read_one(path).published == "2025-02-21"


def test_a_file_has_no_url_of_its_own(tmp_path: Path) -> None:
    path = tmp_path / "ohne kopf.txt"
    path.write_text(BODY_DE, encoding="utf-8")
    raw = read_one(path)
    assert raw.url is None and raw.source == str(path)  # no file:// URL: only http(s) URLs are stored


@pytest.mark.parametrize(
    "front",
    ["title: [nicht geschlossen\n", "title: a: b: c\n", "\tkey: tab\n"],
    ids=["unclosed-list", "nested-colons", "tab-indent"],
)
def test_invalid_yaml_front_matter_is_a_source_error_with_path(tmp_path: Path, front: str) -> None:
    path = tmp_path / "kaputt.md"
    path.write_text(f"---\n{front}---\n# Titel\n\nText.\n", encoding="utf-8")
    with pytest.raises(SourceError) as info:
        list(read_path(path))
    assert info.value.source == str(path)
    assert str(path) in str(info.value)
    assert "front matter" in info.value.message
    assert "\n" not in info.value.message  # one clear line


def test_front_matter_that_is_not_a_mapping_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "liste.txt"
    path.write_text("---\n- eins\n- zwei\n---\nText.\n", encoding="utf-8")
    with pytest.raises(SourceError, match="not a mapping"):
        list(read_path(path))


def test_markdown_to_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "bericht.md"
    path.write_text(
        "# Hilfspaket für Gemeinden\n"
        "\n"
        "Die Regierung hat **am Montag** ein *neues* Paket beschlossen, wie die\n"
        "[Agentur](https://agentur.example/meldung-1) meldet. Details `im` Anhang.\n"
        "\n"
        "## Was das Paket enthält\n"
        "\n"
        "- Geld für Schulen\n"
        "- Geld für __Kindergärten__\n"
        "\n"
        "> Wir helfen den Gemeinden, sagte die Ministerin.\n"
        "\n"
        "![Foto](https://bilder.example/foto.jpg)\n"
        "Quelle: https://www.example.at/politik/hilfspaket-123\n",
        encoding="utf-8",
    )
    raw = read_one(path)
    assert raw.kind == "md"
    assert raw.title == "Hilfspaket für Gemeinden"
    assert raw.text.split("\n") == [
        "Die Regierung hat am Montag ein neues Paket beschlossen, wie die Agentur meldet. Details im Anhang.",
        "Was das Paket enthält",
        "Geld für Schulen",
        "Geld für Kindergärten",
        "Wir helfen den Gemeinden, sagte die Ministerin.",
        "Quelle: https://www.example.at/politik/hilfspaket-123",
    ]
    assert raw.links == [
        "https://agentur.example/meldung-1",
        "https://bilder.example/foto.jpg",
        "https://www.example.at/politik/hilfspaket-123",
    ]
    assert "*" not in raw.text and "#" not in raw.text and "](" not in raw.text


def test_markdown_front_matter_title_wins_and_heading_is_not_lost(tmp_path: Path) -> None:
    path = tmp_path / "bericht.md"
    path.write_text("---\ntitle: Titel aus dem Kopf\n---\nEin Absatz\nüber zwei Zeilen.\n", encoding="utf-8")
    raw = read_one(path)
    assert raw.title == "Titel aus dem Kopf"
    assert raw.text == "Ein Absatz über zwei Zeilen."


def test_markdown_dehyphenates(tmp_path: Path) -> None:
    path = tmp_path / "umbruch.md"
    path.write_text("Der US-\nSondergesandte und der Sonder-\ngesandte.\n", encoding="utf-8")
    assert read_one(path).text == "Der US-Sondergesandte und der Sondergesandte."


def test_markdown_keeps_intraword_underscores() -> None:
    raw = read_text(
        "Das Dokument liegt unter https://www.example.org/akten/jahres_bericht_2025 bereit.\n",
        source="x.md",
        kind="md",
    )
    assert raw.text == "Das Dokument liegt unter https://www.example.org/akten/jahres_bericht_2025 bereit."


def test_txt_without_front_matter_first_short_line_is_title(tmp_path: Path) -> None:
    path = tmp_path / "meldung.txt"
    path.write_text("Hilfspaket für Gemeinden\n\n" + BODY_DE, encoding="utf-8")
    raw = read_one(path)
    assert raw.title == "Hilfspaket für Gemeinden"
    assert raw.text.startswith("Wien - Die österreichische Regierung")
    assert "Hilfspaket für Gemeinden\n" not in raw.text


def test_txt_single_paragraph_has_no_title_and_keeps_its_text(tmp_path: Path) -> None:
    path = tmp_path / "kurz.txt"
    path.write_text("Die Regierung hat ein Hilfspaket beschlossen.\n", encoding="utf-8")
    raw = read_one(path)
    assert raw.title is None
    assert raw.text == "Die Regierung hat ein Hilfspaket beschlossen."


def test_txt_long_first_paragraph_is_not_a_title(tmp_path: Path) -> None:
    long_line = "Die Regierung hat " + "nach langen Verhandlungen " * 8 + "ein Paket beschlossen."
    path = tmp_path / "lang.txt"
    path.write_text(f"{long_line}\n\nZweiter Absatz.\n", encoding="utf-8")
    raw = read_one(path)
    assert raw.title is None
    assert raw.text == f"{long_line}\nZweiter Absatz."


def test_txt_links_are_collected_without_trailing_punctuation(tmp_path: Path) -> None:
    path = tmp_path / "quellen.txt"
    path.write_text(
        "Quellen\n\nLaut https://www.example.org/a-1. und „https://news.example.com/b?id=2“ sowie\n"
        "https://www.example.org/a-1\n",
        encoding="utf-8",
    )
    assert read_one(path).links == ["https://www.example.org/a-1", "https://news.example.com/b?id=2"]


def test_empty_text_file_is_an_extraction_error(tmp_path: Path) -> None:
    path = tmp_path / "leer.txt"
    path.write_text("---\ntitle: Nur ein Titel\n---\n\n  \n", encoding="utf-8")
    with pytest.raises(ExtractionError) as info:
        list(read_path(path))
    assert info.value.source == str(path)


def test_cp1252_file_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "alt.txt"
    path.write_bytes("Größere Straßenbahn für Zürich – „neue“ Linie kostet 5 €.\n".encode("cp1252"))
    assert read_one(path).text == "Größere Straßenbahn für Zürich – „neue“ Linie kostet 5 €."


def test_utf8_bom_is_removed(tmp_path: Path) -> None:
    path = tmp_path / "bom.md"
    path.write_bytes("\ufeff---\ntitle: Mit BOM\n---\nText.\n".encode())
    raw = read_one(path)
    assert raw.title == "Mit BOM"
    assert raw.text == "Text."


def test_undecodable_bytes_are_a_source_error(tmp_path: Path) -> None:
    path = tmp_path / "binär.txt"
    path.write_bytes(b"\x81\x8d\x8f\x90\x9d")  # undefined in both UTF-8 and cp1252
    with pytest.raises(SourceError, match="not UTF-8"):
        list(read_path(path))


# ── JSONL ───────────────────────────────────────────────────────────────────

LINE_TEXT = "Die Regierung hat ein Hilfspaket beschlossen. Es umfasst 1,2 Milliarden Euro."


def test_jsonl_malformed_line_is_one_error_and_the_others_are_read(tmp_path: Path) -> None:
    path = tmp_path / "artikel.jsonl"
    lines = [
        json.dumps(
            {
                "url": "https://www.example.at/a",
                "title": "Erster",
                "text": LINE_TEXT,
                "outlet": "Wiener Tagblatt",
                "published": "2025-02-21",
                "language": "de",
            }
        ),
        json.dumps({"title": "Zweiter", "text": "Second line in English with enough words."}),
        '{"title": "Dritter", "text": "abgeschnitten',
        "",
        json.dumps({"title": "Fünfter", "text": "Noch ein Bericht über das Paket."}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_path(path))
    errors = [i for i in items if isinstance(i, IngestError)]
    docs = [i for i in items if isinstance(i, RawDocument)]
    assert len(errors) == 1
    assert errors[0].source == f"{path}:3"
    assert f"{path}:3" in str(errors[0])
    assert errors[0].message.startswith("invalid JSON")
    assert [d.title for d in docs] == ["Erster", "Zweiter", "Fünfter"]
    assert [d.source for d in docs] == [f"{path}:1", f"{path}:2", f"{path}:5"]
    first = docs[0]
    assert (first.url, first.outlet, first.published, first.language, first.kind) == (
        "https://www.example.at/a",
        "Wiener Tagblatt",
        "2025-02-21",
        "de",
        "jsonl",
    )
    assert first.text == LINE_TEXT
    assert docs[1].url is None


def test_jsonl_line_without_text_and_non_objects_are_errors() -> None:
    text = "\n".join(
        [
            json.dumps({"title": "Ohne Text"}),
            json.dumps({"title": "Leerer Text", "text": "   "}),
            json.dumps(["eine", "Liste"]),
            json.dumps({"title": "Text ist keine Zeichenkette", "text": 42}),
        ]
    )
    items = list(read_jsonl(text, source="feed.jsonl"))
    assert [type(i) for i in items] == [ExtractionError, ExtractionError, SourceError, ExtractionError]
    assert [i.source for i in items if isinstance(i, IngestError)] == [
        "feed.jsonl:1",
        "feed.jsonl:2",
        "feed.jsonl:3",
        "feed.jsonl:4",
    ]


def test_jsonl_accepts_news_please_field_names() -> None:
    item = {
        "url": "https://www.example.de/politik/hilfspaket",
        "title": "Hilfspaket beschlossen",
        "maintext": "Die Regierung hat ein Hilfspaket\nbeschlossen.\n\nEs gilt ab März, siehe https://www.example.de/info.",
        "date_publish": "2025-02-21 10:15:00",
        "source_domain": "example.de",
        "authors": ["Maria Huber", "Jan Novak"],
        "language": "de",
    }
    (raw,) = list(read_jsonl(json.dumps(item, ensure_ascii=False), source="np.jsonl"))
    assert isinstance(raw, RawDocument)
    assert (
        raw.text
        == "Die Regierung hat ein Hilfspaket beschlossen.\nEs gilt ab März, siehe https://www.example.de/info."
    )
    assert raw.published == "2025-02-21T10:15:00"
    assert raw.outlet == "example.de"
    assert raw.author == "Maria Huber, Jan Novak"
    assert raw.links == ["https://www.example.de/info"]


def test_jsonl_tolerates_crlf_and_blank_lines() -> None:
    text = (
        "\r\n"
        + json.dumps({"text": "Erster Bericht."})
        + "\r\n\r\n"
        + json.dumps({"text": "Zweiter."})
        + "\r\n"
    )
    items = list(read_jsonl(text, source="w.jsonl"))
    assert [i.source for i in items] == ["w.jsonl:2", "w.jsonl:4"]
    assert all(isinstance(i, RawDocument) for i in items)


def test_jsonl_line_with_unicode_line_separator_in_a_string() -> None:
    line = json.dumps(
        {"title": "T", "text": "Erster Absatz.\u2028Zweiter Absatz.\u0085Dritter."}, ensure_ascii=False
    )
    text = line + "\n" + json.dumps({"text": "Nächste Zeile."}) + "\n"
    items = list(read_jsonl(text, source="np.jsonl"))
    assert all(isinstance(i, RawDocument) for i in items)
    assert [i.source for i in items] == ["np.jsonl:1", "np.jsonl:2"]
