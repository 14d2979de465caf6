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


def index_search(site: Path) -> str | None:
    """Pagefind's index of a built site, in site/pagefind/: every page whose content carries
    `data-pagefind-body` (overrides/main.html), split into small files that a reader fetches
    only when searching. Returns Pagefind's error, or None."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--silent",
               "--exclude-selectors", SEARCH_EXCLUDE, "--force-language", "en"]  # fmt: skip
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=900)
    except (OSError, subprocess.TimeoutExpired) as err:
        return f"Pagefind did not run: {err}"
    if result.returncode != 0 or not (site / SEARCH_FOLDER / "pagefind.js").is_file():
        lines = [ln for ln in (result.stdout + result.stderr).splitlines() if ln.strip()]
        return "Pagefind failed: " + (lines[-1] if lines else f"exit status {result.returncode}")
    return None
