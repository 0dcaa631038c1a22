"""A process and its descendants, read from /proc: who they are, and the CPU they used.

Chromium's processes are killed, not waited for, so getrusage over a scan's children misses
them; summing /proc/<pid>/stat over the tree while the scan runs does not. CPU seconds are
the steadier measure on a machine whose speed drifts: other work on it stretches wall time
far more than it changes the CPU a scan needs.
"""
from __future__ import annotations

import os
import subprocess
import time

TICKS = os.sysconf("SC_CLK_TCK")


def tree(root: int) -> list[int]:
    """root and every process descended from it."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                # the command name may hold spaces and parentheses: fields follow the last ')'
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile
        children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def cpu_seconds(pid: int, reaped: bool = False) -> float | None:
    """User and system CPU of one process so far (None once it is gone); with reaped, also that
    of its children that have ended and been waited for (a tab's renderer, once closed)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return sum(int(x) for x in fields[11:15 if reaped else 13]) / TICKS
    except (OSError, IndexError, ValueError):
        return None


def tree_cpu_seconds(root: int) -> float:
    """CPU seconds used so far by root and every process under it, ended ones included (through
    their parent's count of ended children): the CPU of work done between two readings."""
    return sum(cpu_seconds(pid, reaped=True) or 0.0 for pid in tree(root))


def run_measured(cmd: list[str], every: float = 0.2, **popen) -> tuple[float, float, int]:
    """Run cmd to its end: (wall seconds, CPU seconds of its whole process tree, exit code).
    A process's CPU is its last reading, so one that lives less than `every` may be missed and
    one that dies loses at most `every` of its time."""
    started = time.monotonic()
    proc = subprocess.Popen(cmd, **popen)
    last: dict[int, float] = {}
    while proc.poll() is None:
        for pid in tree(proc.pid):
            used = cpu_seconds(pid)
            if used is not None:
                last[pid] = used
        time.sleep(every)
    return time.monotonic() - started, sum(last.values()), proc.returncode
