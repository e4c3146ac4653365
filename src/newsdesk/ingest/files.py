"""Local inputs: HTML, plain text and Markdown (optional YAML front matter), PDF, JSONL, folders.

Each reader yields :class:`~newsdesk.ingest.extract.RawDocument` objects, or an
:class:`~newsdesk.errors.IngestError` for an item that failed (a malformed JSONL line), so one bad
line never loses the others. Files may be gzip-compressed (``page.html.gz``); a file is read
within ``ingest.max_bytes``, before and after decompression (:func:`~newsdesk.ingest.limits.read_file`).
A file has no URL of its own (only http(s) URLs are document URLs): its URL is the one it
declares (front matter ``url:``, a JSONL ``url`` field, an HTML page's canonical link), if any.
"""

from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from newsdesk.config import IngestSettings
from newsdesk.errors import ExtractionError, IngestError, SourceError, UnsupportedFormatError
from newsdesk.ingest.dates import normalize_date
from newsdesk.ingest.extract import RawDocument
from newsdesk.ingest.limits import read_file
from newsdesk.ingest.normalize import dehyphenate, strip_controls, unwrap

SUFFIXES = {
    ".html": "html",
    ".htm": "html",
    ".txt": "txt",
    ".md": "md",
    ".markdown": "md",
    ".pdf": "pdf",
    ".jsonl": "jsonl",
}
URL_PATTERN = re.compile(r"\bhttps?://[^\s<>\"'„“”»«)\]]+[^\s<>\"'„“”»«)\].,;:!?]")
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.DOTALL)
_FIELD_ALIASES = {
    "text": ("text", "maintext", "content", "body"),
    "published": ("published", "date_publish", "date", "datePublished"),
    "outlet": ("outlet", "source_domain", "publisher", "source"),
    "author": ("author", "authors"),
}


def kind_of(path: Path) -> str | None:
    """The input kind of a file name (``html``, ``txt``, ``md``, ``pdf``, ``jsonl``) or ``None``."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return SUFFIXES.get(suffixes[-1]) if suffixes else None


def iter_files(folder: Path) -> Iterator[Path]:
    """Supported files below ``folder``, sorted, skipping hidden files and folders and folders
    that cannot be read."""
    found = []
    for root, dirs, names in os.walk(folder, onerror=lambda exc: None):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [Path(root) / n for n in names if not n.startswith(".") and kind_of(Path(n))]
    yield from sorted(p for p in found if p.is_file())


def read_path(
    path: Path, *, max_bytes: int = IngestSettings.max_bytes
) -> Iterator[RawDocument | IngestError]:
    """Read one file (at most ``max_bytes``, also decompressed) into raw documents (several for
    JSONL)."""
    source = str(path)
    kind = kind_of(path)
    if kind is None:
        raise UnsupportedFormatError(
            f"unsupported file type {path.suffix or '(none)'!r}",
            source=source,
            hint="newsdesk reads .html .htm .txt .md .pdf .jsonl (optionally .gz)",
        )
    data = read_file(path, max_bytes=max_bytes, source=source)
    if kind == "html":
        yield RawDocument(source=source, kind="html", html=data)
    elif kind == "pdf":
        yield read_pdf(data, source=source)
    elif kind == "jsonl":
        yield from read_jsonl(_decode(data, source), source=source)
    else:
        yield read_text(_decode(data, source), source=source, kind=kind)


def _decode(data: bytes, source: str) -> str:
    """UTF-8 text; UTF-8 with a few broken sequences (shown as U+FFFD, so one bad byte does not
    turn the whole file into mojibake); else Windows-1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("utf-8-sig", errors="replace")
        if text.count("\ufffd") <= max(3, len(text) // 1000):
            return text
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise SourceError("file is not UTF-8 or Windows-1252 text", source=source) from exc


def front_matter(text: str, source: str) -> tuple[dict[str, Any], str]:
    """Split optional YAML front matter (``---`` … ``---``) from the body."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        meta = yaml.safe_load(strip_controls(match.group(1))) or {}  # YAML refuses NUL, ESC, …
    except yaml.YAMLError as exc:
        raise SourceError(f"invalid YAML front matter: {exc}".splitlines()[0], source=source) from exc
    except (RecursionError, ValueError) as exc:  # nested too deeply; a number too long to convert
        raise SourceError("invalid YAML front matter: nested too deeply", source=source) from exc
    if not isinstance(meta, dict):
        raise SourceError("front matter is not a mapping of fields", source=source)
    return meta, text[match.end() :]


def read_text(text: str, *, source: str, kind: str, url: str | None = None) -> RawDocument:
    """A ``.txt`` or ``.md`` file: front matter, hard-wrapped lines joined, hyphenation undone."""
    meta, body = front_matter(text, source)
    links = URL_PATTERN.findall(body)
    if kind == "md":
        body, md_links, heading = _markdown_to_text(body)
        links = list(dict.fromkeys(md_links + links))
        title = meta.get("title") or heading
    else:
        body = unwrap(body)
        title = meta.get("title")
        if not title:
            first, _, rest = body.partition("\n")
            if len(first) <= 160 and rest:
                title, body = first, rest
    if not body.strip():
        raise ExtractionError("file has no text", source=source)
    return RawDocument(
        source=source,
        kind=kind,
        url=_str(meta.get("url")) or url,
        text=body,
        title=_str(title),
        author=_str(meta.get("author")),
        published=normalize_date(meta.get("published") or meta.get("date")),
        language=_str(meta.get("language")),
        outlet=_str(meta.get("outlet")),
        links=list(dict.fromkeys(links)),
    )


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_MD_EMPHASIS = re.compile(r"(\*\*|\*|`)(?=\S)(.+?)(?<=\S)\1|(?<!\w)(__|_)(?=\S)(.+?)(?<=\S)\3(?!\w)")


def _markdown_to_text(body: str) -> tuple[str, list[str], str | None]:
    """Plain text of simple Markdown: one paragraph, heading or list item per line."""
    links: list[str] = []

    def link(match: re.Match[str]) -> str:
        links.append(match.group(2))
        return "" if match.group(0).startswith("!") else match.group(1)

    blocks: list[str] = []
    current: list[str] = []
    title = None

    def flush() -> None:
        if current:
            blocks.append(" ".join(current))
            current.clear()

    for raw_line in dehyphenate(body).splitlines():
        line = _MD_EMPHASIS.sub(lambda m: m.group(2) or m.group(4), _MD_LINK.sub(link, raw_line)).strip()
        heading = _MD_HEADING.match(line)
        if not line or line.startswith(("```", "---", "***")):
            flush()
        elif heading:
            flush()
            if title is None and len(heading.group(1)) == 1 and not blocks:
                title = heading.group(2)
            else:
                blocks.append(heading.group(2))
        elif _MD_ITEM.match(line):
            flush()
            current.append(_MD_ITEM.sub("", line))
        else:
            current.append(line.lstrip("> ").strip())
    flush()
    return "\n".join(b for b in blocks if b), links, title


def read_jsonl(text: str, *, source: str) -> Iterator[RawDocument | IngestError]:
    """One article per line (``url, title, text, outlet, published, language``; news-please names too)."""
    # Split on newlines only: U+2028 and U+0085 may stand unescaped inside JSON strings.
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            item = json.loads(line, strict=False)  # raw control characters in strings are removed later
        except json.JSONDecodeError as exc:
            yield SourceError(f"invalid JSON: {exc.msg} (column {exc.colno})", source=where)
            continue
        except (RecursionError, ValueError):  # nested too deeply; a number too long to convert
            yield SourceError("invalid JSON: nested too deeply or a number too long", source=where)
            continue
        if not isinstance(item, dict):
            yield SourceError("line is not a JSON object", source=where)
            continue
        fields = {name: _first(item, aliases) for name, aliases in _FIELD_ALIASES.items()}
        body = fields["text"]
        if not isinstance(body, str) or not body.strip():
            yield ExtractionError("line has no text field", source=where)
            continue
        author = fields["author"]
        yield RawDocument(
            source=where,
            kind="jsonl",
            url=_str(item.get("url")),
            text=unwrap(body),
            title=_str(item.get("title")),
            author=", ".join(filter(None, map(_str, author))) if isinstance(author, list) else _str(author),
            published=normalize_date(fields["published"]),
            language=_str(item.get("language")),
            outlet=_str(fields["outlet"]),
            links=URL_PATTERN.findall(body),
        )


def read_pdf(data: bytes, *, source: str, url: str | None = None) -> RawDocument:
    """Text of a PDF, with hard-wrapped lines joined and line-break hyphenation undone."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
        title = (info.title if info else None) or None
        author = (info.author if info else None) or None
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ExtractionError(f"corrupt or unreadable PDF: {exc}", source=source) from exc
    text = unwrap_pdf(pages)
    if not text.strip():
        raise ExtractionError("PDF has no extractable text (scanned image?)", source=source)
    if not title:
        first, _, rest = text.partition("\n")
        if len(first) <= 160 and rest:
            title, text = first, rest
    return RawDocument(
        source=source,
        kind="pdf",
        url=url,
        text=text,
        title=_str(title),
        author=_str(author),
        links=URL_PATTERN.findall(text),
    )


_PAGE_NUMBER = re.compile(
    r"^\s*(?:Seite\s+|Page\s+|S\.\s*)?\d{1,4}(?:\s*(?:/|von|of)\s*\d{1,4})?\s*$", re.IGNORECASE
)


def unwrap_pdf(pages: list[str]) -> str:
    """Paragraphs from PDF page texts: page numbers (a number-only line at the top or bottom of a
    page) are dropped, then lines are unwrapped across page breaks."""
    lines: list[str] = []
    for page in pages:
        page_lines = [line.rstrip() for line in page.replace("\r", "\n").split("\n")]
        filled = [i for i, line in enumerate(page_lines) if line.strip()]
        edges = {filled[0], filled[-1]} if filled else set()
        lines += [line for i, line in enumerate(page_lines) if not (i in edges and _PAGE_NUMBER.match(line))]
    return unwrap("\n".join(lines))


def _first(item: dict[str, Any], names: tuple[str, ...]) -> Any:
    for name in names:
        if item.get(name) not in (None, ""):
            return item[name]
    return None


def _str(value: Any) -> str | None:
    """A declared field as text: strings and numbers only (a list or mapping is no title)."""
    if value is None or isinstance(value, bool | dict | list):
        return None
    text = str(value).strip()
    return text or None
