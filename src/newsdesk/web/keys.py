"""The secret that signs session cookies and API tokens.

Taken from ``web.secret`` (or ``NEWSDESK_WEB_SECRET``); when that is empty, a random secret is
generated once and kept in ``web.secret_file`` (default: ``web-secret`` in the user data
directory, readable by the owner only), so sessions survive a restart. The secret is never logged.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from platformdirs import user_data_dir

from newsdesk.config import WebSettings
from newsdesk.errors import ConfigError


def secret_path(settings: WebSettings) -> Path:
    """Where a generated secret is kept."""
    if settings.secret_file:
        return Path(settings.secret_file).expanduser()
    return Path(user_data_dir("newsdesk", appauthor=False)) / "web-secret"


def session_secret(settings: WebSettings) -> str:
    """The configured secret, or the generated one (created on first use)."""
    if settings.secret:
        return settings.secret
    path = secret_path(settings)
    try:
        if path.is_file():
            secret = path.read_text(encoding="utf-8").strip()
            if len(secret) >= 16:
                return secret
        path.parent.mkdir(parents=True, exist_ok=True)
        secret = secrets.token_urlsafe(48)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(secret + "\n")
    except OSError as exc:
        raise ConfigError(
            f"cannot read or create the web secret file: {exc.strerror}",
            source=str(path),
            hint="set web.secret_file to a writable path, or NEWSDESK_WEB_SECRET",
        ) from exc
    return secret
