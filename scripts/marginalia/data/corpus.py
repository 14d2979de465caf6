"""Load and check everything the site is built from: the articles and their annotations."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from marginalia.data.articles import load_articles
from marginalia.data.cache import CheckCache
from marginalia.data.coverage import check_coverage
from marginalia.data.extras import labelled, load_extras
from marginalia.data.lessons import check_timing
from marginalia.data.loader import Document
from marginalia.data.model import Annotation, Article, Corpus, by_article
from marginalia.data.problems import Problem
from marginalia.data.validate import SCHEMA_FILE, check_duplicates, rebuild, schema_validator
from marginalia.data.workers import (
    Checked,
    Setting,
    Task,
    check_all,
    check_fresh,
    slim,
)


def find_root(start: Path | None = None) -> Path:
    """The project folder: the nearest folder, upwards, that holds mkdocs.yml."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    raise FileNotFoundError(f"no mkdocs.yml in {here} or any folder above it")


def annotation_files(root: Path, paths: Iterable[Path] | None = None) -> list[Path]:
    """The annotation files under `paths` (files or folders), or all of annotations/."""
    found: list[Path] = []
    root = root.resolve()
    for path in paths or [root / "annotations"]:
        path = (path if path.is_absolute() else Path.cwd() / path).resolve()
        if path.is_dir():
            found += [p for p in path.rglob("*.yml") if p.is_file() and _is_note(root, p)]
        else:
            found.append(path)
    return sorted(set(found))


def _is_note(root: Path, path: Path) -> bool:
    """Notes are annotations/<article>/<id>.yml; names starting with "_" hold other data.
    `root` and `path` are resolved already (resolving each of 10,000 files costs a second),
    and compared as strings (pathlib's relative_to costs a second more)."""
    if path.name.startswith("_"):
        return False
    inside = _below(root / "annotations", path)
    return True if inside is None else inside.count(os.sep) == 1  # None: a folder named


def today() -> dt.date:
    """The real date: a note checked today is valid whatever date a build is pinned to."""
    return dt.date.today()


def load_corpus(root: Path, paths: Iterable[Path] | None = None) -> tuple[Corpus, list[Problem]]:
    root = root.resolve()
    articles, problems = load_articles(root)
    schema = root / "annotations" / SCHEMA_FILE
    day = today()
    store = CheckCache(root, articles, schema, day)
    setting = Setting(schema, articles, day, store.article_keys)
    schema_validator(schema)  # a schema that cannot be read stops the check here, not per file
    annotations: list[Annotation] = []
    docs: dict[str, Document] = {}
    for annotation, found, doc in _check_files(root, annotation_files(root, paths), store, setting):
        problems += found
        if doc is not None:
            docs[doc.path] = doc
        if annotation:
            annotations.append(annotation)
    store.save(keep_others=bool(paths))
    problems += check_duplicates(annotations, docs)
    annotations.sort(key=lambda a: (a.article, a.span.start, -a.span.end, a.id))
    # every note that exists counts for references, anchored or not: no cascade of problems
    ids = {
        (d.data.get("article"), d.data.get("id"))
        for d in docs.values()
        if isinstance(d.data, dict)
        and all(isinstance(d.data.get(k), str) for k in ("article", "id"))  # a list is no id
    }
    extras, found = load_extras(root, articles, ids)
    if not paths:  # checking named files only leaves the article-level data alone
        problems += found
    if not paths:
        notes = by_article(annotations)
        for article in articles.values():
            if article.draft:  # its coverage is still being written: check says so, as a warning
                continue
            meta = (root / article.meta_path).read_text(encoding="utf-8")
            problems += check_coverage(article, notes.get(article.slug, []), meta)
        for article in articles.values():
            problems += check_timing(article, notes.get(article.slug, []), extras)
    if extras.funding:
        annotations = [
            replace(a, sources=tuple(labelled(s, extras.funding) for s in a.sources))
            for a in annotations
        ]
    return Corpus(articles, tuple(annotations), extras), problems


Outcome = tuple[Annotation | None, list[Problem], Document | None]


def _check_files(
    root: Path, files: list[Path], store: CheckCache, setting: Setting
) -> list[Outcome]:
    """Each file's annotation, problems and slimmed document, in the order of the files. A note
    comes from the cache when it and all it depends on are unchanged since a clean check;
    the others are read and checked in full, in worker processes when they are many."""
    outcomes: list[Outcome] = []
    fresh: list[tuple[int, Task]] = []
    for path in files:
        task = Task(path, _shown(root, path), _article_dir(root, path))
        hit = _read_cached(task, store, setting.articles)
        if hit is None:
            fresh.append((len(outcomes), task))
        outcomes.append((None, [], None) if hit is None else _keep(hit, store, task))
    for (index, task), outcome in zip(
        fresh, check_all([t for _, t in fresh], setting), strict=True
    ):
        if isinstance(outcome, tuple):  # a clean note checked in a worker
            data, key, first_line = outcome
            rebuilt = _rebuild(task, data, first_line, setting.articles)
            if rebuilt is None:  # cannot happen to a clean note; if it does, say why
                outcome = check_fresh(task, setting)
            else:
                outcome = replace(rebuilt, key=key, data=data)
        outcomes[index] = _keep(outcome, store, task)
    return outcomes


def _keep(checked: Checked, store: CheckCache, task: Task) -> Outcome:
    """A file's outcome, its data put in the cache when a fresh check found it clean."""
    if checked.key is not None and checked.data is not None:
        store.put(task.shown, checked.key, checked.data)
    return checked.annotation, checked.problems, checked.doc


def _read_cached(task: Task, store: CheckCache, articles: dict[str, Article]) -> Checked | None:
    """The note rebuilt from the data the cache kept for it, if it and all it depends on are
    unchanged; None otherwise."""
    if not store.holds(task.shown):
        return None
    try:
        raw = task.path.read_bytes()
    except OSError:
        return None
    data = store.get(task.shown, raw, task.article_dir)
    if data is None:
        return None
    return _rebuild(task, data, raw.split(b"\n", 1)[0].decode("utf-8", "replace"), articles)


def _rebuild(
    task: Task, data: dict, first_line: str, articles: dict[str, Article]
) -> Checked | None:
    """A note that passed its check, anchored again from its data; None if it no longer
    anchors, or anything else is amiss (a fresh check then says what)."""
    doc = Document(task.shown, data, None, first_line, task.path)
    try:
        annotation = rebuild(doc, articles[data["article"]])
    except Exception:  # the fresh check that follows reports it
        return None
    return None if annotation is None else Checked(annotation, [], slim(doc))


_CHECKED: dict[Path, Corpus] = {}


def hand_over(root: Path, corpus: Corpus) -> None:
    """Keep a corpus just checked for the build that follows, so it is not read twice."""
    _CHECKED[root.resolve()] = corpus


def take_checked(root: Path) -> Corpus | None:
    """The corpus handed over for this build, once; None when there is none (`mkdocs serve`
    and every rebuild read the files afresh)."""
    return _CHECKED.pop(root.resolve(), None)


def _below(folder: Path, path: Path) -> str | None:
    """`path` relative to `folder`, as a string, or None when it is not inside it."""
    prefix = os.path.join(folder, "")
    text = str(path)
    return text[len(prefix) :] if text.startswith(prefix) else None


def _shown(root: Path, path: Path) -> str:
    """A path as problems show it: relative to the project when inside it."""
    inside = _below(root, path)
    return str(path) if inside is None else inside.replace(os.sep, "/")


def _article_dir(root: Path, path: Path) -> str | None:
    """For annotations/<article>/<id>.yml, the <article> folder the file is in."""
    inside = _below(root / "annotations", path)
    if inside is None:
        return None
    parts = inside.split(os.sep)
    return parts[0] if len(parts) == 2 else None
