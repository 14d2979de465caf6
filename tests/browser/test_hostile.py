"""A site built from a fixture full of payloads: none of them runs or reaches the page live."""

from __future__ import annotations

import json
import shutil

import pytest
from bs4 import BeautifulSoup

from marginalia.engines.mkdocs_build import build_site
from marginalia.measure.audit import serve

from ..conftest import DATA, make_project
from .conftest import visit

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("hostile"))
    shutil.copytree(DATA / "hostile", root / "annotations", dirs_exist_ok=True)
    glossary = root / "annotations" / "glossary.yml"
    payload = 'definition: \'" onmouseover="alert(1)" x="<script>alert(1)</script>\''
    text = glossary.read_text().replace("definition: The elected body that runs the town.", payload)
    # the payload's quoted words and figure in an excerpt, so that check passes it on
    excerpt = (
        "        url: https://example.org/about\n        evidence:\n"
        "          - text: 'onmouseover= | alert(1) | x= | <script>alert(1)</script>'\n"
    )
    text = text.replace("        url: https://example.org/about\n", excerpt, 1)
    glossary.write_text(text)
    site = root / "out" / "site"
    assert build_site(root, site) == []
    with serve(site) as url:
        yield site, url


@pytest.mark.parametrize("page_path", ["index.html", "notes/index.html"])
def test_payloads_are_inert_in_the_html(hostile_site, page_path):
    site, _ = hostile_site
    page = BeautifulSoup((site / "articles" / "mini" / page_path).read_text(), "html.parser")
    content = page.select_one("article.md-content__inner")
    for script in content.find_all("script"):  # only the notes page's own ClaimReview data
        assert script["type"] == "application/ld+json" and "</" not in script.string
        json.loads(script.string)
        script.decompose()
    assert (
        content.find_all(["script", "iframe", "object", "embed", "form", "style", "img", "svg"])
        == []
    )
    for el in content.find_all(True):
        assert not [a for a in el.attrs if a.lower().startswith("on") or a == "style"], el
        for attr in ("href", "src", "action", "data"):
            value = str(el.get(attr, "")).strip().lower()
            assert not value.startswith(("javascript:", "data:", "vbscript:")), el
    text = content.get_text()
    # bidi and zero-width characters never reach a page: check refuses them (test_fuzz)
    assert "\u202e" not in text and "\u200b" not in text
    assert "<script>window.__pwned=1</script><img src=x" in text  # the title, shown as text
    if page_path.startswith("notes/"):  # the note in full, with its sources
        assert "<script>alert(1)</script>Source" in text


def test_no_script_runs_and_no_dialog_opens(browser, hostile_site):
    _, url = hostile_site
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for path in (
        "/articles/mini/",
        "/articles/mini/notes/",
        "/notes/sources/",
        "/notes/kinds/",
        "/glossary/",
        "/articles/mini/timeline/",
    ):
        visit(page, url + path)
        for link in page.query_selector_all("mark, a.mg-ref, a.mg-term, .mg-note a")[:40]:
            if link.is_visible():
                link.hover()
        page.wait_for_timeout(200)
        assert page.evaluate("window.__pwned") is None, path
    visit(page, url + "/articles/mini/")
    page.click("mark#ref-payloads")  # copies the full note, payloads and all, into the page
    page.wait_for_selector("#full-payloads .mg-note__body .mg-sources")
    for link in page.query_selector_all("#full-payloads a"):
        link.hover()
    page.wait_for_timeout(300)
    assert dialogs == []
    assert page.evaluate("window.__pwned") is None
    context.close()
