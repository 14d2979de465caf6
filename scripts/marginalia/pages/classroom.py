"""Classroom pages of an article: the worksheet for every passage and its answer key, and for
each ready lesson (annotations/<article>/_lessons.yml) its plan for the teacher and its
two-page worksheet. All are made from the same data, so the plan and the sheet cannot
disagree: every step that fills a part of the sheet names that part, in the sheet's order."""

from __future__ import annotations

from html import escape

from marginalia.data.lessons import (
    PROJECT,
    SHEET_PARTS,
    WORDS_A_MINUTE,
    minutes_to_read,
    reading,
    summary_events,
    words,
)
from marginalia.data.model import Annotation, Article, Extras, Lesson
from marginalia.data.taxonomy import label, taxonomy
from marginalia.pages.indexes import (
    HTML_ONLY,
    NAV_HIDDEN,
    NOT_SEARCHED,
    front_matter,
    html_block,
    md_text,
)
from marginalia.pages.render import plain, prose_date

LINE = '<span class="mg-answer" aria-hidden="true"></span>'


def worksheet_page(article: Article, notes: list[Annotation], has_about: bool = False) -> str:
    kinds = " ".join(f"☐ {label('kinds', k)}" for k in ("context", "counterpoint", "source-check"))
    out = [
        front_matter(
            f"Worksheet: {article.title}",
            "A printable worksheet for the annotated article.",
            NOT_SEARCHED,
            nav="Worksheet",
        ),
        "# Worksheet\n\n",
        f"*{md_text(article.title)}*, by {md_text(article.author)}, {md_text(article.outlet)}.\n\n",
        '<p class="mg-fields">Name: ' + LINE + " Class: " + LINE + " Date: " + LINE + "</p>\n\n",
        "## 1. Read laterally before you read closely\n\n",
        "Stop. Before reading the article, leave it: find out who publishes it and what others say "
        "about the outlet and the author"
        + (" ([About the source](about.md) helps)" if has_about else "")
        + ".\n\n",
        "1. Who published this article first, and who republished it?\n\n" + LINE * 2 + "\n\n",
        "2. What do other sources say about the outlet? Name one source and what it says.\n\n"
        + LINE * 2
        + "\n\n",
        "## 2. The highlighted passages\n\n",
        "Open the [practice mode](practice.md). For each numbered passage, write what kind of note "
        "you expect, and for a source check the verdict you expect, **before** you reveal it.\n\n",
    ]
    for number, a in enumerate(notes, 1):
        out.append(
            f'<div class="mg-task"><p><strong>{number}.</strong> '
            f"“{plain(article.passage(a.span))}”</p>"
            f"<p>Kind you expect: {kinds}</p>"
            f"<p>Verdict or technique you expect: {LINE}</p>"
            f"<p>What the note shows, and one source it cites: {LINE}{LINE}</p></div>\n\n"
        )
    questions = [(n, q) for n, a in enumerate(notes, 1) for q in a.questions]
    out.append("## 3. Discuss\n\n")
    if questions:
        out += [f"- (passage {n}) {md_text(q)}\n" for n, q in questions]
    out.append(
        "- Which claims in the article can be checked, and which are opinions? Give one of each.\n"
        "- Which note changed your reading most, and why?\n"
    )
    return "".join(out)


def answer_key_page(article: Article, notes: list[Annotation]) -> str:
    """Reached from the teacher guide and the lesson plans only: not in the navigation, not in
    search, and asking search engines not to index it."""
    extra = NOT_SEARCHED + NAV_HIDDEN + "robots: noindex, nofollow\n"
    out = [
        front_matter(
            f"Answer key: {article.title}", "Answer key for the worksheet.", extra, "Answer key"
        ),
        "# Answer key\n\n",
        "For teachers. This page is not in the site's navigation or search, and asks search "
        "engines not to index it; the teacher guide and the lesson plans link to it.\n\n",
    ]
    for number, a in enumerate(notes, 1):
        verdict = f", verdict *{label('verdicts', a.verdict)}*" if a.verdict else ""
        techniques = ", ".join(label("techniques", t) for t in a.techniques)
        tags = f"; techniques: {techniques}" if techniques else ""
        out.append(
            f'{number}. <span id="key-{number}"></span>“{md_text(article.passage(a.span))}”  \n'
            f"    **{label('kinds', a.kind)}**{verdict}{tags}. "
            f"[{md_text(a.title)}](../{article.slug}.md#{a.id}): {md_text(a.summary)}\n"
        )
        out += [f"\n    - Discuss: {md_text(q)}\n" for q in a.questions]
    return "".join(out)


# --- ready lessons --------------------------------------------------------------------------

KINDS = ("context", "counterpoint", "source-check")
ROOT = "../../../../"  # from a lesson's worksheet (articles/<slug>/worksheet/<lesson>/) to the site


def sheet_parts(lesson: Lesson) -> list[str]:
    """The parts of the worksheet a lesson uses, in the sheet's order."""
    used = {step.sheet for step in lesson.steps if step.sheet}
    return [part for part in SHEET_PARTS if part in used]


def part_names(lesson: Lesson) -> dict[str, str]:
    """ "Part 2: Trace the claims" for each part the lesson's sheet has."""
    return {p: f"Part {n}: {SHEET_PARTS[p]}" for n, p in enumerate(sheet_parts(lesson), 1)}


def _address(href: str, site_path: str, site_url: str | None) -> str:
    """A link that prints its address: absolute with the site's address, else the path from
    the site's root, which the page's script turns into the address it was opened at."""
    shown = (site_url.rstrip("/") + "/" + site_path) if site_url else site_path
    return f'<a href="{href}" class="mg-addr">{escape(shown)}</a>'


def _lines(n: int) -> str:
    return '<span class="mg-line" aria-hidden="true"></span>' * n


def _prompt(text: str, n: int = 1) -> str:
    """A question with n full-width lines under it."""
    return f'<p class="mg-prompt">{text}</p>{_lines(n)}'


def _inline(text: str, more: int = 0) -> str:
    """A question whose answer starts on its line, with `more` full lines after."""
    line = '<span class="mg-line" aria-hidden="true"></span>'
    return f'<p class="mg-inline">{text}{line}</p>{_lines(more)}'


def _part(lesson: Lesson, part: str, article: Article, notes: list[Annotation],
          numbers: dict[str, int], site_url: str | None) -> str:  # fmt: skip
    """One part of a lesson's worksheet: the students' instruction from the step that fills
    it, then the fields."""
    step = next(s for s in lesson.steps if s.sheet == part)
    slug = article.slug
    body: list[str] = [f'<p class="mg-do">{plain(step.students)}</p>']
    if part == "first-look":
        body += [
            _inline("My first reaction, in one sentence:", 1),
            _inline("What I know about the outlet or the author:"),
        ]
    elif part == "investigate":
        about = _address(f"{ROOT}articles/{slug}/about/", f"articles/{slug}/about/", site_url)
        body += [
            f'<p class="mg-prompt">About the source: {about}</p>',
            _inline("Who published it first, and who republished it?"),
            _inline("Another source on the outlet or author, and what it says:", 1),
            _inline("Written before or after January 2020?"),
        ]
    elif part == "claims":
        body += [_inline(f"<strong>{mark}</strong>") for mark in ("C", "O", "?")]
    elif part == "trace":
        boxes = " ".join(f"☐ {label('kinds', k)}" for k in KINDS)
        practice = _address(
            f"{ROOT}articles/{slug}/practice/{lesson.id}/",
            f"articles/{slug}/practice/{lesson.id}/",
            site_url,
        )
        verdicts = " · ".join(label("verdicts", v) for v in taxonomy()["verdicts"])
        body.append(f'<p class="mg-prompt">Open the practice set: {practice}</p>')
        body.append(f'<p class="mg-prompt mg-verdicts">The verdicts: {escape(verdicts)}.</p>')
        room = 2 if len(notes) <= 3 else 1  # the sheet's two pages shared among the passages
        for a in notes:
            body.append(
                f'<div class="mg-task"><p class="mg-task__quote"><strong>Passage '
                f"{numbers[a.id]}.</strong> “{plain(article.passage(a.span))}”</p>"
                + _inline(f"Before you reveal: {boxes} · verdict:")
                + _inline("The note in your words, and the source you opened:", room)
                + "</div>"
            )
    elif part == "coverage":
        timeline = _address(
            f"{ROOT}articles/{slug}/timeline/", f"articles/{slug}/timeline/", site_url
        )
        body += [
            f'<div class="mg-box"><p class="mg-prompt">The timeline: {timeline}</p>',
            _inline("The event:"),
            _inline("Report 1 (publisher, date, address):", 1),
            _inline("Report 2 (publisher, date, address):", 1),
            _inline("They agree on:"),
            _inline("They differ on:"),
            _inline("Known on the article's date; learned later:"),
            "</div>",
        ]
    elif part == "techniques":
        method = _address(f"{ROOT}method/#techniques", "method/#techniques", site_url)
        body.append(f'<p class="mg-prompt">The definitions: {method}</p>')
        for n in (1, 2):
            body += [
                _inline(f"{n}. Passage, technique and the exact words:"),
                _inline("How the words work on the reader:"),
            ]
        body.append(_inline("Does the same definition fit an official's words? Which note?", 1))
    elif part == "writing":
        body += [
            _prompt("The author's argument, stated fairly (the author would accept it):", 2),
            _prompt("Two claims that hold up: each with a note and an original source:", 2),
            _prompt("Two claims that do not hold up: each with a note and an original source:", 2),
        ]
    elif part == "exit":
        body += [
            _inline("A claim, its verdict and the source that settles it:", 1),
            _inline("One thing the article gets right, or a question you still have:"),
        ]
    name = part_names(lesson)[part]
    box = " mg-part--box" if part == "exit" else ""
    return (f'<section class="mg-part{box}" id="part-{part}" aria-labelledby="h-{part}">'
            f'<h2 id="h-{part}">{name} <span class="mg-part__time">({step.minutes} min)</span>'
            f"</h2>{''.join(body)}</section>")  # fmt: skip


def lesson_worksheet(
    article: Article,
    lesson: Lesson,
    notes: list[Annotation],
    numbers: dict[str, int],
    site_url: str | None = None,
) -> str:
    """A lesson's worksheet: two printed pages, A4 or Letter, with only its passages."""
    title = f"Worksheet, {lesson.title}: {article.title}"
    description = f"A two-page worksheet for the lesson “{lesson.title}”."
    extra = "hide:\n  - navigation\n  - toc\n" + NOT_SEARCHED + NAV_HIDDEN
    head = (
        '<div class="mg-sheet">'
        f'<p class="mg-eyebrow">Worksheet · {escape(lesson.title)}</p>'
        f'<h1 id="worksheet">{plain(article.title)}</h1>'
        f'<p class="mg-sheet__byline">By {plain(article.author)}, {plain(article.outlet)}, '
        f"{prose_date(article.published)}.</p>"
        '<p class="mg-fields"><span>Name</span><span class="mg-line"></span>'
        '<span>Class</span><span class="mg-line"></span>'
        '<span>Date</span><span class="mg-line"></span></p>'
        '<p class="mg-print-button" hidden><button type="button" class="mg-print">'
        "Print this worksheet</button></p>"
    )
    parts = [_part(lesson, p, article, notes, numbers, site_url) for p in sheet_parts(lesson)]
    return (
        front_matter(title, description, extra, "Worksheet")
        + HTML_ONLY
        + html_block(head + "".join(parts) + "</div>")
    )


def lesson_plan(
    article: Article,
    lesson: Lesson,
    notes: list[Annotation],
    numbers: dict[str, int],
    extras: Extras,
    site_url: str | None = None,
) -> str:
    """The teacher's plan for one lesson: the passages by number, what to print, share and
    project, and every timed step with its reading measured in words."""
    slug = article.slug
    up = f"../articles/{slug}"
    names = part_names(lesson)
    by_id = {a.id: a for a in notes}
    out = [
        front_matter(
            f"Lesson: {lesson.title} ({article.title})",
            f"A ready {lesson.minutes}-minute lesson on the annotated article, with its "
            "passages, timings, worksheet and practice set.",
            # the step table needs the width; the answers keep the plan out of search and out
            # of the menu (students' pages show no menu either): the guide links each plan
            "hide:\n  - toc\n" + NOT_SEARCHED + NAV_HIDDEN,
            lesson.title,
        ),
        f"# {md_text(lesson.title)}\n\n",
        f"A ready lesson of {lesson.minutes} minutes on *{md_text(article.title)}* by "
        f"{md_text(article.author)} ({md_text(article.outlet)}, "
        f"{prose_date(article.published)}). {md_text(lesson.audience)}\n\n",
        "## Print, share, project\n\n",
        f"- **Print:** [the worksheet for this lesson]({up}/worksheet/{lesson.id}.md), two "
        "pages, one per student.\n",
        f"- **Share with students:** [the practice set]({up}/practice/{lesson.id}.md), the "
        "article with only these passages highlighted (its address is printed on the sheet).\n",
        f"- **Project:** [the projector view of this lesson]({up}/projector/{lesson.id}.md), "
        "the article's text with only this lesson's passages marked and numbered, and no "
        "notes, so the class does not see the answers.\n",
        f"- **For you:** [the answer key]({up}/answer-key.md), not linked from students' "
        "pages.\n\n",
        "## The passages\n\n",
        f"{md_text(lesson.why)}\n\n",
        "| Passage | The words | The answer, for you |\n|---|---|---|\n",
    ]
    for a in sorted((by_id[n] for n in lesson.passages), key=lambda x: numbers[x.id]):
        n = numbers[a.id]
        verdict = f", *{label('verdicts', a.verdict)}*" if a.verdict else ""
        out.append(
            f"| [{n}]({up}/answer-key.md#key-{n}) | “{md_text(article.passage(a.span))}” | "
            f"**{label('kinds', a.kind)}**{verdict}: {md_text(a.summary)} |\n"
        )
    out += ["\n## Grouping and roles\n\n", f"{md_text(lesson.grouping)}\n\n"]
    out += [
        "## Step by step\n\n",
        "Reading times are measured: the words students read in a step, at "
        f"{WORDS_A_MINUTE} words a minute, must fit its minutes (`make check` fails "
        "otherwise). The steps fill the whole lesson, with no slack: if the class runs over, "
        "shorten the discussion, or leave the last passage for homework.\n\n",
        "| Minutes | Step | You | Students | On the projector | Worksheet |\n",
        "|---|---|---|---|---|---|\n",
    ]
    start = 0
    for step in lesson.steps:
        end = start + step.minutes
        count = reading(step, lesson, article, by_id, extras)
        read = ""
        if count:
            read = f" *Reading: {count:,} words, about {minutes_to_read(count)} min.*"
        project = _projected(step.project, up).replace("{lesson}", lesson.id)
        sheet = names.get(step.sheet, "–") if step.sheet else "–"
        teacher = "–" if step.teacher.strip() == "-" else md_text(step.teacher)
        out.append(
            f"| {start}–{end} | **{md_text(step.move)}** | {teacher} | "
            f"{md_text(step.students)}{read} | {project} | {sheet} |\n"
        )
        start = end
    summary = _neutral_summary(article, lesson, extras, up)
    if summary:
        out.append(summary)
    return "".join(out)


def _projected(key: str, up: str) -> str:
    text = PROJECT[key]
    target = {
        "projector": f"{up}/projector/{{lesson}}.md",
        "practice": f"{up}/practice/{{lesson}}.md",
        "about": f"{up}/about.md",
        "timeline": f"{up}/timeline.md",
        "questions": "index.md#discussion-questions",
        "techniques": "../method/index.md#techniques",
    }.get(key)
    return f"[{text}]({target})" if target else text


def _neutral_summary(article: Article, lesson: Lesson, extras: Extras, up: str) -> str:
    """What to read aloud in a step that reads the neutral summary: the titles of the
    timeline's events up to the article's date."""
    step = next((s for s in lesson.steps if "summary" in s.read), None)
    events = summary_events(article, extras, lesson)
    if step is None or not events:
        return ""
    count = sum(words(e.title) for e in events)
    out = [
        "\n## The neutral summary\n\n",
        f"Read out the titles of these {len(events)} entries of the "
        f"[timeline]({up}/timeline.md), the events up to the article's date, without comment "
        "(entries about this lesson's passages are left out: they would give answers away): "
        f"{count:,} words, about {minutes_to_read(count)} "
        f"{'minute' if minutes_to_read(count) == 1 else 'minutes'}. Each entry's summary and "
        "sources are on the timeline, for questions.\n\n",
    ]
    out += [f"- {prose_date(e.date)}: {md_text(e.title)}.\n" for e in events]
    return "".join(out)
