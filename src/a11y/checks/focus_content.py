"""Content that focus brings up can be dismissed without moving focus (WCAG 2.1 1.4.13 Content on
Hover or Focus, its keyboard half).

Tooltips, hint bubbles and menus that open when a control receives focus sit over the page: a
person using a magnifier, or one who needs to read what is underneath, must be able to put such
content away without moving focus (the Escape key, by convention), unless it covers nothing.

Each element of the tab order (at most `max_elements`) receives focus by script, with
transitions off, and what became visible at once, in the handlers' promise callbacks, or once
the timers they started that are due within `wait_ms` have run (a tooltip's show delay:
Bootstrap's is a setTimeout of 0; not animation frames, nor a poll the page re-arms from before)
is noted: elements with text that were not rendered (or were invisible or transparent) before
and are now, and elements a script added, outside the focused element itself. For each element
that brings up such content (at most `max_judged`): focus it again (its timers waited for
again), press Escape for real, and look, once the timers Escape started (a hide delay) have
run; one the check's time runs out on is said to be not judged. Content still shown while focus
stayed fails when it lies over other content (points across it hit-test to text, an image or a
control of the page beneath it); content that covers nothing is allowed to stay. When Escape moves focus away,
the content may have gone because focus left, which the criterion does not allow as the way to
dismiss it; that is left for review. Content with role alert (an input error) is exempt. A
tooltip drawn by an element's ::before or ::after on focus (`.tooltipped:focus::after`) is judged
the same way: the element focused, the pseudo-element's computed style read (its appearing
animation waited for), its box measured through the DevTools protocol (_revealed.py).
Hover, the other half of the criterion, is hover_content.py's. Changes of
context a focus handler starts are cancelled (_context_change.py) and nothing it sends reaches
the site (_no_side_effects.py).
"""
from __future__ import annotations

import json
import time

from ._activity import ACTION_TIMERS, activity_script
from ._context_change import DEEP_ACTIVE, budget_ms, watching
from ._focus import NavigatedAway, focus_session
from ._layout import evaluate
from ._no_side_effects import contained
from ._revealed import PSEUDO_FORGET, PSEUDO_RULES, PSEUDO_STATE, PSEUDO_TRIGGERS, SHOWN, pseudo_covers
from ._style_facts import FOCUS_EVENTS, HAS_SHEETS, LISTENS_FOR, STYLE_FACTS, takes_focus_and
from .base import CANT_TELL, FAILED, INAPPLICABLE, PASSED, Check, CheckOutcome, Look, beyond_limit, node
from .text_contrast import STILL

# `(ms, until) => ({mark, settle})`: waiting for behaviour, not for a clock. mark() notes the
# moment (_activity.js mark); `await settle(since)` lets the timers started since then for what
# happened since (a focus handler's setTimeout(show, 0), as Bootstrap's tooltips use; Escape's hide
# delay), due within ms, run: up to ms, twice that for one due but not yet run (a busy machine runs
# it late), never past until() (true: the time is up), and says whether it waited its whole
# window (false: until() cut it short with such a timer still to run). A timer the page keeps
# re-arming from before the mark (a poll) is not waited for (causedSince), nor are animation
# frames (an animation loop would never end). The waiting is _activity.py's ACTION_TIMERS.
TIMERS = r"""((ms, until = () => false) => {
  const W = ACTION_TIMERS;
  const settle = (since) => W.settle({timers: () => W.caused(since, ['timeout'], ms), ms, until});
  return {mark: W.mark, settle};
})""".replace("ACTION_TIMERS", ACTION_TIMERS)

# Each element of the tab order focused in turn; for those that bring up content, that content
# (kept in window.__a11yReveals for PREPARE and AFTER).
REVEALS = watching(r"""async ({L, arg, tabOrder, deep, timeUp}) => {
  const {cands, capped} = tabOrder(arg.max);
  const {mark, settle} = (TIMERS)(arg.waitMs, timeUp);
  const LETTER = /\p{L}/u;
  const {shown, within, outermost, hiddenWithWords} = (SHOWN)(L);
  const cssReveals = arg.cssReveals;  // a style rule could show another element (_style_facts.py)
  const hidden = hiddenWithWords(arg.maxHidden);
  const added = [];
  let changed = false;
  const observer = new MutationObserver((records) => {
    changed = true;
    for (const r of records) for (const n of r.addedNodes) if (n.nodeType === 1) added.push(n);
  });
  const reveals = [];
  let tried = 0, late = false;
  for (const el of cands) {
    if (timeUp()) { late = true; break; }
    tried++;
    const a = deep();
    if (a && a !== document.body && a.blur) {
      const left = mark();
      a.blur();
      // What leaving the last one starts (its tooltip's hide timer) is not this one's.
      if (!await settle(left)) { tried--; late = true; break; }
    }
    added.length = 0;
    changed = false;
    observer.observe(document.body || document.documentElement, {subtree: true, childList: true, attributes: true});
    // No wait for a frame (two frames an element are seconds on a long page): styles and the
    // handlers' synchronous work show at once; what they start as promise callbacks runs here,
    // and what they start after a timer due soon (a tooltip's show delay) once it has run.
    const since = mark();
    el.focus({preventScroll: true});
    await Promise.resolve();
    await Promise.resolve();
    if (!await settle(since)) { observer.disconnect(); tried--; late = true; break; }
    const pending = observer.takeRecords();
    if (pending.length) changed = true;
    added.push(...pending.flatMap((r) => [...r.addedNodes].filter((n) => n.nodeType === 1)));
    observer.disconnect();
    if (deep() !== el || (!changed && !cssReveals)) continue;
    const now = [...hidden.filter(shown), ...added.filter((n) => shown(n) && LETTER.test(n.textContent))]
      .filter((p) => !within(p, el) && !within(el, p));
    const outer = outermost(now);
    if (outer.length) reveals.push({el, pops: outer.slice(0, 5)});
    if (reveals.length >= arg.most) break;
  }
  const a = deep();
  if (a && a !== document.body && a.blur) a.blur();
  if (reveals.length) window.__a11yReveals = reveals;  // nothing else is left on the page (no FORGET needed)
  else delete window.__a11yReveals;
  const hiddenCapped = hidden.length >= arg.maxHidden;
  return {tried, of: cands.length, late, capped, hiddenCapped, reveals: reveals.map((r, i) => ({
    i, selector: L.selector(r.el), html: L.outerHtml(r.el), pop: L.selector(r.pops[0]),
    alert: r.pops.every((p) => p.closest('[role=alert], [role=alertdialog]') !== null)}))};
}""".replace("SHOWN", SHOWN).replace("TIMERS", TIMERS))
# Focus element i again (arg.i); {shown: its content shows, once the timers its focus started
# (arg.waitMs) have run; late: arg.leftMs, the check's time, ran out first}. What Escape starts is
# waited for from the mark taken last (AFTER).
PREPARE = r"""async (L, arg) => {
  const r = window.__a11yReveals[arg.i];
  const end = performance.now() + arg.leftMs;
  const {mark, settle} = (TIMERS)(arg.waitMs, () => performance.now() > end);
  const LETTER = /\p{L}/u;
  const {shown, within, outermost} = (SHOWN)(L);
  // Content a script makes afresh on each focus (and removes on blur) is found again.
  const added = [];
  const observer = new MutationObserver((records) => {
    for (const rec of records) for (const n of rec.addedNodes) if (n.nodeType === 1) added.push(n);
  });
  observer.observe(document.body || document.documentElement, {subtree: true, childList: true});
  const since = mark();
  r.el.focus({preventScroll: true});
  const whole = await settle(since);
  await new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res)));
  added.push(...observer.takeRecords().flatMap((rec) => [...rec.addedNodes].filter((n) => n.nodeType === 1)));
  observer.disconnect();
  const fresh = added.filter((n) => shown(n) && LETTER.test(n.textContent) && !within(n, r.el) && !within(r.el, n));
  r.current = [...r.pops.filter(shown), ...outermost(fresh)];
  r.mark = mark();
  return {shown: r.current.length > 0, late: !whole};
}""".replace("SHOWN", SHOWN).replace("TIMERS", TIMERS)
# After Escape, once the timers it started (arg.waitMs: a hide delay) have run: {focus: still on the
# element, shown: the content still shows, covers: it lies over text, an image or a control of the
# page beneath it, late: arg.leftMs ran out first}.
AFTER = r"""async (L, arg) => {
  const r = window.__a11yReveals[arg.i];
  const end = performance.now() + arg.leftMs;
  const whole = await (TIMERS)(arg.waitMs, () => performance.now() > end).settle(r.mark);
  await new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res)));
  const a = (DEEP_ACTIVE)();
  const {shown, covers} = (SHOWN)(L);
  const still = (r.current || r.pops).filter(shown);
  return {focus: a === r.el, shown: still.length > 0, covers: still.some((p) => covers(p, r.el)), late: !whole};
}""".replace("SHOWN", SHOWN).replace("DEEP_ACTIVE", DEEP_ACTIVE).replace("TIMERS", TIMERS)
FORGET = "() => { delete window.__a11yReveals; }"
# TAKES_FOCUS on a page where focus could bring content up at all: a script listens for focus, or a
# style sheet could hold a :focus rule (or cannot be read): what STYLE_FACTS and PSEUDO_RULES need
# to find anything. Asked before TAKES_FOCUS, which is dearer.
FOCUS_COULD_REVEAL = takes_focus_and("takes keyboard focus, with a script listening for focus or a style sheet",
                                     f"(root) => ({LISTENS_FOR})({json.dumps(FOCUS_EVENTS)}) || ({HAS_SHEETS})(root)")
# Pseudo-element trigger arg.i (window.__a11yPseudo) focused (arg.focus), scrolled into view; or
# only asked: whether it has focus.
PSEUDO_FOCUS = r"""(L, arg) => {
  const {el} = window.__a11yPseudo[arg.i];
  if (arg.focus) {
    el.scrollIntoView({block: 'center', inline: 'center', behavior: 'instant'});
    el.focus({preventScroll: true});
  }
  return (DEEP_ACTIVE)() === el;
}""".replace("DEEP_ACTIVE", DEEP_ACTIVE)

STAYS = ("focusing it brings up {pop}, which lies over other content, and Escape does not put it away while focus "
         "stays: users who need to see what is beneath must move focus to get rid of it")
PSEUDO_POP = 'text drawn by its {pseudo} ("{text}")'
UNMEASURED = ("focusing it brings up {pop}, which Escape does not put away while focus stays, and whose box could not "
              "be measured: check whether it lies over other content")
ESCAPE_MOVES = ("focusing it brings up {pop}; Escape moved focus away rather than putting the content away with focus "
                "kept: check that it can be dismissed without moving focus")


class FocusContentDismissible(Check):
    id = "focus-content-dismissible"
    time_limit = 20.0
    init_script = activity_script()
    present = FOCUS_COULD_REVEAL
    max_elements = 500  # elements of the tab order focused per page (times CheckContext.reach)
    max_judged = 10  # of those that bring up content, tried with Escape
    max_hidden = 10000  # hidden elements watched for appearing (times CheckContext.reach)

    # The longest a pseudo-element's appearance (a delayed fade) or going, or a timer that focus or
    # Escape starts (a tooltip's show or hide delay), is waited for.
    wait_ms = 1500

    def looks(self) -> list[Look]:
        return [STYLE_FACTS, PSEUDO_RULES]

    async def run(self, ctx) -> CheckOutcome:
        facts = await ctx.first_look(STYLE_FACTS.script)
        tips = (await ctx.first_look(PSEUDO_RULES.script))["focus"]
        css_reveals = facts["focusReveals"] or facts["unreadable"]
        if not (css_reveals or facts["focusScript"] or tips):
            return CheckOutcome(INAPPLICABLE, reason=(
                "nothing on the page could bring content up on focus (no style rule that shows another element, or "
                "an element's ::before or ::after, on focus; no script listening for focus)"))
        page = ctx.page
        deadline = time.monotonic() + max(2.0, ctx.timeout - 3)
        most = self.max_elements * ctx.reach
        failed, review, fine, unjudged = [], [], 0, 0
        drawn = {"capped": False, "late": 0}  # what _pseudo says of content drawn by pseudo-elements
        try:
            async with contained(page, restore_state=False), focus_session(page, STILL):
                seen = await evaluate(page, REVEALS, {"max": most, "maxHidden": self.max_hidden * ctx.reach,
                                                      "most": self.max_judged * ctx.reach, "cssReveals": css_reveals,
                                                      "budgetMs": budget_ms(ctx, spare=6.0), "waitMs": self.wait_ms})
                try:
                    for r in seen["reveals"]:
                        if r["alert"]:
                            continue  # an input error may stay (1.4.13's exception)
                        left_ms = (deadline - time.monotonic()) * 1000
                        now = None if left_ms <= 0 else await evaluate(
                            page, PREPARE, {"i": r["i"], "waitMs": self.wait_ms, "leftMs": left_ms})
                        if now is None or now["late"]:
                            unjudged += 1
                            continue
                        if not now["shown"]:
                            continue
                        await page.keyboard.press("Escape")
                        after = await evaluate(page, AFTER, {"i": r["i"], "waitMs": self.wait_ms,
                                                             "leftMs": (deadline - time.monotonic()) * 1000})
                        if after["late"]:
                            unjudged += 1
                        elif not after["shown"] and after["focus"]:
                            fine += 1
                        elif not after["shown"]:
                            review.append(node(r["selector"], r["html"], ESCAPE_MOVES.format(pop=r["pop"])))
                        elif after["covers"]:
                            failed.append(node(r["selector"], r["html"], STAYS.format(pop=r["pop"])))
                        else:
                            fine += 1  # it stays, but covers nothing
                    if tips:
                        drawn = await self._pseudo(page, tips, self.max_judged * ctx.reach, deadline)
                        failed += drawn["failed"]
                        review += drawn["review"]
                        fine += drawn["fine"]
                finally:  # what REVEALS and _pseudo left on the page, in one call (none when they left nothing)
                    left = [s for s, used in ((FORGET, seen["reveals"]), (PSEUDO_FORGET, tips)) if used]
                    if left:
                        await page.evaluate("() => {" + " ".join(f"({s})();" for s in left) + "}")
        except NavigatedAway as exc:
            return CheckOutcome(CANT_TELL, reason=f"{exc}; content brought up by focus could not all be tried")
        if failed:
            return CheckOutcome(FAILED, failed)
        if review:
            return CheckOutcome(CANT_TELL, review, reason=f"{len(review)} element(s): content brought up by focus "
                                                          "could not be judged in full")
        if unjudged:
            return CheckOutcome(CANT_TELL, reason=f"{unjudged} element(s) that bring up content on focus were not "
                                                  "judged in the time given")
        if drawn["capped"]:
            return CheckOutcome(CANT_TELL, reason=beyond_limit("elements whose ::before or ::after a style rule shows "
                                                               "on focus", self.max_judged * ctx.reach, ctx.reach))
        if seen["capped"]:
            return CheckOutcome(CANT_TELL, reason=beyond_limit("elements in the tab order", most, ctx.reach))
        if drawn["late"]:
            return CheckOutcome(CANT_TELL, reason=f"{drawn['late']} element(s) whose ::before or ::after a style rule "
                                                  "shows on focus were not tried in the time given")
        if seen["late"]:
            return CheckOutcome(CANT_TELL, reason=f"focused {seen['tried']} of the {seen['of']} elements of the tab "
                                                  "order in the time given")
        if seen["hiddenCapped"]:
            return CheckOutcome(CANT_TELL, reason=beyond_limit("hidden elements that focus could show",
                                                               self.max_hidden * ctx.reach, ctx.reach))
        if fine:
            return CheckOutcome(PASSED, reason=f"the content {fine} element(s) bring up on focus goes with Escape, "
                                               "or covers nothing")
        return CheckOutcome(INAPPLICABLE, reason=f"none of the {seen['tried']} element(s) of the tab order brings up "
                                                 "content when it receives focus")

    async def _pseudo(self, page, rules: list[dict], most: int, deadline: float) -> dict:
        """The elements whose ::before or ::after a style rule shows on focus (a CSS tooltip): each
        focused, its pseudo-element waited for, Escape pressed, and looked at again."""
        found = await evaluate(page, PSEUDO_TRIGGERS, {"rules": rules, "max": most})
        said = {"failed": [], "review": [], "fine": 0, "capped": found["capped"], "late": 0}
        for i, t in enumerate(found["triggers"]):
            if time.monotonic() + 2 * self.wait_ms / 1000 + 1 > deadline:
                said["late"] = len(found["triggers"]) - i
                break
            if not await evaluate(page, PSEUDO_FOCUS, {"i": i, "focus": True}):
                continue  # it cannot take focus
            now = await evaluate(page, PSEUDO_STATE, {"i": i, "want": True, "waitMs": self.wait_ms})
            if not now["shown"]:
                continue
            pop = PSEUDO_POP.format(pseudo=t["pseudo"], text=now["text"])
            await page.keyboard.press("Escape")
            after = await evaluate(page, PSEUDO_STATE, {"i": i, "want": False, "waitMs": self.wait_ms})
            kept = await evaluate(page, PSEUDO_FOCUS, {"i": i, "focus": False})
            if not after["shown"]:
                if kept:
                    said["fine"] += 1
                else:
                    said["review"].append(node(t["selector"], t["html"], ESCAPE_MOVES.format(pop=pop)))
                continue
            covers = await pseudo_covers(page, i, t["pseudo"])
            if covers is None:
                said["review"].append(node(t["selector"], t["html"], UNMEASURED.format(pop=pop)))
            elif covers:
                said["failed"].append(node(t["selector"], t["html"], STAYS.format(pop=pop)))
            else:
                said["fine"] += 1  # it stays, but covers nothing
        return said
