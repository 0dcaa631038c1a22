"""--cache records no address the scan's --exclude patterns match (cache/madeof.py), so a re-scan
never asks the server about one (a sign-out address would end the session): a page that loaded
one is not stored. In a real Chromium."""
from __future__ import annotations

from types import SimpleNamespace

from a11y.cache.madeof import Recorder, uncheckable
from a11y.login import SIGN_OUT_PATTERNS
from tests.scanner.siteserver import page, site

PAGE = page("Account", '<p><img src="/logout" alt="">Signed in.</p>')


def _made_of(browser_loop, never: tuple[str, ...]):
    async def go(browser):
        context = await browser.new_context()
        try:
            tab = await context.new_page()
            recorder = Recorder(SimpleNamespace(context=context, page=tab), never)
            recorder.start()
            await tab.goto(base + "/", wait_until="load")
            resources, _ = await recorder.finish(30)
            return resources
        finally:
            await context.close()

    with site({"/": PAGE, "/logout": page("Signed out")}) as base:
        return browser_loop.call(go), base


def test_an_excluded_address_is_not_recorded_and_the_page_is_not_stored(browser_loop):
    resources, base = _made_of(browser_loop, SIGN_OUT_PATTERNS)
    assert [r["url"] for r in resources if "status" in r] == [base + "/"]  # nothing to ask about /logout
    assert uncheckable(resources) == (f"{base}/logout: it matches --exclude *[/_?&=-][Ll][Oo][Gg][Oo][Uu][Tt], "
                                      "and a re-scan never asks the server about such an address")


def test_without_the_patterns_it_is_recorded(browser_loop):
    resources, base = _made_of(browser_loop, ())
    assert {r["url"]: r.get("status") for r in resources} == {base + "/": 200, base + "/logout": 200}
    assert uncheckable(resources) is None
