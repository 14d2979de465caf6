"""YAML errors in plain words: the common slips of a first note, found where they are made.

PyYAML reports where its parser gave up, in its own terms ("mapping values are not allowed
here"), often a line or two after the slip. When a file does not parse, these checks look at
its lines for the slips newcomers make (a field indented out of line, a colon or a `#` in an
unquoted value, a quotation mark never closed, a list item without its `-`, a block of text
that ends too soon) and say what is wrong, on the line where it is, with the fix.
"""

from __future__ import annotations

import re

import yaml

from marginalia.data.model import Location
from marginalia.data.problems import Problem

KEY = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[A-Za-z_][A-Za-z0-9_]*):(?P<rest>.*)$")
BLOCK = re.compile(r"^\s*[|>][-+]?\d?\s*(#.*)?$")


def explain(text: str, shown: str, err: yaml.MarkedYAMLError) -> Problem:
    """The problem to report for a file PyYAML could not parse."""
    lines = text.split("\n")
    for check in (_unclosed_quote, _no_space_after_colon, _block_text_too_far_left, _misaligned):
        problem = check(lines, shown, err)
        if problem is not None:
            return problem
    return _from_parser(lines, shown, err)


def _where(shown: str, line: int, column: int) -> Location:
    return Location(shown, line + 1, column + 1)


def _unclosed_quote(lines: list[str], shown: str, err: yaml.MarkedYAMLError) -> Problem | None:
    if "quoted scalar" not in str(err.context or "") or err.context_mark is None:
        return None
    mark = err.context_mark
    quote = lines[mark.line][mark.column] if mark.column < len(lines[mark.line]) else '"'
    message = f"the quotation mark {quote} that opens this value is never closed"
    hint = f"end the value with {quote}; inside it, write a {quote} as " + (
        '\\"' if quote == '"' else "''"
    )
    return Problem(_where(shown, mark.line, mark.column), "yaml-syntax", message, hint)


def _no_space_after_colon(lines: list[str], shown: str, _err: object) -> Problem | None:
    for n, line in enumerate(lines):
        m = re.match(r"^( *(?:- +)?)([a-z_]+):([^\s/].*)$", line)
        if m and m.group(2) in FIELDS:
            message = f"`{m.group(2)}:` needs a space after its colon"
            hint = f"write `{m.group(2)}: {m.group(3)}`"
            return Problem(_where(shown, n, len(m.group(1)) + len(m.group(2))), "yaml-syntax",
                           message, hint)  # fmt: skip
    return None


def _block_text_too_far_left(lines: list[str], shown: str, _err: object) -> Problem | None:
    """A `|` or `>` block whose next line is not indented more than its field."""
    for n, line in enumerate(lines[:-1]):
        m = KEY.match(line)
        if not m or not BLOCK.match(m.group("rest")):
            continue
        own = len(m.group("indent")) + len(m.group("dash") or "")
        for k in range(n + 1, len(lines)):
            following = lines[k]
            if not following.strip():
                continue
            indent = len(following) - len(following.lstrip(" "))
            if indent > own:
                continue  # a line of the text
            if KEY.match(following) or following.lstrip().startswith(("-", "#")):
                break  # the next field: the text ended where it should
            message = f"this line is not indented like the text of `{m.group('key')}:` above it"
            hint = (
                f"indent every line of `{m.group('key')}:` by {own + 2} spaces, more than "
                f"`{m.group('key')}:` itself"
            )
            return Problem(_where(shown, k, 0), "yaml-syntax", message, hint)
    return None


def _misaligned(lines: list[str], shown: str, _err: object) -> Problem | None:
    """The first field indented out of line with the fields of its mapping."""
    levels: list[tuple[int, str, int]] = [(0, "", -1)]  # (indent, a key there, its line)
    opens = False  # the previous line opened a nested mapping or list
    block: int | None = None  # inside a | or > block indented more than this
    for n, line in enumerate(lines):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(line.lstrip(" "))
        if block is not None:
            if indent > block:
                continue
            block = None
        m = KEY.match(line)
        if m is None:
            opens = False
            continue  # text continued from the line above, or a list of plain values
        key_at = indent + len(m.group("dash") or "")
        if opens and indent > levels[-1][0]:
            levels.append((indent, m.group("key"), n))
        elif not any(level == indent for level, _, _ in levels) and not (
            m.group("dash") and indent > levels[-1][0]
        ):
            wanted, sibling, where = min(levels, key=lambda lv: (abs(lv[0] - indent), -lv[0]))
            after_dash = " (after its `- `)" if "- " in lines[where][:wanted] else ""
            message = (
                f"`{m.group('key')}:` is indented {_spaces(indent)}, but `{sibling}:` "
                f"above it (line {where + 1}) is at {wanted}{after_dash}"
            )
            hint = (
                f"the fields of one mapping line up: indent `{m.group('key')}:` by "
                f"{_spaces(wanted)}, like `{sibling}:`"
            )
            return Problem(_where(shown, n, indent), "yaml-syntax", message, hint)
        else:
            while len(levels) > 1 and indent < levels[-1][0]:
                levels.pop()
            if levels[-1][0] == indent:
                levels[-1] = (indent, m.group("key"), n)
        if m.group("dash"):
            levels.append((key_at, m.group("key"), n))
        rest = m.group("rest").strip()
        if BLOCK.match(rest):
            block, opens = indent, False
        else:
            opens = rest == "" or rest.startswith("#")
    return None


def _spaces(n: int) -> str:
    return "1 space" if n == 1 else f"{n} spaces"


def _from_parser(lines: list[str], shown: str, err: yaml.MarkedYAMLError) -> Problem:
    mark = err.problem_mark or err.context_mark
    line, column = (mark.line, mark.column) if mark else (0, 0)
    problem = str(err.problem or err.context or "")
    text = lines[line] if line < len(lines) else ""
    key = KEY.match(text)
    if "mapping values are not allowed" in problem and key:
        name = key.group("key")
        message = (
            f"the value of `{name}:` has a colon followed by a space, which YAML reads as a "
            "new field"
        )
        hint = f'put the whole value in quotes: {name}: "{key.group("rest").strip()}"'
        return Problem(_where(shown, line, column), "yaml-syntax", message, hint)
    value = key.group("rest").strip() if key else ""
    if "while scanning an alias" in str(err.context or "") or (
        "while scanning an anchor" in str(err.context or "")
    ):
        where = err.context_mark or mark
        char = value[:1] or "*"
        message = f"a value that starts with {char} is read as a YAML alias or anchor"
        return Problem(_where(shown, where.line, where.column), "yaml-syntax", message,
                       "put the value in quotes")  # fmt: skip
    if value[:1] in ("[", "{") and "block end" in problem:
        message = f"a value that starts with {value[0]} is read as a list or a mapping"
        hint = f'put the whole value in quotes: {key.group("key")}: "{value}"'
        return Problem(_where(shown, line, text.index(value)), "yaml-syntax", message, hint)
    if "cannot start any token" in problem and column < len(text):
        char = text[column]
        message = f"a value cannot start with {char}"
        hint = "put the value in quotes"
        return Problem(_where(shown, line, column), "yaml-syntax", message, hint)
    if "expected ',' or ']'" in problem or "expected ',' or '}'" in problem:
        message = (
            "a value that starts with [ or { is read as a list or a mapping, and this one "
            "never ends"
        )
        hint = "put the value in quotes, or close the bracket"
        return Problem(_where(shown, line, column), "yaml-syntax", message, hint)
    message = f"YAML syntax error: {problem}"
    hint = f"{err.context}; a value with ': ' or '#' in it needs quotes" if err.context else None
    return Problem(_where(shown, line, column), "yaml-syntax", message, hint)


# Field names of the formats, for telling `title:Text` (a slip) from text that has a colon.
FIELDS = {
    "id", "article", "kind", "target", "exact", "prefix", "suffix", "title", "summary", "body",
    "verdict", "techniques", "technique", "speaker", "words", "sources", "publisher", "date",
    "url", "via", "evidence", "text", "where", "checked", "questions", "corrections", "change",
    "events", "note", "quotes", "original", "comment", "source", "terms", "term", "variants",
    "definition", "publishers", "name", "also", "label",
}  # fmt: skip


# Fields whose values are prose, where a ` #` is more likely text than a comment.
TEXT_FIELDS = {
    "exact", "prefix", "suffix", "title", "summary", "body", "words", "publisher", "via", "text",
    "where", "change", "original", "comment", "term", "definition", "name", "label",
}  # fmt: skip


def comment_in_value(text: str, shown: str) -> list[Problem]:
    """A ` #` inside an unquoted value starts a comment: the rest of the line is dropped,
    silently. Said for every field of the format whose plain value has one."""
    problems: list[Problem] = []
    if " #" not in text:
        return problems
    for n, line in enumerate(text.split("\n")):
        if " #" not in line:
            continue
        m = KEY.match(line)
        if not m or m.group("key") not in TEXT_FIELDS:
            continue
        rest = m.group("rest")
        value = rest.lstrip()
        if not value or value[0] in "\"'|>[{#&*!":
            continue
        at = value.find(" #")
        if at > 0:
            column = len(line) - len(rest) + (len(rest) - len(value)) + at + 1
            message = f"the text after ' #' in `{m.group('key')}:` is read as a comment and dropped"
            hint = f'put the whole value in quotes: {m.group("key")}: "{value}"'
            problems.append(Problem(_where(shown, n, column), "comment-in-value", message, hint))
    return problems
