"""Known findings: write them once, then fail only on new ones.

A known finding that this run did not find is *fixed* only where this run looked: every page
it was on was scanned (from the cache too: an unchanged page's record is its scan). A known
finding on a page this run did not scan (beyond --depth or --max-pages, excluded, an error,
an interrupted scan, another shard's page) is *not checked*: its absence says nothing.
"""
from __future__ import annotations

import json
from pathlib import Path

from .coverage import coverage
from .models import Results, read_json, summarise
from .reporters import write_atomic
from .verdict import EXIT_INCOMPLETE, EXIT_OK, EXIT_USAGE, EXIT_VIOLATIONS, FAIL_ON_LEVELS, verdict

__all__ = ["EXIT_INCOMPLETE", "EXIT_OK", "EXIT_USAGE", "EXIT_VIOLATIONS", "FAIL_ON_LEVELS"]

BASELINE_VERSION = 1
# What a known finding that is gone keeps (results.json's `fixed` entries).
GONE_KEYS = ("fingerprint", "rule", "impact", "help", "pages")
# Pages a scan found and did not scan by accident rather than by its scope (--depth, robots.txt,
# --exclude and --include are the scope: a later scan of that scope does not reach them either).
ACCIDENTAL_GAPS = ("error", "limit", "shard", "other")


class BaselineError(ValueError):
    def __init__(self, message: str, hint: str = "write one with `a11y baseline RESULTS.json -o FILE`"):
        super().__init__(message)
        self.hint = hint


def baseline_entries(results: Results) -> list[dict]:
    """The findings of results as baseline entries (what apply_baseline compares against)."""
    return [
        {"fingerprint": f.fingerprint, "rule": f.rule, "impact": f.impact, "help": f.help,
         "target": f.target, "pages": f.pages}
        for f in results.findings
    ]


def coverage_gaps(results: Results) -> list[str]:
    """What makes results an incomplete record of the site's findings, one phrase each
    ('the scan did not finish (interrupted or stopped)', '6 page(s) not scanned: 6 cut off by
    --max-pages 2'); [] when nothing was missed by accident."""
    covered = coverage(results)
    gaps = []
    if not covered.finished:  # a merge's missing shards by name; else a scan stopped
        gaps = covered.unfinished_because or ["the scan did not finish (interrupted or stopped)"]
    missed = [g for g in covered.not_audited if g.kind in ACCIDENTAL_GAPS]
    if missed:
        count = sum(g.size for g in missed)
        gaps.append(f"{count} page(s) not scanned: {covered.reasons(ACCIDENTAL_GAPS)}")
    return gaps


def check_source(results: Results, allow_empty: bool = False) -> list[str]:
    """Judge results as the source of a baseline: BaselineError when no page was scanned (a
    baseline that knows no findings makes every finding new, and hides that the scan saw
    nothing), unless allow_empty; else warnings naming what the results missed."""
    scanned = len(results.scanned_pages)
    gaps = coverage_gaps(results)
    if not scanned and not allow_empty:
        why = f" ({'; '.join(gaps)})" if gaps else ""
        raise BaselineError(f"no page was scanned{why}: a baseline of these results would know no findings",
                            "scan again and write the baseline from its results, or give --allow-empty "
                            "to write an empty baseline anyway")
    if not gaps:
        return []
    return [f"the results are incomplete: {'; '.join(gaps)}. The baseline knows only the findings of the "
            f"{scanned} page(s) scanned; findings on the others will count as new when a scan reaches them"]


def write_baseline(results: Results, path: str | Path) -> Path:
    """The baseline of results, with how much of the site they covered (check_source judges that)."""
    doc = {"a11y_baseline": BASELINE_VERSION, "created": results.finished or results.started,
           "standard": results.standard, "scanned_pages": len(results.scanned_pages),
           "incomplete": coverage_gaps(results), "findings": baseline_entries(results)}
    return write_atomic(Path(path), json.dumps(doc, indent=2, ensure_ascii=False) + "\n")


def load_baseline(path: str | Path) -> list[dict]:
    path = Path(path)
    doc = read_json(path, BaselineError, "baseline")
    if not isinstance(doc, dict) or "a11y_baseline" not in doc or not isinstance(doc.get("findings"), list):
        raise BaselineError(
            f"baseline {path}: not an a11y baseline (write one with `a11y baseline RESULTS.json -o FILE`)")
    return [e for e in doc["findings"] if isinstance(e, dict) and "fingerprint" in e]


def scanned_addresses(results: Results) -> set[str]:
    """Every address this run scanned a page at (as asked for, and where it landed): a finding
    names its page by where it landed."""
    return {url for p in results.scanned_pages for url in (p.url, p.final_url) if url}


def sort_gone(gone: list[dict], results: Results) -> tuple[list[dict], list[dict]]:
    """(fixed, not checked): known findings this run did not find, split by whether this run
    scanned every page each was on. An entry that names no page is not checked."""
    scanned = scanned_addresses(results)
    fixed, not_checked = [], []
    for entry in gone:
        pages = entry.get("pages") or []
        (fixed if pages and all(p in scanned for p in pages) else not_checked).append(entry)
    return fixed, not_checked


def apply_baseline(results: Results, entries: list[dict], source: str) -> Results:
    """Mark findings new or unchanged; list the known findings that are gone as fixed (results.fixed)
    or, where this run did not scan their pages, as not checked (results.not_checked)."""
    known = {e["fingerprint"]: e for e in entries}
    current = set()
    for f in results.findings:
        f.baseline = "unchanged" if f.fingerprint in known else "new"
        current.add(f.fingerprint)
    gone = [{k: e.get(k) for k in GONE_KEYS} for fp, e in known.items() if fp not in current]
    results.fixed, results.not_checked = sort_gone(gone, results)
    results.baseline_file = source
    results.summary = summarise(results)
    return results


# --- the CI contract: decided in verdict.py, named here for the CLI's imports -----

def exit_code(results: Results, fail_on: str = "minor", fail_on_review: bool = False) -> int:
    """3 if the scan is incomplete (it wins), 1 for new violations at or above fail_on, else 0."""
    return verdict(results, fail_on, fail_on_review).exit_code
