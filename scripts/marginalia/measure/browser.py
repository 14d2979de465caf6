"""The system Chromium (Debian's package), as the browser tests, the benchmark and the audit
start it: headless, no sandbox, and no background requests to any other host."""

from __future__ import annotations

import os
import shutil

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
    "--no-first-run",
]


def chromium_path() -> str | None:
    """CHROMIUM if set, else chromium on PATH; None when there is none."""
    return (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )
