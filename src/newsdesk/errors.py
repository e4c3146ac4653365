"""The newsdesk exception tree.

Every error newsdesk raises on purpose derives from :class:`NewsdeskError`. Third-party exceptions
are converted at the stage boundary (``raise FetchError(...) from exc``) so that callers handle one
tree, and every error carries the context a user needs (the URL or path, the stage) in one line.

::

    NewsdeskError
    ├── ConfigError                  invalid newsdesk.toml, environment variable or flag
    ├── StoreError                   database cannot be opened, migrated or written
    │   └── UnsupportedStoreError    a --db URL whose backend is not available
    ├── VerifyError                  an article cannot be audited (unreadable, no sentences)
    │   └── JudgeError               the configured LLM judge failed or answered nonsense
    ├── IngestError                  one input could not be turned into a document
    │   ├── SourceError              a path or URL that newsdesk cannot read at all
    │   │   ├── InvalidURLError          a malformed URL, or one that is not http(s)
    │   │   ├── TooLargeError            a file or archive over ingest.max_bytes
    │   │   └── UnsupportedFormatError   a file type or content type newsdesk does not ingest
    │   ├── FetchError               anything that went wrong while fetching over HTTP
    │   │   ├── BlockedAddressError      the host resolves to a private/loopback/reserved address
    │   │   ├── RobotsDisallowedError    robots.txt forbids the URL for our user agent
    │   │   ├── HTTPStatusError          the server answered 4xx/5xx (after retries)
    │   │   ├── TooManyRedirectsError    redirect limit exceeded or a redirect loop
    │   │   ├── ResponseTooLargeError    the body exceeds the size cap
    │   │   ├── ContentTypeError         the server sent a content type newsdesk does not ingest
    │   │   └── FetchTimeoutError        connect or read timeout (after retries)
    │   ├── FeedError                    a feed or sitemap that cannot be parsed
    │   ├── ExtractionError              no main text could be extracted (also corrupt PDFs)
    │   └── LanguageError                the text is not in one of the configured languages
    ├── WriteError                   a story cannot be written (unknown story, no German passage)
    ├── ReviewError                  a review action the article's state does not allow (web UI, API)
    ├── RenderError                  an article cannot be rendered (unknown format, WeasyPrint missing)
    ├── PublishError                 an article cannot be published or withdrawn (not approved,
    │                                an unsupported sentence, the static site cannot be written)
    └── LLMError                     an OpenAI-compatible chat API failed (the LLM writer, the judge)
        ├── LLMUnavailableError      nothing to continue with: the run stops with one line
        │   ├── LLMUnreachableError      no connection to the server (after retries)
        │   ├── LLMModelError            the server does not know the model
        │   ├── LLMAuthError             the server refused the API key (401/403)
        │   └── LocalServerError         the local llama.cpp server cannot be started
        │       └── LocalServerDiedError the local llama.cpp server died while in use
        ├── LLMTimeoutError          no answer within llm.timeout (after retries)
        ├── LLMStatusError           the server answered an error status (after retries on 429/5xx)
        └── LLMResponseError         the answer is unusable (no JSON, no article in it)
"""

from __future__ import annotations


class NewsdeskError(Exception):
    """Base class of all errors raised by newsdesk.

    ``source`` is the URL or path the error is about (if any); ``hint`` is an optional suggestion
    that the command line prints after the message.
    """

    def __init__(self, message: str, *, source: str | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.source}: {self.message}" if self.source else self.message


class ConfigError(NewsdeskError):
    """A configuration value is invalid."""


class StoreError(NewsdeskError):
    """The store cannot be opened, migrated or written."""


class UnsupportedStoreError(StoreError):
    """The ``--db`` URL names a backend that is not available."""


class IngestError(NewsdeskError):
    """One input could not be ingested. ``reason`` is a short machine-readable kind."""

    reason = "error"


class SourceError(IngestError):
    """A path or URL that cannot be read at all."""

    reason = "source"


class InvalidURLError(SourceError):
    """A URL that is malformed (``http://0177.0.0.1/``, ``http://[::1``) or not http(s)."""

    reason = "invalid_url"


class TooLargeError(SourceError):
    """A local file, or what a compressed file expands to, is larger than ``ingest.max_bytes``."""

    reason = "too_large"


class UnsupportedFormatError(SourceError):
    """A file type or content type newsdesk does not ingest."""

    reason = "unsupported_format"


class FetchError(IngestError):
    """Fetching over HTTP failed."""

    reason = "fetch"


class BlockedAddressError(FetchError):
    """The URL's host resolves to an address that newsdesk must not reach."""

    reason = "blocked_address"


class RobotsDisallowedError(FetchError):
    """robots.txt disallows the URL for newsdesk's user agent."""

    reason = "robots"


class HTTPStatusError(FetchError):
    """The server answered with an error status."""

    reason = "http_status"

    def __init__(self, message: str, *, status: int, source: str | None = None) -> None:
        super().__init__(message, source=source)
        self.status = status


class TooManyRedirectsError(FetchError):
    """Too many redirects, or a redirect loop."""

    reason = "redirects"


class ResponseTooLargeError(FetchError):
    """The response body exceeds the configured size cap."""

    reason = "too_large"


class ContentTypeError(FetchError):
    """The response has a content type newsdesk does not ingest."""

    reason = "content_type"


class FetchTimeoutError(FetchError):
    """Connecting or reading timed out."""

    reason = "timeout"


class FeedError(IngestError):
    """A feed or sitemap that cannot be parsed."""

    reason = "feed"


class ExtractionError(IngestError):
    """No usable main text could be extracted (including corrupt PDFs)."""

    reason = "extraction"


class LanguageError(IngestError):
    """The text is not written in one of the configured languages."""

    reason = "language"


class VerifyError(NewsdeskError):
    """An article cannot be verified or audited (unreadable input, no sentences)."""


class JudgeError(VerifyError):
    """The configured LLM judge could not be reached or gave an unusable answer."""


class WriteError(NewsdeskError):
    """A story cannot be written into an article (unknown story, no passage in the target language)."""


class ReviewError(NewsdeskError):
    """A review action that the article's state does not allow (edit a published version, approve
    a version with unsupported sentences, reject its last sentence)."""


class RenderError(NewsdeskError):
    """An article cannot be rendered: an unknown format, or a renderer whose library is missing."""


class PublishError(NewsdeskError):
    """An article cannot be published or withdrawn (wrong review state, a sentence not supported)."""


class LLMError(NewsdeskError):
    """A request to an OpenAI-compatible chat API failed. Messages never contain the API key."""


class LLMUnavailableError(LLMError):
    """The model cannot be used at all (unreachable, unknown model, key refused): stop the run."""


class LLMUnreachableError(LLMUnavailableError):
    """No connection to the LLM server (after retries)."""


class LLMModelError(LLMUnavailableError):
    """The server does not serve the configured model."""


class LLMAuthError(LLMUnavailableError):
    """The server refused the API key."""


class LocalServerError(LLMUnavailableError):
    """The local llama.cpp server (``--llm-model-path``) cannot be started."""


class LocalServerDiedError(LocalServerError):
    """The local llama.cpp server that newsdesk started died while it was in use (a crash)."""


class LLMTimeoutError(LLMError):
    """The server gave no answer within the timeout (after retries)."""


class LLMStatusError(LLMError):
    """The server answered an error status (after retries on 429 and 5xx)."""

    def __init__(
        self, message: str, *, status: int, source: str | None = None, hint: str | None = None
    ) -> None:
        super().__init__(message, source=source, hint=hint)
        self.status = status


class LLMResponseError(LLMError):
    """The server's answer is unusable: not JSON, or no article in it."""
