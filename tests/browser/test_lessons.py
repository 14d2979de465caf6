"""The classroom kit as a teacher uses it: from the home page to a printed two-page handout,
the worksheets on A4 and Letter, the practice sets on a phone."""

from __future__ import annotations

import io
import unicodedata

import pytest
from pypdf import PdfReader

from marginalia.data.corpus import load_corpus
from marginalia.pages.classroom import part_names

from ..conftest import ROOT
from .conftest import ARTICLE, visit

pytestmark = pytest.mark.browser
LESSONS = load_corpus(ROOT)[0].extras.lessons["us-war-of-terror-continues"]


def pdf(page, paper: str) -> tuple[str, int]:
    page.emulate_media(media="print")
    reader = PdfReader(io.BytesIO(page.pdf(format=paper)))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    return unicodedata.normalize("NFKC", text), len(reader.pages)


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda x: x.id)
def test_each_lessons_worksheet_prints_on_two_pages_of_a4_and_letter(page, site_url, lesson):
    visit(page, f"{site_url}{ARTICLE}worksheet/{lesson.id}/")
    for paper in ("A4", "Letter"):
        text, pages = pdf(page, paper)
        assert pages <= 2, (paper, pages)
        for name in part_names(lesson).values():  # every task of the plan, on the sheet
            assert name in text, (paper, name)
        assert f"{site_url}{ARTICLE}" in text.replace(" ", "")  # addresses, printed in full
    size = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.mg-prompt')).fontSize)"
    )
    assert size >= 11 * 96 / 72 - 0.1  # 11 pt or more, printed
    lines = page.evaluate(
        """[...document.querySelectorAll('.mg-sheet > .mg-part .mg-line')]
             .filter(l => l.parentElement.classList.contains('mg-part'))
             .map(l => {
               const box = getComputedStyle(l.parentElement);
               const inner = l.parentElement.clientWidth - parseFloat(box.paddingLeft)
                 - parseFloat(box.paddingRight);
               return l.getBoundingClientRect().width / inner;
             })"""
    )
    assert lines and min(lines) > 0.99  # the writing lines run the full width


def test_three_clicks_from_the_home_page_to_printing_a_50_minute_handout(page, site_url):
    visit(page, site_url + "/")
    page.get_by_role("link", name="Teacher guide").first.click()  # 1
    page.wait_for_url("**/teachers/")
    row = page.locator("tr", has_text="One 50-minute period")
    row.get_by_role("link", name="Worksheet, 2 pages").click()  # 2
    page.wait_for_url("**/worksheet/one-period/")
    page.wait_for_selector("html[data-mg-scripts=ready]", state="attached")
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    page.get_by_role("button", name="Print this worksheet").click()  # 3
    assert page.evaluate("window.printed") == 1
    _, pages = pdf(page, "Letter")
    assert pages <= 2


def test_set_in_the_address_opens_that_practice_set(page, site_url):
    page.goto(f"{site_url}{ARTICLE}practice/?set=homework")
    page.wait_for_url("**/practice/homework/")
    reveals = page.locator("details.mg-practice")
    assert reveals.count() == len(LESSONS[-1].passages)


def test_on_a_phone_practice_opens_with_its_instructions_and_a_reveal_stays_short(
    browser, site_url
):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    visit(page, f"{site_url}{ARTICLE}practice/one-period/")
    howto = page.locator("#how-to-practise").bounding_box()
    first_mark = page.locator("mark.mg-mark--practice").first.bounding_box()
    assert howto["y"] < first_mark["y"]
    assert howto["y"] < 740  # on the first screen
    reveal = page.locator("details.mg-practice").first
    reveal.locator("> summary").click()
    height = reveal.bounding_box()["height"]
    assert height < 900, height  # the summary; the full note (2,000–3,100 px) is behind "More"
    reveal.locator("details.mg-practice__more > summary").first.click()
    assert reveal.bounding_box()["height"] > height
    context.close()


def test_the_answer_key_is_not_in_the_navigation(page, site_url):
    for path in ("/", ARTICLE, f"{ARTICLE}practice/"):
        visit(page, site_url + path)
        assert page.locator(".md-nav a[href*='answer-key']").count() == 0, path
        for lesson in LESSONS:
            for kind in ("worksheet", "practice"):
                link = page.locator(f".md-nav a[href*='{kind}/{lesson.id}']")
                assert link.count() == 0, (path, kind, lesson.id)


def test_a_practice_set_has_no_search_box_and_no_navigation_to_the_answers(page, site_url):
    visit(page, f"{site_url}{ARTICLE}practice/one-period/")
    assert not page.locator(".md-search").is_visible()
    assert not page.locator(".md-header__button[for='__search']").is_visible()
    assert not page.locator(".md-sidebar--primary").is_visible()
    visit(page, site_url + ARTICLE)  # the article page keeps its search
    assert page.locator(".md-search__input").is_visible()
