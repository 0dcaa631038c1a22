"""The CI verdict: one function that the exit code and every reporter share.

incomplete (exit 3) wins over failed (exit 1): a scan that could not look at
everything cannot say the site passes, whatever it found.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .models import Finding, Node, Page, Results, RuleResult, fingerprint, impact_rank

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
    # The pages that could not be scanned (status error), each with its reason.
    error_pages: list[Page] = field(default_factory=list)
    # Every finding by fingerprint, for why_not_failing (the baseline mark of an element).
    findings: dict[str, Finding] = field(default_factory=dict, repr=False)
    baseline_file: str | None = None

    def __post_init__(self) -> None:
        self._gating_keys = {f.fingerprint for f in self.gating_findings}

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    def why_not_failing(self, result: RuleResult, node: Node | None, kind: str = "violations") -> str | None:
        """None when this element fails the build under the run's settings; else why it does not,
        a phrase to follow "not failing the build: ". kind: where the result is on its page:
        violations, incomplete (needs review) or suppressed. The reporters ask this, so they mark
        as failing exactly what the exit code counts."""
        if kind == "suppressed":
            return f"suppressed by [[ignore]] entry {result.suppressed_by}"
        if kind == "incomplete":
            return self._why_review_passes(result)
        key = fingerprint(result.rule, node.target, node.html)
        if key in self._gating_keys:
            return None
        if self.fail_on == "none":
            return "fail-on none"
        if not _gates(result.impact, self.fail_on):
            return f"impact {result.impact or 'unknown'}, below fail-on {self.fail_on}"
        found = self.findings.get(key)
        if found is not None and found.baseline == "unchanged":
            return f"known from the baseline {self.baseline_file}" if self.baseline_file else "known from the baseline"
        return "not among this run's findings"

    def _why_review_passes(self, result: RuleResult) -> str | None:
        if _review_gates(result, self.fail_on, self.fail_on_review):
            return None
        if not self.fail_on_review:
            return "items needing review fail it only with --fail-on-review"
        if self.fail_on == "none":
            return "fail-on none"
        return f"impact {result.impact}, below fail-on {self.fail_on}"


def _gates(impact: str | None, fail_on: str) -> bool:
    return fail_on != "none" and impact_rank(impact) <= impact_rank(fail_on)


def _review_gates(item: RuleResult, fail_on: str, fail_on_review: bool) -> bool:
    """Whether an item needing review fails the build: only with --fail-on-review, and (when
    axe gave it an impact) at or above fail_on."""
    return fail_on_review and fail_on != "none" and (item.impact is None or _gates(item.impact, fail_on))


def could_not_scan(pages: list[Page]) -> str:
    """The pages in error, for the verdict's reasons: the first named with its reason (the cause
    a CI log's last line must show), the rest counted."""
    first = pages[0]
    more = f", and {len(pages) - 1} more page(s)" if len(pages) > 1 else ""
    return f"{first.url} could not be scanned ({first.reason or 'no reason recorded'}){more}"


def _shards(numbers: list[int], count) -> str:
    """'shard 3 of 3', 'shards 2, 3 of 3'."""
    of = f" of {count}" if count else ""
    return f"shard{'s' * (len(numbers) > 1)} {', '.join(map(str, numbers))}{of}"


def unfinished(results: Results) -> list[str]:
    """Why results that are not complete are partial, for the verdict's reasons: for `a11y merge`,
    the shards missing (options.merged.missing, with the pages of theirs not audited,
    merged.not_audited) and the shards that did not finish themselves (merged.unfinished); else
    (a scan interrupted or stopped; a merge by an a11y that recorded neither) that the scan did
    not finish."""
    merged = results.options.get("merged") or {}
    count = merged.get("shards")
    reasons = []
    if missing := merged.get("missing"):
        pages = merged.get("not_audited")
        what = (f"{pages} page(s) not audited" if pages
                else "pages not audited, none of them known to the shards given" if pages == 0
                else "pages not audited")  # merged by an a11y that did not count them
        reasons.append(f"{_shards(missing, count)} missing: {what}")
    if stopped := merged.get("unfinished"):
        reasons.append(f"{_shards(stopped, count)} did not finish (interrupted or stopped); results are partial")
    return reasons or ["the scan did not finish; results are partial"]


def verdict(results: Results, fail_on: str | None = None, fail_on_review: bool | None = None) -> Verdict:
    """The verdict for results; the thresholds default to those recorded in results.options."""
    fail_on = fail_on if fail_on is not None else str(results.options.get("fail_on", "minor"))
    if fail_on_review is None:
        fail_on_review = bool(results.options.get("fail_on_review", False))
    gating = [f for f in results.findings if f.baseline == "new" and _gates(f.impact, fail_on)]
    review = [(p.final_url or p.url, r) for p in results.scanned_pages for r in p.incomplete
              if _review_gates(r, fail_on, fail_on_review)]
    reasons = unfinished(results) if not results.complete else []
    # A seed is what the user asked for by name: a mistyped one must not give a green build.
    reasons += [f"seed returned {p.http_status}: {p.url}" for p in results.pages
                if p.depth == 0 and p.found_on is None and (p.http_status or 0) >= 400]
    errors = [p for p in results.pages if p.status == "error"]
    if errors:
        reasons.append(could_not_scan(errors))
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
                   stale_suppressions=[s for s in results.suppressions if s.get("status") == "stale"],
                   error_pages=errors, findings={f.fingerprint: f for f in results.findings},
                   baseline_file=results.baseline_file)
