#!/usr/bin/env python3
"""Where a scan's CPU goes, phase by phase: loading, each engine, and the rest of a page's work.

    .venv/bin/python bench/scan_phases.py SCAN-ARGUMENTS...
e.g. `bench/scan_phases.py scan @urls.txt --depth 0 --out /tmp/p --checks none`, runs that
`a11y scan` in this process with one page in flight (so that the CPU used while a phase runs
is that phase's), and sums the CPU of the whole process tree (Python, Playwright's driver,
Chromium and its renderers; a closed tab's renderer too, through its parent's count of ended
children) over each phase. Prints each phase's total and per page. Compare two runs (with and
without `--checks none`) to see what a change of settings adds, and where. Each check's share
of "our checks" is printed under it, indented (a page a check loads beside the one scanned, to
compare with, counts under "loading" too). Each measured call also carries about 1.3 ms of
the measuring itself (reading /proc for every process of the tree): a phase of a few ms a page
is mostly that, so compare whole scans, in turns, before acting on one (session 29: the
navigation hold's 12 ms a page here was no measurable part of a whole scan).
"""
from __future__ import annotations

import collections
import inspect
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from loopback import use_in_this_process  # noqa: E402 - bench/ is the script's folder
from playwright.async_api import Page  # noqa: E402
from proctree import tree_cpu_seconds  # noqa: E402 - bench/ is the script's folder

import a11y.engines.checks as checks_engine  # noqa: E402
import a11y.pagework as pagework  # noqa: E402
import a11y.scan as scan  # noqa: E402
from a11y.cli import main as a11y_main  # noqa: E402
from a11y.engines.axe import AxeEngine  # noqa: E402
from a11y.engines.checks import ChecksEngine, check_ids  # noqa: E402

spent: collections.Counter = collections.Counter()
_CHECK_IDS = check_ids()
pages = [0]


def tree_cpu() -> float:
    return tree_cpu_seconds(os.getpid())


def measured(label: str, function):
    if not inspect.iscoroutinefunction(function):  # a helper of pagework's that became plain
        def plain(*args, **kwargs):
            before = tree_cpu()
            try:
                return function(*args, **kwargs)
            finally:
                spent[label] += tree_cpu() - before
        return plain

    async def wrapper(*args, **kwargs):
        before = tree_cpu()
        try:
            return await function(*args, **kwargs)
        finally:
            spent[label] += tree_cpu() - before
    return wrapper


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] != "scan":
        print(__doc__)
        return 2
    use_in_this_process()
    Page.goto = measured("loading (goto)", Page.goto)
    AxeEngine.run = measured("axe", AxeEngine.run)
    ChecksEngine.run = measured("our checks", ChecksEngine.run)
    run_one = ChecksEngine.run_one

    async def run_one_measured(check, *args, **kwargs):
        return await measured(f"  {check.id}", run_one)(check, *args, **kwargs)
    ChecksEngine.run_one = staticmethod(run_one_measured)
    checks_engine.survey = measured("  (survey of the page)", checks_engine.survey)
    whole_page = measured("a page's whole work", pagework.scan_page)
    # The rest of a page's work, piece by piece (what is neither loading nor an engine).
    for label, name in [("  element count", "element_count"), ("  error locations", "record_order"),
                        ("  response (status, same content)", "_page_for_response"),
                        ("  zero-delay refresh", "_follow_zero_delay_refresh"),
                        ("  still showing", "_still_showing"), ("  read and mark", "evaluate_json"),
                        ("  screenshots", "capture")]:
        setattr(pagework, name, measured(label, getattr(pagework, name)))
    for label, name in [("  garbage collection", "collect_garbage"), ("  navigation hold", "hold_navigation"),
                        ("  navigation release", "release_navigation")]:
        setattr(pagework.Tab, name, measured(label, getattr(pagework.Tab, name)))

    async def counted(*args, **kwargs):
        pages[0] += 1
        return await whole_page(*args, **kwargs)
    scan.scan_page = counted
    scan.Scanner.pages_in_flight = lambda self: 1  # so that what runs during a phase is that phase
    started = time.monotonic()
    try:
        a11y_main(sys.argv[1:], standalone_mode=False)
    except SystemExit:
        pass
    n = max(1, pages[0])
    print(f"{pages[0]} pages in {time.monotonic() - started:.1f} s; CPU of the process tree per phase "
          "(total s, ms a page):")
    parts = {k: v for k, v in spent.items() if k.startswith("  ")}
    for label, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
        if label in parts:
            continue
        print(f"  {label:34} {seconds:7.1f}  {1000 * seconds / n:6.0f}")
        if label in ("our checks", "a page's whole work"):
            ours = label == "our checks"  # the checks, and the engine's survey of the page
            pieces = {k: v for k, v in parts.items() if (k.strip() in _CHECK_IDS or k.strip().startswith("(")) == ours}
            for piece, own in sorted(pieces.items(), key=lambda kv: -kv[1]):
                print(f"  {piece:34} {own:7.1f}  {1000 * own / n:6.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
