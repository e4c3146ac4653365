"""Domain → outlet registry backed by ``newsdesk/data/outlets.toml`` (rules documented there).

Nothing is read at import time: the TOML is parsed, validated and cached on first use.
"""

import contextlib
import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

ARTICLES = frozenset({"der", "die", "das", ""})
KINDS = frozenset({"newspaper", "magazine", "broadcaster", "agency", "online", "wire"})
# Leading words that are themselves articles (German, English, Romance, Dutch).
_NAME_ARTICLES = frozenset({"der", "die", "das", "the", "le", "la", "les", "el", "il", "lo", "de", "het"})
_HOST_RE = re.compile(r"^[\w-]+(\.[\w-]+)*$")
UNKNOWN_NAME = "Unbekannte Quelle"


@dataclass(frozen=True)
class Outlet:
    """A news outlet with the grammatical data the German writer needs."""

    name: str
    domains: tuple[str, ...]
    short: str = ""
    article: str = ""
    kind: str = "online"
    country: str = ""
    language: str = ""
    quote: bool = True
    known: bool = True  # False when built from a fallback (site name / domain)

    @property
    def text_name(self) -> str:
        """Form to put after ``article`` in running text: "Der Standard" → "Standard"."""
        return self.short if self.article and self.short and _starts_with_article(self.name) else self.name


def _starts_with_article(name: str) -> bool:
    """Whether ``name`` begins with an article word ("Der Standard", "The Guardian")."""
    return name.split(" ", 1)[0].casefold() in _NAME_ARTICLES


def registrable_domain(url_or_host: str) -> str:
    """Lowercase host of a URL or bare host, without ``www.``/port; "" if there is none.

    IDNA-safe: punycode (``xn--…``) is decoded so both spellings of a domain compare equal.
    """
    text = (url_or_host or "").strip()
    if text and "://" not in text and not text.startswith("//"):
        text = "//" + text
    try:
        host = urlsplit(text).hostname or ""
    except ValueError:
        return ""
    host = host.strip(".").lower()
    with contextlib.suppress(UnicodeError):
        host = host.encode("idna").decode("idna")
    host = host.removeprefix("www.")
    return host if _HOST_RE.match(host) else ""


def _outlet_from_entry(index: int, entry: dict[str, Any]) -> Outlet:
    """Build and validate one ``[[outlet]]`` table; raise ValueError naming it."""
    label = f"outlet #{index} ({entry.get('name', '?')!r})"
    name, short = entry.get("name"), entry.get("short", "")
    domains, article = entry.get("domains"), entry.get("article", "")
    kind, quote = entry.get("kind", "online"), entry.get("quote", True)
    if not isinstance(name, str) or not name.strip() or not isinstance(short, str):
        raise ValueError(f"{label}: name must be a non-empty string, short a string")
    if not isinstance(domains, list) or not domains:
        raise ValueError(f"{label}: needs a non-empty list of domains")
    for domain in domains:
        if not isinstance(domain, str) or registrable_domain(domain) != domain:
            raise ValueError(f"{label}: domain {domain!r} must be a lowercase host without scheme/www/path")
    if article not in ARTICLES:
        raise ValueError(f"{label}: article {article!r} not in der/die/das/''")
    if kind not in KINDS:
        raise ValueError(f"{label}: kind {kind!r} not in {sorted(KINDS)}")
    if not isinstance(quote, bool):
        raise ValueError(f"{label}: quote must be true or false")
    if article and _starts_with_article(name) and (not short or _starts_with_article(short)):
        raise ValueError(f"{label}: name starts with an article, so short must be the name without it")
    country, language = str(entry.get("country", "")), str(entry.get("language", ""))
    return Outlet(name.strip(), tuple(domains), short.strip(), article, kind, country, language, quote)


def parse_outlets(toml_text: str) -> tuple[Outlet, ...]:
    """Parse and validate registry TOML; raise ValueError on bad or clashing entries."""
    entries = tomllib.loads(toml_text).get("outlet", [])
    outlets = tuple(_outlet_from_entry(i, e) for i, e in enumerate(entries, 1))
    owners: dict[tuple[str, str], int] = {}
    for index, outlet in enumerate(outlets):
        keys = [("domain", d) for d in outlet.domains]
        keys += [("name", n.casefold()) for n in {outlet.name, outlet.short} if n]
        for kind, key in keys:
            prev = outlets[owners.setdefault((kind, key), index)]
            if prev is not outlet:
                raise ValueError(f"outlet {outlet.name!r}: {kind} {key!r} clashes with {prev.name!r}")
    return outlets


@functools.cache
def _registry() -> tuple[tuple[Outlet, ...], dict[str, Outlet], dict[str, Outlet]]:
    """Load the packaged registry once: (outlets, by domain, by casefolded name/short)."""
    outlets = parse_outlets(resources.files("newsdesk.data").joinpath("outlets.toml").read_text("utf-8"))
    by_domain = {d: o for o in outlets for d in o.domains}
    by_name = {n.casefold(): o for o in outlets for n in (o.name, o.short) if n}
    return outlets, by_domain, by_name


def all_outlets() -> tuple[Outlet, ...]:
    """Every registered outlet, in file order."""
    return _registry()[0]


def _match_host(host: str) -> Outlet | None:
    """Registry entry for ``host`` or its nearest registered parent domain."""
    by_domain, labels = _registry()[1], host.split(".")
    parents = (".".join(labels[i:]) for i in range(len(labels) - 1))
    return next((by_domain[d] for d in parents if d in by_domain), None)


def lookup_outlet(url: str | None, site_name: str | None = None) -> Outlet:
    """Outlet for an article URL; falls back to site name, then domain, then unknown.

    Fallback outlets have ``known=False``; the bare-domain and unknown fallbacks
    are not quoted (``laut example-news.ru``).
    """
    host = registrable_domain(url) if url else ""
    if host and (outlet := _match_host(host)) is not None:
        return outlet
    name = " ".join((site_name or "").split())
    domains = (host,) if host else ()
    if name:
        return Outlet(name=name, domains=domains, known=False)
    return Outlet(name=host or UNKNOWN_NAME, domains=domains, quote=False, known=False)


def outlet_by_name(name: str) -> Outlet | None:
    """Registered outlet by name or short name (case-insensitive), else by domain."""
    key = " ".join(name.split()).casefold()
    outlet = _registry()[2].get(key) if key else None
    if outlet is None and (host := registrable_domain(key)) and "." in host:
        outlet = _match_host(host)
    return outlet
