"""Anchoring: exact, unique matches only; prefix/suffix choose; offsets map to the raw text."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from marginalia.data.anchoring import (
    Ambiguous,
    Anchored,
    ContextMismatch,
    NotFound,
    find_quote,
    normalise,
    normalise_quote,
    span_matches,
    visible_text,
)
from marginalia.data.corpus import load_corpus
from marginalia.data.model import TextQuoteSelector

from .conftest import DATA, ROOT

TEXT = (DATA / "mini" / "seeds" / "mini.txt").read_text(encoding="utf-8")
ARTICLE = (ROOT / "seeds" / "us-war-of-terror-continues.txt").read_text(encoding="utf-8")


def raw_of(result) -> str:
    assert isinstance(result, Anchored), result
    return TEXT[result.span.start : result.span.end]


@pytest.mark.parametrize(
    ("exact", "prefix", "suffix", "expected_raw"),
    [
        ("Officials said repairs", None, None, "Officials said repairs"),
        ("The council met", None, "again", "The council met"),  # repeated: suffix chooses
        ("met", "council", "again", "met"),
        (
            'the mayor said the bridge was "unsafe"',
            None,
            None,
            "the mayor said the   bridge was “unsafe”",
        ),
        ("old bridge", None, None, "old bridge"),  # inside the <u> link of the original
        ("close the old bridge for", None, None, "close the <u>old bridge</u> for"),
        ('A Test Headline About "Quotes"', None, None, "A Test Headline About “Quotes”"),
        ("The mayor's statement", None, None, "The mayor’s statement"),
        ("  Officials   said  ", None, None, "Officials said"),  # outer white space ignored
    ],
)
def test_anchors_the_unique_match(exact, prefix, suffix, expected_raw):
    assert raw_of(find_quote(TEXT, TextQuoteSelector(exact, prefix, suffix))) == expected_raw


def test_repeated_quote_without_context_is_ambiguous_and_lists_every_place():
    result = find_quote(TEXT, TextQuoteSelector("The council met"))
    assert isinstance(result, Ambiguous)
    assert [TEXT[s.start : s.end] for s in result.spans] == ["The council met"] * 2
    assert result.spans[0].start < result.spans[1].start


def test_context_that_still_matches_twice_stays_ambiguous():
    result = find_quote(TEXT, TextQuoteSelector("Monday", prefix=None, suffix=None))
    assert isinstance(result, Ambiguous) and len(result.spans) == 2


@pytest.mark.parametrize(
    ("selector", "part"),
    [
        (TextQuoteSelector("The council met", prefix="Nobody"), "prefix"),
        (TextQuoteSelector("The council met", suffix="yesterday"), "suffix"),
    ],
)
def test_context_that_never_matches_is_reported(selector, part):
    result = find_quote(TEXT, selector)
    assert isinstance(result, ContextMismatch) and result.part == part
    assert len(result.spans) == 2


def test_missing_quote_gives_the_closest_text():
    result = find_quote(TEXT, TextQuoteSelector("Officials said the repairs would take a year"))
    assert isinstance(result, NotFound)
    assert visible_text(TEXT, result.closest).startswith("Officials said repairs")


def test_nothing_close_gives_no_hint():
    assert find_quote(TEXT, TextQuoteSelector("zzzz qqqq")) == NotFound(closest=None)


def test_fuzzy_never_anchors():
    assert isinstance(find_quote(TEXT, TextQuoteSelector("The counsel voted")), NotFound)


def test_case_is_significant():
    assert isinstance(find_quote(TEXT, TextQuoteSelector("the council voted")), NotFound)


def test_normalise_keeps_an_offset_for_every_character():
    norm = normalise("a  <u>“b”</u>\n c")
    assert norm.text == 'a "b" c'
    assert len(norm.offsets) == len(norm.text) + 1
    assert [norm.offsets[i] for i in range(len(norm.text))] == [0, 1, 6, 7, 8, 13, 15]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(" \t\n\u00a0\u2003ab<u>/“”‘’–—-\"'")), max_size=40))
def test_the_quote_shortcut_equals_the_full_normalisation(text):
    assert normalise_quote(text) == normalise(text).text.strip()


@st.composite
def substrings(draw, text: str):
    norm = normalise(text)
    start = draw(st.integers(0, len(norm.text) - 2))
    end = draw(st.integers(start + 1, min(len(norm.text), start + 80)))
    exact = norm.text[start:end]
    assume(exact.strip() == exact and exact)
    prefix = norm.text[max(0, start - 32) : start].strip() or None
    suffix = norm.text[end : end + 32].strip() or None
    return norm.offsets[start], norm.offsets[end - 1] + 1, TextQuoteSelector(exact, prefix, suffix)


@settings(max_examples=300, deadline=None)
@given(substrings(ARTICLE))
def test_any_substring_with_its_context_anchors_to_itself(case):
    start, end, selector = case
    result = find_quote(ARTICLE, selector)
    assert isinstance(result, Anchored), (selector, result)
    assert (result.span.start, result.span.end) == (start, end)
    assert span_matches(ARTICLE, result.span, selector)


# --- article drift: properties over the real article and its real notes -----------------


NOTES = load_corpus(ROOT)[0].for_article("us-war-of-terror-continues")
CONTEXT = 40  # a prefix or suffix never reaches further than this


def outside_every_quote(position: int) -> bool:
    return all(not (a.span.start - CONTEXT <= position <= a.span.end + CONTEXT) for a in NOTES)


FREE = [i for i in range(len(ARTICLE)) if outside_every_quote(i)]


@settings(max_examples=150, deadline=None)
@given(
    position=st.sampled_from(FREE),
    deleted=st.integers(0, 3),
    inserted=st.text(alphabet="qxzjv \n", max_size=6),
)
def test_edits_outside_every_quote_never_orphan_a_note(position, deleted, inserted):
    end = min(position + deleted, len(ARTICLE))
    assume(all(outside_every_quote(i) for i in range(position, end)))
    edited = ARTICLE[:position] + inserted + ARTICLE[end:]
    for note in NOTES:
        result = find_quote(edited, note.target)
        assert isinstance(result, Anchored), (note.id, result)
        assert span_matches(edited, result.span, note.target)


@settings(max_examples=150, deadline=None)
@given(note=st.sampled_from(NOTES), data=st.data())
def test_an_edit_inside_a_quote_is_always_reported(note, data):
    letters = [i for i in range(note.span.start, note.span.end) if ARTICLE[i].isalnum()]
    position = data.draw(st.sampled_from(letters))
    replacement = data.draw(st.sampled_from([c for c in "Q7#" if c != ARTICLE[position]]))
    edited = ARTICLE[:position] + replacement + ARTICLE[position + 1 :]
    assert not isinstance(find_quote(edited, note.target), Anchored)
