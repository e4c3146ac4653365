"""The settings' sections: one frozen options object per stage, shared by the library and the CLI.

Every field is documented in ``docs/configuration.md`` (a test checks this); the values are checked
by :mod:`newsdesk.config.checks` and layered by :mod:`newsdesk.config.loading`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newsdesk import __version__
from newsdesk.secret import Secret

USER_AGENT = f"newsdesk/{__version__} (+https://github.com/newsdesk/newsdesk; news aggregation bot)"


@dataclass(frozen=True)
class StoreSettings:
    """Where documents are kept. ``db`` is a SQLite path or URL, or a ``postgresql://`` URL; empty
    means a SQLite file in the user data dir."""

    db: str = ""


@dataclass(frozen=True)
class IngestSettings:
    """Options of the ingest stage (fetching, extraction, segmentation, dedup)."""

    languages: tuple[str, ...] = ("de", "en", "fr", "es", "it", "nl")
    max_bytes: int = 10_000_000
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_redirects: int = 5
    retries: int = 2
    backoff: float = 0.5
    per_host_delay: float = 1.0
    user_agent: str = USER_AGENT
    respect_robots: bool = True
    allow_private: bool = False
    allow_networks: tuple[str, ...] = ()
    max_items: int = 500
    max_passages: int = 5000
    min_text_chars: int = 200
    near_duplicate_threshold: float = 0.8


@dataclass(frozen=True)
class StoriesSettings:
    """Options of the stories stage (event clustering); weights are calibrated, see docs/benchmarks.md."""

    enabled: bool = True
    window_days: float = 3.0
    max_span_days: float = 7.0
    join_threshold: float = 0.88
    entity_weight: float = 0.20
    quantity_weight: float = 0.02
    gap_weight: float = 0.02
    place_weight: float = 0.0
    kind_weight: float = 0.04
    day_weight: float = 0.08
    followup_days: float = 30.0
    max_candidates: int = 200


@dataclass(frozen=True)
class VerifySettings:
    """Options of the verifier and of ``newsdesk check``; thresholds are calibrated, see docs/benchmarks.md.

    The LLM judge (an OpenAI-compatible chat API) is off unless ``judge_url`` and ``judge_model``
    are set; its key is read from the environment variable named by ``judge_api_key_env`` and is
    never stored in the settings.
    """

    checks: tuple[str, ...] = (
        "numbers",
        "dates",
        "names",
        "quotes",
        "negation",
        "antonyms",
        "attribution",
        "relevance",
        "entailment",
    )
    min_similarity: float = 0.86
    min_similarity_lexical: float = 0.80
    min_overlap: float = 0.34
    min_similarity_translated: float = 0.85
    contradiction_overlap: float = 0.5
    min_content_overlap: float = 0.3
    translated_quote_similarity: float = 0.86
    evidence_passages: int = 3
    offline: bool = False
    bm25_weight: float = 0.35
    quote_fuzzy: float = 0.6
    number_tolerance: float = 0.02
    judge_url: str = ""
    judge_model: str = ""
    judge_api_key_env: str = "NEWSDESK_JUDGE_API_KEY"
    judge_timeout: float = 60.0
    max_sentences: int = 500
    max_sources: int = 100


@dataclass(frozen=True)
class WriteSettings:
    """Options of the write stage (the extractive writer); see docs/configuration.md."""

    writer: str = "extractive"
    language: str = "de"
    max_words: int = 450
    max_sentences: int = 16
    min_sentence_words: int = 6
    max_sentence_chars: int = 400
    mmr_lambda: float = 0.7
    redundancy_threshold: float = 0.45
    centrality_weight: float = 0.35
    corroboration_weight: float = 0.35
    information_weight: float = 0.15
    position_weight: float = 0.15
    headline_max_chars: int = 90
    max_verbatim_words: int = 20
    formats: tuple[str, ...] = ("md", "html", "json")


@dataclass(frozen=True)
class WatchSettings:
    """Options of ``newsdesk watch`` and ``newsdesk worker`` (the scheduled newsroom)."""

    interval_minutes: int = 30
    tick_seconds: int = 30
    min_outlets: int = 2
    auto_publish: bool = False
    workers: int = 1
    retries: int = 5
    retry_wait: float = 2.0
    heartbeat_seconds: float = 10.0
    stalled_seconds: float = 30.0
    actor: str = "newsdesk-watch"
    keep_jobs_hours: int = 168
    feed_backoff_minutes: float = 1.0
    feed_backoff_max_hours: float = 24.0


@dataclass(frozen=True)
class PublishSettings:
    """Options of publishing: the static site, its Atom feed and the publisher named in JSON-LD."""

    site_dir: str = ""
    base_url: str = ""
    site_title: str = "newsdesk"
    publisher: str = "newsdesk"
    principles_url: str = ""
    timezone: str = "Europe/Berlin"
    feed_entries: int = 50


@dataclass(frozen=True)
class WebSettings:
    """Options of ``newsdesk serve`` (the editors' web UI and JSON API); see docs/configuration.md.

    ``secret`` signs session cookies and API tokens. It is never printed (``repr`` leaves it out);
    when empty, a random one is generated once and kept in ``secret_file``.
    """

    host: str = "127.0.0.1"
    port: int = 8000
    secret: str = field(default="", repr=False)
    secret_file: str = ""
    session_hours: float = 12.0
    idle_minutes: float = 120.0
    secure_cookies: bool = False
    login_attempts: int = 5
    login_window: float = 900.0
    max_upload_bytes: int = 10_000_000


@dataclass(frozen=True)
class LLMSettings:
    """The LLM writer: an OpenAI-compatible chat API, the context budget and the repair loop.

    ``api_key`` is a :class:`~newsdesk.secret.Secret` (set it with ``NEWSDESK_LLM_API_KEY``); it
    never prints. ``model_path`` (a GGUF file) starts a local llama.cpp server instead of using
    ``base_url`` (needs the ``llm-local`` extra).
    """

    base_url: str = ""
    model: str = ""
    api_key: Secret = field(default_factory=Secret)
    model_path: str = ""
    timeout: float = 120.0
    retries: int = 3
    backoff: float = 1.0
    max_tokens: int = 2048
    temperature: float = 0.0
    context_tokens: int = 6000
    repair_rounds: int = 2
    response_format: str = "auto"
    prompt_language: str = "en"
    server_context: int = 8192
    server_threads: int = 0
    startup_timeout: float = 120.0


RESPONSE_FORMATS = ("auto", "json_schema", "json_object", "text")


@dataclass(frozen=True)
class Settings:
    """All sections: what :func:`newsdesk.config.load_settings` returns."""

    store: StoreSettings = field(default_factory=StoreSettings)
    ingest: IngestSettings = field(default_factory=IngestSettings)
    stories: StoriesSettings = field(default_factory=StoriesSettings)
    verify: VerifySettings = field(default_factory=VerifySettings)
    write: WriteSettings = field(default_factory=WriteSettings)
    watch: WatchSettings = field(default_factory=WatchSettings)
    publish: PublishSettings = field(default_factory=PublishSettings)
    web: WebSettings = field(default_factory=WebSettings)
    llm: LLMSettings = field(default_factory=LLMSettings)


SECTIONS: dict[str, type] = {
    "store": StoreSettings,
    "ingest": IngestSettings,
    "stories": StoriesSettings,
    "verify": VerifySettings,
    "write": WriteSettings,
    "watch": WatchSettings,
    "publish": PublishSettings,
    "web": WebSettings,
    "llm": LLMSettings,
}
