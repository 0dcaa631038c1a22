"""Running one of our checks on a fixture page, in a real Chromium, as the engine runs it."""
from __future__ import annotations

from pathlib import Path

import pytest

from a11y.checks import all_checks
from a11y.checks.base import CheckOutcome
from a11y.engines.base import PageTarget
from a11y.engines.checks import ChecksEngine, survey
from a11y.serve import serve_directory
from tests.browser_loop import load_page

# Generous: a check's own time limit is what bounds it; this only stops a hung test.
PAGE_TIMEOUT = 120.0
# The checks' fixture pages: a folder for each check (most named by its id).
CHECK_FIXTURES = Path(__file__).parent.parent / "fixtures" / "checks"


def served(folder: str = "", slash: bool = True):
    """A fixture, module-scoped: the base URL ('http://127.0.0.1:PORT/') of a static loopback
    server for tests/fixtures/checks/<folder> (the whole of tests/fixtures/checks if no folder).
    A test module names it by assignment: `base = served(CHECK)`. `slash=False`: the URL without
    its final '/' (for tests that write f"{site}/{name}")."""
    @pytest.fixture(scope="module")
    def fixture():
        with serve_directory(CHECK_FIXTURES / folder) as url:
            yield url if slash else url.rstrip("/")

    return fixture


def targets(outcome: CheckOutcome) -> list:
    """The targets of an outcome's nodes, in the order the check gave them."""
    return [n.target for n in outcome.nodes]


def check_by_id(check_id: str):
    return next(c for c in all_checks() if c.id == check_id)


def run_check(browser_loop, check_id: str, url: str, viewport: dict | None = None, reach: int = 1,
              time_factor: float = 1.0) -> CheckOutcome:
    """The check's outcome on url, through the engine (its first looks asked in the survey call,
    time limit, crash handling, restore), whether or not the page has what the check's `present`
    names. tests/scanner/test_checks_engine.py holds the outcomes equal without the survey's looks.
    `reach`: CheckContext.reach (THOROUGH_REACH as --thorough gives it); `time_factor`: times the
    check's time limit, for a page that keeps the check busy for a good part of it, where the test
    is not about time (a loaded machine must not turn its verdict into "not finished")."""
    check = check_by_id(check_id)

    async def go(browser):
        page, response = await load_page(browser, url, viewport, ChecksEngine([check]).init_scripts())
        try:
            _, looks = await survey(page, [check])
            return await ChecksEngine.run_one(check, PageTarget(page=page, timeout=PAGE_TIMEOUT, response=response),
                                              check.time_limit * time_factor, looks=looks.get(check.id), reach=reach)
        finally:
            await page.context.close()

    return browser_loop.call(go)


def run_check_and_look(browser_loop, check_id: str, url: str, after: str, before: str = "") -> tuple:
    """run_check, then the page's answer to the JS function `after` (what the check left behind),
    and how many pages its browser context has (a window the page opened would be one more).
    `before`: a JS function run on the page first (state the check must put back)."""
    check = check_by_id(check_id)

    async def go(browser):
        page, response = await load_page(browser, url, None, ChecksEngine([check]).init_scripts())
        try:
            if before:
                await page.evaluate(before)
            _, looks = await survey(page, [check])
            outcome = await ChecksEngine.run_one(check, PageTarget(page=page, timeout=PAGE_TIMEOUT, response=response),
                                                 check.time_limit, looks=looks.get(check.id))
            return outcome, await page.evaluate(after), len(page.context.pages)
        finally:
            await page.context.close()

    return browser_loop.call(go)
