"""Text that changes or moves by itself can be paused, stopped or hidden (WCAG 2.2.2; ACT efbfc7).

The check watches the page for a few seconds (WATCH, longer when a change was seen once,
shorter when nothing at all changed in the first QUIET seconds):
text whose innerText changes at least twice by itself (the deepest element that changes,
with other text around it: ACT efbfc7's applicability), and text that moves for more than 5
seconds (a running CSS or Web animation of position or visibility lasting longer or for ever,
a marquee scrolling for ever; no need to wait 5 s to see those).

Such text needs an instrument in the page to pause, stop or hide it (or to set how often it
changes). With no visible, named control in the accessibility tree anywhere on the page it
fails. Otherwise the controls that look meant for it (their name, or aria-controls) are
clicked one at a time in a fresh tab of the page, and one that makes the text stop changing
or moving, or hides it, passes it. None shown to work: cantTell, with the reason (a control
may take two steps, or set the frequency).

Most pages are still once loaded: no timer, animation frame, animation, request, connection,
worker, playing media or marquee is left, and the DOM has stopped changing (_activity.js counts
them from the page's start). Nothing can then change the page by itself, and the check says so
at once, without watching.

Limits: text that changes less often than the watch shows is not seen; motion driven by
script frame by frame (not an animation) is not seen.
"""
from __future__ import annotations

import time

from ._activity import BUSY_LOOK, activity_script, self_still
from ._instruments import find_instruments, verified_instrument, worth_trying
from ._motion import ensure_helpers, target_in
from .base import CANT_TELL, FAILED, INAPPLICABLE, PASSED, Check, CheckContext, CheckOutcome, Look, node

# Seconds to watch the page; when some text changed once in that time, watch up to LONG_WATCH
# in all to see whether it changes again. A page with no change at all in its first QUIET
# seconds is not watched longer.
QUIET = 1.2
WATCH = 2.5
LONG_WATCH = 6.0
CONTROL_WORDS = (r"pause|stop|hide|freeze|halt|resume|play|frequency|interval|speed|slow|dismiss|close|"
                 r"control|change|updat|refresh|animat|motion|scroll|ticker|carousel|slide|rotat")

_READY = r"""
async ([sel, ms]) => {
  const end = performance.now() + 5000;
  while (performance.now() < end) {
    if (document.querySelector(sel)) { await new Promise((r) => setTimeout(r, 300)); return true; }
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}
"""

_STOPPED = "([sel, ms]) => window.__a11yMotion.textStopped(sel, ms)"


class ChangingTextPausable(Check):
    id = "changing-text-pausable"
    time_limit = 45.0

    observes = True
    init_script = activity_script()

    def looks(self) -> list[Look]:
        return [BUSY_LOOK]  # asked just before this check runs: it watches the page first

    async def run(self, ctx: CheckContext) -> CheckOutcome:
        deadline = time.monotonic() + ctx.timeout
        frames = [f for f in ctx.page.frames if not f.is_detached()]
        if await self_still(frames, ctx):
            return CheckOutcome(INAPPLICABLE)  # nothing left that could change or move text by itself
        for frame in frames:
            await ensure_helpers(frame)
        watch = "([ms, quiet]) => window.__a11yMotion.watchText(ms, quiet)"
        seen = await ctx.page.main_frame.evaluate(watch, [WATCH * 1000, QUIET * 1000])
        watched = seen["targets"]
        if seen["once"] and not any(t["kind"] == "changes" for t in watched):
            watched = (await ctx.page.main_frame.evaluate(watch, [(LONG_WATCH - WATCH) * 1000, 0]))["targets"]
        targets = [(ctx.page.main_frame, t) for t in watched]
        for frame in frames[1:]:  # frames: motion only (their changes are not watched)
            targets += [(frame, t) for t in (await frame.evaluate(watch, [0, 0]))["targets"] if t["kind"] == "moves"]
        if not targets:
            return CheckOutcome(INAPPLICABLE)
        failed, unsure = [], []
        for frame, t in targets:
            what = (f"this text changed {t['changes']} times by itself in {WATCH:g} s" if t["kind"] == "changes"
                    else f"this text moves by itself, with {t['how']}")
            instruments = await find_instruments(frame, t["selector"], CONTROL_WORDS)
            anywhere = instruments or any([await find_instruments(f, None, CONTROL_WORDS) for f in frames
                                           if f is not frame])
            target = await target_in(frame, t["selector"])
            if not anywhere:
                failed.append(node(target, t["html"], f"{what}, and the page has no visible, named control "
                                                      "(in the accessibility tree) to pause, stop or hide it"))
                continue
            settle = min(5000, max(1500, 2 * t.get("every", 0)))
            found = await verified_instrument(ctx, frame.url, instruments, _READY, _STOPPED,
                                              [t["selector"], settle], deadline, t["selector"], CONTROL_WORDS)
            if found is None:
                unsure.append(node(target, t["html"], (
                    f"{what}; {len(worth_trying(instruments))} control(s) that could be meant to pause, stop or "
                    "hide it were tried in a fresh tab and did not (a control may take two steps, or set how "
                    "often it changes): check by hand")))
        if failed:
            return CheckOutcome(FAILED, failed, failed[0].summary)
        if unsure:
            return CheckOutcome(CANT_TELL, unsure, unsure[0].summary)
        return CheckOutcome(PASSED)

