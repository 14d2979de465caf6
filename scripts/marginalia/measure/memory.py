"""The memory of a process and its children together, as the machine sees it.

The kernel keeps each process's high-water mark, and `getrusage` the largest of the children's
marks, never their sum: the check's worker processes run at once, beside the process that
started them, so their memory adds up. This samples the resident memory of the whole tree of
processes in a thread, and keeps the largest sum seen.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _parents() -> dict[int, int]:
    """Each running process's parent, from /proc."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:  # ended meanwhile
                continue
            found[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    return found


def _resident(pid: int) -> int:
    try:
        return int((Path("/proc") / str(pid) / "statm").read_text().split()[1]) * _PAGE
    except (OSError, IndexError, ValueError):
        return 0


def tree_bytes(root: int) -> int:
    """The resident memory of `root` and every process below it, now."""
    children: dict[int, list[int]] = {}
    for pid, parent in _parents().items():
        children.setdefault(parent, []).append(pid)
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += _resident(pid)
        todo += children.get(pid, [])
    return total


class TreePeak:
    """The largest resident memory of this process and its descendants together, sampled every
    `every` seconds while the `with` block runs (a spike shorter than that can be missed, so
    callers take the larger of this and the kernel's own marks)."""

    def __init__(self, every: float = 0.1) -> None:
        self.every = every
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreePeak:
        if Path("/proc/self/statm").exists():
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    @property
    def mib(self) -> float:
        return self.peak / 2**20

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_bytes(me))
            self._stop.wait(self.every)
