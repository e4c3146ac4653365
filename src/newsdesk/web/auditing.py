"""Audits from the web: the newsroom service's :meth:`~newsdesk.newsroom.Newsroom.audit`, the same
audit ``newsdesk check`` runs.

The article comes as pasted text, an uploaded file or a URL; sources as URLs and uploaded files.
The article is read from its bytes (only the file type of its name is used). Uploaded sources are
written to a private temporary folder under sanitised names and removed afterwards; neither a
report nor an error shows that folder. Cited sources already in the newsroom's store are read
from the store (so an audit works offline for them); what an audit fetches is kept in a scratch
store, not in the newsroom's. URLs are fetched through the same private-address guard as
``newsdesk ingest``.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from newsdesk.errors import ConfigError, NewsdeskError
from newsdesk.models import AuditReport
from newsdesk.newsroom import Upload
from newsdesk.urls import has_web_scheme
from newsdesk.web.state import WebState

ARTICLE_TYPES = (".txt", ".md", ".html", ".htm", ".pdf", ".json")
SOURCE_TYPES = (".txt", ".md", ".html", ".htm", ".pdf", ".jsonl", ".gz")
PASTED = "eingefügter Text"  # how reports and errors name a pasted article

__all__ = ["ARTICLE_TYPES", "SOURCE_TYPES", "Upload", "run_audit"]


def _safe_name(name: str, allowed: Sequence[str], number: int) -> str:
    base = Path(name.replace("\\", "/")).name
    cleaned = re.sub(r"[^\w.\-]+", "_", base).lstrip(".")[-80:] or "upload"
    if not cleaned.lower().endswith(tuple(allowed)):
        raise ConfigError(f"cannot audit {base or 'this file'}", hint=f"file types: {', '.join(allowed)}")
    return f"{number:02d}-{cleaned}"


def _urls(text: str) -> list[str]:
    found = [line.strip() for line in text.splitlines() if line.strip()]
    bad = [u for u in found if not has_web_scheme(u)]
    if bad:
        raise ConfigError(f"not an http(s) URL: {bad[0]}")
    return found


def _scrub(value: Any, names: dict[str, str]) -> Any:
    """``value`` with every temporary path replaced by the name the browser sent."""
    if isinstance(value, str):
        for path, name in names.items():
            value = value.replace(path, name)
        return value
    if isinstance(value, list):
        return [_scrub(v, names) for v in value]
    if isinstance(value, dict):
        return {k: _scrub(v, names) for k, v in value.items()}
    return value


def run_audit(
    state: WebState,
    *,
    text: str = "",
    url: str = "",
    article_file: Upload | None = None,
    source_urls: str | Sequence[str] = "",
    source_files: Sequence[Upload] = (),
) -> AuditReport:
    """Audit one article (exactly one of ``text``, ``url``, ``article_file``) against its sources."""
    given = [bool(text.strip()), bool(url.strip()), article_file is not None]
    if sum(given) != 1:
        raise ConfigError("give exactly one article: pasted text, a file or a URL")
    urls = _urls(source_urls) if isinstance(source_urls, str) else _urls("\n".join(source_urls))
    article: str | Upload
    if article_file is not None:
        _safe_name(article_file.name, ARTICLE_TYPES, 0)
        article = Upload(Path(article_file.name.replace("\\", "/")).name, article_file.data)
    elif url.strip():
        article = _urls(url)[0]
    else:
        article = Upload(
            f"{PASTED}.md" if text.lstrip().startswith("#") else f"{PASTED}.txt",
            text.encode("utf-8"),
        )
    with tempfile.TemporaryDirectory(prefix="newsdesk-audit-") as folder:
        sources = list(urls)
        names: dict[str, str] = {}
        for number, upload in enumerate(source_files, 1):
            path = Path(folder) / _safe_name(upload.name, SOURCE_TYPES, number)
            path.write_bytes(upload.data)
            sources.append(str(path))
            names[str(path)] = Path(upload.name.replace("\\", "/")).name
        names[folder + "/"] = ""
        names[folder] = "…"
        if isinstance(article, Upload) and article_file is None:
            names[article.name] = PASTED  # the pasted text's file name only chose its reader
        try:
            with state.newsroom() as room:
                report = room.audit(article, sources=sources)
        except NewsdeskError as exc:
            exc.message = _scrub(exc.message, names)
            exc.source = _scrub(exc.source, names) if exc.source else exc.source
            exc.hint = _scrub(exc.hint, names) if exc.hint else exc.hint
            raise
        report.sources = _scrub(report.sources, names)
        report.problems = _scrub(report.problems, names)
    if isinstance(article, Upload) and article_file is None:
        report.article = PASTED
    return report
