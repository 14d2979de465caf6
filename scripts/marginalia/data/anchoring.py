"""Anchor W3C TextQuoteSelectors to exact spans of an article's verbatim text.

Matching runs on a normalised copy of the text (inline markup removed, white space folded,
typographic quotes and dashes made plain) with an offset map back to the verbatim text, in
the way of the hypothesis/client anchoring code. Only an exact, unique match anchors; prefix
and suffix choose between repeats. Fuzzy matching never anchors: it only writes a hint.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from marginalia.data.model import Span, TextQuoteSelector

# Inline markup that the stored text carries (links of the original, as <u>…</u>).
INLINE_TAG = re.compile(r"</?u>")
_FOLD = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    }
)  # fmt: skip


@dataclass(frozen=True)
class NormalisedText:
    """A normalised text and, for each of its characters, the offset in the verbatim text."""

    text: str
    offsets: tuple[int, ...]  # len(text) + 1 entries; the last is the end of the source


def normalise(raw: str) -> NormalisedText:
    """Drop inline tags, fold every run of white space to one space, plain quotes and dashes."""
    chars: list[str] = []
    offsets: list[int] = []
    tag_ends = {m.start(): m.end() for m in INLINE_TAG.finditer(raw)}
    i, n = 0, len(raw)
    while i < n:
        if i in tag_ends:
            i = tag_ends[i]
            continue
        ch = raw[i]
        if ch.isspace():
            if chars and chars[-1] != " ":
                chars.append(" ")
                offsets.append(i)
            i += 1
            continue
        chars.append(ch.translate(_FOLD))
        offsets.append(i)
        i += 1
    offsets.append(n)
    return NormalisedText("".join(chars), tuple(offsets))


_SPACES = re.compile(r"\s+")


def normalise_quote(text: str) -> str:
    """`normalise(text).text.strip()` without the offset map: a quote needs none, and this runs
    three times for every note that `marginalia check` reads."""
    return _SPACES.sub(" ", INLINE_TAG.sub("", text)).translate(_FOLD).strip()


@lru_cache(maxsize=64)
def normalised_article(raw: str) -> NormalisedText:
    return normalise(raw)


@dataclass(frozen=True)
class Anchored:
    span: Span


@dataclass(frozen=True)
class NotFound:
    closest: Span | None  # the closest text, for a "did you mean" hint


@dataclass(frozen=True)
class Ambiguous:
    spans: tuple[Span, ...]  # every place the quote matches (after prefix/suffix)


@dataclass(frozen=True)
class ContextMismatch:
    """The quote occurs, but never with the given prefix or suffix."""

    part: str  # "prefix" or "suffix"
    spans: tuple[Span, ...]


AnchorResult = Anchored | NotFound | Ambiguous | ContextMismatch


def find_quote(raw: str, selector: TextQuoteSelector) -> AnchorResult:
    """Find the unique span of `raw` that `selector` describes."""
    norm = normalised_article(raw)
    exact = normalise_quote(selector.exact)
    if not exact:
        return NotFound(closest=None)
    starts = _occurrences(norm.text, exact)
    if not starts:
        return NotFound(closest=_closest(norm, exact))
    chosen = starts
    if selector.prefix is not None:
        prefix = normalise_quote(selector.prefix)
        chosen = [s for s in chosen if _has_prefix(norm.text, s, prefix)]
        if not chosen:
            return ContextMismatch("prefix", _spans(norm, starts, len(exact)))
    if selector.suffix is not None:
        suffix = normalise_quote(selector.suffix)
        before_suffix = chosen
        chosen = [s for s in chosen if _has_suffix(norm.text, s + len(exact), suffix)]
        if not chosen:
            return ContextMismatch("suffix", _spans(norm, before_suffix, len(exact)))
    if len(chosen) > 1:
        return Ambiguous(_spans(norm, chosen, len(exact)))
    return Anchored(_spans(norm, chosen, len(exact))[0])


def _occurrences(text: str, needle: str) -> list[int]:
    found, i = [], text.find(needle)
    while i != -1:
        found.append(i)
        i = text.find(needle, i + 1)
    return found


def _has_prefix(text: str, start: int, prefix: str) -> bool:
    """`prefix` ends just before `start`, white space between them ignored."""
    end = start - 1 if start and text[start - 1] == " " else start
    return text.endswith(prefix, 0, end)


def _has_suffix(text: str, end: int, suffix: str) -> bool:
    """`suffix` starts just after `end`, white space between them ignored."""
    start = end + 1 if end < len(text) and text[end] == " " else end
    return text.startswith(suffix, start)


def _spans(norm: NormalisedText, starts: list[int], length: int) -> tuple[Span, ...]:
    return tuple(Span(norm.offsets[s], norm.offsets[s + length - 1] + 1) for s in starts)


def _closest(norm: NormalisedText, exact: str, reach: int = 24) -> Span | None:
    """The run of whole words most like `exact`, found around their longest common run of
    characters: exactly the words to paste back, not a window shifted into its neighbours."""
    text = norm.text
    matcher = difflib.SequenceMatcher(None, text, exact, autojunk=False)
    match = matcher.find_longest_match(0, len(text), 0, len(exact))
    if match.size < min(8, len(exact)):
        return None
    guess_start = max(0, match.a - match.b)
    guess_end = min(len(text), guess_start + len(exact))
    low, high = max(0, guess_start - reach), min(len(text), guess_end + reach)
    starts = [i for i in range(low, high) if i == 0 or text[i - 1] == " "] or [guess_start]
    ends = [i for i in range(low, high + 1) if i == len(text) or text[i] == " "] or [guess_end]
    words = len(exact.split())

    def score(pair: tuple[int, int]) -> tuple[float, int]:
        found = text[pair[0] : pair[1]]
        likeness = fuzz.ratio(exact, found) - 5 * abs(len(found.split()) - words)
        return likeness, -abs(pair[0] - guess_start)

    start, end = max(((a, b) for a in starts for b in ends if b > a), key=score)
    while end - 1 > start and text[end - 1] in ",;:" and exact[-1:] not in ",;:":
        end -= 1  # the words, without the comma that follows them
    return Span(norm.offsets[start], norm.offsets[end - 1] + 1)


def word_changes(quote: str, found: str) -> list[str]:
    """How a quote differs from the closest words of the article, word by word."""
    a, b = quote.split(), found.split()
    bare = [w.strip(",.;:!?") for w in a], [w.strip(",.;:!?") for w in b]
    changes = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, *bare, autojunk=False).get_opcodes():
        ours, theirs = " ".join(a[i1:i2]), " ".join(b[j1:j2])
        if op == "replace":
            changes.append(f"\u201c{ours}\u201d \u2192 \u201c{theirs}\u201d")
        elif op == "delete":
            changes.append(f"\u201c{ours}\u201d is not in the article")
        elif op == "insert":
            changes.append(f"the article has \u201c{theirs}\u201d here")
    return changes


def visible_text(raw: str, span: Span) -> str:
    """The text of a span as a reader sees it: inline tags removed, white space folded."""
    return normalise_quote(raw[span.start : span.end])


def span_matches(raw: str, span: Span, selector: TextQuoteSelector) -> bool:
    """The check run after anchoring: the text at the span equals the quote."""
    return visible_text(raw, span) == normalise_quote(selector.exact)


def unique_prefix(raw: str, span: Span, exact: str, most: int = 12) -> str | None:
    """The fewest words just before `span` that, as a prefix, make the quote anchor there."""
    words = raw[: span.start].replace("<u>", " ").replace("</u>", " ").split()
    for size in range(1, min(most, len(words)) + 1):
        prefix = " ".join(words[-size:])
        result = find_quote(raw, TextQuoteSelector(exact, prefix))
        if isinstance(result, Anchored) and result.span.start == span.start:
            return prefix
    return None
