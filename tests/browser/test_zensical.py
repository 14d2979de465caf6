"""The site built by Zensical, in Chromium: its own search finds a note and lands on it, its
article page has no axe-core violation, and no request leaves the host."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urljoin, urlparse

import pytest

from marginalia.engines import zensical_build
from marginalia.measure.audit import serve

from ..conftest import ROOT
from .conftest import ARTICLE, search_until_found, visit
from .test_accessibility import violations
from .test_site import in_viewport

pytestmark = pytest.mark.browser

NOTE = "other-leaders-fill-void-qaani"


@pytest.fixture(scope="module")
def zensical_url(tmp_path_factory) -> Iterator[str]:
    site = tmp_path_factory.mktemp("zensical") / "site"
    assert zensical_build.build_site(ROOT, site) == []
    with serve(site) as url:
        yield url


def _search(page, words: str, result: str) -> None:
    """Zensical's search dialog, opened; its box is in a shadow root, which Playwright's CSS
    reaches."""
    page.click(".md-search__button")
    box = "dialog[aria-label=Search] input[role=combobox]"
    page.locator(box).wait_for(state="visible")
    search_until_found(page, box, words, f'dialog[aria-label=Search] a[href*="{result}"]')


def test_search_on_the_zensical_site_finds_a_note_and_lands_on_it(browser, zensical_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    visit(page, zensical_url + "/")
    _search(page, "Qaani", f"#{NOTE}")
    href = page.locator(f'dialog[aria-label=Search] a[href*="#{NOTE}"]').first.get_attribute("href")
    visit(page, urljoin(page.url, href))
    page.wait_for_function(f"document.querySelector('#note-{NOTE} .mg-note__body') !== null")
    assert in_viewport(page, f"#{NOTE}")
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violation_on_the_zensical_article_page(browser, zensical_url, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    visit(page, zensical_url + ARTICLE)
    assert violations(page) == []
    context.close()


@pytest.mark.parametrize("path", ["/", ARTICLE, ARTICLE + "notes/"])
def test_no_request_leaves_the_host_on_the_zensical_site(browser, zensical_url, path):
    context = browser.new_context()
    page = context.new_page()
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).netloc))
    visit(page, zensical_url + path, wait_until="networkidle")
    _search(page, "Soleimani", "#")
    page.wait_for_timeout(500)
    assert hosts == {urlparse(zensical_url).netloc}
    assert context.cookies() == []
    context.close()
