"""Trying a page's controls to see whether one does what a success criterion asks (pause the
media, stop the changing text), each in a fresh tab of the same document so the page being
checked is left as it was. Only controls that look meant for the job and stay on the page
(no link away, no form submission) are clicked: clicking anything else on a real site
could do real things."""
from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field

from ..browser import close_copy, open_copy
from ._motion import evaluate

# Clicks to try at most, and the seconds a tried control has to show its effect.
MAX_TRIES = 4
SETTLE = 2.0


async def find_instruments(frame, near_selector: str | None, pattern: str) -> list[dict]:
    return await evaluate(frame, "([sel, pattern]) => window.__a11yMotion.instruments("
                                 "sel ? document.querySelector(sel) : null, pattern)", [near_selector, pattern])


def worth_trying(instruments: list[dict]) -> list[dict]:
    return [i for i in instruments if i["relevant"] and i["safe"]][:MAX_TRIES]


@dataclass
class Trial:
    """What a page's controls showed for one element (the text, the media): `found`, the control
    shown to work (None: none); `tried`, how many were clicked in a fresh tab and did not;
    `untried`, the controls that could plausibly be the way to do it (_motion_dom.js
    instruments: named for it, beside it, a settings control or a toggle) but were not clicked
    (they leave the page or sit elsewhere, or tries or time ran out); `named`, the visible, named
    controls on the page at all."""

    found: dict | None
    tried: int
    untried: list[dict] = field(default_factory=list)
    named: int = 0

    @property
    def none_could(self) -> bool:
        """No control on the page could be the way: nothing was tried and nothing plausible is left
        (links to other pages and controls named for other things cannot pause or mute)."""
        return self.found is None and not self.tried and not self.untried

    def nothing_could(self, what: str, job: str) -> str:
        """The failure's summary for none_could: `what` the element does, `job` the way it lacks."""
        if not self.named:
            return f"{what}, and the page has no visible, named control (in the accessibility tree) to {job}"
        return (f"{what}, and none of the page's {self.named} visible, named control(s) could {job}: they lead to "
                "other pages or are named for other things, and none is beside it or points to it (aria-controls)")

    def not_tried(self, why: str = "") -> str:
        """The untried controls, for a review's reason ("" when none); `why` they were not tried,
        if not the usual reasons."""
        if not self.untried:
            return ""
        names = ", ".join(f"\u201c{i['name'][:40]}\u201d" for i in self.untried[:3])
        why = why or "they leave the page, submit a form or sit elsewhere on it, or time ran out"
        return f"{len(self.untried)} control(s) that could be meant for it ({names}) were not tried ({why})"


async def try_instruments(ctx, frame, near: str, pattern: str, ready_js: str, effect_js: str, arg,
                          deadline: float, needs: float = SETTLE) -> Trial:
    """Trial of the controls of the page for the element at `near` in `frame`: those of `frame`
    that look meant for it are clicked in fresh tabs (verified_instrument; `needs`: the seconds
    effect_js may wait); those of the other frames are judged by their names only."""
    mine = await find_instruments(frame, near, pattern)
    others = []
    for other in ctx.page.frames:
        if other is not frame and not other.is_detached():
            others += await find_instruments(other, None, pattern)
    clicked: list[dict] = []
    found = await verified_instrument(ctx, frame.url, mine, ready_js, effect_js, arg, deadline, near, pattern,
                                      clicked, needs)
    done = {i["selector"] for i in clicked}
    untried = [i for i in mine if i["plausible"] and i["selector"] not in done] + [i for i in others if i["plausible"]]
    return Trial(found, len(clicked), untried, len(mine) + len(others))


async def verified_instrument(ctx, url: str, instruments: list[dict], ready_js: str, effect_js: str, arg,
                              deadline: float, near: str | None = None, pattern: str = "",
                              clicked: list | None = None, needs: float = SETTLE) -> dict | None:
    """The first of `instruments` that, clicked in a fresh tab of `url` once `ready_js(arg)`
    holds there, makes `effect_js(arg)` true; None if none did (or time ran out). Both scripts
    are async functions of arg returning a boolean (effect_js waits for the effect itself).
    A click that only reveals more controls (a menu, a dialog) is followed by one click on
    the first revealed control that looks meant for the job (`near`, `pattern`). Each one tried
    in a tab is added to `clicked`; none is tried with less than `needs` (the seconds effect_js
    may wait) and a few more left."""
    for inst in worth_trying(instruments):
        if deadline - time.monotonic() < needs + 3:
            return None
        if not url.startswith(("http://", "https://", "file:")):
            return None  # a frame of its own making (about:srcdoc): no fresh copy to load
        try:
            tab, _ = await open_copy(ctx.page, url, timeout=max(1.0, deadline - time.monotonic()))
        except Exception:  # noqa: BLE001 - the copy would not load: not shown
            continue
        if clicked is not None:
            clicked.append(inst)
        try:
            found = await _try(tab, inst, instruments, ready_js, effect_js, arg, deadline, near, pattern, needs)
        except Exception:  # noqa: BLE001 - the copy crashed or its document went: not shown
            found = None
        finally:
            await close_copy(tab)
        if found:
            return found
    return None


async def _try(tab, inst, instruments, ready_js, effect_js, arg, deadline, near, pattern, needs) -> dict | None:
    # The helpers go with the first call in the tab's document (_motion.evaluate), kept for the rest.
    if not await evaluate(tab, ready_js, arg) or not await _click(tab, inst["selector"]):
        return None
    if await evaluate(tab, effect_js, arg):
        return inst
    before = {i["selector"] for i in instruments}
    revealed = [i for i in worth_trying(await find_instruments(tab.main_frame, near, pattern))
                if i["selector"] not in before]
    if revealed and deadline - time.monotonic() > needs + 3 and await _click(tab, revealed[0]["selector"]):
        if await evaluate(tab, effect_js, arg):
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
    # The pointer taken off the page's content: a carousel that pauses while hovered (a script's
    # or a CSS :hover rule's) is not paused by the pointer resting on the control just clicked.
    with contextlib.suppress(Exception):
        await tab.mouse.move(0, 0)
    return True
