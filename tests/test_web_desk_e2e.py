"""The editor's desk in headless Chromium (Playwright, Debian's ``chromium``), on the real application
under uvicorn: the queue filtered, the review page with attention first and the sources opened and
marked, keyboard steps, every editing action, approval after fixing the blocked sentence, an axe-core
accessibility check of the review page (no serious or critical violation) and the page at 390 px.
Screenshots ``review`` and ``queue`` go to ``$NEWSDESK_SCREENSHOTS`` (the README's pictures).
"""

from __future__ import annotations

from typing import Any

from desk_story import RIGHT_TIME
from test_web_desk import desk_article
from test_web_e2e import Live, browser, live, log_in, page, shoot  # noqa: F401  (fixtures)

# the page at the top of the text, the pane scrolled to the opened sentence's first source
SHOW_SOURCE = """box => {
  const pane = box.closest('.pane');
  window.scrollTo(0, pane.parentElement.getBoundingClientRect().top + window.scrollY - 8);
  pane.scrollTop += box.getBoundingClientRect().top - pane.getBoundingClientRect().top - 8;
}"""


def go(tab: Any, selector: str) -> None:
    """Click what navigates (a link, a form's button) and wait until the next page has loaded:
    Playwright's click returns once the navigation has started, before the new page is parsed
    (and before review.js, whose keys the test presses, has run)."""
    with tab.expect_navigation():
        tab.click(selector)


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
    page.goto(live.url("/articles"))
    go(page, "nav.filters a[data-state=blocked]")
    assert page.locator("nav.filters a[data-state=blocked]").get_attribute("aria-current") == "page"
    assert page.locator(f"table.queue a[href='/articles/{article}']").count() == 1
    page.select_option("#f-outlet", "Reuters")
    page.fill("#f-q", "Recyclinghof Giraffe")
    go(page, ".filters-form button")
    assert page.locator(".empty").count() == 1
    page.fill("#f-q", "Recyclinghof")
    go(page, ".filters-form button")
    assert "state=blocked" in page.url and "outlet=Reuters" in page.url
    assert page.locator(f"table.queue a[href='/articles/{article}']").count() == 1
    shoot(page, live, "queue")
    go(page, f"table.queue a[href='/articles/{article}']")

    # attention first: s1 (sources disagree) is open, j steps to s2 (contradicted)
    assert page.locator("#pane-title").inner_text().startswith("Satz 1 (s1)")
    assert page.locator("#quellen .passage.cited mark.number").first.inner_text() == "rund 150"
    assert page.locator("#quellen .verdict-of-source.partial").count() == 1
    page.keyboard.press("j")
    page.wait_for_url("**s=s2*")
    assert page.locator("#quellen .verdict-of-source.contradicts").count() == 1
    assert page.locator("#quellen .opened-text mark.missing").inner_text() == "20.30 Uhr"
    assert page.locator("#quellen .passage.cited mark").count() >= 2
    page.locator("#quellen .source").first.evaluate(SHOW_SOURCE)
    shoot(page, live, "review")  # the sentence's first source in view, its cited passage marked
    assert axe_violations(page) == []

    # headline, order, a heading, strike and restore
    page.click("details.edit-head summary")
    page.fill("#f-headline", "Feuer im Recyclinghof Sand")
    page.fill("#f-head-reason", "kürzer")
    go(page, "form.head-form button")
    assert page.locator("#headline").inner_text() == "Feuer im Recyclinghof Sand"
    go(page, ".review a#s3")
    go(page, "#quellen button[name=move-up]")
    assert page.locator(".review a.sentence").nth(1).get_attribute("id") == "s3"
    go(page, "#quellen button[name=move-down]")
    assert page.locator(".review a.sentence").nth(1).get_attribute("id") == "s2"
    go(page, ".review a#s2")
    page.fill("#f-strike-reason", "Uhrzeit unklar")
    go(page, "#quellen .reject-form button")
    assert page.locator(".review a#s2").count() == 0
    assert "Uhrzeit unklar" in page.locator("section.struck").inner_text()
    go(page, "#struck-s2 .restore-form button")
    assert page.locator(".review a#s2").count() == 1

    # a new sentence citing a passage found by its words
    page.goto(live.url(f"/articles/{article}/add?q=B8+gesperrt&after=s4"))
    page.fill("#f-text", "Die Bundesstraße 8 war zwischen Straubing und Bogen gesperrt.")
    page.locator("input[name=cite]").first.check()
    go(page, "form.add-form button[type=submit]")
    assert "Satz hinzugefügt" in page.locator(".flash.ok").inner_text()
    assert "Bundesstraße 8" in page.locator("#quellen .opened-text").inner_text()

    # fix the blocked sentence, decide the conflict, approve
    assert page.locator("button[name=approve]").is_disabled()
    go(page, ".review a#s2")
    page.fill("#f-text", RIGHT_TIME)
    page.fill("#f-edit-reason", "Uhrzeit laut Tagblatt")
    go(page, "#quellen .edit-form button")
    history = page.locator("ol.history").inner_text()
    assert "Grund: Uhrzeit laut Tagblatt" in history
    assert page.locator("ol.history del").first.inner_text() == "20.30"
    page.locator("#conflict-0 input[value='rund 150']").check()
    go(page, "#conflict-0 .conflict-form button")
    assert "offen" not in page.locator("#conflict-0 h3").inner_text()
    go(page, "button[name=approve]")
    assert page.locator("#status").inner_text() == "freigegeben"

    # Word download and the page on a phone
    with page.expect_download() as download:
        page.click(f"a[href='/articles/{article}/download/docx']")
    assert download.value.suggested_filename.endswith(".docx")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live.url(f"/articles/{article}?s=s1"))
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert page.problems == []
