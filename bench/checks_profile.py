#!/usr/bin/env python3
"""Where our checks spend their time: each check's seconds per page, and axe's for comparison.

A development aid for keeping the checks' overhead small:
    .venv/bin/python bench/checks_profile.py [--act-sample 60] [--standard wcag22aa] [--checks ID,ID]
loads the bundled example site's pages (and, when ../shared is beside the repository, a
sample of ACT test cases), runs axe and then every check one by one on each page, and
prints each one's total and worst time. `--urls FILE` profiles those pages instead (one URL
a line, e.g. Python's documentation served on loopback, as bench/compare.py does). `--by-kind`
splits each check's CPU by process (Python, the driver, Chromium's browser, GPU and renderer
processes): where a check's cost lands says what to cut (calls, pictures, layouts).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from collections import defaultdict
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "act-rules/WAI/content-assets/wcag-act-rules"
sys.path.insert(0, str(ROOT / "src"))

from loopback import use_in_this_process  # noqa: E402 - bench/ is the script's folder
from proctree import tree_cpu_by_kind, tree_cpu_seconds  # noqa: E402 - bench/ is the script's folder

from a11y.browser import Chromium, _refuse_top_level_navigation, add_scan_scripts  # noqa: E402
from a11y.engines.axe import AxeEngine, axe_options  # noqa: E402
from a11y.engines.base import PageTarget  # noqa: E402
from a11y.engines.checks import ChecksEngine, not_present, selected_checks, survey  # noqa: E402
from a11y.serve import serve_directory  # noqa: E402


def page_urls(stack: ExitStack, act_sample: int) -> list[str]:
    site = stack.enter_context(serve_directory(ROOT / "examples/site")).rstrip("/")
    urls = [f"{site}/{p.name}" for p in sorted((ROOT / "examples/site").glob("*.html"))]
    if act_sample and CORPUS.exists():
        act = stack.enter_context(serve_directory(SHARED / "act-rules")).rstrip("/")
        cases = [c for c in json.loads((CORPUS / "testcases.json").read_text())["testcases"]
                 if c["relativePath"].endswith(".html")]
        step = max(1, len(cases) // act_sample)
        urls += [f"{act}/WAI/content-assets/wcag-act-rules/{c['relativePath']}" for c in cases[::step]]
    return urls


async def profile(urls: list[str], standard: str, only: list[str] | None = None, slowest: int = 0,
                  by_kind: bool = False) -> None:
    # In the engine's order: what one check leaves in the page (listeners, a moved pointer) can
    # change what the next one does, as in a scan.
    checks = ChecksEngine([c for c in selected_checks(standard, best_practice=True) if not only or c.id in only]).checks
    chromium = Chromium()
    await chromium.start()
    browser = await chromium.get()
    axe = AxeEngine(axe_options(standard, best_practice=True))
    await axe.prepare(chromium.get)
    total: dict[str, float] = defaultdict(float)
    cpu: dict[str, float] = defaultdict(float)
    worst: dict[str, tuple[float, str]] = defaultdict(lambda: (0.0, ""))
    skipped = 0
    runs: list[tuple[float, float, str, str]] = []  # (seconds, CPU seconds, check, page) of each check run
    counter = CallCounter()
    memo: dict = {}  # shared by every page, as the scan's engine shares it (bypass-blocks remembers pages)
    calls: dict[str, int] = defaultdict(int)
    kinds: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))  # check -> process kind -> CPU
    methods: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    null: list[float] = []  # the measuring's own CPU, once a page
    null_kinds: dict[str, float] = defaultdict(float)
    run_count: dict[str, int] = defaultdict(int)
    selected = frozenset(c.id for c in checks)  # CheckContext.selected: one run may answer another check
    # One context for every page, as a scan's tab keeps one for many pages. Opening a context
    # costs CPU in the browser and a new renderer process (about 0.4 s; 1.5 s while each window
    # also loaded the address bar's pop-up pages) that would land on whatever is measured
    # first: a page loaded first, and a moment's wait, keep it out of the figures.
    # The scan's init scripts as Chromium.open_tab adds them: the page's, and a copy's that asks.
    context = await browser.new_context()
    page = await context.new_page()
    scripts = "\n;".join(axe.init_scripts() + ChecksEngine(checks).init_scripts())
    await add_scan_scripts(page, scripts)
    try:
        if urls:
            await page.goto(urls[0], wait_until="load", timeout=120000)
            await asyncio.sleep(2)
        for url in urls:
            try:
                await page.unroute("**/*", _refuse_top_level_navigation)
                # A page whose meta refresh leads nowhere can spoil the next page's load.
                response = await page.goto(url, wait_until="load", timeout=120000)
                # As a scan holds the page still: a refresh or script redirect is refused.
                await page.route("**/*", _refuse_top_level_navigation)
                started, cpu_before, calls_before = time.monotonic(), tree_cpu(), counter.count
                await axe.run(PageTarget(page=page, timeout=900))  # large pages take minutes
            except Exception as exc:  # noqa: BLE001 - e.g. a page that navigates itself: not profiled
                print(f"skipped {url}: {type(exc).__name__}: {str(exc)[:200]}", file=sys.stderr)
                skipped += 1
                continue
            _add(total, worst, "(axe)", time.monotonic() - started, url)
            cpu["(axe)"] += tree_cpu() - cpu_before
            calls["(axe)"] += counter.count - calls_before
            # As the engine does: one survey, and checks with nothing to look at are not run.
            started, cpu_before, calls_before = time.monotonic(), tree_cpu(), counter.count
            found, looks = await survey(page, checks)
            _add(total, worst, "(survey)", time.monotonic() - started, url)
            cpu["(survey)"] += tree_cpu() - cpu_before
            calls["(survey)"] += counter.count - calls_before
            # The measuring itself (reading /proc for every process of the tree, 1-4 ms), taken as a
            # check's run takes it, with nothing in between: subtracted from each run below.
            cpu_before = tree_cpu()
            kinds_before = tree_cpu_by_kind(os.getpid()) if by_kind else {}
            used = tree_cpu() - cpu_before
            null.append(used)
            for k, v in (tree_cpu_by_kind(os.getpid()) if by_kind else {}).items():
                null_kinds[k] += v - kinds_before.get(k, 0.0)
            answered: set[str] = set()  # checks another's run answered (CheckOutcome.also), as the engine takes them
            for check in checks:
                if not_present(check, found) or check.id in answered:
                    continue
                run_count[check.id] += 1
                started, cpu_before, calls_before = time.monotonic(), tree_cpu(), counter.count
                methods_before = dict(counter.by_method)
                kinds_before = tree_cpu_by_kind(os.getpid()) if by_kind else {}
                outcome = await ChecksEngine.run_one(check, PageTarget(page=page, timeout=60, response=response),
                                                     check.time_limit, memo, looks.get(check.id), selected)
                answered.update(outcome.also)
                took, used = time.monotonic() - started, tree_cpu() - cpu_before
                _add(total, worst, check.id, took, url)
                cpu[check.id] += used
                runs.append((took, used, check.id, url))
                for k, v in (tree_cpu_by_kind(os.getpid()) if by_kind else {}).items():
                    kinds[check.id][k] += v - kinds_before.get(k, 0.0)
                calls[check.id] += counter.count - calls_before
                for method, n in counter.by_method.items():
                    methods[check.id][method] += n - methods_before.get(method, 0)
    finally:
        await context.close()
        await chromium.stop()
    urls = urls[:len(urls) - skipped]  # the means are over the pages profiled
    each = sum(null) / max(1, len(null))  # CPU the measuring adds to a run
    for name, n in [*run_count.items(), ("(axe)", len(null)), ("(survey)", len(null))]:
        cpu[name] = max(0.0, cpu[name] - n * each)
        for k, v in null_kinds.items() if name in kinds else ():
            kinds[name][k] = max(0.0, kinds[name].get(k, 0.0) - n * v / max(1, len(null)))
    print(f"(the measuring's own CPU, {1000 * each:.1f} ms a check run, is taken off each check's figure)")
    print(f"{len(urls)} pages; seconds per page (mean, worst; CPU of Python, the driver and Chromium;"
          " calls to the driver)")
    for name, secs in sorted(total.items(), key=lambda kv: -cpu[kv[0]]):
        top = sorted(methods[name].items(), key=lambda kv: -kv[1])[:3]
        print(f"  {name:32} {secs / len(urls):6.2f}  {worst[name][0]:6.2f}  cpu {1000 * cpu[name] / len(urls):6.1f} ms"
              f"  calls {calls[name] / len(urls):5.1f}  {worst[name][1].rsplit('/', 1)[-1][:16]}  "
              + ", ".join(f"{m} {n / len(urls):.1f}" for m, n in top))
    if by_kind:
        print("CPU per page by process (ms): python, driver, browser, gpu, renderer, other")
        for name in sorted(kinds, key=lambda n: -cpu[n]):
            print(f"  {name:32} " + "  ".join(f"{k} {1000 * kinds[name].get(k, 0) / len(urls):5.1f}"
                                              for k in ("python", "driver", "browser", "gpu", "renderer", "other")))
    checks_total = sum(s for n, s in total.items() if n != "(axe)")
    checks_cpu = sum(s for n, s in cpu.items() if n != "(axe)")
    cpu_ratio = checks_cpu / max(cpu["(axe)"], 1e-9)
    print(f"checks / axe: {checks_total / total['(axe)']:.2f} in time, {cpu_ratio:.2f} in CPU")
    if slowest:
        print(f"the {slowest} slowest check runs (seconds, CPU seconds): waiting shows as time without CPU")
        for took, used, check_id, url in sorted(runs, reverse=True)[:slowest]:
            print(f"  {took:6.2f} {used:5.2f}  {check_id:32} {url.rsplit('/', 2)[-2:]}")


def tree_cpu() -> float:
    """CPU seconds used so far by this process and every process under it (the Playwright
    driver, Chromium's), from /proc; a busy machine slows the checks' waits but not this. Ended
    processes count too (the renderer of a copy of a page, closed within a check)."""
    return tree_cpu_seconds(os.getpid())


class CallCounter:
    """Counts the messages Python sends to Playwright's driver, by method: each is a round trip
    through the driver and, mostly, the browser (screenshots, key presses and viewport changes
    among them, which cost far more than the trip itself)."""

    def __init__(self) -> None:
        from playwright._impl.connection import Connection
        self.by_method: dict[str, int] = defaultdict(int)
        original = Connection.send_message_to_server
        counter = self

        def counted(conn, obj, method, params, options):
            if method != "__waitInfo__":
                counter.by_method[f"{type(obj).__name__}.{method}"] += 1
            return original(conn, obj, method, params, options)
        Connection.send_message_to_server = counted

    @property
    def count(self) -> int:
        return sum(self.by_method.values())


def _add(total, worst, name, secs, url):
    total[name] += secs
    if secs > worst[name][0]:
        worst[name] = (secs, url)


def main() -> None:
    use_in_this_process()
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--act-sample", type=int, default=60, help="how many ACT test cases (0: none)")
    ap.add_argument("--standard", default="wcag22aa")
    ap.add_argument("--checks", help="comma list: profile only these checks (with axe for comparison)")
    ap.add_argument("--urls", type=Path, help="profile these pages (one URL a line) instead")
    ap.add_argument("--slowest", type=int, default=0, metavar="N", help="also list the N slowest check runs")
    ap.add_argument("--by-kind", action="store_true", help="also split each check's CPU by process")
    args = ap.parse_args()
    with ExitStack() as stack:
        urls = args.urls.read_text().split() if args.urls else page_urls(stack, args.act_sample)
        asyncio.run(profile(urls, args.standard,
                            args.checks.split(",") if args.checks else None, args.slowest, args.by_kind))


if __name__ == "__main__":
    main()
