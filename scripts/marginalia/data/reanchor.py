"""Propose new selectors for orphans: notes whose quote no longer anchors after a text edit.

Fuzzy matching (rapidfuzz) finds the stretch of the new text most like the old quote; the
proposal is shown, and written into the file only when asked. It never anchors a note by
itself: a written proposal is an exact quote that `marginalia check` verifies like any other.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import yaml
from rapidfuzz import fuzz

from marginalia.data import anchoring
from marginalia.data.corpus import annotation_files
from marginalia.data.loader import Document, load_yaml
from marginalia.data.model import Article, Location, TextQuoteSelector

MIN_SCORE = 80.0  # below this the match is a guess: nothing is proposed
CONTEXT_WORDS = 5


@dataclass(frozen=True)
class Proposal:
    location: Location
    old: TextQuoteSelector
    new: TextQuoteSelector | None  # None: no confident match
    score: float

    def format(self) -> str:
        loc = self.location
        head = f"{loc.path}:{loc.line}:{loc.column}:"
        if self.new is None:
            best = f"best score {self.score:.0f}"
            return f"{head} orphan: no confident match for “{self.old.exact}” ({best})"
        parts = [f"{head} orphan: “{self.old.exact}” → “{self.new.exact}” (score {self.score:.0f})"]
        for part in ("prefix", "suffix"):
            if getattr(self.new, part):
                parts.append(f"    {part}: “{getattr(self.new, part)}”")
        return "\n".join(parts)


def propose(article: Article, old: TextQuoteSelector) -> tuple[TextQuoteSelector | None, float]:
    """The exact, unique selector in the article's text closest to an orphaned quote."""
    norm = anchoring.normalised_article(article.text).text
    quote = anchoring.normalise_quote(old.exact)
    match = fuzz.partial_ratio_alignment(quote, norm)
    if match is None or match.score < MIN_SCORE:
        return None, match.score if match else 0.0
    start, end = _whole_words(norm, match.dest_start, match.dest_end)
    exact = norm[start:end].strip()
    selector = TextQuoteSelector(exact)
    if isinstance(anchoring.find_quote(article.text, selector), anchoring.Ambiguous):
        before = norm[:start].split()[-CONTEXT_WORDS:]
        after = norm[end:].split()[:CONTEXT_WORDS]
        selector = TextQuoteSelector(exact, " ".join(before) or None, " ".join(after) or None)
    if not isinstance(anchoring.find_quote(article.text, selector), anchoring.Anchored):
        return None, match.score
    return selector, match.score


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return start, end


def find_orphans(root: Path, articles: dict[str, Article]) -> list[tuple[Document, Proposal]]:
    found = []
    for path in annotation_files(root):
        doc, problems = load_yaml(path, path.relative_to(root).as_posix())
        if doc is None or problems or not isinstance(doc.data, dict):
            continue
        target, article = doc.data.get("target"), articles.get(str(doc.data.get("article")))
        if not isinstance(target, dict) or article is None or not target.get("exact"):
            continue
        old = TextQuoteSelector(target["exact"], target.get("prefix"), target.get("suffix"))
        if isinstance(anchoring.find_quote(article.text, old), anchoring.Anchored):
            continue
        new, score = propose(article, old)
        found.append((doc, Proposal(doc.at(("target", "exact")), old, new, score)))
    return found


def write_proposal(path: Path, proposal: Proposal) -> None:
    """Replace the file's `target` block with the proposed selector, keeping everything else."""
    text = path.read_text(encoding="utf-8")
    node = yaml.compose(text)
    target = next(value for key, value in node.value if key.value == "target")
    indent = " " * target.start_mark.column
    lines = [f"exact: {json.dumps(proposal.new.exact, ensure_ascii=False)}"]
    for part in ("prefix", "suffix"):
        if value := getattr(proposal.new, part):
            lines.append(f"{indent}{part}: {json.dumps(value, ensure_ascii=False)}")
    last = target.value[-1][1]
    new_text = text[: target.start_mark.index] + "\n".join(lines) + text[last.end_mark.index :]
    path.write_text(new_text, encoding="utf-8")
