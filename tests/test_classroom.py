"""Practice mode, worksheet and answer key."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from marginalia.data.corpus import load_corpus
from marginalia.pages.site import generate_pages


@pytest.fixture
def pages(mini):
    note = mini / "annotations" / "mini" / "council-vote.yml"
    note.write_text(note.read_text() + "questions:\n  - Who keeps the minutes?\n")
    corpus, problems = load_corpus(mini)
    assert problems == []
    return generate_pages(corpus)


def test_practice_mode_shows_highlights_but_hides_kinds_and_notes(pages):
    md = pages["articles/mini/practice.md"]
    assert "search:\n  exclude: true" in md.split("---")[1]
    page = BeautifulSoup(md, "html.parser")
    marks = page.select("mark.mg-mark")
    assert marks and all(m["class"] == ["mg-mark", "mg-mark--practice"] for m in marks)
    assert not page.select("mark[data-note]") and not page.select(".mg-mark--context")
    reveals = page.select("details.mg-practice")
    assert [d["id"] for d in reveals] == [f"practice-{n}" for n in range(1, 5)]
    assert not any(d.has_attr("open") for d in reveals)  # hidden until revealed, with or without JS
    assert [a["href"] for a in page.select("a.mg-ref--practice")] == [
        f"#practice-{n}" for n in (2, 1, 3, 4)
    ]
    assert "Reveal the note on passage 1" in reveals[0].summary.get_text()


def test_worksheet_has_a_task_for_every_passage_and_the_questions(pages):
    md = pages["articles/mini/worksheet.md"]
    page = BeautifulSoup(md, "html.parser")
    tasks = page.select(".mg-task")
    assert len(tasks) == 4
    assert "“The council voted to close the old bridge for repairs”" in tasks[0].get_text()
    assert "☐ Context ☐ Counterpoint ☐ Source check" in tasks[0].get_text()
    assert "- (passage 1) Who keeps the minutes?" in md


def test_answer_key_is_hidden_from_search_and_search_engines(pages):
    md = pages["articles/mini/answer-key.md"]
    front = md.split("---")[1]
    assert "search:\n  exclude: true" in front and "robots: noindex, nofollow" in front
    assert (
        "**Source check**, verdict *Accurate*. [The minutes record the vote](../mini.md#council-vote)"
        in md
    )
    assert "\n    - Discuss: Who keeps the minutes?" in md


def test_the_built_answer_key_tells_robots_not_to_index(mini, tmp_path):
    from marginalia.engines.mkdocs_build import build_site

    site = tmp_path / "site"
    assert build_site(mini, site) == []
    key = BeautifulSoup((site / "articles/mini/answer-key/index.html").read_text(), "html.parser")
    assert key.find("meta", attrs={"name": "robots"})["content"] == "noindex, nofollow"
    from .conftest import search_pages

    indexed = search_pages(site)
    assert "/articles/mini/" in indexed
    assert not [url for url in indexed if "answer-key" in url or "practice" in url]
