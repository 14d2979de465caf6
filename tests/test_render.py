"""Rendering: golden files for the generated pages, and the sanitiser's guarantees."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from marginalia.data.corpus import load_corpus
from marginalia.data.model import TechniqueUse
from marginalia.pages.render import plain, render_markdown
from marginalia.pages.site import article_page, generate_pages

GOLDEN = Path(__file__).parent / "golden"


def check_golden(name: str, actual: str, update: bool) -> None:
    path = GOLDEN / name
    if update:
        path.write_text(actual, encoding="utf-8")
    assert path.is_file(), f"{path} is missing: run pytest --update-goldens"
    assert actual == path.read_text(encoding="utf-8")


@pytest.fixture
def corpus(mini):
    corpus, problems = load_corpus(mini)
    assert problems == []
    return corpus


def test_article_page_matches_golden(corpus, update_goldens):
    page = article_page(corpus.articles["mini"], corpus.for_article("mini"), corpus.extras)
    check_golden("mini-article.md", page, update_goldens)


@pytest.mark.parametrize(
    "name", ["articles/mini/notes.md", "notes/kinds.md", "notes/sources.md", "method/index.md"]
)
def test_index_pages_match_golden(corpus, update_goldens, name):
    check_golden(name.replace("/", "-"), generate_pages(corpus)[name], update_goldens)


def soup(corpus) -> BeautifulSoup:
    return BeautifulSoup(
        article_page(corpus.articles["mini"], corpus.for_article("mini"), corpus.extras),
        "html.parser",
    )


def test_nested_and_crossing_highlights_keep_every_note_reachable(corpus):
    page = soup(corpus)
    # old-bridge sits inside council-vote; repairs-mayor crosses council-vote's end.
    inner = page.find("mark", id="ref-old-bridge")
    assert inner.find_parent("mark")["data-note"] == "council-vote"
    pieces = page.find_all("mark", attrs={"data-note": "repairs-mayor"})
    assert len(pieces) == 2  # split where it crosses the end of council-vote
    assert pieces[0].find_parent("mark")["data-note"] == "council-vote"
    assert (
        "".join(p.get_text() for p in pieces)
        == "for repairs, and the mayor said the bridge was “unsafe”"
    )
    for note_id in ("council-vote", "old-bridge", "repairs-mayor", "council-met-again"):
        assert len(page.find_all(id=f"ref-{note_id}")) == 1
        heading = page.find(id=note_id)  # a heading to assistive technology, not a search section
        assert (heading.name, heading["role"], heading["aria-level"]) == ("p", "heading", "3")
        assert page.find(id=f"note-{note_id}")["role"] == "comment"
        assert page.find("a", class_="mg-ref", href=f"#{note_id}")
        assert page.find("a", class_="mg-back", href=f"#ref-{note_id}")


def test_links_of_the_original_are_shown_as_links_not_tags(corpus):
    page = soup(corpus)
    assert "<u>" not in str(page) and "&lt;u&gt;" not in str(page)
    link = page.find("span", class_="mg-origlink")
    assert link.find("mark").get_text() == "old bridge"  # with its note marker after it
    assert link.find_next_sibling("span")["class"] == ["mg-origlink__tag"]


def test_notes_follow_their_block_and_are_numbered_in_reading_order(corpus):
    page = soup(corpus)
    row = page.find(id="p3").parent
    notes = [n["id"] for n in row.select(".mg-note")]
    assert notes == ["note-council-vote", "note-old-bridge", "note-repairs-mayor"]
    assert [a.get_text(" ", strip=True)[:3] for a in row.select("a.mg-ref")] == [
        "i2 ",
        "✓1 ",
        "⇄3 ",
    ]


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("<script>alert(1)</script>Hi", "<p>Hi</p>"),
        ("[x](javascript:alert(1))", "<p>x</p>"),
        ("[x](data:text/html,hi)", "<p>x</p>"),
        ('<img src=x onerror="alert(1)">', "<p></p>"),
        (
            "<a href='https://a.example' onclick='alert(1)'>y</a>",
            '<p><a href="https://a.example" rel="noopener noreferrer">y</a></p>',
        ),
        (
            "[ok](https://a.example/p?q=1)",
            '<p><a href="https://a.example/p?q=1" rel="noopener noreferrer">ok</a></p>',
        ),
        (
            "[inside](#other-note)",
            '<p><a href="#other-note" rel="noopener noreferrer">inside</a></p>',
        ),
        ("<style>body{display:none}</style>text", "<p>text</p>"),
        ("# Heading\n\ntext", "Heading\n<p>text</p>"),
        ("*em* and **strong**", "<p><em>em</em> and <strong>strong</strong></p>"),
    ],
)
def test_markdown_is_sanitised(markdown, expected):
    assert render_markdown(markdown).strip() == expected


def test_plain_text_is_escaped_and_loses_bidi_and_zero_width_controls():
    assert plain('<b>"x"</b>\u202e\u200bok') == "&lt;b&gt;&quot;x&quot;&lt;/b&gt;ok"


def test_evidence_shows_under_its_source_in_a_disclosure_escaped(corpus):
    pages = generate_pages(corpus)
    notes = pages["articles/mini/notes.md"]
    soup = BeautifulSoup(notes, "html.parser")
    details = soup.select("#note-repairs-mayor .mg-sources details.mg-evidence")
    assert len(details) == 1
    assert details[0].summary.get_text(" ", strip=True) == "What the source says (1 excerpt)"
    quote = details[0].blockquote
    assert quote.p.get_text() == "Two of us inspected it: the closure is a <b>needless</b> panic."
    assert quote.select_one(".mg-evidence__where").get_text() == "para 2"
    assert "<b>needless" not in notes  # escaped, never live markup
    # the card on the article page stays short: no evidence there
    assert "mg-evidence" not in pages["articles/mini.md"]


def test_techniques_name_whose_words_they_mark(corpus):
    pages = generate_pages(corpus)
    assert _whose(pages, "articles/mini/notes.md") == [
        "(the article; others: “a <b>needless</b> panic”)"
    ]
    assert _whose(pages, "articles/mini.md") == ["(the article; others)"]


def _whose(pages: dict, page: str) -> list[str]:
    """The technique lines of the note repairs-mayor on a generated page."""
    soup = BeautifulSoup(pages[page], "html.parser")
    return [s.get_text() for s in soup.select("#note-repairs-mayor .mg-techniques__who")]


def test_a_speaker_tagged_twice_is_named_once_with_all_its_words(corpus):
    note = next(a for a in corpus.annotations if a.id == "repairs-mayor")
    twice = TechniqueUse("loaded-language", "others", "closure")
    note = dataclasses.replace(note, technique_uses=(*note.technique_uses, twice))
    pages = generate_pages(dataclasses.replace(corpus, annotations=(note,)))
    assert _whose(pages, "articles/mini/notes.md") == [
        "(the article; others: “a <b>needless</b> panic”, “closure”)"
    ]
    assert _whose(pages, "articles/mini.md") == ["(the article; others)"]


def test_a_copy_links_its_original_first_and_a_paywall_is_said_in_words():
    from marginalia.data.model import Source
    from marginalia.pages.render import render_source

    copy = Source(
        "A story",
        "BBC News",
        "2020-01-04",
        "https://copy.example/story",
        "copy on Example News",
        original="https://www.bbc.com/news/story",
        paywall=True,
    )
    item = BeautifulSoup(render_source(copy), "html.parser")
    links = [a["href"] for a in item.find_all("a")]
    assert links == ["https://www.bbc.com/news/story", "https://copy.example/story"]
    text = " ".join(item.get_text(" ").split())
    assert "(may ask for a subscription)" in text
    assert "(read via copy on Example News )" in text or "(read via copy on Example News)" in text
    plain_copy = Source("A story", "BBC News", "2020", "https://copy.example/s", "a copy")
    item = BeautifulSoup(render_source(plain_copy), "html.parser")
    assert [a["href"] for a in item.find_all("a")] == ["https://copy.example/s"]
    assert "subscription" not in item.get_text()


def test_the_techniques_index_lists_only_techniques_with_notes_and_names_the_rest():
    from marginalia.data.taxonomy import label, taxonomy
    from marginalia.pages.indexes import by_technique

    corpus, problems = load_corpus(Path(__file__).resolve().parent.parent)
    assert problems == []
    page = by_technique(corpus)
    assert "No notes yet" not in page
    used = {t for a in corpus.annotations for t in a.techniques}
    for key in taxonomy()["techniques"]:
        heading = f'<h2 id="{key}">' in page
        assert heading == (key in used), key
        if key not in used:
            assert label("techniques", key) in page.split('id="not-found"')[1]
