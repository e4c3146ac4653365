"""Audits: any article — newsdesk's own or someone else's — against the sources it cites.

:meth:`Auditing.audit` reads the article (:mod:`newsdesk.verify.article`: a file, a URL, or bytes
uploaded with a name), resolves its sources and has :func:`newsdesk.verify.audit.audit` judge it
with the one verifier. Resolving the sources:

* ``sources`` (files or URLs, ``--source`` on the command line) are read first; one whose URL
  (front matter ``url:``) equals a cited URL stands in for it; one the article does not cite is
  ``not_cited`` (still used as evidence);
* a cited URL already in the newsroom's store is used from the store — no fetching, so auditing
  works offline for sources the newsroom has read;
* any other cited URL is fetched through the guarded ingestor (never with ``offline``); a failure
  makes the source ``unreachable``; a URL cited twice is one source, ``duplicate``.

What an audit fetches goes into a scratch store that ends with the audit, unless ``keep`` asks for
the newsroom's store (``newsdesk check --db``): an audit does not feed the newsroom's stories.
Documents are numbered afresh for the report (1, 2, …), whichever store they come from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from newsdesk.errors import TooLargeError
from newsdesk.ingest import Ingestor
from newsdesk.ingest.outlets import lookup_outlet
from newsdesk.models import AuditReport, Document, Passage
from newsdesk.newsroom.base import Room
from newsdesk.store import open_store
from newsdesk.store.sql import SQLStore
from newsdesk.urls import canonical_url, web_link
from newsdesk.verify.article import load_article, read_article
from newsdesk.verify.audit import AuditSources, audit, audit_sentences, check_sources
from newsdesk.verify.parsed import ParsedArticle


@dataclass(frozen=True)
class Upload:
    """An article or source sent as a file: its name (only its file type is used) and its bytes."""

    name: str
    data: bytes


class Auditing(Room):
    """The audit part of the newsroom service."""

    def audit(
        self,
        article: str | Upload,
        *,
        sources: Sequence[str] = (),
        offline: bool | None = None,
        keep: bool = False,
    ) -> AuditReport:
        """Audit ``article`` (a path, a URL or an :class:`Upload`); see the module docstring."""
        offline = self.settings.verify.offline if offline is None else offline
        self.events.start("audit", 3)
        try:
            if isinstance(article, Upload):
                parsed = read_article(self._within_cap(article), article.name)
            else:
                parsed = load_article(article, self.settings.ingest)
            check_sources(parsed, sources, self.settings.verify)  # the limits, before any fetch
            text = audit_sentences(parsed, limit=self.settings.verify.max_sentences)
            self.events.advance("audit", "article read")
            if keep:
                resolved = self._resolve(parsed, sources, self.store, self.ingestor, offline)
            else:
                with open_store(":memory:") as scratch, Ingestor(self.settings.ingest, scratch) as ingestor:
                    resolved = self._resolve(parsed, sources, scratch, ingestor, offline)
            self.events.advance("audit", "sources resolved")
            with self.engines.lock:
                report = audit(parsed, resolved, self.engines.verifier, text=text)
            self.events.advance("audit", "sentences checked")
        finally:
            self.events.finish("audit")
        return report

    def _within_cap(self, upload: Upload) -> bytes:
        """An uploaded article's bytes under the size policy of every input (``ingest.max_bytes``)."""
        cap = self.settings.ingest.max_bytes
        if len(upload.data) > cap:
            raise TooLargeError(
                f"file is {len(upload.data):,} bytes, over the {cap:,}-byte cap (ingest.max_bytes)",
                source=upload.name,
            )
        return upload.data

    def _resolve(
        self,
        article: ParsedArticle,
        extra: Sequence[str],
        fetched: SQLStore,
        ingestor: Ingestor,
        offline: bool,
    ) -> AuditSources:
        entries: list[dict[str, Any]] = []
        by_url: dict[str, dict[str, Any]] = {}
        entry: dict[str, Any]
        for url in article.urls:
            key = canonical_url(url)
            if key in by_url:
                by_url[key]["cited"] += 1
                continue
            by_url[key] = {"url": url, "status": "unreachable", "cited": 1, "document": None, "detail": ""}
            entries.append(by_url[key])
        if extra:
            report = ingestor.ingest(list(extra))
            for failure in report.failures:
                entries.append(
                    {
                        "url": failure.source,
                        "status": "unreachable",
                        "cited": 0,
                        "document": None,
                        "detail": failure.message,
                    }
                )
            for item in report.items:
                found_entry = by_url.get(canonical_url(item.url) if item.url else "")
                if found_entry is None:
                    found_entry = {"url": item.url or item.source, "cited": 0, "document": None}
                    entries.append(found_entry)
                entry = found_entry
                status = "ok" if entry["cited"] else "not_cited"
                entry.update(status=status, document=(fetched, item.id), detail="read from the given sources")
        for key, entry in by_url.items():
            if entry["status"] == "ok":
                continue
            found = self.store.find_document(url=key)
            if found is not None:
                entry.update(status="ok", document=(self.store, found), detail="in the store")
                continue
            if fetched is not self.store and (found := fetched.find_document(url=key)) is not None:
                entry.update(status="ok", document=(fetched, found), detail="read from the given sources")
                continue
            if offline:
                entry["detail"] = "not fetched (offline) and not in the store"
                continue
            report = ingestor.ingest([entry["url"]])
            if report.items:
                entry.update(status="ok", document=(fetched, report.items[0].id), detail="fetched")
            elif report.failures:
                entry["detail"] = report.failures[0].message
        return self._number(article, entries, by_url)

    @staticmethod
    def _number(
        article: ParsedArticle, entries: list[dict[str, Any]], by_url: dict[str, dict[str, Any]]
    ) -> AuditSources:
        """Load the readable documents under report-local ids (1, 2, …)."""
        documents: dict[int, Document] = {}
        passages: dict[tuple[int, int], Passage] = {}
        local: dict[tuple[int, int], int] = {}
        for entry in entries:
            if entry["document"] is None:
                continue
            store, document_id = entry["document"]
            ident = (id(store), document_id)
            if ident not in local:
                local[ident] = number = len(local) + 1
                document = store.get_document(document_id)
                documents[number] = replace(document, id=number)
                for passage in store.get_passages(document_id):
                    passages[(number, passage.index)] = replace(passage, document_id=number)
            entry["document"] = local[ident]
            document = documents[entry["document"]]
            entry.update(outlet=document.outlet, title=document.title, language=document.language)
        for entry in entries:
            entry.setdefault("outlet", lookup_outlet(web_link(entry["url"])).name)
            if entry["cited"] > 1 and entry["status"] == "ok":
                entry["status"] = "duplicate"
        by_number: dict[int, int] = {}
        by_ref: dict[int, int] = {}
        for listed in article.listed:
            cited = by_url.get(canonical_url(listed.url)) if listed.url else None
            if cited is None or cited["document"] is None:
                continue
            by_number[listed.number] = cited["document"]
            if listed.ref is not None:
                by_ref[listed.ref] = cited["document"]
        return AuditSources(entries, documents, passages, by_number, by_ref)
