"""Open data: W3C Web Annotations, schema.org ClaimReview and CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from marginalia.data.model import Annotation, Article, Corpus, Source
from marginalia.data.taxonomy import label, taxonomy

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
LICENCE = "CC-BY-4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
CONTEXT_CHARS = 32  # characters of prefix and suffix, as the Hypothesis client stores them


def article_iri(article: Article) -> str:
    """The article's address where it is known; otherwise a name for its exact text."""
    return article.url or f"urn:sha256:{article.sha256}"


def to_w3c(corpus: Corpus, site_url: str | None = None) -> dict:
    items = [_annotation(a, corpus.articles[a.article], site_url) for a in corpus.annotations]
    return _w3c_collection(items, site_url)


def _w3c_collection(items: list, site_url: str | None) -> dict:
    collection = (
        f"{site_url.rstrip('/')}/downloads/annotations.jsonld"
        if site_url
        else "urn:marginalia:annotations"
    )
    return {
        "@context": CONTEXT,
        "id": collection,
        "type": "AnnotationCollection",
        "label": "Marginalia annotations",
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def w3c_text(corpus: Corpus, site_url: str | None = None) -> Iterator[str]:
    """`to_w3c` as JSON text, exactly as `json.dumps(..., indent=1, ensure_ascii=False)`
    writes it, made one annotation at a time: a library's collection is never whole in
    memory."""
    skeleton = _w3c_collection([], site_url)
    skeleton["total"] = len(corpus.annotations)
    head, _, tail = json.dumps(skeleton, indent=1, ensure_ascii=False).partition('"items": []')
    yield head + '"items": ['
    for n, a in enumerate(corpus.annotations):
        item = json.dumps(_annotation(a, corpus.articles[a.article], site_url), indent=1,
                          ensure_ascii=False)  # fmt: skip
        yield ("," if n else "") + "\n   " + item.replace("\n", "\n   ")  # 3 levels deep
    yield ("\n  ]" if corpus.annotations else "]") + tail


def date_time(day: str) -> str:
    """A calendar day as the xsd:dateTime the model requires: its start, in UTC."""
    return f"{day}T00:00:00Z"


def _annotation(a: Annotation, article: Article, site_url: str | None = None) -> dict:
    text, span = article.text, a.span
    bodies: list[dict] = [
        {
            "type": "TextualBody",
            "purpose": taxonomy()["kinds"][a.kind]["motivation"],
            "format": "text/markdown",
            "language": "en",
            "value": f"**{a.title}**\n\n{a.summary}\n\n{a.body}",
        }
    ]
    if a.verdict:
        bodies.append(
            {"type": "TextualBody", "purpose": "assessing", "value": label("verdicts", a.verdict)}
        )
    bodies += [{"type": "TextualBody", "purpose": "tagging", "value": t} for t in a.techniques]
    bodies += [_source_body(s) for s in a.sources]
    days = [a.checked, *(c.date for c in a.corrections)]
    return {
        # dereferenceable where the site's address is known: the note in full, on its page
        "id": note_url(a, site_url, "notes/") if site_url else f"urn:marginalia:{a.article}:{a.id}",
        "type": "Annotation",
        "motivation": taxonomy()["kinds"][a.kind]["motivation"],
        # the notes record the day they were checked and the days of their corrections
        "created": date_time(min(days)),
        "modified": date_time(max(days)),
        "rights": LICENCE_URL,
        "body": bodies,
        "target": {
            "source": article_iri(article),
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": text[span.start : span.end],
                    "prefix": text[max(0, span.start - CONTEXT_CHARS) : span.start],
                    "suffix": text[span.end : span.end + CONTEXT_CHARS],
                },
                {"type": "TextPositionSelector", "start": span.start, "end": span.end},
            ],
        },
    }


def _source_body(s: Source) -> dict:
    """A source as a linking body; its evidence excerpts select the words relied on in it."""
    body: dict = {
        "type": "SpecificResource",
        "purpose": "linking",
        "source": {"id": s.url, "type": "Text"},
    }
    if s.evidence:
        body["selector"] = [{"type": "TextQuoteSelector", "exact": e.text} for e in s.evidence]
    return body


def note_url(a: Annotation, site_url: str | None, page: str = "") -> str:
    """The note's permalink on the article page, or on `page` under it ("notes/": the note in
    full); absolute when the site's address is known, else site-relative."""
    path = f"articles/{a.article}/{page}#{a.id}"
    return f"{site_url.rstrip('/')}/{path}" if site_url else f"/{path}"


def claim_review(a: Annotation, article: Article, site_url: str) -> dict:
    """schema.org ClaimReview for one source check, with every property Google's fact-check
    guidance requires (claimReviewed, reviewRating.alternateName, an absolute url) and those
    it recommends, but the numeric rating: the verdict scale is not a number line."""
    appearance = {
        "@type": "CreativeWork",
        "headline": article.title,
        "datePublished": article.published,
        "publisher": {"@type": "Organization", "name": article.outlet},
    }
    if article.url:
        appearance["url"] = article.url
    claim = {
        "@type": "Claim",
        "author": {"@type": "Person", "name": article.author},
        "datePublished": article.published,
        "appearance": appearance,
    }
    if article.first_published:
        claim["firstAppearance"] = {
            "@type": "CreativeWork",
            "headline": article.title,
            "publisher": {"@type": "Organization", "name": article.first_published},
        }
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": note_url(a, site_url, "notes/"),  # the review in full, where it is embedded
        "name": a.title,
        "claimReviewed": article.passage(a.span),
        "itemReviewed": claim,
        "reviewRating": {
            "@type": "Rating",
            "alternateName": label("verdicts", a.verdict),
            "name": label("verdicts", a.verdict),
            "ratingExplanation": a.summary,
        },
        "author": {"@type": "Organization", "name": "Marginalia", "url": site_url},
        "datePublished": a.checked,
    }


def to_claimreview(corpus: Corpus, site_url: str) -> list[dict]:
    return [
        claim_review(a, corpus.articles[a.article], site_url)
        for a in corpus.annotations
        if a.kind == "source-check"
    ]


CSV_COLUMNS = ("article", "id", "kind", "verdict", "techniques", "title", "summary", "exact",
               "start", "end", "checked", "sources", "permalink")  # fmt: skip


def to_csv(corpus: Corpus, site_url: str | None = None) -> str:
    """One row per annotation, for spreadsheets; sources as "title <url>" joined by " | "."""
    return "".join(csv_text(corpus, site_url))


def csv_text(corpus: Corpus, site_url: str | None = None) -> Iterator[str]:
    """`to_csv`, a row at a time."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for a in corpus.annotations:
        text = corpus.articles[a.article].text
        sources = " | ".join(f"{s.title} <{s.url}>" for s in a.sources)
        writer.writerow([
            a.article, a.id, a.kind, a.verdict or "", ";".join(a.techniques), a.title, a.summary,
            " ".join(text[a.span.start : a.span.end].split()), a.span.start, a.span.end, a.checked,
            sources, note_url(a, site_url),
        ])  # fmt: skip
        yield out.getvalue()
        out.seek(0)
        out.truncate()
    yield out.getvalue()


# The CSV's columns for a data portal: Frictionless Table Schema types and descriptions.
CSV_FIELDS = {
    "article": ("string", "The article's slug: its page is /articles/<article>/."),
    "id": ("string", "The note's id, unique within its article; its permalink is #<id>."),
    "kind": ("string", "context, counterpoint or source-check (see the method page)."),
    "verdict": ("string", "For source checks, the verdict on the scale of the method page."),
    "techniques": ("string", "Persuasion techniques tagged, separated by semicolons."),
    "title": ("string", "What the note establishes."),
    "summary": ("string", "The note in one or two sentences."),
    "exact": ("string", "The article's words the note is attached to, white space folded."),
    "start": ("integer", "Offset of the first character of those words in the article's text."),
    "end": ("integer", "Offset just past their last character."),
    "checked": ("date", "The day the note was last checked against its sources."),
    "sources": ("string", "The sources, each as title <url>, separated by ' | '."),
    "permalink": ("string", "The note's address on the site."),
}


def to_datapackage(corpus: Corpus, site_url: str | None = None) -> dict:
    """A Frictionless Data Package describing the open-data files, with a Table Schema for
    the CSV, so that a data portal can read them without a person explaining the columns."""
    assert tuple(CSV_FIELDS) == CSV_COLUMNS
    fields = [
        {"name": name, "type": kind, "description": text}
        | ({"constraints": {"enum": list(taxonomy()["kinds"])}} if name == "kind" else {})
        for name, (kind, text) in CSV_FIELDS.items()
    ]
    licence = [{"name": LICENCE, "path": LICENCE_URL, "title": "Creative Commons Attribution 4.0"}]
    resources = [
        {
            "name": "annotations-csv",
            "path": "annotations.csv",
            "type": "table",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "title": "Every note, one row each",
            "schema": {"fields": fields, "primaryKey": ["article", "id"]},
            "licenses": licence,
        },
        {
            "name": "annotations-w3c",
            "path": "annotations.jsonld",
            "format": "jsonld",
            "mediatype": "application/ld+json",
            "title": "Every note as a W3C Web Annotation (AnnotationCollection)",
            "licenses": licence,
        },
    ]
    if site_url:
        resources.append(
            {
                "name": "claimreview",
                "path": "claimreview.jsonld",
                "format": "jsonld",
                "mediatype": "application/ld+json",
                "title": "Every source check as schema.org ClaimReview",
                "licenses": licence,
            }
        )
    return {
        "name": "marginalia-annotations",
        "title": "Marginalia: annotations of news and opinion articles",
        "description": (
            "Context, counterpoints and source checks attached to exact words of articles. "
            "The notes are licensed CC BY 4.0; the articles' words they quote are the "
            "articles' authors', quoted for criticism and teaching."
        ),
        "licenses": licence,
        "resources": resources,
    }


def json_ld_script(data: object) -> str:
    """JSON-LD for a page: no "<" survives, so no string in it can close the script element."""
    text = json.dumps(data, ensure_ascii=False, indent=1).replace("<", "\\u003c")
    return f'<script type="application/ld+json">\n{text}\n</script>'
