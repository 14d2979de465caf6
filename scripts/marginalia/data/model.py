"""The data of the project as frozen dataclasses: articles, annotations and their spans."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

KINDS = ("context", "counterpoint", "source-check")


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a file, 1-based line and column, as editors and CI show it."""

    path: str
    line: int = 1
    column: int = 1


@dataclass(frozen=True, slots=True)
class Block:
    """One block of an article's text (blocks are separated by blank lines)."""

    number: int  # 1-based, in reading order
    role: str  # title, heading, byline, meta, paragraph, quotation, separator, footer
    start: int  # offset of the first character in the verbatim text
    end: int  # offset just past the last character
    cites: str | None = None  # for quotations: who is quoted


@dataclass(frozen=True, slots=True)
class Article:
    slug: str
    title: str
    author: str
    outlet: str
    published: str
    text: str  # the verbatim text, exactly as stored in seeds/
    text_path: str
    sha256: str
    blocks: tuple[Block, ...]
    first_published: str | None = None
    first_published_note: str | None = None
    url: str | None = None
    meta_path: str = ""
    # sentences with no note, by their first words, each with the reason it has none
    coverage: tuple[tuple[str, str], ...] = ()
    genre: str = "An opinion piece"  # what kind of text, as the page introduces it
    rights: tuple[str, str] | None = None  # (kind, note): on what terms the text is shown
    draft: bool = False  # added lately: its notes and coverage are still being written
    to_review: tuple[int, ...] = ()  # blocks whose role `article add` guessed
    uncited: tuple[int, ...] = ()  # quotation blocks that do not say whom they quote

    def passage(self, span: Span) -> str:
        """A span's words as a reader sees them: the original's link marks (<u>) removed and
        white space folded."""
        return " ".join(
            self.text[span.start : span.end].replace("<u>", "").replace("</u>", "").split()
        )


@dataclass(frozen=True, slots=True)
class TextQuoteSelector:
    exact: str
    prefix: str | None = None
    suffix: str | None = None


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open range [start, end) of offsets into an article's verbatim text."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Excerpt:
    """A source's own words, copied verbatim, with where on the page they stand."""

    text: str
    where: str | None = None


@dataclass(frozen=True, slots=True)
class Source:
    title: str
    publisher: str
    date: str
    url: str
    via: str | None = None
    evidence: tuple[Excerpt, ...] = ()
    funding: str | None = None  # from annotations/publishers.yml: one label per outlet
    original: str | None = None  # the original publisher's address, when `url` is a copy
    paywall: bool = False  # the address shown first may ask for a subscription


def source_from(data: dict) -> Source:
    """A Source from a validated mapping of the format (notes and companion data alike)."""
    evidence = tuple(Excerpt(e["text"], e.get("where")) for e in data.get("evidence") or ())
    return Source(
        data["title"],
        data["publisher"],
        data["date"],
        data["url"],
        data.get("via"),
        evidence,
        original=data.get("original"),
        paywall=data.get("access") == "subscription",
    )


@dataclass(frozen=True, slots=True)
class TechniqueUse:
    """A technique found in words a note quotes: whose words, and which."""

    technique: str
    speaker: str  # article, us-officials, iranian-officials, others
    words: str | None = None  # None: the article's own words in the highlighted span


@dataclass(frozen=True, slots=True)
class Correction:
    date: str
    change: str


@dataclass(frozen=True, slots=True)
class Annotation:
    id: str
    article: str
    kind: str
    target: TextQuoteSelector
    title: str
    summary: str
    body: str
    sources: tuple[Source, ...]
    checked: str
    path: str
    verdict: str | None = None
    techniques: tuple[str, ...] = ()  # the distinct technique keys, in order of first use
    technique_uses: tuple[TechniqueUse, ...] = ()
    corrections: tuple[Correction, ...] = ()
    questions: tuple[str, ...] = ()
    # Filled by anchoring: the span in the verbatim text and the block that holds it.
    span: Span | None = field(default=None, compare=False)
    block: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Corpus:
    """Everything the site is built from: articles by slug and their anchored annotations."""

    articles: dict[str, Article]
    annotations: tuple[Annotation, ...]
    extras: Extras | None = None  # timelines, quote traces, about pages, glossary

    def for_article(self, slug: str) -> list[Annotation]:
        return list(self._by_article.get(slug, ()))

    @cached_property
    def _by_article(self) -> dict[str, list[Annotation]]:
        return by_article(self.annotations)


def by_article(annotations: Iterable[Annotation]) -> dict[str, list[Annotation]]:
    """The annotations of each article, in the order given: one pass, not one per article."""
    by: dict[str, list[Annotation]] = {}
    for a in annotations:
        by.setdefault(a.article, []).append(a)
    return by


@dataclass(frozen=True, slots=True)
class Event:
    date: str
    title: str
    summary: str
    article: str  # "mentions" or "omits"
    sources: tuple[Source, ...]
    note: str | None = None


@dataclass(frozen=True, slots=True)
class QuoteTrace:
    exact: str
    original: str
    comment: str
    source: Source
    span: Span
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Term:
    id: str
    term: str
    variants: tuple[str, ...]
    definition: str
    sources: tuple[Source, ...]


@dataclass(frozen=True, slots=True)
class Step:
    """One timed step of a lesson: what the teacher and the students do, what is projected,
    which part of the worksheet it fills and what students read in it."""

    minutes: int
    move: str
    teacher: str
    students: str
    project: str  # a key of PROJECT in marginalia.data.lessons
    sheet: str | None = None  # a key of SHEET_PARTS in marginalia.data.lessons
    read: tuple[str, ...] = ()  # "article", "passages", "timeline", "about" or "about: <heading>"
    where: Location | None = None  # of `minutes`, for the timing check


@dataclass(frozen=True, slots=True)
class Lesson:
    """A ready lesson on one article: its passages (note ids, 3 to 5) and its timed steps."""

    id: str
    title: str
    minutes: int
    audience: str
    passages: tuple[str, ...]
    why: str
    grouping: str
    steps: tuple[Step, ...]


@dataclass(frozen=True, slots=True)
class Extras:
    """Everything around the notes: per article, and the glossary for the whole site."""

    timelines: dict[str, tuple[Event, ...]] = field(default_factory=dict)
    quotes: dict[str, tuple[QuoteTrace, ...]] = field(default_factory=dict)
    about: dict[str, str] = field(default_factory=dict)
    glossary: tuple[Term, ...] = ()
    funding: dict[str, str] = field(default_factory=dict)  # publisher name: funding label
    lessons: dict[str, tuple[Lesson, ...]] = field(default_factory=dict)
