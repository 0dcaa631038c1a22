"""The coordinator's journal in --out: every record that came back, so a restart resumes.

results.json (written as pages finish, output.PartialResultsWriter) holds the pages but
not the links found on them, which discovery needs to go on; the journal holds the
records as the workers sent them, one JSON line each, after a header naming the scan's
settings. A coordinator started again with the same --out replays them through the same
decisions (claims, de-duplication, links) instead of sending those pages out again. A
scan that ends complete removes it; one from other settings (or that cannot be read) is
renamed aside, queue-journal.<when it was last written>.jsonl, with a warning naming it.
"""
from __future__ import annotations

import contextlib
import itertools
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import __version__

FILE_NAME = "queue-journal.jsonl"
FORMAT = 1


class Journal:
    def __init__(self, out_dir: Path, scan_digest: str, warn: Callable[[str], None]):
        self.path = Path(out_dir) / FILE_NAME
        self.header = {"journal": FORMAT, "a11y": __version__, "scan": scan_digest}
        self.warn = warn
        self.records: dict[str, dict[str, Any]] = {}  # job URL -> the record a worker sent
        self._file = None

    def open(self) -> int:
        """Read what an earlier run left (the number of records resumed) and open for appending."""
        lines = self._read()
        if lines is not None:
            if lines and lines[0] == self.header:
                for entry in lines[1:]:
                    if isinstance(entry, dict) and isinstance(entry.get("url"), str) and "record" in entry:
                        self.records[entry["url"]] = entry["record"]
            elif lines:
                self._set_aside("is from a scan with other settings or another a11y version")
        # Written again whole (a line the last run left half written must not run into the next
        # one), in a new file that replaces the old at once: a kill meanwhile loses nothing.
        fresh = self.path.with_name(self.path.name + ".new")
        lines = [self.header, *({"url": url, "record": record} for url, record in self.records.items())]
        fresh.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
        os.replace(fresh, self.path)
        self._file = open(self.path, "a", encoding="utf-8")  # noqa: SIM115 - kept open until close()
        return len(self.records)

    def _read(self) -> list | None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as e:
            self._set_aside(f"cannot be read ({getattr(e, 'strerror', None) or e})")
            return []
        lines = []
        for line in text.splitlines():
            try:
                lines.append(json.loads(line))
            except json.JSONDecodeError:
                break  # the last line of a coordinator killed while writing it
        return lines

    def _set_aside(self, why: str) -> None:
        """Rename the journal out of the way (named for when it was last written), so that the
        earlier scan's progress is kept for a run with its settings; say where it went."""
        try:
            aside = self._aside_name()
            os.rename(self.path, aside)
        except OSError as e:
            self.warn(f"{self.path} {why}, and could not be set aside ({e.strerror or e}): starting afresh, "
                      "and its records are lost")
            return
        self.warn(f"{self.path} {why}: starting afresh; it was set aside as {aside.name} (to resume that scan, "
                  f"rename it back to {FILE_NAME} and run it with its own settings)")

    def _aside_name(self) -> Path:
        """queue-journal.<when last written, UTC>.jsonl, with -2, -3... if that name is taken."""
        written = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(self.path.stat().st_mtime))
        stem, suffix = self.path.name.split(".", 1)
        names = (f"{stem}.{written}{'' if n == 1 else f'-{n}'}.{suffix}" for n in itertools.count(1))
        return next(aside for aside in map(self.path.with_name, names) if not aside.exists())

    def replay(self, url: str) -> dict[str, Any] | None:
        return self.records.pop(url, None)

    def add(self, url: str, record: dict[str, Any]) -> None:
        self._write({"url": url, "record": record})

    def _write(self, entry: dict) -> None:
        self._file.write(json.dumps(entry) + "\n")
        self._file.flush()  # in the OS's hands: a coordinator killed next loses nothing

    def close(self, complete: bool) -> None:
        """Close it; a complete scan's journal is removed (a new scan with this --out starts afresh)."""
        if self._file is not None:
            self._file.close()
            self._file = None
        if complete:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()
