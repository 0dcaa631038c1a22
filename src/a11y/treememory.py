"""The memory a process and its descendants hold: the scan's own footprint, read from /proc.

The scan is several processes: Python, Playwright's driver, Chromium and its renderers. Their
proportional set size (PSS) counts a page shared between processes once, split between them,
so the sum is what the scan takes from the machine. Linux only; elsewhere None.
"""
from __future__ import annotations

import os


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


def tree_pss(root: int | None = None) -> int | None:
    """The PSS of root (default: this process) and its descendants, in bytes; None where
    /proc does not tell (not Linux, or a kernel without the lists of children)."""
    root = os.getpid() if root is None else root
    if not os.path.exists(f"/proc/{root}/smaps_rollup") or not os.path.exists(f"/proc/{root}/task/{root}/children"):
        return None
    return sum(pss_bytes(pid) for pid in descendants(root))
