"""The built site in a real browser: highlights open notes, permalinks land, search finds notes."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from marginalia.data.corpus import load_corpus

from ..conftest import ROOT
from .conftest import ARTICLE, scripts_ran, search_until_found, visit
from .test_accessibility import PAGES

pytestmark = pytest.mark.browser

CORPUS, _ = load_corpus(ROOT)
NOTE = CORPUS.for_article("us-war-of-terror-continues")[5]


def in_viewport(page, selector: str) -> bool:
    return page.eval_on_selector(
        selector,
        "el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }",
    )


def full_note_shown(page, note_id: str) -> None:
    """Wait until the card's full note has been copied from the notes page and is showing."""
    page.wait_for_selector(f"#full-{note_id} .mg-note__body .mg-sources", state="visible")
    toggle = f"#note-{note_id} button.mg-note__toggle"
    assert page.get_attribute(toggle, "aria-expanded") == "true"


def open_compact(page, note_id: str) -> None:
    """Open a compact note from its title, as a reader does, and wait until it shows."""
    page.click(f"#note-{note_id} button.mg-note__open")
    page.wait_for_selector(f"#note-{note_id} .mg-note__summary", state="visible")


def test_notes_start_compact_and_a_highlight_opens_the_full_note(page, site_url):
    visit(page, site_url + ARTICLE)
    assert page.is_visible(f"#note-{NOTE.id} .mg-note__title")
    assert page.is_hidden(f"#note-{NOTE.id} .mg-note__summary")  # compact: the title only
    title = f"#note-{NOTE.id} button.mg-note__open"
    assert page.get_attribute(title, "aria-expanded") == "false"
    assert page.query_selector(f"#note-{NOTE.id} .mg-note__body") is None  # not in the page yet
    page.click(f"mark#ref-{NOTE.id}")  # one activation of the highlight
    full_note_shown(page, NOTE.id)
    assert page.is_visible(f"#note-{NOTE.id} .mg-note__summary")
    assert page.get_attribute(title, "aria-expanded") == "true"
    body = page.inner_text(f"#full-{NOTE.id}")
    assert NOTE.sources[0].title.split()[0] in body
    assert page.eval_on_selector(f"#note-{NOTE.id}", "n => n.classList.contains('mg-note--active')")
    assert page.eval_on_selector(  # the highlight and its note are marked together
        f"mark#ref-{NOTE.id}", "m => m.classList.contains('mg-mark--active')"
    )
    assert page.evaluate("document.activeElement.id") == NOTE.id
    assert in_viewport(page, f"#{NOTE.id}")
    assert urlparse(page.url).fragment == NOTE.id


def test_every_note_opens_from_its_highlight_in_one_activation(page, site_url):
    visit(page, site_url + ARTICLE)
    notes = CORPUS.for_article("us-war-of-terror-continues")
    for a in notes:
        page.click(f'a.mg-ref[data-note="{a.id}"]')
        assert page.is_visible(f"#note-{a.id} .mg-note__summary"), a.id
        assert in_viewport(page, f"#{a.id}"), a.id
        page.keyboard.press("Escape")
        assert page.is_hidden(f"#note-{a.id} .mg-note__summary"), a.id


def test_a_compact_note_opens_and_closes_from_its_title(page, site_url):
    visit(page, site_url + ARTICLE)
    title = f"#note-{NOTE.id} button.mg-note__open"
    page.focus(title)
    page.keyboard.press("Enter")
    assert page.is_visible(f"#note-{NOTE.id} .mg-note__summary")
    assert page.get_attribute(title, "aria-expanded") == "true"
    assert page.is_hidden(f"#full-{NOTE.id}")  # the summary and links; the full note on demand
    page.keyboard.press("Escape")
    assert page.is_hidden(f"#note-{NOTE.id} .mg-note__summary")
    assert page.evaluate("document.activeElement.classList.contains('mg-note__open')")
    page.keyboard.press("Space")
    assert page.is_visible(f"#note-{NOTE.id} .mg-note__summary")


def test_the_toggle_shows_and_hides_the_full_note(page, site_url):
    visit(page, site_url + ARTICLE)
    open_compact(page, NOTE.id)
    toggle = f"#note-{NOTE.id} button.mg-note__toggle"
    assert page.inner_text(toggle).endswith(f"Full note and {len(NOTE.sources)} sources")
    assert page.is_hidden(f"#note-{NOTE.id} a.mg-note__more")  # the button stands in its place
    page.focus(toggle)
    page.keyboard.press("Enter")
    full_note_shown(page, NOTE.id)
    page.keyboard.press("Space")
    assert page.is_hidden(f"#full-{NOTE.id}")
    assert page.get_attribute(toggle, "aria-expanded") == "false"


def test_links_inside_a_copied_note_still_lead_where_they_did(page, site_url):
    linked = next(a for a in CORPUS.for_article("us-war-of-terror-continues") if "](#" in a.body)
    visit(page, site_url + ARTICLE)
    open_compact(page, linked.id)
    page.click(f"#note-{linked.id} button.mg-note__toggle")
    full_note_shown(page, linked.id)
    hrefs = page.eval_on_selector_all(f"#full-{linked.id} a", "as => as.map(a => a.href)")
    internal = [h for h in hrefs if urlparse(h).netloc == urlparse(site_url).netloc]
    assert internal and all(urlparse(h).path == ARTICLE for h in internal)  # notes on this page
    assert all(h.startswith(("https://", site_url)) for h in hrefs)


def test_when_the_notes_page_cannot_be_had_the_link_remains(page, site_url):
    page.route("**/notes/", lambda route: route.abort())
    visit(page, site_url + ARTICLE)
    open_compact(page, NOTE.id)
    page.click(f"#note-{NOTE.id} button.mg-note__toggle")
    page.wait_for_selector(f"#full-{NOTE.id} a", state="visible")
    assert "could not be loaded" in page.inner_text(f"#full-{NOTE.id}")
    assert page.get_attribute(f"#full-{NOTE.id} a", "href") == f"notes/#{NOTE.id}"


def test_keyboard_opens_and_escape_closes_returning_focus(page, site_url):
    visit(page, site_url + ARTICLE)
    ref = f'a.mg-ref[data-note="{NOTE.id}"]'
    page.focus(ref)
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == NOTE.id
    full_note_shown(page, NOTE.id)
    page.keyboard.press("Escape")
    assert page.is_hidden(f"#full-{NOTE.id}")
    assert page.evaluate("document.activeElement.dataset.note") == NOTE.id


def test_space_opens_a_note_and_focus_is_always_visible(page, site_url):
    visit(page, site_url + ARTICLE)
    ref = f'a.mg-ref[data-note="{NOTE.id}"]'
    page.focus(ref)
    assert page.eval_on_selector(ref, "a => getComputedStyle(a).outlineStyle") != "none"
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.id") == NOTE.id
    full_note_shown(page, NOTE.id)
    title = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert title != "none"
    for _ in range(4):  # into the note: its technique links, its toggle, the note's own links
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('.mg-note') !== null")
        assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"


def test_every_highlight_is_reachable_with_tab(page, site_url):
    visit(page, site_url + ARTICLE)
    expected = {a.id for a in CORPUS.for_article("us-war-of-terror-continues")}
    seen: set[str] = set()
    for _ in range(1000):  # every marker, toggle and link in between
        page.keyboard.press("Tab")
        note = page.evaluate(
            "document.activeElement.matches('a.mg-ref') && document.activeElement.dataset.note"
        )
        if note:
            seen.add(note)
        if seen == expected:
            break
    assert seen == expected


def test_permalink_scrolls_to_its_note_and_opens_it(page, site_url):
    target = CORPUS.for_article("us-war-of-terror-continues")[-3]
    visit(page, f"{site_url}{ARTICLE}#{target.id}")
    full_note_shown(page, target.id)
    assert in_viewport(page, f"#{target.id}")
    page.click(f"#note-{target.id} a.mg-back")
    assert in_viewport(page, f"#ref-{target.id}")


def test_search_fetches_nothing_until_asked_then_lands_on_the_note_marked(page, site_url):
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    visit(page, site_url + "/", wait_until="networkidle")
    assert not [r.url for r in finished if "/pagefind/" in r.url]  # nothing before a search
    page.click("input.md-search__input")
    result = '#mg-search-results a[href*="#other-leaders-fill-void-qaani"]'
    search_until_found(page, "input.md-search__input", "Qaani", result)
    page.wait_for_load_state("networkidle")
    searched = [r for r in finished if "/pagefind/" in r.url]
    size = sum(r.sizes()["responseBodySize"] for r in searched)  # as sent: compressed
    assert 0 < size < 300 * 1024, size
    page.keyboard.press("ArrowDown")  # the keyboard reaches the results
    assert page.evaluate("document.activeElement.closest('#mg-search-results') !== null")
    page.locator(result).first.click()
    page.wait_for_url("**/notes/?highlight=qaani#other-leaders-fill-void-qaani")
    scripts_ran(page)
    assert in_viewport(page, "#other-leaders-fill-void-qaani")
    page.wait_for_selector("#note-other-leaders-fill-void-qaani mark.pagefind-highlight")


def test_search_opens_from_the_keyboard_and_escape_closes_it(page, site_url):
    visit(page, site_url + ARTICLE)
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "mg-search-input"
    assert page.is_checked("#__search")
    page.keyboard.press("Escape")
    assert not page.is_checked("#__search")


def test_without_javascript_every_note_is_readable(browser, site_url):
    notes = CORPUS.for_article("us-war-of-terror-continues")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + ARTICLE)
    for a in notes:  # each card's summary is there, with its link to the note in full
        assert page.is_visible(f"#note-{a.id} .mg-note__summary"), a.id
        assert page.get_attribute(f"#note-{a.id} a.mg-note__more", "href") == f"notes/#{a.id}"
    page.click(f"#note-{NOTE.id} a.mg-note__more")
    assert urlparse(page.url).path == ARTICLE + "notes/"
    assert in_viewport(page, f"#{NOTE.id}")
    for a in notes:  # and every note is there in full, with its sources
        assert page.is_visible(f"#note-{a.id} .mg-note__body .mg-sources"), a.id
    page.click(f"#note-{NOTE.id} a.mg-back")
    assert urlparse(page.url).path == ARTICLE and in_viewport(page, f"#ref-{NOTE.id}")
    context.close()


def test_no_request_goes_to_another_host_from_any_page(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    here = urlparse(site_url).netloc
    elsewhere: dict[str, set[str]] = {}
    current = [""]  # the page being visited
    page.on(
        "request",
        lambda r: (
            urlparse(r.url).netloc == here
            or elsewhere.setdefault(current[0], set()).add(urlparse(r.url).netloc)
        ),
    )
    for path in PAGES:  # in one browser, as a reader going from page to page
        current[0] = path
        visit(page, site_url + path, wait_until="networkidle")
        if page.locator("input.md-search__input").is_visible():  # and with search used
            page.fill("input.md-search__input", "Soleimani")
            page.wait_for_selector("#mg-search-results a")
            page.wait_for_load_state("networkidle")
    assert elsewhere == {}
    assert context.cookies() == []
    context.close()


def test_copy_link_puts_the_notes_permalink_on_the_clipboard(browser, site_url):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    visit(page, site_url + ARTICLE)
    page.click(f"mark#ref-{NOTE.id}")
    button = page.locator(f"#note-{NOTE.id} button.mg-copy")
    button.click()
    page.wait_for_function("document.querySelector('body > [role=status]').textContent.length")
    assert page.evaluate("navigator.clipboard.readText()") == f"{site_url}{ARTICLE}#{NOTE.id}"
    assert button.text_content() == "Link copied"
    context.close()


@pytest.mark.parametrize("anchor", ["p12", "p22", "p35", "what-was-checked", "outlet-footer"])
def test_deep_links_to_paragraphs_and_sections_land_on_them(page, site_url, anchor):
    visit(page, f"{site_url}{ARTICLE}#{anchor}")
    assert in_viewport(page, f"#{anchor}")


def test_home_reaches_the_teacher_guide_and_the_guide_every_lesson_in_one_click(page, site_url):
    visit(page, site_url + "/")
    hrefs = page.eval_on_selector_all("article a", "as => as.map(a => a.href)")
    assert site_url + "/teachers/" in hrefs
    assert not [h for h in hrefs if "answer-key" in h]  # the key is reached from the guide only
    visit(page, site_url + "/teachers/")
    hrefs = page.eval_on_selector_all("article a", "as => as.map(a => a.href)")
    for target in (
        ARTICLE + "worksheet/one-period/",
        ARTICLE + "answer-key/",
        ARTICLE + "practice/",
    ):
        assert site_url + target in hrefs, target


# Counts how often Material is handed the page (it must be exactly once) and notes the moment
# its bundle ran: the bundle's first act is to set window.document$.
WATCH_MATERIAL = """
Object.defineProperty(window, "document$", {
  configurable: true,
  set(subject) {
    window.__bundleRanAt = performance.now();
    window.__pagesGiven = 0;
    const next = subject.next.bind(subject);
    subject.next = (value) => { window.__pagesGiven += 1; return next(value); };
    Object.defineProperty(window, "document$", { value: subject, writable: true });
  },
});
"""


def test_scripts_run_after_the_first_contentful_paint(page, site_url):
    page.add_init_script(WATCH_MATERIAL)
    visit(page, site_url + ARTICLE)
    paint = page.evaluate("performance.getEntriesByName('first-contentful-paint')[0].startTime")
    assert page.evaluate("window.__bundleRanAt") > paint
    assert page.evaluate("window.__pagesGiven") == 1


NO_LONG_TIMERS = """
const setTimeoutAsBefore = window.setTimeout;
window.setTimeout = (run, delay, ...args) => delay >= 3000 ? 0 : setTimeoutAsBefore(run, delay, ...args);
"""
# The browser's paint reports, played by the test: scripts must wait for the contentful one.
PAINT_REPORTS_BY_HAND = """
window.__observers = [];
window.PerformanceObserver = class {
  static supportedEntryTypes = ["paint"];
  constructor(callback) { this.callback = callback; window.__observers.push(this); }
  observe() {}
  disconnect() { this.done = true; }
};
window.__report = (name) => window.__observers.forEach((o) => o.done ||
  o.callback({ getEntriesByName: (asked) => (asked === name ? [{ name }] : []) }));
"""


def test_scripts_wait_for_the_paint_report(page, site_url):
    page.add_init_script(WATCH_MATERIAL + NO_LONG_TIMERS + PAINT_REPORTS_BY_HAND)
    page.goto(site_url + ARTICLE)
    page.wait_for_function("window.__observers.length === 1")  # the page has been parsed
    page.evaluate("window.__report('first-paint')")  # a paint, but nothing of the page in it
    page.wait_for_timeout(300)
    assert page.evaluate("window.__bundleRanAt") is None
    page.evaluate("window.__report('first-contentful-paint')")
    scripts_ran(page)
    assert page.evaluate("window.__pagesGiven") == 1


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_first_visit_paints_in_the_devices_palette_before_any_script_file_runs(
    browser, site_url, scheme
):
    """Material's bundle picks the palette that matches the device, but only after the first
    paint; the page itself picks it first. Here the bundle never runs: the paint report that
    would start it is withheld."""
    context = browser.new_context(color_scheme=scheme)  # nothing stored: a first visit
    page = context.new_page()
    page.add_init_script(WATCH_MATERIAL + NO_LONG_TIMERS + PAINT_REPORTS_BY_HAND)
    page.goto(site_url + ARTICLE)
    page.wait_for_function("window.__observers.length === 1")
    assert page.evaluate("window.__bundleRanAt") is None
    expected = {"light": "default", "dark": "slate"}[scheme]
    assert page.get_attribute("body", "data-md-color-scheme") == expected
    page.evaluate("window.__report('first-contentful-paint')")  # Material agrees when it runs
    scripts_ran(page)
    assert page.get_attribute("body", "data-md-color-scheme") == expected
    context.close()


def test_materials_own_controls_work_when_its_script_runs_after_the_first_paint(page, site_url):
    """Material starts on DOMContentLoaded, long past when its script runs; the loader hands
    it the page instead. Its palette switch works and is remembered on the next page."""
    visit(page, site_url + ARTICLE)
    assert page.get_attribute("body", "data-md-color-scheme") == "default"
    page.locator("label[for='__palette_1']").click()
    page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
    visit(page, site_url + "/")
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"


NO_PAINT_TIMING = "delete window.PerformanceObserver;"
NO_FRAMES = "window.requestAnimationFrame = () => 0;"
HIDDEN_TAB = (
    'Object.defineProperty(Document.prototype, "visibilityState", { get: () => "hidden" });'
)


@pytest.mark.parametrize(
    "browser_lacks",
    [
        pytest.param(NO_LONG_TIMERS + NO_PAINT_TIMING, id="no-paint-timing"),
        pytest.param(NO_LONG_TIMERS + NO_PAINT_TIMING + NO_FRAMES + HIDDEN_TAB, id="hidden-tab"),
        pytest.param(NO_PAINT_TIMING + NO_FRAMES, id="only-the-3s-limit"),
    ],
)
def test_scripts_still_run_by_each_other_way(page, site_url, browser_lacks):
    """Without paint timing the loader waits for a frame; in a hidden tab, which draws no
    frames, it runs at once; failing both, it runs after 3 s. Each way is tried alone."""
    page.add_init_script(WATCH_MATERIAL + browser_lacks)
    visit(page, site_url + ARTICLE)
    assert page.evaluate("window.__pagesGiven") == 1
    assert page.evaluate("document.documentElement.classList.contains('js')")  # Material ran
    page.click(f"mark#ref-{NOTE.id}")  # and marginalia.js
    full_note_shown(page, NOTE.id)
