"""Tests for the domain → outlet registry (newsdesk.ingest.outlets + data/outlets.toml)."""

import os
import re
import subprocess
import sys
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from newsdesk.ingest import outlets as outlets_module
from newsdesk.ingest.outlets import (
    ARTICLES,
    KINDS,
    all_outlets,
    lookup_outlet,
    outlet_by_name,
    parse_outlets,
    registrable_domain,
)


def _raw_entries() -> list[dict[str, Any]]:
    text = resources.files("newsdesk.data").joinpath("outlets.toml").read_text("utf-8")
    entries: list[dict[str, Any]] = tomllib.loads(text)["outlet"]
    return entries


# ── lookup by URL ──────────────────────────────────────────────────────────


def test_bare_host_with_path_resolves_krone() -> None:
    outlet = lookup_outlet("krone.at/3702206")
    assert outlet.name == "Kronen Zeitung"
    assert outlet.short == "Krone"
    assert outlet.article == "die"
    assert outlet.known is True


def test_full_url_resolves_moscow_times_without_article() -> None:
    outlet = lookup_outlet("https://www.themoscowtimes.com/2025/02/21/x")
    assert outlet.name == "The Moscow Times"
    assert outlet.article == ""
    assert outlet.quote is True
    assert outlet.known is True


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://wien.orf.at/stories/1", "ORF"),
        ("https://news.orf.at/stories/3390000/", "ORF"),
        ("http://m.spiegel.de/politik/a-1", "Der Spiegel"),
        ("https://news.sky.com/story/x-123", "Sky News"),
        ("https://user:pw@WWW.SUEDDEUTSCHE.DE:443/x?y=1#z", "Süddeutsche Zeitung"),
    ],
)
def test_subdomains_and_noisy_urls_match_registry(url: str, expected: str) -> None:
    outlet = lookup_outlet(url)
    assert outlet.name == expected
    assert outlet.known is True


@pytest.mark.parametrize(
    "url", ["https://notkrone.at/x", "https://www.sky.com/shop", "https://orf.at.evil.example/x"]
)
def test_lookalike_hosts_do_not_match(url: str) -> None:
    assert lookup_outlet(url).known is False


def test_unknown_domain_uses_site_name() -> None:
    outlet = lookup_outlet("https://www.example-news.ru/a/1", site_name="  Example\n News  ")
    assert outlet.name == "Example News"
    assert outlet.domains == ("example-news.ru",)
    assert outlet.known is False


def test_unknown_domain_without_site_name_uses_domain() -> None:
    outlet = lookup_outlet("https://WWW.Example-News.RU:8443/a/1", site_name="   ")
    assert outlet.name == "example-news.ru"
    assert outlet.known is False
    assert outlet.quote is False


@pytest.mark.parametrize("url", [None, "", "not a url", "http://[::1"])
def test_no_usable_url_and_no_site_name_is_unknown(url: str | None) -> None:
    outlet = lookup_outlet(url)
    assert outlet.name == "Unbekannte Quelle"
    assert outlet.domains == ()
    assert outlet.known is False


def test_no_url_but_site_name() -> None:
    outlet = lookup_outlet(None, site_name="Lokalblatt")
    assert (outlet.name, outlet.domains, outlet.known) == ("Lokalblatt", (), False)


# ── registrable_domain ─────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://WWW.Krone.at:443/x", "krone.at"),
        ("krone.at", "krone.at"),
        ("www.krone.at/3702206", "krone.at"),
        ("//wien.orf.at/stories", "wien.orf.at"),
        ("https://krone.at./x", "krone.at"),
        ("xn--sddeutsche-9db.de", "süddeutsche.de"),
        ("https://www.Süddeutsche.de/", "süddeutsche.de"),
        ("", ""),
        ("http://[::1", ""),
        ("two words", ""),
    ],
)
def test_registrable_domain(value: str, expected: str) -> None:
    assert registrable_domain(value) == expected


# ── outlet_by_name ─────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Krone", "Kronen Zeitung"),
        ("spiegel", "Der Spiegel"),
        ("  DER   STANDARD ", "Der Standard"),
        ("dpa", "Deutsche Presse-Agentur"),
        ("new york times", "The New York Times"),
        ("krone.at", "Kronen Zeitung"),
    ],
)
def test_outlet_by_name(query: str, expected: str) -> None:
    outlet = outlet_by_name(query)
    assert outlet is not None
    assert outlet.name == expected


@pytest.mark.parametrize("query", ["", "   ", "Nonexistent Gazette", "example-news.ru"])
def test_outlet_by_name_unknown(query: str) -> None:
    assert outlet_by_name(query) is None


# ── grammar data ───────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("domain", "article", "quote", "text_name"),
    [
        ("spiegel.de", "der", True, "Spiegel"),
        ("zeit.de", "die", True, "Zeit"),
        ("faz.net", "die", True, "Frankfurter Allgemeine Zeitung"),
        ("derstandard.at", "der", True, "Standard"),
        ("diepresse.com", "die", True, "Presse"),
        ("kurier.at", "der", True, "Kurier"),
        ("krone.at", "die", True, "Kronen Zeitung"),
        ("nytimes.com", "die", True, "New York Times"),
        ("theguardian.com", "der", True, "Guardian"),
        ("wsj.com", "das", True, "Wall Street Journal"),
        ("themoscowtimes.com", "", True, "The Moscow Times"),
        ("lemonde.fr", "", True, "Le Monde"),
        ("bbc.co.uk", "die", False, "BBC"),
        ("orf.at", "der", False, "ORF"),
        ("zdf.de", "das", False, "ZDF"),
        ("reuters.com", "", False, "Reuters"),
        ("dpa.com", "", False, "Deutsche Presse-Agentur"),
    ],
)
def test_grammar_of_well_known_outlets(domain: str, article: str, quote: bool, text_name: str) -> None:
    outlet = lookup_outlet(f"https://www.{domain}/x")
    assert (outlet.article, outlet.quote, outlet.text_name) == (article, quote, text_name)


# fmt: off
REQUIRED_DOMAINS = [
    "spiegel.de", "zeit.de", "faz.net", "sueddeutsche.de", "welt.de", "bild.de", "taz.de",
    "handelsblatt.com", "tagesspiegel.de", "stern.de", "focus.de", "n-tv.de", "tagesschau.de", "zdf.de",
    "dw.com", "rnd.de", "t-online.de", "krone.at", "derstandard.at", "diepresse.com", "kurier.at",
    "orf.at", "kleinezeitung.at", "sn.at", "nzz.ch", "tagesanzeiger.ch", "srf.ch", "blick.ch", "20min.ch",
    "dpa.com", "apa.at", "reuters.com", "afp.com", "apnews.com", "kna.de", "epd.de", "keystone-sda.ch",
    "bloomberg.com", "ansa.it", "efe.com", "bbc.co.uk", "bbc.com", "theguardian.com", "thetimes.co.uk",
    "telegraph.co.uk", "independent.co.uk", "ft.com", "economist.com", "news.sky.com", "nytimes.com",
    "washingtonpost.com", "wsj.com", "cnn.com", "npr.org", "politico.com", "axios.com", "aljazeera.com",
    "themoscowtimes.com", "kyivindependent.com", "meduza.io", "novayagazeta.eu", "abc.net.au", "cbc.ca",
    "irishtimes.com", "lemonde.fr", "lefigaro.fr", "liberation.fr", "elpais.com", "elmundo.es",
    "corriere.it", "repubblica.it", "nrc.nl", "volkskrant.nl",
]
# fmt: on


@pytest.mark.parametrize("domain", REQUIRED_DOMAINS)
def test_required_outlets_are_registered(domain: str) -> None:
    assert lookup_outlet(f"https://{domain}/").known is True


# ── data file validation ───────────────────────────────────────────────────


def test_data_file_entries_are_well_formed() -> None:
    entries = _raw_entries()
    assert len(entries) >= 150
    seen: dict[str, str] = {}
    for entry in entries:
        name = entry.get("name", "")
        assert isinstance(name, str) and name.strip() == name and name, entry
        domains = entry.get("domains", [])
        assert domains, f"{name}: no domains"
        for domain in domains:
            assert domain == domain.lower(), domain
            assert "://" not in domain and "/" not in domain and ":" not in domain, domain
            assert not domain.startswith("www."), domain
            assert "." in domain, domain
            assert domain not in seen, f"{domain} in {seen.get(domain)} and {name}"
            seen[domain] = name
        assert entry.get("article") in ARTICLES, name
        assert entry.get("kind") in KINDS, name
        assert re.fullmatch(r"[A-Z]{2}", entry.get("country", "")), name
        assert re.fullmatch(r"[a-z]{2}", entry.get("language", "")), name
        assert isinstance(entry.get("quote"), bool), name
        if entry["kind"] in {"agency", "wire"}:
            assert entry["article"] == "" and entry["quote"] is False, name


def test_packaged_registry_loads_every_entry() -> None:
    loaded = all_outlets()
    assert [o.name for o in loaded] == [e["name"] for e in _raw_entries()]
    assert all(o.known for o in loaded)


def test_importing_module_does_not_load_data() -> None:
    # Fresh interpreter, so other tests' imports and caches cannot interfere.
    code = (
        "import newsdesk.ingest.outlets as m; before = m._registry.cache_info().currsize; "
        "m.all_outlets(); print(before, m._registry.cache_info().currsize)"
    )
    src_root = str(Path(outlets_module.__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([src_root, os.environ.get("PYTHONPATH", "")])}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert result.stdout.split() == ["0", "1"]


# ── validation errors ──────────────────────────────────────────────────────

GOOD = '[[outlet]]\nname = "Alpha"\ndomains = ["alpha.de"]\narticle = "die"\nkind = "newspaper"\n'


def test_parse_outlets_accepts_minimal_entry() -> None:
    (outlet,) = parse_outlets(GOOD)
    assert (outlet.name, outlet.domains, outlet.quote, outlet.known) == ("Alpha", ("alpha.de",), True, True)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('[[outlet]]\nname = "Beta"\ndomains = ["alpha.de"]\n', r"'Beta'.*alpha\.de.*'Alpha'"),
        ('[[outlet]]\nname = "Beta"\ndomains = ["beta.de"]\narticle = "den"\n', r"'Beta'.*article"),
        ('[[outlet]]\nname = "Beta"\ndomains = ["beta.de"]\nkind = "blog"\n', r"'Beta'.*kind"),
        ('[[outlet]]\nname = "Beta"\ndomains = ["www.beta.de"]\n', r"'Beta'.*www\.beta\.de"),
        ('[[outlet]]\nname = "Beta"\ndomains = ["https://beta.de"]\n', r"'Beta'.*domain"),
        ('[[outlet]]\nname = "Beta"\ndomains = ["Beta.de"]\n', r"'Beta'.*domain"),
        ('[[outlet]]\nname = "Beta"\ndomains = []\n', r"'Beta'.*domains"),
        ('[[outlet]]\nname = ""\ndomains = ["beta.de"]\n', r"name"),
        ('[[outlet]]\nname = "Der Beta"\ndomains = ["beta.de"]\narticle = "der"\n', r"'Der Beta'.*short"),
        ('[[outlet]]\nname = "alpha"\ndomains = ["beta.de"]\n', r"'alpha'.*'Alpha'"),
        ('[[outlet]]\nname = "Beta"\ndomains = ["beta.de"]\nquote = "yes"\n', r"'Beta'.*quote"),
    ],
)
def test_parse_outlets_rejects_bad_entries(extra: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_outlets(GOOD + extra)
