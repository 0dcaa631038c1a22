"""Helpers for the project's own tests: does a page we produce scan clean?

Every page we ship (reports, ACRs, desk pages) is checked with the scanner
itself, in a real Chromium: the same Scanner the `a11y scan` command runs, so
axe in every frame and our own checks (reflow, keyboard, focus...) alike.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import html
import tempfile
from pathlib import Path

from .browser import launch_options
from .models import Results, RuleResult
from .serve import serve_directory


def chromium_launch_args() -> dict:
    """kwargs for playwright's p.chromium.launch(**kwargs)."""
    return launch_options()


def scan_results(url: str, standard: str = "wcag21aa", best_practice: bool = True,
                 storage_state: str | None = None, checks: bool = True) -> Results:
    """Scan url alone (depth 0) with the real Scanner, in a thread of its own (so a test that
    also drives Playwright's sync API, which keeps its own event loop, can call it)."""
    from .scan import Scanner, ScanOptions

    # A generous time limit: on a busy machine our checks must still reach a verdict
    # (a check that runs out of time says "needs review", which would hide a failure).
    options = ScanOptions(standard=standard, best_practice=best_practice, depth=0, sitemap=False,
                          concurrency=1, storage_state=storage_state, checks=checks, timeout=120)

    async def go() -> Results:
        async with Scanner([url], options) as scanner:
            return await scanner.run()

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, go()).result()


def scan_url_violations(url: str, standard: str = "wcag21aa", best_practice: bool = True,
                        storage_state: str | None = None) -> list[RuleResult]:
    """The violations of the page at url ([] = clean); an error if it could not be scanned."""
    results = scan_results(url, standard, best_practice, storage_state)
    page = results.pages[0] if results.pages else None
    if page is None or page.status != "scanned":
        raise RuntimeError(f"{url} was not scanned: {page and (page.status, page.reason)}")
    return page.violations


def snapshot_violations(page, standard: str = "wcag21aa", best_practice: bool = True) -> list[RuleResult]:
    """Violations of the document a (sync-API) Playwright page shows now, state included (a form
    with its errors, a signed-in view): its markup is saved with a <base> pointing at its own
    address, so styles and images still load from the real server, and scanned like any page."""
    markup = page.content()
    base = f'<base href="{html.escape(page.url, quote=True)}">'
    head_end = markup.lower().find("<head>")
    markup = (markup[:head_end + 6] + base + markup[head_end + 6:]) if head_end >= 0 else base + markup
    with tempfile.TemporaryDirectory(prefix="a11y-snapshot-") as folder:
        Path(folder, "index.html").write_text(markup, encoding="utf-8")
        with serve_directory(folder) as url:
            return scan_url_violations(url, standard, best_practice)


def describe(violations: list[RuleResult]) -> str:
    """A readable assertion message: rule, impact and the first targets."""
    lines = []
    for v in violations:
        targets = ", ".join(n.selector() for n in v.nodes[:5])
        lines.append(f"{v.rule} ({v.impact}): {v.help} -> {targets}")
    return "\n".join(lines)
