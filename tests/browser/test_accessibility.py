"""WCAG 2.2 AA in a real browser: axe-core on every page, both palettes, phone and desktop
(`RUNS`), and again with every note open; phones never scroll sideways and notes never cover
text."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import ARTICLE, site_pages, visit

pytestmark = pytest.mark.browser

PAGES = site_pages()  # every page, generated or hand-written
VIEWPORTS = {"phone": (360, 740), "desktop": (1280, 900)}
NOTES_PAGE = ARTICLE + "notes/"
# Where a phone's layout is the site's own, not Material's: the pages of an article (notes in
# the flow, tools, handouts), the home page and the teachers' pages; the other pages are
# Material's layout for a phone, checked on these.
PHONE = [p for p in PAGES if p.startswith("/articles/") or p == "/" or "/teachers/" in p]
# Each page, in each palette and on each screen, checked as below. The dark palette differs
# from the light one in its colours only, so it is held to the contrast rule; its colours
# differ between a phone and a desktop only where the notes are laid out in the flow (the
# article and its practice sets). The notes page, the longest to check, is checked whole once,
# on a desktop in the light palette: elsewhere its every note is checked on the article with
# every note open (the full notes are copied in from it), which each run does.
RUNS = {
    ("light", "desktop"): PAGES,
    ("light", "phone"): [p for p in PHONE if p != NOTES_PAGE],
    ("dark", "desktop"): [p for p in PAGES if p != NOTES_PAGE],
    ("dark", "phone"): ["/", ARTICLE] + [p for p in PAGES if p.startswith(ARTICLE + "practice/")],
}
AXE = Axe()


TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# The browser skips the blocks of the article that are far from view (content-visibility), and
# axe-core cannot work out the background behind text in a skipped block: it has reported the
# note's tint three times over, and a near-black (#161616) behind a source link on a light card.
# Scrolled into view, the same text passes. Colours do not depend on skipping, so the contrast
# rule runs with every block laid out; all the other rules run on the page as readers get it.
LAY_OUT_EVERY_BLOCK = ".md-typeset .mg-row { content-visibility: visible !important; }"


def violations(page, colours_only: bool = False) -> list[str]:
    """axe-core's findings on the page. `colours_only`: the contrast rule alone, for the dark
    palette, whose pages differ from the light one's in their colours only (the structure,
    names and roles are checked on the light palette, on a phone and on a desktop)."""
    results = []
    if not colours_only:
        results.append(AXE.run(page, options={
            "runOnly": {"type": "tag", "values": TAGS},
            "rules": {"color-contrast": {"enabled": False}}}))  # fmt: skip
    page.add_style_tag(content=LAY_OUT_EVERY_BLOCK)
    results.append(
        AXE.run(page, options={"runOnly": {"type": "rule", "values": ["color-contrast"]}})
    )
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}"
        for result in results
        for v in result.response["violations"]
    ]


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=str)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violation_on_any_page(browser, site_url, scheme, viewport):
    width, height = VIEWPORTS[viewport]
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    page = context.new_page()
    found = {}
    colours_only = scheme == "dark"
    for path in RUNS[scheme, viewport]:
        visit(page, site_url + path)
        expected = "slate" if scheme == "dark" else "default"
        assert page.evaluate("document.body.dataset.mdColorScheme") == expected
        if problems := violations(page, colours_only):
            found[path] = problems
    visit(page, site_url + ARTICLE)
    page.click("button.mg-open-all")  # every note open, as a reader who asks for them
    page.eval_on_selector_all("details", "ds => ds.forEach(d => d.open = true)")
    page.eval_on_selector_all("button.mg-note__toggle", "bs => bs.forEach(b => b.click())")
    page.wait_for_function(  # every full note copied in from the notes page
        "[...document.querySelectorAll('.mg-note__full')].every(f => f.dataset.state === 'loaded')"
    )
    page.click("a.mg-ref")  # one note active, as a reader leaves it
    if problems := violations(page, colours_only):
        found["article, every note open"] = problems
    context.close()
    assert found == {}


def test_phones_never_scroll_sideways_and_notes_do_not_cover_text(browser, site_url):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    for path in PAGES:
        visit(page, site_url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, (path, width)
    visit(page, site_url + ARTICLE)
    for ref in page.query_selector_all("a.mg-ref")[:12]:
        note = ref.get_attribute("data-note")
        ref.click()
        mark = page.eval_on_selector(f"#ref-{note}", "e => e.getBoundingClientRect().toJSON()")
        box = page.eval_on_selector(f"#note-{note}", "e => e.getBoundingClientRect().toJSON()")
        # the note opens in the flow after its paragraph: below the words it explains
        assert box["top"] >= mark["bottom"] - 1, note
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=str)
def test_no_axe_violation_with_search_open_and_answered(browser, site_url, viewport):
    width, height = VIEWPORTS[viewport]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    visit(page, site_url + ARTICLE)
    page.click(
        "label.md-header__button[for=__search]" if viewport == "phone" else "input.md-search__input"
    )
    page.locator("input.md-search__input").press_sequentially("Soleimani")
    page.wait_for_selector("#mg-search-results a")
    assert violations(page) == []
    context.close()
