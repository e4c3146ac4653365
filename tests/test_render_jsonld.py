"""JSON-LD: a schema.org NewsArticle with its sources, the publisher, and how the text was made."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from article_samples import sample_article
from newsdesk.config import PublishSettings, Settings
from newsdesk.newsroom import Newsroom
from newsdesk.render import render_text
from newsdesk.store.sqlite import SQLiteStore

# schema.org properties newsdesk uses, with the type that defines each (NewsArticle inherits from
# Article, CreativeWork and Thing). Anything else in the output would not validate.
NEWS_ARTICLE = {
    "@context": "JSON-LD",
    "@type": "JSON-LD",
    "identifier": "Thing",
    "url": "Thing",
    "description": "Thing",
    "mainEntityOfPage": "Thing",
    "headline": "CreativeWork",
    "alternativeHeadline": "CreativeWork",
    "inLanguage": "CreativeWork",
    "dateCreated": "CreativeWork",
    "datePublished": "CreativeWork",
    "dateModified": "CreativeWork",
    "locationCreated": "CreativeWork",
    "author": "CreativeWork",
    "publisher": "CreativeWork",
    "editor": "CreativeWork",
    "creditText": "CreativeWork",
    "publishingPrinciples": "CreativeWork",
    "isBasedOn": "CreativeWork",
    "articleBody": "Article",
    "articleSection": "Article",
    "wordCount": "Article",
    "dateline": "NewsArticle",
}
SOURCE = {
    "@type",
    "name",
    "headline",
    "url",
    "publisher",
    "sourceOrganization",
    "datePublished",
    "inLanguage",
}


def test_news_article_fields() -> None:
    article = sample_article()
    data = json.loads(render_text(article, "jsonld"))
    assert set(data) <= set(NEWS_ARTICLE), set(data) - set(NEWS_ARTICLE)
    assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
    assert data["headline"] == article.headline and data["alternativeHeadline"] == article.subheadline
    assert data["inLanguage"] == "de"
    assert data["datePublished"] == data["dateCreated"] == article.generated_at  # not published yet
    assert data["dateline"] == "Leipzig, 3. März 2025"
    assert data["locationCreated"] == {"@type": "Place", "name": "Leipzig"}
    assert data["articleBody"].startswith("Leipzig, 3. März 2025 – Nach einem Kabelbrand")
    assert "Wie es weitergeht" in data["articleBody"] and "44.000" not in data["articleBody"]
    assert data["wordCount"] == sum(len(s.text.split()) for s in article.sentences())
    assert data["publisher"] == {"@type": "Organization", "name": "newsdesk"}
    assert "maschinell aus den 3 aufgeführten Quellen" in data["creditText"]
    assert "Eine redaktionelle Freigabe liegt nicht vor." in data["creditText"] and "editor" not in data
    assert data["publishingPrinciples"]["@type"] == "CreativeWork" and data["publishingPrinciples"]["text"]


def test_one_is_based_on_entry_per_source() -> None:
    article = sample_article()
    based_on = json.loads(render_text(article, "jsonld"))["isBasedOn"]
    assert len(based_on) == len(article.sources) == 3
    for item, source in zip(based_on, article.sources, strict=True):
        assert set(item) <= SOURCE
        assert item["@type"] == "NewsArticle" and item["name"] == source.title and item["url"] == source.url
        assert item["publisher"] == {"@type": "Organization", "name": source.outlet}
        assert item["datePublished"] == source.published and item["inLanguage"] == source.language
    assert based_on[0]["sourceOrganization"] == {"@type": "Organization", "name": "dpa"}
    assert based_on[2]["inLanguage"] == "en" and "sourceOrganization" not in based_on[2]


def test_published_version_names_its_editor_publisher_and_address(tmp_path: Path) -> None:
    settings = PublishSettings(
        base_url="https://news.example.org/",
        publisher="Beispiel Medien",
        principles_url="https://news.example.org/grundsaetze",
    )
    with SQLiteStore(tmp_path / "a.db") as store:
        record = store.save_article(sample_article())
        Newsroom(Settings(), store).approve(record.id, actor="jana.roth")
        record = Newsroom(replace(Settings(), publish=settings), store).publish(record.id, actor="jana.roth")
        url = "https://news.example.org/articles/1-stromausfall.html"
        data = json.loads(render_text(record.article, "jsonld", record=record, settings=settings, url=url))
    assert data["datePublished"] == record.published_at != record.article.generated_at
    assert data["dateModified"] == record.updated_at
    assert data["identifier"] == "story-41-extractive/v1"
    assert data["url"] == url and data["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    publisher = {"@type": "Organization", "name": "Beispiel Medien", "url": "https://news.example.org/"}
    assert data["publisher"] == data["author"] == publisher
    assert data["editor"] == {"@type": "Person", "name": "jana.roth"}
    assert (
        "Er wurde von jana.roth am" in data["creditText"] and "redaktionell freigegeben" in data["creditText"]
    )
    assert data["publishingPrinciples"]["url"] == "https://news.example.org/grundsaetze"
