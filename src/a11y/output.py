"""Where reports go, and writing them: results.json as pages finish, the rest at the end."""
from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from . import reporters
from .models import Page, Results, finalise

DEFAULT_ROOT = Path("reports")
WRITE_INTERVAL = 1.0  # least seconds between rewrites of the partial results.json
# Each rewrite costs time proportional to the pages so far, and it holds up the event
# loop the browser work runs on: space them out so that writing stays under ~5%.
WRITE_SHARE = 0.05
T = TypeVar("T")


def default_out_dir(label: str) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    safe = "".join(c if c.isalnum() or c in "-._" else "-" for c in label) or "scan"
    return DEFAULT_ROOT / f"{safe}-{stamp}"


class OutDirError(Exception):
    """An --out folder the user named that cannot be created or written (a usage error)."""


def _os_reason(e: OSError) -> str:
    return e.strerror or str(e)


def _check_writable(folder: Path) -> None:
    """Create `folder` if need be and write a file in it: OSError if either fails."""
    folder.mkdir(parents=True, exist_ok=True)
    probe = folder / ".a11y-write-test"
    probe.write_text("")
    probe.unlink()


def prepare_out_dir(requested: Path) -> Path:
    """The folder the user named, created and shown writable before any page is loaded;
    OutDirError naming the folder and the OS's reason if not (no fallback: reports the user
    asked for in one place must not turn up in another)."""
    try:
        requested.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutDirError(f"cannot create the report folder {requested}: {_os_reason(e)}") from None
    try:
        _check_writable(requested)
    except OSError as e:
        raise OutDirError(f"cannot write in the report folder {requested}: {_os_reason(e)}") from None
    return requested


def usable_out_dir(requested: Path) -> tuple[Path, str | None]:
    """The folder to write to, and a warning if we had to fall back from the requested one
    (for the default folder, which the user did not name)."""
    try:
        _check_writable(requested)
        return requested, None
    except OSError as e:
        fallback = _fallback_dir()
        return fallback, (f"cannot write to {requested} ({_os_reason(e)}); "
                          f"writing the reports to {fallback} instead")


def _fallback_dir() -> Path:
    return Path(tempfile.mkdtemp(prefix="a11y-reports-"))


class ReportFolder:
    """Where a scan's reports go. Writing there may start failing mid-scan (a full disk, the
    folder removed): the results are then written to a temporary folder instead, so that
    nothing is lost, and `moved` says so (the CLI makes that exit 3)."""

    def __init__(self, path: Path, fallback: bool = True, on_move: Callable[[str], None] | None = None):
        self.requested = self.path = Path(path)
        self.fallback = fallback
        self.on_move = on_move
        self.moved: str | None = None  # why the reports are not in `requested`

    def write(self, action: Callable[[Path], T]) -> T:
        """action(folder); once more in the fallback folder if the first try cannot write."""
        try:
            return action(self.path)
        except OSError as e:
            if not self.move(e):
                raise
        return action(self.path)

    def move(self, error: OSError) -> bool:
        """Go on in a temporary folder (once); False if this folder has no fallback."""
        if not self.fallback or self.moved is not None:
            return False
        self.path = _fallback_dir()
        self.moved = f"could not write to {self.requested} ({_os_reason(error)}): the reports are in {self.path}"
        if self.on_move:
            self.on_move(self.moved)
        return True

    def bring_pictures(self, results: Results) -> None:
        """After a move, copy the pictures of failing elements (--screenshots) taken in the folder
        asked for into this one, where the reports name them (relative paths): the reports in the
        fallback folder stand alone. A picture that cannot be copied is named by no report (and
        said, through on_move); those already here (taken after the move) stay."""
        if self.moved is None:
            return
        lost = []
        for page in results.pages:
            for result in page.violations + page.incomplete + page.suppressed:
                for node in result.nodes:
                    if not node.screenshot or (self.path / node.screenshot).is_file():
                        continue
                    try:
                        target = self.path / node.screenshot
                        target.parent.mkdir(parents=True, exist_ok=True)
                        shutil.copyfile(self.requested / node.screenshot, target)
                    except OSError as e:
                        lost.append(f"{node.screenshot} ({_os_reason(e)})")
                        node.screenshot = None
        if lost and self.on_move:
            self.on_move(f"{len(lost)} picture(s) of failing elements could not be copied from {self.requested} "
                         f"to {self.path}, so the reports show none for them: {lost[0]}")


class PartialResultsWriter:
    """Rewrites results.json (marked incomplete) as pages finish: at most once a second,
    and less often as the results grow (see WRITE_SHARE)."""

    def __init__(self, out: Path | ReportFolder):
        self.folder = out if isinstance(out, ReportFolder) else ReportFolder(out, fallback=False)
        self._next = 0.0

    def page_done(self, page: Page, results: Results) -> None:
        if time.monotonic() >= self._next:
            self.flush(results)

    def flush(self, results: Results) -> None:
        started = time.monotonic()
        finalise(results)
        self.folder.write(lambda folder: reporters.get("json").render(results, folder))
        took = time.monotonic() - started
        self._next = started + max(WRITE_INTERVAL, took / WRITE_SHARE)


def write_reports(results: Results, out: Path | ReportFolder,
                  formats: list[str]) -> tuple[list[Path], list[str]]:
    """Write each format; one failing reporter does not stop the others. A folder with a
    fallback that cannot be written moves there, and every format is written again there
    (the reports stay together)."""
    folder = out if isinstance(out, ReportFolder) else ReportFolder(out, fallback=False)
    # results.json first: everything else can be rendered again from it.
    ordered = sorted(set(formats), key=lambda f: (f != "json", formats.index(f)))
    folder.bring_pictures(results)  # moved mid-scan: the pictures taken before go along
    written, errors, unwritable = _render(results, folder.path, ordered)
    if unwritable is not None and folder.move(unwritable):
        folder.bring_pictures(results)
        written, errors, _ = _render(results, folder.path, ordered)
    return written, errors


def _render(results: Results, out_dir: Path, formats: list[str]) -> tuple[list[Path], list[str], OSError | None]:
    written, errors, unwritable = [], [], None
    for name in formats:
        try:
            written.extend(reporters.get(name).render(results, out_dir))
        except OSError as e:
            unwritable = unwritable or e
            errors.append(f"{name}: {e}")
        except Exception as e:  # noqa: BLE001 - report the failure and go on
            errors.append(f"{name}: {e}")
    return written, errors, unwritable


# --- what an earlier scan left in a reused --out ---------------------------------------

SCREENSHOTS = "screenshots"  # screenshots.FOLDER: pictures of failing elements (--screenshots)
LOGIN_PICTURE = "login-failure.png"  # the page when a sign-in step failed (--login)
_PICTURE = re.compile(r"^[0-9a-f]{16}\.png$")  # screenshots.py's names
ACR_FILES = ("acr.yaml", "acr.html", "acr.md")
_SCAN_DRAFT_ACR = "Draft generated from an automated scan"  # in a scan's acr.yaml, never in `a11y acr`'s


def report_names(formats) -> set[str]:
    """The files these formats write (relative to the report folder)."""
    return {name for f in formats for name in reporters.get(f).filenames}


def remove_stale_reports(out_dir: Path, formats: list[str], screenshots: bool) -> tuple[list[str], list[str]]:
    """Remove what an earlier scan wrote in out_dir that this one will not write again
    (a failing results.sarif left beside a passing summary.md would be read as this scan's).
    Only our own files: a report file whose content is recognisably ours (another tool's
    junit.xml or summary.md in the same folder is kept), and our pictures and the sign-in
    failure's picture when a report of ours shows an earlier scan wrote there (a picture
    cannot tell who made it); an ACR that `a11y acr` wrote there (with product details or
    manual results) is kept. Returns (what was removed, what could not be, with why); what
    this scan writes again is replaced, not listed."""
    removed, failed = [], []
    ours = report_names(reporters.available()) - report_names(formats) - {"results.json"}  # always written
    if not _is_scan_draft_acr(out_dir / "acr.yaml"):
        ours -= set(ACR_FILES)
    earlier = {name for name in report_names(reporters.available()) if is_our_report(out_dir / name)}
    pictures_too = bool(earlier)  # an earlier scan wrote here: the pictures are its
    for name in sorted(ours & earlier) + ([LOGIN_PICTURE] if pictures_too else []):
        try:
            if _remove_file(out_dir / name):
                removed.append(name)
        except OSError as e:
            failed.append(f"{name} ({_os_reason(e)})")
    try:
        pictures = _remove_pictures(out_dir / SCREENSHOTS) if pictures_too else 0
    except OSError as e:
        failed.append(f"{SCREENSHOTS}/ ({_os_reason(e)})")
        pictures = 0
    if pictures and not screenshots:
        removed.append(f"{SCREENSHOTS}/ ({pictures} picture{'s' * (pictures != 1)})")
    return removed, failed


# How each report of ours begins, and ends where that says more (the EARL report names its
# tool last), whatever a scan found: a file of the same name that another tool wrote (pytest's
# junit.xml, a CI step's summary.md, pytest-html's report.html) does not match, so it stays.
_HEAD, _TAIL = 65_536, 4_096
_DRAFT = re.escape(_SCAN_DRAFT_ACR)
_OURS: dict[str, tuple[re.Pattern[str] | None, re.Pattern[str] | None]] = {  # name -> (head, tail)
    "results.json": (re.compile(r'\A\{\s*"standard": "[^"]*",\s*"started": '), None),
    "findings.csv": (re.compile(r"\A\ufeff?result,page_url,rule,impact,"), None),
    "junit.xml": (re.compile(r'\A<\?xml[^>]*>\s*<testsuites name="a11y[ "]'), None),
    "summary.md": (re.compile(r"\A## Accessibility: .*\n\nStandard: "), None),
    "report.html": (re.compile(r'<meta name="generator" content="a11y[ "]'), None),
    "results.sarif": (re.compile(r'"driver": \{\s*"name": "a11y"'), None),
    "results.earl.json": (None, re.compile(r'"assertedBy": \{[^}]*"title": "a11y"')),
    "acr.yaml": (re.compile(rf"\A# [^\n]*\n# Written by a11y .*{_DRAFT}", re.S), None),
    "acr.html": (re.compile(_DRAFT), re.compile(r"Generated by a11y ")),
    "acr.md": (re.compile(_DRAFT), re.compile(r"Generated by a11y ")),
}


def is_our_report(path: Path) -> bool:
    """Whether the file at path is a report a11y wrote (by its name and how it begins or ends)."""
    head_sign, tail_sign = _OURS.get(path.name, (None, None))
    if head_sign is None and tail_sign is None:
        return False
    try:
        with path.open("rb") as f:
            head = f.read(_HEAD)
            f.seek(max(0, f.seek(0, os.SEEK_END) - _TAIL))
            tail = f.read()
    except OSError:  # none there (or not a file we can read: not one to remove either)
        return False
    return all(sign is None or sign.search(text.decode("utf-8", errors="replace"))
               for sign, text in ((head_sign, head), (tail_sign, tail)))


def _is_scan_draft_acr(path: Path) -> bool:
    try:
        return _SCAN_DRAFT_ACR in path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return True  # no acr.yaml: an acr.html or acr.md alone is a scan's leftover
    except OSError:
        return False


def _remove_file(path: Path) -> bool:
    if not path.is_file():
        return False
    path.unlink()
    return True


def _remove_pictures(folder: Path) -> int:
    """Remove our pictures from the screenshots folder (and the folder, if that empties it)."""
    if not folder.is_dir():
        return 0
    pictures = [p for p in folder.iterdir() if p.is_file() and _PICTURE.match(p.name)]
    for picture in pictures:
        picture.unlink()
    with contextlib.suppress(OSError):
        folder.rmdir()  # only when empty: anything else put there stays
    return len(pictures)


def relpath(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)
