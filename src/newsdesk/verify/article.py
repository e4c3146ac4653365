"""Reading an article to audit: headline, sub-headline, dateline, body blocks, source URLs, debris.

Inputs are plain text, Markdown, HTML, PDF (files; read in pypdf's layout mode, which keeps the blank
lines between paragraphs) or a URL (fetched through the guarded
:class:`~newsdesk.ingest.fetch.Fetcher`). Layout rules for text, which is often copied out of a PDF:

* Blocks are separated by blank lines. A block that does not end a sentence and is followed by one
  starting in lower case, or that ends in a stop word ("für", "und"), continues in the next one
  (page layout breaks "… zwischen den USA und⏎⏎Russland!").
* The headline runs to the first line ending in ``.``, ``!`` or ``?`` (at most 3 lines); without
  one it is the whole first block if that has at most 3 lines, else its first line. The rest of
  that block, or else a short second block, is the sub-headline.
* A short block without final punctuation is a sub-heading; a block of URL lines (optionally under
  "Quellen:"/"Sources:") is a source list; a leading "Moskau, Russland - " is the dateline.
* Line-break hyphenation ("US-⏎Sondergesandte") and its debris ("Ver- handlungen") are recorded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from newsdesk.config import IngestSettings
from newsdesk.errors import ConfigError, IngestError, VerifyError
from newsdesk.ingest.files import URL_PATTERN, front_matter, kind_of
from newsdesk.ingest.limits import read_file
from newsdesk.ingest.normalize import dehyphenate, hyphenation_debris
from newsdesk.verify.text import words

_LINE_BREAK_HYPHEN = re.compile(r"(\w+)-[ \t]*\n[ \t]*(\w+)")
_DATELINE = re.compile(r"^([A-ZÄÖÜ][\w.\-]+(?:[ ,/]+[A-ZÄÖÜ][\w.\-]+){0,3})\s+[-–—]\s+(?=[A-ZÄÖÜ„\"])")
_URL_BREAK = re.compile(r"(https?://\S+[/\-_.=?&])[ \t]*\n[ \t]*([\w\-./?=&%#]+)(?=[ \t]*(?:\n|$))")
_SOURCES_LABEL = re.compile(r"^\s*(?:quellen?|sources?|links?)\s*:?\s*$", re.IGNORECASE)
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_LINK = re.compile(r"\[([^\]]*)\]\((https?://[^)\s]+)\)")
_ENDS_SENTENCE = (".", "!", "?", ":", "…", "“", '"', "»", "«", ")")


@dataclass
class Block:
    kind: str  # "text" | "heading" | "sources"
    text: str


@dataclass
class ParsedArticle:
    """An article as read for an audit."""

    source: str
    headline: str = ""
    subheadline: str = ""
    dateline: str = ""
    blocks: list[Block] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)  # in order of appearance, duplicates kept
    hyphenation: list[str] = field(default_factory=list)

    @property
    def misplaced_sources(self) -> bool:
        """Whether a source list is followed by more body text."""
        kinds = [b.kind for b in self.blocks]
        return "sources" in kinds and any(k == "text" for k in kinds[kinds.index("sources") :])

    def body(self) -> str:
        return "\n".join(b.text for b in self.blocks if b.kind == "text")


def load_article(source: str, settings: IngestSettings) -> ParsedArticle:
    """Read and parse an article from a file path or an http(s) URL."""
    if source.startswith(("http://", "https://")):
        return _from_url(source, settings)
    path = Path(source).expanduser()
    if not path.is_file():
        raise ConfigError("no such article file", source=source)
    kind = kind_of(path)
    data = read_file(path, max_bytes=settings.max_bytes)  # the size policy of every input
    if kind == "html":
        return parse_html(data, source=source)
    if kind == "pdf":
        return _from_pdf(data, source)
    if kind in ("txt", "md"):
        return parse_text(_decode(data, source), source=source, markdown=kind == "md")
    raise ConfigError(
        f"cannot audit {path.suffix or 'such'} files", source=source, hint="use .txt .md .html .pdf"
    )


def _decode(data: bytes, source: str) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise VerifyError("file is not UTF-8 or Windows-1252 text", source=source)


def _from_url(url: str, settings: IngestSettings) -> ParsedArticle:
    from newsdesk.ingest.fetch import Fetcher

    try:
        with Fetcher(settings) as fetcher:
            result = fetcher.get(url)
    except IngestError as exc:
        raise VerifyError(f"cannot fetch the article: {exc.message}", source=url, hint=exc.hint) from exc
    if result.kind == "pdf":
        return _from_pdf(result.content, url)
    if result.kind == "text":
        return parse_text(result.text(), source=url)
    return parse_html(result.content, source=url)


def _from_pdf(data: bytes, source: str) -> ParsedArticle:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text(extraction_mode="layout") or "" for page in reader.pages]
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise VerifyError(f"corrupt or unreadable PDF: {exc}", source=source) from exc
    lines = "\n".join(line.strip() for line in "\n\n".join(pages).splitlines())  # layout mode indents
    return parse_text(lines, source=source)


def parse_html(html: bytes | str, *, source: str) -> ParsedArticle:
    """An HTML article: its main text (trafilatura), title as headline, links in the text as sources."""
    from lxml import html as lxml_html

    from newsdesk.ingest.extract import extract_html

    page = extract_html(html, url=source if source.startswith("http") else None)
    tree = lxml_html.fromstring(html if isinstance(html, bytes) else html.encode("utf-8"))
    links = [a.get("href", "") for a in tree.iter("a") if a.get("href", "").startswith("http")]
    article = parse_text(page.text, source=source, title=page.title or "")
    article.urls += [u for u in links if u not in article.urls]
    return article


def _blocks(text: str) -> list[list[str]]:
    raw = [
        [line.strip() for line in chunk.split("\n") if line.strip()] for chunk in re.split(r"\n\s*\n", text)
    ]
    merged: list[list[str]] = []
    for lines in (b for b in raw if b):
        if merged and _continues(merged[-1], lines):
            merged[-1] += lines
        else:
            merged.append(lines)
    return merged


def _is_url_line(line: str) -> bool:
    return bool(URL_PATTERN.fullmatch(line.strip("<> "))) or (
        URL_PATTERN.search(line) is not None and len(URL_PATTERN.sub("", line).split()) <= 4
    )


def _continues(before: list[str], after: list[str]) -> bool:
    last, first = before[-1], after[0]
    if _is_url_line(last) or _is_url_line(first) or _MD_HEADING.match(first):
        return False
    if last.endswith(_ENDS_SENTENCE):
        return False
    last_word = last.split()[-1].lower()
    return first[:1].islower() or last_word in words().stopwords


def _join(lines: list[str]) -> str:
    return " ".join(dehyphenate("\n".join(lines)).split())


def parse_text(text: str, *, source: str, markdown: bool = False, title: str = "") -> ParsedArticle:
    """Parse article text (see the module docstring)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text = _URL_BREAK.sub(r"\1\2", text)  # a URL wrapped at a slash or hyphen
    meta, text = front_matter(text, source)
    title = title or str(meta.get("title") or "")
    article = ParsedArticle(source=source)
    article.hyphenation = [f"{m.group(1)}-⏎{m.group(2)}" for m in _LINE_BREAK_HYPHEN.finditer(text)]
    if markdown:
        text = _MD_LINK.sub(lambda m: f"{m.group(1)} {m.group(2)}", text)
    blocks = _blocks(text)
    if not blocks:
        raise VerifyError("the article has no text", source=source)
    if title:
        article.headline = title
        if blocks and _join(blocks[0]) == title:
            blocks = blocks[1:]
    else:
        first = [_MD_HEADING.sub("", line) for line in blocks[0]]
        whole = len(first) - 1 if len(first) <= 3 else 0  # a headline wrapped over short lines
        end = next((i for i, line in enumerate(first[:3]) if line.endswith((".", "!", "?"))), whole)
        article.headline = _join(first[: end + 1])
        rest = first[end + 1 :]
        blocks = blocks[1:]
        if rest:
            article.subheadline = _join(rest)
        elif blocks and _is_subheadline(blocks[0]):
            article.subheadline = _join([_MD_HEADING.sub("", line) for line in blocks.pop(0)])
    for lines in blocks:
        _add_block(article, lines)
    article.hyphenation += [d for b in article.blocks if b.kind == "text" for d in hyphenation_debris(b.text)]
    article.hyphenation = list(dict.fromkeys(article.hyphenation))
    if not any(b.kind == "text" for b in article.blocks):
        raise VerifyError("the article has no body text", source=source)
    return article


def _is_subheadline(lines: list[str]) -> bool:
    joined = _join(lines)
    return len(joined) < 300 and not _DATELINE.match(joined) and not _is_url_line(lines[0])


def _add_block(article: ParsedArticle, lines: list[str]) -> None:
    urls = [line for line in lines if _is_url_line(line)]
    prose = [line for line in lines if not _is_url_line(line) and not _SOURCES_LABEL.match(line)]
    if urls and (not prose or len(urls) >= len(prose)):
        article.urls += [u for line in urls for u in URL_PATTERN.findall(line)]
        article.blocks.append(Block("sources", "\n".join(urls)))
        if not prose:
            return
    joined = _join([_MD_HEADING.sub("", line) for line in prose])
    article.urls += URL_PATTERN.findall(joined)
    heading = _MD_HEADING.match(prose[0]) or (len(joined) < 80 and not joined.endswith(_ENDS_SENTENCE))
    if heading:
        article.blocks.append(Block("heading", joined))
        return
    if not article.dateline and not any(b.kind == "text" for b in article.blocks):
        match = _DATELINE.match(joined)
        if match:
            article.dateline, joined = match.group(1), joined[match.end() :]
    article.blocks.append(Block("text", joined))
