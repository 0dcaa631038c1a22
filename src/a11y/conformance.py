"""Per-criterion roll-up: what the automated scan says about each success criterion.

Levels use OpenACR's terms. Automation can show that a criterion fails; it can
never show that one is met, so it never says `supports`:
- failures on some applicable pages            -> partially-supports
- failures on most (or all) applicable pages   -> does-not-support
- no failures                                  -> not-evaluated, with what was covered and what is left
- never not-applicable: for criteria whose applicability rules the catalog lists (1.2.x:
  media), the note says what the scan found that they apply to (video, audio, object
  elements), what else may hold media (frames, linked audio and video files) and what was
  not audited; that nothing applies is left to a person, as no rule the scan runs sees the
  media of an <embed> or a player that a script adds when a button is clicked
- a procedure of the criterion that did not run (--disable-rules, --rules, --checks none,
  a scan for another standard) is named with why, so "found nothing" is not read as
  "looked everywhere"
"""
from __future__ import annotations

import mimetypes
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .catalog import STANDARDS, Catalog, CatalogError, Criterion, load_catalog
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
# axe rules that apply to <iframe>/<frame>: a frame may hold a video player (1.2.x).
FRAME_RULES = ("frame-title", "frame-title-unique", "frame-focusable-content")


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
    error_pages: list[str]  # "page (why it could not be scanned)"
    documents: list[str]
    coverage: Coverage | None = None  # what of the site was not audited (Evaluation Methods Used says it)
    scan: ScanFacts | None = None

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


@dataclass
class ScanFacts:
    """What the results say about the scan as a whole, for every criterion's note."""

    pages: list[Page]
    coverage: Coverage
    reasons: dict  # [[ignore]] entry -> its reason
    ran: dict[str, int]  # rule or check id -> scanned pages it ran on (any outcome)
    options: dict
    standard: str  # the scan's own standard
    standard_rules: set[str] | None  # the procedures its catalog lists (None: unknown standard)
    frames: list[str]  # pages with frames (FRAME_RULES applied)
    media_files: list[str]  # linked audio and video files, found and not evaluated


def _applied_on(page: Page) -> set[str]:
    """The rules and checks that found something to test on the page."""
    found = page.violations + page.incomplete + page.suppressed + page.settled
    return {r.rule for r in found} | set(page.passed)


def _ran_on(page: Page) -> set[str]:
    """Every rule and check that ran on the page, whatever it found."""
    return _applied_on(page) | set(page.inapplicable)


def is_media(page: Page) -> bool:
    """An audio or video file, by the type it was served with or its name (episode.mp3)."""
    sent = page.content_type or (page.reason or "").removeprefix("not-html:").strip()
    if "/" not in sent:  # not fetched (listed by its name): what the name says
        sent = mimetypes.guess_type(urlsplit(page.url).path)[0] or ""
    return sent.startswith(("audio/", "video/"))


def scan_facts(results: Results) -> ScanFacts:
    pages = results.scanned_pages
    ran: dict[str, int] = {}
    for page in pages:
        for rule in _ran_on(page):
            ran[rule] = ran.get(rule, 0) + 1
    try:
        own = set(load_catalog(results.standard).rule_index()) if results.standard in STANDARDS else None
    except CatalogError:
        own = None
    return ScanFacts(
        pages=pages, coverage=coverage(results),
        reasons={e.get("entry"): e.get("reason", "") for e in results.suppressions},
        ran=ran, options=results.options or {}, standard=results.standard, standard_rules=own,
        frames=[page_url(p) for p in pages if _applied_on(p) & set(FRAME_RULES)],
        media_files=[page_url(p) for p in results.documents if is_media(p)])


def _why_not_run(rule: str, c: Criterion, scan: ScanFacts) -> str:
    """Why a procedure of the criterion did not run, from the options the results record."""
    opts = scan.options
    if not scan.pages:
        return "no page was scanned"
    if rule in (opts.get("disable_rules") or []):
        return "disabled with --disable-rules"
    if opts.get("rules") and rule not in opts["rules"]:
        return "not named in --rules"
    if rule in c.checks and opts.get("checks") is False:
        return "--checks none"
    if scan.standard_rules is not None and rule not in scan.standard_rules:
        return f"not run for the scan's standard, {scan.standard}"
    if rule not in c.checks:
        # axe records every rule it runs (passed and inapplicable ones by id): one with no record
        # on any page is one the bundled axe-core keeps off unless named.
        return "off in the bundled axe-core unless named: an experimental or deprecated rule, which --rules runs"
    return "no result recorded"


def not_run(c: Criterion, scan: ScanFacts) -> list[str]:
    """['image-alt (disabled with --disable-rules)', 'reflow-320 (--checks none)']: the
    criterion's procedures that did not run on every scanned page, each with why."""
    missing = []
    for rule in c.procedures:
        on = scan.ran.get(rule, 0)
        if not on:
            missing.append(f"{rule} ({_why_not_run(rule, c, scan)})")
        elif on < len(scan.pages):
            missing.append(f"{rule} (ran on {on} of {len(scan.pages)} page(s))")
    return missing


def _media_note(res: CriterionResult, scan: ScanFacts) -> str:
    """For a criterion whose applicability the catalog's rules show (1.2.x, media): what the
    scan found that it applies to or that may hold media; when nothing, why automation still
    cannot say that it does not apply."""
    c, pages, rules = res.criterion, scan.pages, set(res.criterion.applicability_rules)
    found = []
    for rule in c.applicability_rules:
        if on := [page_url(p) for p in pages if rule in _applied_on(p)]:
            found.append(f"elements that {rule} tests on {len(on)} page(s) ({listing(on)})")
    if scan.frames:
        found.append(f"frames, which may hold a player, on {len(scan.frames)} page(s) ({listing(scan.frames)})")
    if scan.media_files:
        found.append(f"{len(scan.media_files)} linked audio or video file(s), not evaluated "
                     f"({listing(scan.media_files)})")
    if found:
        return f"Found what the criterion may apply to: {'; '.join(found)}."
    parts = []
    if pages and all(rules <= set(p.inapplicable) for p in pages):
        parts.append(f"No media found by automated rules {', '.join(c.applicability_rules)}: "
                     f"{c.applicability_reason} ({len(pages)} page(s)).")
    elif pages:
        parts.append(f"The rules that find media ({', '.join(c.applicability_rules)}) did not run on "
                     "every scanned page.")
    covered = scan.coverage
    if covered.not_audited:
        parts.append(f"{covered.count} page(s) of the site were not audited ({covered.reasons()}).")
    if not covered.finished:
        parts.append("The scan did not finish.")
    parts.append("Automation cannot show that the criterion does not apply: no rule it runs sees "
                 "media in an <embed> element or a player that a script adds when a button is clicked.")
    return " ".join(parts)


def _decide(res: CriterionResult, scan: ScanFacts) -> None:
    c = res.criterion
    n_app, n_fail = len(res.applicable_pages), len(res.failed_pages)
    parts: list[str] = []
    todo: list[str] = []
    if n_fail:
        res.level = "does-not-support" if (n_fail == n_app or 2 * n_fail > n_app) else "partially-supports"
        rules = ", ".join(f"{r} ({n} element{'s' if n != 1 else ''})" for r, n in sorted(res.failing_rules.items()))
        parts.append(f"Automated testing found failures on {n_fail} of {n_app} page(s) where its checks "
                     f"applied: {rules}. Failing pages: {listing(res.failed_pages)}.")
    elif c.procedures and n_app:
        parts.append(f"No failures found by automated checks ({', '.join(res.procedures_run)}) on the "
                     f"{n_app} page(s) where they applied; automation cannot confirm conformance.")
    elif c.procedures and res.procedures_run:
        parts.append(f"The automated checks ({', '.join(res.procedures_run)}) found nothing to test "
                     f"on the {len(scan.pages)} scanned page(s).")
    elif c.procedures:
        parts.append(f"None of the automated checks for this criterion ran in this scan: "
                     f"{', '.join(not_run(c, scan))}.")
    elif c.automation != "applicability":
        # Not evidence of the scan: said as the step left, so a tester's verdict stands alone.
        todo.append("No automated check covers this criterion.")
    if res.procedures_run and (missing := not_run(c, scan)):
        parts.append(f"Not run in this scan: {', '.join(missing)}.")
    if c.automation == "applicability" and not n_fail:
        parts.append(_media_note(res, scan))
    if res.review_pages:
        rules = ", ".join(sorted(res.review_rules))
        parts.append(f"Needs review ({rules}) on {len(res.review_pages)} page(s): {listing(res.review_pages)}.")
    if res.suppressed:
        # Reviewed exceptions ([[ignore]] in a11y.toml) are not counted, and the note says so with the reason.
        accepted = "; ".join(f"{rule} ({n} element{'s' if n != 1 else ''}, [[ignore]] entry {entry}: "
                             f"{scan.reasons.get(entry, '')})" for (rule, entry), n in sorted(res.suppressed.items()))
        parts.append(f"Not counted as failures, accepted by a reviewed exception: {accepted}.")
    res.evidence = " ".join(parts)
    baseline = f" (ICT Baseline {', '.join(c.baseline)})" if c.baseline else ""
    todo.append(f"Manual review{baseline}: {c.manual}")
    res.todo = " ".join(todo)


def roll_up(results: Results, catalog: Catalog) -> Conformance:
    scan = scan_facts(results)
    error_pages = [f"{page_url(p)} ({p.reason or 'no reason recorded'})" for p in results.pages
                   if p.status == "error"]
    out = []
    for criterion in catalog.criteria:
        res = _evidence(criterion, scan.pages)
        _decide(res, scan)
        out.append(res)
    return Conformance(catalog=catalog, criteria=out, scanned_pages=[page_url(p) for p in scan.pages],
                       error_pages=error_pages, documents=[page_url(p) for p in results.documents],
                       coverage=scan.coverage, scan=scan)
