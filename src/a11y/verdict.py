"""The CI verdict: one function that the exit code and every reporter share.

incomplete (exit 3) wins over failed (exit 1): a scan that could not look at
everything cannot say the site passes, whatever it found.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .models import Finding, Results, RuleResult, impact_rank

EXIT_OK, EXIT_VIOLATIONS, EXIT_USAGE, EXIT_INCOMPLETE = 0, 1, 2, 3
FAIL_ON_LEVELS = ("critical", "serious", "moderate", "minor", "none")


@dataclass
class Verdict:
    status: str  # passed | failed | incomplete
    exit_code: int
    fail_on: str
    fail_on_review: bool
    gating_findings: list[Finding] = field(default_factory=list)  # new, at or above fail_on
    gating_review: list[tuple[str, RuleResult]] = field(default_factory=list)  # (page url, item)
    incomplete_reasons: list[str] = field(default_factory=list)
    # Reviewed suppressions ([[ignore]]): what they took out of the verdict, and entries to look at again.
    suppressed_elements: int = 0
    expired_suppressions: list[dict] = field(default_factory=list)  # past `until`: no longer suppressing
    stale_suppressions: list[dict] = field(default_factory=list)  # matched nothing in this scan

    @property
    def passed(self) -> bool:
        return self.status == "passed"


def _gates(impact: str | None, fail_on: str) -> bool:
    return fail_on != "none" and impact_rank(impact) <= impact_rank(fail_on)


def verdict(results: Results, fail_on: str | None = None, fail_on_review: bool | None = None) -> Verdict:
    """The verdict for results; the thresholds default to those recorded in results.options."""
    fail_on = fail_on if fail_on is not None else str(results.options.get("fail_on", "minor"))
    if fail_on_review is None:
        fail_on_review = bool(results.options.get("fail_on_review", False))
    gating = [f for f in results.findings if f.baseline == "new" and _gates(f.impact, fail_on)]
    review = []
    if fail_on_review and fail_on != "none":
        review = [(p.final_url or p.url, r) for p in results.scanned_pages for r in p.incomplete
                  if r.impact is None or _gates(r.impact, fail_on)]
    reasons = []
    if not results.complete:
        reasons.append("the scan did not finish; results are partial")
    # A seed is what the user asked for by name: a mistyped one must not give a green build.
    reasons += [f"seed returned {p.http_status}: {p.url}" for p in results.pages
                if p.depth == 0 and p.found_on is None and (p.http_status or 0) >= 400]
    errors = sum(p.status == "error" for p in results.pages)
    if errors:
        reasons.append(f"{errors} page(s) could not be scanned")
    # A shard's share may hold no page; `a11y merge` judges the whole.
    if not results.scanned_pages and results.complete and not results.options.get("shard"):
        first = next((p for p in results.pages if p.status == "skipped"), None)
        reasons.append("no page was scanned" + (f": {first.url} skipped ({first.reason})" if first else ""))
    if reasons:
        status, code = "incomplete", EXIT_INCOMPLETE
    elif gating or review:
        status, code = "failed", EXIT_VIOLATIONS
    else:
        status, code = "passed", EXIT_OK
    # Suppressed violations are not in results.findings (suppressions.apply moved them to
    # page.suppressed), so they gate nothing; an expired entry's matches are findings again.
    return Verdict(status=status, exit_code=code, fail_on=fail_on, fail_on_review=fail_on_review,
                   gating_findings=gating, gating_review=review, incomplete_reasons=reasons,
                   suppressed_elements=sum(len(r.nodes) for p in results.scanned_pages for r in p.suppressed),
                   expired_suppressions=[s for s in results.suppressions if s.get("status") == "expired"],
                   stale_suppressions=[s for s in results.suppressions if s.get("status") == "stale"])
