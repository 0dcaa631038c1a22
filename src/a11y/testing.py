"""Helpers for the project's own tests: does a page we produce scan clean?

Every page we ship (reports, ACRs, desk pages) is checked with the same axe
engine the scanner uses, in a real Chromium, in every frame.
"""
from __future__ import annotations

from .browser import launch_options
from .engines.axe import axe_options, convert, run_axe_sync
from .models import RuleResult


def chromium_launch_args() -> dict:
    """kwargs for playwright's p.chromium.launch(**kwargs)."""
    return launch_options()


def page_violations(page, standard: str = "wcag21aa", best_practice: bool = True) -> list[RuleResult]:
    """Violations on an already-open Playwright sync-API page (all frames)."""
    raw = run_axe_sync(page, axe_options(standard, best_practice))
    return convert(raw)["violations"]


def scan_url_violations(url: str, standard: str = "wcag21aa", best_practice: bool = True) -> list[RuleResult]:
    """Open url in a fresh headless Chromium and return its violations ([] = clean)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(**chromium_launch_args())
        try:
            context = browser.new_context()
            page = context.new_page()
            page.goto(url, wait_until="load")
            return page_violations(page, standard, best_practice)
        finally:
            browser.close()


def describe(violations: list[RuleResult]) -> str:
    """A readable assertion message: rule, impact and the first targets."""
    lines = []
    for v in violations:
        targets = ", ".join(n.selector() for n in v.nodes[:5])
        lines.append(f"{v.rule} ({v.impact}): {v.help} -> {targets}")
    return "\n".join(lines)
