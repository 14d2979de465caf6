"""Print, as a teacher would: Chromium prints to PDF, and the PDF's text is read back."""

from __future__ import annotations

import io
import unicodedata

import pytest
from pypdf import PdfReader

from marginalia.data.corpus import load_corpus

from ..conftest import ROOT
from .conftest import ARTICLE, visit

pytestmark = pytest.mark.browser
NOTES = load_corpus(ROOT)[0].for_article("us-war-of-terror-continues")


def printed(browser, url: str) -> tuple[str, int]:
    context = browser.new_context()
    page = context.new_page()
    visit(page, url)
    page.emulate_media(media="print")
    reader = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=False)))
    context.close()
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    text = unicodedata.normalize("NFKC", text)  # PDF text keeps ligatures: "ﬁ" for "fi"
    return text, len(reader.pages)


def words(text: str) -> str:
    return " ".join(text.split())


def test_the_article_prints_with_every_note_after_its_paragraph(browser, site_url):
    text, pages = printed(browser, site_url + ARTICLE)
    assert "Assassinating Iran's Top Anti-ISIS General" in text
    assert "print that page for the complete set" in text  # where the full notes are
    where = [text.find(words(a.summary)[:60]) for a in NOTES]
    assert -1 not in where, [a.id for a, at in zip(NOTES, where, strict=True) if at == -1]
    assert where == sorted(where)  # in reading order, each after its own paragraph
    assert "Show the full note" not in text and "Link to this note" not in text
    assert "Search" not in text[:200] and "Notes by kind" not in text  # no site chrome
    assert 5 <= pages <= 25


def test_the_notes_page_prints_every_note_in_full(browser, site_url):
    text, pages = printed(browser, site_url + ARTICLE + "notes/")
    for a in NOTES:
        assert words(a.summary)[:60] in text, a.id
    assert text.count("Sources ") >= len(NOTES)
    assert "Search" not in text[:200] and pages >= 10


def test_the_worksheet_prints_as_a_clean_handout(browser, site_url):
    text, pages = printed(browser, site_url + ARTICLE + "worksheet/")
    assert text.startswith("Worksheet") or "Worksheet" in text[:100]
    assert "Name:" in text and "Class:" in text
    for number in range(1, len(NOTES) + 1):
        assert f"{number}. “" in text, number
    assert "Notes by kind" not in text and pages >= 2
