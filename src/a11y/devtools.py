"""The DevTools protocol beside Playwright, where Playwright's own call costs far more than the
work: one session per page, shared by everything that needs one, and viewport changes.

A session costs a round trip through the driver and the browser to open and another to close
(about 6 ms of CPU); the checks opened and closed one on most pages, several on some. Here a
page has one, opened on first use and gone with the page.

Playwright's set_viewport_size also resizes the browser window around the page, which costs
the browser process about 15 ms of CPU a change even headless; the device-metrics override
alone (what Playwright sends besides, and DevTools' device mode uses) lays the page out at the
new size for about 3 ms. `set_emulated_viewport` changes the size that way; `restore_viewport` puts back exactly
the metrics Playwright had set, so that Playwright's view of the page stays true. Both leave the
view the browser draws the page in at its size (dontSetVisibleSize): the page is laid out at the new
size all the same (innerWidth, media queries, vw units, orientation), but the browser resizes no view
and allocates no surface for it: a change and back costs about 2.5 ms of CPU less (browser and GPU
processes). Nothing is photographed at the changed size.
"""
from __future__ import annotations

import weakref

_sessions: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
# Pages whose viewport is changed behind Playwright's back, with the metrics to put back.
_overridden: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


async def page_session(page):
    """The page's DevTools session, opened on first use."""
    session = _sessions.get(page)
    if session is None:
        session = await page.context.new_cdp_session(page)
        _sessions[page] = _sessions.get(page, session)  # another caller may have opened one meanwhile
    return _sessions[page]


def has_session(page) -> bool:
    return page in _sessions


def forget_session(page) -> None:
    """After a failed call (a crashed renderer, a detached target): the next use opens a new one."""
    _sessions.pop(page, None)


async def send(page, method: str, params: dict | None = None) -> dict:
    """One protocol call on the page's session; a session that fails is not used again."""
    session = await page_session(page)
    try:
        return await session.send(method, params or {})
    except Exception:
        forget_session(page)
        raise


def _metrics(width: int, height: int, screen_width: int, screen_height: int, scale: float) -> dict:
    # As Playwright's Chromium page sends them for a desktop (not mobile) context.
    return {"width": width, "height": height, "screenWidth": screen_width, "screenHeight": screen_height,
            "deviceScaleFactor": scale, "mobile": False,
            "screenOrientation": {"angle": 0, "type": "landscapePrimary"}}


# What set_emulated_viewport needs to know of the page before its first change (read by a
# caller that asks the page for more in the same call).
SCREEN_JS = "[screen.width, screen.height, devicePixelRatio]"


# The view the page is drawn in keeps its size (see above).
_LAYOUT_ONLY = {"dontSetVisibleSize": True}


async def set_emulated_viewport(page, width: int, height: int, screen: list | None = None) -> None:
    """Lay the page out at width x height CSS px (screen too, as set_viewport_size does) until
    restore_viewport. The first change remembers what to put back; `screen` is SCREEN_JS's
    answer, when the caller has it."""
    if page not in _overridden:
        screen_w, screen_h, scale = screen or await page.evaluate(f"() => {SCREEN_JS}")
        size = page.viewport_size
        _overridden[page] = None if size is None else _metrics(size["width"], size["height"], screen_w, screen_h, scale)
    scale = (_overridden[page] or {}).get("deviceScaleFactor", 1)
    metrics = _metrics(width, height, width, height, scale)
    await send(page, "Emulation.setDeviceMetricsOverride", {**metrics, **_LAYOUT_ONLY})


async def restore_viewport(page) -> None:
    """Back to the metrics Playwright set (none: no override at all). Nothing to do when the
    viewport was not changed."""
    if page not in _overridden:
        return
    before = _overridden.pop(page)
    if before is None:
        await send(page, "Emulation.clearDeviceMetricsOverride")
    else:
        await send(page, "Emulation.setDeviceMetricsOverride", {**before, **_LAYOUT_ONLY})


def viewport_changed(page) -> bool:
    return page in _overridden


__all__ = ["SCREEN_JS", "page_session", "has_session", "forget_session", "send",
           "set_emulated_viewport", "restore_viewport", "viewport_changed"]
