"""Buttons that show or hide content expose that state (WCAG 4.1.2 Name, Role, Value).

A disclosure (an accordion's heading button, a "Menu" or "Filters" button) shows and hides
other content of the page. Sighted users see the content come and go; a screen reader says only
what the button exposes: aria-expanded (or aria-pressed, aria-selected, aria-checked), or a name
that says it ("Show details" / "Hide details"). axe sees the attributes present, never whether a
press changes anything, so a button with no state at all, or with aria-expanded that stays
"false" while its content shows, passes every rule (4.1.2: "states ... that can be set by the
user can be programmatically set").

Candidates (main frame and its open shadow roots): buttons (<button>, <input type=button>,
role=button) that the Tab key reaches, shown, not disabled, not a form's submit or reset button,
not a popup's (aria-haspopup: menus and listboxes are judged elsewhere), not one whose state the
browser exposes itself (popovertarget, commandfor; <summary> is no candidate), not one whose
name says it acts (delete, sign out, pay: keyboard_trap.ACTS), three of each kind built alike,
at most max_buttons (times CheckContext.reach). On a page where no script listens for clicks or
keys, no press can show anything: nothing is pressed.

Each is focused and pressed with a real Enter (Space when Enter does nothing), with nothing let
out of the page (_no_side_effects.py; a page load, form submission, window or address change is
caught and cancelled, _context_change.py: such a button is not judged). What the press started
(timers of up to a second, CSS transitions) is waited for. The content of the page (elements
holding words, images larger than an icon, form fields) is compared, shown or not (rendered,
visible, not clipped away by an ancestor's overflow, not moved off the page), before and after.
Not judged: a press that changes nothing shown, a button that goes away itself (a "Show more"
that disappears, a banner's Close), content in a dialog (role=dialog, alertdialog, <dialog>),
a menu, listbox, tree, grid, tooltip or popover, and status messages (live regions, 4.1.3's).
Then it is pressed again: content that a second press does not put back (a "Load more", a
carousel's Next, a message) is an action's result, not a state, and is not judged.

Verdicts: aria-expanded (or another state attribute) that changes passes, as does a name whose
words change; aria-expanded that stays as it was while the content shows or hides, or says the
opposite, fails, and so does a button with no state and the same name. Needs review: a name
that changes only by a symbol ("+" / "-"), another state attribute (aria-pressed...) that stays,
a press that shows some content and hides other (a swap: tabs, slides or a disclosure?).
"""
from __future__ import annotations

import time

from ._activity import ACTION_TIMERS, activity_script
from ._context_change import DEEP_ACTIVE, INSTALL, THROUGH, target
from ._focus import SEQUENTIALLY_FOCUSABLE
from ._layout import evaluate
from ._no_side_effects import contained, restoring_storage, saving_storage
from .base import ACTIONS, CANT_TELL, FAILED, INAPPLICABLE, PASSED, Check, CheckOutcome, Look, beyond_limit, node
from .keyboard_trap import ACTS

# Whether a script could answer a press at all (a listener or handler for clicks or keys).
LISTENS = ("() => { const A = window.__a11yActivity; return !A || A.listensFor(['click', 'mousedown', 'mouseup', "
           "'pointerdown', 'pointerup', 'keydown', 'keyup', 'keypress']); }")

def _script(body: str) -> str:
    """body with the shared helpers and the watch written in."""
    return (body.replace("SHARED", _SHARED).replace("SEQUENTIALLY_FOCUSABLE", SEQUENTIALLY_FOCUSABLE)
            .replace("THROUGH", THROUGH).replace("INSTALL", INSTALL).replace("DEEP_ACTIVE", DEEP_ACTIVE)
            .replace("ACTION_TIMERS", ACTION_TIMERS))


# What the calls share (window.__a11yDisclosure, D): the content of the page shown or not, a
# button's state attributes and the words of its name, and waiting for what a press started.
_SHARED = r"""
  const STATES = ['aria-expanded', 'aria-pressed', 'aria-selected', 'aria-checked'];
  const WORD = /[\p{L}\p{N}]/u;
  const SKIP = /^(script|style|template|noscript|head|title|meta|link|option|optgroup|datalist|br|wbr|slot)$/;
  const MEDIA = /^(img|svg|video|canvas|iframe|object|embed|picture)$/;
  const FIELD = /^(input|select|textarea)$/;
  const ICON = 48 * 48;  // an image smaller than this is an icon (a chevron beside the button), not content
  const parentOf = (e) => e.parentElement || (e.parentNode instanceof ShadowRoot ? e.parentNode.host : null);
  const within = (a, b) => { for (let n = a; n; n = parentOf(n)) if (n === b) return true; return false; };
  const ownWords = (e) => [...e.childNodes].some((n) => n.nodeType === 3 && WORD.test(n.data));
  const isContent = (e) => MEDIA.test(e.localName) || FIELD.test(e.localName) || ownWords(e);
  // Shown: rendered, visible, more than a pixel, on the page, and not clipped away by an ancestor
  // whose overflow is hidden (a panel folded to max-height: 0); scrolled out of a scroller is
  // still there to scroll to. Ancestors' boxes are kept for one look at the page.
  const shownNow = (boxes) => (e) => {
    if (!e.isConnected || !e.getClientRects().length) return false;
    if (e.checkVisibility && !e.checkVisibility({opacityProperty: true, visibilityProperty: true})) return false;
    const b = e.getBoundingClientRect();
    if (b.width * b.height < 2 || b.right + scrollX <= 0 || b.bottom + scrollY <= 0) return false;
    let pos = getComputedStyle(e).position;
    for (let a = parentOf(e); a && a !== document.body && a !== document.documentElement; a = parentOf(a)) {
      if (pos === 'fixed') return true;
      let c = boxes.get(a);
      if (!c) {
        const s = getComputedStyle(a);
        c = {position: s.position, holds: s.position !== 'static' || s.transform !== 'none',
             x: /hidden|clip/.test(s.overflowX), y: /hidden|clip/.test(s.overflowY)};
        if (c.x || c.y) c.r = a.getBoundingClientRect();
        boxes.set(a, c);
      }
      if (pos === 'absolute' && !c.holds) continue;  // an absolute box escapes a static ancestor's clip
      if (c.x && Math.min(b.right, c.r.right) - Math.max(b.left, c.r.left) <= 0) return false;
      if (c.y && Math.min(b.bottom, c.r.bottom) - Math.max(b.top, c.r.top) <= 0) return false;
      pos = c.position;
    }
    return true;
  };
  // The page's content: element -> its area when shown, -1 when not.
  const snapshot = () => {
    const shown = shownNow(new Map()), out = new Map();
    const roots = [document.body || document.documentElement];
    for (let i = 0; i < roots.length; i++) {
      for (const e of roots[i].querySelectorAll('*')) {
        if (e.shadowRoot) roots.push(e.shadowRoot);
        if (SKIP.test(e.localName) || (e instanceof SVGElement && e.localName !== 'svg') || !isContent(e)) continue;
        if (!shown(e)) { out.set(e, -1); continue; }
        const r = e.getBoundingClientRect();
        out.set(e, r.width * r.height);
      }
    }
    return out;
  };
  const text = (e) => (e.innerText || e.textContent || e.getAttribute('alt') || e.getAttribute('aria-label') || '')
    .replace(/\s+/g, ' ').trim();
  // The button's name as words, from everything that could make it (a change anywhere counts).
  const nameOf = (b) => {
    const parts = [b.getAttribute('aria-label'), b.title, b.localName === 'input' ? b.value : '', b.innerText,
                   b.textContent];
    for (const id of (b.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean)) {
      const t = b.getRootNode().getElementById ? b.getRootNode().getElementById(id) : null;
      if (t) parts.push(t.textContent);
    }
    const own = [b, ...b.querySelectorAll('*')].slice(0, 40);
    for (const e of own) {
      parts.push(e.getAttribute('alt'), e !== b ? e.getAttribute('aria-label') : '');
      for (const p of ['::before', '::after']) {
        const c = getComputedStyle(e, p).content;
        if (c && c !== 'none' && c !== 'normal') parts.push(c);
      }
    }
    const all = parts.filter(Boolean).join(' ');
    return {words: (all.match(/[\p{L}\p{N}]+/gu) || []).join(' '), all: all.replace(/\s+/g, ' ').trim()};
  };
  const stateOf = (b) => Object.fromEntries(STATES.map((a) => [a, b.getAttribute(a)]));
  const frames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
"""

# The candidates (see the module's docstring), at most max, kept in window.__a11yDisclosure.
FIND = _script(r"""(L, [max, acts]) => {
  SHARED
  const tabbable = SEQUENTIALLY_FOCUSABLE;
  const ACTS = new RegExp(acts, 'i');
  const roots = [document], found = [], kinds = new Map(), PER_KIND = 3;
  let capped = false, alike = 0;
  outer: for (let i = 0; i < roots.length; i++) {
    for (const el of roots[i].querySelectorAll('*')) {
      if (el.shadowRoot) roots.push(el.shadowRoot);
      if (!el.matches('button, input[type=button], [role~=button i]')) continue;
      const role = (el.getAttribute('role') || '').trim().split(/\s+/)[0].toLowerCase();
      if (role && role !== 'button') continue;  // a tab, switch or menu item: a widget with its own state
      if (el.localName === 'button' && /^(submit|reset)$/.test(el.type) && el.form) continue;
      if (!/^(|false)$/i.test((el.getAttribute('aria-haspopup') || '').trim())) continue;
      if (el.hasAttribute('popovertarget') || el.hasAttribute('commandfor')) continue;  // the browser's state
      if (!tabbable(el) || el.closest('[inert], [aria-hidden=true], [aria-disabled=true]')) continue;
      if (!shownNow(new Map())(el) || getComputedStyle(el).visibility !== 'visible') continue;
      const name = nameOf(el);
      if (ACTS.test(name.all)) continue;
      const kind = [el.localName, el.className, role, el.hasAttribute('aria-expanded')].join('|');
      kinds.set(kind, (kinds.get(kind) || 0) + 1);
      if (kinds.get(kind) > PER_KIND) { alike++; continue; }
      if (found.length >= max) { capped = true; break outer; }
      found.push(el);
    }
  }
  window.__a11yDisclosure = {els: found};
  return {capped, alike, found: found.map((el, i) => ({i, selector: (THROUGH)(L, el), html: L.outerHtml(el),
                                                      name: nameOf(el).all.slice(0, 80)}))};
}""")

# Focus button i and note the page as it is; then watch for what a press changes or starts
# (and catch and cancel a page load, submission or window). Whether focus is on it. ARM and
# PRESSED need none of the layout helpers (_layout.py): they go to page.evaluate as they are,
# without the helpers' 18 kB sent, compiled and built with each call.
ARM = _script(r"""async (i) => {
  SHARED
  const D = window.__a11yDisclosure, b = D.els[i];
  if (!D.w) D.w = (INSTALL)();
  D.w.current = null;
  b.focus();
  await frames();  // what focusing did is not the press's
  if ((DEEP_ACTIVE)() !== b) return false;
  D.b = b; D.before = snapshot(); D.state = stateOf(b); D.name = nameOf(b);
  if (D.observer) D.observer.disconnect();
  D.records = 0;
  D.observer = new MutationObserver((rs) => { D.records += rs.length; });
  D.observer.observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
  const W = ACTION_TIMERS;
  D.mark = W.mark();
  D.markTime = W.timeline();
  D.w.changes.length = 0;
  D.w.current = b;
  return true;
}""")

# What the press did: {out} when there is nothing to judge (quiet: nothing changed; leaves: a page
# load, submission, window or address change; gone: the button went away; dialog, popup: what it
# showed is judged elsewhere; nothing: nothing shown or hidden), else the content it showed and
# hid (described), the button's state attributes and name before and after. arg.second: the
# second press, which says whether it put back what the first did (reversed).
PRESSED = _script(r"""async (arg) => {
  SHARED
  const D = window.__a11yDisclosure, b = D.b, W = ACTION_TIMERS;
  // What the press started: timers and animation frames of up to a second, CSS transitions and
  // animations; all waited for up to twice that (a busy machine runs them late).
  const MS = 1000;
  await frames();
  await W.settle({timers: () => W.caused(D.mark, ['timeout', 'frame'], MS), busy: () => W.moving(D.markTime, MS),
                  ms: 2 * MS, late: 0});
  await frames();
  D.records += D.observer.takeRecords().length;
  D.observer.disconnect();
  D.w.current = null;
  if (D.w.changes.some((c) => c.kind !== 'fragment')) return {out: 'leaves'};
  if (!D.records) return {out: 'quiet'};
  const boxes = new Map(), shown = shownNow(boxes);
  if (!shown(b)) return {out: 'gone'};
  const after = snapshot();
  let showed = [], hid = [];
  for (const [e, area] of after) {
    const was = D.before.has(e) ? D.before.get(e) : -1;
    if (area >= 0 && was < 0 && !(MEDIA.test(e.localName) && area < ICON)) showed.push(e);
  }
  for (const [e, was] of D.before) {
    const now = after.has(e) ? after.get(e) : -1;
    if (was >= 0 && now < 0 && !(MEDIA.test(e.localName) && was < ICON)) hid.push(e);
  }
  const mine = (e) => within(e, b);
  showed = showed.filter((e) => !mine(e));
  hid = hid.filter((e) => !mine(e));
  // Content drawn again with the same words (a list sorted, a view rendered anew) came and went.
  const count = new Map();
  for (const e of hid) count.set(text(e), (count.get(text(e)) || 0) + 1);
  showed = showed.filter((e) => {
    const n = count.get(text(e)) || 0;
    if (!n) return true;
    count.set(text(e), n - 1);
    hid.splice(hid.findIndex((h) => text(h) === text(e)), 1);
    return false;
  });
  const closest = (e, sel) => {
    for (let n = e; n; n = parentOf(n)) if (n.matches && n.matches(sel)) return n;
    return null;
  };
  const changed = [...showed, ...hid];
  if (changed.some((e) => closest(e, 'dialog, [role=dialog], [role=alertdialog]'))) return {out: 'dialog'};
  if (changed.some((e) => closest(e, '[role=menu], [role=menubar], [role=listbox], [role=tree], [role=grid], ' +
                                     '[role=tooltip], [popover]'))) return {out: 'popup'};
  const STATUS = '[aria-live]:not([aria-live=off]), [role=status], [role=alert], [role=log], [role=marquee], ' +
    '[role=timer], output';
  showed = showed.filter((e) => !closest(e, STATUS));
  hid = hid.filter((e) => !closest(e, STATUS));
  const out = {state: [D.state, stateOf(b)], name: [D.name, nameOf(b)]};
  if (arg.second) {
    const first = D.first || {showed: [], hid: []};
    const back = new Set(showed.map(text));
    out.reversed = (first.showed.length + first.hid.length) > 0 && first.showed.every((e) => !shown(e)) &&
      first.hid.every((e) => shown(e) || back.has(text(e)));
  } else {
    D.first = {showed, hid};
  }
  if (!showed.length && !hid.length) return {...out, out: 'nothing'};
  // For the summary: the outermost of what changed (up to the largest ancestor holding no other
  // content), named by id or by its first words.
  const describe = (els, map) => {
    const set = new Set(els), top = [];
    const only = (p) => [...p.querySelectorAll('*')].every((e) => !map.has(e) || set.has(e) || mine(e));
    for (const e of els.filter((x) => !els.some((o) => o !== x && within(x, o)))) {
      let p = e;
      for (let up = parentOf(p); up && up !== document.body && !within(b, up) && only(up); up = parentOf(up)) p = up;
      if (!top.includes(p)) top.push(p);
      if (top.length >= 2) break;
    }
    return top.map((p) => {
      const id = p.id && !/\d{3,}|:/.test(p.id) ? '#' + CSS.escape(p.id) : '';
      let t = text(p);
      if (t.length > 48) t = t.slice(0, 48).replace(/\s+\S*$/, '') + '…';
      return [id, t ? `"${t}"` : ''].filter(Boolean).join(' ') || `a ${p.localName}`;
    }).join(', ');
  };
  return {...out, out: null, showed: describe(showed, after), hid: describe(hid, D.before)};
}""")

DISARM = r"""() => {
  const D = window.__a11yDisclosure;
  if (D) {
    if (D.observer) D.observer.disconnect();
    if (D.w) D.w.remove();
    const a = document.activeElement;
    if (a && a !== document.body && a.blur) a.blur();
  }
  delete window.__a11yDisclosure;
}"""

# FIND, and the page's storage as it is before anything is pressed (_no_side_effects.SAVE_STORAGE),
# in the one call; DISARM, with the storage put back as it was, in the last.
FIND_SAVING = saving_storage(FIND)
DISARM_RESTORING = restoring_storage(DISARM)

NOT_JUDGED = {
    "leaves": "loads a page, submits a form, opens a window or changes the address",
    "gone": "goes away itself",
    "dialog": "opens or closes a dialog",
    "popup": "opens a menu, listbox, tooltip or popover",
    "one-way": "shows or hides content that a second press does not put back",
}


class DisclosureState(Check):
    id = "disclosure-state"
    time_limit = 20.0
    disturbs = ACTIONS  # presses buttons: runs after the other checks
    init_script = activity_script()  # which scripts listen, and the timers a press starts
    present = "button, input[type=button], [role~=button i]"
    max_buttons = 12  # buttons pressed per page, at most 3 built alike (times CheckContext.reach)

    def looks(self) -> list[Look]:
        return [Look(LISTENS)]

    async def run(self, ctx) -> CheckOutcome:
        if not await ctx.first_look(LISTENS):
            return CheckOutcome(INAPPLICABLE, reason="no script on the page listens for clicks or keys, so no button "
                                                     "can show or hide content")
        page = ctx.page
        deadline = time.monotonic() + max(2.0, ctx.timeout - 3)
        most = self.max_buttons * ctx.reach
        seen = await evaluate(page, FIND_SAVING, [most, ACTS.pattern])
        if not seen["found"]:
            return CheckOutcome(INAPPLICABLE, reason="no button that the Tab key reaches and that could show or hide "
                                                     "content")
        failed, review, passed, skipped, untried = [], [], 0, {}, 0
        # No request but GET and HEAD leaves; cookies and storage put back (the storage by the last
        # call, as FIND read it).
        async with contained(page, storage=seen["storage"]) as held:
            try:
                for c in seen["found"]:
                    if time.monotonic() > deadline:
                        untried += 1
                        continue
                    verdict, summary = await self._judge(page, c["i"])
                    if verdict == FAILED:
                        failed.append(node(target(c["selector"]), c["html"], summary))
                    elif verdict == CANT_TELL:
                        review.append(node(target(c["selector"]), c["html"], summary))
                    elif verdict == PASSED:
                        passed += 1
                    elif summary in NOT_JUDGED:
                        skipped[summary] = skipped.get(summary, 0) + 1
            finally:
                await page.evaluate(DISARM_RESTORING, held.storage)
                held.put_back = True
        alike = f"; {seen['alike']} more button(s) built like those pressed were not pressed" if seen["alike"] else ""
        if failed:
            return CheckOutcome(FAILED, failed, reason=f"{len(failed)} button(s) show or hide content without exposing "
                                                       f"that state{alike}")
        if review:
            return CheckOutcome(CANT_TELL, review, reason=f"{len(review)} button(s) show or hide content, and whether "
                                                          "they expose that state needs review")
        if seen["capped"]:
            return CheckOutcome(CANT_TELL, reason=beyond_limit("buttons", most, ctx.reach))
        if untried:
            return CheckOutcome(CANT_TELL, reason=f"{untried} button(s) were not pressed in the time given")
        if passed:
            return CheckOutcome(PASSED, reason=f"each of the {passed} button(s) that show or hide content exposes "
                                               f"that state{alike}")
        others = "; ".join(f"{n} {NOT_JUDGED[k]}" for k, n in skipped.items())
        return CheckOutcome(INAPPLICABLE, reason="no button shows or hides content of the page"
                                                 + (f" ({others}: not judged)" if others else ""))

    async def _judge(self, page, i: int) -> tuple[str, str]:
        """(verdict, summary) for button i; (INAPPLICABLE, a NOT_JUDGED key or "") when not judged."""
        first, key = await self._press(page, i, None)
        if first["out"]:
            return INAPPLICABLE, first["out"]
        second, _ = await self._press(page, i, key)  # puts the page back, and says whether it toggles
        before, after = first["state"]
        changed = [a for a in before if before[a] != after[a]]
        expanded = before["aria-expanded"]
        shows, hides = bool(first["showed"]), bool(first["hid"])
        what = (f"shows {first['showed']}" if shows else "") + (" and " if shows and hides else "") + \
            (f"hides {first['hid']}" if hides else "")
        if "aria-expanded" in changed:
            wrong = (shows and not hides and after["aria-expanded"] != "true") or \
                (hides and not shows and after["aria-expanded"] == "true")
            if wrong:
                return FAILED, (f"pressing it {what}, but its aria-expanded becomes \"{after['aria-expanded']}\": "
                                "screen reader users are told the opposite of what happened")
            if second["out"] is None and second.get("reversed") and second["state"][0] == second["state"][1]:
                return FAILED, (f"pressing it {what}, and pressing it again puts that back, but its aria-expanded "
                                f"stays \"{second['state'][1]['aria-expanded']}\" the second time")
            return PASSED, ""
        if changed:
            return PASSED, ""
        if second["out"] is not None or not second.get("reversed"):
            if second["out"] in ("leaves", "gone", "dialog", "popup"):
                return INAPPLICABLE, second["out"]
            if expanded is not None or any(before[a] is not None for a in before):
                return CANT_TELL, (f"pressing it {what}, and its state attributes stay as they were, but a second "
                                   "press does not put that back: whether it is a disclosure needs review")
            return INAPPLICABLE, "one-way"
        name0, name1 = first["name"]
        if name0["words"] != name1["words"]:
            return PASSED, ""  # "Show details" / "Hide details": the name says the state
        if shows and hides:
            return CANT_TELL, (f"pressing it {what}, and a second press puts that back, with no state attribute and "
                               "the same name: a swap (tabs, slides) or a disclosure whose state is not exposed")
        if name0["all"] != name1["all"]:
            return CANT_TELL, (f"pressing it {what}, and only a symbol of its name changes (\"{name0['all'][:40]}\" "
                               f"to \"{name1['all'][:40]}\"): whether that tells screen reader users the state needs "
                               "review")
        if expanded is not None:
            return FAILED, (f"pressing it {what}, and pressing it again puts that back, but its aria-expanded stays "
                            f"\"{expanded}\": screen reader users are not told whether the content is shown")
        present = [a for a in before if before[a] is not None]
        if present:
            return CANT_TELL, (f"pressing it {what}, and pressing it again puts that back, but its {present[0]} stays "
                               f"\"{before[present[0]]}\": whether that state is the content's needs review")
        return FAILED, (f"pressing it {what}, and pressing it again puts that back, but it exposes no state "
                        "(no aria-expanded) and its name stays the same: screen reader users are not told whether "
                        "the content is shown")

    @staticmethod
    async def _press(page, i: int, key: str | None) -> tuple[dict, str]:
        """Focus button i and press key (None: Enter, then Space if Enter did nothing): (what it
        did, the key that did it)."""
        got: dict = {"out": "focus"}
        for k in [key] if key else ["Enter", "Space"]:
            if not await page.evaluate(ARM, i):
                return {"out": "focus"}, k  # a script put focus elsewhere: no key reaches it this way
            await page.keyboard.press(k)
            got = await page.evaluate(PRESSED, {"second": key is not None})
            if got["out"] != "quiet":
                return got, k
        return got, key or "Enter"
