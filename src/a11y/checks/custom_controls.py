"""Controls built from plain elements work from the keyboard (WCAG 2.1.1 Keyboard).

A <div> or <span> given a click handler (with a widget role, or the pointer cursor that tells
mouse users it is a control) works only for a mouse unless the author also made it focusable
and answered Enter or Space: browsers do that only for real buttons and links. axe can see
that such an element has a role but not whether it answers keys.

Candidates: elements that are not native controls, have a pointer listener of their own
(click, mousedown, pointerdown...: a listener on an ancestor names no control), a widget role
or the pointer cursor, something to perceive (text, an image, a name), and neither hold nor sit
inside anything focusable (a card whose link does the same, an option of a focusable listbox).
Elements of a composite widget whose peers take focus (roving tabindex) or that use
aria-activedescendant are left to their container's keys. A candidate covering most of the
viewport is a backdrop (a click outside a dialog closes it), not a control.

Each candidate is judged by what it does, as a person finds out: focused (when it can be), it
gets a real Enter, then (for roles that Space activates, and plain elements) Space; anything
observable counts as an answer (a click event on it, a change to the page, focus moved, a page
load, form submission or window opened: those are caught and cancelled). Without an answer it
is clicked (pointer events and click): when the click does something observable and the keys
did not, or it cannot be focused at all, it fails. When the click shows nothing either, there
is nothing to compare and it is not judged. What a click opened is closed with Escape. This
check runs after the others, since clicking may leave the page changed; nothing it sets off
reaches the site or the next pages (_no_side_effects.py: requests other than GET and HEAD are
refused, cookies and storage put back).
"""
from __future__ import annotations

import time

from ._activity import activity_script
from ._context_change import DEEP_ACTIVE, INSTALL, THROUGH, target
from ._focus import SEQUENTIALLY_FOCUSABLE
from ._layout import evaluate
from ._no_side_effects import contained
from .base import CANT_TELL, FAILED, INAPPLICABLE, PASSED, Check, CheckOutcome, Look, beyond_limit, node

# Whether any element has a pointer listener of its own (cheap, for the survey).
ANY_POINTED = ("() => { const A = window.__a11yActivity;"
               " return !A || !A.anyPointed || A.anyPointed(); }")

# The candidates (see the module's docstring), at most max, kept in window.__a11yControls.
FIND = r"""(L, max) => {
  const A = window.__a11yActivity;
  const NATIVE = 'a[href], area[href], button, input, select, textarea, summary, details, label, option, ' +
    'audio[controls], video[controls], iframe, frame, object, embed, [contenteditable=""], [contenteditable="true"]';
  const WIDGET = new Set(['button', 'link', 'checkbox', 'radio', 'switch', 'tab', 'menuitem', 'menuitemcheckbox',
    'menuitemradio', 'option', 'treeitem', 'gridcell', 'combobox', 'slider', 'spinbutton']);
  const SPACE = new Set(['button', 'checkbox', 'radio', 'switch', 'menuitem', 'menuitemcheckbox', 'menuitemradio',
    'option', 'tab']);
  const COMPOSITE = '[role=tablist], [role=menu], [role=menubar], [role=listbox], [role=tree], [role=treegrid], ' +
    '[role=grid], [role=radiogroup], [role=toolbar]';
  const tabbable = SEQUENTIALLY_FOCUSABLE;
  const takesFocus = (e) => tabbable(e) && e.getClientRects().length > 0;
  const focusableInside = (el) => [...el.querySelectorAll('*')].some(takesFocus);
  const focusableAround = (el) => {
    for (let a = L.flatParent(el); a && a !== document.body && a !== document.documentElement; a = L.flatParent(a)) {
      if (a.matches(NATIVE) || takesFocus(a)) return true;
    }
    return false;
  };
  // Roving focus: a composite widget whose focus one element holds at a time (or that points at
  // its active element with aria-activedescendant), or peers of the same item role beside it.
  const ITEMS = new Set(['tab', 'menuitem', 'menuitemcheckbox', 'menuitemradio', 'option', 'treeitem', 'gridcell',
    'radio']);
  const roving = (el, role) => {
    const group = el.closest(COMPOSITE);
    if (group) return group.hasAttribute('aria-activedescendant') || [...group.querySelectorAll('*')].some(takesFocus);
    return ITEMS.has(role) && !!el.parentElement &&
      [...el.parentElement.children].some((p) => p !== el && p.getAttribute('role') === el.getAttribute('role') &&
                                              takesFocus(p));
  };
  const roots = [document], found = [], kinds = new Map(), PER_KIND = 3;
  let capped = false, alike = 0;
  outer: for (let i = 0; i < roots.length; i++) {
    for (const el of roots[i].querySelectorAll('*')) {
      if (el.shadowRoot) roots.push(el.shadowRoot);
      if (!A.answersPointer(el) || el === document.body || el.matches(NATIVE)) continue;
      if (el.closest('[inert], [aria-hidden=true], [aria-disabled=true]') || !el.getClientRects().length) continue;
      const s = getComputedStyle(el);
      if (s.visibility !== 'visible' || s.pointerEvents === 'none') continue;
      const role = (el.getAttribute('role') || '').trim().split(/\s+/)[0].toLowerCase();
      if (!WIDGET.has(role) && s.cursor !== 'pointer') continue;
      const r = el.getBoundingClientRect();
      if (r.width * r.height > 0.5 * innerWidth * innerHeight) continue;  // a backdrop
      const perceived = el.textContent.trim() || el.querySelector('img, svg, canvas') ||
        el.getAttribute('aria-label') || el.title || s.backgroundImage !== 'none';
      if (!perceived) continue;
      if (focusableInside(el) || focusableAround(el)) continue;
      if (!takesFocus(el) && roving(el, role)) continue;
      // An item of a composite widget (a tab, an option) answers the widget's keys (arrows), and
      // Enter on the chosen one need do nothing: left to the widget's own keyboard model.
      if (ITEMS.has(role) && el.closest(COMPOSITE)) continue;
      // Controls built alike (a copy button on each code sample) answer alike: a few of each are tried.
      const kind = [el.localName, el.className, role, el.title].join('|');
      kinds.set(kind, (kinds.get(kind) || 0) + 1);
      if (kinds.get(kind) > PER_KIND) { alike++; continue; }
      if (found.length >= max) { capped = true; break outer; }
      found.push({el, role, focusable: takesFocus(el), space: !WIDGET.has(role) || SPACE.has(role)});
    }
  }
  window.__a11yControls = found.map((f) => f.el);
  const out = found.map((f, i) => ({i, selector: (THROUGH)(L, f.el), html: L.outerHtml(f.el), role: f.role,
                                     focusable: f.focusable, space: f.space}));
  return {capped, alike, found: out};
}""".replace("THROUGH", THROUGH).replace("SEQUENTIALLY_FOCUSABLE", SEQUENTIALLY_FOCUSABLE)

# Watching for an answer, from ARM (with focus put on control i when it can take it) to ANSWER:
# a click event on or in it (for a key: the page made one), a change to the page's markup (a
# script that sets an attribute to the value it had, or changes it and back, changes nothing),
# focus moved off it, a page load, form submission or window opened (the change-of-context
# watch, which cancels them, kept on the window until DISARM, since a real key press comes
# between the calls).
ARM = r"""async ([i, focus]) => {
  let w = window.__a11yControlWatch;
  if (!w) {
    w = window.__a11yControlWatch = (INSTALL)();
    w.onClick = (e) => { w.targets.push(e.composedPath()[0]); };
    w.observer = new MutationObserver((records) => { w.records.push(...records); });
    const A = window.__a11yActivity;
    (A ? A.asOurs : (fn) => fn())(() => window.addEventListener('click', w.onClick, true));
  }
  const el = window.__a11yControls[i];
  w.current = el;
  if (focus) el.focus();
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));  // what focusing did
  w.observer.disconnect();
  w.observer.observe(document, {subtree: true, childList: true, attributes: true, attributeOldValue: true,
                                characterData: true, characterDataOldValue: true});
  w.el = el; w.targets = []; w.changes.length = 0; w.records = []; w.active = (DEEP_ACTIVE)();
  return !focus || w.active === el;
}""".replace("INSTALL", INSTALL).replace("DEEP_ACTIVE", DEEP_ACTIVE)
ANSWER = r"""async (clicks) => {
  // Whether the markup differs from what it was: each attribute and text is compared with its
  // value before the first change, so that a class added on mousedown and taken off on mouseup
  // (a drag handle's 'dragging' look) is no change; an absent class or style is an empty one.
  const changedOnTheWhole = (records) => {
    const before = new Map();  // node -> Map(attribute name or '#text' -> value before the first change)
    for (const r of records) {
      if (r.type === 'childList') return true;
      const key = r.type === 'attributes' ? r.attributeName : '#text';
      if (!before.has(r.target)) before.set(r.target, new Map());
      if (!before.get(r.target).has(key)) before.get(r.target).set(key, r.oldValue);
    }
    for (const [node, values] of before) {
      for (const [key, was] of values) {
        const now = key === '#text' ? node.data : node.getAttribute(key);
        if (now !== was && !(/^(class|style)$/.test(key) && (now || '') === (was || ''))) return true;
      }
    }
    return false;
  };
  const w = window.__a11yControlWatch, el = w.el;
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const a = (DEEP_ACTIVE)();
  const inside = (t) => { for (let n = t; n; n = n.parentNode || n.host) if (n === el) return true; return false; };
  if (clicks && w.targets.some(inside)) return 'a click';
  // After a click (clicks false): where the keyboard can do the same, nothing is lost. A link in
  // the tab order to the same address, or focus moved to an element the Tab key reaches (the
  // search field an icon beside it focuses).
  const tabbable = SEQUENTIALLY_FOCUSABLE;
  const reachable = (e) => e && tabbable(e) && e.getClientRects().length > 0;
  const linked = (url) => [...document.links].some((l) => l.href === url && reachable(l) && !inside(l));
  const leaves = w.changes.filter((c) => c.kind === 'navigate' || c.kind === 'submit' || c.kind === 'window');
  if (leaves.length) {
    return !clicks && leaves.every((c) => c.kind !== 'submit' && linked(c.url))
      ? '' : 'a page load, form submission or new window';
  }
  w.records.push(...w.observer.takeRecords());
  if (changedOnTheWhole(w.records)) return 'a change to the page';
  if (w.changes.some((c) => c.kind === 'same-document')) return 'a change of the address';
  if (a !== w.active) return !clicks && reachable(a) && !inside(a) ? '' : 'focus moved';
  return '';
}""".replace("DEEP_ACTIVE", DEEP_ACTIVE).replace("SEQUENTIALLY_FOCUSABLE", SEQUENTIALLY_FOCUSABLE)
# A mouse user's click on control i: pointer and mouse events, then click.
CLICK = r"""(i) => {
  const el = window.__a11yControls[i];
  const r = el.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
  const at = {bubbles: true, cancelable: true, composed: true, view: window, button: 0, clientX: x, clientY: y};
  el.dispatchEvent(new PointerEvent('pointerdown', at));
  el.dispatchEvent(new MouseEvent('mousedown', at));
  el.dispatchEvent(new PointerEvent('pointerup', at));
  el.dispatchEvent(new MouseEvent('mouseup', at));
  if (typeof el.click === 'function') el.click();
  else el.dispatchEvent(new MouseEvent('click', at));  // an <svg> has no click()
}"""
DISARM = r"""() => {
  const w = window.__a11yControlWatch;
  if (w) {
    window.removeEventListener('click', w.onClick, true);
    w.observer.disconnect();
    const a = document.activeElement;
    if (a && a !== document.body && a.blur) a.blur();
    w.remove();
  }
  delete window.__a11yControlWatch;
  delete window.__a11yControls;
}"""

UNREACHABLE = ("it answers clicks ({what}), but the Tab key never reaches it (no tabindex): keyboard users cannot "
               "use it")
DEAF = ("the Tab key reaches it and a click does something ({what}), but {keys} do nothing: keyboard users cannot "
        "use it")


class CustomControlKeyboard(Check):
    id = "custom-control-keyboard"
    time_limit = 20.0
    disturbs = True  # clicks controls: runs after the other checks
    init_script = activity_script()  # which elements have pointer listeners of their own
    max_elements = 20  # candidates tried per page, at most 3 built alike (times CheckContext.reach)

    def looks(self) -> list[Look]:
        return [Look(ANY_POINTED)]

    async def run(self, ctx) -> CheckOutcome:
        if not await ctx.first_look(ANY_POINTED):
            return CheckOutcome(INAPPLICABLE, reason="no element has a click or pointer listener of its own")
        page = ctx.page
        deadline = time.monotonic() + max(2.0, ctx.timeout - 3)
        most = self.max_elements * ctx.reach
        seen = await evaluate(page, FIND, most)
        async with contained(page):  # no request but GET and HEAD leaves; cookies and storage put back
            failed, judged, unjudged = await self._try(page, seen["found"], deadline)
        alike = f"; {seen['alike']} more element(s) built like those tried were not tried" if seen["alike"] else ""
        if failed:
            return CheckOutcome(FAILED, failed, reason=f"{len(failed)} control(s) do not work from the keyboard{alike}")
        if seen["capped"]:
            return CheckOutcome(CANT_TELL, reason=beyond_limit("elements that answer clicks", most, ctx.reach))
        if unjudged:
            return CheckOutcome(CANT_TELL, reason=f"{unjudged} element(s) that answer clicks were not tried in the "
                                                  "time given")
        if judged:
            return CheckOutcome(PASSED, reason=f"each of the {judged} control(s) built from plain elements that answer "
                                               f"clicks also answers the keyboard{alike}")
        return CheckOutcome(INAPPLICABLE, reason="no control built from a plain element whose click does something "
                                                 "observable")

    @staticmethod
    async def _try(page, found: list[dict], deadline: float) -> tuple[list, int, int]:
        """Each candidate tried with keys, then a click: (failing nodes, judged, not tried in time)."""
        failed, judged, unjudged = [], 0, 0
        try:
            for c in found:
                if time.monotonic() > deadline:
                    unjudged += 1
                    continue
                keys = ["Enter", "Space"] if c["space"] else ["Enter"]
                answered = ""
                if c["focusable"]:
                    for key in keys:
                        if not await page.evaluate(ARM, [c["i"], True]):
                            break  # a script put focus elsewhere: no key reaches it this way
                        await page.keyboard.press(key)
                        answered = await page.evaluate(ANSWER, True)
                        if answered:
                            break
                if answered:
                    judged += 1
                    continue
                await page.evaluate(ARM, [c["i"], False])
                await page.evaluate(CLICK, c["i"])
                clicked = await page.evaluate(ANSWER, False)
                if not clicked:
                    continue  # a click shows nothing either: nothing to compare
                judged += 1
                await page.keyboard.press("Escape")  # close what the click opened
                what = clicked + (f", role={c['role']}" if c["role"] else "")
                summary = (DEAF.format(what=what, keys=" and ".join(keys)) if c["focusable"]
                           else UNREACHABLE.format(what=what))
                failed.append(node(target(c["selector"]), c["html"], summary))
        finally:
            await page.evaluate(DISARM)
        return failed, judged, unjudged
