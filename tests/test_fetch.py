"""The fetcher against a real HTTP server on 127.0.0.1 (tests/conftest.py)."""

from __future__ import annotations

import gzip
import itertools
import socket
from dataclasses import replace

import pytest

from conftest import SITE, SiteServer
from newsdesk.config import IngestSettings
from newsdesk.errors import (
    BlockedAddressError,
    ContentTypeError,
    FetchTimeoutError,
    HTTPStatusError,
    InvalidURLError,
    ResponseTooLargeError,
    RobotsDisallowedError,
    TooManyRedirectsError,
)
from newsdesk.ingest.fetch import Fetcher
from newsdesk.ingest.guard import address_problem

LOCAL = IngestSettings(allow_private=True, per_host_delay=0.0, retries=1, backoff=0.0)


def fetch(url: str, settings: IngestSettings = LOCAL, **kwargs: object):  # type: ignore[no-untyped-def]
    with Fetcher(settings, **kwargs) as fetcher:  # type: ignore[arg-type]
        return fetcher.get(url)


def test_fetches_a_page_with_an_honest_user_agent(site: SiteServer) -> None:
    result = fetch(site.url("/de/krone-gipfel.html"))
    assert result.status == 200
    assert result.kind == "html"
    assert result.content == (SITE / "de" / "krone-gipfel.html").read_bytes()
    page_request = next(r for r in site.requests if r.path == "/de/krone-gipfel.html")
    agent = page_request.headers["User-Agent"]
    assert agent.startswith("newsdesk/") and "+http" in agent


def test_follows_redirects_and_reports_the_final_url(site: SiteServer) -> None:
    assert fetch(site.url("/redirect/once")).url == site.url("/de/krone-gipfel.html")
    assert fetch(site.url("/redirect/relative")).url == site.url("/de/spiegel-bahn.html")


def test_redirect_loop_is_an_error(site: SiteServer) -> None:
    with pytest.raises(TooManyRedirectsError, match="loop"):
        fetch(site.url("/redirect/loop-a"))


def test_redirect_limit(site: SiteServer) -> None:
    with pytest.raises(TooManyRedirectsError, match="more than 3 redirects"):
        fetch(site.url("/redirect/chain/6"), replace(LOCAL, max_redirects=3))
    assert fetch(site.url("/redirect/chain/2"), replace(LOCAL, max_redirects=3)).status == 200


def test_404_is_not_retried(site: SiteServer) -> None:
    with pytest.raises(HTTPStatusError) as info:
        fetch(site.url("/no/such/page.html"))
    assert info.value.status == 404
    assert site.paths().count("/no/such/page.html") == 1


def test_500_is_retried_then_reported(site: SiteServer) -> None:
    with pytest.raises(HTTPStatusError) as info:
        fetch(site.url("/error/500"), replace(LOCAL, retries=2))
    assert info.value.status == 500
    assert site.paths().count("/error/500") == 3


def test_a_flaky_503_succeeds_on_retry(site: SiteServer) -> None:
    result = fetch(site.url("/flaky"))
    assert result.status == 200
    assert site.paths().count("/flaky") == 2


def test_slow_response_times_out(site: SiteServer) -> None:
    with pytest.raises(FetchTimeoutError):
        fetch(site.url("/slow"), replace(LOCAL, read_timeout=0.5, retries=0))


def test_oversized_body_is_refused_by_content_length(site: SiteServer) -> None:
    with pytest.raises(ResponseTooLargeError, match="over the 1,000,000-byte cap"):
        fetch(site.url("/huge"), replace(LOCAL, max_bytes=1_000_000))


def test_oversized_streamed_body_is_cut_off(site: SiteServer) -> None:
    with pytest.raises(ResponseTooLargeError, match="exceeds the 1,000,000-byte cap"):
        fetch(site.url("/huge-chunked"), replace(LOCAL, max_bytes=1_000_000))


def test_non_html_content_type_is_refused(site: SiteServer) -> None:
    with pytest.raises(ContentTypeError, match="image/png"):
        fetch(site.url("/image.png"))


def test_compressed_responses_are_decoded(site: SiteServer) -> None:
    result = fetch(site.url("/gzip/en/bbc-storm.html"))
    original = (SITE / "en" / "bbc-storm.html").read_bytes()
    assert result.content == original
    assert gzip.compress(original) != result.content


def test_robots_txt_disallow_is_obeyed_and_fetched_once(site: SiteServer) -> None:
    with Fetcher(LOCAL) as fetcher:
        fetcher.get(site.url("/de/krone-gipfel.html"))
        fetcher.get(site.url("/en/bbc-storm.html"))
        with pytest.raises(RobotsDisallowedError):
            fetcher.get(site.url("/private/secret.html"))
    assert site.paths().count("/robots.txt") == 1
    assert "/private/secret.html" not in site.paths()


def test_robots_can_be_ignored_for_own_sites(site: SiteServer) -> None:
    assert fetch(site.url("/private/secret.html"), replace(LOCAL, respect_robots=False)).status == 200
    assert "/robots.txt" not in site.paths()


def test_per_host_delay_spaces_requests(site: SiteServer) -> None:
    with Fetcher(replace(LOCAL, per_host_delay=0.3)) as fetcher:
        for page in ("/de/krone-gipfel.html", "/de/spiegel-bahn.html", "/en/bbc-storm.html"):
            fetcher.get(site.url(page))
    times = [r.at for r in site.requests]
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert len(gaps) == 3  # robots.txt + three pages
    assert min(gaps) >= 0.25


def test_conditional_get_for_feeds(site: SiteServer) -> None:
    with Fetcher(LOCAL) as fetcher:
        first = fetcher.get(site.url("/feeds/rss2.xml"))
        assert first.validators is not None and first.validators.etag
        second = fetcher.get(site.url("/feeds/rss2.xml"), validators=first.validators)
    assert second.not_modified and second.status == 304
    feed_requests = [r for r in site.requests if r.path == "/feeds/rss2.xml"]
    assert feed_requests[1].headers.get("If-None-Match") == first.validators.etag
    assert feed_requests[1].headers.get("If-Modified-Since") == first.validators.last_modified


def test_only_http_urls(site: SiteServer) -> None:
    with pytest.raises(InvalidURLError, match="only http"):
        fetch("ftp://127.0.0.1/file.txt")


# -- SSRF --------------------------------------------------------------------------------------

GUARDED = replace(LOCAL, allow_private=False)


@pytest.mark.parametrize(
    ("host", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("localhost", "loopback"),
        ("[::1]", "loopback"),
        ("10.0.0.1", "private"),
        ("192.168.1.20", "private"),
        ("169.254.169.254", "link-local"),
        ("0.0.0.0", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("[::ffff:127.0.0.1]", "loopback"),
    ],
)
def test_private_addresses_are_refused(site: SiteServer, host: str, reason: str) -> None:
    with pytest.raises(BlockedAddressError, match=reason) as info:
        fetch(f"http://{host}:{site.port}/de/krone-gipfel.html", GUARDED)
    assert "--allow-private" in (info.value.hint or "")
    assert site.requests == []


def test_dns_name_resolving_to_loopback_is_refused(site: SiteServer) -> None:
    def resolver(host: str, port: int, *args: object) -> list[tuple[object, ...]]:
        assert host == "news.example"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    with pytest.raises(BlockedAddressError, match=r"news\.example \(127\.0\.0\.1\)"):
        fetch(f"http://news.example:{site.port}/de/krone-gipfel.html", GUARDED, resolver=resolver)
    assert site.requests == []


def test_allow_private_lets_the_same_name_through(site: SiteServer) -> None:
    def resolver(host: str, port: int, *args: object) -> list[tuple[object, ...]]:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    result = fetch(f"http://news.example:{site.port}/de/krone-gipfel.html", LOCAL, resolver=resolver)
    assert result.status == 200
    assert site.requests[-1].headers["Host"] == f"news.example:{site.port}"


@pytest.mark.parametrize("path", ["/redirect/private", "/redirect/metadata"])
def test_redirect_to_an_internal_address_is_refused(site: SiteServer, path: str) -> None:
    # Only the test server's own address is allowed: the redirect target is refused before
    # any connection is attempted.
    settings = replace(GUARDED, allow_networks=("127.0.0.1/32",))
    with pytest.raises(BlockedAddressError):
        fetch(site.url(path), settings)
    assert site.paths()[-1] == path


def test_allow_networks_admits_only_the_listed_network(site: SiteServer) -> None:
    settings = replace(GUARDED, allow_networks=("127.0.0.0/8",))
    assert fetch(site.url("/de/krone-gipfel.html"), settings).status == 200
    with pytest.raises(BlockedAddressError):
        fetch(f"http://[::1]:{site.port}/de/krone-gipfel.html", settings)


def test_address_problem_classifies_addresses() -> None:
    assert address_problem("8.8.8.8") is None
    assert address_problem("2001:4860:4860::8888") is None
    assert address_problem("100.64.0.1") == "not a public address"
    assert address_problem("fe80::1") == "a link-local address"
    assert address_problem("fc00::1") == "a private address"
