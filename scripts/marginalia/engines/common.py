"""What every engine's build shares: where a note can be edited, the time that makes two
builds of one commit identical, the search index, and the swap that puts a finished site in
place."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping
from html import escape
from pathlib import Path


def commit_time(root: Path) -> str:
    """The time of the last commit, so that two builds of one commit are byte-identical
    (MkDocs dates the sitemap with SOURCE_DATE_EPOCH); empty outside a git checkout."""
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%ct"],
            capture_output=True, text=True, timeout=10, check=False,
        )  # fmt: skip
    except OSError:
        return ""
    return result.stdout.strip() if result.returncode == 0 else ""


def edit_base(root: Path) -> str | None:
    """Where a note's file can be edited on the web: MARGINALIA_EDIT_URL, else the GitHub
    repository that GitHub Actions names, else the checkout's GitHub remote; None if unknown."""
    if configured := os.environ.get("MARGINALIA_EDIT_URL"):
        return configured.rstrip("/") + "/"
    branch = os.environ.get("GITHUB_REF_NAME") or "main"
    if repository := os.environ.get("GITHUB_REPOSITORY"):
        server = os.environ.get("GITHUB_SERVER_URL", "https://github.com")
        return f"{server}/{repository}/edit/{branch}/"
    try:
        command = ["git", "-C", str(root), "remote", "get-url", "origin"]
        result = subprocess.run(command, capture_output=True, text=True, timeout=10, check=False)
    except OSError:
        return None
    match = re.fullmatch(r"(?:git@github\.com:|https://github\.com/)([\w.-]+/[\w.-]+?)(?:\.git)?/?",
                         result.stdout.strip())  # fmt: skip
    return f"https://github.com/{match.group(1)}/edit/{branch}/" if match else None


def swap(staging: Path, target: Path) -> None:
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=".site-old-", dir=target.parent))
        target.rename(old / "site")
    staging.rename(target)
    if old:
        shutil.rmtree(old, ignore_errors=True)


SEARCH_FOLDER = "pagefind"
# what search leaves out, as Material's search did: the notes' cards on the article page (the
# full notes are found on the notes page), words for screen readers only
SEARCH_EXCLUDE = "[data-search-exclude], .headerlink"  # and the headings' ¶ permalinks
# Pagefind holds an index whole in memory while it builds it, about half a kilobyte for every
# word indexed: some 250 MiB for a thousand notes. The notes are therefore indexed in shards
# of whole articles, a thousand notes at most (an article with more has a shard of its own),
# each its own Pagefind index that a page merges into the pages' index when a search starts.
SHARD_NOTES = 1000
# Up to this many shards, every page searches every note; a larger library searches the notes
# of the article a page belongs to (and every page's own words, everywhere), so that what a
# reader downloads to search does not grow with the library.
MERGE_ALL = 4
_ARTICLE_PAGE = re.compile(r"articles/([^/.]+)")  # articles/<slug>.md and articles/<slug>/…


def search_shards(counts: Iterable[tuple[str, int]], size: int | None = None) -> dict[str, str]:
    """The search shard of each article, from (article, number of notes) in the site's order:
    consecutive articles together, at most `size` notes a shard (default `SHARD_NOTES`)
    unless one article has more. An article with no notes has none: every shard named holds
    notes, so every index a page merges exists."""
    size = size or SHARD_NOTES
    shards: dict[str, str] = {}
    number, held = 0, 0
    for slug, count in counts:
        if not count:
            continue
        if not number or held + count > size:
            number, held = number + 1, 0
        shards[slug] = f"notes-{number}"
        held += count
    return shards


def shard_names(shards: Mapping[str, str]) -> list[str]:
    """Every shard's name, in their order (notes-1, notes-2, …)."""
    return sorted(set(shards.values()), key=lambda n: int(n.rpartition("-")[2]))


def shards_to_search(
    src_uri: str, shards: Mapping[str, str], names: list[str] | None = None
) -> list[str]:
    """The shards that a page's search merges: all of them for a small library, else the
    shard of the page's article (none on a page of no article). `names`: `shard_names` of
    `shards`, when the caller has them already (a build asks once for every page)."""
    names = shard_names(shards) if names is None else names
    if len(names) <= MERGE_ALL:
        return names
    match = _ARTICLE_PAGE.match(src_uri)
    return [shards[match.group(1)]] if match and match.group(1) in shards else []


def write_note_records(folder: Path, records: Iterable[dict], shards: Mapping[str, str]) -> None:
    """The notes' search records as small pages in `folder`, one subfolder for each shard
    (`search_shards`), for `index_search`: a notes page is searched note by note, so that a
    search fetches the notes it found and not a page of every note. A record's result leads
    to its note (its `target`), not to the small page, which is gone once indexed. (Pagefind's
    Python API adds records one by one, a tenth of a second each.)"""
    for number, record in enumerate(records):  # numbered across shards: a result's address
        stub = folder / shards[record["slug"]] / f"{number}.html"
        stub.parent.mkdir(parents=True, exist_ok=True)
        meta = record["meta"]
        stub.write_text(
            '<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f"<title>{escape(meta['title'])}</title></head><body data-pagefind-body>"
            f'<h1 data-pagefind-meta="title">{escape(meta["title"])}</h1>'
            f'<span data-pagefind-meta="target:{escape(record["url"])}"></span>'
            f'<span data-pagefind-meta="article:{escape(meta["article"])}"></span>'
            f"<p>{escape(record['content'])}</p></body></html>",
            encoding="utf-8",
        )


def index_search(
    site: Path, pages: Iterable[str] | None = None, notes: Path | None = None
) -> str | None:
    """Pagefind's index of a built site, in site/pagefind/, split into small files that a
    reader fetches only when searching. Returns Pagefind's error, or None.

    - The pages' index: `pages` (paths in the site of the pages whose content carries
      `data-pagefind-body`, overrides/main.html; default: Pagefind reads the whole site).
      Pagefind reads every page it is given whole, and a library's notes pages are large, so
      it is given those pages alone, linked into a folder of their own.
    - The notes: one index for each shard folder of `notes` (`write_note_records`), in
      site/pagefind/<shard>/."""
    shutil.rmtree(site / SEARCH_FOLDER, ignore_errors=True)  # Pagefind adds to what it finds
    with tempfile.TemporaryDirectory(prefix=".site-search-", dir=site.parent) as tmp:
        read = site
        if pages is not None:
            read = Path(tmp) / "pages"
            for page in pages:
                (read / page).parent.mkdir(parents=True, exist_ok=True)
                _link(site / page, read / page)
        if error := _pagefind(read, site / SEARCH_FOLDER):
            return error
    shards = sorted(p.name for p in notes.iterdir()) if notes and notes.is_dir() else []
    for shard in shards:
        out = site / SEARCH_FOLDER / shard
        if error := _pagefind(notes / shard, out):
            return error
        for extra in out.iterdir():  # the pages' index brings the code and WebAssembly
            if extra.is_file() and not extra.name.endswith((".json", ".pf_meta")):
                extra.unlink()
    return None


def _link(source: Path, link: Path) -> None:
    try:
        os.link(source, link)
    except OSError:  # a file system without hard links
        shutil.copyfile(source, link)


def _pagefind(site: Path, out: Path) -> str | None:
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path",
               str(out), "--silent", "--exclude-selectors", SEARCH_EXCLUDE,
               "--force-language", "en"]  # fmt: skip
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=1800)
    except (OSError, subprocess.TimeoutExpired) as err:
        return f"Pagefind did not run: {err}"
    if result.returncode != 0 or not (out / "pagefind-entry.json").is_file():
        lines = [ln for ln in (result.stdout + result.stderr).splitlines() if ln.strip()]
        return "Pagefind failed: " + (lines[-1] if lines else f"exit status {result.returncode}")
    return None
