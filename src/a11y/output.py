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
WRITE_INTERVAL = 1.0  # least seconds between rewrites of the partial results.json
# Each rewrite costs time proportional to the pages so far, and it holds up the event
# loop the browser work runs on: space them out so that writing stays under ~5%.
WRITE_SHARE = 0.05


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
    """Rewrites results.json (marked incomplete) as pages finish: at most once a second,
    and less often as the results grow (see WRITE_SHARE)."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self._next = 0.0

    def page_done(self, page: Page, results: Results) -> None:
        if time.monotonic() >= self._next:
            self.flush(results)

    def flush(self, results: Results) -> None:
        started = time.monotonic()
        finalise(results)
        reporters.get("json").render(results, self.out_dir)
        took = time.monotonic() - started
        self._next = started + max(WRITE_INTERVAL, took / WRITE_SHARE)


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
