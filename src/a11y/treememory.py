"""The memory a process and its descendants hold: the scan's own footprint, read from /proc.

The scan is several processes: Python, Playwright's driver, Chromium and its renderers. Their
proportional set size (PSS) counts a page shared between processes once, split between them,
so the sum is what the scan takes from the machine. Linux only; elsewhere None.

Reading PSS is dear: the kernel walks each process's page tables (smaps_rollup), 3 ms to
over 50 ms a process for Chromium's, whose address spaces are huge; the scan's memory budget
(sizegate.py) read it before nearly every audit, 4.6 s of Python's CPU over 102 small pages.
TreeMemory reads the private part instead (anonymous and shared-memory pages, from
/proc/PID/status, about 0.05 ms a process), which is what pages and audits add to, and takes
the rest (each process's share of the files it maps: Chromium's binary and libraries) from a
full PSS reading now and then. That rest was 100-230 MB on small pages and fell to under 10 MB
when Chromium's shared memory swelled (shared-memory pages count in each process that maps
them), so the cheap reading can be off by about 170 MB either way: near its budget the gate
asks for the exact one (TreeMemory.exact). Finding the processes is dear too (the kernel's
lists of children are per thread, and Chromium's processes have dozens: 6.5 ms a walk, 2 s of
Python's CPU over 102 small pages), so a cheap reading keeps the list it has for a second: a
process born meanwhile counts from the next walk.
"""
from __future__ import annotations

import os
import time
from collections.abc import Callable


def descendants(root: int) -> list[int]:
    """root and every process under it, through the kernel's lists of children."""
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue  # gone meanwhile
        for task in tasks:
            try:
                with open(f"/proc/{pid}/task/{task}/children") as f:
                    todo.extend(int(child) for child in f.read().split())
            except (OSError, ValueError):
                continue
    return found


def pss_bytes(pid: int) -> int:
    """One process's PSS; 0 once it is gone."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def private_bytes(pid: int) -> int:
    """One process's resident anonymous and shared-memory pages (RssAnon + RssShmem); 0 once
    it is gone. Pages shared after a fork count in each process: more than PSS, never less."""
    total = 0
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(("RssAnon:", "RssShmem:")):
                    total += int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return 0
    return total


def _readable(root: int) -> bool:
    return os.path.exists(f"/proc/{root}/smaps_rollup") and os.path.exists(f"/proc/{root}/task/{root}/children")


class TreeMemory:
    """What root (default: this process) and its descendants hold, as tree_pss says, read
    cheaply: the private pages every time, plus the files' share from the last full PSS
    reading, which is taken again every `refresh` seconds. None where /proc does not tell."""

    def __init__(self, root: int | None = None, refresh: float = 30.0, fresh: float = 1.0,
                 clock: Callable[[], float] = time.monotonic):
        self.root = os.getpid() if root is None else root
        self.refresh, self.fresh, self.clock = refresh, fresh, clock
        self._files: int | None = None  # PSS less the private pages, at the last full reading
        self._read_at = 0.0
        self._pids: list[int] = []  # the tree's processes, as last found, and when
        self._found_at: float | None = None
        self.full_readings = 0  # tests

    def __call__(self) -> int | None:
        return self._read(full=self._older_than(self.refresh))

    def exact(self) -> int | None:
        """tree_pss itself (the files' share taken again from it): for decisions near a line.
        Within `fresh` seconds of the last full reading, the cheap one is as good (the files'
        share moves slowly) and costs a hundredth: near the budget the gate asks for an exact
        reading before nearly every audit."""
        return self._read(full=self._older_than(self.fresh))

    def _older_than(self, seconds: float) -> bool:
        """Whether the last full reading (if any) was taken `seconds` ago or more."""
        return self._files is None or self.clock() - self._read_at >= seconds

    def _read(self, full: bool) -> int | None:
        if not _readable(self.root):
            return None
        pids = self._processes(again=full)
        private = sum(private_bytes(pid) for pid in pids)
        if not full:
            return private + self._files
        pss = sum(pss_bytes(pid) for pid in pids)
        self._files, self._read_at = max(0, pss - private), self.clock()
        self.full_readings += 1
        return pss


    def _processes(self, again: bool) -> list[int]:
        """The tree's processes: found again when `again` or when the list is `fresh` seconds old."""
        now = self.clock()
        if again or self._found_at is None or now - self._found_at >= self.fresh:
            self._pids, self._found_at = descendants(self.root), now
        return self._pids


def tree_pss(root: int | None = None) -> int | None:
    """The PSS of root (default: this process) and its descendants, in bytes; None where
    /proc does not tell (not Linux, or a kernel without the lists of children)."""
    root = os.getpid() if root is None else root
    if not _readable(root):
        return None
    return sum(pss_bytes(pid) for pid in descendants(root))
