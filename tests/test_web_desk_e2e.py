"""The editor's desk in headless Chromium (Playwright, Debian's ``chromium``), on the real application
under uvicorn: the queue filtered, the review page with attention first and the sources opened and
marked, keyboard steps, every editing action, approval after fixing the blocked sentence, an axe-core
accessibility check of the review page (no serious or critical violation) and the page at 390 px.
Screenshots ``review`` and ``queue`` go to ``$NEWSDESK_SCREENSHOTS`` (the README's pictures).
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from desk_story import RIGHT_TIME
from test_web_desk import desk_article
from test_web_e2e import Live, browser, live, log_in, page, shoot  # noqa: F401  (fixtures)


def axe_violations(tab: Any) -> list[str]:
    """The serious and critical axe-core violations of the page (axe-playwright-python's axe.min.js)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(tab)
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])})"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]


def test_review_fix_approve_with_the_sources_beside_the_text(page: Any, live: Live) -> None:  # noqa: F811
    article = desk_article(live.settings)
    log_in(page, live)
    page.goto(live.url("/articles?state=blocked"))
    assert page.locator(f"table.queue a[href='/articles/{article}']").count() == 1
    page.fill("#f-q", "Recyclinghof Giraffe")
    page.click(".filters-form button")
    assert page.locator(".empty").count() == 1
    page.fill("#f-q", "Recyclinghof")
    page.click(".filters-form button")
    shoot(page, live, "queue")
    page.click(f"table.queue a[href='/articles/{article}']")

    # attention first: s1 (sources disagree) is open, j steps to s2 (contradicted)
    assert page.locator("#pane-title").inner_text().startswith("Satz 1 (s1)")
    assert page.locator("#quellen .passage.cited mark.number").first.inner_text() == "rund 150"
    assert page.locator("#quellen .verdict-of-source.partial").count() == 1
    page.keyboard.press("j")
    page.wait_for_url("**s=s2*")
    assert page.locator("#quellen .verdict-of-source.contradicts").count() == 1
    assert page.locator("#quellen .opened-text mark.missing").inner_text() == "20.30 Uhr"
    assert page.locator("#quellen .passage.cited mark").count() >= 2
    shoot(page, live, "review")
    assert axe_violations(page) == []

    # headline, order, a heading, strike and restore
    page.click("details.edit-head summary")
    page.fill("#f-headline", "Feuer im Recyclinghof Sand")
    page.fill("#f-head-reason", "kürzer")
    page.click("form.head-form button")
    expect(page.locator("#headline")).to_have_text("Feuer im Recyclinghof Sand")
    page.click(".review a#s3")
    page.click("#quellen button[name=move-up]")
    expect(page.locator(".review a.sentence").nth(1)).to_have_id("s3")
    page.click("#quellen button[name=move-down]")
    expect(page.locator(".review a.sentence").nth(1)).to_have_id("s2")
    page.click(".review a#s2")
    page.fill("#f-strike-reason", "Uhrzeit unklar")
    page.click("#quellen .reject-form button")
    expect(page.locator(".review a#s2")).to_have_count(0)
    assert "Uhrzeit unklar" in page.locator("section.struck").inner_text()
    page.click("#struck-s2 .restore-form button")
    expect(page.locator(".review a#s2")).to_have_count(1)

    # a new sentence citing a passage found by its words
    page.goto(live.url(f"/articles/{article}/add?q=B8+gesperrt&after=s4"))
    page.fill("#f-text", "Die Bundesstraße 8 war zwischen Straubing und Bogen gesperrt.")
    page.locator("input[name=cite]").first.check()
    page.click("form.add-form button[type=submit]")
    expect(page.locator(".flash.ok")).to_contain_text("Satz hinzugefügt")
    assert "Bundesstraße 8" in page.locator("#quellen .opened-text").inner_text()

    # fix the blocked sentence, decide the conflict, approve
    assert page.locator("button[name=approve]").is_disabled()
    page.click(".review a#s2")
    page.fill("#f-text", RIGHT_TIME)
    page.fill("#f-edit-reason", "Uhrzeit laut Tagblatt")
    page.click("#quellen .edit-form button")
    expect(page.locator("ol.history")).to_contain_text("Grund: Uhrzeit laut Tagblatt")
    assert page.locator("ol.history del").first.inner_text() == "20.30"
    page.locator("#conflict-0 input[value='rund 150']").check()
    page.click("#conflict-0 .conflict-form button")
    expect(page.locator("#conflict-0 h3")).not_to_contain_text("offen")
    page.click("button[name=approve]")
    expect(page.locator("#status")).to_have_text("freigegeben")

    # Word download and the page on a phone
    with page.expect_download() as download:
        page.click(f"a[href='/articles/{article}/download/docx']")
    assert download.value.suggested_filename.endswith(".docx")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live.url(f"/articles/{article}?s=s1"))
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert page.problems == []
