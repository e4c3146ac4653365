"""Settings: built-in defaults < ``newsdesk.toml`` < ``NEWSDESK_*`` environment < command-line flags.

One options object per stage (``IngestSettings``, ``StoriesSettings``, ``WriteSettings``, …) is
shared by the library and the command line. Every field is documented in ``docs/configuration.md``
(a test checks this).

* :mod:`~newsdesk.config.sections`: the options objects;
* :mod:`~newsdesk.config.checks`: the range checks of their values;
* :mod:`~newsdesk.config.loading`: the four layers (:func:`load_settings`).

Environment variables are named ``NEWSDESK_<SECTION>_<KEY>``, e.g. ``NEWSDESK_INGEST_MAX_BYTES``;
``NEWSDESK_DB`` is a shortcut for ``NEWSDESK_STORE_DB``. Lists are comma-separated.
"""

from __future__ import annotations

from newsdesk.config.checks import validate
from newsdesk.config.loading import CONFIG_FILE, ENV_ALIASES, load_settings, setting_names
from newsdesk.config.sections import (
    RESPONSE_FORMATS,
    SECTIONS,
    USER_AGENT,
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
)

__all__ = [
    "CONFIG_FILE",
    "ENV_ALIASES",
    "RESPONSE_FORMATS",
    "SECTIONS",
    "USER_AGENT",
    "IngestSettings",
    "LLMSettings",
    "PublishSettings",
    "Settings",
    "StoreSettings",
    "StoriesSettings",
    "VerifySettings",
    "WatchSettings",
    "WebSettings",
    "WriteSettings",
    "load_settings",
    "setting_names",
    "validate",
]
