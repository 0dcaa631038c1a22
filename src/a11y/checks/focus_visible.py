"""Each element in the tab order shows that it has keyboard focus (WCAG 2.4.7, ACT oj04fd).

Judged from rendered pixels, as a sighted keyboard user judges it. For each element the
Tab key reaches: scroll it into view, take a screenshot with nothing focused, move focus
to it with a real Tab press (so :focus-visible and pages' own "keyboard user" scripts
behave as for a person), take another (and one more a moment later, for indicators that
fade in), then blur and take a third. Most elements are settled by a cheaper first look
(_focus_look.py): a picture taken as the walk reaches each element, compared at the end
with the same place not focused. ACT's expectation is that some pixel of the page
changes: first the element's surroundings are compared, then the whole viewport, then,
when nothing there changed and the page scrolls, the whole page. While an element is
pictured, the page's CSS and Web animations (spinners, skeleton loaders' shimmer) are held
still; what starts afterwards, such as the element's own focus transition, runs to its end.
What still moves by itself (a video, a script's animation, a slide show's transitions) counts
only where it reaches the element's surroundings: there focus cannot be told apart from it,
and the element is left for review rather than guessed at; motion elsewhere hides nothing.
What focus leaving an element starts (a ring fading out, as MUI's ripple) runs to its end before
anything is pictured: neither the page with nothing focused nor the next element Tab reaches is
pictured with it under way, so it counts neither as the page changing by itself nor as the next
element's indicator.

While a modal dialog is open (native or ARIA, as _modal.py defines it), a person's focus is in
it: the walk starts at the top of the dialog, not of the document. What Tab reaches from there is
judged, outside the dialog too when the page lets focus out; the elements behind a dialog that
keeps focus in are never reached, so never judged as focused (under the dialog's box no
indicator of theirs could show).
"""
from __future__ import annotations

import asyncio
import base64
import contextlib
import time

from ..devtools import send
from ._activity import activity_script, busy_reason
from ._focus import FOCUS_HELPERS, NavigatedAway, Stop, blur_all, focus_session, focused_key, run, tab_walk
from ._focus_look import ENDING, LEFT, OVERLAYS, FirstLook, clip_of
from ._focus_look import on as _on
from ._modal import ACTIVE_MODAL, OUTSIDE
from ._pixels import CHANGED, UNSTABLE, Shots, decode, diff_box, judge
from .base import CANT_TELL, FAILED, INAPPLICABLE, PASSED, TAKES_FOCUS, Check, CheckOutcome, Look, node

MARGIN = 24  # CSS px around the element: outlines, offsets, shadows and underlines live here
LATE_MS = 300  # a second look for indicators that fade or slide in
# Two animation frames: what a state change draws is on screen. Both give the scroll position.
SETTLE = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r([scrollX, scrollY]))))"
# Two frames, then up to 60 more while a transition or animation that comes to an end runs (the
# ones HOLD keeps still aside): what focus leaving started, such as a ring fading out, has ended,
# so that the pictures with nothing focused show the element as it rests.
ENDED = f"{ENDING} await frame(); await frame(); for (let i = 0; i < 60 && running().some(ending); i++) await frame();"
REST = ("async () => { const a = document.activeElement; if (a && a !== document.body) a.blur();"
        f" {ENDED} return [scrollX, scrollY]; }}")
PAGE_SCROLLS = ("() => { const r = document.scrollingElement || document.documentElement;"
                " return r.scrollHeight > innerHeight || r.scrollWidth > innerWidth; }")
# How many of the stops (their indexes in window.__a11yStops) lie outside the open modal dialog.
OUTSIDE_MODAL = (f"(indexes) => {{ const modal = ({ACTIVE_MODAL})();"
                 f" return indexes.filter((i) => ({OUTSIDE})(window.__a11yStops[i], modal)).length; }}")
AROUND_MOVES = "the page around it changes by itself, so a focus indicator cannot be told apart"
WHOLE_MOVES = "parts of the page change by themselves, so a focus indicator cannot be told apart"
NO_INDICATOR = ("no pixel of the page changes when this element receives keyboard focus: "
                "a keyboard user cannot see where focus is")


class FocusVisibleIndicator(Check):
    id = "focus-visible-indicator"
    time_limit = 45.0
    init_script = activity_script()  # tells when a look after focus leaves is not needed
    kept = (FOCUS_HELPERS,)  # in every document from its start: the first focus call sends no helpers
    present = TAKES_FOCUS
    max_elements = 50  # elements judged per page (times CheckContext.reach); the rest are reported as not examined

    def looks(self) -> list[Look]:
        return [Look(OVERLAYS)]  # asked by the first look at the first element with a focus ring

    async def run(self, ctx) -> CheckOutcome:
        page = ctx.page
        deadline = time.monotonic() + max(1.0, ctx.timeout - 3)
        verdicts: list[tuple[Stop, str, str]] = []
        most = self.max_elements * ctx.reach
        try:
            # Tab from inside an open modal dialog (session.dialog) where there is one.
            async with focus_session(page, Camera.HIDE, modal=True) as session:
                cam = Camera(page)
                look = FirstLook(page, cam, lambda box: _region(page, box), ctx.first_look)
                dialog = session.dialog
                # One more than are judged: enough to know whether the order goes on. The rings at
                # rest are read as focus leaves the document (look.leaving).
                walk = await tab_walk(page, max_stops=most + 1, deadline=deadline, on_stop=_after_left(look),
                                      view=True, from_top=session.from_top, leave=look.leaving)
                look.at_rest(walk.left)
                stops = walk.stops
                modal = await _modal_note(page, dialog, stops)
                plain = await look.passed(stops[:most], deadline)
                for i in range(min(len(stops), most)):
                    if time.monotonic() > deadline:
                        break
                    key = stops[i].key
                    verdict, why = ((PASSED, "") if key in plain
                                    else await self._judge(cam, page, stops, i, small_first=key not in look.unchanged))
                    verdicts.append((stops[i], verdict, why))
        except NavigatedAway as exc:
            return self._outcome(verdicts, reason=f"{exc}; not every element could be judged")
        if not stops:
            return CheckOutcome(INAPPLICABLE, reason="no element takes keyboard focus with the Tab key")
        unjudged = ""
        if len(stops) > most:
            unjudged = f"judged the first {len(verdicts)} elements of a longer tab order"
        elif len(verdicts) < len(stops):
            unjudged = f"judged the first {len(verdicts)} of {len(stops)} elements of the tab order in the time given"
        elif not walk.complete:
            unjudged = f"judged {len(verdicts)} elements; {walk.reason}"
        return self._outcome(verdicts, reason=unjudged, modal=modal)

    @staticmethod
    def _outcome(verdicts, reason: str, modal: str = "") -> CheckOutcome:
        failed = [node(s.target, s.html, NO_INDICATOR) for s, v, _ in verdicts if v == FAILED]
        review = [(s, why) for s, v, why in verdicts if v == CANT_TELL]
        if failed:  # the undecided beside the failures, and what was not judged, as the page's own item
            return CheckOutcome(FAILED, failed, review=[node(s.target, s.html, why) for s, why in review[:20]]
                                + [node("html", summary=r) for r in (reason,) if r])
        if review or reason:
            whys = sorted({why for _, why in review})
            text = "; ".join(filter(None, [reason, *(f"{sum(w == why for _, w in review)} element(s): {why}"
                                                      for why in whys), modal]))
            return CheckOutcome(CANT_TELL, [node(s.target, s.html, why) for s, why in review[:20]], reason=text)
        return CheckOutcome(PASSED, reason="; ".join(filter(None, [
            f"each of the {len(verdicts)} elements of the tab order changes what is shown when it receives "
            "keyboard focus", modal])))

    async def _judge(self, cam, page, stops: list[Stop], i: int, small_first: bool = True) -> tuple[str, str]:
        """(PASSED | FAILED | CANT_TELL, why) for stops[i], the page's animations held still
        while it is pictured. small_first: its surroundings alone are looked at first (_judge_still)."""
        if stops[i].html.lower().startswith(("<iframe", "<frame")):
            # Focus on a frame's document (nothing in it takes focus): browsers draw no
            # indicator there, so a failure would blame the author for the browser's default.
            return CANT_TELL, "focus rests on an iframe's document, for which browsers draw no indicator"
        held: list = []  # the frames whose animations are held still (_still_in_view)
        try:
            return await self._judge_still(cam, page, stops, i, held, small_first)
        finally:
            await _release_animations(held)

    async def _judge_still(self, cam, page, stops: list[Stop], i: int, held: list,
                           small_first: bool) -> tuple[str, str]:
        """_judge: its surroundings first (small screenshots, cheap), then the viewport, then
        the whole page. Not its surroundings first where the first look compared them already,
        the page still, and found them alike (not small_first): the viewport's look judges them
        first too (judge's `region`), with its own look a moment later, so the small one could
        find nothing more."""
        stop = stops[i]
        rested = await _still_in_view(page, stop, held)
        region = _region(page, rested["box"])
        at_rest = rested["scroll"]  # the page as it rests, until the first look below focuses it
        if region is not None and small_first:
            clip = clip_of(region)
            shots = await _observe(cam, page, stops, i, clip=clip, scroll=at_rest, again=True)
            if isinstance(shots, str):
                return CANT_TELL, shots
            if judge(shots) == CHANGED:
                return PASSED, ""
            at_rest = None
        # Where the page scrolls (at rest: REST_IN_VIEW tells), the whole page's look, with its own
        # look a moment later, follows a viewport in which focus changed no pixel: no late look here.
        late_skipped = bool(rested.get("scrolls"))
        shots = await _observe(cam, page, stops, i, scroll=at_rest, unless_unchanged=late_skipped)
        verdict = _decided(shots, region, AROUND_MOVES)
        if verdict is not None:
            return verdict
        if not await page.evaluate(PAGE_SCROLLS):  # the viewport was the whole scrolling area
            if not late_skipped or len(shots.focused) > 1:  # it had its look a moment later
                return FAILED, ""
            # Focused, the page does not scroll after all (it did at rest): no larger look comes,
            # so the viewport's look is taken again, with its own a moment later.
            return _decided(await _observe(cam, page, stops, i), region, AROUND_MOVES) or (FAILED, "")
        # ACT counts a change anywhere in the page's scrolling area, not only the viewport.
        # The whole page's picture is in document coordinates: the surroundings move by the scroll.
        x, y = rested["scroll"]
        near = region and (region[0] + int(x), region[1] + int(y), region[2] + int(x), region[3] + int(y))
        shots = await _observe(cam, page, stops, i, full=True)
        return _decided(shots, near, WHOLE_MOVES) or (FAILED, "")


def _decided(shots: Shots | str, region, moves: str) -> tuple[str, str] | None:
    """What pictures (_observe) decide: (PASSED | CANT_TELL, why), `moves` the why where the page
    changes by itself; None when focus changed nothing in them."""
    if isinstance(shots, str):
        return CANT_TELL, shots
    verdict = judge(shots, region)
    if verdict == CHANGED:
        return PASSED, ""
    return (CANT_TELL, moves) if verdict == UNSTABLE else None


def _after_left(look: FirstLook):
    """look.on_stop for the Tab walk, with what leaving the stop before started ended (LEFT) before
    the first look pictures anything: a ring fading out beside the element must not pass it. The
    wait is the first look's to make when it takes a picture (FirstLook.left): most elements need
    none."""
    left = None

    async def on_stop(stop: Stop) -> None:
        nonlocal left
        if left is not None and look.usable:
            if left.index is None:
                await _left_ended(left)
            elif left.frame is look.page.main_frame:
                look.left.append(left.index)
            # Left in a frame: not waited for. The next element is pictured only while nothing
            # (a ring fading out) moves in any frame, nor, where Tab came from another document,
            # in the top one (FirstLook.on_stop).
        left = stop
        await look.on_stop(stop)

    return on_stop


async def _left_ended(stop: Stop) -> None:
    """LEFT for stop, the element focus has just left."""
    with contextlib.suppress(Exception):  # its frame or it went away: nothing of it to wait for
        await _on(stop, LEFT)


async def _modal_note(page, dialog: str | None, stops: list[Stop]) -> str:
    """What the reason says of a walk that started in an open modal dialog (named `dialog`)."""
    if dialog is None:
        return ""
    reached = f"Tab was pressed from the top of the open modal dialog ({dialog}), where a person's focus is"
    if len(page.frames) > 1 or any(s.frame is not page.main_frame for s in stops):  # frames: not worked out
        return reached
    outside = await page.main_frame.evaluate(OUTSIDE_MODAL, [s.index for s in stops])
    return f"{reached}, and reached {len(stops)} element(s), {outside or 'none'} of them outside it"


async def _observe(cam, page, stops: list[Stop], i: int, clip: dict | None = None,
                   full: bool = False, scroll: list | None = None, again: bool = False,
                   unless_unchanged: bool = False) -> Shots | str:
    """Screenshots not focused, focused by a Tab press (again a moment later if nothing
    changed), and not focused again; or why they could not be taken alike. `scroll`: the
    page is at rest already, scrolled so. `again`: unless these show a change, the element is
    looked at again (a larger picture, with its own look a moment later): where nothing could
    still change the page by itself (no frame busy), no look a moment later here.
    `unless_unchanged`: the same where focusing changes no pixel at all (a larger look, with its
    own look a moment later, follows those only)."""
    for _ in range(2):  # a second try when focusing it scrolled the page after all
        scroll = scroll if scroll is not None else await _rest(page)
        before = await cam.shot(clip, full, scroll)
        settled = await _tab_to(page, stops, i)
        if settled is None:
            return "Tab did not bring focus back to it (focus moved elsewhere)"
        if settled == scroll:
            break
        scroll = None
    else:
        return "focusing it scrolls the page, so before and after cannot be compared"
    shots = Shots(before, [await cam.shot(clip, full, scroll)], before)
    # Something changed (focus, or what moves by itself and is not held still): a second picture
    # straight away tells a change that is done from one under way, such as an indicator fading
    # in beside a spinner turned by script. Nothing changed, or still changing: look again later.
    done, still = False, False  # still: no frame busy, asked with nothing done since
    if diff_box(shots.focused[0], before) is not None:
        shots.focused.append(await cam.shot(clip, full, scroll))
        done = diff_box(shots.focused[1], shots.focused[0]) is None
    if not done:
        # An indicator that comes in late (a transition, a timer, an image it loads) is also seen
        # by the larger look that follows (`again`, a moment later there too): nothing pending
        # here, no wait for it.
        unchanged = len(shots.focused) == 1  # nothing at all changed: no second picture was taken
        still = (again or (unless_unchanged and unchanged)) and await busy_reason(page.frames) is None
        if not still:
            await page.wait_for_timeout(LATE_MS)
            shots.focused.append(await cam.shot(clip, full, scroll))
    # The look after focus leaves tells focus apart from the page changing by itself; a page
    # with nothing left that could change it (no timer, animation or transition running, the
    # DOM settled: the activity record) looks as it did before, unless the focused pictures
    # differ from each other: then something moves that the record does not see (an animation
    # in a shadow tree) or an indicator is still coming in, and the look is taken all the same.
    moving = len(shots.focused) > 1 and diff_box(shots.focused[-1], shots.focused[-2]) is not None
    if moving or (not still and await busy_reason(page.frames) is not None):
        shots.after = await cam.shot(clip, full, await _rest(page))
    return shots


# The page's CSS and Web animations that are running (a spinner, a skeleton loader's shimmer, a
# slide show's keyframes), held where they are: playback rate 0 keeps each one's place and, unlike
# pause(), does not take it from the page's style (animation-play-state), nor fire an event as
# cancel() would. Transitions go on: a state change's (a blur's fading out) ends as it would.
# Whatever starts later runs, so the element's own focus transition or animation reaches its end.
# document.getAnimations() leaves out shadow trees: open shadow roots are asked too (a closed one's
# spinner runs on, and counts as motion). What is held is kept in the document for RELEASE (no
# handle to make and let go of); the answer is how many, so that a frame with none is not asked
# to release anything.
HOLD = """() => {
  const A = window.__a11yActivity, roots = [document];
  if (!A || A.openRootCount() > 0) {
    for (let i = 0; i < roots.length; i++) {
      for (const el of roots[i].querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
    }
  }
  const held = roots.flatMap((r) => r.getAnimations ? r.getAnimations() : []).filter((a) => a.playState === 'running'
    && a.playbackRate !== 0 && !(window.CSSTransition && a instanceof CSSTransition))
    .map((a) => { const rate = a.playbackRate; a.playbackRate = 0; return [a, rate]; });
  if (held.length) window.__a11yHeld = (window.__a11yHeld || []).concat(held);
  return held.length;
}"""
RELEASE = """() => { const held = window.__a11yHeld || []; delete window.__a11yHeld;
  held.forEach(([a, rate]) => { if (a.playbackRate === 0) a.playbackRate = rate; }); }"""
BLUR = "const a = document.activeElement; if (a && a !== document.body && typeof a.blur === 'function') a.blur();"
# A frame inside the page: HOLD, then nothing focused in it (as _focus.blur_all).
HOLD_AND_BLUR = f"() => {{ const held = ({HOLD})(); {BLUR} return held; }}"
# _rest, then the element scrolled into view and its box, and whether the page scrolls (PAGE_SCROLLS),
# in one call (the page has no frames).
REST_IN_VIEW = ("async (el) => { const a = document.activeElement; if (a && a !== document.body) a.blur();"
                f" el.scrollIntoView({{block: 'nearest', inline: 'nearest'}}); {ENDED}"
                " const b = el.getBoundingClientRect(); return {scroll: [scrollX, scrollY],"
                " box: el.getClientRects().length ? {x: b.x, y: b.y, width: b.width, height: b.height} : null,"
                f" scrolls: ({PAGE_SCROLLS})()}}; }}")


async def _still_in_view(page, stop: Stop, held: list) -> dict:
    """The page's animations held still (HOLD, in every frame: the frames that hold some are added
    to `held`, for _release_animations), nothing focused, stop's element scrolled into view and
    what focus leaving started ended (ENDED): the scroll position and the element's box in the
    viewport (None when it has no box). A frame gone or not scriptable is left out: its
    animations run on, and count as motion."""
    if len(page.frames) == 1:
        rested = await _on(stop, f"async (el) => {{ const held = ({HOLD})();"
                                 f" return {{...await ({REST_IN_VIEW})(el), held}}; }}")
        held.extend([page.main_frame] if rested["held"] else [])
        return rested
    for frame in reversed(page.frames):  # innermost first, as _focus.blur_all
        if frame is not page.main_frame:
            with contextlib.suppress(Exception):
                if await frame.evaluate(HOLD_AND_BLUR):
                    held.append(frame)
    # The main frame's HOLD, and _rest there.
    if await page.evaluate(f"async () => {{ const held = ({HOLD})(); await ({REST})(); return held; }}"):
        held.append(page.main_frame)
    element = await stop.element()
    await element.evaluate("el => el.scrollIntoView({block: 'nearest', inline: 'nearest'})")
    return {"scroll": await page.evaluate(SETTLE), "box": await element.bounding_box()}


async def _release_animations(held: list) -> None:
    """RELEASE in the frames that hold something still."""
    await asyncio.gather(*(frame.evaluate(RELEASE) for frame in held),
                         return_exceptions=True)  # a frame gone took its animations


async def _rest(page) -> list:
    """Nothing focused, what that started ended (ENDED); the scroll position."""
    if len(page.frames) > 1:
        await blur_all(page)
    return await page.evaluate(REST)


class Camera:
    """Screenshots through the DevTools protocol, about three times faster than page.screenshot
    on a loaded machine (no font wait, no style put in and taken out for every shot). The text
    caret blinks: the check's focus_session makes it transparent (HIDE) while the camera is used.
    Only where a caret can be drawn (text fields and editable content): a sheet that matches
    every element restyles all of them as it comes and goes, 40-55 ms of the renderer's time
    on a page of 5,000 elements (5 ms this way)."""

    HIDE = ("input, textarea, [contenteditable], [contenteditable] * "
            "{ caret-color: transparent !important; }")

    def __init__(self, page):
        self.page = page  # shot through the page's own DevTools session (devtools.py)

    async def shot(self, clip: dict | None = None, full: bool = False, scroll: list | None = None):
        if full:
            return decode(await self.page.screenshot(full_page=True, animations="allow", caret="hide",
                                                     scale="css", type="png"))
        params = {"format": "png", "optimizeForSpeed": True}
        if clip:  # the protocol wants document coordinates; ours are the viewport's
            x, y = scroll if scroll is not None else await self.page.evaluate(SETTLE)
            params["clip"] = {**clip, "x": clip["x"] + x, "y": clip["y"] + y, "scale": 1}
        data = await send(self.page, "Page.captureScreenshot", params)
        return decode(base64.b64decode(data["data"]))


async def _tab_to(page, stops: list[Stop], i: int) -> list | None:
    """Focus stops[i] with a real key press: Tab from the element before it in the tab order,
    Shift+Tab from the second for the first (whatever came before the first is unknown); then
    what leaving the element Tab started from set going ends (LEFT), and what focusing drew is
    on screen (SETTLE): the scroll position then, or None when focus went elsewhere."""
    target = stops[i]
    if i > 0:
        start, key = stops[i - 1], "Tab"
    elif len(stops) > 1:
        start, key = stops[1], "Shift+Tab"
    else:  # the only one: Tab leaves the document, and the next Tab comes back to it
        start, key = target, "Tab"
    try:
        await _on(start, "el => el.focus({preventScroll: true})")
    except Exception:  # noqa: BLE001 - the element went away
        return None
    # A page without frames: which element has focus, LEFT and SETTLE in one call.
    here = len(page.frames) == 1 and start.frame is page.main_frame and start.handle is None and start.index is not None
    for _ in range(3):
        await page.keyboard.press(key)
        if here:
            now = await run(page.main_frame, TABBED_TO, [target.target[-1], start.index])
            if now is not None:
                return now["scroll"] if now["reached"] else None
            continue
        now = await focused_key(page)
        if now is not None:
            if now != target.key:
                return None
            await _left_ended(start)
            return await page.evaluate(SETTLE)
    return None


# _tab_to's look after a Tab press in a page without frames (the helpers of _focus.js as H): null
# when no element has focus; else whether it is the element wanted (its path, as Stop.target's
# last entry), and if so, once what leaving the element at index `left` of the page's list started
# has ended (LEFT), the scroll position two frames later (SETTLE).
TABBED_TO = f"""return (async ([wanted, left]) => {{
  const el = H.deepActive();
  if (!el) return null;
  if (JSON.stringify(H.path(el)) !== JSON.stringify(wanted)) return {{reached: false}};
  const gone = (window.__a11yStops || [])[left];
  if (gone) try {{ await ({LEFT})(gone); }} catch (e) {{ /* nothing of it to wait for */ }}
  return {{reached: true, scroll: await ({SETTLE})()}};
}})(arg);"""


def _region(page, *boxes) -> tuple[int, int, int, int] | None:
    """The element's box plus a margin, inside the viewport."""
    boxes = [b for b in boxes if b]
    size = page.viewport_size
    if not boxes or not size:
        return None
    left = max(0, int(min(b["x"] for b in boxes)) - MARGIN)
    top = max(0, int(min(b["y"] for b in boxes)) - MARGIN)
    right = min(size["width"], int(max(b["x"] + b["width"] for b in boxes)) + MARGIN + 1)
    bottom = min(size["height"], int(max(b["y"] + b["height"] for b in boxes)) + MARGIN + 1)
    return (left, top, right, bottom) if right > left and bottom > top else None

