"""The engine interface: what the scan loop knows of axe-core and of our own checks.

An engine has a name and a version, offers rules with their metadata, may inject
scripts into every document as it loads, and runs on a loaded page, returning
results in one shape (EngineResults). The per-page work (pagework.py) calls
engines only through this interface.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from ..models import Node, RuleResult, settled_passed, settled_summary


@dataclass(frozen=True)
class RuleInfo:
    """One rule an engine offers (for `a11y rules`, reports and the catalog tests)."""

    id: str
    engine: str
    title: str
    wcag: tuple[str, ...] = ()
    act: tuple[str, ...] = ()
    impact: str | None = None
    help_url: str = ""
    best_practice: bool = False


@dataclass
class Settlement:
    """A later engine's verdict on an element an earlier one left for review (one of its
    `incomplete` nodes, the object itself): `passed`, or `failed` when the later engine reports
    the failure under its own rule. `by`: the deciding rule's id; `summary`: its evidence."""

    rule: str
    node: Node
    outcome: str  # passed | failed
    by: str
    summary: str


@dataclass
class EngineResults:
    violations: list[RuleResult] = field(default_factory=list)
    incomplete: list[RuleResult] = field(default_factory=list)  # "needs review"
    passed: list[str] = field(default_factory=list)  # rule ids that applied and passed
    inapplicable: list[str] = field(default_factory=list)  # rule ids with nothing to test
    # Review nodes a later engine decided, taken out of `incomplete`: each rule's result holds
    # them with `settled_by`, and each node's summary says the verdict and its evidence.
    settled: list[RuleResult] = field(default_factory=list)
    # This engine's verdicts on nodes of the results it was given (PageTarget.earlier), applied
    # by extend(): decided items leave the review list.
    settlements: list[Settlement] = field(default_factory=list)

    def extend(self, other: EngineResults) -> None:
        self.violations += other.violations
        self.incomplete += other.incomplete
        self.passed = sorted(set(self.passed) | set(other.passed))
        self.inapplicable = sorted(set(self.inapplicable) | set(other.inapplicable))
        self.settled += other.settled
        for s in other.settlements:
            self._settle(s)

    def _settle(self, s: Settlement) -> None:
        result = next((r for r in self.incomplete if r.rule == s.rule and any(n is s.node for n in r.nodes)), None)
        if result is None:
            return  # not a node of these results (already settled, or from another page)
        result.nodes = [n for n in result.nodes if n is not s.node]
        s.node.summary = settled_summary(s.by, s.outcome == "passed", s.summary)
        into = next((r for r in self.settled if r.rule == s.rule and r.settled_by == s.by
                     and r.engine == result.engine), None)
        if into is None:
            into = replace(result, nodes=[], settled_by=s.by)
            self.settled.append(into)
        into.nodes.append(s.node)
        if not result.nodes:
            self.incomplete.remove(result)
            # Every element left for review is now decided; the rule applied, and what it
            # found failing is reported by the deciding rule.
            if result.rule not in self.passed and all(settled_passed(s.by, n) for n in into.nodes):
                self.passed = sorted({*self.passed, result.rule})


@dataclass
class PageTarget:
    """A loaded page handed to each engine: the Playwright page and the time it may take."""

    page: Any  # playwright.async_api.Page
    timeout: float  # seconds for this engine's whole run on this page
    # The navigation's response (playwright Response, or None): the document as served, for
    # checks that judge the bytes rather than the DOM (4.1.1 Parsing).
    response: Any = None
    # What the engines before this one found on the page (their review items, for an engine
    # that can decide some of them: Settlement).
    earlier: EngineResults | None = None
    # The page of the crawl where the link to this one was found (None for a page asked for by
    # name): a page of the same site, for a check that compares pages (bypass blocks).
    referrer: str | None = None


class Engine:
    name: str = ""
    # The engine's run on one page may take budget_factor x --timeout (our checks do
    # several things a person would, one after another; axe does one).
    budget_factor: float = 1.0
    # True for an engine whose run mostly waits on the page rather than keeping its renderer
    # busy: it runs without a CPU slot (cpuslots.py), so other pages can load meanwhile.
    mostly_waits: bool = False

    @property
    def version(self) -> str:
        raise NotImplementedError

    def rules(self) -> list[RuleInfo]:
        """The rules this engine runs with the options it was made with."""
        raise NotImplementedError

    def init_scripts(self) -> list[str]:
        """Scripts to add to every document and frame as it loads (before page scripts)."""
        return []

    async def prepare(self, get_browser) -> None:
        """Once per scan, before the first page. get_browser() returns the running browser,
        launching it on first use: call it only for what cannot wait (a scan whose pages all
        come from --cache never launches one). Raises ValueError for a usage error."""

    async def run(self, target: PageTarget) -> EngineResults:
        raise NotImplementedError

    def describe(self) -> dict[str, str]:
        return {"name": self.name, "version": self.version}
