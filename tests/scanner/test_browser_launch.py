"""What the scan's Chromium runs besides the pages: a browser context (one per tab) brings no
address-bar pop-up pages with it (chrome://omnibox-popup.top-chrome/ cost a renderer process
and about 1.4 s of CPU per context), and Playwright's own disabled features stay disabled
although our --disable-features switch replaces its list."""
from a11y.browser import DISABLED_FEATURES, PLAYWRIGHT_DISABLED_FEATURES, launch_args


def test_a_new_context_opens_no_browser_ui_pages(browser_loop):
    async def targets(browser):
        context = await browser.new_context()
        page = await context.new_page()
        await page.goto("data:text/html,<title>t</title><p>a page")
        session = await browser.new_browser_cdp_session()
        try:
            infos = (await session.send("Target.getTargets"))["targetInfos"]
        finally:
            await session.detach()
            await context.close()
        return [(t["type"], t["url"]) for t in infos]

    found = browser_loop.call(targets)
    assert any(url.startswith("data:text/html") for _, url in found), found  # the page is listed
    assert [t for t in found if t[0] != "page" or t[1].startswith("chrome://")] == [], found


def test_one_disable_features_switch_keeps_playwrights_list_and_adds_ours():
    switches = [a for a in launch_args() if a.startswith("--disable-features=")]
    assert len(switches) == 1
    disabled = switches[0].split("=", 1)[1].split(",")
    assert set(PLAYWRIGHT_DISABLED_FEATURES) <= set(disabled) and disabled == DISABLED_FEATURES
    assert {"WebUIOmniboxPopup", "WebUIOmniboxAimPopup", "AimEnabled"} <= set(disabled)
