"""A library of ten articles whose notes are searched in shards (issue #18), in Chromium: an
article's pages search their own notes and land on the note found; other pages search the
pages alone."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from marginalia.measure.audit import serve

from .conftest import scripts_ran, search_until_found, visit

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def library_url(library_site):
    with serve(library_site) as url:
        yield url


def test_an_article_s_page_finds_its_own_notes_and_lands_on_the_one_chosen(browser, library_url):
    page = browser.new_page()
    fetched: list[str] = []
    page.on("requestfinished", lambda request: fetched.append(request.url))
    visit(page, library_url + "/articles/bench-002/", wait_until="networkidle")
    assert not [u for u in fetched if "/pagefind/" in u]  # nothing before a search
    page.click("input.md-search__input")
    search_until_found(page, "input.md-search__input", "Soleimani", "#mg-search-results a")
    page.wait_for_load_state("networkidle")
    links = [a.get_attribute("href") for a in page.query_selector_all("#mg-search-results a")]
    notes = [link for link in links if "/notes/" in link]
    assert notes, links
    assert all(link.startswith("/articles/bench-002/notes/") for link in notes), notes
    shards = {u.split("/pagefind/")[1].split("/")[0] for u in fetched if "/pagefind/notes-" in u}
    assert shards == {"notes-2"}  # its own shard, and no other
    page.locator("#mg-search-results a[href*='/notes/']").first.click()
    page.wait_for_url("**/articles/bench-002/notes/?highlight=soleimani#*")
    scripts_ran(page)
    note = urlparse(page.url).fragment
    page.wait_for_selector(f"#note-{note} mark.pagefind-highlight")
    page.close()


def test_a_page_of_no_article_searches_the_pages_and_says_so(browser, library_url):
    page = browser.new_page()
    fetched: list[str] = []
    page.on("requestfinished", lambda request: fetched.append(request.url))
    visit(page, library_url + "/")
    status = page.inner_text("#mg-search-status")
    assert "an article's notes are searched from its pages" in status
    page.click("input.md-search__input")
    search_until_found(page, "input.md-search__input", "Soleimani", "#mg-search-results a")
    links = [a.get_attribute("href") for a in page.query_selector_all("#mg-search-results a")]
    assert "/articles/bench-001/?highlight=soleimani" in links  # the articles are found
    assert not [link for link in links if "/notes/" in link and "#" in link]
    assert not [u for u in fetched if "/pagefind/notes-" in u]
    page.close()
