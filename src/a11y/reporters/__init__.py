"""Reporters: one module per format behind one small interface.

A reporter turns saved Results into files in an output folder. Each module
registers itself by name with @register; `get(name)` finds it, `available()`
lists them. Reporters never touch the browser.
"""
from __future__ import annotations

import importlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from ..models import Results

_REGISTRY: dict[str, type[Reporter]] = {}
_UMASK = os.umask(0o022)
os.umask(_UMASK)

# Modules imported on first use so that `a11y --help` stays fast.
_MODULES = ("json_reporter", "html", "markdown", "junit", "sarif", "csv_reporter", "openacr", "earl")


class Reporter:
    name: str = ""
    filenames: tuple[str, ...] = ()  # what render() writes, relative to out_dir

    def render(self, results: Results, out_dir: Path) -> list[Path]:
        raise NotImplementedError


def register(cls: type[Reporter]) -> type[Reporter]:
    _REGISTRY[cls.name] = cls
    return cls


def _load_all() -> None:
    for mod in _MODULES:
        try:
            importlib.import_module(f"{__name__}.{mod}")
        except ModuleNotFoundError as e:
            if e.name != f"{__name__}.{mod}":
                raise


def available() -> list[str]:
    _load_all()
    return sorted(_REGISTRY)


def get(name: str) -> Reporter:
    _load_all()
    try:
        return _REGISTRY[name]()
    except KeyError:
        raise KeyError(f"unknown format {name!r} (choose from {', '.join(sorted(_REGISTRY))})") from None


def write_atomic(path: Path, text: str | Callable[[TextIO], None]) -> Path:
    """Write via a temporary file and rename, so a reader never sees half a report. `text`: the
    report, or a function that writes it to the file it is given (a large report need not be
    held whole in memory)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; reports are ordinary files
        with os.fdopen(fd, "w", encoding="utf-8", newline="", buffering=1 << 16) as fh:
            if callable(text):
                text(fh)
            else:
                fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return path
