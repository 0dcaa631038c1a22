"""Known findings: write them once, then fail only on new ones."""
from __future__ import annotations

import json
from pathlib import Path

from .models import Results, read_json, summarise
from .reporters import write_atomic
from .verdict import EXIT_INCOMPLETE, EXIT_OK, EXIT_USAGE, EXIT_VIOLATIONS, FAIL_ON_LEVELS, verdict

__all__ = ["EXIT_INCOMPLETE", "EXIT_OK", "EXIT_USAGE", "EXIT_VIOLATIONS", "FAIL_ON_LEVELS"]

BASELINE_VERSION = 1


class BaselineError(ValueError):
    pass


def baseline_entries(results: Results) -> list[dict]:
    """The findings of results as baseline entries (what apply_baseline compares against)."""
    return [
        {"fingerprint": f.fingerprint, "rule": f.rule, "impact": f.impact, "help": f.help,
         "target": f.target, "pages": f.pages}
        for f in results.findings
    ]


def write_baseline(results: Results, path: str | Path) -> Path:
    entries = baseline_entries(results)
    doc = {"a11y_baseline": BASELINE_VERSION, "created": results.finished or results.started,
           "standard": results.standard, "findings": entries}
    return write_atomic(Path(path), json.dumps(doc, indent=2, ensure_ascii=False) + "\n")


def load_baseline(path: str | Path) -> list[dict]:
    path = Path(path)
    doc = read_json(path, BaselineError, "baseline")
    if not isinstance(doc, dict) or "a11y_baseline" not in doc or not isinstance(doc.get("findings"), list):
        raise BaselineError(
            f"baseline {path}: not an a11y baseline (write one with `a11y baseline RESULTS.json -o FILE`)")
    return [e for e in doc["findings"] if isinstance(e, dict) and "fingerprint" in e]


def apply_baseline(results: Results, entries: list[dict], source: str) -> Results:
    """Mark findings new or unchanged; list known findings that are gone as fixed."""
    known = {e["fingerprint"]: e for e in entries}
    current = set()
    for f in results.findings:
        f.baseline = "unchanged" if f.fingerprint in known else "new"
        current.add(f.fingerprint)
    results.fixed = [
        {k: e.get(k) for k in ("fingerprint", "rule", "impact", "help", "pages")}
        for fp, e in known.items() if fp not in current
    ]
    results.baseline_file = source
    results.summary = summarise(results)
    return results


# --- the CI contract: decided in verdict.py, named here for the CLI's imports -----

def exit_code(results: Results, fail_on: str = "minor", fail_on_review: bool = False) -> int:
    """3 if the scan is incomplete (it wins), 1 for new violations at or above fail_on, else 0."""
    return verdict(results, fail_on, fail_on_review).exit_code
