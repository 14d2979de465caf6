"""marginalia new: a valid file for a quote that anchors once, and clear refusals otherwise."""

from __future__ import annotations

import datetime as dt

from marginalia.cli import main
from marginalia.data.corpus import load_corpus

from .conftest import ROOT


def test_new_scaffolds_a_valid_file(mini, capsys):
    assert main(["--root", str(mini), "new", "--article", "mini", "--kind", "source-check",
                 "--quote", "Critics said the vote was rushed."]) == 0  # fmt: skip
    path = mini / "annotations" / "mini" / "critics-said-vote-rushed-check.yml"
    assert capsys.readouterr().out == (
        "created annotations/mini/critics-said-vote-rushed-check.yml: "
        "fill in the TODO fields, then run marginalia check\n"
    )
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=../annotation.schema.json\n")
    assert 'exact: "Critics said the vote was rushed."' in text and "verdict: accurate" in text
    _, problems = load_corpus(mini)
    # valid as it stands: what check reports is only what is left to fill in
    assert {p.code for p in problems} == {"placeholder"}
    assert [p.location.line for p in problems] == sorted(p.location.line for p in problems)
    # title, summary, body; the source's title, publisher, date, url, excerpt, where
    assert len(problems) == 9


def test_new_with_suffix_for_a_repeated_quote(mini):
    args = ["--root", str(mini), "new", "--article", "mini", "--kind", "context",
            "--quote", "The council met", "--suffix", "on Monday", "--id", "first-meeting"]  # fmt: skip
    assert main(args) == 0
    assert (
        'suffix: "on Monday"' in (mini / "annotations" / "mini" / "first-meeting.yml").read_text()
    )
    _, problems = load_corpus(mini)
    assert {p.code for p in problems} == {"placeholder"}


def test_new_refuses_ambiguous_missing_and_existing(mini, capsys):
    base = ["--root", str(mini), "new", "--article", "mini", "--kind", "context"]
    assert main([*base, "--quote", "The council met"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("marginalia: the quote occurs 2 times:\n    1. “…")
    assert "add --occurrence N" in out
    assert main([*base, "--quote", "nowhere in the text"]) == 1
    assert "does not match the article exactly" in capsys.readouterr().out
    assert main([*base, "--quote", "old bridge", "--id", "old-bridge"]) == 1
    assert "exists already" in capsys.readouterr().out
    assert (
        main(["--root", str(mini), "new", "--article", "nope", "--kind", "context", "--quote", "x"])
        == 1
    )


def test_no_shipped_note_keeps_a_placeholder():
    for path in (ROOT / "annotations").rglob("*.yml"):
        text = path.read_text(encoding="utf-8")
        assert "TODO" not in text and "example.org" not in text, path


def test_new_fills_a_prefix_for_the_occurrence_asked_for(mini, capsys):
    base = ["--root", str(mini), "new", "--article", "mini", "--kind", "context"]
    assert main([*base, "--quote", "The council met", "--occurrence", "2", "--id", "second"]) == 0
    text = (mini / "annotations" / "mini" / "second.yml").read_text()
    assert 'prefix: "rushed."' not in text and "prefix:" in text
    corpus, problems = load_corpus(mini)
    assert {p.code for p in problems} == {"placeholder"}
    anchored = {a.id: a for a in load_corpus(mini)[0].annotations}
    assert "second" not in anchored  # a file with problems is not built; its quote anchors:
    from marginalia.data import anchoring
    from marginalia.data.model import TextQuoteSelector

    text = (mini / "annotations" / "mini" / "second.yml").read_text()
    prefix = text.split("prefix: ")[1].split("\n")[0].strip('"')
    result = anchoring.find_quote(
        corpus.articles["mini"].text, TextQuoteSelector("The council met", prefix)
    )
    note = result
    assert corpus.articles["mini"].text[note.span.start :].startswith("The council met again")


def test_new_shows_the_closest_words_for_a_quote_with_a_typo(mini, capsys):
    base = ["--root", str(mini), "new", "--article", "mini", "--kind", "context"]
    assert main([*base, "--quote", "Critics said the vote was rushd"]) == 1
    out = capsys.readouterr().out
    assert "closest words in the article: “Critics said the vote was rushed.”" in out
    assert "“rushd” → “rushed.”" in out


def test_the_scaffold_reminds_every_field_of_its_rule(mini):
    assert main(["--root", str(mini), "new", "--article", "mini", "--kind", "context",
                 "--quote", "Critics said the vote was rushed."]) == 0  # fmt: skip
    text = (mini / "annotations" / "mini" / "critics-said-vote-rushed-context.yml").read_text()
    for reminder in ("# = the file name", "# context | counterpoint | source-check",
                     "reading grade 10", "# an https address you opened", "evidence:",
                     "copied exactly from the page", "# the day you checked"):  # fmt: skip
        assert reminder in text


def test_a_todo_anywhere_in_a_note_is_found(mini, write_note):
    """The quick look for TODO (in the data's marshalled bytes) misses none: deep in a list,
    in text that is not ASCII, or where the data holds a value marshal cannot write."""
    from marginalia.data.validate import _holds_todo

    assert _holds_todo({"sources": [{"evidence": [{"text": "é TODO: an excerpt"}]}]})
    assert _holds_todo({"when": dt.date(2020, 1, 3)})  # cannot be marshalled: walk them all
    assert not _holds_todo({"title": "Done", "sources": [{"title": "todo list"}]})
    path = mini / "annotations" / "mini" / "old-bridge.yml"
    path.write_text(path.read_text().replace("url: https://", "url: https://TODO.", 1))
    _, problems = load_corpus(mini)
    assert [p.code for p in problems] == ["placeholder"]
