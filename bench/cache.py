#!/usr/bin/env python3
"""--cache: a cold scan against a warm re-scan of the same unchanged site, then one stylesheet changed.

Generates a site of N pages (default 120) that share a script, an image and one of two
stylesheets (half the pages each), with a few known problems; serves it on 127.0.0.1 (a
free port, the same server for every run); then scans it three times with the same --cache:
cold (empty cache), warm (nothing changed), and after a change to one stylesheet. Prints each
run's time, the warm/cold ratio, whether the findings are identical, and which pages the
third run scanned in the browser (they must be exactly the pages that use the changed
stylesheet). Run by hand: `.venv/bin/python bench/cache.py [--pages N] [--checks none]`.
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
sys.path.insert(0, str(ROOT / "src"))

from loopback import scanner_env  # noqa: E402 - bench/ is the script's folder

from a11y.serve import serve_directory  # noqa: E402

PIXEL = bytes.fromhex("47494638396101000100800000ffffff00000021f90401000000002c00000000010001000002024401003b")


def generate(folder: Path, pages: int) -> dict[str, str]:
    """Write the site; returns {page file: the stylesheet it uses}."""
    (folder / "blue.css").write_text("body { font: 16px sans-serif; color: #123; background: #fff; }\n")
    (folder / "green.css").write_text("body { font: 16px serif; color: #131; background: #fff; }\n")
    (folder / "menu.js").write_text("document.documentElement.dataset.menu = 'ready';\n")
    (folder / "logo.gif").write_bytes(PIXEL)
    uses = {}
    names = [f"page-{i:03d}.html" for i in range(pages)]
    for i, name in enumerate(names):
        css = "blue.css" if i % 2 == 0 else "green.css"
        uses[name] = css
        problem = '<img src="logo.gif">' if i % 5 == 0 else '<img src="logo.gif" alt="Agency logo">'
        neighbours = " ".join(f'<a href="{n}">{n}</a>' for n in names[i + 1:i + 4])
        paragraphs = "".join(f"<p>Paragraph {k} of page {i}: text about the agency's services.</p>" for k in range(20))
        (folder / name).write_text(
            f'<!doctype html><html lang="en"><head><title>Page {i}</title><link rel="stylesheet" href="{css}">'
            f'<script src="menu.js" defer></script></head><body><header>{problem}</header><main><h1>Page {i}</h1>'
            f"{paragraphs}<nav aria-label='More'>{neighbours}</nav></main></body></html>\n")
    index = "".join(f'<li><a href="{n}">{n}</a></li>' for n in names)
    (folder / "index.html").write_text(
        '<!doctype html><html lang="en"><head><title>Generated site</title><link rel="stylesheet" href="blue.css">'
        f"</head><body><main><h1>Generated site</h1><ul>{index}</ul></main></body></html>\n")
    uses["index.html"] = "blue.css"
    return uses


def scan(base: str, cache: Path, out: Path, pages: int, checks: str) -> tuple[float, dict]:
    cmd = [str(ROOT / ".venv/bin/a11y"), "scan", base, "--cache", str(cache), "--out", str(out),
           "--max-pages", str(pages + 10), "--no-sitemap", "--format", "json", "--fail-on", "none",
           "--checks", checks, "--quiet"]
    started = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=scanner_env())
    seconds = time.monotonic() - started
    if proc.returncode != 0:
        sys.exit(f"bench: the scan exited {proc.returncode}:\n{proc.stderr}")
    return seconds, json.loads((out / "results.json").read_text())


def pages_that_loaded(cache: Path, name: str) -> list[str]:
    """The pages whose cache entry lists `name` among what they loaded while scanned."""
    out = []
    for entry in (cache / "pages").glob("*.json"):
        data = json.loads(entry.read_text())
        if data["page"]["status"] == "scanned" and any(r["url"].endswith("/" + name) for r in data["resources"]):
            out.append(data["url"].rsplit("/", 1)[1])
    return sorted(out)


def findings(results: dict) -> list:
    return sorted((f["fingerprint"], sorted(o["url"] for o in f["occurrences"])) for f in results["findings"])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=120)
    ap.add_argument("--checks", choices=("all", "none"), default="all")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        site = tmp / "site"
        site.mkdir()
        uses = generate(site, args.pages)
        with serve_directory(site) as base:
            cold_s, cold = scan(base, tmp / "cache", tmp / "cold", args.pages, args.checks)
            warm_s, warm = scan(base, tmp / "cache", tmp / "warm", args.pages, args.checks)
            loaded = pages_that_loaded(tmp / "cache", "green.css")
            (site / "green.css").write_text("body { font: 16px serif; color: #999; background: #fff; }\n")
            changed_s, changed = scan(base, tmp / "cache", tmp / "changed", args.pages, args.checks)
    scanned = cold["summary"]["scanned"]
    reused = sum(p["from_cache"] for p in warm["pages"])
    print(f"site: {scanned} pages scanned, {cold['summary']['distinct_findings']} distinct findings, "
          f"--checks {args.checks}")
    print(f"cold scan:  {cold_s:7.1f} s")
    print(f"warm scan:  {warm_s:7.1f} s  ({reused} of {warm['summary']['scanned']} pages from the cache)")
    print(f"ratio:      {cold_s / warm_s:7.1f} x faster")
    print(f"findings identical: {findings(cold) == findings(warm)}")
    rescanned = sorted(p["url"].rsplit("/", 1)[1] for p in changed["pages"]
                       if p["status"] == "scanned" and not p["from_cache"])
    linking = sorted(name for name, css in uses.items() if css == "green.css")
    print(f"after green.css changed: {changed_s:.1f} s, {len(rescanned)} pages scanned in the browser; "
          f"{len(linking)} pages link green.css, {len(loaded)} pages loaded it while scanned "
          "(with our checks on, bypass-repeated-blocks loads a linked page to compare)")
    print(f"  rescanned exactly the pages that link it: {rescanned == linking}; "
          f"exactly the pages that loaded it: {rescanned == loaded}")


if __name__ == "__main__":
    main()
