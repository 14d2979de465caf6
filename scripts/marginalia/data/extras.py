"""Article-level data beside the notes: timeline, quote traces, about page, and the glossary.

Files whose names start with "_" in annotations/<article>/ hold data about the whole article;
annotations/glossary.yml holds the site's glossary. Each is checked against a JSON Schema here,
with the same located messages as the notes.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from pathlib import Path

import jsonschema

from marginalia.data import anchoring, evidence
from marginalia.data.lessons import load_lessons
from marginalia.data.loader import Document, control_characters, load_yaml, read_text
from marginalia.data.model import (
    Article,
    Event,
    Extras,
    Location,
    QuoteTrace,
    Source,
    Term,
    TextQuoteSelector,
    source_from,
)
from marginalia.data.problems import Problem
from marginalia.data.schema import PARTIAL_DATE, SLUG, SOURCE, TEXT
from marginalia.data.validate import check_schema

SOURCES = {"type": "array", "minItems": 1, "items": SOURCE}
PUBLISHERS = {
    "type": "object",
    "additionalProperties": False,
    "required": ["publishers"],
    "properties": {
        "publishers": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["name", "label", "source"],
                "properties": {
                    "name": TEXT,
                    "also": {"type": "array", "items": TEXT},
                    "label": {
                        "type": "string",
                        "pattern": "^(funded|owned) by the [A-Za-z .]+ government$",
                    },
                    "source": SOURCE,
                },
            },
        }
    },
}
ABOUT_SOURCES = {
    "type": "object",
    "additionalProperties": False,
    "required": ["sources"],
    "properties": {"sources": SOURCES},
}
TIMELINE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["events"],
    "properties": {
        "events": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["date", "title", "summary", "article", "sources"],
                "properties": {
                    "date": {"type": "string", "pattern": PARTIAL_DATE},
                    "title": TEXT,
                    "summary": TEXT,
                    "article": {"enum": ["mentions", "omits"]},
                    "note": {"type": "string", "pattern": SLUG},
                    "sources": SOURCES,
                },
            },
        }
    },
}
QUOTES = {
    "type": "object",
    "additionalProperties": False,
    "required": ["quotes"],
    "properties": {
        "quotes": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["exact", "original", "comment", "source"],
                "properties": {
                    "exact": TEXT,
                    "prefix": TEXT,
                    "suffix": TEXT,
                    "original": TEXT,
                    "note": {"type": "string", "pattern": SLUG},
                    "comment": TEXT,
                    "source": SOURCE,
                },
            },
        }
    },
}
GLOSSARY = {
    "type": "object",
    "additionalProperties": False,
    "required": ["terms"],
    "properties": {
        "terms": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "term", "definition", "sources"],
                "properties": {
                    "id": {"type": "string", "pattern": SLUG},
                    "term": TEXT,
                    "variants": {"type": "array", "items": TEXT},
                    "definition": TEXT,
                    "sources": SOURCES,
                },
            },
        }
    },
}


@cache
def _validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        {
            "TIMELINE": TIMELINE,
            "QUOTES": QUOTES,
            "GLOSSARY": GLOSSARY,
            "ABOUT_SOURCES": ABOUT_SOURCES,
            "PUBLISHERS": PUBLISHERS,
        }[name]
    )


def _load(path: Path, root: Path, schema: str) -> tuple[Document | None, list[Problem]]:
    doc, problems = load_yaml(path, path.relative_to(root).as_posix())
    if doc is None:
        return None, problems
    problems = check_schema(doc, _validator(schema))
    return (None if problems else doc), problems


def load_extras(
    root: Path, articles: dict[str, Article], note_ids: set[tuple[str, str]]
) -> tuple[Extras, list[Problem]]:
    timelines, quotes, about, lessons, problems = {}, {}, {}, {}, []
    for slug, article in articles.items():
        folder = root / "annotations" / slug
        if (folder / "_lessons.yml").is_file():
            lessons[slug], found = load_lessons(folder / "_lessons.yml", root, slug, note_ids)
            problems += found
        if (folder / "_timeline.yml").is_file():
            timelines[slug], found = _timeline(folder / "_timeline.yml", root, article, note_ids)
            problems += found
        if (folder / "_quotes.yml").is_file():
            quotes[slug], found = _quotes(folder / "_quotes.yml", root, article, note_ids)
            problems += found
        if (folder / "_about.md").is_file():
            text, found = _about(folder / "_about.md", root, article)
            problems += found
            if text is not None:
                about[slug] = text
    terms: tuple[Term, ...] = ()
    if (root / "annotations" / "glossary.yml").is_file():
        terms, found = _glossary(root / "annotations" / "glossary.yml", root)
        problems += found
    funding: dict[str, str] = {}
    if (root / "annotations" / "publishers.yml").is_file():
        funding, found = _publishers(root / "annotations" / "publishers.yml", root)
        problems += found
    extras = Extras(timelines, quotes, about, terms, funding, lessons)
    return label_extras(extras), problems


def _publishers(path: Path, root: Path) -> tuple[dict[str, str], list[Problem]]:
    """Outlets owned or funded by a government, each with its one label, under every name
    the sources use for it."""
    doc, problems = _load(path, root, "PUBLISHERS")
    if doc is None:
        return {}, problems
    labels: dict[str, str] = {}
    for i, entry in enumerate(doc.data["publishers"]):
        for name in (entry["name"], *(entry.get("also") or ())):
            if name in labels:
                message = f"the outlet '{name}' is listed twice"
                problems.append(
                    Problem(doc.at(("publishers", i, "name")), "duplicate-item", message)
                )
            labels[name] = entry["label"]
    return labels, problems


def labelled(source: Source, funding: dict[str, str]) -> Source:
    label = funding.get(source.publisher)
    return source if label == source.funding else replace(source, funding=label)


def label_extras(extras: Extras) -> Extras:
    """The companion data with every source from a government-funded outlet labelled."""
    if not extras.funding:
        return extras
    f = extras.funding
    timelines = {
        slug: tuple(replace(e, sources=tuple(labelled(s, f) for s in e.sources)) for e in events)
        for slug, events in extras.timelines.items()
    }
    quotes = {
        slug: tuple(replace(q, source=labelled(q.source, f)) for q in traces)
        for slug, traces in extras.quotes.items()
    }
    glossary = tuple(
        replace(t, sources=tuple(labelled(s, f) for s in t.sources)) for t in extras.glossary
    )
    return replace(extras, timelines=timelines, quotes=quotes, glossary=glossary)


def _note_problem(
    doc: Document, path: tuple, slug: str, note: str | None, note_ids: set
) -> list[Problem]:
    if note is None or (slug, note) in note_ids:
        return []
    return [Problem(doc.at(path), "unknown-note", f"no note '{note}' in the article '{slug}'")]


def _timeline(
    path: Path, root: Path, article: Article, note_ids: set
) -> tuple[tuple[Event, ...], list[Problem]]:
    doc, problems = _load(path, root, "TIMELINE")
    if doc is None:
        return (), problems
    events = []
    for i, e in enumerate(doc.data["events"]):
        problems += _note_problem(doc, ("events", i, "note"), article.slug, e.get("note"), note_ids)
        sources = tuple(source_from(s) for s in e["sources"])
        fields = [(("events", i, k), e[k]) for k in ("title", "summary")]
        problems += evidence.check_fields(doc, fields, article.text, sources)
        events.append(
            Event(e["date"], e["title"], e["summary"], e["article"], sources, e.get("note"))
        )
    if [e.date for e in events] != sorted(e.date for e in events):
        problems.append(
            Problem(doc.at(("events",)), "events-out-of-order", "the events are not in date order")
        )
    return tuple(events), problems


def _quotes(
    path: Path, root: Path, article: Article, note_ids: set
) -> tuple[tuple[QuoteTrace, ...], list[Problem]]:
    doc, problems = _load(path, root, "QUOTES")
    if doc is None:
        return (), problems
    traces = []
    for i, q in enumerate(doc.data["quotes"]):
        problems += _note_problem(doc, ("quotes", i, "note"), article.slug, q.get("note"), note_ids)
        selector = TextQuoteSelector(q["exact"], q.get("prefix"), q.get("suffix"))
        result = anchoring.find_quote(article.text, selector)
        if not isinstance(result, anchoring.Anchored):
            where = doc.at(("quotes", i, "exact"))
            problems.append(
                Problem(
                    where,
                    "quote-not-found",
                    "the quote does not match exactly one place in the article",
                )
            )
            continue
        source = source_from(q["source"])
        problems += evidence.check_original(doc, ("quotes", i, "original"), q["original"], source)
        problems += evidence.check_fields(
            doc, [(("quotes", i, "comment"), q["comment"])], article.text, [source]
        )
        traces.append(
            QuoteTrace(
                q["exact"],
                q["original"],
                q["comment"],
                source,
                result.span,
                q.get("note"),
            )
        )
    return tuple(traces), problems


RAW_HTML = re.compile(r"<[A-Za-z!/]")
LINK_TARGET = re.compile(r"\]\(\s*<?((?:[^()\s>]|\([^()\s]*\))+)")


def _about(path: Path, root: Path, article: Article) -> tuple[str | None, list[Problem]]:
    shown = path.relative_to(root).as_posix()
    text, problems = read_text(path, shown)
    if text is None:
        return None, problems
    problems += control_characters(text, shown)
    sources, found = _about_sources(path.with_name("_about_sources.yml"), root)
    problems += found
    if not found:
        problems += evidence.check_markdown(shown, text, article.text, sources)
    for number, line in enumerate(text.split("\n"), 1):
        if match := RAW_HTML.search(line):
            where = Location(shown, number, match.start() + 1)
            problems.append(
                Problem(
                    where,
                    "raw-html",
                    "raw HTML is not allowed; use Markdown",
                    "write the text without <tags>",
                )
            )
        for match in LINK_TARGET.finditer(line):
            target = match.group(1)
            scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", target)
            if scheme and scheme.group(1).lower() not in ("http", "https"):
                where = Location(shown, number, match.start(1) + 1)
                problems.append(
                    Problem(where, "unsafe-url", f"'{target}' is not an http(s) or internal link")
                )
    if not text.startswith("# "):
        problems.append(
            Problem(
                Location(shown),
                "missing-heading",
                "the page must start with a level-1 heading: # Title",
            )
        )
    return (None if problems else text), problems


def _about_sources(path: Path, root: Path) -> tuple[tuple[Source, ...], list[Problem]]:
    """The About page's sources, with the evidence its quotations and figures rest on."""
    if not path.is_file():
        return (), []
    doc, problems = _load(path, root, "ABOUT_SOURCES")
    if doc is None:
        return (), problems
    return tuple(source_from(s) for s in doc.data["sources"]), problems


def _glossary(path: Path, root: Path) -> tuple[tuple[Term, ...], list[Problem]]:
    doc, problems = _load(path, root, "GLOSSARY")
    if doc is None:
        return (), problems
    terms, seen = [], set()
    for i, t in enumerate(doc.data["terms"]):
        if t["id"] in seen:
            problems.append(
                Problem(
                    doc.at(("terms", i, "id")), "duplicate-id", f"the id '{t['id']}' is used twice"
                )
            )
        seen.add(t["id"])
        sources = tuple(source_from(s) for s in t["sources"])
        fields = [(("terms", i, "definition"), t["definition"])]
        problems += evidence.check_fields(doc, fields, "", sources)
        terms.append(
            Term(t["id"], t["term"], tuple(t.get("variants") or ()), t["definition"], sources)
        )
    return tuple(terms), problems
