"""Open data: W3C Web Annotations, schema.org ClaimReview and CSV."""

from __future__ import annotations

import csv
import io
import json

from marginalia.data.model import Annotation, Article, Corpus, Source
from marginalia.data.taxonomy import label, taxonomy

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
CONTEXT_CHARS = 32  # characters of prefix and suffix, as the Hypothesis client stores them


def article_iri(article: Article) -> str:
    """The article's address where it is known; otherwise a name for its exact text."""
    return article.url or f"urn:sha256:{article.sha256}"


def to_w3c(corpus: Corpus) -> dict:
    items = [_annotation(a, corpus.articles[a.article]) for a in corpus.annotations]
    return {
        "@context": CONTEXT,
        "id": "urn:marginalia:annotations",
        "type": "AnnotationCollection",
        "label": "Marginalia annotations",
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def _annotation(a: Annotation, article: Article) -> dict:
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
    return {
        "id": f"urn:marginalia:{a.article}:{a.id}",
        "type": "Annotation",
        "motivation": taxonomy()["kinds"][a.kind]["motivation"],
        "created": a.checked,
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


def claim_review(a: Annotation, article: Article, site_url: str | None = None) -> dict:
    """schema.org ClaimReview for one source check."""
    appearance = {
        "@type": "CreativeWork",
        "headline": article.title,
        "datePublished": article.published,
        "publisher": {"@type": "Organization", "name": article.outlet},
    }
    if article.url:
        appearance["url"] = article.url
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": note_url(a, site_url, "notes/"),  # the review in full, where it is embedded
        "name": a.title,
        "claimReviewed": article.passage(a.span),
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": article.author},
            "datePublished": article.published,
            "appearance": appearance,
        },
        "reviewRating": {
            "@type": "Rating",
            "alternateName": label("verdicts", a.verdict),
            "ratingExplanation": a.summary,
        },
        "author": {"@type": "Organization", "name": "Marginalia"},
        "datePublished": a.checked,
    }


def to_claimreview(corpus: Corpus, site_url: str | None = None) -> list[dict]:
    return [
        claim_review(a, corpus.articles[a.article], site_url)
        for a in corpus.annotations
        if a.kind == "source-check"
    ]


CSV_COLUMNS = ("article", "id", "kind", "verdict", "techniques", "title", "summary", "exact",
               "start", "end", "checked", "sources", "permalink")  # fmt: skip


def to_csv(corpus: Corpus, site_url: str | None = None) -> str:
    """One row per annotation, for spreadsheets; sources as "title <url>" joined by " | "."""
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
    return out.getvalue()


def json_ld_script(data: object) -> str:
    """JSON-LD for a page: no "<" survives, so no string in it can close the script element."""
    text = json.dumps(data, ensure_ascii=False, indent=1).replace("<", "\\u003c")
    return f'<script type="application/ld+json">\n{text}\n</script>'
