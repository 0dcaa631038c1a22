"""Text that changes or moves by itself can be paused, stopped or hidden (WCAG 2.2.2; ACT efbfc7).

The check watches the page for text whose visible text changes by itself more than once (the
deepest element that changes, with other text around it: ACT efbfc7's applicability), and for
text that moves for more than 5 seconds (a running CSS or Web animation of position or
visibility lasting longer or for ever, a marquee scrolling for ever; no need to wait 5 s to see
those). Visible text is what a sighted user reads (_motion_dom.js visibleText: not hidden,
transparent or clipped away), so text changes however the page makes them: text replaced, or parts
shown and hidden by attributes (a carousel's slides: class, style, hidden, aria-hidden, open), by a
transition that slides one out of its frame, or by scrolling; a class that changes only how text
looks (a focus ring, a highlight) is no change.

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
at all in its first QUIET seconds is not watched longer when nothing is left that could change
it; one with something that could change its text by then (a timer due by then, a request) is
watched for a first change until FOLLOW (a carousel that turns every 5 s); an animation, a
marquee or a timer due later cannot, and is not waited for. Text seen changing once, when the
watch's time ran out on a page that still runs an interval timer, needs review; so does a page
where no text changed but an interval timer with a delay between FOLLOW and SLOWEST seconds
still runs.

Such text needs an instrument in the page to pause, stop or hide it (or to set how often it
changes). The controls that look meant for it (their name, aria-controls, or their place beside
it) and stay on the page are clicked one at a time in a fresh tab of the page, and one that
makes the text stop changing or moving, or hides it, passes it (the pointer is then taken off the
page: a carousel that stops only while the pointer rests on it is not stopped by the control).
When no control on the page could be the way (none at all, or only links to other pages and
controls named for other things), or the only ones are named for moving to another slide
("Previous", "Next", "Slide 2") and those tried did not stop it, it fails. Controls tried that
did not work, or plausible ones not tried (a settings button elsewhere, a toggle, a link named
"Pause" that leaves the page): cantTell, with the reason (a control may take two steps, or set
the frequency). On a page where some text fails and other text needs review, the failure carries
the review items beside it (CheckOutcome.review): the report lists both.

Most pages are still once loaded: no timer, animation frame, animation, request, connection,
worker, playing media or marquee is left, and the DOM has stopped changing (_activity.js counts
them from the page's start). Nothing can then change the page by itself, and the check says so
at once, without watching. Nor is a page watched that only its media keep busy (a video playing)
when no script could change it (none in it or its frames, no handler, no listener) and nothing is
left to load or animate (_motion_dom.js inert): the watch sees text change only when a script
changes the DOM or an animation or transition ends, so it would see nothing, however long it lasted.

Limits: text whose changes begin later than FOLLOW seconds into the watch, or come less often
than the watch shows, is not seen (but see the interval timers above); changes that began
before the watch are timed from the first one seen (so text that changed for a while before
the check ran may be taken for text that stopped within 5 s); motion driven by script frame by
frame (not an animation) is not seen, nor text drawn on a canvas or written by CSS (content:);
a slide scrolled into its frame is first seen at its second turn.
"""
from __future__ import annotations

import math
import re
import time

from ._activity import BUSY_LOOK, activity_script, self_still
from ._instruments import find_instruments, try_instruments, worth_trying
from ._motion import evaluate, target_in
from .base import CANT_TELL, FAILED, INAPPLICABLE, PASSED, Check, CheckContext, CheckOutcome, Look, node

# Seconds: a page with no change at all in its first QUIET seconds is not watched longer; an
# element whose first change comes in the first FOLLOW seconds is followed until it is known
# whether its changes go on for more than LASTS seconds (WCAG 2.2.2's five seconds), waiting after
# its mark a grace of 1.5 times the longest gap between its changes, within GRACE. The whole
# watch takes at most FOLLOW + LASTS + GRACE[1] seconds, and half the check's time at most.
QUIET = 1.2
FOLLOW = 6.0
LASTS = 5.0
GRACE = (1.0, 8.0)
# Seconds: an interval timer still running with a delay between FOLLOW and this, on a page where
# no text was seen changing, may turn a carousel more slowly than the watch sees: review.
SLOWEST = 15.0
CONTROL_WORDS = (r"pause|stop|hide|freeze|halt|resume|play|frequency|interval|speed|slow|dismiss|close|"
                 r"control|change|updat|refresh|animat|motion|scroll|ticker|carousel|slide|rotat")
# Controls named only for moving to another slide ("Previous", "Next slide", "Go to slide 2", "3",
# "›"): the words, besides numbers and arrows, that such a name has.
SLIDE_MOVES = {"previous", "prev", "next", "back", "forward", "first", "last", "go", "to", "show", "of", "the",
               "slide", "slides", "item", "story", "panel", "image", "picture"}
_NAME_WORDS = re.compile(r"[^\W\d_]+|\d+|[\u2039\u203a\u276e\u276f<>\u00ab\u00bb\u2190\u2192]")

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
        longest = FOLLOW + LASTS + GRACE[1]
        seen = await evaluate(ctx.page, "(o) => window.__a11yMotion.watchText(o)", {
            "quiet": QUIET * 1000, "follow": FOLLOW * 1000, "lasts": LASTS * 1000, "graceMin": GRACE[0] * 1000,
            "graceMax": GRACE[1] * 1000, "max": min(longest, ctx.timeout / 2) * 1000})
        targets = [(ctx.page.main_frame, t) for t in seen["targets"]]
        for frame in frames[1:]:  # frames: motion only (their changes are not watched)
            moving = await evaluate(frame, "() => window.__a11yMotion.movingTargets()")
            targets += [(frame, t) for t in moving]
        if not targets:
            return _nothing_seen(seen)
        failed, unsure = [], []
        for frame, t in targets:
            target = await target_in(frame, t["selector"])
            what = _what(t)
            if t["kind"] == "unsure" and t["changes"] < 2:  # no rhythm known to tell stopped text from slow text by
                unsure.append(node(target, t["html"], _untold(t, seen)))
                continue
            every = t.get("every", 0)
            settle = min(max(1500, 2 * every), max(5000, 1.5 * every))  # longer than its gaps: stopped, not slow
            trial = await try_instruments(ctx, frame, t["selector"], CONTROL_WORDS, _READY, _STOPPED,
                                          [t["selector"], settle], deadline, settle / 1000)
            if trial.found:
                continue  # a working control: met, whether or not its changes go on for more than 5 s
            if t["kind"] == "unsure":
                unsure.append(node(target, t["html"], _untold(t, seen)))
                continue
            if trial.none_could:
                failed.append(node(target, t["html"], trial.nothing_could(what, "pause, stop or hide it")))
                continue
            moves = await _only_slide_moves(frame, t["selector"], trial)
            if moves:
                failed.append(node(target, t["html"], (
                    f"{what}, and the controls that could be meant for it ({moves}) only move to another slide: "
                    "clicked in a fresh tab, they did not pause, stop or hide it")))
                continue
            why = [f"{trial.tried} control(s) that could be meant to pause, stop or hide it were tried in a fresh "
                   "tab and did not (a control may take two steps, or set how often it changes)"] if trial.tried else []
            why += [trial.not_tried()] if trial.untried else []
            unsure.append(node(target, t["html"], f"{what}; {'; '.join(why)}: check by hand"))
        if failed:  # what is left for review on the page is said beside the failure, not dropped
            return CheckOutcome(FAILED, failed, failed[0].summary, review=unsure)
        if unsure:
            return CheckOutcome(CANT_TELL, unsure, unsure[0].summary)
        return CheckOutcome(PASSED)



async def _only_slide_moves(frame, selector: str, trial) -> str:
    """The names of the controls tried for the text at `selector` and those left untried, when every
    one is named only for moving to another slide (SLIDE_MOVES) and at least one was tried and did not
    stop it: a carousel's "Previous" and "Next" show another slide, they are no way to pause it (nor
    a step towards one). "" otherwise."""
    if trial.found or not trial.tried:
        return ""
    controls = worth_trying(await find_instruments(frame, selector, CONTROL_WORDS)) + trial.untried
    if not all(_names_a_slide_move(i["name"]) for i in controls):
        return ""
    return ", ".join(f"\u201c{i['name'][:40]}\u201d" for i in controls[:4])


def _names_a_slide_move(name: str) -> bool:
    words = _NAME_WORDS.findall(name.lower())
    return bool(words) and all(w in SLIDE_MOVES or w.isdigit() or not w.isalnum() for w in words)


def _what(t: dict) -> str:
    if t["kind"] == "changes":
        return (f"this text kept changing by itself for more than {LASTS:g} s ({t['changes']} changes seen in "
                f"{math.ceil(t['span'] / 100) / 10:g} s)")
    if t["kind"] == "moves":
        return f"this text moves by itself, with {t['how']}"
    return ""


def _untold(t: dict, seen: dict) -> str:
    """A review's reason for text the watch (cut by its time) saw change too little to tell."""
    watched = f"the watch ({seen['watched'] / 1000:.1f} s)"
    if t["changes"] < 2:
        return (f"this text changed by itself once, and the page still runs {_timers(seen['intervals'])}; {watched} "
                f"ended before it was known whether it changes again and goes on changing for more than {LASTS:g} s "
                "(no control that stops it was found): check by hand")
    return (f"this text changed {t['changes']} times by itself in {t['span'] / 1000:.1f} s, and {watched} ended "
            f"before it was known whether its changes go on for more than {LASTS:g} s (no control that stops it was "
            "found): check by hand")


def _timers(delays: list) -> str:
    every = sorted({round(ms / 1000, 1) for ms in delays if ms > 0})
    return f"an interval timer (every {', '.join(f'{d:g}' for d in every[:3])} s)" if every else "an interval timer"


def _nothing_seen(seen: dict) -> CheckOutcome:
    """No text seen changing or moving: inapplicable, unless an interval timer still runs with a rhythm
    slower than the watch could see (a carousel that turns every 8 s): then review. One of FOLLOW
    seconds or less ran in the watch, which sees text change however it is shown (replaced, or parts
    shown and hidden by attributes, transitions or scrolling): it changed no visible text."""
    if seen.get("inert"):
        return CheckOutcome(INAPPLICABLE, reason=(
            "no text moves by itself, and nothing in the page could change its text by itself: it has no script, "
            "and nothing left to load or animate"))
    slow = [ms for ms in seen["intervals"] if FOLLOW * 1000 < ms <= SLOWEST * 1000]
    watched = seen["watched"] / 1000
    if slow:
        return CheckOutcome(CANT_TELL, reason=(
            f"no text changed by itself in the {watched:.1f} s watched, but the page still runs {_timers(slow)}: "
            f"text that first changes more than {FOLLOW:g} s into the watch is not watched; check whether it changes "
            "text (a carousel, a ticker) and whether that can be paused, stopped or hidden"))
    return CheckOutcome(INAPPLICABLE, reason=(
        f"no text changed or moved by itself in the {watched:.1f} s watched (text that first changes later is not "
        "seen)"))
