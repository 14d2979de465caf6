"""Validation: every problem is found in one run, located, and worded exactly as asserted."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from marginalia.data.corpus import load_corpus

HEAD = "# yaml-language-server: $schema=../annotation.schema.json\n"
GOOD = """\
id: {name}
article: mini
kind: context
target:
  exact: Officials said repairs
title: A title
summary: A summary.
body: A body.
sources:
  - title: A source
    publisher: A publisher
    date: 2020-01-13
    url: https://example.org/a
checked: 2026-11-25
"""


def messages(root: Path, paths=None) -> list[str]:
    _, problems = load_corpus(root, paths)
    return [p.format() for p in problems]


def note(name: str = "x", head: str = HEAD, **replace: str) -> str:
    text = GOOD.format(name=name)
    for old, new in replace.items():
        old = old.replace("_", " ") if old.startswith("line") else old
        text = text.replace(old, new)
    return head + text


def test_the_shipped_mini_notes_are_clean(mini):
    assert messages(mini) == []


CASES = [
    # (case id, file text, expected problems with the file path left out)
    ("unknown field with hint", note(**{"body: A body.": "body: A body.\nsumary: x"}),
     [":10:1: error[unknown-field]: unknown field 'sumary'\n    hint: did you mean 'summary'?"]),
    ("missing field", note(**{"title: A title\n": ""}),
     [":2:1: error[missing-field]: missing required field 'title'"]),
    ("wrong type", note(**{"title: A title": "title: [a, b]"}),
     [":7:8: error[wrong-type]: 'title' must be a string, not a list\n    hint: put the value in quotes"]),
    ("number as title", note(**{"title: A title": "title: 42"}),
     [":7:8: error[wrong-type]: 'title' must be a string, not a number\n    hint: put the value in quotes"]),
    ("unknown kind", note(**{"kind: context": "kind: contxt"}),
     [":4:7: error[unknown-kind]: unknown kind 'contxt'\n    hint: did you mean 'context'?"]),
    ("verdict on context", note(**{"kind: context": "kind: context\nverdict: accurate"}),
     [":5:1: error[verdict-not-allowed]: only a source-check has a verdict; this is a context\n"
      "    hint: remove `verdict`, or make the kind source-check"]),
    ("source check without verdict", note(**{"kind: context": "kind: source-check"}),
     [":2:1: error[missing-verdict]: a source-check needs a verdict\n    hint: add `verdict:` with one of: "
      "accurate, accurate-but-incomplete, misleading, misattributed, unsupported, false, outdated, could-not-verify"]),
    ("unknown verdict", note(**{"kind: context": "kind: source-check\nverdict: wrong"}),
     [":5:10: error[unknown-verdict]: unknown verdict 'wrong'\n    hint: expected one of: accurate, "
      "accurate-but-incomplete, misleading, misattributed, unsupported, false, outdated, could-not-verify"]),
    ("one source for a misleading verdict", note(**{"kind: context": "kind: source-check\nverdict: misleading"}),
     [":12:3: error[too-few-sources]: a 'misleading' verdict needs at least 2 independent sources; found 1"]),
    ("unknown technique", note(**{"body: A body.": "body: A body.\ntechniques: [loaded-langage]"}),
     [":10:14: error[unknown-technique]: unknown technique 'loaded-langage'\n    hint: did you mean 'loaded-language'?"]),
    ("no sources", note(**{"sources:\n  - title: A source\n    publisher: A publisher\n    date: 2020-01-13\n    url: https://example.org/a\n": "sources: []\n"}),
     [":10:10: error[too-few-sources]: at least one source is required"]),
    ("javascript url", note(**{"https://example.org/a": "javascript:alert(1)"}),
     [":14:10: error[unsafe-url]: 'javascript:alert(1)' is not an https address\n"
      "    hint: sources need a full address that starts with https://"]),
    ("bad date form", note(**{"checked: 2026-11-25": "checked: 25/11/2026"}),
     [":15:10: error[bad-date]: '25/11/2026' is not a date of the form YYYY-MM-DD"]),
    ("impossible date", note(**{"checked: 2026-11-25": "checked: 2026-02-30"}),
     [":15:10: error[bad-date]: '2026-02-30' is not a real date"]),
    ("future date", note(**{"date: 2020-01-13": "date: 2999-01-13"}),
     [":13:11: error[date-in-future]: '2999-01-13' is in the future"]),
    ("empty quote", note(**{"exact: Officials said repairs": 'exact: ""'}),
     [":6:10: error[empty-value]: 'target.exact' must not be empty"]),
    ("quote not found", note(**{"exact: Officials said repairs": "exact: Officials said the repairs"}),
     [":6:10: error[quote-not-found]: quote not found in the article\n"
      "    hint: closest text, in block 4 (paragraph) at seeds/mini.txt:7:1: “Officials said repairs”\n"
      "    it differs: “the” is not in the article\n"
      '    to anchor it there, paste: exact: "Officials said repairs"']),
    ("quote ambiguous", note(**{"exact: Officials said repairs": "exact: The council met"}),
     [":6:10: error[quote-ambiguous]: the quote occurs 2 times in the article\n"
      "    hint: add a `prefix` or `suffix` to choose one; it occurs in block 3 (paragraph) at "
      "seeds/mini.txt:5:1; block 8 (paragraph) at seeds/mini.txt:15:1"]),
    ("prefix mismatch", note(**{"exact: Officials said repairs": "exact: Officials said repairs\n  prefix: Nobody"}),
     [":7:11: error[prefix-mismatch]: the quote occurs, but never with this prefix\n"
      "    hint: the text before the quote is “…said the bridge was \"unsafe\".”"]),
    ("suffix mismatch", note(**{"exact: Officials said repairs": "exact: Officials said repairs\n  suffix: never"}),
     [":7:11: error[suffix-mismatch]: the quote occurs, but never with this suffix\n"
      "    hint: the text after the quote is “would take a year. The mayor's…”"]),
    ("quote across blocks", note(**{"exact: Officials said repairs": "exact: a year. The mayor"}),
     [":6:10: error[quote-crosses-blocks]: the quote runs across two blocks of the article\n"
      "    hint: quote a span inside one paragraph, heading or quotation"]),
    ("id does not match file", note(**{"id: x": "id: y"}),
     [":2:5: error[id-mismatch]: the id 'y' does not match the file name 'x.yml'\n"
      "    hint: rename the file to y.yml, or set `id: x`"]),
    ("bad id", note(**{"id: x": "id: Bad_Id"}),
     [":2:5: error[bad-id]: 'Bad_Id' is not a valid id\n    hint: use lowercase letters, digits and single "
      "hyphens, e.g. dia-report-release",
      ":2:5: error[id-mismatch]: the id 'Bad_Id' does not match the file name 'x.yml'\n"
      "    hint: rename the file to Bad_Id.yml, or set `id: x`"]),
    ("unknown article", note(**{"article: mini": "article: nowhere"}),
     [":3:10: error[unknown-article]: unknown article 'nowhere'\n    hint: known articles: mini",
      ":3:10: error[article-mismatch]: the file is in annotations/mini/ but names the article 'nowhere'"]),
    ("missing schema line", note(head=""),
     [":1:1: error[missing-schema-line]: the first line must name the JSON Schema, so editors can check the file\n"
      "    hint: make the first line: # yaml-language-server: $schema=../annotation.schema.json"]),
    ("yaml syntax", HEAD + "id: x\ntitle: a: b\n",
     [":3:9: error[yaml-syntax]: the value of `title:` has a colon followed by a space, which YAML reads as a new field\n"
      '    hint: put the whole value in quotes: title: "a: b"']),
    ("duplicate key", note(**{"title: A title": "title: A title\ntitle: Again"}),
     [":8:1: error[duplicate-key]: the field 'title' is given twice"]),
    ("alias", HEAD + "id: &a x\narticle: *a\n",
     [":3:10: error[yaml-alias]: YAML anchors and aliases are not allowed here"]),
    ("empty file", "", [":1:1: error[empty-file]: the file is empty"]),
    ("list instead of mapping", HEAD + "- a\n- b\n",
     [":2:1: error[wrong-type]: an annotation must be a mapping, not a list"]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_broken_input_gets_a_located_exact_message(write_note, mini, text, expected):
    path = write_note("x", text)
    assert messages(mini, [path]) == [f"annotations/mini/x.yml{e}" for e in expected]


def test_not_utf8_is_located(write_note, mini):
    path = write_note("x", "")
    path.write_bytes(HEAD.encode() + b"id: caf\xe9\n")
    assert messages(mini, [path]) == [
        "annotations/mini/x.yml:2:8: error[not-utf8]: the file is not valid UTF-8 (byte 0xe9)\n"
        "    hint: save the file as UTF-8"
    ]


def test_every_problem_is_reported_in_one_run(write_note, mini):
    write_note("a", note("a", **{"kind: context": "kind: contxt"}))
    write_note("b", note("b", **{"title: A title\n": ""}))
    write_note("c", note("c", **{"exact: Officials said repairs": "exact: nowhere at all"}))
    codes = [m.split("error[")[1].split("]")[0] for m in messages(mini)]
    assert codes == ["unknown-kind", "missing-field", "quote-not-found"]


def test_duplicate_ids_within_an_article(mini):
    # Inside annotations/ the file system keeps ids unique (id = file name, article = folder);
    # files checked from elsewhere, such as a pull request's scratch folder, may still clash.
    for folder in ("one", "two"):
        (mini / folder).mkdir()
        (mini / folder / "dup.yml").write_text(note("dup"), encoding="utf-8")
    assert messages(mini, [mini / "one", mini / "two"]) == [
        "two/dup.yml:2:5: error[duplicate-id]: the id 'dup' is also used by one/dup.yml"
    ]


def test_article_text_edited_without_updating_its_hash(mini):
    text = mini / "seeds" / "mini.txt"
    text.write_text(
        text.read_text(encoding="utf-8").replace("Monday", "Tuesday", 1), encoding="utf-8"
    )
    found = messages(mini)
    assert found[0].startswith(
        "seeds/mini.yml:6:9: error[text-hash-mismatch]: the article text no longer matches its SHA-256\n"
        "    hint: the text's SHA-256 is "
    )


def test_blocks_must_match_the_text(mini):
    meta = mini / "seeds" / "mini.yml"
    meta.write_text(meta.read_text().replace('starts: "Officials said"', 'starts: "Officers said"'))
    assert messages(mini) == [
        "seeds/mini.yml:15:5: error[block-start-mismatch]: block 4 does not start with 'Officers said'\n"
        "    hint: it starts with 'Officials said repairs would take a year'"
    ]


def test_real_project_is_clean():
    from .conftest import ROOT

    assert messages(ROOT) == []


def test_good_note_text_is_valid(write_note, mini):
    path = write_note("x", note())
    assert messages(mini, [path]) == []
    assert textwrap.dedent(note()).startswith(HEAD)


def test_an_unknown_kind_is_one_problem_not_two(write_note, mini):
    path = write_note("x", note(**{"kind: context": "kind: sourcecheck\nverdict: accurate"}))
    assert messages(mini, [path]) == [
        "annotations/mini/x.yml:4:7: error[unknown-kind]: unknown kind 'sourcecheck'\n"
        "    hint: did you mean 'source-check'?"
    ]


RAW_CASES = [
    ("byte-order mark", "\ufeff" + note(),
     ["annotations/mini/x.yml:1:1: error[bom]: the file starts with a byte-order mark (BOM)\n    hint: save the file as UTF-8 without BOM"]),
    ("windows line endings", note().replace("\n", "\r\n"),
     ["annotations/mini/x.yml:1:58: error[crlf]: the file has Windows line endings (CRLF)\n"
      "    hint: save it with LF line endings; .gitattributes asks git to do so"]),
    ("tab indentation", note().replace("  exact:", "\texact:"),
     ["annotations/mini/x.yml:6:1: error[tab-indent]: a tab is used for indentation; YAML allows only spaces\n    hint: indent with spaces"]),
    ("deep nesting", HEAD + "id: " + "[" * 50 + "]" * 50 + "\n",
     ["annotations/mini/x.yml:2:16: error[too-deep]: the YAML is nested more than 12 levels deep"]),
    ("billion laughs", HEAD + "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\n",
     ["annotations/mini/x.yml:3:8: error[yaml-alias]: YAML anchors and aliases are not allowed here"]),
    ("plain http address", note(**{"https://example.org/a": "http://example.org/a"}),
     ["annotations/mini/x.yml:14:10: error[insecure-url]: 'http://example.org/a' is not an https address\n"
      "    hint: use the page's https:// address; plain http is refused"]),
    ("ftp address", note(**{"https://example.org/a": "ftp://example.org/a"}),
     ["annotations/mini/x.yml:14:10: error[unsafe-url]: 'ftp://example.org/a' is not an https address\n"
      "    hint: sources need a full address that starts with https://"]),
    ("address with a space", note(**{"https://example.org/a": '"https://example.org/a b"'}),
     ["annotations/mini/x.yml:14:10: error[unsafe-url]: 'https://example.org/a b' is not an https address\n"
      "    hint: sources need a full address that starts with https://"]),
    ("unknown field in a source", note(**{"    url: https://example.org/a": "    url: https://example.org/a\n    archive: x"}),
     ["annotations/mini/x.yml:15:5: error[unknown-field]: unknown field 'sources[0].archive'\n    hint: known fields: title, publisher, date, url, via, original, access, evidence"]),
    ("address that breaks out of an attribute", note(**{"https://example.org/a": "'https://example.org/\"><script>alert(1)</script>'"}),
     ["annotations/mini/x.yml:14:10: error[unsafe-url]: 'https://example.org/\"><script>alert(1)</script>' is not an https address\n"
      "    hint: sources need a full address that starts with https://"]),
    ("target as text", note(**{"target:\n  exact: Officials said repairs": "target: Officials said repairs"}),
     ["annotations/mini/x.yml:5:9: error[wrong-type]: 'target' must be a mapping, not text"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in RAW_CASES], ids=[c[0] for c in RAW_CASES]
)
def test_hostile_or_malformed_files_get_a_located_message(write_note, mini, text, expected):
    path = write_note("x", "")
    path.write_bytes(text.encode("utf-8"))
    assert messages(mini, [path]) == expected


def test_a_very_large_file_is_refused_unread(write_note, mini):
    path = write_note("x", note() + "# " + "x" * 300_000 + "\n")
    assert messages(mini, [path]) == [
        "annotations/mini/x.yml:1:1: error[file-too-large]: the file is 300,312 bytes; the limit is 262,144"
    ]


def test_a_source_with_no_date_on_its_page_says_so(mini, write_note):
    write_note("x", note(**{"date: 2020-01-13": "date: n.d."}))
    _, problems = load_corpus(mini)
    assert problems == []
    from marginalia.pages.render import prose_date

    assert prose_date("n.d.") == "undated"
    write_note("x", note(**{"date: 2020-01-13": "date: sometime"}))
    _, problems = load_corpus(mini)
    assert [p.format() for p in problems] == [
        "annotations/mini/x.yml:13:11: error[bad-date]: 'sometime' is not a date of the form "
        "YYYY-MM-DD, YYYY-MM or YYYY\n    hint: n.d. if the page shows no date; never guess one"
    ]
