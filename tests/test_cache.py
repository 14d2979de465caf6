"""The check cache: an unchanged note is not checked again, and nothing a note's check depends
on can change without the note being checked again."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from marginalia.data import cache, corpus
from marginalia.data.corpus import load_corpus

NOTE = "annotations/mini/council-vote.yml"


def test_a_second_check_reads_every_clean_note_from_the_cache(
    mini: Path, counted: list[str]
) -> None:
    first, problems = load_corpus(mini)
    assert problems == []
    assert len(counted) == 4  # every note, checked in full
    assert (mini / cache.FILE).is_file()
    counted.clear()
    second, problems = load_corpus(mini)
    assert problems == []
    assert counted == []  # none checked again
    assert second.annotations == first.annotations  # the same notes, anchored the same


def test_an_edited_note_is_checked_again_and_shows_its_new_words(
    mini: Path, counted: list[str]
) -> None:
    load_corpus(mini)
    counted.clear()
    note = mini / NOTE
    note.write_text(
        note.read_text().replace("The minutes record the vote", "The minutes say so"),
        encoding="utf-8",
    )
    loaded, problems = load_corpus(mini)
    assert problems == []
    assert counted == [NOTE]
    assert {a.title for a in loaded.annotations if a.id == "council-vote"} == {"The minutes say so"}


def test_a_problem_added_to_a_cached_note_is_reported(mini: Path) -> None:
    load_corpus(mini)
    note = mini / NOTE
    note.write_text(note.read_text().replace("verdict: accurate", "verdict: maybe"))
    _, problems = load_corpus(mini)
    assert [(p.location.path, p.code) for p in problems] == [(NOTE, "unknown-verdict")]
    _, again = load_corpus(mini)  # a note with a problem is never served from the cache
    assert again == problems


def test_a_changed_article_checks_its_notes_again(mini: Path, counted: list[str]) -> None:
    load_corpus(mini)
    counted.clear()
    text = mini / "seeds" / "mini.txt"
    text.write_text(text.read_text().replace("for repairs", "for works"), encoding="utf-8")
    meta = mini / "seeds" / "mini.yml"  # the text's hash, so that only the quote is wrong
    import hashlib

    digest = hashlib.sha256(text.read_bytes()).hexdigest()
    meta.write_text(
        "\n".join(
            f"sha256: {digest}" if line.startswith("sha256:") else line
            for line in meta.read_text().splitlines()
        )
        + "\n"
    )
    _, problems = load_corpus(mini)
    assert len(counted) == 4
    assert ("annotations/mini/council-vote.yml", "quote-not-found") in {
        (p.location.path, p.code) for p in problems
    }


def test_another_day_checks_every_note_again(
    mini: Path, counted: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    load_corpus(mini)
    counted.clear()
    monkeypatch.setattr(corpus, "today", lambda: dt.date.today() + dt.timedelta(days=1))
    load_corpus(mini)
    assert len(counted) == 4  # dates are checked against today: a day later is a new check


def test_changed_code_checks_every_note_again(
    mini: Path, counted: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    load_corpus(mini)
    counted.clear()
    real = cache.code_fingerprint
    monkeypatch.setattr(cache, "code_fingerprint", lambda schema: real(schema) + b"new")
    load_corpus(mini)
    assert len(counted) == 4


def test_the_cache_can_be_turned_off(
    mini: Path, counted: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MARGINALIA_CACHE", "off")
    load_corpus(mini)
    load_corpus(mini)
    assert len(counted) == 8
    assert not (mini / cache.FILE).exists()


@pytest.mark.parametrize(
    "content", [b"", b"not marshal data", b"\xe3" + b"\0" * 40, bytes(range(256))]
)
def test_a_damaged_cache_file_is_ignored(mini: Path, counted: list[str], content: bytes) -> None:
    path = mini / cache.FILE
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    loaded, problems = load_corpus(mini)
    assert problems == [] and len(loaded.annotations) == 4 and len(counted) == 4
    counted.clear()
    load_corpus(mini)  # and replaced by a good one
    assert counted == []


def test_a_folder_that_cannot_be_written_means_no_cache_and_no_error(mini: Path) -> None:
    (mini / ".cache").write_text("a file where the cache folder would go")
    loaded, problems = load_corpus(mini)
    assert problems == [] and len(loaded.annotations) == 4


def test_checking_named_files_keeps_the_other_files_entries(mini: Path, counted: list[str]) -> None:
    load_corpus(mini)
    load_corpus(mini, [mini / NOTE])
    counted.clear()
    load_corpus(mini)
    assert counted == []
