# ruff: noqa: F811  (pytest fixtures imported from hostile_site are test parameters)
"""The SSRF guard refuses every address form that embeds a private, loopback or link-local IPv4
address, before connecting (issue: finding 6).

A counting server on 127.0.0.1 stands for the internal host. The network backend under the guard
routes every connection to it, as a 6to4 relay, a NAT64 gateway or a Teredo tunnel would route
the embedded address: whatever the guard lets through arrives there and is counted. The public
forms are the control: they do arrive, so a count of 0 means "refused", not "unreachable".
"""

from __future__ import annotations

import socket
from typing import Any

import httpcore
import pytest
from hostile_site import HostileSite, article_page, hostile_site, load_reports  # noqa: F401 (fixtures)
from typer.testing import CliRunner

from newsdesk.cli import app
from newsdesk.config import IngestSettings
from newsdesk.errors import BlockedAddressError
from newsdesk.ingest.fetch import Fetcher
from newsdesk.ingest.guard import address_problem

GUARDED = IngestSettings(
    allow_private=False, respect_robots=False, per_host_delay=0.0, retries=0, read_timeout=5
)

EMBEDDED = {  # IPv6 forms that carry a private, loopback or link-local IPv4 address
    "6to4 of 127.0.0.1": "2002:7f00:1::",
    "6to4 of 10.0.0.1": "2002:a00:1::1",
    "6to4 of 169.254.169.254 (cloud metadata)": "2002:a9fe:a9fe::",
    "6to4 of 192.168.1.1": "2002:c0a8:101::",
    "NAT64 of 127.0.0.1": "64:ff9b::7f00:1",
    "NAT64 of 10.1.2.3": "64:ff9b::a01:203",
    "NAT64 of 169.254.169.254": "64:ff9b::a9fe:a9fe",
    "NAT64 local-use prefix": "64:ff9b:1::a00:1",
    "Teredo, client 192.168.0.1": "2001:0:4136:e378:8000:63bf:3f57:fffe",
    "Teredo, server 10.0.0.1": "2001:0:a00:1:8000:63bf:3fff:fdd2",
    "IPv4-mapped 127.0.0.1": "::ffff:127.0.0.1",
    "IPv4-mapped 169.254.169.254": "::ffff:a9fe:a9fe",
    "IPv4-compatible 127.0.0.1": "::7f00:1",
    "IPv4-translated 10.0.0.1": "::ffff:0:a00:1",
    "ISATAP of 10.0.0.1": "2a00:1450:4001::5efe:a00:1",
    "ISATAP (universal) of 172.16.0.1": "2a00:1450:4001::200:5efe:ac10:1",
}
PUBLIC = {  # the controls: the same forms around public IPv4 addresses, and a public IPv4 address
    "6to4 of 8.8.8.8": "2002:808:808::1",
    "NAT64 of 8.8.8.8": "64:ff9b::808:808",
    "IPv4-mapped 8.8.8.8": "::ffff:8.8.8.8",
    "ISATAP of 8.8.8.8": "2a00:1450:4001::5efe:808:808",
    "public IPv4": "8.8.4.4",
}


class RoutedToSite(httpcore.NetworkBackend):
    """Connects every address to the counting server (the route an embedded address would take)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.inner = httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, *args: Any, **kwargs: Any) -> httpcore.NetworkStream:
        return self.inner.connect_tcp("127.0.0.1", self.port, *args, **kwargs)

    def connect_unix_socket(self, *args: Any, **kwargs: Any) -> httpcore.NetworkStream:
        raise AssertionError("never")

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


def resolver_to(address: str) -> Any:
    """A resolver that answers every name with ``address`` (a DNS record the attacker controls)."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET

    def resolve(host: str, port: int, *args: Any) -> list[tuple[Any, ...]]:
        sockaddr = (address, port, 0, 0) if family == socket.AF_INET6 else (address, port)
        return [(family, socket.SOCK_STREAM, 6, "", sockaddr)]

    return resolve


def fetch(site: HostileSite, url: str, address: str) -> Any:
    with Fetcher(GUARDED, resolver=resolver_to(address), network=RoutedToSite(site.port)) as fetcher:
        return fetcher.get(url)


@pytest.mark.parametrize("address", EMBEDDED.values(), ids=EMBEDDED.keys())
def test_embedded_private_ipv4_forms_are_refused_before_connecting(
    hostile_site: HostileSite, address: str
) -> None:
    hostile_site.page("/x", article_page(load_reports()[0]))
    assert address_problem(address)
    for url in (
        f"http://[{address}]:{hostile_site.port}/x",
        f"http://nachrichten.example:{hostile_site.port}/x",
    ):
        with pytest.raises(BlockedAddressError, match="refused to connect"):
            fetch(hostile_site, url, address)
    assert hostile_site.connections == 0 and sum(hostile_site.requests.values()) == 0


@pytest.mark.parametrize("address", PUBLIC.values(), ids=PUBLIC.keys())
def test_the_same_forms_around_public_addresses_connect(hostile_site: HostileSite, address: str) -> None:
    hostile_site.page("/x", article_page(load_reports()[0]))
    assert address_problem(address) is None
    result = fetch(hostile_site, f"http://nachrichten.example:{hostile_site.port}/x", address)
    assert result.status == 200 and hostile_site.connections == 1


def test_the_command_line_refuses_them_with_one_line_each(hostile_site: HostileSite, tmp_path: Any) -> None:
    urls = [f"http://[{a}]:{hostile_site.port}/" for a in EMBEDDED.values()]
    result = CliRunner().invoke(app, ["ingest", *urls, "--db", str(tmp_path / "n.db"), "--no-robots"])
    assert isinstance(result.exception, SystemExit) and result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("failed: ")]
    assert len(lines) == len(urls)
    for url, line in zip(urls, lines, strict=True):
        assert line.startswith(f"failed: {url}: refused to connect to "), line
    assert hostile_site.connections == 0
