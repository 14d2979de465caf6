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
STUBS = "_marginalia_search"  # the notes' search pages, while Pagefind reads them
# what search leaves out, as Material's search did: the notes' cards on the article page (the
# full notes are found on the notes page), words for screen readers only
SEARCH_EXCLUDE = "[data-search-exclude], .headerlink"  # and the headings' ¶ permalinks


def index_search(site: Path, records: list[dict] = ()) -> str | None:
    """Pagefind's index of a built site, in site/pagefind/: every page whose content carries
    `data-pagefind-body` (overrides/main.html), and `records` (one for each note: a notes page
    is searched note by note, so that a search fetches the notes it found and not a page of
    every note), split into small files that a reader fetches only when searching. Returns
    Pagefind's error, or None.

    Each record is indexed as a small page of its own, written for the moment into a folder
    of the site and removed once indexed; its result leads to the note (`target`), not there.
    (Pagefind's Python API adds records one by one, a tenth of a second each.)"""
    stubs = site / STUBS
    shutil.rmtree(stubs, ignore_errors=True)
    shutil.rmtree(site / SEARCH_FOLDER, ignore_errors=True)  # Pagefind adds to what it finds
    for number, record in enumerate(records):
        stub = stubs / f"{number}.html"
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
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--silent",
               "--exclude-selectors", SEARCH_EXCLUDE, "--force-language", "en"]  # fmt: skip
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=1800)
    except (OSError, subprocess.TimeoutExpired) as err:
        return f"Pagefind did not run: {err}"
    finally:
        shutil.rmtree(stubs, ignore_errors=True)
    if result.returncode != 0 or not (site / SEARCH_FOLDER / "pagefind.js").is_file():
        lines = [ln for ln in (result.stdout + result.stderr).splitlines() if ln.strip()]
        return "Pagefind failed: " + (lines[-1] if lines else f"exit status {result.returncode}")
    return None
