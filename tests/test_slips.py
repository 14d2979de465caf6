"""The slips of a first note, each reported in plain words on the line where it is made."""

from __future__ import annotations

import pytest

from marginalia.data.loader import parse_yaml

HEAD = "# yaml-language-server: $schema=../annotation.schema.json\n"
GOOD = """\
id: x
article: mini
kind: context
target:
  exact: Officials said repairs
title: A title
summary: A summary.
body: |
  A body.
  More body.
sources:
  - title: A source
    publisher: A publisher
    date: 2020-01-13
    url: https://example.org/a
  - title: Another
    publisher: B
    date: 2020-01-14
    url: https://example.org/b
checked: 2026-11-25
"""


def note(old: str, new: str) -> str:
    text = HEAD + GOOD
    assert old in text
    return text.replace(old, new, 1)


SLIPS = [
    # (slip, file, line, column, code, message, hint)
    ("a source's field one space too far left", note("    publisher: A publisher", "   publisher: A publisher"),
     14, 4, "yaml-syntax", "`publisher:` is indented 3 spaces, but `title:` above it (line 13) is at 4 (after its `- `)",
     "the fields of one mapping line up: indent `publisher:` by 4 spaces, like `title:`"),
    ("a source's field one space too far right", note("    publisher: A publisher", "     publisher: A publisher"),
     14, 6, "yaml-syntax", "`publisher:` is indented 5 spaces, but `title:` above it (line 13) is at 4 (after its `- `)",
     "the fields of one mapping line up: indent `publisher:` by 4 spaces, like `title:`"),
    ("a top-level field indented", note("summary: A summary.", " summary: A summary."),
     8, 2, "yaml-syntax", "`summary:` is indented 1 space, but `title:` above it (line 7) is at 0",
     "the fields of one mapping line up: indent `summary:` by 0 spaces, like `title:`"),
    ("a tab", note("  exact:", "\texact:"),
     6, 1, "tab-indent", "a tab is used for indentation; YAML allows only spaces", "indent with spaces"),
    ("an unclosed double quote", note("title: A title", 'title: "A title'),
     7, 8, "yaml-syntax", 'the quotation mark " that opens this value is never closed',
     'end the value with "; inside it, write a " as \\"'),
    ("an unclosed single quote", note("title: A title", "title: 'A title"),
     7, 8, "yaml-syntax", "the quotation mark ' that opens this value is never closed",
     "end the value with '; inside it, write a ' as ''"),
    ("a colon in unquoted text", note("title: A title", "title: Iran: the next war"),
     7, 12, "yaml-syntax", "the value of `title:` has a colon followed by a space, which YAML reads as a new field",
     'put the whole value in quotes: title: "Iran: the next war"'),
    ("a list item without its dash", note("  - title: Another", "    title: Another"),
     17, 5, "duplicate-key", "the field 'title' is given twice in one item of a list",
     "if this line starts another item of the list, begin it with `- `"),
    ("no space after a colon", note("title: A title", "title:A title"),
     7, 6, "yaml-syntax", "`title:` needs a space after its colon", "write `title: A title`"),
    ("a line of the body too far left", note("  More body.", "More body."),
     11, 1, "yaml-syntax", "this line is not indented like the text of `body:` above it",
     "indent every line of `body:` by 2 spaces, more than `body:` itself"),
    ("a value starting with @", note("title: A title", "title: @handle said"),
     7, 8, "yaml-syntax", "a value cannot start with @", "put the value in quotes"),
    ("a value starting with a backtick", note("title: A title", "title: `code` here"),
     7, 8, "yaml-syntax", "a value cannot start with `", "put the value in quotes"),
    ("a value starting with a bracket", note("title: A title", "title: [draft] A title"),
     7, 8, "yaml-syntax", "a value that starts with [ is read as a list or a mapping",
     'put the whole value in quotes: title: "[draft] A title"'),
    ("a value starting with an asterisk", note("title: A title", "title: *Important* news"),
     7, 8, "yaml-syntax", "a value that starts with * is read as a YAML alias or anchor", "put the value in quotes"),
    ("a hash in unquoted text", note("title: A title", "title: We are #1 again"),
     7, 15, "comment-in-value", "the text after ' #' in `title:` is read as a comment and dropped",
     'put the whole value in quotes: title: "We are #1 again"'),
    ("a field given twice", note("title: A title", "title: A title\ntitle: Again"),
     8, 1, "duplicate-key", "the field 'title' is given twice", None),
]  # fmt: skip


@pytest.mark.parametrize(
    "slip,text,line,column,code,message,hint", SLIPS, ids=[s[0] for s in SLIPS]
)
def test_each_slip_is_said_in_plain_words_where_it_is(
    slip, text, line, column, code, message, hint
):
    _, problems = parse_yaml(text, "x.yml")
    assert [(p.location.line, p.location.column, p.code, p.message, p.hint) for p in problems] == [
        (line, column, code, message, hint)
    ]
    assert text.split("\n")[line - 1].strip()  # the line named is the line of the slip


def test_the_unchanged_note_parses_clean():
    doc, problems = parse_yaml(HEAD + GOOD, "x.yml")
    assert problems == [] and doc.data["title"] == "A title"


def test_a_hash_in_quoted_text_or_a_comment_after_a_choice_is_fine():
    text = note("title: A title", 'title: "We are #1 again"').replace(
        "kind: context", "kind: context  # one of: context, counterpoint, source-check"
    )
    doc, problems = parse_yaml(text, "x.yml")
    assert problems == [] and doc.data["title"] == "We are #1 again"


def test_a_missing_field_says_what_it_needs(mini, write_note):
    from marginalia.data.corpus import load_corpus

    text = HEAD + GOOD.replace("id: x", "id: y").replace("article: mini", "article: mini")
    no_sources = text[: text.index("sources:")] + "checked: 2026-11-25\n"
    write_note("y", no_sources)
    _, problems = load_corpus(mini)
    (problem,) = problems
    assert problem.message == "missing required field 'sources'"
    assert problem.hint.startswith("add `sources:`, a list; each source needs `title`, `publisher`")
    write_note("y", text.replace("    url: https://example.org/a\n", ""))
    _, problems = load_corpus(mini)
    (problem,) = problems
    assert (problem.location.line, problem.message) == (
        13,
        "missing required field 'sources[0].url'",
    )
