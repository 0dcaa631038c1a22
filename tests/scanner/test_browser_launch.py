"""What the scan's Chromium runs besides the pages: a browser context (one per tab) brings no
address-bar pop-up pages with it (chrome://omnibox-popup.top-chrome/ cost a renderer process
and about 1.4 s of CPU per context), and Playwright's own disabled features stay disabled
although our --disable-features switch replaces its list; pages of one site in one context share a
renderer process; Playwright's driver runs with a small young generation."""
import asyncio
import os
from pathlib import Path

from a11y.browser import (
    DISABLED_FEATURES,
    DRIVER_NODE_OPTIONS,
    PLAYWRIGHT_DISABLED_FEATURES,
    driver_options,
    launch_args,
)

from .processes import descendants


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


def test_tabs_of_one_site_in_one_context_share_a_renderer(browser_loop, serve, tmp_path):
    """Copies of linked pages, opened beside a page in its context, add no renderer process:
    the documents of three more tabs of the site are counted in the first tab's process."""
    for name in "abcd":
        (tmp_path / f"{name}.html").write_text(f"<title>{name}</title><p>{name}")
    base = serve(tmp_path)

    async def documents_in_first_tabs_process(browser):
        context = await browser.new_context()
        try:
            first = await context.new_page()
            await first.goto(base + "a.html")
            session = await context.new_cdp_session(first)
            # The renderer's own count of live documents, all its pages included.
            alone = (await session.send("Memory.getDOMCounters"))["documents"]
            for name in "bcd":
                await (await context.new_page()).goto(base + f"{name}.html")
            return alone, (await session.send("Memory.getDOMCounters"))["documents"]
        finally:
            await context.close()

    alone, with_others = browser_loop.call(documents_in_first_tabs_process)
    assert with_others >= alone + 3, (alone, with_others)  # the same count with a process per tab


def test_the_drivers_node_options_come_first_and_leave_the_environment_as_it_was(monkeypatch):
    monkeypatch.setenv("NODE_OPTIONS", "--max-semi-space-size=8")
    with driver_options():
        assert os.environ["NODE_OPTIONS"] == f"{DRIVER_NODE_OPTIONS} --max-semi-space-size=8"  # the user's win
    assert os.environ["NODE_OPTIONS"] == "--max-semi-space-size=8"
    monkeypatch.delenv("NODE_OPTIONS")
    with driver_options():
        assert os.environ["NODE_OPTIONS"] == DRIVER_NODE_OPTIONS
    assert "NODE_OPTIONS" not in os.environ


def test_the_running_driver_has_the_small_young_generation(browser_loop):
    """The driver of the tests' own Chromium was started with DRIVER_NODE_OPTIONS."""
    browser_loop.call(lambda browser: asyncio.sleep(0))  # started
    drivers = [Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
               for pid, cmdline in descendants() if b"run-driver" in cmdline]
    assert drivers, "no driver process of this test run found"
    assert all(any(DRIVER_NODE_OPTIONS.encode() in v for v in env if v.startswith(b"NODE_OPTIONS=")) for env in drivers)
