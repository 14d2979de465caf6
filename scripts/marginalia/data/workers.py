"""Reading and checking one note afresh, here or, for a large corpus, in worker processes.

Reading YAML and checking a note's words are pure Python and hold the interpreter's lock, so
threads would not help. Each worker reads, parses and checks batches of files. A clean note
comes back as its data (marshal's bytes, the cheapest copy between processes), and the caller
rebuilds its annotation from that data, as it does for a note from the check cache. A file
with a problem comes back whole, with its problems. The results come in the order of the
files, so the problems read the same as those of a check in one process.

Workers start afresh ("spawn"), never as copies of the caller: `marginalia serve` checks from
a thread while other threads run, and a copied process could inherit a lock that is held.
"""

from __future__ import annotations

import datetime as dt
import logging
import marshal
import multiprocessing
import os
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from marginalia.data.cache import file_key
from marginalia.data.loader import Document, load_yaml
from marginalia.data.model import Annotation, Article, Location
from marginalia.data.problems import Problem
from marginalia.data.validate import check_document, schema_validator

FROM_FILES = 400  # below this many files to read afresh, starting workers costs more than it saves
BATCH = 100  # files a worker checks before it hands its results back
_LOG = logging.getLogger("marginalia")


@dataclass(frozen=True)
class Task:
    """One file to read and check afresh."""

    path: Path
    shown: str
    article_dir: str | None


@dataclass(frozen=True)
class Setting:
    """What a note's check depends on besides the file: in a worker, sent once."""

    schema: Path
    articles: dict[str, Article]
    day: dt.date
    keys: dict[str, bytes]  # the check cache's key of each article


@dataclass(frozen=True)
class Checked:
    """A file read and checked: the annotation when it has no problems, the problems, the
    document slimmed to its article and id, and the cache key of a clean note."""

    annotation: Annotation | None
    problems: list[Problem]
    doc: Document | None
    key: bytes | None = None  # set for a clean note: its data may be kept in the check cache
    data: dict | None = None  # a clean note's data


def check_fresh(task: Task, setting: Setting) -> Checked:
    """One file read, parsed and checked in full; a bug of ours becomes a problem of the file."""
    try:
        raw = task.path.read_bytes()
    except OSError:
        raw = None  # load_yaml says why
    try:
        doc, problems = load_yaml(task.path, task.shown, raw)
        if doc is None:
            return Checked(None, problems, None)
        validator = schema_validator(setting.schema)
        annotation, found = check_document(
            doc, validator, setting.articles, task.article_dir, setting.day
        )
    except Exception as err:  # a bug of ours must not hide the other files' problems
        return Checked(None, [internal_problem(task.shown, err)], None)
    if annotation is not None and raw is not None and not problems:
        key = file_key(setting.keys, raw, task.article_dir, doc.data.get("article"))
        return Checked(annotation, [], slim(doc), key, doc.data)
    return Checked(annotation, problems + found, slim(doc))


def slim(doc: Document) -> Document:
    """A document reduced to its article and id: the checks across notes need no more, and
    its places are read again from the file if needed."""
    data = doc.data
    if isinstance(data, dict):
        data = {k: data[k] for k in ("article", "id") if k in data}
    return Document(doc.path, data, None, doc.first_line, doc.file)


def internal_problem(shown: str, err: Exception) -> Problem:
    """An unexpected error on one file, reported as a problem of that file, never a traceback."""
    message = f"marginalia could not check this file ({type(err).__name__}: {err})"
    hint = "this is a bug in marginalia: please open an issue with the file attached"
    return Problem(Location(shown), "internal", message, hint)


# ---- many files: in worker processes ---------------------------------------------------


def worker_count(fresh: int) -> int:
    """How many workers for `fresh` files: none for a small corpus, or when MARGINALIA_WORKERS
    is 1 (or 0); else one per core, or MARGINALIA_WORKERS of them."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    wanted = os.environ.get("MARGINALIA_WORKERS", "")
    limit = int(wanted) if wanted.isdigit() else (cores or 1)
    if fresh < FROM_FILES or limit < 2:
        return 0
    return min(limit, -(-fresh // BATCH))


Clean = tuple[dict, bytes, str]  # a clean note's data, cache key and first line


def check_all(tasks: list[Task], setting: Setting) -> Iterator[Checked | Clean]:
    """The outcome of each task, in order: a clean note checked in a worker comes as its data,
    key and first line (the caller rebuilds its annotation); any other outcome as `Checked`.
    If the workers cannot be started or fail, the files not yet done are checked here."""
    done = 0
    count = worker_count(len(tasks))
    if count:
        try:
            for outcome in check_in_workers(tasks, count, setting):
                yield outcome
                done += 1
        except Exception as err:  # no processes to be had, one killed, data that won't go
            message = "workers failed (%s: %s); the other %d files are checked in this process"
            _LOG.warning(message, type(err).__name__, err, len(tasks) - done)
    for task in tasks[done:]:
        yield check_fresh(task, setting)


def check_in_workers(tasks: list[Task], count: int, setting: Setting) -> Iterator[Checked | Clean]:
    """The outcome of each task, in order, from `count` worker processes. At most two batches
    a worker wait to be read, so the notes' data never piles up when the workers run ahead."""
    batches = iter([tasks[i : i + BATCH] for i in range(0, len(tasks), BATCH)])
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(count, context, initializer=_start, initargs=(setting,)) as pool:
        waiting = deque(pool.submit(_check_batch, b) for b in islice(batches, 2 * count))
        while waiting:
            blob, others = waiting.popleft().result()
            waiting.extend(pool.submit(_check_batch, b) for b in islice(batches, 1))
            clean = iter(marshal.loads(blob))
            for other in others:
                yield next(clean) if other is None else other


_SETTING: list[Setting] = []


def _start(setting: Setting) -> None:
    """A worker's start: what every note's check depends on, kept for its batches."""
    _SETTING.append(setting)


def _check_batch(batch: list[Task]) -> tuple[bytes, list[Checked | None]]:
    """Each file's outcome: None in the list for a clean note, whose data, key and first line
    are in the marshalled blob, in the same order."""
    clean: list[Clean] = []
    others: list[Checked | None] = []
    for task in batch:
        checked = check_fresh(task, _SETTING[0])
        if checked.key is not None and checked.doc is not None:
            clean.append((checked.data, checked.key, checked.doc.first_line))
            others.append(None)
        else:
            others.append(checked)
    return marshal.dumps(clean), others
