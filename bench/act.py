#!/usr/bin/env python3
"""The W3C ACT Rules corpus: how many rules the scanner implements completely, and what our
own checks cost in time.

Serves ../shared/act-rules on loopback, scans every test case with
`a11y scan @urls --depth 0 --standard wcag22aa --best-practice --format earl`, scores the EARL
with ../shared/tools/act_score.py (all 87 rules, then the approved ones), then scans the same
pages again with `--checks none` and prints both times and the checks' share.
Run by hand: `.venv/bin/python bench/act.py [--standard section508] [--skip-timing]`, or
`--timing-only N` to time the checks alone on every N-th test case.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "src"))

from loopback import scanner_env  # noqa: E402 - bench/ is the script's folder
from proctree import run_measured  # noqa: E402

from a11y.serve import serve_directory  # noqa: E402


def scan(listing: Path, out: Path, standard: str, extra: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the scan's whole process tree)."""
    cmd = [str(ROOT / ".venv/bin/a11y"), "scan", f"@{listing}", "--depth", "0", "--no-sitemap", "--ignore-robots",
           "--standard", standard, "--best-practice", "--format", "json,earl", "--out", str(out), "--quiet",
           "--fail-on", "none", *extra]
    wall, cpu, _ = run_measured(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=scanner_env())
    return wall, cpu


def score(earl: Path, approved: bool) -> str:
    cmd = [sys.executable, str(SHARED / "tools/act_score.py"), "--earl", str(earl)]
    if not approved:
        cmd.append("--all-rules")
    return subprocess.run(cmd, capture_output=True, text=True).stdout.strip().splitlines()[-1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--standard", default="wcag22aa")
    ap.add_argument("--skip-timing", action="store_true", help="do not scan again with --checks none")
    ap.add_argument("--keep", help="folder to keep the results in")
    ap.add_argument("--timing-only", type=int, metavar="N",
                    help="only time the checks, on every N-th test case, scans taken in turns")
    ap.add_argument("--rounds", type=int, default=2, help="with --timing-only: rounds of both scans")
    args = ap.parse_args()
    if args.timing_only:
        timing(args.timing_only, args.standard, args.rounds)
        return
    corpus = SHARED / "act-rules/WAI/content-assets/wcag-act-rules"
    cases = json.loads((corpus / "testcases.json").read_text())["testcases"]
    with serve_directory(SHARED / "act-rules") as base, tempfile.TemporaryDirectory() as tmp:
        work = Path(args.keep or tmp)
        work.mkdir(parents=True, exist_ok=True)
        listing = work / "urls.txt"
        listing.write_text("\n".join(base.rstrip("/") + "/WAI/content-assets/wcag-act-rules/" + c["relativePath"]
                                     for c in cases) + "\n")
        with_checks, _ = scan(listing, work / "checks", args.standard, [])
        print(f"with checks:    {with_checks:.1f} s for {len(cases)} test cases")
        print("all rules:     ", score(work / "checks" / "results.earl.json", approved=False))
        print("approved rules:", score(work / "checks" / "results.earl.json", approved=True))
        if not args.skip_timing:
            axe_only, _ = scan(listing, work / "axe", args.standard, ["--checks", "none"])
            print(f"--checks none:  {axe_only:.1f} s; the checks add {100 * (with_checks / axe_only - 1):.0f}%")
            print("axe alone, all rules:     ", score(work / "axe" / "results.earl.json", approved=False))
            print("axe alone, approved rules:", score(work / "axe" / "results.earl.json", approved=True))


def timing(sample: int, standard: str, rounds: int) -> None:
    """The checks' share of scan time on every N-th test case, the two scans taken in turns
    (with, without, without, with, ...) so that a machine whose load drifts favours neither."""
    corpus = SHARED / "act-rules/WAI/content-assets/wcag-act-rules"
    cases = json.loads((corpus / "testcases.json").read_text())["testcases"][::sample]
    totals = {"checks": 0.0, "none": 0.0}
    cpu = {"checks": 0.0, "none": 0.0}
    with serve_directory(SHARED / "act-rules") as base, tempfile.TemporaryDirectory() as tmp:
        listing = Path(tmp) / "urls.txt"
        listing.write_text("\n".join(base.rstrip("/") + "/WAI/content-assets/wcag-act-rules/" + c["relativePath"]
                                     for c in cases) + "\n")
        for r in range(rounds):
            order = ["checks", "none"] if r % 2 == 0 else ["none", "checks"]
            for kind in order:
                extra = [] if kind == "checks" else ["--checks", "none"]
                took, used = scan(listing, Path(tmp) / f"{kind}{r}", standard, extra)
                totals[kind] += took
                cpu[kind] += used
                print(f"round {r + 1}: {kind:6} {took:.1f} s, CPU {used:.1f} s")
    print(f"{len(cases)} test cases, {rounds} rounds: with checks {totals['checks']:.1f} s, --checks none "
          f"{totals['none']:.1f} s; the checks add {100 * (totals['checks'] / totals['none'] - 1):.0f}%")
    print(f"CPU of the process tree: with checks {cpu['checks']:.1f} s, --checks none {cpu['none']:.1f} s; "
          f"the checks add {100 * (cpu['checks'] / cpu['none'] - 1):.0f}%")


if __name__ == "__main__":
    main()
