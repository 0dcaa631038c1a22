"""Keyboard focus never lands in content hidden from assistive technology (ACT 6cfa84).

axe's aria-hidden-focus reads the DOM: it cannot tell a focus sentinel that hands focus
on at once (passes) from one whose script is gone (fails), and says "needs review" for
both. This check presses Tab through the page, as a keyboard user does, and fails each
element inside aria-hidden="true" content (in the flat tree) that focus lands on and
stays on: by ACT's definition of focusable, an element that loses focus within a second
of gaining it, without the user doing anything, is not focusable.
"""
from __future__ import annotations

import contextlib
import time

from ._activity import activity_script, busy_reason
from ._focus import NavigatedAway, js, preserved, same_document, tab_walk
from .base import CANT_TELL, FAILED, INAPPLICABLE, PASSED, Check, CheckOutcome, node

# ACT's grace period: focus handed on within this time does not count as landing.
HAND_ON_MS = 1000


async def _count(page, what: str) -> int:
    total = 0
    for frame in page.frames:
        with contextlib.suppress(Exception):
            total += await frame.evaluate(js(f"return {what};"), None)
    return total


class AriaHiddenTabFocus(Check):
    id = "aria-hidden-tab-focus"
    present = "[aria-hidden]"
    time_limit = 30.0
    init_script = activity_script()  # tells when focus cannot be handed on by a script
    max_stops = 400  # elements of the tab order visited at most

    async def run(self, ctx) -> CheckOutcome:
        page = ctx.page
        if not await _count(page, "H.ariaHiddenElements().length"):
            return CheckOutcome(INAPPLICABLE, reason='no element has aria-hidden="true"')
        if not await _count(page, "H.hiddenFocusCandidates()"):
            # Nothing there is in the tab order, editable or scrollable: Tab cannot land in it.
            return CheckOutcome(PASSED, reason='nothing inside aria-hidden="true" content can take keyboard focus')
        failures = []

        async def landed(stop) -> None:
            element = await stop.element()
            hidden = await element.evaluate(js("const h = H.hiddenAncestor(arg); return h ? H.path(h) : null;"))
            if hidden is None:
                return
            # Does focus stay? A sentinel that hands focus on at once is not focusable (ACT).
            # Where nothing is left on the page that could move it (the activity record), it stays.
            moved = "el => el.getRootNode().activeElement !== el"
            if await busy_reason(page.frames) is None:
                if await element.evaluate(moved):
                    return
            else:
                try:
                    await stop.frame.wait_for_function(moved, arg=element, timeout=HAND_ON_MS)
                    return
                except Exception:  # noqa: BLE001 - still focused after the grace period
                    pass
            still = await element.evaluate(js("return !!H.hiddenAncestor(arg);"))
            if still:
                where = hidden if isinstance(hidden, str) else " >> ".join(hidden)
                failures.append(node(stop.target, stop.html,
                                     f'Tab moves keyboard focus here, inside aria-hidden="true" content ({where}): '
                                     "screen reader users land on something they are not told about"))

        try:
            async with same_document(page), preserved(page):
                deadline = time.monotonic() + max(1.0, ctx.timeout - 3)
                walk = await tab_walk(page, max_stops=self.max_stops, deadline=deadline, on_stop=landed)
        except NavigatedAway as exc:
            if failures:
                return CheckOutcome(FAILED, failures)
            return CheckOutcome(CANT_TELL, reason=f"{exc}; the tab order could not be walked")
        if failures:
            return CheckOutcome(FAILED, failures)
        if not walk.complete:
            return CheckOutcome(CANT_TELL, reason=f"the whole tab order could not be walked: {walk.reason}; "
                                                  f'no focus landed inside aria-hidden="true" content before that')
        return CheckOutcome(PASSED, reason=f"Tab reached {len(walk.stops)} elements; none inside "
                                           'aria-hidden="true" content kept focus')
