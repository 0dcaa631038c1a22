"""Where reports go, and writing them: results.json as pages finish, the rest at the end."""
from __future__ import annotations

import os
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from . import reporters
from .models import Page, Results, finalise

DEFAULT_ROOT = Path("reports")
WRITE_INTERVAL = 1.0  # seconds between rewrites of the partial results.json


def default_out_dir(label: str) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    safe = "".join(c if c.isalnum() or c in "-._" else "-" for c in label) or "scan"
    return DEFAULT_ROOT / f"{safe}-{stamp}"


def usable_out_dir(requested: Path) -> tuple[Path, str | None]:
    """The folder to write to, and a warning if we had to fall back from the requested one."""
    try:
        requested.mkdir(parents=True, exist_ok=True)
        probe = requested / ".a11y-write-test"
        probe.write_text("")
        probe.unlink()
        return requested, None
    except OSError as e:
        fallback = Path(tempfile.mkdtemp(prefix="a11y-reports-"))
        return fallback, (f"cannot write to {requested} ({e.strerror or e}); "
                          f"writing the reports to {fallback} instead")


class PartialResultsWriter:
    """Rewrites results.json (marked incomplete) as pages finish, at most once a second."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self._last = 0.0

    def page_done(self, page: Page, results: Results) -> None:
        if time.monotonic() - self._last >= WRITE_INTERVAL:
            self.flush(results)

    def flush(self, results: Results) -> None:
        self._last = time.monotonic()
        finalise(results)
        reporters.get("json").render(results, self.out_dir)


def write_reports(results: Results, out_dir: Path, formats: list[str]) -> tuple[list[Path], list[str]]:
    """Write each format; one failing reporter does not stop the others."""
    written, errors = [], []
    # results.json first: everything else can be rendered again from it.
    ordered = sorted(set(formats), key=lambda f: (f != "json", formats.index(f)))
    for name in ordered:
        try:
            written.extend(reporters.get(name).render(results, out_dir))
        except Exception as e:  # noqa: BLE001 - report the failure and go on
            errors.append(f"{name}: {e}")
    return written, errors


def relpath(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)
