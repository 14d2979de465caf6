"""What `check` found clean last time, kept so that an unchanged note is not parsed and checked
again: the note's data, under a key made of everything its per-file check depends on.

A note's own check (YAML, schema, dates, anchoring, quotations, figures, wording) depends only
on its bytes, its folder, the article it names, the set of article slugs, today's date, the
schema and the code of `marginalia.data`. All of these go into the key, so a changed input is
a miss, never a stale answer. Only notes with no problems are kept: a note with a problem is
read afresh each time, so its messages are always today's. Checks across notes (duplicate ids,
coverage, the review warnings) always run on the whole corpus.

The cache lives in `.cache/marginalia/` under the project (ignored by git), written atomically;
a folder that cannot be written, or MARGINALIA_CACHE=off, means no cache and the same results.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import marshal
import os
import sys
from pathlib import Path

from marginalia.data.model import Article

FILE = Path(".cache") / "marginalia" / "check.marshal"
_CODE = Path(__file__).resolve().parent


def enabled() -> bool:
    return os.environ.get("MARGINALIA_CACHE", "on").lower() not in ("off", "0", "no")


def _digest(*parts: bytes) -> bytes:
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.digest()


def code_fingerprint(schema: Path) -> bytes:
    """The code and data that decide a note's check: this package's modules, the taxonomy,
    the schema file and the Python version (marshal's format is Python's own)."""
    files = sorted(_CODE.glob("*.py")) + sorted(_CODE.glob("*.yml"))
    parts = [sys.version.encode()]
    for path in [*files, schema]:
        try:
            parts.append(path.read_bytes())
        except OSError:
            parts.append(b"missing:" + str(path).encode())
    return _digest(*parts)


def file_key(
    article_keys: dict[str, bytes], raw: bytes, article_dir: str | None, slug: object
) -> bytes:
    """The key of one file: its bytes, its folder, and the article it names."""
    article = article_keys.get(slug, b"") if isinstance(slug, str) else b""
    return _digest(raw, (article_dir or "").encode(), article)


class CheckCache:
    """Clean notes' data by file, valid for one set of articles, one day and one code."""

    def __init__(self, root: Path, articles: dict[str, Article], schema: Path, day: dt.date):
        self.path = root / FILE
        self.context = _digest(
            code_fingerprint(schema), day.isoformat().encode(), "\0".join(sorted(articles)).encode()
        )
        self.article_keys = {slug: _digest(repr(a).encode()) for slug, a in articles.items()}
        self.old: dict[str, tuple[bytes, object]] = self._read()
        self.new: dict[str, tuple[bytes, object]] = {}
        self.hits = 0
        self.stored = 0

    def _read(self) -> dict:
        if not enabled():
            return {}
        try:
            with self.path.open("rb") as f:
                stored = marshal.load(f)
        except (OSError, EOFError, ValueError, TypeError):
            return {}
        if not isinstance(stored, dict) or stored.get("context") != self.context:
            return {}
        entries = stored.get("entries")
        return entries if isinstance(entries, dict) else {}

    def holds(self, shown: str) -> bool:
        """Whether an entry for this file was kept: if not, there is no need to read it here."""
        return shown in self.old

    def get(self, shown: str, raw: bytes, article_dir: str | None) -> object | None:
        """The data stored for this file if the file, and what its check depends on, are
        unchanged; None otherwise."""
        entry = self.old.get(shown)
        if entry is None or not isinstance(entry, tuple) or len(entry) != 2:
            return None
        key, data = entry
        if not isinstance(data, dict):
            return None
        if key != file_key(self.article_keys, raw, article_dir, data.get("article")):
            return None
        self.hits += 1
        self.new[shown] = entry
        return data

    def put(self, shown: str, key: bytes, data: dict) -> None:
        """Keep a clean note's data under its key (from `file_key`), when the cache is on: with
        it off, the data of every note would be held to the end for nothing."""
        if enabled():
            self.new[shown] = (key, data)
            self.stored += 1

    def save(self, *, keep_others: bool) -> None:
        """Write the entries of this run (and, after a check of named files only, the other
        files' entries too) in one atomic step. A folder we cannot write is no error."""
        if not enabled():
            return
        if not self.stored and (keep_others or self.hits == len(self.old)):
            return  # nothing new and nothing gone: the file on disk is right
        entries = {**self.old, **self.new} if keep_others else self.new
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            (self.path.parent / ".gitignore").write_text("*\n", encoding="utf-8")
            temp = self.path.with_suffix(f".{os.getpid()}.tmp")
            with temp.open("wb") as f:
                marshal.dump({"context": self.context, "entries": entries}, f)
            os.replace(temp, self.path)
        except (OSError, ValueError):
            pass
