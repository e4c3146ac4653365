"""The renderer registry, the HTML page and fragment (parsed with lxml), and Markdown."""

from __future__ import annotations

import json
import re

import pytest
from lxml import html as lxml_html

from article_samples import HOSTILE, sample_article, with_conflict, with_label
from newsdesk.errors import RenderError
from newsdesk.models import Article
from newsdesk.render import RENDERERS, RenderOptions, get_renderer, render, render_text, save
from newsdesk.render.html import article_css, article_fragment

# Every registered renderer and the test module that checks its output in depth.
TESTED = {
    "md": "test_render_html",
    "html": "test_render_html",
    "pdf": "test_render_pdf",
    "json": "test_render_html",
    "jsonld": "test_render_jsonld",
    "docx": "test_render_docx",
}


def _sentences(tree: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    return tree.xpath('//span[contains(concat(" ", @class, " "), " nd-sentence ")]')


def _text(element: lxml_html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def test_every_registered_renderer_is_tested_and_renders() -> None:
    assert set(RENDERERS) == set(TESTED), "a renderer without a test (add it to TESTED)"
    article = sample_article()
    for name, renderer in RENDERERS.items():
        assert renderer.name == name and renderer.suffix.startswith(".") and "/" in renderer.media_type
        if name == "pdf":
            pytest.importorskip("weasyprint")
        result = renderer.render(article, RenderOptions())
        assert isinstance(result, bytes) == (name in ("pdf", "docx")) and result


def test_unknown_format_is_a_render_error_naming_the_formats() -> None:
    with pytest.raises(RenderError, match="unknown format 'odt'") as caught:
        render(sample_article(), "odt")
    assert caught.value.hint is not None and "jsonld" in caught.value.hint
    with pytest.raises(RenderError, match="binary"):
        render_text(sample_article(), "pdf")
    assert get_renderer("md").media_type.startswith("text/markdown")


def test_page_is_a_german_newspaper_page() -> None:
    tree = lxml_html.fromstring(render_text(sample_article(), "html"))
    assert tree.get("lang") == "de"
    assert tree.findtext(".//title") == "Stromausfall in Leipzig: 42.000 Haushalte ohne Strom"
    assert tree.find('.//meta[@name="viewport"]') is not None
    [h1] = tree.xpath("//h1")
    assert h1.text == "Stromausfall in Leipzig: 42.000 Haushalte ohne Strom"
    assert tree.xpath('string(//p[@class="nd-subheadline"])').startswith("Ein Kabelbrand")
    first = tree.xpath('//p[@class="nd-paragraph"]')[0]
    assert first[0].get("class") == "nd-dateline" and first[0].text == "Leipzig, 3. März 2025 –"
    assert [h.text for h in tree.xpath('//h2[@class="nd-heading"]')] == [
        "Wie es weitergeht",
        "Stimmen und Reaktionen",
    ]
    sources = tree.xpath('//section[@class="nd-sources"]/ol/li')
    assert [s.get("id") for s in sources] == ["nd-source-1", "nd-source-2", "nd-source-3"]
    assert _text(sources[0]).startswith(
        "Sächsische Zeitung (dpa): „Kabelbrand: Zehntausende Leipziger ohne Strom“"
    )
    assert "gleichlautend bei MDR" in _text(sources[0]) and "(englisch)" in _text(sources[2])
    assert (
        sources[0].find(".//a").get("href")
        == "https://www.example-sz.de/leipzig/stromausfall-kabelbrand?a=1&b=2"
    )
    ids = [e.get("id") for e in tree.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    assert "@media print" in tree.findtext(".//style") and "size: A4" in tree.findtext(".//style")
    assert "maschinell aus den 3 aufgeführten Quellen" in _text(tree.xpath('//p[@class="nd-disclosure"]')[0])


def test_each_sentence_links_to_its_evidence() -> None:
    article = sample_article()
    tree = lxml_html.fromstring(render_text(article, "html"))
    spans = _sentences(tree)
    assert [s.get("data-sentence-id") for s in spans] == ["s1", "s2", "s3", "s4"]
    for span, sentence in zip(spans, article.sentences(), strict=True):
        assert span.get("id") == f"nd-{sentence.id}" and span.get("data-verdict") == "supported"
        assert span.get("data-citations") == " ".join(f"{c.source}:{c.passage}" for c in sentence.citations)
        [link] = span.xpath('./sup[@class="nd-cite"]/a')
        assert link.get("href") == f"#nd-evidence-{sentence.id}"
        entry = tree.get_element_by_id(f"nd-evidence-{sentence.id}")
        [tip] = span.xpath('./span[@class="nd-tip"]')
        assert tip.get("hidden") is not None and tip.get("role") == "tooltip"  # shown by CSS on hover/focus
        assert sentence.verdict is not None
        for evidence in sentence.verdict.evidence:
            outlet = next(s.outlet for s in article.sources if s.id == evidence.source)
            for shown in (entry, tip):
                assert outlet in _text(shown) and evidence.text in _text(shown)
        assert "belegt" in _text(tip) and "0,9" in _text(tip)
        for href in entry.xpath(".//a/@href"):
            assert tree.get_element_by_id(href[1:]) is not None
    english = tree.xpath('//span[@class="nd-tip"]//q[@lang="en"]')
    assert english and english[0].text.startswith("Around 42,000 households")


def test_verdict_marks_show_in_review_and_switch_off_for_publication() -> None:
    article = with_label(sample_article(), "s3", "contradicted")
    review = lxml_html.fromstring(render_text(article, "html"))
    s3 = review.get_element_by_id("nd-s3")
    assert "nd-v-contradicted" in s3.get("class") and s3.get("data-verdict") == "contradicted"
    assert "widersprochen" in _text(s3.xpath('./span[@class="nd-tip"]')[0])
    assert "Prüfmarken" in _text(review)
    dropped = review.xpath('//section[@class="nd-dropped"]/ul/li')
    assert [d.get("data-dropped-id") for d in dropped] == ["s5"] and "nicht belegt" in _text(dropped[0])
    assert "nicht jeden Satz" in _text(review.xpath('//p[@class="nd-disclosure"]')[0])

    public = lxml_html.fromstring(render_text(sample_article(), "html", marks=False))
    assert not public.xpath("//*[@data-verdict]") and not public.xpath('//*[contains(@class, "nd-v-")]')
    assert "Prüfmarken" not in _text(public) and "44.000" not in _text(public)
    assert not public.xpath('//section[@class="nd-dropped"]')
    tips = public.xpath('//span[@class="nd-tip"]')
    assert tips and all("belegt" not in _text(t) for t in tips)  # evidence stays, the verdict goes
    assert "Sächsische Zeitung" in _text(tips[0]) and len(_sentences(public)) == 4


def test_every_piece_of_source_text_is_escaped() -> None:
    article = sample_article(hostile=True)
    page = render_text(article, "html")
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    tree = lxml_html.fromstring(page)
    scripts = tree.xpath("//script")
    assert [s.get("type") for s in scripts] == ["application/ld+json"]
    assert "</script" not in scripts[0].text
    data = json.loads(scripts[0].text)
    assert HOSTILE in data["isBasedOn"][0]["name"]  # kept as text, escaped as \u003c inside <script>
    assert not [href for href in tree.xpath("//a/@href") if not href.startswith(("#", "http"))]
    assert HOSTILE in _text(tree.get_element_by_id("nd-s1")) and HOSTILE in _text(
        tree.get_element_by_id("nd-source-1")
    )


def test_fragment_for_embedding_in_the_web_ui() -> None:
    fragment = article_fragment(sample_article(), RenderOptions(standalone=False))
    assert fragment.lstrip().startswith("<article") and "<html" not in fragment and "<style" not in fragment
    assert render_text(sample_article(), "html", standalone=False) == fragment
    element = lxml_html.fragment_fromstring(fragment)
    assert element.get("class") == "nd-article nd-marks" and element.get("data-story-id") == "41"
    assert element.get("lang") == "de" and len(_sentences(element)) == 4
    css = article_css()
    for selector in (".nd-sentence", ".nd-tip", ".nd-v-unsupported", "@media print", "hyphens: auto"):
        assert selector in css
    assert "max-width: 36rem" not in article_css(screen=False)  # WeasyPrint reads no media features


def test_markdown_escapes_and_drops_marks_for_publication() -> None:
    article = with_label(sample_article(hostile=True), "s3", "unsupported")
    review = render_text(article, "md")
    assert review.startswith("# Stromausfall in Leipzig") and "*Leipzig, 3. März 2025 –*" in review
    assert "\\<script\\>" in review and "<script>" not in review
    assert "(nicht belegt: 44.000 steht in keiner Quelle)" in review and "## Vom Prüfer entfernt" in review
    assert re.search(r"ohne Strom, meldete die Nachrichtenagentur dpa\. .*\[1\]\[3\]", review)
    assert "<javascript:" not in review and "2. Leipziger Volkszeitung" in review
    public = render_text(sample_article(), "md", marks=False)
    assert "Vom Prüfer entfernt" not in public and "nicht belegt" not in public
    assert (
        "1. Sächsische Zeitung (dpa): „Kabelbrand: Zehntausende Leipziger ohne Strom“, 3. März 2025" in public
    )


def test_json_round_trips_and_save_names_files(tmp_path) -> None:  # type: ignore[no-untyped-def]
    article = sample_article()
    assert Article.from_dict(json.loads(render_text(article, "json"))).to_dict() == article.to_dict()
    paths = save(article, tmp_path, ["md", "html", "json", "jsonld"], marks=False)
    assert [p.name for p in paths] == [
        f"story-41-stromausfall-in-leipzig-42-000-haushalte-ohne-strom{suffix}"
        for suffix in (".md", ".html", ".json", ".jsonld")
    ]
    with pytest.raises(RenderError):
        save(article, tmp_path / "none", ["md", "odt"])
    assert not (tmp_path / "none").exists()  # an unknown format fails before any file is written


CONFLICT_LINE = (
    "Zahl der Haushalte ohne Strom: rund 42.000 (Sächsische Zeitung, Reuters); 44.000 (Leipziger "
    "Volkszeitung). Der Text nennt rund 42.000: später bestätigt."
)


def test_a_conflict_note_names_the_values_their_outlets_and_the_choice() -> None:
    """Markdown and HTML (publication and review copy) carry the note before the source list; an
    article without conflicts has none."""
    article = with_conflict(sample_article())
    markdown = render_text(article, "md", marks=False)
    assert f"## Widersprüchliche Angaben\n\n- {CONFLICT_LINE}" in markdown
    assert markdown.index("Widersprüchliche Angaben") < markdown.index("## Quellen")
    for marks in (False, True):
        page = lxml_html.fromstring(render_text(article, "html", marks=marks))
        [note] = page.xpath("//section[@class='nd-conflicts']//li[@class='nd-conflict']")
        assert note.text_content().startswith(CONFLICT_LINE)
        assert [a.get("href") for a in note.xpath(".//a")] == ["#nd-s1"]
        assert page.xpath("//*[@id='nd-s1']")  # the link's target: the sentence that states the figure
    plain = sample_article()
    assert "Widersprüchliche" not in render_text(plain, "md", marks=False)
    assert not lxml_html.fromstring(render_text(plain, "html", marks=False)).xpath(
        "//*[@class='nd-conflicts']"
    )


def test_each_citation_shows_its_own_judgement() -> None:
    from dataclasses import replace

    from newsdesk.models import Judgement, Problem

    article = sample_article()
    s1 = article.sentences()[0]
    assert s1.verdict is not None and s1.verdict.evidence
    first = s1.verdict.evidence[0]
    contradicting = Judgement(
        first.source,
        first.passage,
        "contradicts",
        0.2,
        problems=(Problem("number", "„44.000“: the evidence says 42.000"),),
    )
    s1.verdict = replace(s1.verdict, judgements=(contradicting,))
    review = lxml_html.fromstring(render_text(article, "html"))
    entry = review.get_element_by_id("nd-evidence-s1")
    [item] = entry.xpath(".//li[@data-judgement]")
    assert item.get("data-judgement") == "contradicts"
    assert "widerspricht" in _text(item) and "42.000" in _text(item)
    public = lxml_html.fromstring(render_text(article, "html", marks=False))
    assert public.xpath("//li[@data-judgement]") and not public.xpath(
        '//*[@class="nd-judgement nd-j-contradicts"]'
    )
