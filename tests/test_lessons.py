"""Ready lessons: the data, its checks, and the pages made from it (the lesson plan, the
two-page worksheet, the practice set, the projector view), which must agree."""

from __future__ import annotations

import re
from functools import cache

import pytest
from bs4 import BeautifulSoup

from marginalia.data.corpus import load_corpus
from marginalia.data.lessons import SHEET_PARTS, WORDS_A_MINUTE, minutes_to_read, reading
from marginalia.pages.classroom import part_names
from marginalia.pages.indexes import md_text
from marginalia.pages.render import note_numbers
from marginalia.pages.site import generate_pages, nav_hidden

from .conftest import ROOT

SLUG = "us-war-of-terror-continues"
KINDS_OF_PAGE = ("practice", "worksheet", "projector")  # made for each lesson, for students

LESSON = """\
lessons:
  - id: short
    title: A short lesson
    minutes: 10
    audience: Anyone.
    passages: [council-vote, old-bridge, repairs-mayor]
    why: Three passages.
    grouping: Pairs.
    steps:
      - minutes: 4
        move: Stop
        teacher: Show the headline.
        students: Write a first reaction.
        project: projector
        sheet: first-look
      - minutes: 6
        move: Trace claims
        teacher: "-"
        students: Predict, then reveal.
        project: practice
        sheet: trace
        read: [passages]
"""


def write_lessons(mini, text: str = LESSON):
    path = mini / "annotations" / "mini" / "_lessons.yml"
    path.write_text(text, encoding="utf-8")
    return path


@cache
def real():
    corpus, problems = load_corpus(ROOT)
    assert problems == []
    return corpus, generate_pages(corpus)


def lessons():
    corpus, _ = real()
    return corpus.extras.lessons[SLUG]


# --- the data and its checks -----------------------------------------------------------------


def test_a_valid_lesson_loads_with_its_steps(mini):
    write_lessons(mini)
    corpus, problems = load_corpus(mini)
    assert problems == []
    (lesson,) = corpus.extras.lessons["mini"]
    assert lesson.passages == ("council-vote", "old-bridge", "repairs-mayor")
    assert [s.minutes for s in lesson.steps] == [4, 6]
    assert lesson.steps[1].read == ("passages",)


@pytest.mark.parametrize(
    ("change", "code", "line", "column"),
    [
        (("minutes: 10", "minutes: 12"), "lesson-timing", 4, 14),  # the steps add up to 10
        (("old-bridge,", "no-such-note,"), "unknown-note", 6, 30),
        (("[council-vote, old-bridge, repairs-mayor]", "[council-vote]"), "schema", 6, 15),
        (("project: practice", "project: the-wall"), "bad-value", 20, 18),
    ],
)
def test_a_broken_lesson_is_a_located_error(mini, change, code, line, column):
    path = write_lessons(mini, LESSON.replace(*change, 1))
    problems = load_corpus(mini)[1]
    assert problems, "the broken lesson was accepted"
    found = [p for p in problems if p.location.path.endswith("_lessons.yml")]
    assert found, [p.format() for p in problems]
    assert found[0].code == code, found[0].format()
    assert (found[0].location.line, found[0].location.column) == (line, column)
    assert str(path.name) in found[0].format()


def test_a_step_too_short_for_its_reading_fails_at_its_minutes(mini):
    # the mini article: 73 words as the check counts them; three readings, two minutes
    text = LESSON.replace("read: [passages]", "read: [article, article, article]").replace(
        "      - minutes: 4\n", "      - minutes: 9\n"
    )
    text = text.replace("      - minutes: 6\n", "      - minutes: 1\n")
    write_lessons(mini, text)
    _, problems = load_corpus(mini)
    (problem,) = problems
    assert problem.code == "lesson-timing"
    assert (problem.location.line, problem.location.column) == (16, 18)  # the step's minutes
    assert "219 words" in problem.message and "in 1" in problem.message
    assert "words" in problem.message and f"{WORDS_A_MINUTE} words a minute" in problem.message


def test_the_shipped_lessons_have_three_to_five_passages_and_fit_their_minutes():
    corpus, _ = real()
    by_id = {a.id: a for a in corpus.for_article(SLUG)}
    article = corpus.articles[SLUG]
    assert [x.id for x in lessons()] == [
        "one-period",
        "two-periods-day-1",
        "two-periods-day-2",
        "homework",
    ]
    for lesson in lessons():
        assert 3 <= len(lesson.passages) <= 5
        assert sum(s.minutes for s in lesson.steps) == lesson.minutes
        for step in lesson.steps:
            count = reading(step, lesson, article, by_id, corpus.extras)
            assert count is not None
            assert minutes_to_read(count) <= step.minutes, (lesson.id, step.move, count)
    # the complaint that started this: a 1,481-word About page in ten minutes of searching
    one = lessons()[0]
    investigate = next(s for s in one.steps if s.sheet == "investigate")
    assert investigate.read == ("about: Global Research (Centre for Research on Globalization)",)


# --- the pages agree --------------------------------------------------------------------------


def plan_rows(md: str) -> list[list[str]]:
    """The step table of a lesson plan: one list of cells a row."""
    table = md.split("## Step by step", 1)[1]
    rows = [r for r in table.splitlines() if r.startswith("| ") and not r.startswith("| Minutes")]
    return [[c.strip() for c in r.strip("|").split(" | ")] for r in rows]


@pytest.mark.parametrize("index", range(4))
def test_every_task_of_the_plan_is_on_the_sheet_in_the_same_order(index):
    lesson = lessons()[index]
    _, pages = real()
    plan = pages[f"teachers/{SLUG}-{lesson.id}.md"]
    sheet = BeautifulSoup(pages[f"articles/{SLUG}/worksheet/{lesson.id}.md"], "html.parser")
    named = [row[5] for row in plan_rows(plan) if row[5] != "–"]
    headings = [re.sub(r"\s*\(\d+ min\)$", "", h.get_text()) for h in sheet.select(".mg-part h2")]
    assert named == headings  # each step that fills a part names it; the sheet has it, in order
    assert named == list(part_names(lesson).values())
    minutes = [row[0] for row in plan_rows(plan)]
    assert minutes[0].startswith("0–") and minutes[-1].endswith(f"–{lesson.minutes}")


@pytest.mark.parametrize("index", range(4))
def test_the_sheet_and_the_practice_set_have_the_lessons_passages_numbered_as_everywhere(index):
    lesson = lessons()[index]
    corpus, pages = real()
    numbers = note_numbers(corpus.for_article(SLUG))
    expected = sorted(numbers[n] for n in lesson.passages)
    sheet = BeautifulSoup(pages[f"articles/{SLUG}/worksheet/{lesson.id}.md"], "html.parser")
    tasks = [t.strong.get_text() for t in sheet.select(".mg-task")]
    if any(s.sheet == "trace" for s in lesson.steps):
        assert tasks == [f"Passage {n}." for n in expected]
    practice = BeautifulSoup(pages[f"articles/{SLUG}/practice/{lesson.id}.md"], "html.parser")
    assert [d["id"] for d in practice.select("details.mg-practice")] == [
        f"practice-{n}" for n in expected
    ]
    assert len(practice.select("mark.mg-mark--practice")) == len(expected)
    plan = pages[f"teachers/{SLUG}-{lesson.id}.md"]
    listed = re.findall(r"^\| \[(\d+)\]\(", plan, re.M)
    assert sorted(int(n) for n in listed) == expected


def test_the_guides_lesson_table_gives_the_same_passage_numbers():
    corpus, _ = real()
    numbers = note_numbers(corpus.for_article(SLUG))
    guide = (ROOT / "docs" / "teachers" / "index.md").read_text()
    for lesson in lessons():
        row = next(r for r in guide.splitlines() if f"worksheet/{lesson.id}.md" in r)
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert cells[0] == lesson.title
        assert cells[1] == ", ".join(str(n) for n in sorted(numbers[p] for p in lesson.passages))


def test_practice_mode_starts_with_its_instructions_and_gives_no_answer_away():
    _, pages = real()
    for uri in [f"articles/{SLUG}/practice.md"] + [
        f"articles/{SLUG}/practice/{x.id}.md" for x in lessons()
    ]:
        page = pages[uri]
        assert page.index('id="how-to-practise"') < page.index("<mark"), uri
        soup = BeautifulSoup(page, "html.parser")
        assert not soup.select("a.mg-term"), uri  # a glossary definition could answer a task
        assert not soup.select("[title]"), uri
        for reveal in soup.select("details.mg-practice"):
            note = reveal.select_one(".mg-note")
            # the summary first; the full text and its sources behind "More"
            assert note.select_one(".mg-note__summary")
            more = note.select_one("details.mg-practice__more")
            assert more and more.select_one(".mg-note__body") and not more.has_attr("open")
            assert not note.find(class_="mg-note__body", recursive=False)


def test_the_full_practice_page_links_every_set_and_the_script_follows_set():
    _, pages = real()
    soup = BeautifulSoup(pages[f"articles/{SLUG}/practice.md"], "html.parser")
    sets = {a["data-set"]: a["href"] for a in soup.select("a[data-set]")}
    assert sets == {x.id: f"{x.id}/" for x in lessons()}
    script = (ROOT / "docs" / "assets" / "marginalia.js").read_text()
    assert 'a[data-set="' in script and "location.replace" in script


@pytest.mark.parametrize("index", range(4))
def test_a_lessons_projector_view_numbers_its_passages_and_shows_no_note(index):
    lesson = lessons()[index]
    corpus, pages = real()
    numbers = note_numbers(corpus.for_article(SLUG))
    page = pages[f"articles/{SLUG}/projector/{lesson.id}.md"]
    assert "\nquiet: true\n" in page.split("\n---\n", 1)[0] + "\n"  # no search box shown
    soup = BeautifulSoup(page, "html.parser")
    assert not soup.select(".mg-note, .mg-summary, a.mg-term, a.mg-pnum, details")
    marks = soup.select("mark.mg-mark--practice")  # kind not shown: the class predicts it
    assert len(marks) == len(lesson.passages) and not soup.select("mark[data-note]")
    shown = [int(r.contents[0]) for r in soup.select("span.mg-ref--practice")]
    assert shown == sorted(numbers[n] for n in lesson.passages)


def test_practice_pages_show_one_numbering_only():
    _, pages = real()
    for uri in [f"articles/{SLUG}/practice.md"] + [
        f"articles/{SLUG}/practice/{x.id}.md" for x in lessons()
    ]:
        assert 'class="mg-pnum"' not in pages[uri], uri  # block numbers would clash
    assert 'class="mg-pnum"' in pages[f"articles/{SLUG}.md"]


def test_the_neutral_summary_leaves_out_the_events_of_the_lessons_passages():
    corpus, pages = real()
    events = corpus.extras.timelines[SLUG]
    for lesson in lessons():
        plan = pages[f"teachers/{SLUG}-{lesson.id}.md"]
        if "## The neutral summary" not in plan:
            continue
        summary = plan.split("## The neutral summary", 1)[1]
        for e in events:
            if e.date > corpus.articles[SLUG].published:
                continue
            listed = f": {md_text(e.title)}." in summary
            assert listed == (e.note not in lesson.passages), (lesson.id, e.title)


def test_the_projector_view_shows_the_text_and_nothing_that_answers():
    corpus, pages = real()
    page = pages[f"articles/{SLUG}/projector.md"]
    soup = BeautifulSoup(page, "html.parser")
    assert not soup.select("mark, .mg-note, .mg-summary, a.mg-ref, a.mg-term")
    text = soup.get_text(" ")
    article = corpus.articles[SLUG]
    for block in article.blocks[:8]:
        words = " ".join(article.text[block.start : block.end].split()[:5])
        assert words.replace("<u>", "").split()[0] in text


def test_teacher_only_and_lesson_pages_stay_out_of_the_navigation():
    _, pages = real()
    hidden = {uri for uri, page in pages.items() if uri.endswith(".md") and nav_hidden(page)}
    expected = {f"articles/{SLUG}/answer-key.md", f"articles/{SLUG}/projector.md"}
    for x in lessons():
        expected |= {f"articles/{SLUG}/{kind}/{x.id}.md" for kind in KINDS_OF_PAGE}
    expected |= {f"teachers/{SLUG}-{x.id}.md" for x in lessons()}  # the answers: guide only
    assert hidden == expected


def test_only_teacher_pages_link_to_the_answer_key():
    _, pages = real()
    hand_written = {
        p.relative_to(ROOT / "docs").as_posix(): p.read_text()
        for p in (ROOT / "docs").rglob("*.md")
    }
    linking = sorted(
        uri
        for uri, page in {**pages, **hand_written}.items()
        if uri.endswith(".md") and "answer-key" in page and not uri.endswith("answer-key.md")
    )
    assert linking and all(uri.startswith("teachers/") for uri in linking), linking


def test_every_sheet_prints_the_address_of_each_page_it_sends_students_to():
    _, pages = real()
    for x in lessons():
        soup = BeautifulSoup(pages[f"articles/{SLUG}/worksheet/{x.id}.md"], "html.parser")
        links = soup.select(".mg-sheet a")
        assert links and all("mg-addr" in a["class"] for a in links)
        for a in links:  # the text is the address (the site's own when it has one)
            assert a.get_text().removesuffix("#techniques").endswith("/")


def test_the_sheet_prints_the_sites_address_when_the_site_has_one(mini):
    write_lessons(mini)
    corpus, _ = load_corpus(mini)
    pages = generate_pages(corpus, site_url="https://example.org/marginalia/")
    soup = BeautifulSoup(pages["articles/mini/worksheet/short.md"], "html.parser")
    assert "https://example.org/marginalia/articles/mini/practice/short/" in [
        a.get_text() for a in soup.select("a.mg-addr")
    ]


def test_sheet_parts_are_known():
    for x in lessons():
        assert all(s.sheet in SHEET_PARTS for s in x.steps if s.sheet)
