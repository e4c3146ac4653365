"""Loading the settings: built-in defaults < ``newsdesk.toml`` < ``NEWSDESK_*`` environment < flags.

Environment variables are named ``NEWSDESK_<SECTION>_<KEY>``, e.g. ``NEWSDESK_INGEST_MAX_BYTES``;
``NEWSDESK_DB`` is a shortcut for ``NEWSDESK_STORE_DB``. Lists are comma-separated. The result is
checked by :func:`newsdesk.config.checks.validate` before it is returned.
"""

from __future__ import annotations

import os
import tomllib
import types
import typing
from collections.abc import Mapping
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from newsdesk.config.checks import validate
from newsdesk.config.sections import SECTIONS, Settings
from newsdesk.errors import ConfigError
from newsdesk.secret import Secret

CONFIG_FILE = "newsdesk.toml"
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
