"""Companion pages of an article: timeline, quote traces, about the source; and the glossary."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from html import escape

from marginalia.data.model import Article, Event, QuoteTrace, Source, Term
from marginalia.pages.indexes import front_matter, md_text
from marginalia.pages.render import plain, prose_date, render_source, safe_url


def _day(iso: str) -> dt.date:
    parts = [int(p) for p in iso.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


def timeline_page(article: Article, events: tuple[Event, ...]) -> str:
    title = f"Timeline: {article.title}"
    intro = (
        f"The events around the article, from {prose_date(events[0].date)} to "
        f"{prose_date(events[-1].date)}. Filled dots are events the article refers to; "
        "hollow dots are events it leaves out. Each event is listed, with its sources, below the "
        "chart."
    )
    out = [
        front_matter(
            title,
            "Dated, sourced events around the article, including those it leaves out.",
            nav="Timeline",
        )
    ]
    out.append(f"# Timeline\n\n{intro}\n\n")
    out.append(_timeline_svg(article, events) + "\n\n")
    items = []
    for number, e in enumerate(events, 1):
        mark = "In the article" if e.article == "mentions" else "Not in the article"
        note = f' <a href="../#{e.note}">Read the note</a>.' if e.note else ""
        sources = "".join(render_source(s) for s in e.sources)
        items.append(
            f'<li class="mg-event mg-event--{e.article}" id="event-{number}">'
            f"<p><strong>{number}. {prose_date(e.date)}: {plain(e.title)}</strong> "
            f'<span class="mg-event__tag">{mark}</span></p>'
            f"<p>{plain(e.summary)}{note}</p>"
            f'<p class="mg-event__sources">Sources:</p><ol>{sources}</ol></li>'
        )
    out.append('<ol class="mg-events">\n' + "\n".join(items) + "\n</ol>\n")
    return "".join(out)


def _timeline_svg(article: Article, events: tuple[Event, ...]) -> str:
    """A horizontal line from first to last event; numbered dots; the article's date marked."""
    first, last = _day(events[0].date), _day(events[-1].date)
    span = max((last - first).days, 1)
    width, left, right = 1000, 30, 970

    def x(day: dt.date) -> float:
        return round(left + (right - left) * (day - first).days / span, 1)

    parts = [f'<line x1="{left}" y1="70" x2="{right}" y2="70" class="mg-tl-axis"/>']
    published = _day(article.published)
    if first <= published <= last:
        px = x(published)
        parts.append(
            f'<line x1="{px}" y1="20" x2="{px}" y2="100" class="mg-tl-article"/>'
            f'<text x="{px}" y="14" text-anchor="middle" class="mg-tl-label">'
            f"Article, {escape(prose_date(article.published))}</text>"
        )
    rows: dict[float, int] = {}
    for number, e in enumerate(events, 1):
        cx = x(_day(e.date))
        row = rows.get(cx, 0)
        rows[cx] = row + 1
        cy = 70 - row * 14
        fill = "mg-tl-dot--mentions" if e.article == "mentions" else "mg-tl-dot--omits"
        parts.append(
            f'<a href="#event-{number}"><circle cx="{cx}" cy="{cy}" r="6" class="mg-tl-dot {fill}">'
            f"<title>{number}. {escape(prose_date(e.date))}: {escape(e.title)}</title></circle>"
            f'<text x="{cx}" y="{92 + (number % 2) * 12}" text-anchor="middle" class="mg-tl-num">'
            f"{number}</text></a>"
        )
    parts.append(
        f'<text x="{left}" y="118" class="mg-tl-label">{escape(prose_date(events[0].date))}</text>'
        f'<text x="{right}" y="118" text-anchor="end" class="mg-tl-label">'
        f"{escape(prose_date(events[-1].date))}</text>"
    )
    label = (
        f"Timeline of {len(events)} events from {prose_date(events[0].date)} to "
        f"{prose_date(events[-1].date)}; the list below gives each event."
    )
    return (
        f'<figure class="mg-timeline"><svg viewBox="0 0 {width} 124" role="group" '
        f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">'
        + "".join(parts)
        + "</svg></figure>"
    )


TOKEN = re.compile(r"\S+")


def word_diff(article_words: str, original: str) -> tuple[str, str]:
    """HTML of the original with the words the article left out marked, and of the article's
    wording with the words it changed or added marked (a word-level diff)."""
    a, b = TOKEN.findall(original), TOKEN.findall(article_words)
    left, right = [], []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        old, new = escape(" ".join(a[i1:i2])), escape(" ".join(b[j1:j2]))
        if op == "equal":
            left.append(old)
            right.append(new)
            continue
        if i2 > i1:
            left.append(f'<del class="mg-del"><span class="mg-sr">left out: </span>{old}</del>')
        if j2 > j1:
            right.append(
                f'<ins class="mg-ins"><span class="mg-sr">changed or added: </span>{new}</ins>'
            )
    return " ".join(left), " ".join(right)


def quotes_page(article: Article, traces: tuple[QuoteTrace, ...]) -> str:
    out = [
        front_matter(
            f"Quote traces: {article.title}",
            "The article's quotations beside the wording of their sources.",
            nav="Quote traces",
        ),
        "# Quote traces\n\n",
        "Each quotation the article takes from another source, set beside the source's own words. "
        'In the source\'s wording, <del class="mg-del">struck-through words</del> are words the '
        'article left out; in the article\'s wording, <ins class="mg-ins">underlined words</ins> '
        "are words it changed or added.\n\n",
    ]
    for number, t in enumerate(traces, 1):
        original, quoted = word_diff(t.exact, t.original)
        note = f' <a href="../#{t.note}">Read the note</a>.' if t.note else ""
        out.append(
            f'<section class="mg-trace" id="quote-{number}" '
            f'aria-labelledby="quote-{number}-title">\n'
            f'<h2 id="quote-{number}-title">{number}. {plain(t.source.publisher)}: '
            f"“{plain(_short(t.exact))}”</h2>\n"
            f'<p class="mg-trace__label">The source\'s words ({_cite(t.source)}):</p>\n'
            f'<blockquote class="mg-trace__original"><p>{original}</p></blockquote>\n'
            f'<p class="mg-trace__label">The article\'s words '
            f'(<a href="../#p{_block(article, t)}">in the article</a>):</p>\n'
            f'<blockquote class="mg-trace__article"><p>{quoted}</p></blockquote>\n'
            f"<p>{plain(t.comment)}{note}</p>\n</section>\n\n"
        )
    return "".join(out)


def _short(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def _cite(s: Source) -> str:
    via = f", read via {plain(s.via)}" if s.via else ""
    link = f'<a href="{escape(safe_url(s.url))}">{plain(s.title)}</a>'
    return f"{link}, {plain(s.publisher)}, {prose_date(s.date)}{via}"


def _block(article: Article, t: QuoteTrace) -> int:
    return next(b.number for b in article.blocks if b.start <= t.span.start < b.end)


def about_page(article: Article, markdown: str) -> str:
    return (
        front_matter(
            f"About the source: {article.title}",
            "Lateral reading on the outlet, the original publisher and the author.",
            nav="About the source",
        )
        + markdown
    )


def glossary_page(terms: tuple[Term, ...]) -> str:
    out = [
        front_matter("Glossary", "Terms a student may not know, with their spellings."),
        "# Glossary\n\n",
    ]
    out.append("Terms used in the articles and notes, with the spellings that appear in them.\n\n")
    for t in sorted(terms, key=lambda t: t.term.casefold()):
        variants = ", ".join(f"*{md_text(v)}*" for v in t.variants)
        sources = "; ".join(
            f"[{md_text(s.title)}](<{safe_url(s.url)}>), "
            f"{md_text(s.publisher)}, {prose_date(s.date)}"
            for s in t.sources
        )
        out.append(f"## {md_text(t.term)} {{#{t.id}}}\n\n{md_text(t.definition)}\n\n")
        if variants:
            out.append(f"Also written: {variants}.\n\n")
        out.append(f"Sources: {sources}.\n\n")
    return "".join(out)
