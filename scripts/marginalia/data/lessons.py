"""Ready lessons on an article (annotations/<article>/_lessons.yml): named sets of 3 to 5
passages, each with timed steps that say what the teacher does, what students do, what is on
the projector and which part of the worksheet the step fills.

The guide, practice mode and the worksheet all read the same data, so they cannot disagree;
`check` holds every step's reading to its minutes, measured in words.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from marginalia.data.loader import Document, load_yaml
from marginalia.data.model import Annotation, Article, Extras, Lesson, Location, Step
from marginalia.data.problems import Problem
from marginalia.data.schema import SLUG, TEXT
from marginalia.data.validate import check_schema

# What the projector shows during a step: (label, page under the article's folder or None)
PROJECT = {
    "nothing": "Nothing",
    "projector": "The projector view: the article's text with no notes",
    "about": "About the source",
    "timeline": "The timeline",
    "practice": "The practice set",
    "worksheet": "The worksheet",
    "questions": "The discussion questions (teacher guide)",
    "techniques": "How we check: the persuasion techniques",
}

# The worksheet's parts, in the order a sheet prints them; a lesson uses the ones its steps name
SHEET_PARTS = {
    "first-look": "First look",
    "investigate": "Investigate the source",
    "claims": "Claim or opinion?",
    "trace": "Trace the claims",
    "coverage": "Find better coverage",
    "techniques": "Persuasion techniques",
    "writing": "Plan your writing",
    "exit": "Exit ticket",
}

# What a step reads: the article; the set's passages with their notes' titles and summaries;
# the timeline; the About page or one of its sections; or the neutral summary, the titles of
# the timeline's events up to the article's date, read aloud by the teacher
READS = re.compile(r"^(article|passages|timeline|summary|about)(?:: (.+))?$")
WORDS_A_MINUTE = 150  # careful reading of informational text by high-school students

LESSONS = {
    "type": "object",
    "additionalProperties": False,
    "required": ["lessons"],
    "properties": {
        "lessons": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": [
                    "id",
                    "title",
                    "minutes",
                    "audience",
                    "passages",
                    "why",
                    "grouping",
                    "steps",
                ],
                "properties": {
                    "id": {"type": "string", "pattern": SLUG},
                    "title": TEXT,
                    "minutes": {"type": "integer", "minimum": 5, "maximum": 120},
                    "audience": TEXT,
                    "passages": {
                        "type": "array",
                        "minItems": 3,
                        "maxItems": 5,
                        "uniqueItems": True,
                        "items": {"type": "string", "pattern": SLUG},
                    },
                    "why": TEXT,
                    "grouping": TEXT,
                    "steps": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["minutes", "move", "teacher", "students", "project"],
                            "properties": {
                                "minutes": {"type": "integer", "minimum": 1, "maximum": 60},
                                "move": TEXT,
                                "teacher": TEXT,
                                "students": TEXT,
                                "project": {"enum": list(PROJECT)},
                                "sheet": {"enum": list(SHEET_PARTS)},
                                "read": {
                                    "type": "array",
                                    "items": {"type": "string", "pattern": READS.pattern},
                                },
                            },
                        },
                    },
                },
            },
        }
    },
}


def load_lessons(
    path: Path, root: Path, slug: str, note_ids: set[tuple[str, str]]
) -> tuple[tuple[Lesson, ...], list[Problem]]:
    doc, problems = load_yaml(path, path.relative_to(root).as_posix())
    if doc is None:
        return (), problems
    problems = check_schema(doc, _validator())
    if problems:
        return (), problems
    lessons, seen = [], set()
    for i, data in enumerate(doc.data["lessons"]):
        if data["id"] in seen:
            where = doc.at(("lessons", i, "id"))
            problems.append(Problem(where, "duplicate-id", f"the id '{data['id']}' is used twice"))
        seen.add(data["id"])
        for j, note in enumerate(data["passages"]):
            if (slug, note) not in note_ids:
                where = doc.at(("lessons", i, "passages", j))
                message = f"no note '{note}' in the article '{slug}'"
                problems.append(Problem(where, "unknown-note", message))
        steps = tuple(_step(doc, i, j, s) for j, s in enumerate(data["steps"]))
        total = sum(s.minutes for s in steps)
        if total != data["minutes"]:
            problems.append(
                Problem(
                    doc.at(("lessons", i, "minutes")),
                    "lesson-timing",
                    f"the steps take {total} minutes, the lesson {data['minutes']}",
                    "make the steps' minutes add up to the lesson's",
                )
            )
        lessons.append(
            Lesson(
                data["id"],
                data["title"],
                data["minutes"],
                data["audience"],
                tuple(data["passages"]),
                data["why"],
                data["grouping"],
                steps,
            )
        )
    return tuple(lessons), problems


def _step(doc: Document, i: int, j: int, s: dict) -> Step:
    return Step(
        s["minutes"],
        s["move"],
        s["teacher"],
        s["students"],
        s["project"],
        s.get("sheet"),
        tuple(s.get("read") or ()),
        doc.at(("lessons", i, "steps", j, "minutes")),
    )


def _validator():
    from jsonschema import Draft202012Validator

    return Draft202012Validator(LESSONS)


WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
LINK_TARGET = re.compile(r"\]\([^)\s]*\)|<https?://[^>]*>")  # read as its text, not its address


def words(text: str) -> int:
    return len(WORD.findall(LINK_TARGET.sub("]", text)))


def about_sections(text: str) -> dict[str, str]:
    """The About page's level-2 sections by heading (and "" for the whole page)."""
    sections = {"": text}
    for part in re.split(r"^## ", text, flags=re.M)[1:]:
        heading, _, body = part.partition("\n")
        sections[heading.strip()] = body
    return sections


def reading(
    step: Step, lesson: Lesson, article: Article, notes: dict[str, Annotation], extras: Extras
) -> int | None:
    """How many words are read in a step (by students, or aloud to them), or None when something
    it names is missing."""
    total = 0
    for item in step.read:
        kind, section = READS.match(item).groups()
        if kind == "article":
            total += words(article.text)
        elif kind == "passages":  # each passage and, revealed, its note's title and summary
            for note_id in lesson.passages:
                a = notes[note_id]
                total += words(article.passage(a.span)) + words(a.title) + words(a.summary)
        elif kind == "summary":
            events = summary_events(article, extras, lesson)
            if not events:
                return None
            total += sum(words(e.title) for e in events)
        elif kind == "timeline":
            events = extras.timelines.get(article.slug, ())
            if not events:
                return None
            total += sum(words(e.title) + words(e.summary) for e in events)
        else:
            text = about_sections(extras.about.get(article.slug, "")).get(section or "")
            if not text:
                return None
            total += words(text)
    return total


def summary_events(article: Article, extras: Extras, lesson: Lesson) -> list:
    """The timeline's events up to the article's date (what was known when it appeared),
    except those about the lesson's own passages, which would give their answers away."""
    return [
        e
        for e in extras.timelines.get(article.slug, ())
        if e.date <= article.published and e.note not in lesson.passages
    ]


def minutes_to_read(count: int) -> int:
    return math.ceil(count / WORDS_A_MINUTE)


def check_timing(article: Article, notes: list[Annotation], extras: Extras) -> list[Problem]:
    """Every step leaves time for what it asks students to read."""
    problems = []
    by_id = {a.id: a for a in notes}
    for lesson in extras.lessons.get(article.slug, ()):
        if any(p not in by_id for p in lesson.passages):
            continue  # reported as unknown-note
        for step in lesson.steps:
            count = reading(step, lesson, article, by_id, extras)
            where = step.where or Location(f"annotations/{article.slug}/_lessons.yml")
            if count is None:
                message = f"the step reads {', '.join(step.read)}, which this article lacks"
                problems.append(Problem(where, "lesson-reading", message))
            elif minutes_to_read(count) > step.minutes:
                message = (
                    f"the step asks students to read {count} words, about "
                    f"{minutes_to_read(count)} minutes at {WORDS_A_MINUTE} words a minute, "
                    f"in {step.minutes}"
                )
                hint = "give the step more time, or ask for less reading"
                problems.append(Problem(where, "lesson-timing", message, hint))
    return problems
