"""Coverage: every sentence of an article with the notes that touch it.

A sentence that carries a checkable claim or a major argument gets a note, or is listed in the
article's metadata (`coverage:`) with the reason it has none. `marginalia check` fails on a
sentence that is neither, and on a listed reason whose words start no sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from marginalia.data.model import Annotation, Article, Location
from marginalia.data.problems import Problem

# Blocks whose sentences are read for claims; bylines, dates, tags and separators have none.
READ_ROLES = ("title", "heading", "paragraph", "quotation", "footer")
ABBREVIATIONS = {
    "u.s", "u.k", "u.n", "gen", "mr", "mrs", "ms", "dr", "st", "no", "e.g", "i.e", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "vs", "etc", "lt",
    "col", "sen", "rep", "gov", "pres", "prof", "inc", "co", "corp", "jr", "sr", "a.m", "p.m",
}  # fmt: skip
_END = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")


@dataclass(frozen=True)
class Sentence:
    number: int  # 1-based, in reading order
    block: int
    start: int  # offsets in the verbatim text
    end: int

    def text(self, article: Article) -> str:
        raw = article.text[self.start : self.end]
        return " ".join(raw.replace("<u>", "").replace("</u>", "").split())


def sentences(article: Article) -> list[Sentence]:
    """The sentences of the blocks that are read for claims, in reading order."""
    found: list[Sentence] = []
    for block in article.blocks:
        if block.role not in READ_ROLES:
            continue
        start = block.start
        for m in _END.finditer(article.text, block.start, block.end):
            before = article.text[start : m.start()].split()
            word = before[-1].lower().rstrip(".") if before else ""
            if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                continue
            found.append(Sentence(len(found) + 1, block.number, start, m.end()))
            start = m.end()
            while start < block.end and article.text[start].isspace():
                start += 1
        if start < block.end:
            found.append(Sentence(len(found) + 1, block.number, start, block.end))
    return found


def touching(sentence: Sentence, notes: list[Annotation]) -> list[Annotation]:
    """The notes whose highlighted words overlap the sentence."""
    return [
        a for a in notes if a.span and a.span.start < sentence.end and a.span.end > sentence.start
    ]


@dataclass(frozen=True)
class Line:
    sentence: Sentence
    text: str
    notes: tuple[str, ...]  # ids of the notes that touch it
    reason: str | None  # why it has no note, from the metadata


def coverage(article: Article, notes: list[Annotation]) -> list[Line]:
    reasons = [(_fold(k), r) for k, r in dict(article.coverage).items()]  # folded once
    lines = []
    for s in sentences(article):
        text = s.text(article)
        ids = tuple(a.id for a in touching(s, notes))
        reason = None
        if not ids and reasons:
            folded = _fold(text)
            reason = next((r for k, r in reasons if folded.startswith(k)), None)
        lines.append(Line(s, text, ids, reason))
    return lines


def _fold(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("“", '"').replace("”", '"').split())


def check_coverage(article: Article, notes: list[Annotation], meta_text: str) -> list[Problem]:
    """Every sentence covered by a note or explained in the metadata; no stale reason."""
    lines = coverage(article, notes)
    problems = []
    for line in lines:
        if not line.notes and line.reason is None:
            row, col = _line_col(article.text, line.sentence.start)
            message = f"sentence {line.sentence.number} has no note and no reason for none"
            hint = (
                f"annotate it, or add to `coverage:` in {article.meta_path}: "
                f'- {{starts: "{" ".join(line.text.split()[:6])}", reason: "…"}}'
            )
            where = Location(article.text_path, row, col)
            problems.append(Problem(where, "sentence-not-covered", message, hint))
    folded = [_fold(ln.text) for ln in lines]
    for start, _reason in article.coverage:
        key = _fold(start)
        if not any(text.startswith(key) for text in folded):
            row, col = _line_col(meta_text, max(meta_text.find(start), 0))
            message = f"the coverage reason for '{start}' starts no sentence of the article"
            hint = "copy the first words of the sentence exactly, or remove the entry"
            where = Location(article.meta_path, row, col)
            problems.append(Problem(where, "stale-coverage-entry", message, hint))
    return problems


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
