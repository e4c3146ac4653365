"""robots.txt, fetched once per host and cached for the run (RFC 9309 semantics).

* 2xx: the rules apply (with ``Crawl-delay`` honoured as a per-host delay, capped at 30 s);
* 4xx (no robots.txt): everything is allowed;
* 5xx or an unreachable robots.txt: the whole site is treated as disallowed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from newsdesk.errors import FetchError, HTTPStatusError

MAX_CRAWL_DELAY = 30.0
ROBOTS_AGENT = "newsdesk"


@dataclass
class _Rules:
    parser: RobotFileParser | None
    allow_all: bool = False
    disallow_reason: str | None = None


class RobotsCache:
    """Answers "may newsdesk fetch this URL?" with one robots.txt request per host.

    ``fetch_text(url)`` returns the robots.txt body or raises a FetchError
    (:class:`HTTPStatusError` for error statuses).
    """

    def __init__(self, fetch_text: Callable[[str], str], agent: str = ROBOTS_AGENT) -> None:
        self._fetch_text = fetch_text
        self._agent = agent
        self._rules: dict[str, _Rules] = {}

    def _for(self, url: str) -> _Rules:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}"
        if key not in self._rules:
            self._rules[key] = self._load(f"{key}/robots.txt")
        return self._rules[key]

    def _load(self, robots_url: str) -> _Rules:
        try:
            body = self._fetch_text(robots_url)
        except HTTPStatusError as exc:
            if 400 <= exc.status < 500:
                return _Rules(None, allow_all=True)
            return _Rules(None, disallow_reason=f"robots.txt answered HTTP {exc.status}")
        except FetchError as exc:
            if exc.reason == "blocked_address":
                raise
            return _Rules(None, disallow_reason=f"robots.txt unreachable ({exc.message})")
        parser = RobotFileParser()
        parser.parse(body.splitlines())
        return _Rules(parser)

    def check(self, url: str) -> str | None:
        """``None`` if ``url`` may be fetched, else the reason it may not."""
        rules = self._for(url)
        if rules.allow_all:
            return None
        if rules.parser is None:
            return rules.disallow_reason
        if rules.parser.can_fetch(self._agent, url):
            return None
        return "disallowed by robots.txt"

    def crawl_delay(self, url: str) -> float:
        rules = self._for(url)
        if rules.parser is None:
            return 0.0
        delay = rules.parser.crawl_delay(self._agent)
        return min(float(delay), MAX_CRAWL_DELAY) if delay else 0.0
