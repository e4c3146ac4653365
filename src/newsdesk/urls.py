"""URLs from outside: what a valid web URL is, its canonical form, and which URLs become links.

Every URL that reaches newsdesk from outside — command line, saved feeds, feed items, sitemaps,
JSONL records and front matter, redirects, the web UI, articles under audit — passes
:func:`vet_url` before anything is fetched or stored. It accepts what browsers and careful
crawlers accept and refuses, with one :class:`~newsdesk.errors.InvalidURLError` naming the
reason, everything else:

* only ``http`` and ``https``; no user name or password in the URL (they would end up in logs);
* a host that is a DNS name (internationalised names are IDNA-encoded as browsers do), a
  dotted-quad IPv4 address in its one unambiguous form (``127.0.0.1``; never ``0177.0.0.1``,
  ``0x7f.1``, ``2130706433``, ``01.02.03.04`` or ``999.1.1.1``, forms that different parsers read
  as different hosts), or a bracketed IPv6 address;
* no control characters; tabs and line breaks inside are dropped (WHATWG URL standard); spaces,
  non-ASCII characters and stray ``%`` in the path and query are percent-encoded.

:func:`canonical_url` is the URL a document is known by: the vetted form without fragment and
default port, with dot segments resolved, and with every query parameter kept except the tracking
parameters listed in ``newsdesk/data/tracking.toml``. :func:`web_link` says whether a stored URL
may become a link (renderers and the web UI): only a valid http(s) URL, never ``javascript:``.
:func:`has_web_scheme` tells a URL from a file path where both may be given.
"""

from __future__ import annotations

import ipaddress
import re
import tomllib
from functools import cache
from importlib import resources
from urllib.parse import quote, unquote

import idna

from newsdesk.errors import ConfigError, InvalidURLError

MAX_URL_CHARS = 8192
DEFAULT_PORTS = {"http": 80, "https": 443}
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")
_CONTROL = re.compile("[\x00-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# Shown as "?": C1 controls, line and paragraph separators, bidirectional overrides, surrogates.
_UNSHOWABLE = re.compile("[\x80-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_OUTER = "".join(chr(c) for c in range(0x21))  # C0 controls and space, stripped at both ends
_LABEL = re.compile(r"[a-z0-9_-]{1,63}")
_NUMERIC = re.compile(r"[0-9]+|0[xX][0-9a-fA-F]*")
_DECIMAL_OCTET = re.compile(r"0|[1-9][0-9]{0,2}")
_PORT = re.compile(r"[0-9]{1,5}")
_PERCENT = re.compile(r"%([0-9A-Fa-f]{2})")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
# What may stay as it is in a path and a query; everything else is percent-encoded (RFC 3986).
_PATH_SAFE = "/:@!$&'()*+,;=-._~%"
_QUERY_SAFE = _PATH_SAFE + "?"
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def invalid(reason: str, source: str | None = None) -> InvalidURLError:
    """The error for a malformed URL: ``not a valid URL (reason)``."""
    return InvalidURLError(f"not a valid URL ({reason})", source=source)


def printable(text: str, limit: int = 300) -> str:
    """``text`` safe to show on one line: control characters escaped, shortened to ``limit``."""
    shown = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    shown = _UNSHOWABLE.sub("?", shown)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def vet_url(url: str, *, source: str | None = None) -> str:
    """``url`` in the form every later step accepts, or :class:`InvalidURLError` with the reason.

    The result has a lower-case scheme and host, an IDNA-encoded host, no default port, and a
    path (at least ``/``) and query with unsafe characters percent-encoded.
    """
    where = source if source is not None else printable(url)
    text = url.strip(_OUTER).replace("\t", "").replace("\n", "").replace("\r", "")
    if not text:
        raise invalid("empty", where)
    if len(text) > MAX_URL_CHARS:
        raise invalid(f"longer than {MAX_URL_CHARS:,} characters", where)
    if _CONTROL.search(text):
        raise invalid("control character", where)
    if not text.isascii() and _SURROGATE.search(text):
        raise invalid("invalid character", where)
    scheme, colon, rest = text.partition(":")
    if not colon or not _SCHEME.fullmatch(scheme):
        raise invalid("no http:// or https:// scheme", where)
    scheme = scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise InvalidURLError(
            f"unsupported URL scheme {scheme}: (only http and https URLs are fetched or stored)",
            source=where,
        )
    if not rest.startswith("//"):
        raise invalid(f"no host after {scheme}:", where)
    rest = rest[2:]
    # WHATWG: a backslash ends the host and separates path segments, as a slash does
    end = min((i for i in (rest.find(c) for c in "/\\?#") if i >= 0), default=len(rest))
    authority, tail = rest[:end], rest[end:]
    if "@" in authority:
        raise invalid("user name or password in the URL", where)
    host, port = _split_authority(authority, where)
    path, query, fragment = _split_tail(tail)
    netloc = host if port is None or port == DEFAULT_PORTS[scheme] else f"{host}:{port}"
    result = f"{scheme}://{netloc}{_encode(path, _PATH_SAFE) or '/'}"
    if query is not None:
        result += "?" + _encode(query, _QUERY_SAFE)
    if fragment is not None:
        result += "#" + _encode(fragment, _QUERY_SAFE)
    return result


def _split_authority(authority: str, where: str) -> tuple[str, int | None]:
    if authority.startswith("["):
        close = authority.find("]")
        if close < 0:
            raise invalid("unclosed [ in the host", where)
        host = _ipv6_host(authority[1:close], where)
        after = authority[close + 1 :]
        if after and not after.startswith(":"):
            raise invalid("text after the IPv6 address", where)
        port_text = after[1:] if after else None
    else:
        name, colon, port_text_found = authority.partition(":")
        if ":" in port_text_found:
            raise invalid("IPv6 address without [brackets]", where)
        host = _host(name, where)
        port_text = port_text_found if colon else None
    if port_text is None or port_text == "":
        return host, None
    if not _PORT.fullmatch(port_text) or not 0 < int(port_text) < 65536:
        raise invalid(f"bad port {printable(port_text, 20)!r}", where)
    return host, int(port_text)


def _ipv6_host(inner: str, where: str) -> str:
    if "%" in inner:
        raise invalid("IPv6 zone identifier", where)
    try:
        address = ipaddress.IPv6Address(inner)
    except ValueError:
        raise invalid(f"bad IPv6 address [{printable(inner, 60)}]", where) from None
    return f"[{address.compressed}]"


def _host(name: str, where: str) -> str:
    if not name:
        raise invalid("no host", where)
    if "%" in name:
        raise invalid("percent-encoded host", where)
    if not name.isascii():
        try:
            name = idna.uts46_remap(name, std3_rules=False, transitional=False)
        except (idna.IDNAError, UnicodeError, ValueError):
            raise invalid("bad international domain name", where) from None
    name = name.lower()
    if name.endswith("."):
        name = name[:-1]
    labels = name.split(".")
    if _NUMERIC.fullmatch(labels[-1]):  # WHATWG: a host ending in a number is an IPv4 address
        return _ipv4_host(labels, where)
    encoded = [_label(label, where) for label in labels]
    host = ".".join(encoded)
    if len(host) > 253:
        raise invalid("host name longer than 253 characters", where)
    return host


def _ipv4_host(labels: list[str], where: str) -> str:
    shown = printable(".".join(labels), 60)
    if len(labels) != 4 or not all(_DECIMAL_OCTET.fullmatch(part) for part in labels):
        raise invalid(f"{shown} is not an IPv4 address in dotted-decimal form", where)
    if any(int(part) > 255 for part in labels):
        raise invalid(f"{shown} is not an IPv4 address (a number above 255)", where)
    return ".".join(labels)


def _label(label: str, where: str) -> str:
    if not label:
        raise invalid("empty label in the host name", where)
    if not label.isascii():
        try:
            return idna.alabel(label).decode("ascii")
        except (idna.IDNAError, UnicodeError, ValueError):
            raise invalid(f"bad international domain name label {printable(label, 63)!r}", where) from None
    if not _LABEL.fullmatch(label):
        raise invalid(f"bad host name label {printable(label, 63)!r}", where)
    if label.startswith("xn--"):
        try:
            idna.ulabel(label)
        except (idna.IDNAError, UnicodeError, ValueError):
            raise invalid(f"bad punycode label {label!r}", where) from None
    return label


def _split_tail(tail: str) -> tuple[str, str | None, str | None]:
    before_fragment, hash_mark, fragment = tail.partition("#")
    path, question, query = before_fragment.partition("?")
    return path.replace("\\", "/"), query if question else None, fragment if hash_mark else None


def _encode(part: str, safe: str) -> str:
    """Percent-encode what is not allowed in ``part``; keep valid ``%XX`` escapes as they are."""
    return quote(_BAD_PERCENT.sub("%25", part), safe=safe)


# -- canonical form -----------------------------------------------------------------------------


@cache
def tracking_parameters() -> tuple[frozenset[str], tuple[str, ...]]:
    """The query parameters canonical URLs drop: exact names and prefixes (lower-case)."""
    text = resources.files("newsdesk.data").joinpath("tracking.toml").read_text("utf-8")
    data = tomllib.loads(text)
    return frozenset(n.lower() for n in data["exact"]), tuple(p.lower() for p in data["prefixes"])


def is_tracking(name: str) -> bool:
    """Whether the query parameter ``name`` is a tracking parameter (``utm_source``, ``fbclid``…)."""
    exact, prefixes = tracking_parameters()
    lowered = unquote(name).lower()
    return lowered in exact or lowered.startswith(prefixes)


def canonical_url(url: str) -> str:
    """The URL a document is known by (see the module docstring); ``url`` itself when it is not a
    valid http(s) URL (never raises, so it can serve as a lookup key)."""
    try:
        vetted = vet_url(url)
    except InvalidURLError:
        return url
    vetted = vetted.partition("#")[0]
    base, question, query = vetted.partition("?")
    scheme, _, rest = base.partition("://")
    slash = rest.find("/")
    netloc, path = rest[:slash], rest[slash:]
    result = f"{scheme}://{netloc}{_normal_escapes(_remove_dot_segments(path))}"
    if question:
        pairs = [p for p in query.split("&") if p and not is_tracking(p.partition("=")[0])]
        if pairs:
            result += "?" + "&".join(sorted(_normal_escapes(p) for p in pairs))
    return result


def _normal_escapes(text: str) -> str:
    """``%7e`` → ``~`` (unreserved characters decoded), other escapes in upper case."""

    def one(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in _UNRESERVED else match.group(0).upper()

    return _PERCENT.sub(one, text)


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 section 5.2.4: ``/a/b/../c/./d`` → ``/a/c/d``."""
    output: list[str] = []
    segments = path.split("/")
    for index, segment in enumerate(segments[1:], 1):
        last = index == len(segments) - 1
        if segment == "..":
            if len(output) > 0:
                output.pop()
            if last:
                output.append("")
        elif segment == ".":
            if last:
                output.append("")
        else:
            output.append(segment)
    return "/" + "/".join(output)


# -- links --------------------------------------------------------------------------------------


def web_link(url: str | None) -> str | None:
    """``url`` as it may appear in a link (``href``), or ``None``: only valid http(s) URLs."""
    if not url:
        return None
    try:
        return vet_url(url)
    except InvalidURLError:
        return None


def feed_url(url: str) -> str:
    """A feed URL to save (command line, web UI): vetted, or a ConfigError (a usage error) naming
    what is wrong with it."""
    try:
        return vet_url(url)
    except InvalidURLError as exc:
        raise ConfigError(str(exc)) from None


def has_web_scheme(text: str) -> bool:
    """Whether ``text`` begins with the ``http:`` or ``https:`` scheme, in any case — a URL to
    fetch rather than a file path; whether it is a valid URL, :func:`vet_url` says."""
    scheme, colon, _ = text.strip(_OUTER).partition(":")
    return bool(colon) and scheme.lower() in DEFAULT_PORTS


def is_web_url(url: str | None) -> bool:
    """Whether ``url`` is a valid http(s) URL."""
    return web_link(url) is not None
