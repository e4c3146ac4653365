"""One input → one stored document: extract, clean, identify the language, deduplicate, choose
the URL, segment and store (one transaction).

* **Clean**: text and metadata lose control characters (NUL, escape sequences, bidirectional
  overrides, lone surrogates) before anything is measured, so passage offsets index the stored
  text exactly; one-line fields (title, author, outlet) also lose line breaks and are capped.
* **URL**: only a valid http(s) URL becomes a document URL; a declared one of another scheme
  (``javascript:``, ``data:``, ``file:``) or a malformed one refuses the input with one line.
* **Same URL, different text**: a URL identifies one document. When the URL an input would get
  already belongs to a stored document, the content decides: the same or a near-duplicate text
  is that document (``exists``); a different text is a different document, which takes the next
  URL it was known by (a page whose ``rel=canonical`` names its section front is stored under
  its own address) or, when it has none left, is stored without a URL — never dropped.
* **Passages** are capped at ``ingest.max_passages``: the text ends with the last kept passage,
  and one warning line says so.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from newsdesk.config import IngestSettings
from newsdesk.errors import ExtractionError
from newsdesk.ingest import dedup
from newsdesk.ingest.extract import ExtractedPage, RawDocument, extract_html
from newsdesk.ingest.langid import LanguageIdentifier
from newsdesk.ingest.normalize import clean_field, clean_text
from newsdesk.ingest.outlets import lookup_outlet, outlet_by_name, registrable_domain
from newsdesk.ingest.report import IngestedItem
from newsdesk.ingest.segment import split_sentences
from newsdesk.models import Document, utc_now
from newsdesk.store.base import DuplicateCandidate, FetchLogEntry, Store
from newsdesk.urls import canonical_url, is_web_url, printable, vet_url

log = logging.getLogger(__name__)

MAX_LINKS = 1000


class DocumentBuilder:
    """Turns :class:`RawDocument` objects into stored documents (see the module docstring)."""

    def __init__(self, settings: IngestSettings, store: Store, langid: LanguageIdentifier) -> None:
        self.settings = settings
        self.store = store
        self._langid = langid

    def store_raw(self, raw: RawDocument) -> IngestedItem:
        """Store one raw document (or find it stored); an :class:`IngestError` if it cannot be."""
        raw.source = printable(raw.source, 2000)
        declared = vet_url(raw.url, source=raw.source) if raw.url else None
        page: ExtractedPage | None = None
        if raw.html is not None:
            page = extract_html(raw.html, url=declared)
            text = page.text
        else:
            text = clean_text(raw.text or "")
        if raw.kind in {"html", "feed"} and len(text) < self.settings.min_text_chars:
            raise ExtractionError(
                f"no article text found (only {len(text)} characters of main text)", source=raw.source
            )
        aliases = _aliases(raw, declared)
        existing = self.store.find_document(content_hash=dedup.content_hash(text))
        if existing is not None:
            return self._exists(existing, raw.source, aliases)
        title = clean_field(raw.title or (page.title if page else None)) or _first_words(text)
        language = self._langid.detect(
            f"{title}\n{text}", hint=clean_field(raw.language or (page.language if page else None), 20)
        )
        passages = split_sentences(text, language, limit=self.settings.max_passages + 1)
        if len(passages) > self.settings.max_passages:
            passages = passages[: self.settings.max_passages]
            text = text[: passages[-1].end]
            log.warning(
                "%s: more than %d sentences; only the first %d are kept (ingest.max_passages)",
                raw.source,
                self.settings.max_passages,
                self.settings.max_passages,
            )
        digest = dedup.content_hash(text)
        existing = self.store.find_document(content_hash=digest)
        if existing is not None:
            return self._exists(existing, raw.source, aliases)
        signature = dedup.signature(text)
        bands = signature.bands()
        candidates = self.store.near_duplicate_candidates(bands)
        url, owner = self._choose_url(self._url_choices(raw, declared, page), signature, candidates)
        if owner is not None:
            return self._exists(owner, raw.source, aliases)
        duplicate_of = dedup.find_duplicate(
            signature, candidates, threshold=self.settings.near_duplicate_threshold
        )
        site_name = clean_field(raw.site_name or (page.site_name if page else None), 200)
        document = Document(
            url=url,
            outlet=self._outlet(clean_field(raw.outlet, 200), url, site_name),
            title=title,
            text=text,
            language=language,
            content_hash=digest,
            author=clean_field(raw.author or (page.author if page else None), 500),
            published=clean_field(raw.published or (page.published if page else None), 40),
            fetched_at=utc_now(),
            duplicate_of=duplicate_of,
            source=raw.source,
            kind=raw.kind,
            site_name=site_name,
            links=[link for link in dict.fromkeys(raw.links[:MAX_LINKS]) if is_web_url(link)],
        )
        document_id, created = self.store.add_document(
            document, passages, minhash=signature.to_bytes(), bands=bands, aliases=aliases
        )
        if not created:
            return self.record(document_id, "exists", raw.source)
        status = "duplicate" if duplicate_of else "stored"
        self.store.log_fetch(FetchLogEntry(utc_now(), raw.source, status, url=url, document_id=document_id))
        return IngestedItem(
            document_id,
            url,
            document.outlet,
            language,
            title,
            len(passages),
            duplicate_of,
            status,
            raw.source,
        )

    # -- URLs ---------------------------------------------------------------------------------

    @staticmethod
    def _url_choices(raw: RawDocument, declared: str | None, page: ExtractedPage | None) -> list[str]:
        """The canonical URLs the document may be stored under, best first: the page's own
        ``rel=canonical`` (files and local mirrors: always; the web: within the same site), then
        the URL it was fetched from or declared."""
        choices: list[str] = []
        canonical = page.canonical_url if page else None
        if canonical and canonical != declared and is_web_url(canonical):
            same_site = declared is not None and registrable_domain(declared) == registrable_domain(canonical)
            if raw.trust_canonical or same_site:
                choices.append(canonical_url(canonical))
        if declared:
            choices.append(canonical_url(declared))
        return list(dict.fromkeys(choices))

    def _choose_url(
        self, choices: Sequence[str], signature: dedup.Signature, candidates: Sequence[DuplicateCandidate]
    ) -> tuple[str | None, int | None]:
        """``(url, None)``: the first choice no stored document has; ``(None, id)``: the document
        stored under a choice has the same text (near-duplicate) as this one, so it is that one;
        ``(None, None)``: every choice belongs to a different text."""
        for choice in choices:
            owner = self.store.find_document(url=choice)
            if owner is None:
                return choice, None
            if dedup.same_text(signature, owner, candidates, self.settings.near_duplicate_threshold):
                return None, owner
            log.warning(
                "%s belongs to document %d, whose text is different; not used for this one",
                choice,
                owner,
            )
        if choices:
            log.warning(
                "%s: every URL it is known by belongs to another text; stored without URL", choices[0]
            )
        return None, None

    def _outlet(self, declared: str | None, url: str | None, site_name: str | None) -> str:
        if declared:
            known = outlet_by_name(declared)
            return known.name if known else declared
        return lookup_outlet(url, site_name).name

    # -- found ------------------------------------------------------------------------------

    def _exists(self, document_id: int, source: str, aliases: list[str]) -> IngestedItem:
        self.store.add_urls(document_id, aliases)
        return self.record(document_id, "exists", source)

    def record(self, document_id: int, status: str, source: str) -> IngestedItem:
        """Log that ``source`` resolved to the stored document ``document_id``."""
        document = self.store.get_document(document_id)
        passages = len(self.store.get_passages(document_id))
        self.store.log_fetch(
            FetchLogEntry(utc_now(), source, status, url=document.url, document_id=document_id)
        )
        return IngestedItem(
            document_id,
            document.url,
            document.outlet,
            document.language,
            document.title,
            passages,
            document.duplicate_of,
            status,
            source,
        )


def _aliases(raw: RawDocument, declared: str | None) -> list[str]:
    """The web URLs a raw document was fetched under (before and after redirects)."""
    found = [canonical_url(u) for u in (raw.source, declared) if u and is_web_url(u)]
    return list(dict.fromkeys(found))


def _first_words(text: str, limit: int = 90) -> str:
    first = text.split("\n", 1)[0]
    return first if len(first) <= limit else first[:limit].rsplit(" ", 1)[0] + " …"
