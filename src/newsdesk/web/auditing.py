"""Audits from the web: the same :func:`newsdesk.verify.audit.audit` that ``newsdesk check`` runs.

The article comes as pasted text, an uploaded file or a URL; sources as URLs and uploaded files.
Uploads are written to a private temporary folder under sanitised names (only their file type is
taken from the client) and removed afterwards. Like ``newsdesk check`` without ``--db``, an audit
keeps what it fetches in an in-memory store, not in the newsroom's store; URLs are fetched through
the same private-address guard as ``newsdesk ingest``.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from newsdesk.errors import ConfigError, NewsdeskError
from newsdesk.models import AuditReport
from newsdesk.store import open_store
from newsdesk.web.state import WebState

ARTICLE_TYPES = (".txt", ".md", ".html", ".htm", ".pdf")
SOURCE_TYPES = (*ARTICLE_TYPES, ".jsonl", ".gz")


@dataclass(frozen=True)
class Upload:
    """A file sent by the browser: its name as the client gave it and its bytes."""

    name: str
    data: bytes


def _safe_name(name: str, allowed: Sequence[str], number: int) -> str:
    base = Path(name.replace("\\", "/")).name
    cleaned = re.sub(r"[^\w.\-]+", "_", base).lstrip(".")[-80:] or "upload"
    lowered = cleaned.lower()
    if not lowered.endswith(tuple(allowed)):
        raise ConfigError(f"cannot audit {base or 'this file'}", hint=f"file types: {', '.join(allowed)}")
    return f"{number:02d}-{cleaned}"


def _urls(text: str) -> list[str]:
    found = [line.strip() for line in text.splitlines() if line.strip()]
    bad = [u for u in found if not u.startswith(("http://", "https://"))]
    if bad:
        raise ConfigError(f"not an http(s) URL: {bad[0]}")
    return found


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
    from newsdesk.verify.audit import audit

    given = [bool(text.strip()), bool(url.strip()), article_file is not None]
    if sum(given) != 1:
        raise ConfigError("give exactly one article: pasted text, a file or a URL")
    urls = _urls(source_urls) if isinstance(source_urls, str) else _urls("\n".join(source_urls))
    with tempfile.TemporaryDirectory(prefix="newsdesk-audit-") as folder:
        root = Path(folder)
        if article_file is not None:
            path = root / _safe_name(article_file.name, ARTICLE_TYPES, 0)
            path.write_bytes(article_file.data)
            article, shown = str(path), Path(article_file.name).name
        elif url.strip():
            article = shown = _urls(url)[0]
        else:
            path = root / "00-text.txt"
            path.write_text(text, encoding="utf-8")
            article, shown = str(path), "eingefügter Text"
        sources = list(urls)
        for number, upload in enumerate(source_files, 1):
            path = root / _safe_name(upload.name, SOURCE_TYPES, number)
            path.write_bytes(upload.data)
            sources.append(str(path))
        try:
            with open_store(":memory:") as store, state.verifier.exclusive() as verifier:
                report = audit(article, state.settings, store, sources=sources, verifier=verifier)
        except NewsdeskError as exc:  # name the article as the editor gave it, not our temporary path
            if exc.source and exc.source.startswith(folder):
                exc.source = shown if exc.source == article else Path(exc.source).name
            raise
        for entry in report.sources:
            for key in ("url", "detail"):
                if isinstance(entry.get(key), str):
                    entry[key] = entry[key].replace(folder + "/", "")
    report.article = shown
    return report
