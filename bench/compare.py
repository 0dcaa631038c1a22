#!/usr/bin/env python3
"""a11y against the naive loop and pa11y-ci: pages per minute on small and on large pages.

Two page sets, each served on 127.0.0.1 (port 0):
  act     the W3C ACT Rules test pages (small), from ../shared/act-rules
  pydoc   Python's HTML documentation, html/library (large real pages), from the Debian
          package python3.11-doc (`apt-get install python3.11-doc`)
For each set, one after another in the same run and on the same URL list: `a11y scan @urls
--depth 0` at the default settings, the same with `--checks none` (axe alone), the naive
sequential loop (bench/naive_axe_baseline.py: one page at a time, axe in the top frame only) and,
where npm is available, pa11y-ci (runner axe, concurrency 4, the system Chromium, 120 s a page:
its own 30 s gave up on every large page of a loaded machine; all pages in one browser context,
see run_pa11y), installed into a temporary folder.
Prints pages per minute, the ratios, and whether a11y's axe violations in the top frame have
the same rule ids per page as the naive loop's.

Run: `make bench`, or `.venv/bin/python bench/compare.py [--sets act,pydoc] [--act-pages N]
[--pydoc-pages N] [--no-pa11y] [--pa11y-dir DIR] [--pa11y-timeout S] [--rounds N]` (--pa11y-dir keeps the
pa11y-ci install for the next run; --rounds runs every tool N times in turns, for a machine whose
speed drifts). A set whose pages are missing is skipped with a message, as is pa11y-ci without npm.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
ACT = ROOT.parent / "shared" / "act-rules"
PYDOC = Path("/usr/share/doc/python3.11/html")
sys.path.insert(0, str(ROOT / "src"))

from loopback import CHROMIUM_FLAGS, scanner_env  # noqa: E402 - bench/ is the script's folder

from a11y.browser import find_chromium  # noqa: E402
from a11y.serve import serve_directory  # noqa: E402

# The naive loop runs axe with these tags; a11y's findings are compared on the same rules.
NAIVE_TAGS = {"wcag2a", "wcag2aa"}


@dataclass
class Run:
    tool: str
    pages: int
    seconds: float
    errors: int
    violations: dict[str, set[str]] = field(default_factory=dict)  # url -> rule ids (top frame)

    @property
    def rate(self) -> float:
        return self.pages / self.seconds * 60


# --- the page sets -----------------------------------------------------------------

def act_pages(limit: int) -> tuple[Path, list[str]] | str:
    listing = ACT / "WAI/content-assets/wcag-act-rules/testcases.json"
    if not listing.is_file():
        return f"needs {ACT} (the W3C ACT Rules test cases)"
    cases = json.loads(listing.read_text())["testcases"]
    paths = ["WAI/content-assets/wcag-act-rules/" + c["relativePath"] for c in cases]
    pages = [p for p in paths if p.endswith(".html")]
    # Spread over every rule's cases: the listing is in rule order, and its first pages are a
    # few rules' (our checks have little to do on them, which flattered the default scan).
    step = max(1, len(pages) // limit)
    return ACT, pages[::step][:limit]


def pydoc_pages(limit: int) -> tuple[Path, list[str]] | str:
    library = PYDOC / "library"
    if not library.is_dir():
        return f"needs {library} (Debian: apt-get install python3.11-doc)"
    names = sorted(p.name for p in library.glob("*.html"))
    step = max(1, len(names) // limit)  # spread over the alphabet, not the first N
    return PYDOC, ["library/" + n for n in names[::step][:limit]]


PAGE_SETS = {"act": act_pages, "pydoc": pydoc_pages}


# --- the tools -----------------------------------------------------------------------

def run_a11y(listing: Path, out: Path, extra: list[str]) -> Run:
    cmd = [str(ROOT / ".venv/bin/a11y"), "scan", f"@{listing}", "--depth", "0", "--no-sitemap", "--ignore-robots",
           "--format", "json", "--out", str(out), "--quiet", "--fail-on", "none", *extra]
    started = time.monotonic()
    subprocess.run(cmd, capture_output=True, text=True, env=scanner_env())
    seconds = time.monotonic() - started
    results = json.loads((out / "results.json").read_text())
    found = {p["url"]: _top_frame_axe_rules(p) for p in results["pages"] if p["status"] == "scanned"}
    name = "a11y" + (" " + " ".join(extra) if extra else " (default)")
    return Run(name, len(listing.read_text().split()), seconds, results["summary"]["errors"], found)


def _top_frame_axe_rules(page: dict) -> set[str]:
    """axe's rules with a failing element in the top frame (a frame path has more than one
    entry), among the rules the naive loop runs (its tags; no experimental or deprecated rule)."""
    rules = set()
    for v in page.get("violations") or []:
        tags = set(v.get("tags") or [])
        if v.get("engine") != "axe" or not tags & NAIVE_TAGS or tags & {"experimental", "deprecated"}:
            continue
        if any(len(n["target"]) == 1 for n in v["nodes"]):
            rules.add(v["rule"])
    return rules


def run_naive(listing: Path, tmp: Path) -> Run:
    outcomes = tmp / "naive-outcomes.json"
    cmd = [sys.executable, str(BENCH / "naive_axe_baseline.py"), str(listing), "--chromium", find_chromium(),
           "--outcomes", str(outcomes)]
    started = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True, env=scanner_env())
    seconds = time.monotonic() - started
    stats = dict(item.split("=") for item in proc.stdout.split())
    found = {url: {rule for rule, outcome in rules.items() if outcome == "failed"}
             for url, rules in json.loads(outcomes.read_text()).items()}
    return Run("naive loop", int(stats["pages"]), seconds, int(stats["errors"]), found)


def pa11y_install(folder: Path | None) -> Path | str:
    """pa11y-ci's command, installed with npm (no Chromium download); or why not."""
    if shutil.which("npm") is None:
        return "npm not found (install Node.js and npm to compare with pa11y-ci)"
    folder = folder or Path(tempfile.mkdtemp(prefix="a11y-bench-pa11y-"))
    command = folder / "node_modules/.bin/pa11y-ci"
    if command.exists():
        return command
    env = dict(os.environ, PUPPETEER_SKIP_DOWNLOAD="1")
    proc = subprocess.run(["npm", "install", "--prefix", str(folder), "--no-audit", "--no-fund", "pa11y-ci"],
                          capture_output=True, text=True, env=env)
    if proc.returncode != 0 or not command.exists():
        last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return f"npm install pa11y-ci failed: {last}"
    return command


def run_pa11y(command: Path, urls: list[str], tmp: Path, timeout: float) -> Run:
    # useIncognitoBrowserContext false: with more than one page at once, pa11y-ci's tests share
    # one options object, so a test that ends closes the incognito context another test is still
    # using ("Protocol error (Target.closeTarget): No target with given id found"; pa11y-ci issue
    # #354, open as of pa11y-ci 4.1.1). Half the pages were lost that way. One shared context
    # (cookies shared between pages, which these static pages do not use) tests every page.
    config = {"defaults": {"runners": ["axe"], "concurrency": 4, "timeout": int(timeout * 1000),
                           "useIncognitoBrowserContext": False,
                           "chromeLaunchConfig": {"executablePath": find_chromium(),
                                                  "args": ["--no-sandbox", *CHROMIUM_FLAGS]}},
              "urls": urls}
    (tmp / "pa11y.json").write_text(json.dumps(config))
    # The report goes to a file: pa11y-ci exits as soon as it has written it, and Node cuts
    # short what it was still writing to a pipe (the report of 12 large pages, 200 KB and more,
    # came through a pipe as its first 64 KB). Node writes to a file at once.
    report_file = tmp / "pa11y-report.json"
    started = time.monotonic()
    with report_file.open("w") as out:
        proc = subprocess.run([str(command), "--config", str(tmp / "pa11y.json"), "--json"],
                              stdout=out, stderr=subprocess.PIPE, text=True, env=scanner_env())
    seconds = time.monotonic() - started
    text = report_file.read_text()
    try:
        report = json.loads(text)
    except ValueError:
        report = {}
        said = (proc.stderr.strip() or text.strip() or f"exit {proc.returncode}").splitlines()[0]
        print(f"  pa11y-ci gave no JSON report: {said[:200]}")
    # A page pa11y-ci could not test has its error ({message}) where the issues would be.
    failed = [i["message"] for issues in (report.get("results") or {}).values() for i in issues
              if isinstance(i, dict) and "message" in i and "code" not in i]
    if failed:
        print(f"  pa11y-ci could not test {len(failed)} page(s), e.g.: {failed[0][:150]}")
    return Run("pa11y-ci", len(urls), seconds, len(failed) if report else len(urls))


# --- one set ---------------------------------------------------------------------------

def compare_set(name: str, root: Path, paths: list[str], pa11y: Path | str, pa11y_timeout: float,
                rounds: int = 1) -> None:
    print(f"\n== {name}: {len(paths)} pages from {root}", flush=True)
    with serve_directory(root) as base, tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        urls = [base + p for p in paths]
        listing = tmp / "urls.txt"
        listing.write_text("\n".join(urls) + "\n")
        tools = [lambda r: run_a11y(listing, tmp / f"default{r}", []),
                 lambda r: run_a11y(listing, tmp / f"axe-only{r}", ["--checks", "none"]),
                 lambda r: run_naive(listing, tmp)]
        if isinstance(pa11y, Path):
            tools.append(lambda r: run_pa11y(pa11y, urls, tmp, pa11y_timeout))
        else:
            print(f"  pa11y-ci: skipped: {pa11y}")
        # In turns, every other round backwards: a machine whose speed drifts during the run
        # (it does: the same scan took 8.1 to 12.0 s within minutes) favours no tool.
        taken: list[list[Run]] = [[] for _ in tools]
        for r in range(rounds):
            order = list(range(len(tools))) if r % 2 == 0 else list(reversed(range(len(tools))))
            for i in order:
                taken[i].append(tools[i](r))
                _print_run(taken[i][-1], f"round {r + 1}: " if rounds > 1 else "")
        runs = [_together(t) for t in taken]
        if rounds > 1:
            for run in runs:
                _print_run(run, "all rounds: ")
    naive = runs[2]
    for run in runs[:2]:
        line = f"  {run.tool}: {run.rate / naive.rate:.2f}x the naive loop"
        if len(runs) > 3:
            line += f", {run.rate / runs[3].rate:.2f}x pa11y-ci"
            if runs[3].errors:  # a page it gave up on cost it less time than a page it tested
                line += f" (which could not test {runs[3].errors} of {runs[3].pages} pages)"
        print(line)
        _compare_violations(run, naive)


def _together(runs: list[Run]) -> Run:
    """One tool's rounds as one run: pages, seconds and errors summed; the first round's findings."""
    first = runs[0]
    return Run(first.tool, sum(r.pages for r in runs), sum(r.seconds for r in runs), sum(r.errors for r in runs),
               first.violations)


def _print_run(run: Run, label: str = "") -> None:
    print(f"  {label}{run.tool:<24} pages={run.pages} errors={run.errors} seconds={run.seconds:.1f} "
          f"pages_per_min={run.rate:.1f}", flush=True)


def _compare_violations(run: Run, naive: Run) -> None:
    both = sorted(set(run.violations) & set(naive.violations))
    differ = [u for u in both if run.violations[u] != naive.violations[u]]
    print(f"    top-frame axe violations: same rule ids as the naive loop on {len(both) - len(differ)} "
          f"of {len(both)} pages scanned by both")
    for url in differ[:5]:
        print(f"      {url}: a11y only {sorted(run.violations[url] - naive.violations[url])}, "
              f"naive only {sorted(naive.violations[url] - run.violations[url])}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", default="act,pydoc", help="page sets, comma-separated: act, pydoc")
    ap.add_argument("--act-pages", type=int, default=150)
    ap.add_argument("--pydoc-pages", type=int, default=100)
    ap.add_argument("--no-pa11y", action="store_true", help="leave pa11y-ci out")
    ap.add_argument("--pa11y-dir", type=Path, help="install pa11y-ci here (kept for the next run)")
    # pa11y's own default (30 s a page) gave up on every large page on a loaded 2-core machine.
    ap.add_argument("--pa11y-timeout", type=float, default=120, help="seconds pa11y-ci gives a page (default 120)")
    ap.add_argument("--rounds", type=int, default=1,
                    help="run every tool this many times, in turns; rates from all rounds together")
    args = ap.parse_args()
    sets = [s.strip() for s in args.sets.split(",") if s.strip()]
    unknown = [s for s in sets if s not in PAGE_SETS]
    if unknown:
        sys.exit(f"bench: unknown page set {', '.join(unknown)} (choose from {', '.join(PAGE_SETS)})")
    print(f"{time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC, {os.cpu_count()} CPUs; "
          f"each set's tools run one after another in this run, {args.rounds} round(s)")
    pa11y = "left out (--no-pa11y)" if args.no_pa11y else pa11y_install(args.pa11y_dir)
    limits = {"act": args.act_pages, "pydoc": args.pydoc_pages}
    for name in sets:
        found = PAGE_SETS[name](limits[name])
        if isinstance(found, str):
            print(f"\n== {name}: skipped: {found}")
            continue
        compare_set(name, *found, pa11y, args.pa11y_timeout, max(1, args.rounds))


if __name__ == "__main__":
    main()
