"""Trying a page's controls to see whether one does what a success criterion asks (pause the
media, stop the changing text), each in a fresh tab of the same document so the page being
checked is left as it was. Only controls that look meant for the job and stay on the page
(no link away, no form submission) are clicked: clicking anything else on a real site
could do real things."""
from __future__ import annotations

import time

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
                              deadline: float) -> dict | None:
    """The first of `instruments` that, clicked in a fresh tab of `url` once `ready_js(arg)`
    holds there, makes `effect_js(arg)` true within SETTLE seconds; None if none did (or time
    ran out). Both scripts are async functions of arg returning a boolean."""
    for inst in worth_trying(instruments):
        if deadline - time.monotonic() < SETTLE + 3:
            return None
        tab = await ctx.new_tab(url)
        try:
            await ensure_helpers(tab.main_frame)
            if not await tab.evaluate(ready_js, arg):
                continue
            element = await tab.query_selector(inst["selector"])
            if element is None:
                continue
            try:
                await element.click(timeout=2000)
            except Exception:  # noqa: BLE001 - covered or moving: activate it as a script would
                await element.evaluate("(e) => e.click()")
            if await tab.evaluate(effect_js, arg):
                return inst
        finally:
            await tab.close()
    return None
