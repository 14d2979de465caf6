"""A large corpus is checked in worker processes: the same notes, the same problems in the same
order, and the same cache, as a check in one process."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from marginalia.data import cache, workers
from marginalia.data.corpus import load_corpus

NOTES = Path("annotations/mini")
BROKEN = {
    "bad-yaml": "# yaml-language-server: $schema=../annotation.schema.json\nid: [unclosed\n",
    "empty-file": "",
    "made-up-quote": None,  # a clean note with a quotation no source gives: filled in below
}


@pytest.fixture
def many(mini: Path) -> Path:
    """The mini project with 24 copies of a clean note and three broken files among them."""
    clean = (mini / NOTES / "council-vote.yml").read_text(encoding="utf-8")
    for n in range(24):
        name = f"council-vote-{n:02d}"
        text = clean.replace("id: council-vote", f"id: {name}")
        (mini / NOTES / f"{name}.yml").write_text(text, encoding="utf-8")
    for name, text in BROKEN.items():
        if text is None:
            text = clean.replace("id: council-vote", f"id: {name}").replace(
                "record a vote", 'record "a vote nobody took"'
            )
        (mini / NOTES / f"{name}.yml").write_text(text, encoding="utf-8")
    return mini


@pytest.fixture
def parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers for any corpus, in batches of five files, two at a time."""
    monkeypatch.setattr(workers, "FROM_FILES", 1)
    monkeypatch.setattr(workers, "BATCH", 5)
    monkeypatch.setenv("MARGINALIA_WORKERS", "2")


def _serial(root: Path, monkeypatch: pytest.MonkeyPatch):
    with monkeypatch.context() as m:
        m.setenv("MARGINALIA_WORKERS", "1")
        return load_corpus(root)


def test_workers_find_the_same_notes_and_problems_in_the_same_order(
    many: Path, parallel: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MARGINALIA_CACHE", "off")
    seen: list[object] = []
    real = workers.check_in_workers

    def spy(tasks, count, setting):
        assert count == 2
        for outcome in real(tasks, count, setting):
            seen.append(outcome)
            yield outcome

    monkeypatch.setattr(workers, "check_in_workers", spy)
    in_workers, found = load_corpus(many)
    assert len(seen) == 31  # every file came back from the workers
    assert sum(isinstance(o, tuple) for o in seen) == 28  # the clean notes, as their data
    alone, expected = _serial(many, monkeypatch)
    assert in_workers == alone
    assert len(in_workers.annotations) == 28  # the four notes and 24 copies
    assert found == expected
    codes = [(p.location.path.rsplit("/", 1)[-1], p.code) for p in found]
    assert codes == [
        ("bad-yaml.yml", "yaml-syntax"),
        ("empty-file.yml", "empty-file"),
        ("made-up-quote.yml", "quote-unsupported"),
    ]


def test_notes_checked_in_workers_fill_the_cache(
    many: Path, parallel: None, monkeypatch: pytest.MonkeyPatch, counted: list[str]
) -> None:
    load_corpus(many)
    assert (many / cache.FILE).is_file()
    counted.clear()  # the workers' checks are not seen here; the parent's are
    again, problems = _serial(many, monkeypatch)
    assert len(again.annotations) == 28
    assert sorted(c.rsplit("/", 1)[-1] for c in counted) == ["made-up-quote.yml"]  # kept no data
    assert [p.code for p in problems] == ["yaml-syntax", "empty-file", "quote-unsupported"]


def test_a_pool_that_breaks_leaves_the_rest_to_this_process(
    many: Path, parallel: None, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("MARGINALIA_CACHE", "off")
    real = workers.check_in_workers
    yielded: list[object] = []

    def breaking(tasks, count, setting) -> Iterator:
        for outcome in real(tasks, count, setting):
            if len(yielded) == 7:
                raise BrokenProcessPool("a worker was killed")
            yielded.append(outcome)
            yield outcome

    monkeypatch.setattr(workers, "check_in_workers", breaking)
    broken, found = load_corpus(many)
    assert len(yielded) == 7
    assert (
        "workers failed (BrokenProcessPool: a worker was killed); the other 24 files" in caplog.text
    )
    alone, expected = _serial(many, monkeypatch)
    assert broken == alone and found == expected


def test_no_workers_to_be_had_means_one_process(
    many: Path, parallel: None, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def refused(*args, **kwargs):
        raise NotImplementedError("no semaphores here")

    monkeypatch.setattr(workers, "ProcessPoolExecutor", refused)
    loaded, found = load_corpus(many)
    assert len(loaded.annotations) == 28 and len(found) == 3
    assert "workers failed (NotImplementedError: no semaphores here); the other 31" in caplog.text


@pytest.mark.parametrize(
    ("fresh", "wanted", "cores", "count"),
    [
        (10_000, "", 2, 2),  # one a core
        (10_000, "", 8, 8),
        (10_000, "3", 8, 3),  # as many as asked for
        (10_000, "1", 8, 0),  # one process: no workers
        (10_000, "0", 8, 0),
        (10_000, "many", 2, 2),  # not a number: one a core
        (399, "", 8, 0),  # a small corpus is checked here
        (450, "", 8, 5),  # no more workers than batches
    ],
)
def test_worker_count(
    fresh: int, wanted: str, cores: int, count: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MARGINALIA_WORKERS", wanted)
    monkeypatch.setattr(workers.os, "sched_getaffinity", lambda pid: set(range(cores)))
    assert workers.worker_count(fresh) == count


def test_a_notes_document_is_freed_as_soon_as_its_check_ends(
    many: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each document read (a note's data and the places of its values) is let go when its
    note's check is done, not kept until the garbage collector's next pass: a nested function
    calling itself once held each one in a reference cycle. Checked with the collector off,
    for clean notes, broken files and a note still holding a placeholder."""
    clean = (many / NOTES / "council-vote.yml").read_text(encoding="utf-8")
    todo = clean.replace("id: council-vote", "id: todo").replace("record a vote", "TODO")
    (many / NOTES / "todo.yml").write_text(todo, encoding="utf-8")
    read: list[weakref.ref] = []
    real = workers.load_yaml

    def spy(*args: object) -> tuple:
        doc, problems = real(*args)
        if doc is not None:
            read.append(weakref.ref(doc))
        return doc, problems

    monkeypatch.setattr(workers, "load_yaml", spy)
    monkeypatch.setenv("MARGINALIA_CACHE", "off")
    monkeypatch.setenv("MARGINALIA_WORKERS", "1")
    gc.disable()
    try:
        corpus, problems = load_corpus(many)
        assert {"placeholder", "quote-unsupported"} <= {p.code for p in problems}
        assert len(read) == len(corpus.annotations) + 2  # the placeholder, the made-up quote
        assert [ref for ref in read if ref() is not None] == []
    finally:
        gc.enable()
