"""marginalia new: a valid file for a quote that anchors once, and clear refusals otherwise."""

from __future__ import annotations

from marginalia.cli import main
from marginalia.data.corpus import load_corpus

from .conftest import ROOT


def test_new_scaffolds_a_valid_file(mini, capsys):
    assert main(["--root", str(mini), "new", "--article", "mini", "--kind", "source-check",
                 "--quote", "Critics said the vote was rushed."]) == 0  # fmt: skip
    path = mini / "annotations" / "mini" / "critics-said-the-vote-was-rushed-check.yml"
    assert capsys.readouterr().out == (
        "created annotations/mini/critics-said-the-vote-was-rushed-check.yml: "
        "fill in the TODO fields, then run marginalia check\n"
    )
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=../annotation.schema.json\n")
    assert 'exact: "Critics said the vote was rushed."' in text and "verdict: accurate" in text
    _, problems = load_corpus(mini)
    assert problems == []


def test_new_with_suffix_for_a_repeated_quote(mini):
    args = ["--root", str(mini), "new", "--article", "mini", "--kind", "context",
            "--quote", "The council met", "--suffix", "on Monday", "--id", "first-meeting"]  # fmt: skip
    assert main(args) == 0
    assert (
        'suffix: "on Monday"' in (mini / "annotations" / "mini" / "first-meeting.yml").read_text()
    )
    _, problems = load_corpus(mini)
    assert problems == []


def test_new_refuses_ambiguous_missing_and_existing(mini, capsys):
    base = ["--root", str(mini), "new", "--article", "mini", "--kind", "context"]
    assert main([*base, "--quote", "The council met"]) == 1
    assert capsys.readouterr().out.startswith("marginalia: the quote occurs 2 times: “…")
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
