"""The browser's version without running it each time: remembered per executable.

A `--cache` scan needs the browser's version (a new browser means a real scan of every
page), and asking `chromium --version` costs a process start (on Debian, a shell wrapper
and the browser itself) on every scan. The answer is remembered per executable: its path
with the mtime and size of the file found there (a package upgrade rewrites it), in this
process and, where the scan gives one (the --cache folder's manifest), on disk, so that a
warm re-scan starts no process at all. A changed file is asked again.
"""
from __future__ import annotations

import asyncio
import os
import re
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class ExecutableStamp:
    path: str
    mtime_ns: int
    size: int

    @classmethod
    def of(cls, path: str) -> ExecutableStamp | None:
        """The stamp of the file at path (through links), or None if it cannot be read."""
        try:
            st = os.stat(path)
        except OSError:
            return None
        return cls(str(path), st.st_mtime_ns, st.st_size)


class VersionMemo(Protocol):
    """Versions remembered across processes (the --cache folder: cache/store.py)."""

    def recall(self, stamp: ExecutableStamp) -> str | None: ...

    def remember(self, stamp: ExecutableStamp, version: str) -> None: ...


_KNOWN: dict[ExecutableStamp, str] = {}  # this process's answers


def known(stamp: ExecutableStamp | None, memo: VersionMemo | None) -> str | None:
    if stamp is None:
        return None  # no file to stamp: ask every time
    version = _KNOWN.get(stamp) or (memo.recall(stamp) if memo is not None else None)
    if version:
        _KNOWN[stamp] = version
    return version


def keep(stamp: ExecutableStamp | None, memo: VersionMemo | None, version: str) -> None:
    if stamp is None:
        return
    _KNOWN[stamp] = version
    if memo is not None:
        memo.remember(stamp, version)


async def ask(executable: str) -> str | None:
    """The executable's own answer to --version (e.g. 120.0.6099.71), or None if it gives none."""
    try:
        proc = await asyncio.create_subprocess_exec(
            executable, "--version", stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL)
        async with asyncio.timeout(30):
            out, _ = await proc.communicate()
    except (OSError, TimeoutError):
        return None
    found = re.search(r"\b(\d+(?:\.\d+){1,3})\b", out.decode("utf-8", "replace"))
    return found.group(1) if proc.returncode == 0 and found else None
