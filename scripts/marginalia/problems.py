"""Problems found in the input, reported compiler style so editors and CI can jump to them."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

from marginalia.model import Location


@dataclass(frozen=True)
class Problem:
    location: Location
    code: str  # names the condition: quote-not-found, duplicate-id, unknown-field …
    message: str
    hint: str | None = None

    def format(self) -> str:
        loc = self.location
        line = f"{loc.path}:{loc.line}:{loc.column}: error[{self.code}]: {self.message}"
        return f"{line}\n    hint: {self.hint}" if self.hint else line

    def workflow_command(self) -> str:
        """The same problem as a GitHub Actions command, shown inline on the changed line."""
        loc = self.location
        text = self.message + (f" (hint: {self.hint})" if self.hint else "")
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::error file={loc.path},line={loc.line},col={loc.column},title={self.code}::{text}"


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
    count = len(problems)
    lines.append(f"{count} problem{'s' if count != 1 else ''} found")
    return "\n".join(lines)
