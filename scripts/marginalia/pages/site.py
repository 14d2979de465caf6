"""Generate the site's pages from the corpus: ordinary Markdown plus Material features.

`generate_pages` is pure (corpus in, {path: Markdown} out), so any static-site engine that
reads a docs folder can use its output; `write_pages` puts it on disk for such engines.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from html import escape
from pathlib import Path

from marginalia.data.model import Annotation, Article, Block, Corpus, Extras, Lesson
from marginalia.data.taxonomy import label, taxonomy
from marginalia.export import (
    claim_review,
    csv_text,
    json_ld_script,
    to_claimreview,
    to_datapackage,
    w3c_text,
)
from marginalia.pages import classroom, companions, indexes
from marginalia.pages.indexes import HTML_ONLY, NAV_HIDDEN, NOT_SEARCHED, QUIET, front_matter
from marginalia.pages.indexes import html_block as _html_block
from marginalia.pages.render import (
    note_numbers,
    plain,
    plural,
    prose_date,
    render_block_text,
    render_note,
    render_practice_note,
    verdict_chip,
)

Content = str | Iterator[str]


def generate_pages(
    corpus: Corpus, site_url: str | None = None, edit_base: str | None = None
) -> dict[str, str]:
    """Every generated file, by path under docs/: Markdown pages and the open-data downloads.
    (`iter_pages` gives them one at a time.)"""
    return {
        uri: content if isinstance(content, str) else "".join(content)
        for uri, content in iter_pages(corpus, site_url, edit_base)
    }


def iter_pages(
    corpus: Corpus, site_url: str | None = None, edit_base: str | None = None
) -> Iterator[tuple[str, Content]]:
    """Every generated file as (path under docs/, content), one at a time, so that an engine
    can keep each page as it likes and a library of articles is never whole in memory: a
    content is text, or (for a large download) an iterator of its text in pieces.

    `site_url` makes permalinks in the open data absolute; `edit_base` (a repository's web
    editor address ending in "/") adds an "Edit this note" link to every note.
    """
    extras = corpus.extras or Extras()
    render_options = {"site_url": site_url, "edit_base": edit_base}
    yield "articles/index.md", indexes.articles_index(corpus)
    for slug, article in corpus.articles.items():
        notes = corpus.for_article(slug)
        yield f"articles/{slug}.md", article_page(article, notes, extras, **render_options)
        yield f"articles/{slug}/notes.md", notes_page(article, notes, **render_options)
        lessons = extras.lessons.get(slug, ())
        yield (
            f"articles/{slug}/practice.md",
            article_page(article, notes, extras, practice=True, lessons=lessons),
        )
        yield (
            f"articles/{slug}/worksheet.md",
            classroom.worksheet_page(article, notes, slug in extras.about),
        )
        yield f"articles/{slug}/answer-key.md", classroom.answer_key_page(article, notes)
        yield f"articles/{slug}/projector.md", projector_page(article)
        numbers = note_numbers(notes)
        for lesson in lessons:
            chosen = [a for a in notes if a.id in lesson.passages]
            yield (
                f"articles/{slug}/projector/{lesson.id}.md",
                projector_page(article, lesson, chosen, numbers),
            )
            yield (
                f"articles/{slug}/practice/{lesson.id}.md",
                article_page(
                    article, chosen, extras, practice=True, lesson=lesson, numbers=numbers
                ),
            )
            yield (
                f"articles/{slug}/worksheet/{lesson.id}.md",
                classroom.lesson_worksheet(article, lesson, chosen, numbers, site_url),
            )
            yield (
                f"teachers/{slug}-{lesson.id}.md",
                classroom.lesson_plan(article, lesson, chosen, numbers, extras, site_url),
            )
        if slug in extras.about:
            yield f"articles/{slug}/about.md", companions.about_page(article, extras.about[slug])
        if extras.timelines.get(slug):
            events = extras.timelines[slug]
            yield f"articles/{slug}/timeline.md", companions.timeline_page(article, events)
        if extras.quotes.get(slug):
            traces = extras.quotes[slug]
            yield f"articles/{slug}/quotes.md", companions.quotes_page(article, traces)
    if extras.glossary:
        yield "glossary.md", companions.glossary_page(extras.glossary)
    yield "notes/index.md", indexes.notes_index(corpus)
    yield "notes/kinds.md", indexes.by_kind(corpus)
    yield "notes/verdicts.md", indexes.by_verdict(corpus)
    yield "notes/techniques.md", indexes.by_technique(corpus)
    yield "notes/sources.md", indexes.sources_page(corpus)
    yield "notes/corrections.md", indexes.corrections_page(corpus)
    yield "method/index.md", indexes.method_page(corpus)
    yield "downloads/index.md", indexes.downloads_page(corpus, site_url)
    # the two downloads that grow with the library come as text in pieces (`Content`)
    yield "downloads/annotations.jsonld", w3c_text(corpus, site_url)
    if site_url:  # ClaimReview needs the review's absolute address; a local build has none
        claims = to_claimreview(corpus, site_url)
        yield "downloads/claimreview.jsonld", json.dumps(claims, indent=1, ensure_ascii=False)
    yield "downloads/annotations.csv", csv_text(corpus, site_url)
    package = to_datapackage(corpus, site_url)
    yield "downloads/datapackage.json", json.dumps(package, indent=1, ensure_ascii=False)


def write_pages(pages: dict[str, str], out: Path) -> None:
    """Write pages under `out`, touching only files whose content changed."""
    for rel, content in pages.items():
        target = out / rel
        if target.is_file() and target.read_text(encoding="utf-8") == content:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")


def html_only_body(page: str) -> tuple[str, str] | None:
    """(front matter, body) of a page whose body is raw HTML only, else None. Engines that read
    Markdown render such a body as it is; the MkDocs hook passes it around Python-Markdown,
    which would parse every tag of it to the same result, at a third of the build time."""
    head, marker, body = page.partition("---\n\n" + HTML_ONLY)
    if not marker or not head.startswith("---\n"):
        return None
    return head + "---\n\n", HTML_ONLY + body.rstrip("\n")  # the comment, as Markdown keeps it


def nav_hidden(page: str) -> bool:
    """Whether a generated page keeps out of the navigation (its front matter says so)."""
    head = page[: page.find("\n---\n", 4) + 1] if page.startswith("---\n") else ""
    return "\nnav_hidden: true\n" in head


# --- the annotated article -------------------------------------------------------------


HEADER_ROLES = ("title", "byline", "meta")  # shown above the summary of what was checked


def article_page(
    article: Article,
    notes: list[Annotation],
    extras: Extras | None = None,
    site_url: str | None = None,
    edit_base: str | None = None,
    practice: bool = False,
    lessons: tuple[Lesson, ...] = (),
    lesson: Lesson | None = None,
    numbers: dict[str, int] | None = None,
) -> str:
    """The annotated article; with `practice`, practice mode (notes hidden until revealed,
    instructions first), of every note or of one lesson's set (`lesson`, numbered as in the
    whole article by `numbers`)."""
    extras = extras or Extras()
    numbers = numbers or note_numbers(notes)
    by_block = notes_by_block(notes)
    kinds = Counter(a.kind for a in notes)
    when = prose_date(article.published)
    description = (
        f"{article.title}, by {article.author} ({article.outlet}, {when}), annotated: "
        f"{len(notes)} notes of context, counterpoints and source checks."
    )
    if practice:
        name = f"Practice set: {lesson.title}" if lesson else "Practice"
        title = f"{name}: {article.title}"
        description = (
            f"Practice mode: {len(notes)} highlighted passages, notes hidden until revealed."
        )
        extra = "hide:\n  - toc\n" + NOT_SEARCHED
        if lesson:  # a student's page: no way to the answers from it in one click
            extra = "hide:\n  - navigation\n  - toc\n" + NOT_SEARCHED + NAV_HIDDEN + QUIET
        out = [front_matter(title, description, extra, name)]
        out.append(HTML_ONLY + _html_block(f'<p class="mg-eyebrow">{escape(name)}</p>'))
        box = practice_box(notes, numbers, lessons, lesson)
        out.append(_html_block(box))  # the instructions before any highlight
    else:
        out = [front_matter(article.title, description, "hide:\n  - toc\n")]
        out.append(HTML_ONLY + _html_block('<p class="mg-eyebrow">Annotated article</p>'))
    terms = () if practice else extras.glossary  # a definition could give a practice task away
    in_footer = in_text = False
    for block in article.blocks:
        if not in_text and block.role not in HEADER_ROLES:
            in_text = True
            if not practice:
                box = summary_box(article, notes, kinds, _companions(article, extras))
                out.append(_html_block(box))
            if not practice and notes:
                out.append(_html_block(PRINT_NOTE))
                out.append(_html_block(reading_tools(notes)))
            out.append(_html_block('<h2 id="the-article" class="mg-section">The article</h2>'))
        if block.role == "footer" and not in_footer:
            in_footer = True
            out.append(_html_block(
                '<h2 class="mg-footer-heading" id="outlet-footer">'
                "The outlet's footer, as published</h2>"
            ))  # fmt: skip
        here = by_block.get(block.number, [])
        row = _row(article, block, here, numbers, terms, edit_base, practice, bool(lesson))
        if lesson:  # a note's link to a note outside the set leads to the notes page
            row = _OTHER_NOTE.sub(lambda m: _elsewhere(m, numbers, notes), row)
        out.append(_html_block(row))
    return "".join(out)


_OTHER_NOTE = re.compile(r'href="#([a-z0-9-]+)"')


def _elsewhere(match: re.Match, numbers: dict[str, int], shown: list[Annotation]) -> str:
    target = match.group(1)
    if target in numbers and target not in {a.id for a in shown}:
        return f'href="../../notes/#{target}"'
    return match.group(0)


# The notes page is searched note by note (search_records), not as one page: a reader's search
# then fetches the few notes it found, not a page of every note (Pagefind; overrides/main.html)
SEARCH_BY_NOTE = "search_by_note: true\n"


def search_records(corpus: Corpus) -> Iterator[dict]:
    """One search record for each note, made as it is indexed: where it is on its notes page,
    its heading as the result's title, its words (title, summary, text and sources), and its
    article (`slug`)."""
    for a in corpus.annotations:
        verdict = f" {label('verdicts', a.verdict)}" if a.verdict else ""
        title = f"{label('kinds', a.kind)}{verdict} {a.title}"
        body = re.sub(r"\]\([^)]*\)", "]", a.body)  # a link's words, not its address
        body = re.sub(r"[*_`#>\[\]]", "", body)
        sources = " ".join(f"{s.title}. {s.publisher}." for s in a.sources)
        yield {
            "url": f"/articles/{a.article}/notes/#{a.id}",
            "slug": a.article,
            "content": " ".join(f"{title}. {a.summary} {body} {sources}".split()),
            "meta": {"title": title, "article": corpus.articles[a.article].title},
        }


def projector_page(
    article: Article,
    lesson: Lesson | None = None,
    notes: list[Annotation] = (),
    numbers: dict[str, int] | None = None,
) -> str:
    """The article's text alone, large, for a projector: no notes, kinds or summary, which
    would show the class the answers. For a lesson, its passages are marked and numbered as
    everywhere else, so that the class can be pointed to "passage 18"."""
    name = f"Projector view: {lesson.title}" if lesson else "Projector view"
    title = f"{name}: {article.title}"
    description = "The article's text with no notes, for projecting in class."
    extra = "hide:\n  - navigation\n  - toc\n" + NOT_SEARCHED + NAV_HIDDEN + QUIET
    out = [front_matter(title, description, extra, name)]
    what = f"{escape(lesson.title)}: the passages numbered" if lesson else "the text only"
    out.append(HTML_ONLY + _html_block(
        f'<div class="mg-projector"><p class="mg-eyebrow">Projector view, {what}; '
        "no notes</p>"
    ))  # fmt: skip
    by_block = notes_by_block(list(notes))
    for block in article.blocks:
        here = by_block.get(block.number, [])
        text = render_block_text(article, block, here, numbers or {}, (), "", projector=True)
        out.append(_html_block(_row(article, block, [], {}, text=text)))
    out.append("</div>\n")
    return "".join(out)


PRINT_NOTE = (  # shown in print only: the cards give each note's summary
    '<p class="mg-print-note">Each numbered note below gives its summary. The notes in full, '
    "with every source, are on the page “The notes in full” beside this one: print that page "
    "for the complete set.</p>"
)


def reading_tools(notes: list[Annotation]) -> str:
    """Above the text, for readers with JavaScript (hidden without it, when every note shows in
    full): one control that opens every note, and a filter by kind, verdict or technique."""
    kinds = Counter(a.kind for a in notes)
    verdicts = Counter(a.verdict for a in notes if a.verdict)
    techniques = Counter(t for a in notes for t in a.techniques)

    def option(value: str, text: str, count: int) -> str:
        return f'<option value="{value}">{escape(text)} ({count})</option>'

    groups = [
        ("Kind", [option(f"kind:{k}", label("kinds", k), kinds[k])
                  for k in taxonomy()["kinds"] if kinds[k]]),
        ("Verdict", [option(f"verdict:{v}", label("verdicts", v), verdicts[v])
                     for v in taxonomy()["verdicts"] if verdicts[v]]),
        ("Persuasion technique", [option(f"technique:{t}", label("techniques", t), techniques[t])
                                  for t in taxonomy()["techniques"] if techniques[t]]),
    ]  # fmt: skip
    options = "".join(
        f'<optgroup label="{name}">{"".join(items)}</optgroup>' for name, items in groups if items
    )
    return "\n".join([
        '<div class="mg-tools" hidden>',
        '<button type="button" class="mg-open-all" aria-pressed="false">Open every note</button>',
        '<label class="mg-filter">Show <select id="mg-filter">'
        f'<option value="">All {len(notes)} notes</option>{options}</select></label>',
        '<p class="mg-filter__status mg-sr" role="status"></p>',
        "</div>",
    ])  # fmt: skip


def practice_box(
    notes: list[Annotation],
    numbers: dict[str, int],
    lessons: tuple[Lesson, ...] = (),
    lesson: Lesson | None = None,
) -> str:
    """Practice mode's instructions, first on the page: what to do with each highlight."""
    up = "../../" if lesson else "../"  # a set's page is one folder deeper
    listed = ", ".join(str(numbers[a.id]) for a in notes)
    if lesson:
        which = (f"This practice set, <strong>{escape(lesson.title)}</strong>, highlights "
                 f"{plural(len(notes), 'passage')} of the article, numbered as in the whole "
                 f"article: {listed}.")  # fmt: skip
        sheet = f'<a href="{up}worksheet/{lesson.id}/">Your worksheet for this set</a>'
    else:
        which = f"The article has {len(notes)} numbered highlights."
        sheet = f'<a href="{up}worksheet/">The worksheet for every passage</a>'
    lines = [
        '<section class="mg-summary mg-howto" aria-labelledby="how-to-practise">',
        '<h2 id="how-to-practise">How to practise</h2>',
        f"<p>{which}</p>",
        "<ol>",
        "<li>Read the highlighted passage.</li>",
        "<li><strong>Before</strong> you reveal its note, write on the worksheet the kind of "
        "note you expect (context, counterpoint or source check) and, for a source check, the "
        "verdict you expect.</li>",
        "<li>Reveal the note: its summary comes first. “More” opens the whole note and its "
        "sources. Open at least one source.</li>",
        "</ol>",
        f'<p>{sheet} · <a href="{up}../../method/">How we check</a></p>',
    ]
    if lessons and not lesson:
        sets = " · ".join(
            f'<a href="{item.id}/" data-set="{item.id}">{escape(item.title)}</a>'
            for item in lessons
        )
        lines.append(f'<p class="mg-sets">Practice sets for a lesson: {sets}</p>')
    lines.append("</section>")
    return "\n".join(lines)


def notes_by_block(notes: list[Annotation]) -> dict[int, list[Annotation]]:
    """The notes of each block, in reading order."""
    by_block: dict[int, list[Annotation]] = defaultdict(list)
    for a in notes:
        by_block[a.block].append(a)
    return by_block


def notes_page(
    article: Article,
    notes: list[Annotation],
    site_url: str | None = None,
    edit_base: str | None = None,
) -> str:
    """Every note of an article in full, in reading order, each with the passage it is about:
    where the article page's cards lead, what search finds, and what prints as the full set."""
    numbers = note_numbers(notes)
    description = f"The {len(notes)} notes on {article.title}, in full, with their sources."
    out = [
        front_matter(
            f"The notes in full: {article.title}",
            description,
            "hide:\n  - toc\n" + SEARCH_BY_NOTE,
            "The notes in full",
        )
    ]
    intro = (
        f'<p class="mg-eyebrow">The notes in full</p>\n'
        f'<h1 id="the-notes-in-full">{plain(article.title)}: the notes in full</h1>\n'
        f'<p>Every note on <a href="../">the annotated article</a> by {plain(article.author)} '
        f"({plain(article.outlet)}, {prose_date(article.published)}), in the order of the "
        "text, with the passage it is about and every source. “Show in the article” leads back "
        "to the passage.</p>"
    )
    out.append(HTML_ONLY + _html_block(intro))
    by_block = notes_by_block(notes)
    for block in article.blocks:
        if here := by_block.get(block.number):
            out.append(_html_block(f'<h2 id="on-p{block.number}">{_block_name(block)}</h2>'))
            for a in here:
                edit_url = edit_base and f"{edit_base}{a.path}"
                html = render_note(a, numbers[a.id], "../../../", edit_url, back_href="../#",
                                   quote=article.passage(a.span))  # fmt: skip
                out.append(_html_block(html))
    claims = [
        claim_review(a, article, site_url) for a in notes if site_url and a.kind == "source-check"
    ]
    if claims:  # schema.org ClaimReview for every source check, where the reviews are in full
        out.append(_html_block(json_ld_script(claims)))
    return "".join(out)


BLOCK_NAMES = {
    "title": "The headline",
    "byline": "The byline",
    "meta": "The publisher's labels",
    "heading": "Heading",
    "quotation": "Quotation",
    "footer": "The outlet's footer",
}


def _block_name(block: Block) -> str:
    name = BLOCK_NAMES.get(block.role, "Paragraph")
    return f"{name} (block {block.number})"


def _companions(article: Article, extras: Extras) -> list[tuple[str, str]]:
    """Links to the pages around the article that exist: (href, text)."""
    slug, links = article.slug, [(f"{article.slug}/notes/", "The notes in full")]
    if slug in extras.about:
        links.append((f"{slug}/about/", "About the source"))
    if extras.timelines.get(slug):
        links.append((f"{slug}/timeline/", "Timeline"))
    if extras.quotes.get(slug):
        links.append((f"{slug}/quotes/", "Quote traces"))
    if extras.glossary:
        links.append(("../../glossary/", "Glossary"))
    return [(href if href.startswith("..") else f"../{href}", text) for href, text in links]


def _row(
    article: Article,
    block: Block,
    notes: list[Annotation],
    numbers: dict[str, int],
    terms: tuple = (),
    edit_base: str | None = None,
    practice: bool = False,
    deeper: bool = False,
    text: str | None = None,
) -> str:
    """One block and its notes. `text`: the block's HTML made already (the projector view)."""
    root = "../../../" if practice else "../../"
    if deeper:  # a lesson's practice set: one folder further down
        root += "../"
    projected = text is not None
    if text is None:
        text = render_block_text(article, block, notes, numbers, terms, root, practice)
    ident = f'id="p{block.number}"'
    role = block.role
    number = (f'<a class="mg-pnum" href="#p{block.number}" '
              f'aria-label="Block {block.number}">{block.number}</a>')  # fmt: skip
    if practice or projected:  # numbered passages only: one numbering on the page
        number = ""
    if role == "title":
        html = f'<h1 {ident} class="mg-title">{text}</h1>'
    elif role == "heading":
        html = f'<h2 {ident} class="mg-heading">{text}</h2>'
    elif role == "separator":
        html = f'<hr {ident} class="mg-separator">'
    elif role == "quotation":
        cites = ""
        if block.cites:
            cites = f'<footer class="mg-cites">Quoted from {plain(block.cites)}</footer>'
        html = f'<blockquote {ident} class="mg-quote"><p>{number}{text}</p>{cites}</blockquote>'
    else:
        html = f'<p {ident} class="mg-{role}">{number}{text}</p>'
    if not notes:
        return f'<div class="mg-row mg-row--{role}">\n{html}\n</div>'
    heading = ""
    if role in HEADER_ROLES:  # keeps the heading order h1 > h2 > h3 before the first section
        heading = (f'<h2 class="mg-sr" id="notes-p{block.number}" data-search-exclude>'
                   f"Notes on the {role}</h2>\n")  # fmt: skip
    if practice:
        notes_html = heading + "\n".join(
            f'<details class="mg-practice" id="practice-{numbers[a.id]}"><summary>Reveal the '
            f"note on passage {numbers[a.id]}</summary>\n"
            f"{render_practice_note(a, numbers[a.id], root)}\n"
            "</details>"
            for a in notes
        )
    else:
        notes_html = heading + "\n".join(
            render_note(a, numbers[a.id], root, edit_base and f"{edit_base}{a.path}", "notes/")
            for a in notes
        )
    return (f'<div class="mg-row mg-row--{role} mg-row--noted">\n{html}\n'
            f'<div class="mg-notes">\n{notes_html}\n</div>\n</div>')  # fmt: skip


def summary_box(article: Article, notes: list[Annotation], kinds: Counter,
                companions: list[tuple[str, str]] = ()) -> str:  # fmt: skip
    """What was checked and how it came out, above the text: counts by kind and verdict."""
    parts = [
        f'<a href="../../notes/kinds/#{k}" data-filter="kind:{k}">'
        f"{plural(kinds[k], label('kinds', k).lower())}</a>"
        for k in taxonomy()["kinds"]
        if kinds[k]
    ]
    checks = [a for a in notes if a.kind == "source-check"]
    verdicts = Counter(a.verdict for a in checks)
    verdict_items = "".join(
        f'<li><a href="../../notes/verdicts/#{v}" data-filter="verdict:{v}">'
        f"{escape(label('verdicts', v))}</a>: "
        f"{verdicts[v]}</li>"
        for v in taxonomy()["verdicts"]
        if verdicts[v]
    )
    check_items = "".join(
        f'<li><a href="#{a.id}">{verdict_chip(a.verdict)} {plain(a.title)}</a></li>' for a in checks
    )
    first = (
        f" First published by {plain(article.first_published)}." if article.first_published else ""
    )
    lines = [
        '<section class="mg-summary" aria-labelledby="what-was-checked">',
        '<h2 id="what-was-checked">What was checked</h2>',
        f"<p>{plain(article.genre)} by {plain(article.author)}, published by "
        f"{plain(article.outlet)} on {prose_date(article.published)}.{first}</p>",
        *([f'<p class="mg-rights">{rights_line(article.rights)}</p>'] if article.rights else []),
        f"<p>{len(notes)} notes: {', '.join(parts)}.</p>" if notes else "<p>No notes yet.</p>",
    ]
    if checks:
        lines += [
            f"<p>How the {plural(len(checks), 'source check')} came out:</p>",
            f'<ul class="mg-verdict-counts">{verdict_items}</ul>',
            '<details class="mg-checklist"><summary>Every source check</summary>',
            f"<ul>{check_items}</ul></details>",
        ]
    if companions:
        links = " · ".join(f'<a href="{href}">{text}</a>' for href, text in companions)
        lines.append(f'<p class="mg-companions">Around the article: {links}</p>')
    lines += [LEGEND, "</section>"]
    return "\n".join(lines)


RIGHTS = {
    "public-domain": "In the public domain",
    "licence": "Republished under a licence",
    "permission": "Republished with permission",
    "quotation": "Quoted for criticism and teaching",
}


def rights_line(rights: tuple[str, str]) -> str:
    """On what terms the text is shown here, as its metadata records them."""
    kind, note = rights
    return f"{escape(RIGHTS[kind])}: {plain(note)}"


LEGEND = (
    '<p class="mg-legend">Highlights: '
    '<span class="mg-mark mg-mark--context">dotted underline, i</span> context · '
    '<span class="mg-mark mg-mark--counterpoint">dashed underline, ⇄</span> counterpoint · '
    '<span class="mg-mark mg-mark--source-check">solid underline, ✓</span> source check. '
    "The numbered marker after each highlight leads to its note. "
    '<a href="../../method/">How we check</a>.</p>'
)
