"""A process and its descendants, read from /proc: who they are, and the CPU they used.

Chromium's processes are killed, not waited for, so getrusage over a scan's children misses
them; summing /proc/<pid>/stat over the tree while the scan runs does not. CPU seconds are
the steadier measure on a machine whose speed drifts: other work on it stretches wall time
far more than it changes the CPU a scan needs.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from a11y.treememory import descendants as tree  # noqa: E402 - root and every process under it

TICKS = os.sysconf("SC_CLK_TCK")


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


def kind(pid: int) -> str:
    """Which part of the scan a process is: python, driver, browser, gpu, renderer, other
    (Chromium's utility processes, zygotes, tesseract)."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            args = f.read().replace(b"\0", b" ").split()  # Chromium's children rewrite theirs as one string
    except OSError:
        return "other"
    if not args:  # a zombie, or a process between exec and its first instruction
        return "other"
    program = os.path.basename(args[0]).decode(errors="replace")
    flags = b" ".join(args[1:])
    if program.startswith("python"):
        return "python"
    if program == "node":
        return "driver"
    if program.startswith("chrom"):
        if b"--type=renderer" in flags:
            return "renderer"
        if b"--type=gpu-process" in flags:
            return "gpu"
        return "other" if b"--type=" in flags else "browser"
    return "other"


def tree_cpu_by_kind(root: int) -> dict[str, float]:
    """tree_cpu_seconds, split by kind() of process."""
    by: dict[str, float] = {}
    for pid in tree(root):
        used = cpu_seconds(pid, reaped=True)
        if used is not None:
            part = kind(pid)
            by[part] = by.get(part, 0.0) + used
    return by


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
