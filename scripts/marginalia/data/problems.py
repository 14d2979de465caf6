"""Problems found in the input, reported compiler style so editors and CI can jump to them."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

from marginalia.data.model import Location

# Every problem code, with what it means. CONTRIBUTING.md documents each (a test checks).
CODES = {
    "unreadable-file": "the file cannot be read",
    "file-too-large": "the file is larger than an annotation can be",
    "not-utf8": "the file is not UTF-8 text",
    "empty-file": "the file is empty",
    "bom": "the file starts with a byte-order mark",
    "crlf": "the file has Windows (CRLF) line endings",
    "verdict-on-reading": "a verdict on words that a counterpoint treats as a reading (warning)",
    "covered-sentence-reason": "a sentence with a note still has a coverage reason (warning)",
    "unsplittable-text": "a new article's text has no blank lines between its paragraphs",
    "article-exists": "an article with this slug exists already; nothing was written",
    "role-to-review": "a block's role was guessed by article add (warning)",
    "quotation-without-source": "a quotation block does not say whom it quotes (warning)",
    "draft-coverage": "a draft article's sentences without note or reason (warning)",
    "placeholder": "a TODO placeholder from marginalia new is still in the file",
    "control-character": "a control or invisible character, as pasted from a PDF",
    "internal": "an unexpected error in marginalia itself; please report it",
    "tab-indent": "a line is indented with a tab",
    "too-deep": "the YAML is nested far deeper than the format needs",
    "yaml-syntax": "the YAML cannot be parsed",
    "comment-in-value": "a ' #' in an unquoted value starts a comment: the rest is dropped",
    "yaml-alias": "the file uses YAML anchors or aliases",
    "duplicate-key": "a field is given twice",
    "missing-schema-line": "the first line does not name the JSON Schema",
    "wrong-type": "a value has the wrong type",
    "missing-field": "a required field is missing",
    "unknown-field": "a field is not part of the format",
    "empty-value": "a text field is empty",
    "too-long": "a text field is longer than allowed",
    "duplicate-item": "a list names the same item twice",
    "bad-id": "the id is not lowercase words joined by hyphens",
    "bad-article": "the article is not a valid slug",
    "bad-date": "a date is not of the expected form, or not a real date",
    "date-in-future": "a date is later than today",
    "unsafe-url": "a source's address is not https, or has characters never allowed in one",
    "insecure-url": "a source's address is plain http",
    "unknown-kind": "the kind is not context, counterpoint or source-check",
    "unknown-verdict": "the verdict is not on the scale",
    "unknown-technique": "a technique is not in the taxonomy",
    "missing-verdict": "a source check has no verdict",
    "verdict-not-allowed": "a note other than a source check has a verdict",
    "too-few-sources": "no source, or one source for a verdict that needs two",
    "id-mismatch": "the id differs from the file name",
    "duplicate-id": "two notes of one article share an id",
    "unknown-article": "no article has this slug",
    "article-mismatch": "the file's folder names another article",
    "quote-not-found": "the quote is not in the article",
    "quote-ambiguous": "the quote occurs more than once",
    "prefix-mismatch": "the quote never follows the given prefix",
    "suffix-mismatch": "the quote is never followed by the given suffix",
    "quote-crosses-blocks": "the quote runs across two blocks",
    "anchor-mismatch": "internal error: an anchored span differs from its quote",
    "text-hash-mismatch": "the article's text does not match its SHA-256",
    "block-count-mismatch": "the metadata lists a different number of blocks than the text has",
    "block-start-mismatch": "a block does not start with the words the metadata gives",
    "unknown-role": "a block's role is not one of the known roles",
    "schema": "another schema rule failed",
    "bad-value": "a value does not have the expected form",
    "unknown-note": "a timeline event, quote trace or lesson names a note that does not exist",
    "lesson-timing": "a lesson's steps do not add up to it, or a step has too little time to read",
    "lesson-reading": "a lesson step reads a page the article does not have",
    "events-out-of-order": "the timeline's events are not in date order",
    "raw-html": "a Markdown page contains raw HTML",
    "missing-heading": "a Markdown page does not start with a level-1 heading",
    "mkdocs-build": "MkDocs reported a warning or an error",
    "zensical-build": "Zensical reported an error, or a generated page clashes with docs/",
    "zensical-missing": "`build --engine zensical` without Zensical installed",
    "quote-unsupported": "a quotation is in neither the article nor an evidence excerpt",
    "figure-unsupported": "a figure is in neither the article nor an evidence excerpt",
    "technique-words-not-found": "a technique's tagged words are not quoted in the note",
    "sentence-not-covered": "a sentence of the article has no note and no reason for none",
    "stale-coverage-entry": "a coverage reason names words that start no sentence",
    "funding-label-in-prose": "a funding label (state-run, US-funded…) in a note's own words",
    "one-sided-verb": "a verb that takes a side (admitted, claimed…) in the site's own voice",
}


@dataclass(frozen=True)
class Problem:
    location: Location
    code: str  # names the condition: quote-not-found, duplicate-id, unknown-field …
    message: str
    hint: str | None = None
    severity: str = "error"  # or "warning": shown by check, never fails it

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"undocumented problem code {self.code!r}: add it to CODES")

    def format(self) -> str:
        loc = self.location
        line = f"{loc.path}:{loc.line}:{loc.column}: {self.severity}[{self.code}]: {self.message}"
        return f"{line}\n    hint: {self.hint}" if self.hint else line

    def workflow_command(self) -> str:
        """The same problem as a GitHub Actions command, shown inline on the changed line."""
        loc = self.location
        text = self.message + (f" (hint: {self.hint})" if self.hint else "")
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        place = f"file={loc.path},line={loc.line},col={loc.column},title={self.code}"
        return f"::{self.severity} {place}::{text}"


class ProblemsFound(Exception):
    """Raised at the edges (build, MkDocs hook) when the input has problems."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted_problems(problems)
        super().__init__(format_problems(self.problems))


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(
        problems, key=lambda p: (p.location.path, p.location.line, p.location.column, p.code)
    )


def format_problems(problems: Iterable[Problem]) -> str:
    problems = sorted_problems(problems)
    lines = [p.format() for p in problems]
    if os.environ.get("GITHUB_ACTIONS") == "true":
        lines += [p.workflow_command() for p in problems]
    count = sum(p.severity == "error" for p in problems)
    lines.append(f"{count} problem{'s' if count != 1 else ''} found")
    return "\n".join(lines)
