"""Settings layers: defaults < newsdesk.toml < NEWSDESK_* environment < flags (newsdesk.config)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsdesk.config import (
    IngestSettings,
    LLMSettings,
    PublishSettings,
    Settings,
    StoreSettings,
    StoriesSettings,
    VerifySettings,
    WatchSettings,
    WebSettings,
    WriteSettings,
    load_settings,
    setting_names,
)
from newsdesk.errors import ConfigError

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _clean_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every test in an empty folder, so a newsdesk.toml of the developer is never read."""
    monkeypatch.chdir(tmp_path)


def write_toml(tmp_path: Path, text: str, name: str = "newsdesk.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults() -> None:
    settings = load_settings(environ={})
    assert settings == Settings()
    assert settings.store == StoreSettings(db="")
    ingest = settings.ingest
    assert ingest.languages == ("de", "en", "fr", "es", "it", "nl")
    assert ingest.max_bytes == 10_000_000
    assert ingest.respect_robots is True and ingest.allow_private is False
    assert ingest.near_duplicate_threshold == 0.8
    assert ingest.user_agent.startswith("newsdesk/")


def test_toml_in_the_working_folder_overrides_defaults(tmp_path: Path) -> None:
    write_toml(
        tmp_path, '[store]\ndb = "nachrichten.db"\n\n[ingest]\nmax_bytes = 5000\nlanguages = ["de", "en"]\n'
    )
    settings = load_settings(environ={})
    assert settings.store.db == "nachrichten.db"
    assert settings.ingest.max_bytes == 5000
    assert settings.ingest.languages == ("de", "en")
    assert settings.ingest.read_timeout == IngestSettings().read_timeout  # untouched keys keep defaults


def test_explicit_config_file(tmp_path: Path) -> None:
    path = write_toml(tmp_path, "[ingest]\nretries = 0\nrespect_robots = false\n", name="anders.toml")
    settings = load_settings(path, environ={})
    assert settings.ingest.retries == 0
    assert settings.ingest.respect_robots is False


def test_missing_explicit_config_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "fehlt.toml", environ={})


def test_environment_overrides_toml_and_flags_override_environment(tmp_path: Path) -> None:
    write_toml(tmp_path, "[ingest]\nmax_bytes = 5000\nretries = 4\n")
    env = {"NEWSDESK_INGEST_MAX_BYTES": "7000", "NEWSDESK_INGEST_RETRIES": "3"}
    settings = load_settings(environ=env)
    assert (settings.ingest.max_bytes, settings.ingest.retries) == (7000, 3)
    settings = load_settings(environ=env, overrides={"ingest": {"max_bytes": 9000, "retries": None}})
    assert settings.ingest.max_bytes == 9000
    assert settings.ingest.retries == 3  # a flag that was not given (None) does not override


def test_process_environment_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSDESK_INGEST_MAX_ITEMS", "12")
    assert load_settings().ingest.max_items == 12


def test_newsdesk_db_alias(tmp_path: Path) -> None:
    write_toml(tmp_path, '[store]\ndb = "aus-toml.db"\n')
    assert load_settings(environ={"NEWSDESK_DB": "/srv/news.db"}).store.db == "/srv/news.db"
    assert load_settings(environ={"NEWSDESK_STORE_DB": "sqlite:///x.db"}).store.db == "sqlite:///x.db"
    flagged = load_settings(environ={"NEWSDESK_DB": "/srv/news.db"}, overrides={"store": {"db": "flag.db"}})
    assert flagged.store.db == "flag.db"


def test_languages_from_a_comma_list() -> None:
    settings = load_settings(environ={"NEWSDESK_INGEST_LANGUAGES": " de, en ,,fr "})
    assert settings.ingest.languages == ("de", "en", "fr")
    assert load_settings(environ={}, overrides={"ingest": {"languages": "de"}}).ingest.languages == ("de",)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("false", False),
        ("0", False),
        ("no", False),
        ("OFF", False),
        ("true", True),
        ("1", True),
        (" Yes ", True),
    ],
)
def test_booleans_from_strings(value: str, expected: bool) -> None:
    settings = load_settings(
        environ={"NEWSDESK_INGEST_RESPECT_ROBOTS": value, "NEWSDESK_INGEST_ALLOW_PRIVATE": value}
    )
    assert settings.ingest.respect_robots is expected
    assert settings.ingest.allow_private is expected


def test_floats_from_strings() -> None:
    settings = load_settings(environ={"NEWSDESK_INGEST_READ_TIMEOUT": "2.5", "NEWSDESK_INGEST_BACKOFF": "0"})
    assert (settings.ingest.read_timeout, settings.ingest.backoff) == (2.5, 0.0)


@pytest.mark.parametrize(
    ("name", "value", "setting"),
    [
        ("NEWSDESK_INGEST_MAX_BYTES", "zehn", "max_bytes"),
        ("NEWSDESK_INGEST_MAX_BYTES", "1.5", "max_bytes"),
        ("NEWSDESK_INGEST_RESPECT_ROBOTS", "vielleicht", "respect_robots"),
        ("NEWSDESK_INGEST_READ_TIMEOUT", "lang", "read_timeout"),
    ],
)
def test_invalid_environment_values_name_the_variable_and_setting(
    name: str, value: str, setting: str
) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(environ={name: value})
    assert name in str(info.value)
    assert setting in str(info.value)
    assert repr(value) in str(info.value)


def test_invalid_toml_value_names_the_setting(tmp_path: Path) -> None:
    write_toml(tmp_path, '[ingest]\nmax_redirects = "viele"\n')
    with pytest.raises(ConfigError, match=r"\[ingest\] max_redirects: invalid value 'viele'"):
        load_settings(environ={})


def test_invalid_flag_value_names_the_setting() -> None:
    with pytest.raises(ConfigError, match="retries"):
        load_settings(environ={}, overrides={"ingest": {"retries": "drei"}})


@pytest.mark.parametrize(
    ("env", "setting"),
    [
        ({"NEWSDESK_INGEST_MAX_BYTES": "0"}, "ingest.max_bytes"),
        ({"NEWSDESK_INGEST_RETRIES": "-1"}, "ingest.retries"),
        ({"NEWSDESK_INGEST_CONNECT_TIMEOUT": "0"}, "timeouts"),
        ({"NEWSDESK_INGEST_PER_HOST_DELAY": "-0.5"}, "ingest.per_host_delay"),
        ({"NEWSDESK_INGEST_NEAR_DUPLICATE_THRESHOLD": "1.5"}, "ingest.near_duplicate_threshold"),
        ({"NEWSDESK_INGEST_NEAR_DUPLICATE_THRESHOLD": "0"}, "ingest.near_duplicate_threshold"),
        ({"NEWSDESK_INGEST_LANGUAGES": " , "}, "ingest.languages"),
    ],
)
def test_out_of_range_values_are_rejected(env: dict[str, str], setting: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(setting)):
        load_settings(environ=env)


def test_invalid_toml_syntax(tmp_path: Path) -> None:
    path = write_toml(tmp_path, "[ingest\nmax_bytes = 1\n")
    with pytest.raises(ConfigError, match="invalid TOML") as info:
        load_settings(environ={})
    assert str(path.name) in str(info.value)


def test_unknown_toml_section_is_an_error(tmp_path: Path) -> None:
    write_toml(tmp_path, "[ingestion]\nmax_bytes = 1\n")
    with pytest.raises(ConfigError, match=r"unknown section \[ingestion\]"):
        load_settings(environ={})


def test_toml_key_outside_a_section_is_an_error(tmp_path: Path) -> None:
    write_toml(tmp_path, 'db = "x.db"\n')
    with pytest.raises(ConfigError, match="unknown section"):
        load_settings(environ={})


def test_unknown_toml_key_is_an_error(tmp_path: Path) -> None:
    write_toml(tmp_path, "[ingest]\nmax_byte = 1\n")
    with pytest.raises(ConfigError, match=r"unknown setting ingest\.max_byte"):
        load_settings(environ={})


def test_unknown_environment_variable_in_a_known_section_is_an_error() -> None:
    with pytest.raises(ConfigError, match="NEWSDESK_INGEST_FOO"):
        load_settings(environ={"NEWSDESK_INGEST_FOO": "1"})


def test_unrelated_environment_variables_are_ignored() -> None:
    settings = load_settings(environ={"NEWSDESK_HOME": "/x", "PATH": "/bin", "newsdesk_ingest_retries": "9"})
    assert settings == Settings()


def test_unknown_flag_section_or_key_is_an_error() -> None:
    with pytest.raises(ConfigError, match="section 'render'"):
        load_settings(environ={}, overrides={"render": {"format": "pdf"}})
    with pytest.raises(ConfigError, match="'max_bites'"):
        load_settings(environ={}, overrides={"ingest": {"max_bites": 1}})


def test_boolean_for_a_number_setting_is_rejected(tmp_path: Path) -> None:
    write_toml(tmp_path, "[ingest]\nmax_bytes = true\n")
    try:
        settings = load_settings(environ={})
    except ConfigError:
        return
    raise AssertionError(f"max_bytes = true was accepted as {settings.ingest.max_bytes}")


def test_setting_names() -> None:
    names = setting_names()
    assert "store.db" in names
    assert "ingest.max_bytes" in names
    assert "ingest.near_duplicate_threshold" in names
    assert "stories.join_threshold" in names
    assert "write.mmr_lambda" in names
    assert "watch.min_outlets" in names
    assert "publish.site_dir" in names
    assert "web.secret" in names
    sections = (
        IngestSettings,
        StoriesSettings,
        VerifySettings,
        WriteSettings,
        PublishSettings,
        WebSettings,
        WatchSettings,
        LLMSettings,
    )
    expected = 1 + sum(len(section.__dataclass_fields__) for section in sections)
    assert len(names) == len(set(names)) == expected


def test_every_setting_is_documented() -> None:
    doc = REPO / "docs" / "configuration.md"
    assert doc.is_file(), f"{doc} is missing: every setting must be documented there"
    text = doc.read_text(encoding="utf-8")
    missing = [
        name for name in setting_names() if not re.search(rf"(?<![\w.]){re.escape(name)}(?![\w])", text)
    ]
    assert not missing, f"settings not documented in docs/configuration.md: {missing}"


def test_write_settings_are_validated() -> None:
    invalid: list[dict[str, object]] = [
        {"language": "en"},
        {"mmr_lambda": 1.5},
        {"max_words": 5},
        {"headline_max_chars": 10},
    ]
    for flags in invalid:
        try:
            load_settings(environ={}, overrides={"write": flags})
        except ConfigError:
            continue
        raise AssertionError(f"{flags} was accepted")
    settings = load_settings(environ={"NEWSDESK_WRITE_MAX_WORDS": "300"})
    assert settings.write.max_words == 300 and settings.write.language == "de"
    formats = load_settings(environ={"NEWSDESK_WRITE_FORMATS": "pdf,jsonld"}).write.formats
    assert formats == ("pdf", "jsonld")


def test_names_only_the_registries_know_are_checked_when_the_newsroom_opens() -> None:
    """Writers and output formats are registered by the stages (a plug-in may add one), so the
    newsroom service checks them against the registries, once, when it opens."""
    from newsdesk.newsroom import Newsroom
    from newsdesk.store import open_store

    for flags, message in (
        ({"formats": ("docx",)}, "write.formats: unknown format"),
        ({"writer": "gpt"}, "unknown writer"),
    ):
        settings = load_settings(environ={}, overrides={"write": flags})  # the shape is fine
        with open_store(":memory:") as store, pytest.raises(ConfigError, match=message):
            Newsroom(settings, store)


def test_publish_settings_are_validated() -> None:
    settings = load_settings(
        environ={
            "NEWSDESK_PUBLISH_BASE_URL": "https://news.example.org/",
            "NEWSDESK_PUBLISH_FEED_ENTRIES": "5",
        }
    )
    assert settings.publish.base_url == "https://news.example.org/" and settings.publish.feed_entries == 5
    assert settings.publish.site_dir == "" and settings.publish.timezone == "Europe/Berlin"
    for flags in ({"base_url": "news.example.org"}, {"feed_entries": 0}, {"timezone": "Mars/Olympus"}):
        with pytest.raises(ConfigError, match="publish"):
            load_settings(environ={}, overrides={"publish": flags})


def test_the_web_secret_is_never_shown() -> None:
    settings = load_settings(environ={"NEWSDESK_WEB_SECRET": "s3cr3t-value-0123456789"})
    assert settings.web.secret == "s3cr3t-value-0123456789"
    assert "s3cr3t" not in repr(settings) and "s3cr3t" not in str(settings.web)
    with pytest.raises(ConfigError, match=r"web\.secret must be at least 16"):
        load_settings(environ={"NEWSDESK_WEB_SECRET": "short"})
    with pytest.raises(ConfigError, match=r"web\.port"):
        load_settings(environ={"NEWSDESK_WEB_PORT": "70000"})


def test_watch_settings_are_validated() -> None:
    for invalid in ({"min_outlets": 0}, {"tick_seconds": 0}, {"workers": -1}, {"heartbeat_seconds": 40.0}):
        with pytest.raises(ConfigError, match="watch"):
            load_settings(None, environ={}, overrides={"watch": invalid})
    settings = load_settings(None, environ={"NEWSDESK_WATCH_AUTO_PUBLISH": "yes"}, overrides={})
    assert settings.watch.auto_publish is True and settings.watch.min_outlets == 2
