"""Quotations and figures held to their evidence.

Every quotation in a note (text in straight or typographic double quotes) must be found in the
article or in an evidence excerpt or title of one of that note's own sources; every figure (a
count, amount, percentage or measure, not a calendar date) likewise. Matching folds case,
white space, typographic quotes and dashes; an ellipsis or a bracketed insertion inside a
quotation lets words be skipped, the pieces then matching in order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from marginalia.data.loader import Document
from marginalia.data.model import Location, Source
from marginalia.data.problems import Problem

_FOLD = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u02bc": "'",
        "\u2032": "'",
        "`": "'",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
    }
)
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
_EMPHASIS = re.compile(r"\*{1,3}|(?<![\w])_{1,2}|_{1,2}(?![\w])")
_GAP = re.compile(r"\s*(?:\[[^\]]*\]|\u2026|\.\.\.+)\s*")
EDGE = " \t\n,.;:!?'\"-"


_DASH = re.compile(r"\s*-\s*")


@lru_cache(maxsize=16384)  # titles, excerpts and quoted phrases recur across notes
def fold(text: str) -> str:
    """Text as matching sees it: typographic quotes and dashes plain, white space single,
    the article's link marks removed, lower case."""
    if "<u>" in text:
        text = text.replace("<u>", "").replace("</u>", "")
    if not text.isascii() or "`" in text:  # the one ASCII character the table folds
        text = text.translate(_FOLD)
    if "-" in text:
        text = _DASH.sub("-", text)
    return " ".join(text.split()).lower()


@lru_cache(maxsize=4096)  # a note's fields are read by several checks
def plain_markdown(text: str) -> str:
    """Markdown as a reader reads it: link text without its address, emphasis marks gone."""
    return _EMPHASIS.sub("", _LINK.sub(r"\1", text))


@dataclass(frozen=True)
class Quotation:
    text: str  # the words between the quotation marks, as written
    opening: str  # the opening mark and the words after it, to find it in the file


_QUOTED = re.compile('\u201c([^\u201d]*)\u201d|"([^"]*)"')


def quotations(text: str) -> list[Quotation]:
    """The double-quoted passages of a Markdown or plain text, outermost only: from an opening
    mark to the first closing one (straight quotes pair in order)."""
    found: list[Quotation] = []
    for m in _QUOTED.finditer(plain_markdown(text)):
        inner = m.group(1) if m.group(1) is not None else m.group(2)
        if inner.strip():
            found.append(Quotation(inner, m.group(0)[0] + inner.split("\n")[0][:40]))
    return found


def pieces(quotation: str) -> list[str]:
    """A quotation's words split at ellipses and bracketed insertions, folded."""
    parts = (fold(p).strip(EDGE) for p in _GAP.split(quotation))
    return [p for p in parts if p]


def found_in(parts: list[str], haystack: str) -> bool:
    """All parts in `haystack` (folded), in order."""
    at = 0
    for part in parts:
        at = haystack.find(part, at)
        if at < 0:
            return False
        at += len(part)
    return True


# ---- figures ------------------------------------------------------------------------------

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_DATES = re.compile(  # matched on lower-cased text
    rf"\b\d{{1,2}}(?:\s*[-\u2013\u2014]\s*\d{{1,2}})?\s+(?:{_MONTHS})\b\.?"
    rf"|\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:\s*[-\u2013\u2014]\s*\d{{1,2}})?\b"
    r"|\b(?:1[89]|20)\d\d(?:\s*[-\u2013\u2014/]\s*(?:(?:1[89]|20)\d\d|\d\d))?s?\b"
)
_WORDS = {
    "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "thousand": 1000, "million": 1e6, "billion": 1e9, "dozen": 12,
}  # fmt: skip
_SMALL = {"one": 1, "two": 2, "a": 1}
_SCALES = {"dozen": 12, "hundred": 100, "thousand": 1000, "million": 1e6, "billion": 1e9}
_VAGUE = ("hundreds", "thousands", "millions", "billions", "dozens", "tens")
_FIGURE_IN_DIGITS = (
    r"(?<![\w/.\-])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w/]|\.\d|-[a-z]\w*\d)"
    r"(?:\s*(%|percent|per cent))?(?:\s+(hundred|thousand|million|billion)\b)?"
)
_ANY_NUMBER_WORD, _ANY_VAGUE = "|".join(_WORDS), "|".join(_VAGUE)
_NUMBER = re.compile(
    _FIGURE_IN_DIGITS
    + rf"|\b((?:(?:{_ANY_NUMBER_WORD}|one|two|a)[\s-]+)*(?:{_ANY_NUMBER_WORD}))\b"
    + rf"|\b({_ANY_VAGUE})\b"
)  # matched on lower-cased text: a case-blind pattern is several times slower
_DIGITS = re.compile(_FIGURE_IN_DIGITS)  # _NUMBER's digits branch, for texts with no number word
_TOKEN = re.compile(r"[a-z]+")
_RUN = re.compile(r"\d+")
_NUMBER_WORDS = frozenset({*_WORDS, *_VAGUE})
_NUMBER_STARTS = _NUMBER_WORDS | {*_SMALL}  # the words a figure in words can start with
# every number word holds one of these (tens: ten): a text with none of them has no number word
_WORD_STEMS = tuple(
    sorted(w for w in _NUMBER_WORDS if not any(o in w for o in _NUMBER_WORDS - {w}))
)


@dataclass(frozen=True)
class Figure:
    text: str  # as written
    value: float | str  # a number, or a vague plural ("hundreds")


def _word_value(words: str) -> float:
    total, current = 0.0, 0.0
    for w in re.split(r"[\s-]+", words.lower()):
        if w in _SCALES:
            current = (current or 1) * _SCALES[w]
            if _SCALES[w] >= 1000:
                total, current = total + current, 0.0
        else:
            current += _WORDS.get(w, _SMALL.get(w, 0))
    return total + current


def figures(text: str, *, skip_dates: bool = True) -> Iterator[Figure]:
    """The figures of a text: numbers in digits or words, with calendar dates left out."""
    lower = text.lower()
    if len(lower) != len(text):  # a letter whose lower case is longer: keep offsets aligned
        lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    words_here = _has_number_word(lower)
    runs = _digit_runs(lower)
    if not words_here and not runs:
        return
    if skip_dates and runs:  # every date pattern has a digit
        lower = _blank_dates(lower, runs)
    for m in _numbers(lower, runs) if words_here else _matches(_DIGITS, lower, runs):
        digits, decimals, _percent, scale, words, vague = (*m.groups(), None, None)[:6]
        if digits is not None:
            value = float(digits.replace(",", "") + (decimals or ""))
            if scale:
                value *= _SCALES[scale.lower()]
            yield Figure(text[m.start() : m.end()], value)
        elif words is not None:
            yield Figure(text[m.start() : m.end()], _word_value(words))
        else:
            yield Figure(text[m.start() : m.end()], vague)


def _has_number_word(lower: str) -> bool:
    for stem in _WORD_STEMS:  # a quick look for the letters first: most texts have none
        if stem in lower:
            return not _NUMBER_WORDS.isdisjoint(_TOKEN.findall(lower))
    return False


def _digit_runs(text: str) -> list[int]:
    """Where each run of digits starts. In ASCII text, found with `str.find`, a few times
    faster than the regex engine, which the rest of Unicode's digits need."""
    if not text.isascii():
        return [m.start() for m in _RUN.finditer(text)]
    found = []
    for digit in "0123456789":
        at = text.find(digit)
        while at >= 0:
            found.append(at)
            at = text.find(digit, at + 1)
    found.sort()
    return [at for at in found if not (at and text[at - 1].isdigit())]


def _blank_dates(lower: str, runs: list[int]) -> str:
    """`lower` with each match of _DATES blanked, as `_DATES.sub` blanks them. The pattern
    is tried only where a date can start, at a run of digits or at a month before one:
    trying it at every character costs several times more."""
    starts = []
    for run in runs:
        month = _month_before(lower, run)
        starts += [month, run] if month >= 0 else [run]
    spans = [m.span() for m in _matches(_DATES, lower, starts)]
    if not spans:
        return lower
    parts, last = [], 0
    for start, end in spans:
        parts += [lower[last:start], " " * (end - start)]
        last = end
    parts.append(lower[last:])
    return "".join(parts)  # a run of digits blanked is a space, where no figure starts


def _matches(pattern: re.Pattern, text: str, starts: list[int]) -> Iterator[re.Match]:
    """What `pattern.finditer(text)` finds, when no match can start but at `starts` (sorted):
    the pattern is tried there alone, each match ending the search for the ones it covers."""
    pos = 0
    for at in starts:
        if at >= pos and (m := pattern.match(text, at)):
            yield m
            pos = m.end()


def _month_before(lower: str, digit: int) -> int:
    """Where a month-first date ending its month at `digit` would start: a date written
    "jan. 16" is a word, an optional full stop and white space before a digit. -1 if none."""
    at = digit
    while at and lower[at - 1].isspace():  # str.isspace and the regex's \s agree
        at -= 1
    if at == digit:
        return -1
    if at and lower[at - 1] == ".":
        at -= 1
    word = at
    while word and "a" <= lower[word - 1] <= "z":
        word -= 1
    return word if word < at else -1


def _numbers(lower: str, runs: list[int]) -> Iterator[re.Match]:
    """The matches of _NUMBER, tried only where a figure can start: at a run of digits or at
    a word a figure in words can start with."""
    words = [m.start() for m in _TOKEN.finditer(lower) if m.group() in _NUMBER_STARTS]
    return _matches(_NUMBER, lower, sorted(runs + words))


@lru_cache(maxsize=8192)
def figure_values(text: str) -> frozenset[float | str]:
    """Every value a text gives, dates included (a source's '2,000' backs a note's '2,000')."""
    return frozenset(f.value for f in figures(text, skip_dates=False))


@lru_cache(maxsize=4096)
def outside_quotations(text: str) -> str:
    """Prose with its quotations blanked: the quotation check covers the words inside."""
    text = plain_markdown(text)
    return re.sub(r"\u201c[^\u201d]*\u201d|\"[^\"]*\"", lambda m: " " * len(m.group(0)), text)


# ---- a note's check -----------------------------------------------------------------------


@dataclass(frozen=True)
class Pool:
    """What a note may quote and count from: the article and its own sources' words."""

    article: str  # folded
    texts: tuple[tuple[str, str], ...]  # (where it is, folded text) for each excerpt and title
    joined: str  # the texts joined by NUL, for one search: a piece without NUL stays in one

    def has_quotation(self, parts: list[str]) -> bool:
        if found_in(parts, self.article):
            return True
        if not found_in(parts, self.joined):  # not in order in all the texts: in none of them
            return False
        if len(parts) == 1 and "\0" not in parts[0]:  # one piece cannot span two texts
            return True
        return any(found_in(parts, t) for _, t in self.texts)

    def closest(self, quotation: str) -> tuple[str, str] | None:
        """The best-matching stretch of any excerpt (or the article), and where it is."""
        needle = " ".join(pieces(quotation))
        best: tuple[float, str, str] | None = None
        for where, text in (("the article", self.article), *self.texts):
            if not text or not needle:
                continue
            m = fuzz.partial_ratio_alignment(needle, text)
            if m is not None and (best is None or m.score > best[0]):
                best = (m.score, where, _whole_words(needle, text, m.dest_start, m.dest_end))
        if best is None or best[0] < 60:
            return None
        return best[2], best[1]


def _whole_words(needle: str, text: str, start: int, end: int, reach: int = 16) -> str:
    """The stretch of whole words near [start, end) that reads most like `needle`: an
    alignment of equal length can be shifted into the words either side."""
    starts = [0] + [m.end() for m in re.finditer(r"\s+", text)]
    ends = [m.start() for m in re.finditer(r"\s+", text)] + [len(text)]
    starts = [s for s in starts if abs(s - start) <= reach] or [start]
    ends = [e for e in ends if abs(e - end) <= reach] or [end]
    pairs = ((s, e) for s in starts for e in ends if e > s)
    s, e = max(pairs, key=lambda p: fuzz.ratio(needle, text[p[0] : p[1]].strip(EDGE)))
    return text[s:e].strip(EDGE)


def pool_for(article_text: str, sources: Iterable) -> Pool:
    texts: list[tuple[str, str]] = []
    for s in sources:
        texts.append((f"the title of '{s.title}'", fold(s.title)))
        texts += [(f"an excerpt of '{s.title}'", fold(e.text)) for e in s.evidence]
    return Pool(folded(article_text), tuple(texts), "\0".join(t for _, t in texts))


@lru_cache(maxsize=64)
def folded(text: str) -> str:
    """An article's text folded, once per text."""
    return fold(text)


@lru_cache(maxsize=64)
def _article_figures(text: str) -> frozenset[float | str]:
    return figure_values(text)


def unsupported_quotations(text: str, pool: Pool) -> list[Quotation]:
    bad = []
    for q in quotations(text):
        parts = pieces(q.text)
        if parts and not pool.has_quotation(parts):
            bad.append(q)
    return bad


def known_figures(
    article_text: str, sources: Iterable, extra: Iterable[str] = ()
) -> set[float | str]:
    """Every value the article and the sources' evidence, titles or publishers (a name like
    'France 24') give."""
    known = set(_article_figures(article_text))
    for s in sources:
        known |= figure_values(s.title) | figure_values(s.publisher)
        for e in s.evidence:
            known |= figure_values(e.text)
    for t in extra:
        known |= figure_values(t)
    return known


def unsupported_figures(
    text: str, article_text: str, sources: Iterable, extra: Iterable[str] = ()
) -> list[Figure]:
    """Figures of `text` that neither the article nor the sources give."""
    found = list(figures(outside_quotations(text)))
    if not found:
        return []
    known = known_figures(article_text, sources, extra)
    return [f for f in found if f.value not in known]


def locate(raw: str, start_line: int, needle: str) -> tuple[int, int] | None:
    """1-based line and column of `needle`'s first words in the raw file, from `start_line`
    on (a folded or literal YAML block keeps each line's words as written)."""
    lines = raw.splitlines()
    words = needle.split()
    for size in (4, 3, 2, 1):
        probe = " ".join(words[:size])
        if not probe:
            continue
        for n in range(max(start_line - 1, 0), len(lines)):
            col = lines[n].find(probe)
            if col >= 0:
                return n + 1, col + 1
    return None


# ---- problems -----------------------------------------------------------------------------

NOWHERE = "not in the article or in an evidence excerpt or title of this note's own sources"
NOWHERE_PAGE = "not in the article or in an evidence excerpt of the page's sources file"
Field = tuple[tuple, str]  # (path of the field in the document, its text)


def check_fields(
    doc: Document, fields: Iterable[Field], article_text: str, sources: Iterable[Source]
) -> list[Problem]:
    """quote-unsupported and figure-unsupported problems for the given fields of a document,
    each placed on the line and column of the quotation or figure."""
    sources = list(sources)
    pool = pool_for(article_text, sources)
    problems: list[Problem] = []
    raw: str | None = None
    known: set[float | str] | None = None  # worked out for the first field with a figure
    for path, text in fields:
        bad_quotes = unsupported_quotations(text, pool)
        bad_figures = list(figures(outside_quotations(text)))
        if bad_figures:
            known = known_figures(article_text, sources) if known is None else known
            bad_figures = [f for f in bad_figures if f.value not in known]
        if not bad_quotes and not bad_figures:
            continue
        if raw is None:
            raw = doc.text if doc.text is not None else doc.file.read_text(encoding="utf-8")
        field_at = doc.at(path)
        for q in bad_quotes:
            where = _place(doc, raw, field_at, q.opening)
            shown = " ".join(q.text.split())
            message = f"the quotation \u201c{_short(shown)}\u201d is {NOWHERE}"
            hint = quote_hint(pool, q.text)
            problems.append(Problem(where, "quote-unsupported", message, hint))
        for f in bad_figures:
            where = _place(doc, raw, field_at, f.text)
            message = f"the figure '{f.text}' is {NOWHERE}"
            hint = "add the excerpt that gives it to the source's `evidence`, or remove the figure"
            problems.append(Problem(where, "figure-unsupported", message, hint))
    return problems


def check_original(doc: Document, path: tuple, original: str, source: Source) -> list[Problem]:
    """A quote trace's `original` is the source's own words: it must be in its evidence."""
    pool = pool_for("", [source])
    if pool.has_quotation(pieces(original)):
        return []
    shown = _short(" ".join(original.split()))
    message = f"the original \u201c{shown}\u201d is not in an excerpt or the title of its source"
    hint = _closest_hint(pool, original, "copy the source's words into the source's `evidence`")
    return [Problem(doc.at(path), "quote-unsupported", message, hint)]


def check_markdown(
    shown: str, text: str, article_text: str, sources: Iterable[Source]
) -> list[Problem]:
    """A Markdown page's quotations and figures (the About page), against the article and the
    evidence of its sources file."""
    sources = list(sources)
    pool = pool_for(article_text, sources)
    problems = []
    for q in unsupported_quotations(text, pool):
        found = locate(text, 1, q.opening)
        where = Location(shown, *found) if found else Location(shown)
        message = f"the quotation \u201c{_short(' '.join(q.text.split()))}\u201d is {NOWHERE_PAGE}"
        fallback = "add the source and the excerpt to the page's _about_sources.yml"
        hint = _closest_hint(pool, q.text, fallback)
        problems.append(Problem(where, "quote-unsupported", message, hint))
    for f in unsupported_figures(text, article_text, sources):
        found = locate(text, 1, f.text)
        where = Location(shown, *found) if found else Location(shown)
        message = f"the figure '{f.text}' is {NOWHERE_PAGE}"
        hint = "add the excerpt that gives it to _about_sources.yml, or remove the figure"
        problems.append(Problem(where, "figure-unsupported", message, hint))
    return problems


FIX = (
    "quote only words a source says: copy them exactly from the page into that source's "
    "`evidence`; or write the point in your own words, without quotation marks"
)


def _closest_hint(pool: Pool, quotation: str, fallback: str) -> str:
    closest = pool.closest(quotation)
    return (
        f"closest words, in {closest[1]}: \u201c{_short(closest[0])}\u201d" if closest else fallback
    )


def quote_hint(pool: Pool, quotation: str) -> str:
    """What to do about an unsupported quotation, with the closest words when they are close
    enough to be the words meant (a slip of a word or two)."""
    closest = pool.closest(quotation)
    if closest and fuzz.ratio(" ".join(pieces(quotation)), closest[0]) >= 80:
        return f"closest words, in {closest[1]}: \u201c{_short(closest[0])}\u201d\n    {FIX}"
    return FIX


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _place(doc: Document, raw: str, field_at: Location, needle: str) -> Location:
    found = locate(raw, field_at.line, needle)
    return Location(doc.path, *found) if found else field_at


def note_fields(data: dict) -> list[Field]:
    """The fields of a note written in our words: title, summary, body, questions."""
    fields: list[Field] = [((k,), data[k]) for k in ("title", "summary", "body") if k in data]
    fields += [(("questions", i), q) for i, q in enumerate(data.get("questions") or ())]
    return fields


def locate_word(raw: str, start_line: int, word: str) -> tuple[int, int] | None:
    """1-based line and column of a whole word in the raw file, from `start_line` on."""
    pattern = re.compile(rf"\b{re.escape(word)}\b")
    for n, line in enumerate(raw.splitlines()[max(start_line - 1, 0) :], start=start_line):
        if m := pattern.search(line):
            return n, m.start() + 1
    return None
