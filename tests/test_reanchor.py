"""Article drift: an edited text names every orphan, and reanchor proposes new selectors."""

from __future__ import annotations

import hashlib

from marginalia.cli import main
from marginalia.data.corpus import load_corpus


def edit_text(root, old: str, new: str) -> None:
    text = root / "seeds" / "mini.txt"
    text.write_text(text.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    digest = hashlib.sha256(text.read_bytes()).hexdigest()
    meta = root / "seeds" / "mini.yml"
    lines = [
        f"sha256: {digest}" if x.startswith("sha256:") else x for x in meta.read_text().split("\n")
    ]
    meta.write_text("\n".join(lines))


def test_an_edit_inside_a_quote_names_the_orphan(mini):
    edit_text(mini, "voted to close", "decided to close")
    _, problems = load_corpus(mini)
    assert [(p.location.path, p.code) for p in problems] == [
        ("annotations/mini/council-vote.yml", "quote-not-found")
    ]


def test_reanchor_proposes_then_writes_only_when_asked(mini, capsys):
    edit_text(mini, "voted to close", "decided to close")
    note = mini / "annotations" / "mini" / "council-vote.yml"
    before = note.read_text()
    assert main(["--root", str(mini), "reanchor"]) == 1
    out = capsys.readouterr().out
    assert out == (
        "annotations/mini/council-vote.yml:6:10: orphan: “The council voted to close the old bridge for repairs” → "
        "“The council decided to close the old bridge for repairs” (score 91)\n"
        "1 orphaned note(s); 0 re-anchored\n"
    )
    assert note.read_text() == before
    assert main(["--root", str(mini), "reanchor", "--write"]) == 0
    assert 'exact: "The council decided to close the old bridge for repairs"\n' in note.read_text()
    assert (
        note.read_text().replace(
            'exact: "The council decided to close the old bridge for repairs"',
            "exact: The council voted to close the old bridge for repairs",
        )
        == before
    )
    _, problems = load_corpus(mini)
    assert problems == []


def test_reanchor_adds_context_when_the_new_words_repeat(mini, capsys):
    edit_text(mini, "The council met again on Friday.", "The council met on Friday.")
    # council-met-again's suffix "again" no longer matches; "The council met" now repeats
    assert main(["--root", str(mini), "reanchor", "--write"]) == 0
    out = capsys.readouterr().out
    assert "prefix:" in out or "suffix:" in out
    _, problems = load_corpus(mini)
    # the notes anchor again; only the block the edit changed is left for a person to fix
    assert [p.code for p in problems] == ["block-start-mismatch"]


def test_no_confident_match_is_said_and_nothing_written(mini, capsys):
    edit_text(mini, "Critics said the vote was rushed.", "Zzzz qqqq.")
    note = mini / "annotations" / "mini" / "council-vote.yml"
    (mini / "annotations" / "mini" / "officials.yml").write_text(
        note.read_text()
        .replace("id: council-vote", "id: officials")
        .replace(
            "exact: The council voted to close the old bridge for repairs",
            "exact: Critics said the vote was rushed.",
        )
    )
    assert main(["--root", str(mini), "reanchor", "--write"]) == 1
    assert capsys.readouterr().out == (
        "annotations/mini/officials.yml:6:10: orphan: no confident match for "
        "“Critics said the vote was rushed.” (best score 64)\n"
        "1 orphaned note(s); 0 re-anchored\n"
    )
