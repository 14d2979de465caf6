"""What every engine's build shares: where a note can be edited, the time that makes two
builds of one commit identical, and the swap that puts a finished site in place."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
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
