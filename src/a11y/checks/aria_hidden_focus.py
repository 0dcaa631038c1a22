"""Keyboard focus never lands in content hidden from assistive technology (ACT 6cfa84).

axe's aria-hidden-focus reads the DOM: it cannot tell a focus sentinel that hands focus
on at once (passes) from one whose script is gone (fails), and says "needs review" for
both. This check presses Tab through the page, as a keyboard user does, and fails each
element inside aria-hidden="true" content (in the flat tree) that focus lands on and
stays on: by ACT's definition of focusable, an element that loses focus within a second
of gaining it, without the user doing anything, is not focusable.

axe also leaves for review the aria-hidden="true" elements of a page with an open modal
dialog, and those whose focusable elements may hand focus on. Each such element of the top
document (open shadow roots included) is decided here (engines.base.Settlement): failed
when focus landed and stayed inside it (the failure is this check's); passed when the walk
saw the whole tab order and focus never stayed inside it. A walk cut short (by the limit,
the time, a navigation, or a closed shadow root whose elements Tab cannot be followed
through), and an element holding a frame focus went into (what focus met there is not
judged against the element), leave axe's item for review.
"""
from __future__ import annotations

import contextlib
import time

from ..devtools import send
from ..engines.base import Settlement
from ._activity import activity_script, busy_reason
from ._focus import NavigatedAway, focused_key, preserved, run, same_document, tab_walk
from .base import CANT_TELL, FAILED, INAPPLICABLE, PASSED, Check, CheckOutcome, node

# ACT's grace period: focus handed on within this time does not count as landing.
HAND_ON_MS = 1000
AXE_RULE = "aria-hidden-focus"  # the review items of axe's that this check can decide

# Which of axe's elements (arg[0]: axe targets in the top document, a selector or a list of
# selectors through open shadow roots) hold arg[1] in the flat tree: an element, or a target of
# the same form (the frame element a stop is inside); with arg[1] null, which of them are there.
# An element no longer aria-hidden="true" is not counted.
_HOLDING = """(arg) => {
  const find = (t) => {
    let el = null;
    for (const s of [].concat(t)) {
      const root = el ? el.shadowRoot : document;
      el = root && root.querySelector(s);
    }
    return el;
  };
  const [targets, what] = arg, el = what === null || what instanceof Element ? what : find(what);
  const out = [];
  targets.forEach((t, i) => {
    const box = find(t);
    if (!box || (box.getAttribute('aria-hidden') || '').trim().toLowerCase() !== 'true') return;
    if (what === null) { out.push(i); return; }
    for (let n = el; n; n = n.assignedSlot || n.parentElement || (n.parentNode && n.parentNode.host))
      if (n === box) { out.push(i); return; }
  });
  return out;
}"""

# The focused element of the top document through open shadow roots, for the DevTools protocol.
_DEEP_ACTIVE = ("(() => { let a = document.activeElement;"
                " while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;"
                " return a; })()")


# In one document: how many elements have aria-hidden="true", and how many elements inside them
# could take keyboard focus (H.hiddenFocusCandidates: none where nothing is aria-hidden).
_COUNTS = "const n = H.ariaHiddenElements().length; return [n, n ? H.hiddenFocusCandidates() : 0];"


async def _counts(page) -> tuple[int, int]:
    """_COUNTS summed over the page's frames, in one call each."""
    hidden = candidates = 0
    for frame in page.frames:
        with contextlib.suppress(Exception):
            n, c = await run(frame, _COUNTS)
            hidden, candidates = hidden + n, candidates + c
    return hidden, candidates


# The path of the aria-hidden="true" element holding the element at arg (an element, or the index
# of a stop the page keeps: _focus.Stop.index), or null.
_HIDDEN_PATH = ("const el = arg instanceof Element ? arg : window.__a11yStops[arg]; "
                "const h = H.hiddenAncestor(el); return h ? H.path(h) : null;")


async def _hidden_path(stop):
    """_HIDDEN_PATH of a stop, in one call (the element's handle is taken only when needed)."""
    if stop.handle is None and stop.index is not None:
        return await run(stop.frame, _HIDDEN_PATH, stop.index)
    return await run(stop.frame, _HIDDEN_PATH, await stop.element())


async def _held_where(page, target: list) -> str:
    """Why the tab order past the element at `target`, which Tab left focused, was not seen ("" when it
    was: the element holds focus, or is the only one Tab reaches). Inside a closed shadow root, or a
    frame, Tab may move between elements script cannot tell apart from the one before."""
    where = " >> ".join(t if isinstance(t, str) else " >> ".join(t) for t in target)
    if len(target) > 1:
        return f"Tab left focus inside the frame at {where}, where it may have moved between elements a closed " \
               "shadow root keeps from view"
    if await _in_closed_shadow_root(page):
        return f"Tab moved inside the closed shadow root of {where}, whose elements cannot be told apart"
    return ""


async def _in_closed_shadow_root(page) -> bool:
    """Whether the top document's focused element hosts a closed shadow root (focus may be
    inside it: script cannot see which of its elements has focus)."""
    found = await send(page, "Runtime.evaluate", {"expression": _DEEP_ACTIVE})
    object_id = found["result"].get("objectId")
    if object_id is None:
        return False
    try:
        described = await send(page, "DOM.describeNode", {"objectId": object_id, "depth": 0})
    finally:
        with contextlib.suppress(Exception):
            await send(page, "Runtime.releaseObject", {"objectId": object_id})
    return any(r.get("shadowRootType") == "closed" for r in described["node"].get("shadowRoots", []))


class AriaHiddenTabFocus(Check):
    id = "aria-hidden-tab-focus"
    present = "[aria-hidden]"
    time_limit = 30.0
    init_script = activity_script()  # tells when focus cannot be handed on by a script
    max_stops = 400  # elements of the tab order visited at most

    async def run(self, ctx) -> CheckOutcome:
        page = ctx.page
        hidden, candidates = await _counts(page)
        if not hidden:
            return CheckOutcome(INAPPLICABLE, reason='no element has aria-hidden="true"')
        if not candidates:
            # Nothing there is in the tab order, editable or scrollable: Tab cannot land in it.
            return CheckOutcome(PASSED, reason='nothing inside aria-hidden="true" content can take keyboard focus')
        asked = [n for n in ctx.review_nodes(AXE_RULE) if len(n.target) == 1]  # top document
        targets = [n.target[0] for n in asked]
        failures, met = [], []
        failed_in, framed_in = set(), set()  # axe's elements (by index) focus stayed in / went into a frame in

        async def landed(stop) -> None:
            met.append(stop)
            if targets and len(stop.target) > 1:  # inside a frame: is its frame element in one of axe's?
                framed_in.update(await page.main_frame.evaluate(_HOLDING, [targets, stop.target[0]]))
            hidden = await _hidden_path(stop)
            if hidden is None:
                return
            element = await stop.element()
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
            still = await run(stop.frame, "return !!H.hiddenAncestor(arg);", element)
            if still:
                where = hidden if isinstance(hidden, str) else " >> ".join(hidden)
                failures.append(node(stop.target, stop.html,
                                     f'Tab moves keyboard focus here, inside aria-hidden="true" content ({where}): '
                                     "screen reader users land on something they are not told about"))
                if targets and stop.frame is page.main_frame:
                    failed_in.update(await page.main_frame.evaluate(_HOLDING, [targets, element]))

        whole, unseen, still_hidden = False, "", set()
        try:
            async with same_document(page), preserved(page):
                deadline = time.monotonic() + max(1.0, ctx.timeout - 3)
                walk = await tab_walk(page, max_stops=self.max_stops, deadline=deadline, on_stop=landed)
                if walk.complete and met and await focused_key(page) == met[-1].key:
                    # Tab left focus where it was: an element that holds it (nothing else is reachable),
                    # or a closed shadow root, inside which each Tab reaches an element script cannot see.
                    unseen = await _held_where(page, met[-1].target)
                whole = walk.complete and not unseen
                if whole and targets:
                    still_hidden = set(await page.main_frame.evaluate(_HOLDING, [targets, None]))
        except NavigatedAway as exc:
            outcome = CheckOutcome(FAILED, failures) if failures else \
                CheckOutcome(CANT_TELL, reason=f"{exc}; the tab order could not be walked")
        else:
            if failures:
                outcome = CheckOutcome(FAILED, failures)
            elif not whole:
                outcome = CheckOutcome(CANT_TELL, reason=f"the whole tab order could not be walked: "
                                                         f"{unseen or walk.reason}; no focus landed inside "
                                                         'aria-hidden="true" content before that')
            else:
                outcome = CheckOutcome(PASSED, reason=f"Tab reached {len(walk.stops)} elements; none inside "
                                                      'aria-hidden="true" content kept focus')
        outcome.settles = _settlements(asked, failed_in, framed_in, still_hidden, len(met), self.id)
        return outcome


def _settlements(asked: list, failed_in: set, framed_in: set, still_hidden: set, stops: int,
                 by: str) -> list[Settlement]:
    """axe's review nodes (by index) that the walk decides: failed where focus stayed inside;
    passed where the whole tab order was seen (still_hidden, the nodes still there and still
    aria-hidden="true" after it, is empty otherwise) and focus neither stayed in the element nor
    went into a frame inside it."""
    out = []
    for i, n in enumerate(asked):
        if i in failed_in:
            out.append(Settlement(AXE_RULE, n, FAILED, by, "Tab moves keyboard focus inside it, and focus stays there"))
        elif i in still_hidden and i not in framed_in:
            out.append(Settlement(AXE_RULE, n, PASSED, by, f"Tab went through the whole tab order ({stops} elements) "
                                                           "and keyboard focus never stayed inside it"))
    return out
