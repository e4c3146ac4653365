"""Range checks of the settings' values (see :func:`newsdesk.config.load_settings`).

Each rule names the setting in its message, so a wrong value in ``newsdesk.toml``, the
environment or a flag is one clear line. Names that only a stage's registry knows (writers, output
formats) are checked by the newsroom service when it opens (:mod:`newsdesk.newsroom.service`).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from newsdesk.config.sections import RESPONSE_FORMATS, LLMSettings, PublishSettings, Settings, WebSettings
from newsdesk.errors import ConfigError


def validate(settings: Settings) -> None:
    """Raise ConfigError, with the setting's name, for the first value out of range."""
    ingest = settings.ingest
    if ingest.max_bytes <= 0:
        raise ConfigError("ingest.max_bytes must be positive")
    if ingest.max_redirects < 0 or ingest.retries < 0:
        raise ConfigError("ingest.max_redirects and ingest.retries must not be negative")
    if min(ingest.connect_timeout, ingest.read_timeout) <= 0:
        raise ConfigError("ingest timeouts must be positive")
    if ingest.per_host_delay < 0 or ingest.backoff < 0:
        raise ConfigError("ingest.per_host_delay and ingest.backoff must not be negative")
    if not 0 < ingest.near_duplicate_threshold <= 1:
        raise ConfigError("ingest.near_duplicate_threshold must be in (0, 1]")
    if ingest.max_passages < 1 or ingest.max_items < 1:
        raise ConfigError("ingest.max_passages and ingest.max_items must be at least 1")
    if not ingest.languages:
        raise ConfigError("ingest.languages must name at least one language")
    verify = settings.verify
    for name in (
        "min_similarity",
        "min_similarity_lexical",
        "min_similarity_translated",
        "min_overlap",
        "contradiction_overlap",
        "min_content_overlap",
        "translated_quote_similarity",
        "quote_fuzzy",
        "bm25_weight",
    ):
        if not 0 <= getattr(verify, name) <= 1:
            raise ConfigError(f"verify.{name} must be between 0 and 1")
    if verify.evidence_passages < 1:
        raise ConfigError("verify.evidence_passages must be at least 1")
    if verify.number_tolerance < 0 or verify.judge_timeout <= 0:
        raise ConfigError("verify.number_tolerance must not be negative, verify.judge_timeout positive")
    if verify.max_sentences < 1 or verify.max_sources < 1:
        raise ConfigError("verify.max_sentences and verify.max_sources must be at least 1")
    write = settings.write
    if write.language != "de":
        raise ConfigError(
            f"write.language {write.language!r} is not supported",
            hint="newsdesk writes German articles: 'de'",
        )
    if write.max_words < 20 or write.max_sentences < 1 or write.min_sentence_words < 1:
        raise ConfigError("write.max_words must be at least 20, write.max_sentences at least 1")
    if not 0 <= write.mmr_lambda <= 1 or not 0 < write.redundancy_threshold <= 1:
        raise ConfigError("write.mmr_lambda must be in [0, 1] and write.redundancy_threshold in (0, 1]")
    if not 30 <= write.headline_max_chars <= 200:
        raise ConfigError("write.headline_max_chars must be between 30 and 200")
    if not 8 <= write.max_verbatim_words <= 200:
        raise ConfigError("write.max_verbatim_words must be between 8 and 200")
    weights = (write.centrality_weight, write.corroboration_weight, write.information_weight)
    if min(*weights, write.position_weight) < 0:
        raise ConfigError("write weights must not be negative")
    watch = settings.watch
    if watch.interval_minutes < 1 or watch.tick_seconds < 1 or watch.min_outlets < 1:
        raise ConfigError(
            "watch.interval_minutes, watch.tick_seconds and watch.min_outlets must be at least 1"
        )
    if watch.workers < 0 or watch.retries < 0 or watch.retry_wait < 0 or watch.keep_jobs_hours < 1:
        raise ConfigError(
            "watch.workers, watch.retries and watch.retry_wait must not be negative, "
            "watch.keep_jobs_hours at least 1"
        )
    if not 0 < watch.feed_backoff_minutes <= watch.feed_backoff_max_hours * 60:
        raise ConfigError(
            "watch.feed_backoff_minutes must be positive and not above watch.feed_backoff_max_hours"
        )
    if not 0 < watch.heartbeat_seconds < watch.stalled_seconds:
        raise ConfigError("watch.heartbeat_seconds must be positive and below watch.stalled_seconds")
    _validate_publish(settings.publish)
    _validate_web(settings.web)
    _validate_llm(settings.llm)


def _validate_publish(publish: PublishSettings) -> None:
    if publish.base_url and not publish.base_url.startswith(("http://", "https://")):
        raise ConfigError(f"publish.base_url must be an http(s) URL, not {publish.base_url!r}")
    if publish.feed_entries < 1:
        raise ConfigError("publish.feed_entries must be at least 1")
    if not publish.site_title.strip() or not publish.publisher.strip():
        raise ConfigError("publish.site_title and publish.publisher must not be empty")
    try:
        ZoneInfo(publish.timezone)
    except (ValueError, KeyError, OSError) as exc:  # ZoneInfoNotFoundError is a KeyError
        raise ConfigError(f"publish.timezone: unknown time zone {publish.timezone!r}") from exc


def _validate_web(web: WebSettings) -> None:
    if not 0 < web.port < 65536:
        raise ConfigError(f"web.port must be between 1 and 65535, not {web.port}")
    if web.session_hours <= 0 or web.login_window <= 0 or web.idle_minutes <= 0:
        raise ConfigError("web.session_hours, web.idle_minutes and web.login_window must be positive")
    if web.login_attempts < 1 or web.max_upload_bytes < 1:
        raise ConfigError("web.login_attempts and web.max_upload_bytes must be at least 1")
    if web.secret and len(web.secret) < 16:
        raise ConfigError(
            "web.secret must be at least 16 characters long", hint="leave it empty to generate one"
        )


def _validate_llm(llm: LLMSettings) -> None:
    if min(llm.timeout, llm.startup_timeout) <= 0 or llm.retries < 0 or llm.backoff < 0:
        raise ConfigError(
            "llm.timeout and llm.startup_timeout must be positive, llm.retries and llm.backoff not negative"
        )
    if llm.max_tokens < 64 or llm.context_tokens < 200 or llm.server_context < 512:
        raise ConfigError(
            "llm.max_tokens must be at least 64, llm.context_tokens at least 200, llm.server_context 512"
        )
    if not 0 <= llm.repair_rounds <= 10 or not 0 <= llm.temperature <= 2 or llm.server_threads < 0:
        raise ConfigError(
            "llm.repair_rounds must be 0–10, llm.temperature 0–2, llm.server_threads not negative"
        )
    if llm.response_format not in RESPONSE_FORMATS:
        raise ConfigError(
            f"llm.response_format {llm.response_format!r} is unknown",
            hint=f"choose from {', '.join(RESPONSE_FORMATS)}",
        )
    if llm.prompt_language not in ("de", "en"):
        raise ConfigError(f"llm.prompt_language {llm.prompt_language!r} is unknown", hint="choose de or en")
