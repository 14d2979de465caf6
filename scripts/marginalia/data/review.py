"""Warnings for a reviewer: things the machine can point at but not decide."""

from __future__ import annotations

from marginalia.data.coverage import coverage
from marginalia.data.model import Corpus, Location
from marginalia.data.problems import Problem


def review_warnings(corpus: Corpus) -> list[Problem]:
    """A verdict on words that a counterpoint also covers: opinion and readings get
    counterpoints, never verdicts, so a reviewer checks that the verdict rates only the
    checkable part of those words."""
    warnings = []
    counterpoints: dict[str, list] = {}
    for note in corpus.annotations:
        if note.kind == "counterpoint" and note.span is not None:
            counterpoints.setdefault(note.article, []).append(note)
    for check in corpus.annotations:
        if not check.verdict or check.span is None:
            continue
        for other in counterpoints.get(check.article, ()):
            if other.span.start < check.span.end and check.span.start < other.span.end:
                message = f"the verdict rates words that the counterpoint '{other.id}' also covers"
                hint = (
                    "review: a verdict rates only a checkable claim; if these words are an "
                    "opinion or a reading, the counterpoint is the place for them"
                )
                warnings.append(
                    Problem(Location(check.path), "verdict-on-reading", message, hint, "warning")
                )
    for slug, article in corpus.articles.items():
        where = Location(article.meta_path)
        for n in article.to_review:
            message = f"block {n}: its role is a guess of `marginalia article add`"
            hint = "confirm or correct the role, then delete `review: true`"
            warnings.append(Problem(where, "role-to-review", message, hint, "warning"))
        for n in article.uncited:
            message = f"block {n} is a quotation that does not say whom it quotes"
            hint = "set `cites:` to the person or body quoted"
            warnings.append(Problem(where, "quotation-without-source", message, hint, "warning"))
        lines = coverage(article, corpus.for_article(slug))
        if article.draft:
            left = sum(not ln.notes and ln.reason is None for ln in lines)
            message = (
                f"draft: {left} of {len(lines)} sentences have neither a note nor a reason yet"
            )
            hint = "see `marginalia coverage`; when every sentence is covered, delete `draft: true`"
            warnings.append(Problem(where, "draft-coverage", message, hint, "warning"))
        for line in lines:
            start = next((k for k, _ in article.coverage if line.text.startswith(k)), None)
            if line.notes and start is not None:
                message = (
                    f"sentence {line.sentence.number} has a note now and still a reason for none"
                )
                hint = f"remove the coverage entry that starts '{start}'"
                warnings.append(
                    Problem(
                        Location(article.meta_path),
                        "covered-sentence-reason",
                        message,
                        hint,
                        "warning",
                    )
                )
    return warnings
