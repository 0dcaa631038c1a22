"""View models shared by the reporters: results regrouped by rule, by page, by
WCAG success criterion, and counted by impact. Plain data, no formatting, so
that the HTML, Markdown and other reporters present the same numbers."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..baseline import scanned_addresses
from ..catalog import wcag_handles
from ..coverage import NotAudited
from ..coverage import coverage as site_coverage
from ..emulation import Emulation, EmulationError
from ..locations import page_label
from ..models import IMPACTS, Finding, Node, Page, Results, fingerprint, impact_rank, settled_passed
from ..verdict import verdict

STANDARD_NAMES = {
    "section508": "Revised Section 508 (WCAG 2.0 Level A and AA)",
    "wcag21aa": "WCAG 2.1 Level A and AA",
    "wcag22aa": "WCAG 2.2 Level A and AA",
}


def criterion_key(sc: str | None) -> tuple:
    """Sort key: '1.4.3' before '1.4.10'; None (no criterion) last."""
    if sc is None:
        return (1,)
    try:
        return (0, *(int(x) for x in sc.split(".")))
    except ValueError:
        return (0, 99, sc)


def page_url(page: Page) -> str:
    """How reports name a page: its URL; for a local folder, its file and URL path (locations.page_label)."""
    return page_label(page)


@dataclass
class NodeView:
    node: Node
    page: str  # URL of the page the node is on
    baseline: str | None = None  # new | unchanged, when the results carry a baseline


@dataclass
class PageNodes:
    url: str
    title: str | None
    nodes: list[NodeView] = field(default_factory=list)


@dataclass
class ElementView:
    """One element (same rule, selector and markup) and every page it is on."""

    node: Node  # its first occurrence
    pages: list[str] = field(default_factory=list)
    baseline: str | None = None
    shot: NodeView | None = None  # the first occurrence with a screenshot


@dataclass
class RuleGroup:
    """One rule across every page: where it failed and on which elements."""

    rule: str
    impact: str | None
    wcag: list[str]
    help: str
    help_url: str
    description: str = ""
    tags: list[str] = field(default_factory=list)
    pages: list[PageNodes] = field(default_factory=list)

    @property
    def node_count(self) -> int:
        return sum(len(p.nodes) for p in self.pages)

    @property
    def page_count(self) -> int:
        return len(self.pages)

    @property
    def elements(self) -> list[ElementView]:
        """The nodes with repeats across pages folded together (a site-wide header
        shows once, with its pages), in order of first appearance."""
        out: dict[str, ElementView] = {}
        for p in self.pages:
            for nv in p.nodes:
                key = fingerprint(self.rule, nv.node.target, nv.node.html)
                ev = out.get(key)
                if ev is None:
                    ev = out[key] = ElementView(nv.node, baseline=nv.baseline)
                if nv.page not in ev.pages:
                    ev.pages.append(nv.page)
                if ev.shot is None and nv.node.screenshot:
                    ev.shot = nv
        return list(out.values())


@dataclass
class CriterionGroup:
    criterion: str | None  # None: rules with no WCAG criterion (best practice)
    name: str
    rules: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    nodes: int = 0
    by_impact: dict[str, int] = field(default_factory=lambda: {i: 0 for i in IMPACTS})


@dataclass
class PageView:
    page: Page
    violations: int = 0  # rules violated
    nodes: int = 0  # elements failing
    needs_review: int = 0  # rules needing review
    rules: list[tuple[str, str | None, int]] = field(default_factory=list)  # (rule, impact, nodes)
    review_rules: list[tuple[str, str | None, int]] = field(default_factory=list)  # needs review, same shape

    @property
    def url(self) -> str:
        return page_url(self.page)

    @property
    def broken(self) -> bool:
        return (self.page.http_status or 0) >= 400


def _baseline_marks(results: Results) -> dict[str, str]:
    if not results.baseline_file:
        return {}
    return {f.fingerprint: f.baseline for f in results.findings}


def by_rule(results: Results, kind: str = "violations") -> list[RuleGroup]:
    """Results of scanned pages grouped by rule, most severe first.
    kind is 'violations' or 'incomplete' (needs review)."""
    marks = _baseline_marks(results) if kind == "violations" else {}
    groups: dict[str, RuleGroup] = {}
    for page in results.scanned_pages:
        url = page_url(page)
        for r in getattr(page, kind):
            g = groups.get(r.rule)
            if g is None:
                g = groups[r.rule] = RuleGroup(r.rule, r.impact, list(r.wcag), r.help, r.help_url,
                                               r.description, list(r.tags))
            elif impact_rank(r.impact) < impact_rank(g.impact):
                g.impact = r.impact
            for sc in r.wcag:
                if sc not in g.wcag:
                    g.wcag.append(sc)
            nodes = [NodeView(n, url, marks.get(fingerprint(r.rule, n.target, n.html)) if marks else None)
                     for n in r.nodes]
            if g.pages and g.pages[-1].url == url:
                g.pages[-1].nodes.extend(nodes)
            else:
                g.pages.append(PageNodes(url, page.title, nodes))
    return sorted(groups.values(), key=lambda g: (impact_rank(g.impact), g.rule))


def by_criterion(results: Results, kind: str = "violations") -> list[CriterionGroup]:
    """Failing elements per WCAG success criterion (a rule mapped to two criteria
    counts under both); rules with no criterion are grouped last under None."""
    groups: dict[str | None, CriterionGroup] = {}
    for g in by_rule(results, kind):
        for sc in g.wcag or [None]:
            c = groups.get(sc)
            if c is None:
                name = wcag_handles().get(sc, "") if sc else "No WCAG criterion (best practice)"
                c = groups[sc] = CriterionGroup(sc, name)
            c.rules.append(g.rule)
            for p in g.pages:
                if p.url not in c.pages:
                    c.pages.append(p.url)
            c.nodes += g.node_count
            if g.impact in c.by_impact:
                c.by_impact[g.impact] += g.node_count
    return sorted(groups.values(), key=lambda c: criterion_key(c.criterion))


def _rule_counts(results: list) -> list[tuple[str, str | None, int]]:
    return sorted(((r.rule, r.impact, len(r.nodes)) for r in results), key=lambda t: (impact_rank(t[1]), t[0]))


def by_page(results: Results) -> list[PageView]:
    """Every page record, in scan order, with its counts."""
    views = []
    for page in results.pages:
        v = PageView(page)
        if page.status == "scanned":
            v.violations = len(page.violations)
            v.nodes = sum(len(r.nodes) for r in page.violations)
            v.needs_review = len(page.incomplete)
            v.rules = _rule_counts(page.violations)
            v.review_rules = _rule_counts(page.incomplete)
        views.append(v)
    return views


def from_cache(results: Results) -> int:
    """Scanned pages whose record an earlier scan made (--cache: they had not changed)."""
    return sum(p.from_cache for p in results.scanned_pages)


CACHE_NOTE = "from the cache (unchanged since an earlier scan)"


def broken_links(results: Results) -> list[Page]:
    return [p for p in results.pages if (p.http_status or 0) >= 400]


def error_pages(results: Results) -> list[Page]:
    return [p for p in results.pages if p.status == "error"]


def skipped_pages(results: Results) -> list[Page]:
    """Skipped pages other than documents (robots, scope, limits)."""
    return [p for p in results.pages if p.status == "skipped" and not p.is_document]


def skipped_by_reason(results: Results) -> list[NotAudited]:
    """The skipped pages (documents apart) grouped by why, limits first (coverage.py)."""
    return site_coverage(results).skipped


def coverage(results: Results) -> str | None:
    """How much of what was found was scanned, and why the rest was not, in one sentence;
    None when every page found was scanned."""
    return site_coverage(results).scanned_of_found()


def seen_as(results: Results) -> str | None:
    """How the browser showed the pages: 'a 390 × 844 CSS px window, dark colour scheme' (a
    results.json from before --viewport and --color-scheme: Playwright's default window and
    light, which is what those scans used). None when the recorded values are not readable."""
    try:
        return Emulation.from_recorded(results.options).describe()
    except (EmulationError, TypeError, AttributeError):
        return None


NOT_CHECKED_NOTE = "their pages were not scanned in this run"


@dataclass
class BaselineView:
    file: str
    new: list[Finding]
    unchanged: list[Finding]
    fixed: list[dict[str, Any]]
    # Known findings not found on pages this run did not scan: their absence says nothing (baseline.py).
    not_checked: list[dict[str, Any]] = field(default_factory=list)
    scanned: set[str] = field(default_factory=set, repr=False)  # every address this run scanned

    def unscanned(self, entry: dict[str, Any]) -> list[str]:
        """The pages a not-checked finding was on that this run did not scan (why it is not checked)."""
        return [p for p in entry.get("pages") or [] if p not in self.scanned]


def baseline(results: Results) -> BaselineView | None:
    """New, unchanged, fixed and not checked findings relative to --baseline; None without one."""
    if not results.baseline_file:
        return None
    return BaselineView(
        results.baseline_file,
        [f for f in results.findings if f.baseline != "unchanged"],
        [f for f in results.findings if f.baseline == "unchanged"],
        list(results.fixed),
        list(results.not_checked),
        scanned_addresses(results),
    )


def completeness(results: Results) -> tuple[bool, str]:
    """(complete?, a sentence saying so) — an error page makes a scan incomplete."""
    reasons = verdict(results).incomplete_reasons
    if reasons:
        return False, f"INCOMPLETE: {'; '.join(reasons)}."
    return True, "Complete: every page found was scanned, skipped with a reason, or listed as a document."


# What became of an [[ignore]] entry in a scan, in words (every format says the same).
SUPPRESSION_STATUS = {
    "active": "in force",
    "expired": "expired: no longer suppressing; what it matched counts as violations again",
    "stale": "stale: matched nothing in this scan",
}


@dataclass
class SuppressedView:
    """One violation an [[ignore]] entry accepted, with the entry (its reason and end date)."""

    page: str
    rule: str
    impact: str | None
    help: str
    help_url: str
    node: Node
    entry: dict[str, Any]


def suppressed(results: Results) -> list[SuppressedView]:
    """Every suppressed element, in page order, each with the entry that accepted it."""
    entries = {e.get("entry"): e for e in results.suppressions}
    return [SuppressedView(page_url(p), r.rule, r.impact, r.help, r.help_url, n,
                           entries.get(r.suppressed_by, {"entry": r.suppressed_by, "reason": ""}))
            for p in results.scanned_pages for r in p.suppressed for n in r.nodes]


@dataclass
class SettledView:
    """One rule's review items that a rule of another engine decided, counted by verdict."""

    rule: str
    by: str
    passed: int
    failed: int


def settled(results: Results) -> list[SettledView]:
    """Review items decided by another engine's rule (a page's `settled`), per rule and decider."""
    counts: dict[tuple[str, str], list[int]] = {}
    for p in results.scanned_pages:
        for r in p.settled:
            tally = counts.setdefault((r.rule, r.settled_by or ""), [0, 0])
            for n in r.nodes:
                tally[0 if settled_passed(r.settled_by or "", n) else 1] += 1
    return [SettledView(rule, by, ok, bad) for (rule, by), (ok, bad) in sorted(counts.items())]
