"""Whether a page's scripts answer the Tab key at all, asked without pressing it.

Many pages listen for keys for shortcuts of their own (documentation sites: arrow keys for
the next page, "/" for search), or for focus moving (to style a field), and do nothing with
Tab. Walking such a page's focus order with real presses costs a repaint per press (seconds
on a long page) to learn what the browser's own navigation does anyway. So, on a page whose
scripts listen for key and focus events and nothing else that Tab fires (no scroll listener,
no observer of elements coming into view; _activity.js keyScript), the focus order is gone
through forwards and backwards as the browser goes through it on Tab and Shift+Tab: a made-up
keydown where focus is, focus moved on by script (without scrolling: the page's focus and
blur handlers run as for a real move, with the same related targets), a made-up keyup where
it landed, and focus taken off the page after the last element. The scripts are silent when
no keydown's own action is stopped (preventDefault), focus stays wherever it was put, and
nothing is left behind: no timer, animation frame or request started, no change to the
document, no new listener, no navigation (one the page starts is stopped, and the page is
walked instead). Then the browser's own sequential navigation runs as on a page without
scripts. The probe stops at the first timer or animation frame a handler starts, and cancels
what the handlers started: two blur handlers that each take focus back after a moment, both
fired by the probe, would otherwise fight over focus for ever, and the walk that follows would
find a page that moves focus by itself.

A listener could tell made-up key events from real ones only by event.isTrusted; a page with
a key listener whose code mentions it is walked with real presses (keyScript says so).

Media playing is the one thing left running that keyScript counts which runs no script of the
page's by itself: only through listeners for its events, and keyScript counts those (all but
error and abort, which cannot fire from a key press and are asked here). So a page whose only
activity is media playing (no image loading, no recent DOM change: what keyScript would look at
next) is probed too, rather than walked: a page of a video and its links, without a script.
"""
from __future__ import annotations

from ._context_change import DEEP_ACTIVE
from ._focus import SEQUENTIALLY_FOCUSABLE

_PROBE = r"""async (ms) => {
  const until = performance.now() + ms;
  const A = window.__a11yActivity;
  if (!A) return {why: 'no record of the page since it started'};
  // keyScript, less media playing where nothing else is left to run (see the module's docstring):
  // busy() names media only when nothing before it is running, and these are what it asks after.
  const why = () => {
    const reason = A.keyScript(true);
    if (reason !== 'media playing' || A.listensFor(['error', 'abort'])) return reason;
    for (const img of document.images) if (!img.complete) return 'an image still loading';
    return performance.now() - A.lastChange() < 500 ? 'the DOM changed just now' : null;  // busy()'s RECENT
  };
  let before = why();
  for (let waited = 0; before === 'the DOM changed just now' && waited < 12; waited++) {
    await new Promise((resolve) => setTimeout(resolve, 100));  // a page still settling after load
    before = why();
  }
  if (before) return {why: before};
  const deep = DEEP_ACTIVE;
  // The sequential focus order, near enough: in document order through open shadow roots,
  // positive tabindex first, with keyboard-focusable scrollers (as Chromium has them: a scroller
  // that holds something focusable is not in the order, Tab goes to what it holds). Its exactness
  // matters only to a listener that remembers one key press for the next; but each element of it
  // must take focus (not <a name>, which Chromium reads as tabIndex 0 but never focuses), or the
  // probe takes the page for one whose scripts move focus.
  // Nor is audio or video without controls (and without a tabindex of its own): Chromium reads its
  // tabIndex as 0 but does not focus it either.
  const focusable = (el) => (SEQUENTIALLY_FOCUSABLE)(el) &&
    !((el.localName === 'video' || el.localName === 'audio') && !el.controls && !el.hasAttribute('tabindex'));
  const order = [];
  const holdsFocusable = (el) => {
    for (const d of el.querySelectorAll('*')) {
      if (focusable(d) && d.getClientRects().length) return true;
    }
    return false;
  };
  // The markup's answer first, then what overflows: most elements are neither, and need no style.
  const user = (v) => v === 'auto' || v === 'scroll';  // hidden clips, but no user scrolls it
  const visit = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.getRootNode() !== root) continue;
      const own = focusable(el);
      const overflows = !own && el.tabIndex < 0 &&
        (el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight);
      if ((own || overflows) && !el.disabled && el.getClientRects().length) {
        const s = getComputedStyle(el);
        const scrolls = overflows && ((user(s.overflowX) && el.scrollWidth > el.clientWidth) ||
          (user(s.overflowY) && el.scrollHeight > el.clientHeight)) && !holdsFocusable(el);
        if ((own || scrolls) && s.visibility === 'visible' && !el.closest('[inert]')) order.push(el);
      }
      if (el.shadowRoot) visit(el.shadowRoot);
    }
  };
  visit(document);
  const positive = order.filter((el) => el.tabIndex > 0).sort((a, b) => a.tabIndex - b.tabIndex);
  const sequence = [...positive, ...order.filter((el) => !(el.tabIndex > 0))];
  const was = deep();
  const changed = A.lastChange();
  const mark = A.mark();  // what the page's handlers start from here on is ours to cancel
  const name = (el) => (el ? el.localName + (el.id ? '#' + el.id : '') : 'the page');
  // Focus on el (null: on nothing, as when focus has left the page); whether it stayed there
  // once the page's focus and blur handlers had their say.
  const put = (el) => {
    if (el) el.focus({preventScroll: true});
    else { const a = deep(); if (a && a !== document.body && a.blur) a.blur(); }
    const now = deep();
    return el ? now === el : (!now || now === document.body);
  };
  const send = (el, type, shift) => {
    const ev = new KeyboardEvent(type, {key: 'Tab', code: 'Tab', keyCode: 9, which: 9, shiftKey: shift,
                                        bubbles: true, cancelable: true, composed: true, view: window});
    (el || document.body).dispatchEvent(ev);
    return ev.defaultPrevented;
  };
  // Each press as the browser makes it: keydown where focus is, focus moves on (unless the
  // keydown's action was stopped), keyup where it landed. null: nothing focused yet at the
  // start, focus gone to the browser after the end (no keyup reaches the page then).
  // A page that navigates when focus moves or a key is pressed is stopped, and walked instead.
  let navigated = false;
  const stay = (e) => { navigated = true; if (e.cancelable) e.preventDefault(); };
  const nav = window.navigation;
  if (nav) A.asOurs(() => nav.addEventListener('navigate', stay));
  let answer = null;
  const stops = [null, ...sequence, null];
  outer: for (const shift of [false, true]) {
    const list = shift ? [...stops].reverse() : stops;
    const key = shift ? 'Shift+Tab' : 'Tab';
    for (let i = 0; i + 1 < list.length; i++) {
      if (performance.now() > until) { answer = 'too many elements to try in the time given'; break outer; }
      const from = list[i], to = list[i + 1];
      // Focus is on `from` already after the step before (it was checked there): focusing it again
      // would do nothing.
      if ((from === null || deep() !== from) && !put(from)) {
        answer = `a script moves focus away from ${name(from)}`;
        break outer;
      }
      const at = deep();
      if (send(from, 'keydown', shift)) { answer = `a script stops ${key} on ${name(from)}`; break outer; }
      if (deep() !== at) { answer = `a script moves focus when ${key} is pressed on ${name(from)}`; break outer; }
      if (!put(to)) { answer = `a script moves focus when it leaves ${name(from)} for ${name(to)}`; break outer; }
      if (to !== null) {  // else focus has left the page: the key comes up in the browser
        send(to, 'keyup', shift);
        if (deep() !== to) { answer = `a script moves focus when ${key} is let go on ${name(to)}`; break outer; }
      }
      // A handler that starts a timer may move focus later (a blur handler that takes it back):
      // go no further, so that no two such timers fight over focus once we are gone.
      if (A.startedSince(mark).length) {
        answer = `a script starts a timer when ${key} leaves ${name(from)}`;
        break outer;
      }
    }
  }
  put(was && was !== document.body ? was : null);
  if (A.startedSince(mark).length) answer = answer || 'a script starts a timer when focus moves';
  // What the handlers started for our made-up presses is cancelled, so that the page is left as
  // it was: its keys are then pressed for real. Let the rest run (promise callbacks, DOM change
  // records), then look again.
  A.cancelSince(mark);
  await new Promise((resolve) => setTimeout(resolve, 0));
  if (nav) nav.removeEventListener('navigate', stay);
  if (navigated) return {why: 'a script navigates when focus moves or a key is pressed'};
  if (answer) return {why: answer};
  if (A.lastChange() !== changed) return {why: 'the page changed when Tab was pressed'};
  return {why: why(), count: sequence.length};
}""".replace("DEEP_ACTIVE", DEEP_ACTIVE).replace("SEQUENTIALLY_FOCUSABLE", SEQUENTIALLY_FOCUSABLE)


async def count_if_tab_unanswered(frames, seconds: float) -> int | None:
    """When, in every frame, nothing but key and focus listeners could answer Tab and none of
    them does (see the module's docstring): how many elements Tab could reach. Else None: the
    keys must be pressed for real. Each frame's probe stops after `seconds` (moving focus costs
    milliseconds an element on a page of tens of thousands)."""
    total = 0
    for frame in frames:
        try:
            found = await frame.evaluate(_PROBE, seconds * 1000)
        except Exception:  # noqa: BLE001 - a frame gone or not scriptable: press the keys
            return None
        if found["why"]:
            return None
        total += found["count"]
    return total
