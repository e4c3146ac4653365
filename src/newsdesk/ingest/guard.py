"""SSRF protection: newsdesk never connects to private, loopback or reserved addresses.

The check sits in the network backend, where the connection is made: the host is resolved once,
every address is vetted, and the socket is opened to a vetted address. This covers redirects to
internal hosts and DNS names that resolve (or re-bind) to internal addresses, not only literal IPs
in the URL. ``allow_private`` (the ``--allow-private`` flag) turns the check off, e.g. for a local
mirror; ``allow_networks`` (setting ``ingest.allow_networks``) admits only the listed networks,
e.g. an internal CMS at ``10.20.0.0/16``, while every other private address stays blocked.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from typing import Any

import httpcore

from newsdesk.errors import BlockedAddressError

Resolver = Callable[..., list[tuple[Any, ...]]]
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def address_problem(address: str) -> str | None:
    """Why ``address`` must not be contacted (``"a loopback address"``…), or ``None`` if it may.

    An IPv6 address that carries an IPv4 address (see :func:`embedded_ipv4`) is judged by that
    IPv4 address too: ``[2002:7f00:1::]`` reaches 127.0.0.1 through a 6to4 relay.
    """
    ip: IPAddress = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip in NAT64_LOCAL:
            return "a NAT64 local-use address (not public)"
        for kind, embedded in embedded_ipv4(ip):
            problem = _problem(embedded)
            if problem:
                return f"{problem} ({embedded}) inside {kind} address"
        if ip.ipv4_mapped is not None or ip in NAT64_WELL_KNOWN:  # an IPv4 address, judged as one
            return None
    return _problem(ip)


def _problem(ip: IPAddress) -> str | None:
    checks = (
        (ip.is_loopback, "a loopback address"),
        (ip.is_link_local, "a link-local address"),
        (ip.is_multicast, "a multicast address"),
        (ip.is_unspecified, "an unspecified address"),
        (ip.is_reserved, "a reserved address"),
        (ip.is_private, "a private address"),
        (not ip.is_global, "not a public address"),
    )
    return next((reason for flagged, reason in checks if flagged), None)


NAT64_WELL_KNOWN = ipaddress.IPv6Network("64:ff9b::/96")  # RFC 6052
NAT64_LOCAL = ipaddress.IPv6Network("64:ff9b:1::/48")  # RFC 8215: local use, never global
IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")  # RFC 4291 (deprecated)
IPV4_TRANSLATED = ipaddress.IPv6Network("::ffff:0:0:0/96")  # RFC 2765 (SIIT)
ISATAP_IDS = (0x00005EFE, 0x02005EFE)  # RFC 5214 interface identifier: ::0:5efe:a.b.c.d


def embedded_ipv4(ip: ipaddress.IPv6Address) -> list[tuple[str, ipaddress.IPv4Address]]:
    """The IPv4 addresses an IPv6 address carries, with the form ("a 6to4"): IPv4-mapped,
    IPv4-compatible, IPv4-translated, 6to4, Teredo (server and client), NAT64 and ISATAP."""
    value = int(ip)
    low = ipaddress.IPv4Address(value & 0xFFFFFFFF)
    found: list[tuple[str, ipaddress.IPv4Address]] = []
    if ip.ipv4_mapped is not None:
        found.append(("an IPv4-mapped", ip.ipv4_mapped))
    if ip in IPV4_COMPATIBLE and value > 1:
        found.append(("an IPv4-compatible", low))
    if ip in IPV4_TRANSLATED:
        found.append(("an IPv4-translated", low))
    if ip.sixtofour is not None:
        found.append(("a 6to4", ip.sixtofour))
    if ip.teredo is not None:
        found += [("a Teredo", ip.teredo[0]), ("a Teredo", ip.teredo[1])]
    if ip in NAT64_WELL_KNOWN:
        found.append(("a NAT64", low))
    if (value >> 32) & 0xFFFFFFFF in ISATAP_IDS:
        found.append(("an ISATAP", low))
    return found


Networks = tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]


def parse_networks(values: Iterable[str]) -> Networks:
    """``ingest.allow_networks`` entries ("192.168.5.0/24", "127.0.0.1") as network objects."""
    return tuple(ipaddress.ip_network(value.strip(), strict=False) for value in values if value.strip())


def vet_host(
    host: str, port: int, *, resolver: Resolver = socket.getaddrinfo, allowed: Networks = ()
) -> list[str]:
    """Resolve ``host`` and return its addresses, or raise if any of them is not public.

    Addresses inside ``allowed`` networks pass even when they are private.
    """
    try:
        infos = resolver(host, port, 0, socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise httpcore.ConnectError(f"cannot resolve host {host!r}: {exc}") from exc
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    for address in addresses:
        problem = address_problem(address)
        if problem and not any(ipaddress.ip_address(address.split("%", 1)[0]) in net for net in allowed):
            shown = host if host == address else f"{host} ({address})"
            raise BlockedAddressError(
                f"refused to connect to {shown}: {problem}",
                hint="pass --allow-private to fetch from private or loopback addresses",
            )
    if not addresses:
        raise httpcore.ConnectError(f"host {host!r} has no addresses")
    return addresses


class GuardedBackend(httpcore.NetworkBackend):
    """An httpcore network backend that connects only to vetted public addresses."""

    def __init__(
        self,
        inner: httpcore.NetworkBackend | None = None,
        *,
        allow_private: bool = False,
        allow_networks: Networks = (),
        resolver: Resolver = socket.getaddrinfo,
    ) -> None:
        self._inner = inner or httpcore.SyncBackend()
        self._allow_private = allow_private
        self._allow_networks = allow_networks
        self._resolver = resolver

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        if self._allow_private:
            addresses = list(dict.fromkeys(str(i[4][0]) for i in self._resolve(host, port)))
        else:
            addresses = vet_host(host, port, resolver=self._resolver, allowed=self._allow_networks)
        error: Exception | None = None
        for address in addresses:
            try:
                return self._inner.connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        assert error is not None
        raise error

    def _resolve(self, host: str, port: int) -> list[tuple[Any, ...]]:
        try:
            return self._resolver(host, port, 0, socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise httpcore.ConnectError(f"cannot resolve host {host!r}: {exc}") from exc

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        raise BlockedAddressError("refused to connect to a Unix socket")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)
