"""Settings: built-in defaults < ``newsdesk.toml`` < ``NEWSDESK_*`` environment < command-line flags.

One options object per stage (``IngestSettings``, ``StoriesSettings``, ``WriteSettings``, …) is
shared by the library and the command line. Every field is documented in ``docs/configuration.md``
(a test checks this).

Environment variables are named ``NEWSDESK_<SECTION>_<KEY>``, e.g. ``NEWSDESK_INGEST_MAX_BYTES``;
``NEWSDESK_DB`` is a shortcut for ``NEWSDESK_STORE_DB``. Lists are comma-separated.
"""

from __future__ import annotations

import os
import tomllib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from newsdesk import __version__
from newsdesk.errors import ConfigError
from newsdesk.secret import Secret

CONFIG_FILE = "newsdesk.toml"
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
    join_threshold: float = 0.845
    entity_weight: float = 0.10
    quantity_weight: float = 0.02
    gap_weight: float = 0.02
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
ENV_ALIASES = {"NEWSDESK_DB": ("store", "db")}


def load_settings(
    config_file: str | Path | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, Mapping[str, Any]] | None = None,
) -> Settings:
    """Build the settings from the four layers.

    ``config_file`` defaults to ``./newsdesk.toml`` if it exists. ``overrides`` are the command
    line's flags as ``{"ingest": {"max_bytes": 1000}}``; ``None`` values are ignored.
    """
    env = os.environ if environ is None else environ
    layers: dict[str, dict[str, Any]] = {name: {} for name in SECTIONS}

    path = Path(config_file) if config_file else Path(CONFIG_FILE)
    if config_file or path.exists():
        for section, values in _read_toml(path).items():
            layers[section].update(values)

    for name, value in env.items():
        key = _env_key(name)
        if key:
            section, option = key
            layers[section][option] = _coerce(SECTIONS[section], option, value, source=name)

    for section, flags in (overrides or {}).items():
        if section not in SECTIONS:
            raise ConfigError(f"unknown settings section {section!r}")
        layers[section].update({k: v for k, v in flags.items() if v is not None})

    built: dict[str, Any] = {}
    for section, cls in SECTIONS.items():
        values = layers[section]
        for option, value in values.items():
            values[option] = _coerce(cls, option, value, source=f"[{section}] {option}")
        built[section] = replace(cls(), **values)
    settings = Settings(**built)
    from newsdesk.config_checks import validate

    validate(settings)
    return settings


def setting_names() -> list[str]:
    """Every setting as ``section.key`` (used by the documentation test)."""
    return [f"{section}.{f.name}" for section, cls in SECTIONS.items() for f in fields(cls)]


def _read_toml(path: Path) -> dict[str, dict[str, Any]]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"configuration file not found: {path}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    result: dict[str, dict[str, Any]] = {}
    for section, values in data.items():
        if section not in SECTIONS or not isinstance(values, dict):
            raise ConfigError(f"{path}: unknown section [{section}]", hint=f"known: {', '.join(SECTIONS)}")
        known = {f.name for f in fields(SECTIONS[section])}
        for option in values:
            if option not in known:
                raise ConfigError(f"{path}: unknown setting {section}.{option}")
        result[section] = dict(values)
    return result


def _env_key(name: str) -> tuple[str, str] | None:
    if name in ENV_ALIASES:
        return ENV_ALIASES[name]
    if not name.startswith("NEWSDESK_"):
        return None
    rest = name[len("NEWSDESK_") :].lower()
    for section, cls in SECTIONS.items():
        prefix = section + "_"
        if rest.startswith(prefix):
            option = rest[len(prefix) :]
            if option in {f.name for f in fields(cls)}:
                return section, option
            raise ConfigError(f"unknown environment variable {name}")
    return None


def _coerce(cls: type, option: str, value: Any, *, source: str) -> Any:
    hints = typing.get_type_hints(cls)
    if option not in hints:
        raise ConfigError(f"{source}: unknown setting {option!r}")
    target = hints[option]
    try:
        if target is bool:
            if isinstance(value, str):
                lowered = value.strip().lower()
                if lowered not in {"1", "0", "true", "false", "yes", "no", "on", "off"}:
                    raise ValueError(value)
                return lowered in {"1", "true", "yes", "on"}
            return bool(value)
        if target in (int, float) and isinstance(value, bool):
            raise ValueError(value)
        if target is int:
            return int(value)
        if target is float:
            return float(value)
        if target is str:
            return str(value)
        if target is Secret:
            return value if isinstance(value, Secret) else Secret(str(value))
        if typing.get_origin(target) is tuple or isinstance(target, types.GenericAlias):
            items = value.split(",") if isinstance(value, str) else list(value)
            return tuple(str(item).strip() for item in items if str(item).strip())
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{source}: invalid value {value!r} for {option}") from exc
    raise ConfigError(f"{source}: unsupported setting type for {option}")
