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
viewport is a backdrop (a click outside a dialog closes it), not a control. One that scripts can
focus but Tab skips (tabindex=-1) is reached from the keyboard when an arrow key pressed for real
in an element of the tab order beside it moves focus onto it, at once or from item to item (the
chips of a multiple select: ArrowLeft in its input, then from chip to chip); it is then tried as
a focused one, with Delete and Backspace as well (the keys that remove a chip).

Each candidate is judged by what it does, as a person finds out: focused (when it can be), it
gets a real Enter, then (for roles that Space activates, and plain elements) Space; anything
observable counts as an answer (a click event on it, a change to the page, focus moved, a page
load, form submission or window opened: those are caught and cancelled). Without an answer it
is clicked (pointer events and click): when the click does something observable and the keys
did not, or it cannot be focused at all, it fails. When the click shows nothing either, there
is nothing to compare and it is not judged; nor when all it does can be done from the keyboard:
focus moved to an element the Tab key reaches (a chip whose click focuses its combobox's input:
focus put back undoes all the click changed, and focus moved there again redoes it), or a page
loaded that a link in the tab order loads. What a click opened is closed with Escape. This
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
from ._no_side_effects import contained, restoring_storage, saving_storage
from .base import (
    ACTIONS,
    CANT_TELL,
    FAILED,
    INAPPLICABLE,
    PASSED,
    Check,
    CheckOutcome,
    Look,
    PresentWhen,
    beyond_limit,
    node,
)

# Whether any element has a pointer listener of its own (cheap, for the survey).
ANY_POINTED = ("() => { const A = window.__a11yActivity;"
               " return !A || !A.anyPointed || A.anyPointed(); }")
# The same, for the survey's every document: a page where nothing answers the pointer costs no run.
POINTED = PresentWhen("answers the pointer itself (a click or pointer listener of its own)",
                      f"(root) => ({ANY_POINTED})()")

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
  // The elements of the tab order next to an element that scripts can focus but Tab skips
  // (tabindex=-1), whose arrow keys may move focus onto it: the field before a row of chips
  // (ArrowRight) and the one after it (ArrowLeft), in the nearest ancestor that holds any.
  // Elements whose arrow keys have a use of their own (a select, a slider, a radio button, an
  // item of a composite widget) are not pressed. [index in `beside`, side, presses at most].
  const ARROWS_OWN = 'select, input:is([type=radio], [type=range], [type=number], [type=date], [type=time], ' +
    '[type=datetime-local], [type=month], [type=week]), [role=slider], [role=spinbutton], ' + COMPOSITE;
  const beside = [];
  const besideOf = (el) => {
    let a = L.flatParent(el);
    for (let up = 0; a && a !== document.body && a !== document.documentElement && up < 4; a = L.flatParent(a), up++) {
      const inside = [...a.querySelectorAll('*')];
      const tabbed = inside.filter(takesFocus);
      if (!tabbed.length) continue;
      const free = tabbed.filter((e) => !e.closest(ARROWS_OWN));
      const before = free.filter((e) => e.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING).pop();
      const after = free.find((e) => e.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING);
      const presses = Math.min(60, 1 + inside.filter((e) => !takesFocus(e) && e.hasAttribute('tabindex')).length);
      return [[before, 'before'], [after, 'after']].filter(([e]) => e).map(([e, side]) => {
        const j = beside.indexOf(e);
        return [j < 0 ? beside.push(e) - 1 : j, side, presses];
      });
    }
    return [];
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
      const focusable = takesFocus(el);
      found.push({el, role, focusable, space: !WIDGET.has(role) || SPACE.has(role),
                  beside: focusable || !el.hasAttribute('tabindex') ? [] : besideOf(el)});
    }
  }
  if (found.length) {  // nothing to try: nothing left on the page (no DISARM needed)
    window.__a11yControls = found.map((f) => f.el);
    window.__a11yArrows = {beside, tried: new Set(), reached: new Set()};
  }
  const out = found.map((f, i) => ({i, selector: (THROUGH)(L, f.el), html: L.outerHtml(f.el), role: f.role,
                                     focusable: f.focusable, space: f.space, beside: f.beside,
                                     tabindex: f.el.getAttribute('tabindex')}));
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
  // Children likewise: a parent's children before the first change (the records undone from the
  // last), so that a node added and taken away again (a ripple) is no change, and a row put
  // elsewhere (sorted) is one.
  const childrenBefore = (parent, changes) => {
    const list = [...parent.childNodes];
    for (const r of changes.slice().reverse()) {
      for (const n of r.addedNodes) if (list.includes(n)) list.splice(list.indexOf(n), 1);
      list.splice(r.previousSibling ? list.indexOf(r.previousSibling) + 1 : 0, 0, ...r.removedNodes);
    }
    return list;
  };
  const changedOnTheWhole = (records) => {
    const before = new Map();  // node -> Map(attribute name or '#text' -> value before the first change)
    const lists = new Map();  // parent -> its childList records
    for (const r of records) {
      if (r.type === 'childList') {
        lists.set(r.target, (lists.get(r.target) || []).concat([r]));
        continue;
      }
      const key = r.type === 'attributes' ? r.attributeName : '#text';
      if (!before.has(r.target)) before.set(r.target, new Map());
      if (!before.get(r.target).has(key)) before.get(r.target).set(key, r.oldValue);
    }
    for (const [parent, changes] of lists) {
      const was = childrenBefore(parent, changes), now = [...parent.childNodes];
      if (was.length !== now.length || was.some((n, k) => n !== now[k])) return true;
    }
    for (const [node, values] of before) {
      if (!node.isConnected) continue;  // in what was added and taken away again (else its parent changed)
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
  const frames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  // Whether all that changed came of focus moving to `to` (a combobox's chip whose click focuses
  // its input: the field's look follows focus): with focus put back where it was, the page is as
  // before the click, and focus moved to `to` again, as the Tab key moves it, makes the page as the
  // click left it. A click that also opened or removed something fails one or the other.
  const focusAlone = async (to) => {
    const from = w.active, atClick = w.records.length;
    if (from && from !== document.body && from.isConnected && from.focus) from.focus();
    else to.blur();
    await frames();
    w.records.push(...w.observer.takeRecords());
    if ((DEEP_ACTIVE)() === to || changedOnTheWhole(w.records)) return false;
    to.focus();
    await frames();
    w.records.push(...w.observer.takeRecords());
    return (DEEP_ACTIVE)() === to && !changedOnTheWhole(w.records.slice(atClick));
  };
  const leaves = w.changes.filter((c) => c.kind === 'navigate' || c.kind === 'submit' || c.kind === 'window');
  if (leaves.length) {
    return !clicks && leaves.every((c) => c.kind !== 'submit' && linked(c.url))
      ? '' : 'a page load, form submission or new window';
  }
  w.records.push(...w.observer.takeRecords());
  const addressed = w.changes.some((c) => c.kind === 'same-document');
  const elsewhere = !clicks && a !== w.active && reachable(a) && !inside(a);
  if (changedOnTheWhole(w.records)) {
    return elsewhere && !addressed && await focusAlone(a) ? '' : 'a change to the page';
  }
  if (addressed) return 'a change of the address';
  if (a !== w.active) return elsewhere ? '' : 'focus moved';
  return '';
}""".replace("DEEP_ACTIVE", DEEP_ACTIVE).replace("SEQUENTIALLY_FOCUSABLE", SEQUENTIALLY_FOCUSABLE)
# Arrow keys from the elements beside a control that Tab skips (FIND's `beside`), pressed for
# real between these calls. ARROW_FROM([j, key]): focus on beside[j], the caret at the end the
# key leaves by (as a person puts it there: Home, End); false when that key was pressed there
# before or it takes no focus. ARROW_STEP after each press: whether focus went on to an element
# the Tab key skips (noted as reached), so the key is pressed again from there (chip to chip).
# ARROWS_DONE(i): focus put back as it was; whether control i was reached.
ARROW_FROM = r"""async ([j, key]) => {
  const R = window.__a11yArrows, from = R.beside[j];
  if (R.tried.has(j + ' ' + key) || !from.isConnected) return false;
  R.tried.add(j + ' ' + key);
  if (!R.start) R.start = (DEEP_ACTIVE)() || document.body;
  from.focus();
  try {
    const end = /Left|Up/.test(key) ? 0 : from.value.length;
    from.setSelectionRange(end, end);
  } catch (e) { /* not a text field */ }
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  R.last = (DEEP_ACTIVE)();
  return R.last === from;
}""".replace("DEEP_ACTIVE", DEEP_ACTIVE)
ARROW_STEP = r"""async () => {
  const R = window.__a11yArrows, tabbable = SEQUENTIALLY_FOCUSABLE;
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const a = (DEEP_ACTIVE)();
  if (!a || a === R.last || a === document.body || R.reached.has(a) || tabbable(a)) return false;
  R.reached.add(a);
  R.last = a;
  return true;
}""".replace("DEEP_ACTIVE", DEEP_ACTIVE).replace("SEQUENTIALLY_FOCUSABLE", SEQUENTIALLY_FOCUSABLE)
ARROWS_DONE = r"""(i) => {
  const R = window.__a11yArrows, start = R.start;
  R.start = null;
  if (start && start !== document.body && start.isConnected && start.focus) start.focus();
  else if (start) { const a = (DEEP_ACTIVE)(); if (a && a.blur) a.blur(); }
  return R.reached.has(window.__a11yControls[i]);
}""".replace("DEEP_ACTIVE", DEEP_ACTIVE)
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
  delete window.__a11yArrows;
}"""

# FIND, and the page's storage as it is before anything is tried (_no_side_effects.SAVE_STORAGE),
# in the one call.
FIND_SAVING = saving_storage(FIND)
# One call between two real key presses (or before the first, or the click): the answer to what
# was just done (ANSWER(answer), unless null), and when there was none, ARM(arm) for what comes
# next, and with `click`, the click (CLICK) and its answer (ANSWER(false)) at once.
STEP = f"""async ({{answer, arm, click}}) => {{
  const ask = {ANSWER};
  const out = {{said: '', armed: false, clicked: null}};
  if (answer !== null) {{
    out.said = await ask(answer);
    if (out.said) return out;
  }}
  out.armed = await ({ARM})(arm);
  if (click) {{
    ({CLICK})(arm[0]);
    out.clicked = await ask(false);
  }}
  return out;
}}"""
# DISARM, with the storage put back as it was (RESTORE_STORAGE; null: nothing to put back).
DISARM_RESTORING = restoring_storage(DISARM)

UNREACHABLE = ("it answers clicks ({what}), but the Tab key never reaches it (no tabindex): keyboard users cannot "
               "use it")
DEAF = ("the Tab key reaches it and a click does something ({what}), but {keys} do nothing: keyboard users cannot "
        "use it")
ARROWS_DEAF = ("arrow keys from beside it reach it and a click does something ({what}), but {keys} do nothing: "
               "keyboard users cannot use it")


def unreachable(what: str, tabindex: str | None) -> str:
    """UNREACHABLE, naming the tabindex an element has (tabindex=-1: scripts can focus it, Tab skips it)."""
    said = UNREACHABLE.format(what=what)
    if tabindex is None:
        return said
    return said.replace("(no tabindex)", f"(tabindex={tabindex.strip() or '(empty)'})")


class CustomControlKeyboard(Check):
    id = "custom-control-keyboard"
    time_limit = 20.0
    disturbs = ACTIONS  # clicks controls: runs after the other checks
    init_script = activity_script()  # which elements have pointer listeners of their own
    max_elements = 20  # candidates tried per page, at most 3 built alike (times CheckContext.reach)
    present = POINTED

    def looks(self) -> list[Look]:
        return [Look(ANY_POINTED)]

    async def run(self, ctx) -> CheckOutcome:
        if not await ctx.first_look(ANY_POINTED):
            return CheckOutcome(INAPPLICABLE, reason="no element has a click or pointer listener of its own")
        page = ctx.page
        deadline = time.monotonic() + max(2.0, ctx.timeout - 3)
        most = self.max_elements * ctx.reach
        seen = await evaluate(page, FIND_SAVING, most)
        failed, judged, unjudged = [], 0, 0
        if seen["found"]:  # nothing to try: nothing to contain, nothing to put back
            # No request but GET and HEAD leaves; cookies and storage put back (the storage by _try's
            # last call, as FIND read it).
            async with contained(page, storage=seen["storage"]) as held:
                failed, judged, unjudged = await self._try(page, seen["found"], deadline, held)
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
    async def _try(page, found: list[dict], deadline: float, held) -> tuple[list, int, int]:
        """Each candidate tried with keys, then a click: (failing nodes, judged, not tried in time).
        `held`: the containment (_no_side_effects.Held), whose storage the last call puts back."""
        failed, judged, unjudged = [], 0, 0
        arrowed = False  # whether an earlier candidate had arrow keys tried beside it
        try:
            for c in found:
                if time.monotonic() > deadline:
                    unjudged += 1
                    continue
                keys = ["Enter", "Space"] if c["space"] else ["Enter"]
                arrows = not c["focusable"] and await CustomControlKeyboard._arrows_reach(page, c, deadline, arrowed)
                arrowed = arrowed or bool(c["beside"])
                if arrows:
                    keys += ["Delete", "Backspace"]  # an item arrows reach may be one to remove (a chip)
                answered, clicked = "", None
                if c["focusable"] or arrows:
                    # Each key's answer is read in the call that arms the next key, or, after the
                    # last, clicks (STEP): one call between two presses.
                    step = await page.evaluate(STEP, {"answer": None, "arm": [c["i"], True], "click": False})
                    for n, key in enumerate(keys):
                        if not step["armed"]:
                            break  # a script put focus elsewhere: no key reaches it this way
                        await page.keyboard.press(key)
                        last = n + 1 == len(keys)
                        step = await page.evaluate(STEP, {"answer": True, "arm": [c["i"], not last], "click": last})
                        answered, clicked = step["said"], step["clicked"]
                        if answered:
                            break
                if answered:
                    judged += 1
                    continue
                if clicked is None:
                    clicked = (await page.evaluate(STEP, {"answer": None, "arm": [c["i"], False],
                                                          "click": True}))["clicked"]
                if not clicked:
                    continue  # a click shows nothing either: nothing to compare
                judged += 1
                await page.keyboard.press("Escape")  # close what the click opened
                what = clicked + (f", role={c['role']}" if c["role"] else "")
                said = ", ".join(keys[:-1]) + " and " + keys[-1] if len(keys) > 1 else keys[0]
                summary = (DEAF.format(what=what, keys=said) if c["focusable"]
                           else ARROWS_DEAF.format(what=what, keys=said) if arrows
                           else unreachable(what, c["tabindex"]))
                failed.append(node(target(c["selector"]), c["html"], summary))
        finally:
            await page.evaluate(DISARM_RESTORING, held.storage)
            held.put_back = True
        return failed, judged, unjudged

    @staticmethod
    async def _arrows_reach(page, c: dict, deadline: float, arrowed: bool = True) -> bool:
        """Whether an arrow key pressed for real in an element of the tab order beside control c
        (a combobox's input before or after its chips) moves focus onto it, at once or from item to
        item: then the keyboard reaches it, as it reaches an item of a roving-focus widget.
        `arrowed`: whether arrow keys were tried beside an earlier control (else none reached it)."""
        if arrowed and await page.evaluate(ARROWS_DONE, c["i"]):
            return True  # reached from beside a control tried before (a row of chips)
        for j, side, presses in c["beside"]:
            for key in ("ArrowLeft", "ArrowUp") if side == "after" else ("ArrowRight", "ArrowDown"):
                if time.monotonic() > deadline:
                    return False
                if await page.evaluate(ARROW_FROM, [j, key]):
                    for _ in range(presses):
                        await page.keyboard.press(key)
                        if not await page.evaluate(ARROW_STEP):
                            break
                if await page.evaluate(ARROWS_DONE, c["i"]):
                    return True
        return False
