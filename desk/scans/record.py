"""Keep a finished scan's evidence: results, report, counts, and the comparison with the first scan."""
from __future__ import annotations

from a11y.baseline import apply_baseline, baseline_entries
from a11y.models import Results, results_from_dict

from ..extensions import db
from .model import Scan
from .scanning import report_html


def load(scan: Scan) -> Results | None:
    import json

    return results_from_dict(json.loads(scan.results_json)) if scan.results_json else None


def record_results(scan: Scan, results: Results) -> None:
    first = db.session.get(Scan, scan.compared_to_id) if scan.compared_to_id else None
    baseline = load(first) if first is not None else None
    if baseline is not None:
        # The scanner's own baseline: what the first scan found and is gone now is fixed.
        apply_baseline(results, baseline_entries(baseline), f"scan {first.id}")
    criteria = sorted({c for f in results.findings for c in f.wcag}, key=_criterion_key)
    scan.failing_elements = results.summary.get("failing_elements", 0)
    scan.criteria = "," + ",".join(criteria) + "," if criteria else ""
    scan.results_json = results.to_json()
    scan.report_html = report_html(results)


def _criterion_key(num: str) -> tuple[int, ...]:
    return tuple(int(p) for p in num.split(".") if p.isdigit())
