"""Export the annotations as open data: a W3C Web Annotation AnnotationCollection (JSON-LD)."""

from __future__ import annotations

from marginalia.model import Annotation, Article, Corpus
from marginalia.render import label, taxonomy

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
