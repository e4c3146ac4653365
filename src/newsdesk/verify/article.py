"""Reading an article to audit: headline, sub-headline, dateline, body blocks, source URLs, debris.

Inputs are plain text, Markdown, HTML, PDF (files; read in pypdf's layout mode, which keeps the blank
lines between paragraphs), newsdesk's own ``newsdesk.article/1`` JSON, or a URL (fetched through the
guarded :class:`~newsdesk.ingest.fetch.Fetcher`). newsdesk's own JSON and HTML are read exactly
(:mod:`newsdesk.verify.article_newsdesk`); other HTML goes through the same main-text extraction as
ingest. Layout rules for text and Markdown, which is often copied out of a PDF:

* Blocks are separated by blank lines. A block that does not end a sentence and is followed by one
  starting in lower case, or that ends in a stop word ("für", "und"), continues in the next one
  (page layout breaks "… zwischen den USA und⏎⏎Russland!").
* The headline runs to the first line ending in ``.``, ``!`` or ``?`` (at most 3 lines); without
  one it is the whole first block if that has at most 3 lines, else its first line. The rest of
  that block, or else a short second block, is the sub-headline.
* A short block without final punctuation is a sub-heading; a block of URL lines (optionally under
  "Quellen:"/"Sources:") is a source list; a leading "Moskau, Russland - " is the dateline.
* Line-break hyphenation ("US-⏎Sondergesandte") and its debris ("Ver- handlungen") are recorded.
* Citation marks after a sentence („… überflutet. [1][2]“, „[1, 2]“, „[^3]“) are not text: they
  are removed and kept as the numbers of the sources the words before them cite.
* Markdown: emphasis is not text; a bold block after the headline is the sub-headline; an italic
  lead-in („*Passau, 17. Juni 2025 –*“) is the dateline; a list whose items carry URLs (under
  „Quellen“, say) is the source list, numbered as listed; an italic block after the source list is
  the footer; a section after the source list headed „Vom Prüfer entfernt“ (newsdesk's own list of
  the sentences its verifier took out) is not published text. None of these is audited as body.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from newsdesk.config import IngestSettings
from newsdesk.errors import ConfigError, IngestError, VerifyError
from newsdesk.ingest.extract import extract_html
from newsdesk.ingest.fetch import Fetcher
from newsdesk.ingest.files import URL_PATTERN, front_matter, kind_of
from newsdesk.ingest.limits import read_file
from newsdesk.ingest.normalize import dehyphenate, hyphenation_debris
from newsdesk.lang.words import stopwords
from newsdesk.urls import has_web_scheme
from newsdesk.verify.article_newsdesk import (
    is_article_json,
    is_newsdesk_html,
    parse_json,
    parse_newsdesk_html,
)
from newsdesk.verify.parsed import Block, ListedSource, ParsedArticle

__all__ = ["Block", "ParsedArticle", "load_article", "parse_html", "parse_text", "read_article"]

_LINE_BREAK_HYPHEN = re.compile(r"(\w+)-[ \t]*\n[ \t]*(\w+)")
_DATELINE = re.compile(r"^([A-ZÄÖÜ][\w.\-]+(?:[ ,/]+[A-ZÄÖÜ][\w.\-]+){0,3})\s+[-–—]\s+(?=[A-ZÄÖÜ„\"])")
_URL_BREAK = re.compile(r"(https?://\S+[/\-_.=?&])[ \t]*\n[ \t]*([\w\-./?=&%#]+)(?=[ \t]*(?:\n|$))")
_REMOVED_LABEL = re.compile(r"^(?:vom prüfer entfernt(?:e sätze)?|removed by the verifier)$", re.IGNORECASE)
_SOURCES_LABEL = re.compile(r"^\s*(?:quellen?|sources?|links?)\s*:?\s*$", re.IGNORECASE)
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_LINK = re.compile(r"\[([^\]]*)\]\((https?://[^)\s]+)\)")
_ENDS_SENTENCE = (".", "!", "?", ":", "…", "“", '"', "»", "«", ")")
_MARKS = re.compile(r"(?:[ \t]*\[\^?\d{1,3}(?:\s*[,;]\s*\^?\d{1,3})*\])+")
_LIST_ITEM = re.compile(r"^\s*(?:(\d{1,3})[.)]|[-*+•])\s+")
_BOLD_BLOCK = re.compile(r"^\s*(\*\*|__)(.+)\1\s*$", re.DOTALL)
_ITALIC_BLOCK = re.compile(r"^\s*([*_])(?!\1)(.+?)(?<!\1)\1\s*$", re.DOTALL)
_ITALIC_DATELINE = re.compile(r"^([*_])([^*_\n]{2,80}?)\s*[-–—]\s*\1\s+")
_EMPHASIS = re.compile(r"(\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*]))")


def load_article(source: str, settings: IngestSettings) -> ParsedArticle:
    """Read and parse an article from a file path or an http(s) URL."""
    if has_web_scheme(source):
        return _from_url(source, settings)
    path = Path(source).expanduser()
    if not path.is_file():
        raise ConfigError("no such article file", source=source)
    return read_article(read_file(path, max_bytes=settings.max_bytes), source)  # the size policy


def read_article(data: bytes, name: str) -> ParsedArticle:
    """Parse an article given as bytes; its file type comes from ``name`` (.json .html .htm .pdf
    .md .txt), which is also how the report names it."""
    suffix = Path(name).suffix.lower()
    if suffix == ".json":
        return parse_json(_decode(data, name), source=name)
    kind = kind_of(Path(name))
    if kind == "html":
        return parse_html(data, source=name)
    if kind == "pdf":
        return _from_pdf(data, name)
    if kind in ("txt", "md"):
        text = _decode(data, name)
        if is_article_json(text):
            return parse_json(text, source=name)
        return parse_text(text, source=name, markdown=kind == "md")
    raise ConfigError(
        f"cannot audit {suffix or 'such'} files", source=name, hint="use .txt .md .html .pdf .json"
    )


def _decode(data: bytes, source: str) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise VerifyError("file is not UTF-8 or Windows-1252 text", source=source)


def _from_url(url: str, settings: IngestSettings) -> ParsedArticle:
    try:
        with Fetcher(settings) as fetcher:
            result = fetcher.get(url)
    except IngestError as exc:
        raise VerifyError(f"cannot fetch the article: {exc.message}", source=url, hint=exc.hint) from exc
    if result.kind == "pdf":
        return _from_pdf(result.content, url)
    if result.kind == "text":
        text = result.text()
        if is_article_json(text):
            return parse_json(text, source=url)
        return parse_text(text, source=url, markdown=url.lower().endswith(".md"))
    return parse_html(result.content, source=url)


def _from_pdf(data: bytes, source: str) -> ParsedArticle:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text(extraction_mode="layout") or "" for page in reader.pages]
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise VerifyError(f"corrupt or unreadable PDF: {exc}", source=source) from exc
    lines = "\n".join(line.strip() for line in "\n\n".join(pages).splitlines())  # layout mode indents
    article = parse_text(lines, source=source)
    article.format = "pdf"
    return article


def parse_html(html: bytes | str, *, source: str) -> ParsedArticle:
    """An HTML article: newsdesk's own read exactly; any other through the main-text extraction of
    ingest (trafilatura), its title as headline and the links in the text as sources."""
    from lxml import html as lxml_html

    raw = html if isinstance(html, bytes) else html.encode("utf-8")
    try:
        tree = lxml_html.fromstring(raw)
    except (ValueError, TypeError) as exc:  # lxml's ParserError is a ValueError
        raise VerifyError(f"unreadable HTML: {exc}", source=source) from exc
    if is_newsdesk_html(tree):
        return parse_newsdesk_html(tree, source=source)
    page = extract_html(html, url=source if source.startswith("http") else None)
    links = [a.get("href", "") for a in tree.iter("a") if a.get("href", "").startswith("http")]
    article = parse_text(page.text, source=source, title=page.title or "")
    article.format = "html"
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
    last, first = _MARKS.sub("", before[-1]).rstrip(" *_"), after[0]
    if _is_url_line(last) or _is_url_line(first) or _MD_HEADING.match(first) or _LIST_ITEM.match(first):
        return False
    if _MD_HEADING.match(before[-1]) or first.startswith(("*", "_")):  # a heading; an emphasised block
        return False
    if not last or last.endswith(_ENDS_SENTENCE):
        return False
    last_word = last.split()[-1].lower()
    return first[:1].islower() or last_word in stopwords()


def _plain(text: str, markdown: bool) -> str:
    """Markdown emphasis is not text."""
    return _EMPHASIS.sub("", text) if markdown else text


def _join(lines: list[str], markdown: bool = False) -> str:
    return _plain(" ".join(dehyphenate("\n".join(lines)).split()), markdown)


def parse_text(text: str, *, source: str, markdown: bool = False, title: str = "") -> ParsedArticle:
    """Parse article text or Markdown (see the module docstring)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text = _URL_BREAK.sub(r"\1\2", text)  # a URL wrapped at a slash or hyphen
    meta, text = front_matter(text, source)
    title = title or str(meta.get("title") or "")
    article = ParsedArticle(source=source, format="markdown" if markdown else "text")
    article.hyphenation = [f"{m.group(1)}-⏎{m.group(2)}" for m in _LINE_BREAK_HYPHEN.finditer(text)]
    if markdown:
        text = _MD_LINK.sub(lambda m: f"{m.group(1)} {m.group(2)}", text)
    blocks = _blocks(text)
    if not blocks:
        raise VerifyError("the article has no text", source=source)
    if title:
        article.headline = title
        if blocks and _join(blocks[0], markdown) == title:
            blocks = blocks[1:]
    else:
        first = [_MD_HEADING.sub("", line) for line in blocks[0]]
        whole = len(first) - 1 if len(first) <= 3 else 0  # a headline wrapped over short lines
        end = next((i for i, line in enumerate(first[:3]) if line.endswith((".", "!", "?"))), whole)
        article.headline = _join(first[: end + 1], markdown)
        rest = first[end + 1 :]
        blocks = blocks[1:]
        if rest:
            article.subheadline = _join(rest, markdown)
        elif blocks and _is_subheadline(blocks[0], markdown):
            article.subheadline = _join([_MD_HEADING.sub("", line) for line in blocks.pop(0)], markdown)
    for lines in blocks:
        _add_block(article, lines, markdown)
    article.hyphenation += [d for b in article.blocks if b.kind == "text" for d in hyphenation_debris(b.text)]
    article.hyphenation = list(dict.fromkeys(article.hyphenation))
    if not any(b.kind == "text" for b in article.blocks):
        raise VerifyError("the article has no body text", source=source)
    return article


def _is_subheadline(lines: list[str], markdown: bool) -> bool:
    if markdown and _BOLD_BLOCK.match("\n".join(lines)):
        return True
    joined = _join(lines, markdown)
    return len(joined) < 300 and not _DATELINE.match(joined) and not _is_url_line(lines[0])


def _source_list(article: ParsedArticle, lines: list[str]) -> bool:
    """A list whose every item carries a URL is the source list, numbered as listed."""
    items = [(_LIST_ITEM.match(line), line) for line in lines]
    if not all(match for match, _ in items) or not all(URL_PATTERN.search(line) for line in lines):
        return False
    for position, (match, line) in enumerate(items, 1):
        assert match is not None
        urls = URL_PATTERN.findall(line)
        number = int(match.group(1)) if match.group(1) else position
        article.listed.append(ListedSource(number, urls[0]))
        article.urls += urls
    article.blocks.append(Block("sources", "\n".join(lines)))
    return True


def _in_removed_section(article: ParsedArticle) -> bool:
    """Whether the blocks so far end in the „Vom Prüfer entfernt“ section after the source list."""
    for block in reversed(article.blocks):
        if block.kind == "heading":
            return bool(_REMOVED_LABEL.match(block.text)) and any(b.kind == "sources" for b in article.blocks)
        if block.kind not in ("removed",):
            return False
    return False


def _segments(text: str) -> list[tuple[str, tuple[int, ...]]]:
    """The text cut at its citation marks: (words, numbers of the sources they cite)."""
    found: list[tuple[str, tuple[int, ...]]] = []
    at = 0
    for match in _MARKS.finditer(text):
        words_before = text[at : match.start()].strip()
        numbers = tuple(int(n) for n in re.findall(r"\d+", match.group(0)))
        if words_before:
            found.append((words_before, numbers))
        elif found:  # marks after marks: the same words cite more sources
            found[-1] = (found[-1][0], found[-1][1] + numbers)
        at = match.end()
    rest = text[at:].strip()
    if rest:
        found.append((rest, ()))
    return found


def _add_block(article: ParsedArticle, lines: list[str], markdown: bool = False) -> None:
    if _source_list(article, lines):
        return
    urls = [line for line in lines if _is_url_line(line)]
    prose = [line for line in lines if not _is_url_line(line) and not _SOURCES_LABEL.match(line)]
    if urls and (not prose or len(urls) >= len(prose)):
        article.urls += [u for line in urls for u in URL_PATTERN.findall(line)]
        article.blocks.append(Block("sources", "\n".join(urls)))
        if not prose:
            return
    raw = " ".join(dehyphenate("\n".join(_MD_HEADING.sub("", line) for line in prose)).split())
    footer_like = markdown and _ITALIC_BLOCK.match(raw) and not _MARKS.search(raw)
    if footer_like and any(b.kind == "sources" for b in article.blocks):  # not per block: quadratic
        article.blocks.append(Block("footer", _plain(raw, markdown)))
        return
    if _in_removed_section(article):
        article.blocks.append(Block("removed", _plain(raw, markdown)))
        return
    dateline = ""
    if markdown and (italic := _ITALIC_DATELINE.match(raw)):
        dateline, raw = italic.group(2).strip(), raw[italic.end() :]
    joined = _plain(raw, markdown)
    article.urls += URL_PATTERN.findall(joined)
    segments = _segments(joined)
    joined = " ".join(words_ for words_, _ in segments)
    heading = _MD_HEADING.match(prose[0]) or (
        len(joined) < 80 and not joined.endswith(_ENDS_SENTENCE) and not any(m for _, m in segments)
    )
    if heading and not dateline:
        article.blocks.append(Block("heading", joined))
        return
    if not article.dateline and not any(b.kind == "text" for b in article.blocks):
        match = _DATELINE.match(joined)
        if dateline:
            article.dateline = dateline
        elif match:
            article.dateline, joined = match.group(1), joined[match.end() :]
            if segments and len(segments[0][0]) > match.end():
                segments[0] = (segments[0][0][match.end() :], segments[0][1])
    article.blocks.append(Block("text", joined, segments))
