"""Page metadata: what pages declare (JSON-LD, OpenGraph, <meta>), trafilatura for what they do not.

The pages are synthetic but built the way publishers' CMSs write them (Yoast-style ``@graph``
with ``@id`` references, OpenGraph-only blogs, pages without any structured data).
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import trafilatura

from newsdesk.ingest.extract import (
    BYLINE_ATTRIBUTES,
    BYLINE_TAGS,
    BYLINE_WORDS,
    ExtractedPage,
    complete_metadata,
    extract_html,
)
from newsdesk.ingest.metadata import PageMetadata, clean_title, read_metadata
from newsdesk.ingest.normalize import clean_text

BODY = """
<header class="site-header"><a href="/">Startseite</a> <a href="/politik">Politik</a></header>
<main>
  <article>
    <h1>{headline}</h1>
    {byline}
    <p>Die Landesregierung hat am Mittwoch ein Programm zur Sanierung von 140 Schulgebäuden beschlossen.
    Insgesamt sollen bis 2030 rund 1,2 Milliarden Euro in Dächer, Heizungen und Fenster fließen, teilte
    die Staatskanzlei nach der Kabinettssitzung mit.</p>
    <p>Bildungsministerin Petra Albers sprach von einem „überfälligen Schritt". Viele Gebäude stammten aus
    den 1970er-Jahren und verbrauchten doppelt so viel Energie wie ein Neubau. Die Kommunen sollen die
    Hälfte der Kosten erstattet bekommen, finanzschwache Gemeinden bis zu 80 Prozent.</p>
    <p>Der Städtetag begrüßte den Beschluss, forderte aber ein schnelleres Verfahren. Bisher dauere es
    oft zwei Jahre, bis ein Förderantrag bewilligt sei. Die Opposition kritisierte, das Geld reiche nur
    für einen Bruchteil des Sanierungsbedarfs, den Fachleute auf über drei Milliarden Euro schätzen.</p>
    <p>Die ersten Bauarbeiten sollen nach den Sommerferien beginnen. Eine Liste der geförderten Schulen
    will das Ministerium im Mai veröffentlichen.</p>
  </article>
</main>
<footer><p>© Rheinischer Kurier 2025 · Impressum · Datenschutz</p></footer>
"""
HEADLINE = "Land saniert 140 Schulen für 1,2 Milliarden Euro"


def page(head: str = "", *, headline: str = HEADLINE, byline: str = "", lang: str = "de") -> str:
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">{head}</head>'
        f"<body>{BODY.format(headline=headline, byline=byline)}</body></html>"
    )


def json_ld(data: Any) -> str:
    return f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'


def metadata(html: str, url: str | None = None) -> PageMetadata:
    tree = trafilatura.load_html(html)
    return complete_metadata(read_metadata(tree, url), tree, url)


URL = "https://www.rheinischer-kurier.de/politik/schulen-sanierung-100.html"

YOAST_GRAPH = {
    "@context": "https://schema.org",
    "@graph": [
        {
            "@type": "WebSite",
            "@id": "https://www.rheinischer-kurier.de/#website",
            "name": "Rheinischer Kurier",
        },
        {
            "@type": "NewsArticle",
            "@id": URL + "#article",
            "headline": HEADLINE,
            "datePublished": "2025-03-12T17:45:00+01:00",
            "dateModified": "2025-03-13T08:10:00+01:00",
            "author": {"@id": "https://www.rheinischer-kurier.de/#/schema/person/jk"},
            "publisher": {"@id": "https://www.rheinischer-kurier.de/#organization"},
        },
        {
            "@type": "Person",
            "@id": "https://www.rheinischer-kurier.de/#/schema/person/jk",
            "name": "Jana Krüger",
        },
        {
            "@type": "NewsMediaOrganization",
            "@id": "https://www.rheinischer-kurier.de/#organization",
            "name": "Rheinischer Kurier",
        },
    ],
}


def test_json_ld_graph_with_references() -> None:
    found = read_metadata(trafilatura.load_html(page(json_ld(YOAST_GRAPH))), URL)
    assert found.title == HEADLINE
    assert found.author == "Jana Krüger"
    assert found.published == "2025-03-12T17:45:00+01:00"  # the time and its offset are kept
    assert found.site_name == "Rheinischer Kurier"
    assert found.language == "de"
    # declared completely: nothing left for trafilatura to decide except the headline check
    assert metadata(page(json_ld(YOAST_GRAPH)), URL) == found


def test_a_list_of_authors_and_a_list_of_blocks() -> None:
    article = {
        "@context": "https://schema.org",
        "@type": "ReportageNewsArticle",
        "headline": HEADLINE,
        "datePublished": "2025-03-12",
        "author": [
            {"@type": "Person", "name": "Jana Krüger"},
            {"@type": "Person", "givenName": "Tobias", "familyName": "Brandt"},
            "Von Lea Sommer",
        ],
    }
    breadcrumbs = {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": []}
    found = metadata(page(json_ld([breadcrumbs, article])), URL)
    assert found.author == "Jana Krüger; Tobias Brandt; Lea Sommer"
    assert found.published == "2025-03-12"


def test_an_organization_author_is_kept_unless_it_is_the_publisher_itself() -> None:
    agency = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": HEADLINE,
        "datePublished": "2025-03-12T17:45:00+01:00",
        "author": {"@type": "Organization", "name": "dpa"},
        "publisher": {"@type": "Organization", "name": "Rheinischer Kurier"},
    }
    assert metadata(page(json_ld(agency)), URL).author == "dpa"
    itself = {**agency, "author": {"@type": "Organization", "name": "Rheinischer Kurier"}}
    # "by the site itself" is no byline; with no byline on the page either, there is no author
    assert metadata(page(json_ld(itself)), URL).author is None


OPEN_GRAPH = """
<title>Land saniert 140 Schulen für 1,2 Milliarden Euro | Rheinischer Kurier</title>
<meta property="og:type" content="article">
<meta property="og:title" content="Land saniert 140 Schulen für 1,2 Milliarden Euro | Rheinischer Kurier">
<meta property="og:site_name" content="Rheinischer Kurier">
<meta property="og:url" content="https://www.rheinischer-kurier.de/politik/schulen-100.html">
<meta property="article:published_time" content="2025-03-12T16:45:00Z">
<meta property="article:author" content="https://www.facebook.com/jana.krueger">
<meta property="article:author" content="Jana Krüger">
<meta name="twitter:site" content="@rhkurier">
"""


def test_open_graph_only() -> None:
    found = metadata(page(OPEN_GRAPH), URL)
    assert found.title == HEADLINE  # " | Rheinischer Kurier" removed
    assert found.site_name == "Rheinischer Kurier"
    assert found.author == "Jana Krüger"  # the profile URL is not a name
    assert found.published == "2025-03-12T16:45:00+00:00"
    assert found.canonical_url == "https://www.rheinischer-kurier.de/politik/schulen-100.html"


def test_canonical_link_wins_over_og_url_and_is_made_absolute() -> None:
    head = OPEN_GRAPH + '<link rel="canonical" href="/politik/schulen-sanierung-100.html">'
    found = read_metadata(trafilatura.load_html(page(head)), "https://www.rheinischer-kurier.de/amp/x")
    assert found.canonical_url == "https://www.rheinischer-kurier.de/politik/schulen-sanierung-100.html"
    assert read_metadata(trafilatura.load_html(page(head)), None).canonical_url == (
        "https://www.rheinischer-kurier.de/politik/schulen-sanierung-100.html"  # resolved against og:url
    )


def test_without_structured_data_trafilatura_decides() -> None:
    html = page(
        "<title>Land saniert 140 Schulen - rheinischer-kurier.de</title>",
        byline='<p class="author">Von Jana Krüger</p><p class="date">12.03.2025</p>',
    )
    declared = read_metadata(trafilatura.load_html(html), URL)
    assert (declared.author, declared.published, declared.site_name) == (None, None, None)
    found = metadata(html, URL)
    assert found.title == HEADLINE  # the page's only <h1>
    assert found.author == "Jana Krüger"  # trafilatura's byline search
    assert found.published == "2025-03-12"  # htmldate
    assert found.site_name == "rheinischer-kurier.de"  # trafilatura's <title> rule
    assert found.canonical_url is None


def test_declared_dates_that_disagree_are_settled_by_htmldate() -> None:
    # JSON-LD says the 2nd (UTC, late evening), OpenGraph the 3rd, the URL the 3rd:
    # htmldate trusts the URL, and the declared date on that day is kept with its time.
    article = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": HEADLINE,
        "datePublished": "2025-05-02T22:30:00Z",
    }
    head = json_ld(article) + '<meta property="article:published_time" content="2025-05-03T00:30:00+02:00">'
    url = "https://www.rheinischer-kurier.de/2025/05/03/schulen/"
    declared = read_metadata(trafilatura.load_html(page(head)), url)
    assert declared.published is None
    assert declared.declared_dates == ("2025-05-02T22:30:00+00:00", "2025-05-03T00:30:00+02:00")
    assert metadata(page(head), url).published == "2025-05-03T00:30:00+02:00"


def test_of_dates_on_the_same_day_the_one_with_time_and_offset_is_kept() -> None:
    article = {"@context": "https://schema.org", "@type": "NewsArticle", "datePublished": "2025-03-12"}
    head = json_ld(article) + '<meta property="article:published_time" content="2025-03-12T17:45:00+01:00">'
    assert read_metadata(trafilatura.load_html(page(head)), URL).published == "2025-03-12T17:45:00+01:00"


@pytest.mark.parametrize(
    ("declared", "iso"),
    [
        ("2025-03-12T17:45:00+01:00", "2025-03-12T17:45:00+01:00"),
        ("2025-03-12T16:45:00.000Z", "2025-03-12T16:45:00+00:00"),
        ("2025-03-12T17:45:00+0100", "2025-03-12T17:45:00+01:00"),
        ("Wed, 12 Mar 2025 17:45:00 +0100", "2025-03-12T17:45:00+01:00"),
        ("2025-03-12", "2025-03-12"),
    ],
)
def test_a_declared_time_keeps_its_offset(declared: str, iso: str) -> None:
    head = f'<meta name="date" content="{declared}">'
    assert read_metadata(trafilatura.load_html(page(head)), URL).published == iso


def test_implausible_dates_are_not_declarations() -> None:
    head = '<meta name="date" content="0000-00-00"><meta name="pubdate" content="2999-01-01">'
    assert read_metadata(trafilatura.load_html(page(head)), URL).declared_dates == ()


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Land saniert 140 Schulen | Rheinischer Kurier", "Land saniert 140 Schulen"),
        ("Land saniert 140 Schulen - rheinischer-kurier.de", "Land saniert 140 Schulen"),
        ("RHEINISCHER KURIER – Land saniert 140 Schulen", "Land saniert 140 Schulen"),
        (
            "Land saniert 140 Schulen » Rheinischer Kurier - Nachrichten aus der Region",
            "Land saniert 140 Schulen",
        ),
        ("Schulen: Land saniert 140 Gebäude - Politik", "Schulen: Land saniert 140 Gebäude - Politik"),
        ("Düsseldorf - Land saniert 140 Schulen", "Düsseldorf - Land saniert 140 Schulen"),
        ("Land saniert 140 Schulen &#8211; Rheinischer Kurier", "Land saniert 140 Schulen"),
    ],
)
def test_title_cleaning_removes_only_the_site(title: str, expected: str) -> None:
    assert clean_title(title, ["Rheinischer Kurier"], URL) == expected


def test_the_visible_headline_wins_over_a_longer_declared_title() -> None:
    head = '<meta property="og:title" content="Schulbau: Land saniert 140 Schulen für 1,2 Milliarden Euro">'
    assert metadata(page(head), URL).title == HEADLINE


def test_the_byline_gate_knows_every_word_trafilaturas_byline_search_looks_for() -> None:
    # complete_metadata skips trafilatura's byline search on pages where none of these occur;
    # if trafilatura learns a new word, this fails instead of silently losing bylines.
    from trafilatura.xpaths import AUTHOR_XPATHS

    for expression in AUTHOR_XPATHS:
        path = expression.path
        assert set(re.findall(r"@([\w-]+)", path)) <= set(BYLINE_ATTRIBUTES)
        assert (
            set(re.findall(r"//(\w+)", path)) | set(re.findall(r"[\s\[(]([a-z]+)\s*=", path)) <= BYLINE_TAGS
        )
        for literal in re.findall(r"'([^']*)'", path):
            for word in literal.split("|"):
                assert BYLINE_WORDS.search(word) or word == "me", word  # 'me': a <rel> element's text


def test_a_byline_found_by_class_name() -> None:
    byline = '<div class="article-meta"><span class="byline">Jana Krüger</span></div>'
    assert metadata(page(byline=byline), URL).author == "Jana Krüger"
    assert metadata(page(byline='<div class="article-meta">Jana Krüger</div>'), URL).author is None


def test_single_word_and_placeholder_meta_authors_are_not_names() -> None:
    head = '<meta name="author" content="admin"><meta name="author" content="redaktion2">'
    assert read_metadata(trafilatura.load_html(page(head)), URL).author is None


def test_language_from_html_lang_or_content_language() -> None:
    assert read_metadata(trafilatura.load_html(page(lang="de-AT")), URL).language == "de-AT"
    html = page('<meta http-equiv="Content-Language" content="fr">').replace(' lang="de"', "")
    assert read_metadata(trafilatura.load_html(html), URL).language == "fr"


def test_broken_json_ld_is_skipped() -> None:
    head = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>' + OPEN_GRAPH
    assert read_metadata(trafilatura.load_html(page(head)), URL).title == HEADLINE
    deep = '<script type="application/ld+json">' + "[" * 100_000 + "]" * 100_000 + "</script>"
    assert read_metadata(trafilatura.load_html(page(deep + OPEN_GRAPH)), URL).title == HEADLINE


@pytest.mark.parametrize(
    "head",
    [json_ld(YOAST_GRAPH), OPEN_GRAPH, "<title>Land saniert 140 Schulen</title>"],
    ids=["json-ld", "open-graph", "none"],
)
def test_extracted_text_is_trafilaturas(head: str) -> None:
    html = page(head, byline='<p class="author">Von Jana Krüger</p>')
    extracted = extract_html(html, url=URL)
    for with_metadata in (False, True):  # True: the call newsdesk made before the metadata path
        result: Any = trafilatura.bare_extraction(
            trafilatura.load_html(html), url=URL, with_metadata=with_metadata, include_comments=False
        )
        assert extracted.text == clean_text(result.text)
    assert "1,2 Milliarden Euro" in extracted.text and "Impressum" not in extracted.text


def test_extract_html_fills_every_field() -> None:
    extracted = extract_html(page(json_ld(YOAST_GRAPH)), url=URL)
    assert extracted == ExtractedPage(
        text=extracted.text,
        title=HEADLINE,
        author="Jana Krüger",
        published="2025-03-12T17:45:00+01:00",
        site_name="Rheinischer Kurier",
        canonical_url=URL,
        language="de",
    )
