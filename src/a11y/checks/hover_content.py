"""Content that pointer hover brings up can be dismissed, hovered and stays (WCAG 2.1 1.4.13 Content
on Hover or Focus, its pointer half; focus_content.py is the keyboard half).

A tooltip or menu that appears when the pointer comes over an element must (1) go away with a
mechanism that needs no pointer movement (Escape, by convention), unless it is an input error or
covers nothing; (2) stay while the pointer moves onto it, so that a person who magnifies the
screen can read it; (3) stay until the pointer leaves, the person dismisses it, or it no longer
applies. The browser's own `title` tooltip is the user agent's, and not judged.

Candidates come from the survey, so a page where nothing answers hover costs next to nothing:
elements a style rule shows other content for (`.menu:hover > ul`, `a:hover + .tip`: the hidden
content the rule matches, and the element whose hover it names), elements with a hover listener of
their own (the activity record), and, where a script listens for hover, elements marked as
tooltip triggers. At most `max_triggers` are tried, with real pointer movement, each: the pointer
moves to a point of it (from a spot of its own at the top left); what was hidden and shows now,
or was added and shows, is its content (a menu inside it included). Then, waiting only for the
timers the hover started (at most `watch_ms`): does the content hide itself while the pointer
stays (persistent)? Escape pressed with the pointer still: does it go, and if not, does it lie
over text, an image or a control (dismissible)? Hovered afresh, the pointer moves in small steps
to the content's nearest point: is it still there (hoverable)? Nothing is clicked; requests that
write are refused (_no_side_effects.py); focus, scroll and the pointer are put back.
"""
from __future__ import annotations

import math
import time

from ._activity import activity_script
from ._context_change import THROUGH, target
from ._focus import NavigatedAway, focus_session
from ._layout import evaluate
from ._no_side_effects import contained
from ._revealed import SHOWN
from ._style_facts import STYLE_FACTS
from .base import CANT_TELL, FAILED, INAPPLICABLE, PASSED, Check, CheckOutcome, Look, beyond_limit, node
from .text_contrast import STILL

# What every step's script shares: the page's record of this check (window.__a11yHover), and
# waiting for behaviour rather than for a fixed time: timers the page started since H.mark (a
# tooltip's show delay, a hide timer), at most `ms` long, are waited for, no longer than `ms`.
# Our own waits use scheduler.postTask, which the activity record does not count.
_PRELUDE = r"""
  const H = window.__a11yHover, A = window.__a11yActivity;
  const {shown, within, covers} = (SHOWN)(L);
  const LETTER = /\p{L}/u;
  const tick = (ms) => new Promise((res) => (window.scheduler && scheduler.postTask
    ? scheduler.postTask(res, {delay: ms}) : setTimeout(res, ms)));
  const frames = () => new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res)));
  const timers = (ms) => (A ? A.startedSince(H.mark).filter(([kind, , delay]) => kind === 'timeout' && delay <= ms)
    : []);
  const begin = () => {
    H.mark = A ? A.mark() : 0;
    H.added = [];
    if (H.observer) H.observer.disconnect();
    H.observer = new MutationObserver((rs) => {
      for (const r of rs) for (const n of r.addedNodes) if (n.nodeType === 1) H.added.push(n);
    });
    H.observer.observe(document.body || document.documentElement, {subtree: true, childList: true});
  };
  const fresh = () => {
    for (const r of H.observer.takeRecords()) for (const n of r.addedNodes) if (n.nodeType === 1) H.added.push(n);
    return H.added.filter((n) => shown(n) && LETTER.test(n.textContent) && n !== H.el && !within(H.el, n));
  };
  const settle = async (done, ms) => {
    await frames();
    const t0 = performance.now();
    while (!done() && performance.now() - t0 < ms && timers(ms).length) await tick(16);
  };
  const hitAt = (x, y) => {
    let hit = document.elementFromPoint(x, y);
    while (hit && hit.shadowRoot) {
      const inner = hit.shadowRoot.elementFromPoint(x, y);
      if (!inner || inner === hit) break;
      hit = inner;
    }
    return hit;
  };
  const inView = (x, y) => x >= 0 && y >= 0 && x < innerWidth && y < innerHeight;
  // The point of el (nearest `from`, else its middle first) where the pointer would be over it.
  const pointOn = (el, from) => {
    const pts = [];
    for (const b of el.getClientRects()) {
      if (b.width < 1 || b.height < 1) continue;
      const clamp = (v, lo, hi) => Math.min(Math.max(v, lo), hi);
      if (from) pts.push([clamp(from.x, b.left + 2, b.right - 2), clamp(from.y, b.top + 2, b.bottom - 2)]);
      for (const fx of [0.5, 0.25, 0.75, 0.1, 0.9]) for (const fy of [0.5, 0.25, 0.75, 0.1, 0.9]) {
        pts.push([b.left + fx * b.width, b.top + fy * b.height]);
      }
    }
    if (from) pts.sort((a, b) => Math.hypot(a[0] - from.x, a[1] - from.y) - Math.hypot(b[0] - from.x, b[1] - from.y));
    for (const [x, y] of pts) if (inView(x, y) && within(hitAt(x, y), el)) return {x, y};
    return null;
  };
"""


def _script(body: str) -> str:
    return ("async (L, arg) => {" + _PRELUDE + body + "}").replace("SHOWN", SHOWN)


# The elements to hover (see the module's docstring), at most arg.max, kept in window.__a11yHover
# with the hidden elements with words that hovering could show (at most arg.maxHidden).
CANDIDATES = r"""async (L, arg) => {
  const {shown} = (SHOWN)(L);
  const through = THROUGH;
  const LETTER = /\p{L}/u;
  const A = window.__a11yActivity;
  const found = [];
  const add = (el) => {
    if (!el || el === document.body || el === document.documentElement || found.includes(el)) return;
    if (shown(el)) found.push(el);
  };
  for (const part of arg.rules) {
    // '.menu:hover > ul': the hovered compound ('.menu'), the combinator after it, and the whole
    // selector with :hover matching anything (what the rule shows).
    const m = /^(.*?):hover((?:[^\s>+~(]|\([^)]*\))*)\s*([>+~]?)/is.exec(part);
    if (!m) continue;
    let hovered = (m[1] + m[2]).replace(/:hover\b/gi, '').trim();
    if (!m[2] && (!m[1] || /[\s>+~]$/.test(m[1]))) hovered = (hovered + ' *').trim();
    const sibling = m[3] === '+' || m[3] === '~';
    let shows;
    try { shows = document.querySelectorAll(part.replace(/:hover\b/gi, ':is(*)')); document.querySelector(hovered); }
    catch (e) { continue; }  // a pseudo-element (::after): no element to find
    let looked = 0;
    for (const r of shows) {
      if (looked++ > 200) break;
      if (shown(r) || !LETTER.test(r.textContent)) continue;
      find: for (let up = r; up && up !== document.body; up = up.parentElement) {
        if (sibling) {
          for (let s = up.previousElementSibling; s; s = s.previousElementSibling) {
            if (s.matches(hovered)) { add(s); break find; }
          }
        } else if (up !== r && up.matches(hovered)) { add(up); break; }
      }
    }
  }
  if (A) for (const el of A.hovered(arg.max * 10)) add(el);
  // A listener on the document (delegation) names no element: tooltip triggers by their marks.
  if (arg.hoverScript) {
    for (const el of document.querySelectorAll('[data-tooltip], [data-tip], [data-toggle=tooltip], ' +
      '[data-bs-toggle=tooltip], [data-tippy-content], [data-original-title], [data-bs-original-title], ' +
      '[aria-describedby]')) add(el);
  }
  const of = found.length, capped = of > arg.max;
  found.length = Math.min(of, arg.max);
  const hidden = [];
  const SKIP = /^(script|style|template|noscript|head|title|meta|link|option|optgroup|datalist)$/;
  for (const e of found.length && document.body ? document.body.querySelectorAll('*') : []) {
    if (hidden.length >= arg.maxHidden) break;
    if (SKIP.test(e.localName) || !LETTER.test(e.textContent) || shown(e)) continue;
    hidden.push(e);
  }
  window.__a11yHover = {els: found, hidden};
  return {of, capped, hiddenCapped: hidden.length >= arg.maxHidden,
          triggers: found.map((el) => ({selector: through(L, el), html: L.outerHtml(el)}))};
}""".replace("SHOWN", SHOWN).replace("THROUGH", THROUGH)

# Before the pointer comes: trigger arg brought into view; what is hidden now; the point to hover.
PREPARE = _script(r"""
  const el = H.els[arg];
  if (!shown(el)) return null;
  el.scrollIntoView({block: 'center', inline: 'center', behavior: 'instant'});
  H.el = el;
  H.before = H.hidden.filter((e) => !shown(e));
  begin();
  return pointOn(el, null);
""")

# The pointer is on the trigger (at arg.at): the content it brought up (H.pops), and, waiting for
# the timers the hover started (at most arg.watchMs), whether the content hid itself while the
# pointer stayed; then the point of the content nearest the trigger's.
REVEAL = _script(r"""
  const found = () => {
    const now = [...H.before.filter(shown), ...fresh()].filter((p) => p !== H.el && !within(H.el, p));
    return now.filter((p) => !now.some((q) => q !== p && within(p, q))).slice(0, 5);
  };
  let pops = [];
  await settle(() => (pops = found()).length > 0, arg.waitMs);
  H.pops = pops = pops.length ? pops : found();
  if (!pops.length) return null;
  const t0 = performance.now();
  let gone = null;
  // A timer of at most watchMs still to run is waited for up to twice that (a busy machine runs
  // timers late).
  while (arg.watchMs && performance.now() - t0 < 2 * arg.watchMs && timers(arg.watchMs).length) {
    await tick(16);
    if (!pops.some(shown)) { gone = performance.now() - t0; break; }
  }
  if (gone === null && !pops.some(shown)) gone = performance.now() - t0;
  const stayed = within(hitAt(arg.at.x, arg.at.y), H.el) || pops.some((p) => within(hitAt(arg.at.x, arg.at.y), p));
  let to = null;
  for (const p of pops.filter(shown)) {
    const q = pointOn(p, arg.at);
    if (q && (!to || Math.hypot(q.x - arg.at.x, q.y - arg.at.y) < Math.hypot(to.x - arg.at.x, to.y - arg.at.y))) to = q;
  }
  begin();
  return {pop: L.selector(pops[0]), gone, stayed, to,
          alert: pops.every((p) => p.closest('[role=alert], [role=alertdialog]') !== null)};
""")

# After Escape, the pointer unmoved: {shown: the content still shows, covers: it lies over text, an
# image or a control}; a fresh watch begins for what follows.
AFTER_ESCAPE = _script(r"""
  await settle(() => !H.pops.some(shown), arg.waitMs);
  const still = H.pops.filter(shown);
  begin();
  return {shown: still.length > 0, covers: still.some((p) => covers(p, H.el))};
""")

# The pointer has moved onto the content: whether it (or content made afresh) still shows, once the
# timers started on the way (a grace delay before hiding) have run.
ON_CONTENT = _script(r"""
  await settle(() => false, arg.waitMs);
  return H.pops.some(shown) || fresh().length > 0;
""")

# The pointer has left: let what it started settle (content hiding after a delay).
LEFT = _script(r"""
  await settle(() => false, arg.waitMs);
  if (H.observer) H.observer.disconnect();
""")
FORGET = ("() => { const H = window.__a11yHover; if (H && H.observer) H.observer.disconnect();"
          " delete window.__a11yHover; }")

NEUTRAL = (0, 0)  # where the pointer rests between triggers and is left afterwards
STEP_PX = 4  # the pointer's steps on its way onto the content: a gap wider than this is crossed

BRINGS = "hovering over it brings up {pop}"
PERSISTS = ("which disappears after about {s:.1f} s while the pointer stays on it (it must stay until the pointer "
            "leaves or it is dismissed)")
STAYS = ("which lies over other content, and Escape does not put it away while the pointer stays (users who need to "
         "see what is beneath must move the pointer away)")
LOST = ("which disappears when the pointer moves from the element onto it (users who magnify the screen cannot move "
        "over the content to read it)")
MOVED = ("which went while the pointer stayed, but the element moved from under the pointer: check that it stays "
         "while hovered")
UNREACHABLE = ("which the pointer could not be moved onto (outside the window, or under other content): check that the "
               "pointer can be moved over it without it disappearing")
NOT_AGAIN = ("which did not come back when hovered again after Escape: check that the pointer can be moved over it "
             "without it disappearing")


class HoverContentDismissible(Check):
    id = "hover-content-dismissible"
    time_limit = 20.0
    disturbs = True  # hover handlers may change the page (content loaded, a class left set): runs last
    init_script = activity_script()
    max_triggers = 20  # elements hovered per page (times CheckContext.reach)
    max_hidden = 10000  # hidden elements watched for appearing (times CheckContext.reach)
    wait_ms = 1500  # the longest show delay, hide delay or self-hiding timer waited for

    def looks(self) -> list[Look]:
        return [STYLE_FACTS]

    async def run(self, ctx) -> CheckOutcome:
        facts = await ctx.first_look(STYLE_FACTS.script)
        if not (facts["hoverRules"] or facts["hoverScript"] or facts["unreadable"]):
            return CheckOutcome(INAPPLICABLE, reason=(
                "nothing on the page could bring content up on hover (no style rule that shows another element on "
                ":hover, no script listening for the pointer; the browser's own title tooltips are not judged)"))
        page = ctx.page
        deadline = time.monotonic() + max(2.0, ctx.timeout - 3)
        failed, review, fine, tried = [], [], 0, 0
        most = self.max_triggers * ctx.reach
        try:
            async with contained(page, restore_state=False), focus_session(page, STILL):
                seen = await evaluate(page, CANDIDATES, {
                    "rules": facts["hoverRules"], "hoverScript": facts["hoverScript"], "max": most,
                    "maxHidden": self.max_hidden * ctx.reach})
                try:
                    await page.mouse.move(*NEUTRAL)
                    for i, t in enumerate(seen["triggers"]):
                        if time.monotonic() > deadline:
                            break
                        tried += 1
                        said = await self._try(page, i)
                        await page.mouse.move(*NEUTRAL)
                        await evaluate(page, LEFT, {"waitMs": self.wait_ms})
                        if said is None:
                            continue
                        verdict, problems = said
                        summary = "; ".join(problems)
                        if verdict == FAILED:
                            failed.append(node(target(t["selector"]), t["html"], summary))
                        elif verdict == CANT_TELL:
                            review.append(node(target(t["selector"]), t["html"], summary))
                        else:
                            fine += 1
                finally:
                    await page.mouse.move(*NEUTRAL)
                    await page.evaluate(FORGET)
        except NavigatedAway as exc:
            return CheckOutcome(CANT_TELL, reason=f"{exc}; content brought up by hover could not all be tried")
        return self._outcome(seen, failed, review, fine, tried, facts, ctx.reach)

    async def _try(self, page, i: int) -> tuple[str, list[str]] | None:
        """Hover trigger i and judge what it brings up: (verdict, what was found), or None when it
        brings up nothing (or cannot be hovered)."""
        at = await evaluate(page, PREPARE, i)
        if at is None:
            return None
        await page.mouse.move(at["x"], at["y"])
        seen = await evaluate(page, REVEAL, {"at": at, "waitMs": self.wait_ms, "watchMs": self.wait_ms})
        if seen is None:
            return None
        lead = BRINGS.format(pop=seen["pop"])
        if seen["gone"] is not None:
            if seen["stayed"]:
                return FAILED, [f"{lead}, {PERSISTS.format(s=seen['gone'] / 1000)}"]
            return CANT_TELL, [f"{lead}, {MOVED}"]
        failed, review = [], []
        to = seen["to"]
        if not seen["alert"]:  # an input error may stay (1.4.13's exception)
            await page.keyboard.press("Escape")
            after = await evaluate(page, AFTER_ESCAPE, {"waitMs": self.wait_ms})
            if after["shown"] and after["covers"]:
                failed.append(f"{lead}, {STAYS}")
            elif not after["shown"]:  # gone, as it should: hover afresh for the next question
                await page.mouse.move(*NEUTRAL)
                await evaluate(page, LEFT, {"waitMs": self.wait_ms})
                at = await evaluate(page, PREPARE, i)
                again = None
                if at is not None:
                    await page.mouse.move(at["x"], at["y"])
                    again = await evaluate(page, REVEAL, {"at": at, "waitMs": self.wait_ms, "watchMs": 0})
                if again is None:
                    review.append(f"{lead}, {NOT_AGAIN}")
                    return (FAILED, failed + review) if failed else (CANT_TELL, review)
                to = again["to"]
        if to is None:
            review.append(f"{lead}, {UNREACHABLE}")
        else:
            steps = max(1, min(100, math.ceil(math.hypot(to["x"] - at["x"], to["y"] - at["y"]) / STEP_PX)))
            await page.mouse.move(to["x"], to["y"], steps=steps)
            if not await evaluate(page, ON_CONTENT, {"waitMs": self.wait_ms}):
                failed.append(f"{lead}, {LOST}")
        if failed:
            return FAILED, failed + review
        if review:
            return CANT_TELL, review
        return PASSED, []

    def _outcome(self, seen, failed, review, fine, tried, facts, reach) -> CheckOutcome:
        if failed:
            return CheckOutcome(FAILED, failed)
        if review:
            return CheckOutcome(CANT_TELL, review, reason=f"{len(review)} element(s): content brought up by hover "
                                                          "could not be judged in full")
        if seen["capped"]:
            return CheckOutcome(CANT_TELL, reason=beyond_limit("elements that could bring content up on hover",
                                                               self.max_triggers * reach, reach))
        if tried < len(seen["triggers"]):
            return CheckOutcome(CANT_TELL, reason=f"hovered {tried} of the {len(seen['triggers'])} elements that could "
                                                  "bring content up in the time given")
        if seen["hiddenCapped"]:
            return CheckOutcome(CANT_TELL, reason=beyond_limit("hidden elements that hover could show",
                                                               self.max_hidden * reach, reach))
        if fine:
            return CheckOutcome(PASSED, reason=f"the content {fine} element(s) bring up on hover goes with Escape (or "
                                               "covers nothing), stays while the pointer moves onto it and while "
                                               "hovered")
        if facts["unreadable"] and not seen["triggers"]:
            return CheckOutcome(CANT_TELL, reason=(
                "a style sheet from another origin could not be read, so :hover rules that show content were not "
                "found: hover over the page's menus and tooltips to check them"))
        return CheckOutcome(INAPPLICABLE, reason=f"none of the {tried} element(s) that could bring content up on "
                                                 "hover did so")
