"""Publication dates from the many shapes sources use, normalised to ISO 8601."""

from __future__ import annotations

import re
import time
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def normalize_date(value: object) -> str | None:
    """Return ``value`` as an ISO 8601 string (date-time with offset, or a bare date) or ``None``.

    Accepts ISO 8601 strings, RFC 822 dates (RSS), ``datetime``/``date`` objects and
    ``time.struct_time`` (feedparser's parsed dates, which are UTC).
    """
    if value is None or value == "" or isinstance(value, bool | dict | list):
        return None
    try:
        return _normalize(value)
    except (ValueError, TypeError, OverflowError, IndexError):  # an impossible date from outside
        return None


def _normalize(value: object) -> str | None:
    if isinstance(value, time.struct_time):
        return datetime(*value[:6], tzinfo=UTC).isoformat()
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()[:100]
    if _DATE_ONLY.match(text):
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            return None
    candidate = text.replace("Z", "+00:00") if text.endswith("Z") else text
    try:
        return datetime.fromisoformat(candidate).isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    match = re.match(r"^(\d{4}-\d{2}-\d{2})[T ]", text)
    return match.group(1) if match else None
