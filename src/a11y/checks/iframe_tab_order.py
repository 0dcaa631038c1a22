"""Iframes with content in the tab order are not themselves taken out of it (ACT akn7bn).

An iframe with a negative tabindex takes its whole document out of the page's tab order:
Tab skips the links and buttons inside it, however well made they are. The check looks
at each iframe that is not inert and shows at least one element of its own document's
tab order (a visible element that takes focus: tried, then put back), and fails it when
its tabindex is negative. An iframe blocked by an open modal dialog, hidden, or too
small to show its content is not judged (axe's frame-focusable-content fails the first).

Each iframe is first read without touching focus (most show nothing that takes it); focus is
tried, and put back, only in those that show such an element.
"""
from __future__ import annotations

import contextlib

from ._focus import frame_target, preserved, run
from .base import CANT_TELL, FAILED, INAPPLICABLE, PASSED, Check, CheckOutcome, PresentWhen, node

MAX_TRIES = 5  # elements tried per iframe before it counts as having none that takes focus

# In the iframe's own document: the elements of its tab order that a person could see now
# (in the frame's viewport), and how many more only scrolling the frame would show. (An anchor
# without an address, <a name>, is not one: Chromium reads its tabIndex as 0 but never focuses it.)
# With arg (try), whether one of the first MAX_TRIES shown really takes focus: not inert, not
# disabled by an ancestor fieldset, not blocked by a modal dialog in this or an outer document.
# Focus is put back by the caller.
_CANDIDATES = """
  const all = H.allElements().filter((el) => H.sequentiallyFocusable(el) && H.rendered(el) && !H.inert(el));
  const shown = all.filter((el) => H.inViewport(el));
  const root = document.scrollingElement || document.documentElement;
  const scrolls = root.scrollHeight > window.innerHeight || root.scrollWidth > window.innerWidth;
  const takes = !!arg && shown.slice(0, MAX_TRIES).some((el) => {
    el.focus({preventScroll: true});
    return el.getRootNode().activeElement === el;
  });
  return {shown: shown.length, hidden: all.length - shown.length, scrolls, takes};
""".replace("MAX_TRIES", str(MAX_TRIES))

# The iframe element as its parent document sees it.
_OWNER = """
  return {tabindex: H.tabindexValue(arg), rendered: H.rendered(arg), inert: H.inert(arg), html: H.html(arg),
          width: arg.clientWidth, height: arg.clientHeight, tag: arg.localName};
"""

async def _inert_outside(frame, owner) -> bool:
    """The iframe, or an iframe holding it, is inert in its document."""
    if owner["inert"]:
        return True
    outer = frame.parent_frame
    while outer is not None and outer.parent_frame is not None:
        el = await outer.frame_element()
        if await run(outer.parent_frame, "return H.inert(arg);", el):
            return True
        outer = outer.parent_frame
    return False


class IframeTabOrder(Check):
    id = "iframe-tab-order-content"
    # The check judges every frame the page loaded, wherever its element is: one in a closed shadow
    # root is out of a selector's sight, but the survey asks the framed document too, which knows it
    # is framed.
    present = PresentWhen("has a frame (an iframe or frame element, or a document in a frame)",
                          "(root) => !!root.querySelector('iframe, frame') || window.parent !== window")
    time_limit = 20.0

    async def run(self, ctx) -> CheckOutcome:
        page = ctx.page
        failed, passed, unsure = [], 0, []
        # Read first, without moving focus: only frames that show an element of their tab order
        # need focus tried (and put back afterwards).
        read = [(frame, await self._read(frame)) for frame in page.frames[1:]]
        tried = any(found is not None and found[1]["shown"] for _, found in read)
        async with preserved(page) if tried else contextlib.nullcontext():
            for frame, found in read:
                verdict = await self._judge(frame, *found) if found is not None else None
                if verdict is None:
                    continue
                kind, owner = verdict
                if kind == "unsure":
                    unsure.append(owner)
                elif owner["tabindex"] is not None and owner["tabindex"] < 0:
                    failed.append(node(await frame_target(frame), owner["html"],
                                       f'tabindex="{owner["tabindex"]}" takes this iframe, and with it the '
                                       "focusable content inside, out of the tab order: keyboard users cannot "
                                       "reach that content"))
                else:
                    passed += 1
        if failed:
            return CheckOutcome(FAILED, failed)
        if unsure:
            return CheckOutcome(CANT_TELL, reason=f"{len(unsure)} iframe(s) with a negative tabindex have content in "
                                                  "their tab order that only scrolling inside the frame would show")
        if passed:
            return CheckOutcome(PASSED, reason=f"{passed} iframe(s) with content in their tab order stay in the "
                                               "page's tab order")
        return CheckOutcome(INAPPLICABLE, reason="no iframe shows content that takes keyboard focus")

    @staticmethod
    async def _read(frame):
        """None (not applicable: not a rendered iframe, or inert), or (owner, the frame's
        candidates, not yet tried)."""
        try:
            owner_el = await frame.frame_element()
            owner = await run(frame.parent_frame, _OWNER, owner_el)
        except Exception:  # noqa: BLE001 - the frame went away
            return None
        if owner["tag"] != "iframe" or not owner["rendered"] or await _inert_outside(frame, owner):
            return None
        try:
            return owner, await run(frame, _CANDIDATES, False)
        except Exception:  # noqa: BLE001 - a frame that cannot be read (detached while checking)
            return None

    async def _judge(self, frame, owner, info):
        """None (not applicable), ("applies", owner) or ("unsure", owner)."""
        if info["shown"]:
            try:
                info = await run(frame, _CANDIDATES, True)
            except Exception:  # noqa: BLE001 - a frame that cannot be read (detached while checking)
                return None
            if info["takes"]:
                return "applies", owner
        # Content only scrolling inside the frame would show: a frame of a pixel or less shows
        # nothing; a larger one might (ACT's "visible" includes content brought in by scrolling).
        negative = owner["tabindex"] is not None and owner["tabindex"] < 0
        if info["hidden"] and info["scrolls"] and negative and min(owner["width"], owner["height"]) > 1:
            return "unsure", owner
        return None


__all__ = ["IframeTabOrder"]
