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
from marginalia.data.loader import Document, load_yaml
from marginalia.data.model import Annotation, Article, Corpus, Location, by_article
from marginalia.data.problems import Problem
from marginalia.data.validate import (
    SCHEMA_FILE,
    check_document,
    check_duplicates,
    rebuild,
    schema_validator,
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
    validator = schema_validator(schema)
    annotations: list[Annotation] = []
    docs: dict[str, Document] = {}
    day = today()
    store = CheckCache(root, articles, schema, day)
    for path in annotation_files(root, paths):
        shown = _shown(root, path)
        try:
            annotation, found, doc = _check_file(root, path, shown, store, validator, articles, day)
        except Exception as err:  # a bug of ours must not hide the other files' problems
            problems.append(internal_problem(shown, err))
            continue
        problems += found
        if doc is not None:
            docs[shown] = doc
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


def _check_file(
    root: Path,
    path: Path,
    shown: str,
    store: CheckCache,
    validator: object,
    articles: dict[str, Article],
    day: dt.date,
) -> tuple[Annotation | None, list[Problem], Document | None]:
    """One note: from the cache when it and all it depends on are unchanged since a clean
    check, else read and checked in full. The document kept is its article and id only (the
    checks across notes need no more; its places are read again from the file if needed)."""
    article_dir = _article_dir(root, path)
    try:
        raw = path.read_bytes()
    except OSError:
        raw = None  # load_yaml says why
    data = store.get(shown, raw, article_dir) if raw is not None else None
    if data is not None:
        first = raw.split(b"\n", 1)[0].decode("utf-8", "replace")
        doc = Document(shown, data, None, first, path)
        annotation = rebuild(doc, articles[data["article"]])
        if annotation is not None:
            return annotation, [], _slim(doc)
    doc, problems = load_yaml(path, shown, raw)
    if doc is None:
        return None, problems, None
    annotation, found = check_document(doc, validator, articles, article_dir, day)
    if annotation is not None and raw is not None and not problems:
        store.put(shown, raw, article_dir, doc.data)
    return annotation, problems + found, _slim(doc)


def _slim(doc: Document) -> Document:
    data = doc.data
    if isinstance(data, dict):
        data = {k: data[k] for k in ("article", "id") if k in data}
    return Document(doc.path, data, None, doc.first_line, doc.file)


_CHECKED: dict[Path, Corpus] = {}


def hand_over(root: Path, corpus: Corpus) -> None:
    """Keep a corpus just checked for the build that follows, so it is not read twice."""
    _CHECKED[root.resolve()] = corpus


def take_checked(root: Path) -> Corpus | None:
    """The corpus handed over for this build, once; None when there is none (`mkdocs serve`
    and every rebuild read the files afresh)."""
    return _CHECKED.pop(root.resolve(), None)


def internal_problem(shown: str, err: Exception) -> Problem:
    """An unexpected error on one file, reported as a problem of that file, never a traceback."""
    message = f"marginalia could not check this file ({type(err).__name__}: {err})"
    hint = "this is a bug in marginalia: please open an issue with the file attached"
    return Problem(Location(shown), "internal", message, hint)


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
