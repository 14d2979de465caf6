"""Render an annotated article to HTML: highlighted spans, their notes, sanitised Markdown.

Pure functions from model objects to strings. Every piece of text from the data is escaped,
and note bodies pass through a maintained sanitiser (nh3), so nothing in an annotation file
can put active content on a page.
"""

from __future__ import annotations

import re
from calendar import month_name  # English: Python leaves the C locale in place
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from itertools import pairwise
from typing import TYPE_CHECKING
from urllib.parse import quote

import markdown
import nh3

from marginalia.data.anchoring import INLINE_TAG
from marginalia.data.model import Annotation, Article, Block
from marginalia.data.taxonomy import label, taxonomy

if TYPE_CHECKING:
    from marginalia.data.model import Term

ALLOWED_TAGS = {
    "p",
    "a",
    "em",
    "strong",
    "code",
    "ul",
    "ol",
    "li",
    "blockquote",
    "br",
    "sup",
    "sub",
}
ALLOWED_SCHEMES = {"http", "https"}


@lru_cache(maxsize=2048)  # the article page and the practice page show every note
def render_markdown(text: str) -> str:
    """Markdown to HTML; raw HTML and links other than http(s) or internal are removed."""
    html = markdown.markdown(
        INVISIBLE.sub("", text), extensions=["sane_lists"], output_format="html"
    )
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer",
    )
    # A link whose address was removed is no longer a link: keep its words only.
    return re.sub(r"<a(?![^>]*\bhref=)[^>]*>(.*?)</a>", r"\1", clean, flags=re.S)


# Bidi controls and zero-width characters: they can disguise text, and no note needs them.
INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def plain(text: str) -> str:
    """Escape plain text for HTML, with bidi controls and zero-width characters removed."""
    return escape(INVISIBLE.sub("", text))


@dataclass(frozen=True)
class Range:
    """Something to wrap around a stretch of a block: a highlight or a link of the original."""

    start: int
    end: int
    order: int  # among ranges with the same start and end, lower opens first (outermost)
    annotation: Annotation | None = None
    number: int = 0
    term: Term | None = None  # a glossary term: a link to its entry
    root: str = ""
    practice: bool = False  # practice mode: the highlight does not give its kind away
    projector: bool = False  # the projector view: its number is no link


def note_numbers(annotations: list[Annotation]) -> dict[str, int]:
    """Notes are numbered in reading order of their spans (the corpus is sorted that way)."""
    return {a.id: n for n, a in enumerate(annotations, 1)}


def render_block_text(
    article: Article,
    block: Block,
    annotations: list[Annotation],
    numbers: dict[str, int],
    terms: tuple[Term, ...] = (),
    root: str = "",
    practice: bool = False,
    projector: bool = False,
) -> str:
    """The HTML of one block's text with every highlight nested or split as needed. In
    practice mode a highlight does not give its kind away; on the projector its number is
    not a link either (there is no note to go to)."""
    text = article.text
    ranges = [
        Range(a.span.start, a.span.end, 1, a, numbers[a.id], practice=practice or projector,
              projector=projector)
        for a in annotations
    ]  # fmt: skip
    tags: list[tuple[int, int]] = []
    for match in INLINE_TAG.finditer(text, block.start, block.end):
        tags.append((match.start(), match.end()))
        if match.group() == "<u>":
            close = text.find("</u>", match.end(), block.end)
            ranges.append(Range(match.end(), close if close != -1 else block.end, 0))
    ranges += _term_ranges(text, block, terms, ranges, root)
    bounds = sorted({block.start, block.end, *(r.start for r in ranges), *(r.end for r in ranges)})
    out: list[str] = []
    stack: list[Range] = []
    opened: set[int] = set()
    for a, b in pairwise(bounds):
        active = sorted((r for r in ranges if r.start <= a and r.end >= b), key=_range_key)
        keep = 0
        while keep < min(len(stack), len(active)) and stack[keep] is active[keep]:
            keep += 1
        while len(stack) > keep:
            out.append(_close(stack.pop(), a))
        for r in active[keep:]:
            out.append(_open(r, first=id(r) not in opened))
            opened.add(id(r))
            stack.append(r)
        out.append(_segment(text, a, b, tags, block.role == "meta"))
    while stack:
        out.append(_close(stack.pop(), block.end))
    return "".join(out)


def _term_ranges(text: str, block: Block, terms, ranges: list[Range], root: str) -> list[Range]:
    """Glossary links for every whole-word occurrence of a term's spellings in the block,
    except where a highlight begins or ends inside the words (links cannot be split)."""
    cuts = {r.start for r in ranges} | {r.end for r in ranges}
    found: list[Range] = []
    for start, end, term in _term_matches(text, tuple(terms)):
        if start < block.start or end > block.end:
            continue
        if any(start < c < end for c in cuts):
            continue
        if any(r.start < end and start < r.end for r in found):
            continue
        found.append(Range(start, end, 2, term=term, root=root))
    return found


@lru_cache(maxsize=8)
def _term_matches(text: str, terms: tuple[Term, ...]) -> tuple[tuple[int, int, Term], ...]:
    """Every whole-word occurrence of every spelling in the text, searched once per article
    rather than once per block: by term, longer spellings first, then in reading order."""
    found = []
    for term in terms:
        for variant in sorted({term.term, *term.variants}, key=len, reverse=True):
            pattern = re.compile(rf"(?<![\w-]){re.escape(variant)}(?![\w-])")
            found += [(m.start(), m.end(), term) for m in pattern.finditer(text)]
    return tuple(found)


def _range_key(r: Range) -> tuple:
    return (r.start, -r.end, r.order, r.number)


def _open(r: Range, first: bool) -> str:
    if r.term is not None:
        return (f'<a class="mg-term" href="{r.root}glossary/#{r.term.id}" '
                f'title="{plain(" ".join(r.term.definition.split()))}">')  # fmt: skip
    if r.annotation is None:
        return '<span class="mg-origlink">'
    a = r.annotation
    ident = f' id="ref-{a.id}"' if first else ""
    if r.practice:
        return f'<mark class="mg-mark mg-mark--practice"{ident}>'
    return (f'<mark class="mg-mark mg-mark--{a.kind}"{ident} data-note="{a.id}" '
            f'aria-details="note-{a.id}">')  # fmt: skip


def _close(r: Range, at: int) -> str:
    if r.term is not None:
        return "</a>"
    if r.annotation is None:
        tail = (
            '<span class="mg-origlink__tag"> (link in the original)</span>' if at == r.end else ""
        )
        return f"</span>{tail}"
    if at != r.end:
        return "</mark>"
    if r.projector:
        return (f'</mark><span class="mg-ref mg-ref--practice">{r.number}'
                f'<span class="mg-sr"> (passage {r.number})</span></span>')  # fmt: skip
    if r.practice:
        return (f'</mark><a class="mg-ref mg-ref--practice" href="#practice-{r.number}">'
                f'{r.number}<span class="mg-sr"> (passage {r.number})</span></a>')  # fmt: skip
    return "</mark>" + ref_link(r.annotation, r.number)


def ref_link(a: Annotation, number: int) -> str:
    """The numbered marker after a highlight: a link to its note, with its kind in words."""
    symbol = taxonomy()["kinds"][a.kind]["symbol"]
    kind = label("kinds", a.kind)
    return (
        f'<a class="mg-ref mg-ref--{a.kind}" href="#{a.id}" data-note="{a.id}">'
        f'<span aria-hidden="true">{escape(symbol)}{number}</span>'
        f'<span class="mg-sr"> {kind} note {number}: {plain(a.title)}</span></a>'
    )


def _segment(text: str, a: int, b: int, tags: list[tuple[int, int]], keep_lines: bool) -> str:
    pieces, pos = [], a
    for start, end in tags:
        if end <= pos or start >= b:
            continue
        pieces.append(text[pos:start])
        pos = max(pos, end)
    pieces.append(text[pos:b])
    html = plain("".join(pieces))
    return html.replace("\n", "<br>\n") if keep_lines else re.sub(r"\s+", " ", html)


def verdict_chip(verdict: str, spoken: bool = False) -> str:
    """A verdict in words, boxed; `spoken` adds "Verdict:" for screen readers."""
    prefix = '<span class="mg-sr" data-search-exclude>Verdict: </span>' if spoken else ""
    text = escape(label("verdicts", verdict))
    return f'<span class="mg-verdict mg-verdict--{verdict}">{prefix}{text}</span>'


def render_note(
    a: Annotation,
    number: int,
    root: str,
    edit_url: str | None = None,
    full_href: str | None = None,
    back_href: str = "#",
    quote: str | None = None,
) -> str:
    """One note. With `full_href` (the article page), a card: its heading, the summary and a
    link to the full note there, left out of search, which finds the full note instead.
    Without it (the notes page and practice reveals), the full note: `quote` shows the
    passage, `back_href` leads to it."""
    edit = f' · <a href="{escape(edit_url)}" class="mg-edit">Edit this note</a>' if edit_url else ""
    # a note beside its highlight comments on it; on the notes page it stands on its own
    element, role = ("article", "") if quote is not None else ("div", ' role="comment"')
    card = full_href is not None
    # on the article page, what the reader's filter reads: kind, verdict, techniques
    facets = ""
    if card:
        facets = (f' data-search-exclude data-kind="{a.kind}" data-verdict="{a.verdict or ""}"'
                  f' data-techniques="{" ".join(a.techniques)}"')  # fmt: skip
    head = [
        f'<{element} class="mg-note mg-note--{a.kind}" id="note-{a.id}"{role} '
        f'aria-labelledby="{a.id}"{facets}>',
        note_heading(a, number, card),
    ]
    if quote is not None:
        head.append(f'<blockquote class="mg-note__quote"><p>{plain(quote)}</p></blockquote>')
    head += [f'<p class="mg-note__summary">{plain(a.summary)}</p>', _techniques(a, root, card)]
    checked = f"Checked {prose_date(a.checked)}"
    if a.corrections:
        checked += f", corrected {prose_date(max(c.date for c in a.corrections))}"
    if card:
        count = plural(len(a.sources), "source")
        more = f"Full note and {count}"
        links = (f'<a href="{full_href}#{a.id}" class="mg-note__more" data-note="{a.id}">{more}</a>'
                 f'<button type="button" class="mg-note__more mg-note__toggle" '
                 f'aria-expanded="false" aria-controls="full-{a.id}" hidden>{more}</button>'
                 f" · {checked} · ")  # fmt: skip
        panel = f'<div class="mg-note__full" id="full-{a.id}" aria-live="polite" hidden></div>'
        return "\n".join([*head, _links(a, links, "#", edit), panel, "</div>"])
    links = _links(a, f"{checked} · ", back_href, edit)
    return "\n".join([*head, note_body(a), links, f"</{element}>"])


def render_practice_note(a: Annotation, number: int, root: str) -> str:
    """A note revealed in practice mode: its heading and summary first, what a student checks
    a prediction against; the full text and sources behind "More", so that a revealed note
    does not run to several screens on a phone."""
    count = plural(len(a.sources), "source")
    return "\n".join([
        f'<div class="mg-note mg-note--{a.kind}" id="note-{a.id}" role="comment" '
        f'aria-labelledby="{a.id}">',
        note_heading(a, number),
        f'<p class="mg-note__summary">{plain(a.summary)}</p>',
        _techniques(a, root),
        f'<details class="mg-practice__more"><summary>More: the full note and its {count}'
        f"</summary>\n{note_body(a)}\n</details>",
        "</div>",
    ])  # fmt: skip


def note_heading(a: Annotation, number: int, card: bool = False) -> str:
    """A note's heading: its kind (with symbol and number), verdict and title. A card's is a
    heading to assistive technology but not an <h3>, which search would make a section of."""
    symbol = escape(taxonomy()["kinds"][a.kind]["symbol"])
    verdict = f" {verdict_chip(a.verdict, spoken=True)}" if a.verdict else ""
    tag = 'p role="heading" aria-level="3"' if card else "h3"
    return (f'<{tag} class="mg-note__title" id="{a.id}" tabindex="-1">'
            f'<span class="mg-kind mg-kind--{a.kind}">'
            f'<span aria-hidden="true" data-search-exclude>{symbol}{number}</span> '
            f"{label('kinds', a.kind)}</span>{verdict} "
            f'<span class="mg-note__text">{plain(a.title)}</span></{tag.split()[0]}>')  # fmt: skip


SPEAKERS = {
    "article": "the article",
    "us-officials": "US officials",
    "iranian-officials": "Iranian officials",
    "others": "others",
}


def _techniques(a: Annotation, root: str, card: bool = False) -> str:
    """Each technique with whose words it marks: the article's own, or a speaker's words the
    note quotes (one rule for every speaker, shown). Each speaker is named once, with all the
    words of theirs the note tags."""
    if not a.techniques:
        return ""
    items = []
    for t in a.techniques:
        quoted: dict[str, list[str]] = {}  # each speaker once, with the words of theirs it marks
        for use in a.technique_uses:
            if use.technique == t:
                words = quoted.setdefault(use.speaker, [])
                if use.words and not card:
                    words.append(f"\u201c{plain(use.words)}\u201d")
        whose = [SPEAKERS[s] + (f": {', '.join(w)}" if w else "") for s, w in quoted.items()]
        link = f'<a href="{root}notes/techniques/#{t}">{escape(label("techniques", t))}</a>'
        items.append(
            f'<li>{link} <span class="mg-techniques__who">({"; ".join(whose)})</span></li>'
        )
    return f'<div class="mg-techniques">Persuasion techniques: <ul>{"".join(items)}</ul></div>'


def note_body(a: Annotation) -> str:
    """The full text of a note, its sources and corrections: what the card links to."""
    sources = "".join(render_source(s) for s in a.sources)
    corrections = ""
    if a.corrections:
        items = "".join(f"<li>{prose_date(c.date)}: {plain(c.change)}</li>" for c in a.corrections)
        corrections = f'<div class="mg-corrections"><p>Corrections</p><ul>{items}</ul></div>'
    sources = f'<div class="mg-sources"><p>Sources</p><ol>{sources}</ol></div>'
    return f'<div class="mg-note__body">\n{render_markdown(a.body)}\n{sources}{corrections}</div>'


# Controls that need JavaScript are in the HTML from the start, hidden: the page's first
# script (overrides/main.html) shows them before the first paint, so nothing shifts.
COPY = ' <button type="button" class="mg-copy" hidden>Copy link</button>'


def _links(a: Annotation, lead: str, back_href: str, edit: str) -> str:
    back = "Back to the text" if back_href == "#" else "Show in the article"
    return (f'<p class="mg-note__links">{lead}'
            f'<a href="#{a.id}" class="mg-permalink">Link to this note</a>{COPY} · '
            f'<a href="{back_href}ref-{a.id}" class="mg-back">{back}</a>{edit}</p>')  # fmt: skip


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def safe_url(url: str) -> str:
    """An address with every character that could end an HTML attribute or a Markdown link
    percent-encoded (the schema already refuses them; this is the second line of defence)."""
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~")


def render_source(s) -> str:
    """A source: the original publisher's page first when its address is known, the copy the
    note was checked against as "read via"; a paywall said in words."""
    first = s.original or s.url
    link = f'<a href="{escape(safe_url(first))}" rel="noopener noreferrer">{plain(s.title)}</a>'
    via = ""
    if s.original:
        href = escape(safe_url(s.url))
        copy = f'<a href="{href}" rel="noopener noreferrer">{plain(s.via or "a copy")}</a>'
        via = f" (read via {copy})"
    elif s.via:
        via = f" (read via {plain(s.via)})"
    paywall = ' <span class="mg-paywall">(may ask for a subscription)</span>' if s.paywall else ""
    funding = f' <span class="mg-funding">({plain(s.funding)})</span>' if s.funding else ""
    return (
        f"<li>{link}{paywall}, {plain(s.publisher)}{funding}, {prose_date(s.date)}{via}"
        f"{_evidence(s)}</li>"
    )


def _evidence(s) -> str:
    """The source's own words that the note rests on, in a disclosure that opens without
    JavaScript; they outlive a dead link."""
    if not s.evidence:
        return ""
    quotes = "".join(
        f"<blockquote><p>{plain(' '.join(e.text.split()))}</p>"
        + (f'<p class="mg-evidence__where">{plain(e.where)}</p>' if e.where else "")
        + "</blockquote>"
        for e in s.evidence
    )
    return (
        '<details class="mg-evidence"><summary>What the source says '
        f'<span class="mg-evidence__count">({plural(len(s.evidence), "excerpt")})</span>'
        f"</summary>{quotes}</details>"
    )


def prose_date(iso: str) -> str:
    """2020-01-16 as "16 January 2020" (the house style for dates in prose)."""
    if iso == "n.d.":
        return "undated"
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 3:
        return f"{parts[2]} {month_name[parts[1]]} {parts[0]}"
    if len(parts) == 2:
        return f"{month_name[parts[1]]} {parts[0]}"
    return iso
