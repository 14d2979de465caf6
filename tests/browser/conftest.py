"""Browser fixtures: the real site built once, served on a free local port, and Chromium.

Playwright drives the system Chromium (Debian's package), headless, with no sandbox and no
background networking. Without Chromium the tests skip loudly on a developer's machine and
fail under CI, where .ci/run installs it.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from marginalia.engines.mkdocs_build import build_site
from marginalia.measure.audit import serve
from marginalia.measure.browser import CHROMIUM_ARGS, chromium_path

from ..conftest import ROOT


def site_pages() -> list[str]:
    """Every page of the site, as a path: the hand-written ones and the generated ones."""
    from marginalia.data.corpus import load_corpus
    from marginalia.pages.site import generate_pages

    corpus, problems = load_corpus(ROOT)
    assert problems == []
    uris = [p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")]
    # of the pages made for each ready lesson, those of the first lesson: the others are
    # the same templates with other passages
    others = {x.id for x in list(corpus.extras.lessons.get("us-war-of-terror-continues", ()))[1:]}
    uris += [
        uri
        for uri in generate_pages(corpus)
        if uri.endswith(".md") and not any(f"/{x}.md" in uri or f"-{x}.md" in uri for x in others)
    ]
    paths = []
    for uri in sorted(uris):
        stem = uri.removesuffix(".md")
        stem = stem.removesuffix("index").rstrip("/")
        paths.append(f"/{stem}/" if stem else "/")
    return paths


@pytest.fixture(scope="session")
def site_url(tmp_path_factory) -> Iterator[str]:
    site = tmp_path_factory.mktemp("browser") / "site"
    assert build_site(ROOT, site) == []
    with serve(site) as url:  # gzip-compressed, as a static host serves the site
        yield url


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        message = "no Chromium on PATH: install Debian's chromium package to run the browser tests"
        if os.environ.get("CI"):
            pytest.fail(message)
        warnings.warn(message, stacklevel=1)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def scripts_ran(page) -> None:
    """Wait until the page's script files have run: they start only after the first paint
    (overrides/main.html), which can be after the page's load event."""
    page.wait_for_selector("html[data-mg-scripts=ready]", state="attached")
    # on the article page, the notes' title buttons come in a task of their own
    page.wait_for_function(
        "!document.querySelector('.mg-notes > .mg-note') || document.documentElement.dataset.mgNotes"
    )


def visit(page, url: str, **goto) -> None:
    """Open `url` and wait until its scripts have run."""
    page.goto(url, **goto)
    scripts_ran(page)


ARTICLE = "/articles/us-war-of-terror-continues/"
ARTICLE_FILE = Path("articles/us-war-of-terror-continues/index.html")


def search_until_found(page, box: str, words: str, result: str) -> None:
    """Type `words` into the search `box` until a link matching `result` shows: the engine's
    index may still be loading when the first letters arrive, and a query typed just as it
    turns ready can be missed, so the query is typed again if no result shows."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    link = page.locator(result).first
    for _ in range(4):
        page.fill(box, "")
        page.locator(box).press_sequentially(words)
        try:
            link.wait_for(state="attached", timeout=5000)
            return
        except PlaywrightTimeout:
            continue
    link.wait_for(state="attached", timeout=5000)
