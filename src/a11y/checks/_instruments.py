"""Trying a page's controls to see whether one does what a success criterion asks (pause the
media, stop the changing text), each in a fresh tab of the same document so the page being
checked is left as it was. Only controls that look meant for the job and stay on the page
(no link away, no form submission) are clicked: clicking anything else on a real site
could do real things."""
from __future__ import annotations

import time

from ..browser import close_copy, open_copy
from ._motion import ensure_helpers

# Clicks to try at most, and the seconds a tried control has to show its effect.
MAX_TRIES = 4
SETTLE = 2.0


async def find_instruments(frame, near_selector: str | None, pattern: str) -> list[dict]:
    await ensure_helpers(frame)
    return await frame.evaluate(
        "([sel, pattern]) => window.__a11yMotion.instruments(sel ? document.querySelector(sel) : null, pattern)",
        [near_selector, pattern])


def worth_trying(instruments: list[dict]) -> list[dict]:
    return [i for i in instruments if i["relevant"] and i["safe"]][:MAX_TRIES]


async def verified_instrument(ctx, url: str, instruments: list[dict], ready_js: str, effect_js: str, arg,
                              deadline: float, near: str | None = None, pattern: str = "") -> dict | None:
    """The first of `instruments` that, clicked in a fresh tab of `url` once `ready_js(arg)`
    holds there, makes `effect_js(arg)` true; None if none did (or time ran out). Both scripts
    are async functions of arg returning a boolean (effect_js waits for the effect itself).
    A click that only reveals more controls (a menu, a dialog) is followed by one click on
    the first revealed control that looks meant for the job (`near`, `pattern`)."""
    for inst in worth_trying(instruments):
        if deadline - time.monotonic() < SETTLE + 3:
            return None
        if not url.startswith(("http://", "https://", "file:")):
            return None  # a frame of its own making (about:srcdoc): no fresh copy to load
        try:
            tab, _ = await open_copy(ctx.page, url, timeout=max(1.0, deadline - time.monotonic()))
        except Exception:  # noqa: BLE001 - the copy would not load: not shown
            continue
        try:
            found = await _try(tab, inst, instruments, ready_js, effect_js, arg, deadline, near, pattern)
        except Exception:  # noqa: BLE001 - the copy crashed or its document went: not shown
            found = None
        finally:
            await close_copy(tab)
        if found:
            return found
    return None


async def _try(tab, inst, instruments, ready_js, effect_js, arg, deadline, near, pattern) -> dict | None:
    await ensure_helpers(tab.main_frame)
    if not await tab.evaluate(ready_js, arg) or not await _click(tab, inst["selector"]):
        return None
    if await tab.evaluate(effect_js, arg):
        return inst
    before = {i["selector"] for i in instruments}
    revealed = [i for i in worth_trying(await find_instruments(tab.main_frame, near, pattern))
                if i["selector"] not in before]
    if revealed and deadline - time.monotonic() > SETTLE + 3 and await _click(tab, revealed[0]["selector"]):
        if await tab.evaluate(effect_js, arg):
            return {**revealed[0], "via": inst}
    return None


async def _click(tab, selector: str) -> bool:
    element = await tab.query_selector(selector)
    if element is None:
        return False
    try:
        await element.click(timeout=2000)
    except Exception:  # noqa: BLE001 - covered or moving: activate it as a script would
        await element.evaluate("(e) => e.click()")
    return True
