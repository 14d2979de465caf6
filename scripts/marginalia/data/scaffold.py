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
id: {id}
article: {article}
kind: {kind}
target:
  exact: {exact}{context}
title: "TODO: what the note establishes, in plain words, on one line"
summary: "TODO: one or two plain sentences that stand alone."
body: |
  TODO: what the article says (quote it briefly), what the record shows (dates, numbers, each
  linked to its source), and why it matters for reading the article.
{verdict}sources:
  # Primary documents and original publishers first; open every source you cite.
  - title: "TODO: the source's own title"
    publisher: "TODO: the original publisher"
    date: {today}
    url: https://example.org/TODO
    evidence:
      # The sentence or two you relied on, copied exactly from the page as you read it.
      # Every quotation and figure in the note must be found here or in the article.
      - text: "TODO: the source's own words"
        where: "TODO: where on the page, e.g. para 4"
checked: {today}
"""


def note_id(quote: str, kind: str) -> str:
    """An id from the first words of the quote and the kind, e.g. 2012-leaked-memo-check."""
    words = re.sub(r"[^a-z0-9]+", "-", quote.lower()).strip("-").split("-")[:6]
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
