"""The engine interface: what the scan loop knows of axe-core and of our own checks.

An engine has a name and a version, offers rules with their metadata, may inject
scripts into every document as it loads, and runs on a loaded page, returning
results in one shape (EngineResults). The per-page work (pagework.py) calls
engines only through this interface.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..models import RuleResult


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
class EngineResults:
    violations: list[RuleResult] = field(default_factory=list)
    incomplete: list[RuleResult] = field(default_factory=list)  # "needs review"
    passed: list[str] = field(default_factory=list)  # rule ids that applied and passed
    inapplicable: list[str] = field(default_factory=list)  # rule ids with nothing to test

    def extend(self, other: EngineResults) -> None:
        self.violations += other.violations
        self.incomplete += other.incomplete
        self.passed = sorted(set(self.passed) | set(other.passed))
        self.inapplicable = sorted(set(self.inapplicable) | set(other.inapplicable))


@dataclass
class PageTarget:
    """A loaded page handed to each engine: the Playwright page and the time it may take."""

    page: Any  # playwright.async_api.Page
    timeout: float  # seconds for this engine's whole run on this page
    # The navigation's response (playwright Response, or None): the document as served, for
    # checks that judge the bytes rather than the DOM (4.1.1 Parsing).
    response: Any = None


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
