#!/usr/bin/env python3
"""Memory over a long crawl: the whole process tree's PSS while `a11y scan` crawls Python's docs.

Serves Debian's python3.11-doc `html/` folder on 127.0.0.1 and runs
`a11y scan <index.html> --max-pages N` (default 500, default settings otherwise) as a
subprocess. Every second it sums the proportional set size (PSS, /proc/<pid>/smaps_rollup)
of the scan's process tree (Python, Playwright's driver, Chromium and its renderers) and
reads how many pages are finished from the partial results.json the scan rewrites as it
goes. Prints peak PSS, PSS at the 100th, 200th, ... page, and the slope from page 100 on
(MB per 100 pages; flat is near 0). Each figure is printed as soon as it is known, so a run
stopped early still tells what it saw. Run by hand:
`.venv/bin/python bench/memory.py [--max-pages N] [--checks none] [--log samples.csv] [--keep DIR]`;
it also lists the pages that ended as errors.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from loopback import scanner_env  # noqa: E402 - bench/ is the script's folder

from a11y.serve import serve_directory  # noqa: E402
from a11y.treememory import descendants, pss_bytes  # noqa: E402 - the scan's own reading of its footprint

DOCS = Path("/usr/share/doc/python3.11/html")
FINISHED = ("scanned", "error")  # skipped records (limit, duplicates) cost no browser work
MB = 1024 * 1024


def pages_in_error(results: Path) -> list[tuple[str, str]]:
    """(URL, reason) of each page that ended as an error ("no page ends as an error" is #14's aim)."""
    try:
        pages = json.loads(results.read_text())["pages"]
    except (OSError, ValueError, KeyError):
        return []
    return [(p["url"], p.get("reason", "")) for p in pages if p.get("status") == "error"]


def kind(pid: int) -> str:
    """Which part of the scan a process is: python, driver (Playwright's), renderers, or chromium (the rest)."""
    try:
        args = open(f"/proc/{pid}/cmdline", "rb").read()
    except OSError:
        return "gone"
    if b"--type=renderer" in args:
        return "renderers"
    if b"chromium" in args or b"chrome" in args:
        return "chromium"
    return "driver" if b"node" in args.split(b"\0")[0] else "python"


KINDS = ("python", "driver", "chromium", "renderers")


def parts_of(pids: list[int]) -> dict[str, int]:
    """PSS in bytes by kind of process."""
    parts = dict.fromkeys(KINDS, 0)
    for pid in pids:
        what = kind(pid)
        if what in parts:
            parts[what] += pss_bytes(pid)
    return parts


def split(parts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v / MB:.0f}" for k, v in parts.items())


def pages_finished(results: Path) -> int | None:
    try:
        data = json.loads(results.read_text())
    except (OSError, ValueError):
        return None  # not written yet, or being rewritten
    return sum(1 for p in data.get("pages", []) if p.get("status") in FINISHED)


def slope(points: list[tuple[int, int]]) -> float | None:
    """Least-squares slope of PSS over pages finished, in MB per 100 pages."""
    if len(points) < 2 or len({x for x, _ in points}) < 2:
        return None
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    sxy = sum((x - mx) * (y - my) for x, y in points)
    return sxy / sxx / MB * 100


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--max-pages", type=int, default=500)
    ap.add_argument("--checks", choices=("all", "none"), default="all")
    ap.add_argument("--every", type=int, default=100, help="print PSS at every this many pages (default 100)")
    ap.add_argument("--log", type=Path, help="also write every sample (seconds, pages, PSS MB) to this CSV file")
    ap.add_argument("--docs", type=Path, default=DOCS)
    ap.add_argument("--keep", type=Path, help="keep the scan's results.json in this folder")
    args = ap.parse_args()
    # Started in the background (nohup, &), SIGINT is ignored: SIGTERM stops the scan and prints the figures.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    if not (args.docs / "index.html").is_file():
        print(f"skipped: {args.docs} is missing (apt-get install -y python3.11-doc)")
        return 0
    log = args.log.open("w") if args.log else None
    if log:
        log.write("seconds,pages,pss_mb," + ",".join(f"{k}_mb" for k in KINDS) + "\n")
    with tempfile.TemporaryDirectory(prefix="a11y-memory-") as tmp, serve_directory(args.docs) as base:
        out = args.keep or Path(tmp) / "out"
        cmd = [sys.executable, "-m", "a11y", "scan", base + "index.html", "--max-pages", str(args.max_pages),
               "--out", str(out), "--format", "json", "--fail-on", "none", "--quiet", "--checks", args.checks]
        print(f"memory: {' '.join(cmd[2:])}  (load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} cores)",
              flush=True)
        started = time.monotonic()
        scan = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, env=scanner_env())
        peak, peak_parts, done, next_mark = 0, {}, 0, args.every
        after_mark: list[tuple[int, int]] = []  # (pages, PSS) from the first mark on, for the slope
        try:
            while scan.poll() is None:
                pids = descendants(scan.pid)
                if len(pids) == 1 and done:  # the browser has gone: the scan is writing its reports
                    time.sleep(1)  # the sampling period, not a wait for an outcome
                    continue
                parts = parts_of(pids)
                pss = sum(parts.values())
                if pss > peak:
                    peak, peak_parts = pss, parts
                done = pages_finished(out / "results.json") or done
                seconds = time.monotonic() - started
                if log:
                    each = ",".join(f"{v / MB:.0f}" for v in parts.values())
                    log.write(f"{seconds:.0f},{done},{pss / MB:.0f},{each}\n")
                    log.flush()
                if done >= args.every:
                    after_mark.append((done, pss))
                while done >= next_mark:
                    print(f"memory: page {next_mark}: PSS {pss / MB:.0f} MB ({split(parts)}; peak so far "
                          f"{peak / MB:.0f} MB, {seconds / 60:.1f} min)", flush=True)
                    next_mark += args.every
                time.sleep(1)  # the sampling period, not a wait for an outcome
        except KeyboardInterrupt:
            scan.terminate()
            scan.wait()
        done = pages_finished(out / "results.json") or done
        errors = pages_in_error(out / "results.json")
        if errors:
            print(f"memory: {len(errors)} page(s) ended as errors:", flush=True)
            for url, reason in errors:
                print(f"  {url}: {reason}", flush=True)
        per_100 = slope(after_mark)
        print(f"memory: {done} pages finished in {(time.monotonic() - started) / 60:.1f} min, exit {scan.returncode}; "
              f"peak PSS {peak / MB:.0f} MB ({split(peak_parts)}); slope from page {args.every} on: "
              + (f"{per_100:+.0f} MB per 100 pages" if per_100 is not None else "n/a (too few pages)"), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
