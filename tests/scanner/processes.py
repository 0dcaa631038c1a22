"""The processes started under this test process (Playwright's driver, Chromium and its
children), read from /proc."""
from __future__ import annotations

import os
from pathlib import Path

from a11y.treememory import descendants as process_tree


def descendants(root: int | None = None) -> list[tuple[int, bytes]]:
    """(pid, command line) of every process under root (this one by default), parents first;
    processes that end while they are read are left out."""
    found = []
    for pid in process_tree(os.getpid() if root is None else root)[1:]:  # the root comes first
        try:
            found.append((pid, (Path("/proc") / str(pid) / "cmdline").read_bytes()))
        except OSError:
            continue
    return found
