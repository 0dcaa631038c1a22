"""Text that changes or moves by itself can be paused, stopped or hidden (WCAG 2.2.2; ACT efbfc7).

The check watches the page for text whose innerText changes by itself more than once (the
deepest element that changes, with other text around it: ACT efbfc7's applicability), and for
text that moves for more than 5 seconds (a running CSS or Web animation of position or
visibility lasting longer or for ever, a marquee scrolling for ever; no need to wait 5 s to see
those).

Changing text counts only when its changes go on for more than LASTS (5) seconds: a change is
seen more than 5 s after the first change seen in it, on the page's own clock. WCAG 2.2.2 asks
for a way to pause, stop or hide moving, blinking or scrolling content that lasts more than five
seconds; a typing effect that writes one sentence, a number that counts up to its value, an
upload's percentage that reaches "complete", all stopping by themselves within 5 s, need none.
(ACT efbfc7 itself sets no such limit: "changes multiple times within a 10 minute time span".)
So an element whose first change comes in the first FOLLOW seconds of the watch is followed
until that is known: a change after its 5-second mark (it counts, at once), or none within a
grace after the mark, set by its own rhythm (it stopped: not a target); the watch ends sooner
when nothing is left in the page that could change it (_activity.js). A document with no change
at all in its first QUIET seconds is not watched longer.

Such text needs an instrument in the page to pause, stop or hide it (or to set how often it
changes). With no visible, named control in the accessibility tree anywhere on the page it
fails. Otherwise the controls that look meant for it (their name, or aria-controls) are
clicked one at a time in a fresh tab of the page, and one that makes the text stop changing
or moving, or hides it, passes it. None shown to work, or none that looks meant for it: cantTell,
with the reason (a control may take two steps, or set the frequency).

Most pages are still once loaded: no timer, animation frame, animation, request, connection,
worker, playing media or marquee is left, and the DOM has stopped changing (_activity.js counts
them from the page's start). Nothing can then change the page by itself, and the check says so
at once, without watching.

Limits: text whose changes begin later than FOLLOW seconds into the watch, or come less often
than the watch shows, is not seen; changes that began before the watch are timed from the first
one seen (so text that changed for a while before the check ran may be taken for text that
stopped within 5 s); motion driven by script frame by frame (not an animation) is not seen.
"""
from __future__ import annotations

import math
import time

from ._activity import BUSY_LOOK, activity_script, self_still
from ._instruments import find_instruments, verified_instrument, worth_trying
from ._motion import ensure_helpers, target_in
from .base import CANT_TELL, FAILED, INAPPLICABLE, PASSED, Check, CheckContext, CheckOutcome, Look, node

# Seconds: a page with no change at all in its first QUIET seconds is not watched longer; an
# element whose first change comes in the first FOLLOW seconds is followed until it is known
# whether its changes go on for more than LASTS seconds (WCAG 2.2.2's five seconds), waiting after
# its mark a grace of 1.5 times the longest gap between its changes, within GRACE. The whole
# watch takes at most FOLLOW + LASTS + GRACE[1] seconds, and half the check's time at most.
QUIET = 1.2
FOLLOW = 2.5
LASTS = 5.0
GRACE = (1.0, 3.0)
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
        longest = FOLLOW + LASTS + GRACE[1]
        seen = await ctx.page.main_frame.evaluate("(o) => window.__a11yMotion.watchText(o)", {
            "quiet": QUIET * 1000, "follow": FOLLOW * 1000, "lasts": LASTS * 1000, "graceMin": GRACE[0] * 1000,
            "graceMax": GRACE[1] * 1000, "max": min(longest, ctx.timeout / 2) * 1000})
        targets = [(ctx.page.main_frame, t) for t in seen["targets"]]
        for frame in frames[1:]:  # frames: motion only (their changes are not watched)
            targets += [(frame, t) for t in await frame.evaluate("() => window.__a11yMotion.movingTargets()")]
        if not targets:
            return CheckOutcome(INAPPLICABLE)
        failed, unsure = [], []
        for frame, t in targets:
            target = await target_in(frame, t["selector"])
            if t["kind"] == "unsure":
                unsure.append(node(target, t["html"], (
                    f"this text changed {t['changes']} times by itself in {t['span'] / 1000:.1f} s, and the watch "
                    f"({seen['watched'] / 1000:.1f} s) ended before it was known whether its changes go on for more "
                    f"than {LASTS:g} s: check by hand")))
                continue
            what = (f"this text kept changing by itself for more than {LASTS:g} s ({t['changes']} changes seen in "
                    f"{math.ceil(t['span'] / 100) / 10:g} s)" if t["kind"] == "changes"
                    else f"this text moves by itself, with {t['how']}")
            instruments = await find_instruments(frame, t["selector"], CONTROL_WORDS)
            anywhere = instruments or any([await find_instruments(f, None, CONTROL_WORDS) for f in frames
                                           if f is not frame])
            if not anywhere:
                failed.append(node(target, t["html"], f"{what}, and the page has no visible, named control "
                                                      "(in the accessibility tree) to pause, stop or hide it"))
                continue
            tried = worth_trying(instruments)
            if not tried:
                unsure.append(node(target, t["html"], (
                    f"{what}; the page has visible, named controls, but none that looks meant to pause, stop or "
                    "hide it (by its name, aria-controls or place beside it) and is safe to click, so none was "
                    "tried: check by hand whether one does")))
                continue
            settle = min(5000, max(1500, 2 * t.get("every", 0)))
            found = await verified_instrument(ctx, frame.url, instruments, _READY, _STOPPED,
                                              [t["selector"], settle], deadline, t["selector"], CONTROL_WORDS)
            if found is None:
                unsure.append(node(target, t["html"], (
                    f"{what}; {len(tried)} control(s) that could be meant to pause, stop or "
                    "hide it were tried in a fresh tab and did not (a control may take two steps, or set how "
                    "often it changes): check by hand")))
        if failed:
            return CheckOutcome(FAILED, failed, failed[0].summary)
        if unsure:
            return CheckOutcome(CANT_TELL, unsure, unsure[0].summary)
        return CheckOutcome(PASSED)

