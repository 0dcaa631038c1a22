"""Fixtures for the conformance tests: the bundled axe's own rule metadata."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def axe_rules() -> list[dict]:
    """axe.getRules() from the bundled axe-core, evaluated in headless Chromium."""
    from playwright.sync_api import sync_playwright

    from a11y.engines.axe import axe_source
    from a11y.testing import chromium_launch_args

    with sync_playwright() as p:
        browser = p.chromium.launch(**chromium_launch_args())
        try:
            page = browser.new_page()
            page.evaluate(axe_source())
            return page.evaluate("() => axe.getRules().map(r => ({ruleId: r.ruleId, tags: r.tags}))")
        finally:
            browser.close()
