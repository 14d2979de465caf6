"""The text first: the article reads straight through, its notes compact beside or after their
paragraph, each one tap away; every note open on request; a filter by kind, verdict or
technique."""

from __future__ import annotations

from itertools import pairwise

import pytest

from .conftest import ARTICLE, scripts_ran, visit
from .test_site import CORPUS

pytestmark = pytest.mark.browser

NOTES = CORPUS.for_article("us-war-of-terror-continues")
# Every block laid out, as a reader who scrolls through sees it: the browser otherwise sizes
# blocks far from view by an estimate.
ALL_LAID_OUT = ".md-typeset .mg-row { content-visibility: visible !important; }"
TEXT_ONLY = ".mg-notes, .mg-tools { display: none !important; }"
SIZES = {"desktop": (1280, 900, 1.5), "phone": (360, 740, 1.6)}


def _height(page) -> int:
    page.evaluate("window.mgLayout()")
    return page.evaluate("document.documentElement.scrollHeight")


@pytest.mark.parametrize("size", SIZES)
def test_the_page_is_little_longer_than_its_text(browser, site_url, size):
    width, height, limit = SIZES[size]
    context = browser.new_context(
        viewport={"width": width, "height": height}, is_mobile=size == "phone"
    )
    page = context.new_page()
    visit(page, site_url + ARTICLE)
    page.add_style_tag(content=ALL_LAID_OUT)
    with_notes = _height(page)
    page.add_style_tag(content=TEXT_ONLY)
    text = _height(page)
    assert with_notes <= limit * text, (size, with_notes, text, round(with_notes / text, 2))
    context.close()


def test_margin_notes_sit_beside_the_text_and_never_overlap(page, site_url):
    visit(page, site_url + ARTICLE)
    page.add_style_tag(content=ALL_LAID_OUT)
    page.click(f'a.mg-ref[data-note="{NOTES[3].id}"]')  # one open: taller than its paragraph
    page.wait_for_timeout(300)
    boxes = page.eval_on_selector_all(
        ".mg-row--noted > .mg-notes",
        """blocks => blocks.map(b => {
            const r = b.getBoundingClientRect(), p = b.parentNode.firstElementChild;
            const t = p.getBoundingClientRect();
            return {top: r.top, bottom: r.bottom, left: r.left, textRight: t.right,
                    textTop: t.top, absolute: getComputedStyle(b).position === "absolute"};
        })""",
    )
    assert boxes and all(b["absolute"] for b in boxes)
    for box in boxes:
        assert box["left"] >= box["textRight"], box  # in the margin, not over the text
        assert box["top"] >= box["textTop"] - 1, box  # never above its paragraph
    for one, next_ in pairwise(boxes):
        assert one["bottom"] <= next_["top"] + 0.5, (one, next_)  # stacked, never overlapping
    # the text column runs on without gaps: each paragraph starts where the one before ends
    rows = page.eval_on_selector_all(
        ".mg-section ~ .mg-row",
        "rows => rows.map(r => [r.getBoundingClientRect().top, r.getBoundingClientRect().bottom])",
    )
    gaps = [b[0] - a[1] for a, b in pairwise(rows)]
    assert max(gaps) < 60, max(gaps)


def test_every_note_can_be_opened_at_once_and_the_choice_is_remembered(page, site_url):
    visit(page, site_url + ARTICLE)
    button = page.locator("button.mg-open-all")
    assert button.get_attribute("aria-pressed") == "false"
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    summaries = page.locator(".mg-notes > .mg-note > .mg-note__summary")
    assert summaries.count() == len(NOTES)
    assert all(summaries.nth(i).is_visible() for i in range(summaries.count()))
    visit(page, site_url + ARTICLE)  # again, on the same device
    assert page.evaluate("document.documentElement.classList.contains('mg-all')")
    assert page.locator("button.mg-open-all").get_attribute("aria-pressed") == "true"
    assert page.is_visible(f"#note-{NOTES[0].id} .mg-note__summary")
    page.click("button.mg-open-all")
    assert page.is_hidden(f"#note-{NOTES[0].id} .mg-note__summary")
    visit(page, site_url + ARTICLE)
    assert not page.evaluate("document.documentElement.classList.contains('mg-all')")
    assert page.evaluate("localStorage.getItem('mg-open-all')") is None


def _shown(page) -> list[str]:
    return page.eval_on_selector_all(
        ".mg-notes > .mg-note",
        "ns => ns.filter(n => getComputedStyle(n).display !== 'none')"
        ".map(n => n.id.replace('note-', ''))",
    )


@pytest.mark.parametrize(
    ("value", "keep"),
    [
        ("kind:counterpoint", lambda a: a.kind == "counterpoint"),
        ("verdict:misleading", lambda a: a.verdict == "misleading"),
        ("technique:loaded-language", lambda a: "loaded-language" in a.techniques),
    ],
)
def test_the_filter_shows_only_the_notes_asked_for(page, site_url, value, keep):
    visit(page, site_url + ARTICLE)
    expected = [a.id for a in NOTES if keep(a)]
    assert expected and len(expected) < len(NOTES)
    page.select_option("#mg-filter", value)
    assert sorted(_shown(page)) == sorted(expected)
    other = next(a for a in NOTES if not keep(a))
    assert page.eval_on_selector(f"mark#ref-{other.id}", "m => m.classList.contains('mg-filtered')")
    assert page.is_hidden(f'a.mg-ref[data-note="{other.id}"]')
    status = page.inner_text(".mg-filter__status")
    assert status == f"Showing {len(expected)} of {len(NOTES)} notes"
    page.select_option("#mg-filter", "")
    assert len(_shown(page)) == len(NOTES)


def test_the_summarys_counts_set_the_filter(page, site_url):
    visit(page, site_url + ARTICLE)
    page.click('.mg-summary a[data-filter="verdict:accurate"]')
    assert page.input_value("#mg-filter") == "verdict:accurate"
    assert sorted(_shown(page)) == sorted(a.id for a in NOTES if a.verdict == "accurate")
    assert page.url.endswith(ARTICLE)  # it stays on the article


def test_without_javascript_the_tools_are_absent_and_every_note_is_whole(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + ARTICLE)
    assert page.is_hidden(".mg-tools")
    for a in NOTES:
        assert page.is_visible(f"#note-{a.id} .mg-note__summary"), a.id
    context.close()


def test_a_link_to_a_note_opens_it_before_any_script_runs(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    page.route("**/marginalia.js", lambda route: route.abort())
    page.goto(f"{site_url}{ARTICLE}#{NOTES[5].id}")
    assert page.is_visible(f"#note-{NOTES[5].id} .mg-note__summary")  # :target opens it
    assert page.is_hidden(f"#note-{NOTES[6].id} .mg-note__summary")
    context.close()


def test_the_offline_copy_works_from_files(browser, tmp_path):
    import zipfile

    from marginalia.engines.mkdocs_build import build_site
    from marginalia.engines.offline import ZIP

    from ..conftest import ROOT

    site = tmp_path / "site"
    assert build_site(ROOT, site) == []
    zipfile.ZipFile(site / ZIP).extractall(tmp_path / "usb")
    home = (tmp_path / "usb" / "marginalia" / "index.html").as_uri()
    context = browser.new_context()
    page = context.new_page()
    schemes: set[str] = set()
    page.on("request", lambda request: schemes.add(request.url.split(":", 1)[0]))
    visit(page, home)
    assert page.is_visible(".mg-offline")  # it says what needs the website
    assert page.is_hidden(".md-search")
    page.click('.md-content a[href$="us-war-of-terror-continues/index.html"]')
    scripts_ran(page)
    note = NOTES[5].id
    page.click(f"mark#ref-{note}")
    assert page.is_visible(f"#note-{note} .mg-note__summary")
    page.click(f"#note-{note} a.mg-permalink")
    assert page.url.startswith("file://") and page.url.endswith(f"#{note}")
    assert schemes == {"file"}  # nothing from any host
    context.close()
