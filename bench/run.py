#!/usr/bin/env python3
"""Scan speed against the naive sequential baseline, on the same URLs in the same run.

Serves the ACT Rules test pages (../shared/act-rules) on loopback, takes the
first N test-case URLs, runs bench/naive_axe_baseline.py and then
`a11y scan @urls --depth 0`, and prints pages per minute for both and the ratio.
Run by hand: `.venv/bin/python bench/run.py --pages 200` (`make bench` runs bench/compare.py).
Benchmarks may read ../shared; the product and its tests never do.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "src"))

from loopback import scanner_env  # noqa: E402 - bench/ is the script's folder

from a11y.browser import find_chromium  # noqa: E402
from a11y.serve import serve_directory  # noqa: E402


def act_urls(base: str, limit: int) -> list[str]:
    cases = json.loads((SHARED / "act-rules/WAI/content-assets/wcag-act-rules/testcases.json").read_text())["testcases"]
    urls = [base.rstrip("/") + "/WAI/content-assets/wcag-act-rules/" + c["relativePath"] for c in cases]
    return [u for u in urls if u.endswith(".html")][:limit]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=150)
    ap.add_argument("--concurrency", type=int, default=None)
    args = ap.parse_args()
    if not (SHARED / "act-rules").is_dir():
        sys.exit(f"bench: needs {SHARED}/act-rules (the W3C ACT Rules test cases)")
    with serve_directory(SHARED / "act-rules") as base, tempfile.TemporaryDirectory() as tmp:
        urls = act_urls(base, args.pages)
        listing = Path(tmp, "urls.txt")
        listing.write_text("\n".join(urls) + "\n")
        naive = subprocess.run([sys.executable, str(ROOT / "bench/naive_axe_baseline.py"), str(listing),
                                "--chromium", find_chromium()], capture_output=True, text=True, check=True,
                               env=scanner_env())
        print("naive:", naive.stdout.strip())
        naive_rate = float(naive.stdout.split("pages_per_min=")[1].split()[0])

        cmd = [str(ROOT / ".venv/bin/a11y"), "scan", f"@{listing}", "--depth", "0", "--no-sitemap",
               "--ignore-robots", "--max-pages", str(len(urls)), "--format", "json", "--out", str(Path(tmp, "out")),
               "--quiet", "--fail-on", "none", "--checks", "none"]  # axe alone, like the naive loop
        if args.concurrency:
            cmd += ["--concurrency", str(args.concurrency)]
        started = time.monotonic()
        subprocess.run(cmd, capture_output=True, text=True, env=scanner_env())
        seconds = time.monotonic() - started
        results = json.loads(Path(tmp, "out", "results.json").read_text())
        print("scan started", results["started"], "finished", results["finished"], file=sys.stderr)
        scanned = results["summary"]["scanned"]
        rate = len(urls) / seconds * 60
        print(f"a11y:  pages={len(urls)} scanned={scanned} errors={results['summary']['errors']} "
              f"seconds={seconds:.1f} pages_per_min={rate:.0f} (whole command, start-up included)")
        print(f"ratio: {rate / naive_rate:.2f}x the naive baseline")


if __name__ == "__main__":
    main()
