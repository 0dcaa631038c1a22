"""Helpers for the tests of split scans: scanning a shard, and results compared as one scan's."""
from __future__ import annotations

import json

from tests.support import read_results, run_a11y

# Settings recorded per shard or per merge, and timings: the rest must equal one scan's.
PER_RUN_OPTIONS = ("shard", "merged", "concurrency")


def comparable(results: dict) -> dict:
    """results.json without timings or the order pages finished in."""
    pages = sorted(({k: v for k, v in p.items() if k != "duration_ms"} for p in results["pages"]),
                   key=lambda p: p["url"])
    findings = {f["fingerprint"]: (f["rule"], f["impact"], f["html"], f["baseline"],
                                   sorted(json.dumps(o, sort_keys=True) for o in f["occurrences"]))
                for f in results["findings"]}
    options = {k: v for k, v in results["options"].items() if k not in PER_RUN_OPTIONS}
    keep = ("standard", "complete", "schema_version", "tool", "engines", "summary", "fixed", "baseline_file",
            "suppressions")
    return {"pages": pages, "findings": findings, "options": options, **{k: results[k] for k in keep}}


def audited(results: dict) -> set[str]:
    return {p["url"] for p in results["pages"] if p["status"] != "skipped"}


def scan_to(out, *args, expect: int) -> dict:
    proc = run_a11y("scan", *args, "--checks", "none", "--no-sitemap", "--out", out, "-q")
    assert proc.returncode == expect, f"a11y scan exited {proc.returncode}, expected {expect}:\n{proc.stderr}"
    return read_results(out)


def merge(*args) -> tuple[int, str, str]:
    proc = run_a11y("merge", *map(str, args))
    return proc.returncode, proc.stdout, proc.stderr
