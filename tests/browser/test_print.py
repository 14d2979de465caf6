"""Print, as a teacher would: Chromium prints to PDF, and the PDF's text is read back."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from marginalia.corpus import load_corpus

from ..conftest import ROOT
from .conftest import ARTICLE

pytestmark = pytest.mark.browser
NOTES = load_corpus(ROOT)[0].for_article("us-war-of-terror-continues")


def printed(browser, url: str) -> tuple[str, int]:
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("load")
    page.emulate_media(media="print")
    reader = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=False)))
    context.close()
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    return text, len(reader.pages)


def test_the_article_prints_with_every_note_as_a_numbered_endnote(browser, site_url):
    text, pages = printed(browser, site_url + ARTICLE)
    assert "Assassinating Iran's Top Anti-ISIS General" in text
    notes_part = text[text.rindex("Notes ") :]
    for a in NOTES:
        assert " ".join(a.title.split())[:40] in notes_part, a.id
    assert "Search" not in text[:200] and "Notes by kind" not in text  # no site chrome
    assert 10 <= pages <= 40


def test_the_worksheet_prints_as_a_clean_handout(browser, site_url):
    text, pages = printed(browser, site_url + ARTICLE + "worksheet/")
    assert text.startswith("Worksheet") or "Worksheet" in text[:100]
    assert "Name:" in text and "Class:" in text
    for number in range(1, len(NOTES) + 1):
        assert f"{number}. “" in text, number
    assert "Notes by kind" not in text and pages >= 2
