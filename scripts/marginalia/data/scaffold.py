"""Scaffold a new annotation file: every required field, after checking the quote anchors."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from marginalia.data.model import Article
from marginalia.data.taxonomy import taxonomy

TEMPLATE = """\
# yaml-language-server: $schema=../annotation.schema.json
# Every field is explained in CONTRIBUTING.md; `make check` tells you what is left to do.
id: {id}  # = the file name; lowercase words joined by hyphens, e.g. what-the-note-checks-check
article: {article}
kind: {kind}  # context | counterpoint | source-check
target:  # the article's words, copied exactly (curly or straight quotes do not matter)
  exact: {exact}{context}
# What the note establishes, in plain words, on one line:
title: "TODO: what the note establishes"
# One or two plain sentences that stand alone (reading grade 10 or below):
summary: "TODO: one or two plain sentences"
# What the article says, what the record shows, why it matters; short paragraphs, each fact
# linked to its source. Every quotation ("…") and figure must be in the evidence below.
body: |
  TODO: what the article says (quote it briefly), what the record shows (dates, numbers, each
  linked to its source), and why it matters for reading the article.
{verdict}sources:
  # Primary documents and original publishers first; open every source you cite.
  - title: "TODO: the source's own title"
    publisher: "TODO: the original publisher"
    date: "TODO: the source's date: YYYY-MM-DD, or YYYY-MM, or YYYY"
    url: https://example.org/TODO  # an https address you opened
    # via: copy on Example News  # only if you read a copy, not the publisher's own page
    evidence:
      # The sentence or two you relied on, copied exactly from the page as you read it.
      # Every quotation and figure in the note must be found here or in the article.
      - text: "TODO: the source's own words"
        where: "TODO: where on the page, e.g. para 4"
checked: {today}  # the day you checked the note against its sources
"""


STOP_WORDS = {
    "a", "an", "and", "are", "as", "at", "be", "been", "by", "for", "from", "has", "have", "in",
    "is", "it", "its", "of", "on", "or", "that", "the", "their", "them", "these", "this",
    "those", "to", "was", "were", "which", "who", "will", "with", "would",
}  # fmt: skip


def note_id(quote: str, kind: str) -> str:
    """An id from the quote's first content words and the kind, e.g. 2012-leaked-memo-check."""
    words = re.sub(r"[^a-z0-9]+", "-", quote.lower()).strip("-").split("-")
    words = [w for w in words if w not in STOP_WORDS][:5] or words[:5]
    suffix = {"source-check": "check", "counterpoint": "counterpoint", "context": "context"}[kind]
    return "-".join([*filter(None, words), suffix])[:80].strip("-")


def scaffold_text(
    article: Article, kind: str, exact: str, ident: str, prefix: str | None, suffix: str | None,
    today: dt.date,
) -> str:  # fmt: skip
    context = "".join(
        f"\n  {name}: {json.dumps(value, ensure_ascii=False)}"
        for name, value in (("prefix", prefix), ("suffix", suffix))
        if value
    )
    verdict = ""
    if kind == "source-check":
        options = ", ".join(taxonomy()["verdicts"])
        verdict = (
            f"verdict: accurate  # one of: {options}\n"
            "# any verdict but accurate needs at least two independent sources\n"
        )
    return TEMPLATE.format(
        id=ident, article=article.slug, kind=kind, exact=json.dumps(exact, ensure_ascii=False),
        context=context, verdict=verdict, today=today.isoformat(),
    )  # fmt: skip


def scaffold_path(root: Path, article: str, ident: str) -> Path:
    return root / "annotations" / article / f"{ident}.yml"
