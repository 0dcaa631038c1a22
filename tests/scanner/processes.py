"""The processes started under this test process (Playwright's driver, Chromium and its
children), read from /proc."""
from __future__ import annotations

import os
from pathlib import Path


def descendants(root: int | None = None) -> list[tuple[int, bytes]]:
    """(pid, command line) of every process under root (this one by default), parents first;
    processes that end while they are read are left out."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [os.getpid() if root is None else root]
    while todo:
        for child in children.get(todo.pop(0), []):
            try:
                found.append((child, (Path("/proc") / str(child) / "cmdline").read_bytes()))
            except OSError:
                continue
            todo.append(child)
    return found
