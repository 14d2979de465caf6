"""Timeline, quote traces, about page and glossary: loading, checking, rendering."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from marginalia.data.corpus import load_corpus
from marginalia.pages.companions import word_diff
from marginalia.pages.site import generate_pages


@pytest.fixture
def pages(mini):
    corpus, problems = load_corpus(mini)
    assert problems == []
    return generate_pages(corpus)


def test_companion_pages_are_generated_and_linked_from_the_article(pages):
    for name in ("about", "timeline", "quotes"):
        assert f"articles/mini/{name}.md" in pages
    assert "glossary.md" in pages
    links = BeautifulSoup(pages["articles/mini.md"], "html.parser").select(".mg-companions a")
    assert [(a["href"], a.get_text()) for a in links] == [
        ("../mini/notes/", "The notes in full"),
        ("../mini/about/", "About the source"),
        ("../mini/timeline/", "Timeline"),
        ("../mini/quotes/", "Quote traces"),
        ("../../glossary/", "Glossary"),
    ]


def test_timeline_has_a_chart_and_an_accessible_list(pages):
    page = BeautifulSoup(pages["articles/mini/timeline.md"].split("---", 2)[2], "html.parser")
    svg = page.find("svg")
    assert svg["role"] == "group" and "3 events" in svg["aria-label"]
    assert len(svg.find_all("circle")) == 3
    assert [c["class"][-1] for c in svg.find_all("circle")] == [
        "mg-tl-dot--mentions",
        "mg-tl-dot--omits",
        "mg-tl-dot--mentions",
    ]
    items = page.select("ol.mg-events > li")
    assert [li["id"] for li in items] == ["event-1", "event-2", "event-3"]
    assert items[1].select_one(".mg-event__tag").get_text() == "Not in the article"
    assert items[0].find("a", href="../#council-vote")
    assert "Article, 16 January 2020" in str(svg)  # the article's own date is marked


def test_word_diff_marks_left_out_and_changed_words():
    original, quoted = word_diff(
        "The bridge is unsafe and will close on Monday.",
        "The old bridge is unsafe and it will close from Monday, the mayor said.",
    )
    assert original == (
        'The <del class="mg-del"><span class="mg-sr">left out: </span>old</del> bridge is unsafe and '
        '<del class="mg-del"><span class="mg-sr">left out: </span>it</del> will close '
        '<del class="mg-del"><span class="mg-sr">left out: </span>from Monday, the mayor said.</del>'
    )
    assert quoted == (
        'The bridge is unsafe and will close <ins class="mg-ins"><span class="mg-sr">changed or added: '
        "</span>on Monday.</ins>"
    )


def test_glossary_terms_link_to_their_entries_except_inside_split_highlights(pages):
    page = BeautifulSoup(pages["articles/mini.md"], "html.parser")
    terms = page.select("a.mg-term")
    assert {a["href"] for a in terms} == {"../../glossary/#council", "../../glossary/#mayor"}
    assert all(a["title"] for a in terms)
    # "council" in "The council met" (block 8) is linked; no link is ever split by a highlight
    assert page.find(id="p8").find("a", class_="mg-term").get_text() == "council"
    for a in terms:
        assert a.find("a") is None and a.find_parent("a") is None
    glossary = pages["glossary.md"]
    assert "## Council {#council}" in glossary and "## Mayor {#mayor}" in glossary


@pytest.mark.parametrize(
    ("file", "change", "expected"),
    [
        ("mini/_timeline.yml", ("note: council-vote", "note: nowhere"), "annotations/mini/_timeline.yml:7:11: error[unknown-note]: no note 'nowhere' in the article 'mini'"),
        ("mini/_timeline.yml", ("date: 2020-01-14", "date: 2020-01-20"), "annotations/mini/_timeline.yml:3:3: error[events-out-of-order]: the events are not in date order"),
        ("mini/_timeline.yml", ("article: omits", "article: maybe"), "annotations/mini/_timeline.yml:16:14: error[bad-value]: 'events[1].article' must be one of: mentions, omits; not 'maybe'"),
        ("mini/_quotes.yml", ("exact: The bridge is unsafe", "exact: The tunnel is unsafe"), "annotations/mini/_quotes.yml:3:12: error[quote-not-found]: the quote does not match exactly one place in the article"),
        ("mini/_about.md", ("A [test outlet]", "<script>x</script> [test outlet]"), "annotations/mini/_about.md:5:1: error[raw-html]: raw HTML is not allowed; use Markdown\n    hint: write the text without <tags>"),
        ("mini/_about.md", ("https://example.org/gazette", "javascript:alert(1)"), "annotations/mini/_about.md:5:17: error[unsafe-url]: 'javascript:alert(1)' is not an http(s) or internal link"),
        ("mini/_about.md", ("# About the source", "About the source"), "annotations/mini/_about.md:1:1: error[missing-heading]: the page must start with a level-1 heading: # Title"),
        ("glossary.yml", ("id: mayor", "id: council"), "annotations/glossary.yml:12:9: error[duplicate-id]: the id 'council' is used twice"),
    ],
)  # fmt: skip
def test_bad_companion_data_is_located(mini, file, change, expected):
    path = mini / "annotations" / file
    path.write_text(path.read_text().replace(*change, 1))
    _, problems = load_corpus(mini)
    assert [p.format() for p in problems] == [expected]
