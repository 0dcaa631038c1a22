"""The cache folder: manifest.json (the format and its version, and the browser versions
known: browserversion.py) and pages/<hash of the URL>.json.

A folder that is not ours or of another format version is ignored for this scan with one
warning (its entries are never read), and its manifest is written afresh; an entry that
cannot be read is one page scanned again. We only ever write manifest.json and pages/ in
the folder, so a mistaken --cache . loses nothing.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import __version__

FORMAT = "a11y-page-cache"
# Bump when an entry's shape or meaning changes: older folders are then ignored, never misread.
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
PAGES = "pages"


class CacheError(Exception):
    """The cache folder cannot be used at all (cannot be created or written)."""


class EntryError(ValueError):
    """One entry that cannot be read: its page is scanned again."""


def entry_name(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:32] + ".json"


class CacheDir:
    def __init__(self, folder: Path, on_warning: Callable[[str], None]):
        self.folder = Path(folder)
        self.on_warning = on_warning
        self.readable = False  # whether entries already there may be read in this scan
        self._write_failed = False

    def open(self) -> None:
        """Check the manifest (warn and ignore the folder's contents if it is not ours), then
        make sure we can write here: CacheError if not."""
        why = self._unusable_manifest()
        if why:
            self.on_warning(f"--cache {self.folder}: {why}; ignoring what it holds and starting it afresh")
        self.readable = why is None
        try:
            (self.folder / PAGES).mkdir(parents=True, exist_ok=True)
            if why is not None or not (self.folder / MANIFEST).exists():
                _write_atomic(self.folder / MANIFEST, {"format": FORMAT, "version": FORMAT_VERSION,
                                                       "written_by": f"a11y {__version__}"})
            probe = self.folder / PAGES / ".write-test"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as e:
            raise CacheError(f"--cache {self.folder}: cannot write there ({e.strerror or e})") from None

    def _unusable_manifest(self) -> str | None:
        """None if the folder is a cache of this format version, or new; else why it is not usable."""
        path = self.folder / MANIFEST
        if not path.exists():
            if (self.folder / PAGES).is_dir():
                return "no manifest.json (not a cache this a11y wrote)"
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
            return f"its manifest.json cannot be read ({_short(e)})"
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return "its manifest.json is not an a11y page cache's"
        if data.get("version") != FORMAT_VERSION:
            return (f"it is cache format version {data.get('version')!r}, "
                    f"and this a11y reads version {FORMAT_VERSION}")
        return None

    def browser_version(self, stamp) -> str | None:
        """The version remembered for this executable (path, mtime and size), or None."""
        known = self._manifest().get("browsers", {})
        entry = known.get(stamp.path) if isinstance(known, dict) else None
        if isinstance(entry, dict) and [entry.get("mtime_ns"), entry.get("size")] == [stamp.mtime_ns, stamp.size]:
            version = entry.get("version")
            return version if isinstance(version, str) and version else None
        return None

    def remember_browser_version(self, stamp, version: str) -> None:
        """One entry per executable path, replaced when the file changes; a folder that cannot be
        written only costs asking again next time (its entries' writes say so)."""
        manifest = self._manifest()
        if manifest.get("format") != FORMAT or manifest.get("version") != FORMAT_VERSION:
            return  # not ours (yet): open() writes it
        known = manifest.get("browsers") if isinstance(manifest.get("browsers"), dict) else {}
        known[stamp.path] = {"mtime_ns": stamp.mtime_ns, "size": stamp.size, "version": version}
        try:
            _write_atomic(self.folder / MANIFEST, manifest | {"browsers": known})
        except OSError:
            pass

    def _manifest(self) -> dict[str, Any]:
        try:
            data = json.loads((self.folder / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            return {}
        return data if isinstance(data, dict) else {}

    def read(self, url: str) -> dict[str, Any] | None:
        """The entry stored for url; None if there is none. EntryError if it cannot be read."""
        if not self.readable:
            return None
        path = self.folder / PAGES / entry_name(url)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
            raise EntryError(f"{path.name} cannot be read ({_short(e)})") from None
        if not isinstance(data, dict) or data.get("format_version") != FORMAT_VERSION:
            raise EntryError(f"{path.name} is not an entry of cache format version {FORMAT_VERSION}")
        if data.get("url") != url:
            raise EntryError(f"{path.name} is for another address ({str(data.get('url'))[:100]})")
        return data

    def write(self, url: str, entry: dict[str, Any]) -> None:
        if self._write_failed:
            return
        try:
            record = {"format_version": FORMAT_VERSION, "url": url, **entry}
            _write_atomic(self.folder / PAGES / entry_name(url), record)
        except OSError as e:
            self._write_failed = True  # one warning, then the scan goes on without storing
            self.on_warning(f"--cache {self.folder}: cannot write an entry ({e.strerror or e}); "
                            "the rest of this scan is not stored")

    def forget(self, url: str) -> None:
        """Remove url's entry (the page, scanned again, can no longer be checked cheaply)."""
        try:
            (self.folder / PAGES / entry_name(url)).unlink(missing_ok=True)
        except OSError:
            pass


def _short(exc: BaseException) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"not valid JSON, line {exc.lineno}: {exc.msg}"
    return str(getattr(exc, "strerror", None) or exc).splitlines()[0][:120]


def _write_atomic(path: Path, data: dict[str, Any]) -> None:
    """Write to a temporary file beside path, then rename: a reader never sees half a file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
