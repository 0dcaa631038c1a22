"""Per-criterion roll-up: what the automated scan says about each success criterion.

Levels use OpenACR's terms. Automation can show that a criterion fails; it can
never show that one is met, so it never says `supports`:
- failures on some applicable pages            -> partially-supports
- failures on most (or all) applicable pages   -> does-not-support
- no failures                                  -> not-evaluated, with what was covered and what is left
- the catalog says applicability is decidable, no scanned page had anything the
  criterion applies to, and every page of the site that discovery found was
  audited                                      -> not-applicable, with the reason
  (a page cut by --max-pages, --depth, robots.txt, --exclude/--include, an error,
  an unfinished scan or a shard not merged may have what the criterion applies to:
  then not-evaluated, saying which pages were not audited and why)
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .catalog import Catalog, Criterion
from .coverage import Coverage, coverage
from .locations import page_label
from .models import IMPACTS, Page, Results

TERMS = ("supports", "partially-supports", "does-not-support", "not-applicable", "not-evaluated")
TERM_LABELS = {
    "supports": "Supports", "partially-supports": "Partially Supports",
    "does-not-support": "Does Not Support", "not-applicable": "Not Applicable",
    "not-evaluated": "Not Evaluated",
}
MAX_LISTED = 10  # pages named in a note before "and N more"


@dataclass
class CriterionResult:
    criterion: Criterion
    level: str  # an OpenACR term
    evidence: str  # what the automated scan found
    todo: str = ""  # the manual review step still left ("" when not applicable)
    failed_pages: list[str] = field(default_factory=list)
    review_pages: list[str] = field(default_factory=list)
    applicable_pages: list[str] = field(default_factory=list)
    failing_rules: dict[str, int] = field(default_factory=dict)  # rule -> failing elements
    review_rules: dict[str, int] = field(default_factory=dict)
    suppressed: dict[tuple[str, int], int] = field(default_factory=dict)  # (rule, [[ignore]] entry) -> elements
    impacts: dict[str, int] = field(default_factory=dict)  # failing elements by impact
    procedures_run: list[str] = field(default_factory=list)

    @property
    def num(self) -> str:
        return self.criterion.num

    @property
    def notes(self) -> str:
        return f"{self.evidence} {self.todo}".strip()


@dataclass
class Conformance:
    catalog: Catalog
    criteria: list[CriterionResult]
    scanned_pages: list[str]
    error_pages: list[str]
    documents: list[str]
    coverage: Coverage | None = None  # what of the site was not audited (Evaluation Methods Used says it)

    def get(self, num: str) -> CriterionResult | None:
        return next((r for r in self.criteria if r.num == num), None)

    def counts(self) -> dict[str, int]:
        out = {t: 0 for t in TERMS}
        for r in self.criteria:
            out[r.level] += 1
        return out


def page_url(page: Page) -> str:
    """A page as the ACR names it: its URL, or for a local folder its file and URL path."""
    return page_label(page)


def listing(urls: list[str], limit: int = MAX_LISTED) -> str:
    """'a, b, c' or 'a, b, … and 4 more' so a note stays readable on a big site."""
    shown = ", ".join(urls[:limit])
    return shown + (f" and {len(urls) - limit} more" if len(urls) > limit else "")


def _evidence(criterion: Criterion, pages: list[Page]) -> CriterionResult:
    procs = set(criterion.procedures)
    res = CriterionResult(criterion=criterion, level="not-evaluated", evidence="",
                          impacts={i: 0 for i in IMPACTS})
    failed, review, applicable, ran = [], [], [], set()

    def counts(r) -> bool:
        # Our own checks (and future axe rules) may carry WCAG criteria the catalog does not list yet.
        return r.rule in procs or criterion.num in (r.wcag or [])

    for page in pages:
        url = page_url(page)
        fails = [r for r in page.violations if counts(r)]
        reviews = [r for r in page.incomplete if counts(r)]
        passes = [r for r in page.passed if r in procs]
        ran.update(r.rule for r in fails + reviews)
        ran.update(passes)
        ran.update(r for r in page.inapplicable if r in procs)
        for r in fails:
            res.failing_rules[r.rule] = res.failing_rules.get(r.rule, 0) + len(r.nodes)
            key = r.impact if r.impact in res.impacts else None
            if key:
                res.impacts[key] += len(r.nodes)
        for r in reviews:
            res.review_rules[r.rule] = res.review_rules.get(r.rule, 0) + len(r.nodes)
        for r in page.suppressed:
            if counts(r):
                key = (r.rule, r.suppressed_by)
                res.suppressed[key] = res.suppressed.get(key, 0) + len(r.nodes)
        if fails:
            failed.append(url)
        if reviews:
            review.append(url)
        if fails or reviews or passes:
            applicable.append(url)
    res.failed_pages, res.review_pages, res.applicable_pages = failed, review, applicable
    res.procedures_run = sorted(ran)
    return res


def _nothing_to_test(res: CriterionResult, pages: list[Page]) -> bool:
    """The criterion's applicability rules ran on every scanned page and found nothing to test."""
    c = res.criterion
    return (c.automation == "applicability" and bool(pages) and not res.applicable_pages
            and all(set(c.applicability_rules) <= set(p.inapplicable) for p in pages))


def _not_decidable(c: Criterion, coverage: Coverage, pages: list[Page]) -> str:
    """Why 'nothing found on the scanned pages' does not show 'nothing on the site'."""
    left = []
    if coverage.not_audited:
        left.append(f"{coverage.count} page(s) of the site were not audited ({coverage.reasons()})")
    if not coverage.finished:
        left.append("the scan did not finish")
    return (f"Not Applicable cannot be decided: {c.applicability_reason} ({len(pages)} page(s)), but "
            f"{' and '.join(left)}, so automation cannot show that the site has none.")


def _decide(res: CriterionResult, pages: list[Page], coverage: Coverage, reasons: dict) -> None:
    c = res.criterion
    n_app, n_fail = len(res.applicable_pages), len(res.failed_pages)
    parts: list[str] = []
    nothing_to_test = not n_fail and _nothing_to_test(res, pages)
    if n_fail:
        res.level = "does-not-support" if (n_fail == n_app or 2 * n_fail > n_app) else "partially-supports"
        rules = ", ".join(f"{r} ({n} element{'s' if n != 1 else ''})" for r, n in sorted(res.failing_rules.items()))
        parts.append(f"Automated testing found failures on {n_fail} of {n_app} page(s) where its checks "
                     f"applied: {rules}. Failing pages: {listing(res.failed_pages)}.")
    elif nothing_to_test and coverage.whole_site:
        res.level = "not-applicable"
        parts.append(f"Not applicable: {c.applicability_reason} ({len(pages)} page(s); automated rules "
                     f"{', '.join(c.applicability_rules)} found nothing to test).")
    elif nothing_to_test:
        parts.append(_not_decidable(c, coverage, pages))
    elif c.procedures and n_app:
        parts.append(f"No failures found by automated checks ({', '.join(res.procedures_run)}) on the "
                     f"{n_app} page(s) where they applied; automation cannot confirm conformance.")
    elif c.procedures and res.procedures_run:
        parts.append(f"The automated checks ({', '.join(res.procedures_run)}) found nothing to test "
                     f"on the {len(pages)} scanned page(s).")
    elif c.procedures:
        parts.append(f"The automated checks for this criterion ({', '.join(c.procedures)}) were not run "
                     "in this scan.")
    else:
        parts.append("No automated check covers this criterion.")
    if res.review_pages:
        rules = ", ".join(sorted(res.review_rules))
        parts.append(f"Needs review ({rules}) on {len(res.review_pages)} page(s): {listing(res.review_pages)}.")
    if res.suppressed:
        # Reviewed exceptions ([[ignore]] in a11y.toml) are not counted, and the note says so with the reason.
        accepted = "; ".join(f"{rule} ({n} element{'s' if n != 1 else ''}, [[ignore]] entry {entry}: "
                             f"{reasons.get(entry, '')})" for (rule, entry), n in sorted(res.suppressed.items()))
        parts.append(f"Not counted as failures, accepted by a reviewed exception: {accepted}.")
    res.evidence = " ".join(parts)
    if res.level != "not-applicable":
        baseline = f" (ICT Baseline {', '.join(c.baseline)})" if c.baseline else ""
        res.todo = f"Manual review{baseline}: {c.manual}"


def roll_up(results: Results, catalog: Catalog) -> Conformance:
    pages = results.scanned_pages
    error_pages = [page_url(p) for p in results.pages if p.status == "error"]
    reasons = {e.get("entry"): e.get("reason", "") for e in results.suppressions}
    covered = coverage(results)
    out = []
    for criterion in catalog.criteria:
        res = _evidence(criterion, pages)
        _decide(res, pages, covered, reasons)
        out.append(res)
    return Conformance(catalog=catalog, criteria=out, scanned_pages=[page_url(p) for p in pages],
                       error_pages=error_pages, documents=[page_url(p) for p in results.documents],
                       coverage=covered)
