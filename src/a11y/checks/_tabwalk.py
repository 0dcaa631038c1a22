"""Walking a page's focus order with real key presses, for the keyboard checks.

`TabWalker` presses keys in the page (Playwright's keyboard, so the browser runs its
own sequential focus navigation, the page's key and focus handlers included), waits
until focus has settled (pages move focus on blur with short timers), and reports
where focus went: an element (with its frame path, a stable key and a selector) or
the browser UI (the top document lost focus, as after Tab on the last element).

The browser side is one script evaluated on demand in each frame (it re-installs
itself after a frame reloads). It keeps element keys in a WeakMap, so the page's
DOM is never marked.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

from ..settle import RUNNING_ANIMATIONS
from ._activity import busy_reason
from ._context_change import DEEP_ACTIVE
from ._focus import SEQUENTIALLY_FOCUSABLE, START_AT_TOP

# Elements that take part in sequential focus navigation in a document (rough count:
# _focus.SEQUENTIALLY_FOCUSABLE, rendered, not inert); bounds the walk.
SEQUENTIAL_COUNT = r"""() => {
  const focusable = SEQUENTIALLY_FOCUSABLE;
  let n = 0;
  for (const el of document.querySelectorAll('*')) {
    if (!focusable(el) || el.closest('[inert]')) continue;
    if (!el.getClientRects().length) continue;
    if (getComputedStyle(el).visibility !== 'visible') continue;
    n++;
  }
  return n;
}""".replace("SEQUENTIALLY_FOCUSABLE", SEQUENTIALLY_FOCUSABLE)

# Browser side: window.__a11yTab, installed on first use in each frame.
_INSTALL = (r"""
(() => {
  if (window.__a11yTab) return window.__a11yTab;
  const ids = new WeakMap();
  let next = 1;
  const log = [];
  let keyMark = null, keyTime = 0;  // the activity record's mark, and the time, as the last key was pressed (calm)
  let startedAt = null;  // where focus was once toStart() was done (idle)
  let kept = null;  // the scroll state keep() saved, for restoreKept()
  const rec = (type) => (e) => {
    if (type === 'blur' && e.target !== window) return;
    log.push({type, t: performance.now(), left: type === 'blur' && !document.hasFocus()});
  };
  // Registered as ours, so that the activity record does not count them as the page's (keyScript).
  const own = (fn) => (window.__a11yActivity ? window.__a11yActivity.asOurs(fn) : fn());
  own(() => {
    window.addEventListener('focusin', rec('focusin'), true);
    window.addEventListener('focusout', rec('focusout'), true);
    window.addEventListener('blur', rec('blur'), true);
    // With the timers started so far: those the key's own handlers start are waited for (settle).
    window.addEventListener('keydown', () => {
      keyMark = window.__a11yActivity ? window.__a11yActivity.mark() : null;
      keyTime = performance.now();
      log.push({type: 'key', t: performance.now(), mark: keyMark});
    }, true);
  });

  const keyOf = (el) => {
    if (!ids.has(el)) ids.set(el, next++);
    return ids.get(el);
  };
  const cssEscape = (s) => (window.CSS && CSS.escape) ? CSS.escape(s) : s.replace(/[^\w-]/g, '\\$&');
  // A selector unique within el's root (document or shadow root), axe-style.
  const selectorIn = (el) => {
    const root = el.getRootNode();
    const parts = [];
    for (let cur = el; cur && cur.nodeType === 1; cur = cur.parentElement) {
      if (cur.id && root.querySelectorAll('#' + cssEscape(cur.id)).length === 1) {
        parts.unshift('#' + cssEscape(cur.id));
        break;
      }
      const tag = cur.localName;
      const parent = cur.parentElement;
      if (!parent) { parts.unshift(tag); break; }
      const same = Array.from(parent.children).filter((c) => c.localName === tag);
      parts.unshift(same.length > 1 ? `${tag}:nth-of-type(${same.indexOf(cur) + 1})` : tag);
    }
    return parts.join(' > ');
  };
  // [selector] or, inside shadow roots, [[host selector, ..., inner selector]]
  const selectorOf = (el) => {
    const chain = [selectorIn(el)];
    for (let root = el.getRootNode(); root instanceof ShadowRoot; root = root.host.getRootNode()) {
      chain.unshift(selectorIn(root.host));
    }
    return chain.length === 1 ? chain[0] : chain;
  };
  const deepActive = DEEP_ACTIVE;
  const onElement = () => { const a = deepActive(); return a === document.body ? null : a; };
  const runningAnimations = RUNNING_ANIMATIONS;
  const describe = (el) => {
    if (!el || el === document.body || el === document.documentElement) return null;
    const html = el.outerHTML;
    const open = html.slice(0, html.indexOf('>') + 1 || 200);
    return {
      key: keyOf(el), selector: selectorOf(el), html: open.slice(0, 300),
      isFrame: el.localName === 'iframe' || el.localName === 'frame',
      name: (el.getAttribute('aria-label') || el.innerText || el.value || '').trim().slice(0, 200),
      role: el.getAttribute('role') || el.localName,
    };
  };
  const api = {
    // Where focus is in this frame (null: on body / nowhere), and whether this document has focus.
    focused() {
      return {el: describe(deepActive()), hasFocus: document.hasFocus()};
    },
    // Resolve once focus has stayed put for `quiet` ms (at most `max` ms); report whether the
    // document lost focus meanwhile and whether focus moved before the key press arrived.
    // still: nothing else in the page can move focus later (one frame, and the activity record
    // has nothing left to run), so focus has settled already.
    settle(quiet, max, stillOk) {
      const start = performance.now();
      const A = window.__a11yActivity;
      const still = () => stillOk && A && A.busy() === null;
      // The timers (up to `max` ms) that the key's handlers started, as a blur handler that takes
      // focus back a moment later: focus has not settled while one is still to run, however long
      // a busy machine keeps it waiting.
      const key = log.find((e) => e.type === 'key' && e.mark != null);
      const awaited = A && key ?
        A.startedSince(key.mark).filter(([kind, , ms]) => kind === 'timeout' && ms <= max) : [];
      return new Promise((resolve) => {
        const tick = () => {
          const now = performance.now();
          const last = log.length ? log[log.length - 1].t : start;
          const quietNow = now - Math.max(last, start) >= quiet && !awaited.some((t) => A.pending(t));
          if (quietNow || now - start >= max || still()) {
            // Events before the key press came from elsewhere (the page, or a check's own focus
            // calls since the last settle): focus moved without the key.
            const firstKey = log.findIndex((e) => e.type === 'key');
            const before = firstKey < 0 ? [] : log.slice(0, firstKey);
            const after = firstKey < 0 ? log : log.slice(firstKey);
            resolve({
              departed: after.some((e) => e.left),
              spontaneous: before.some((e) => e.type === 'focusin'),
              timedOut: now - start >= max,
              focused: api.focused(),
            });
            log.length = 0;
          } else {
            setTimeout(tick, 10);
          }
        };
        // A still page has settled already: a key's own focus move happens while it is handled.
        tick();
      });
    },
    sequentialCount: SEQUENTIAL_COUNT,
    scrollState() {
      const els = [];
      for (const el of document.querySelectorAll('*')) {
        if (el.scrollTop || el.scrollLeft) els.push([el, el.scrollTop, el.scrollLeft]);
      }
      return {x: window.scrollX, y: window.scrollY, els};
    },
    // PageState.save_and_count in one call: the scroll state, kept here for restoreKept, this
    // document's token (PageState.same_document), and sequentialCount().
    keep() {
      kept = api.scrollState();
      const token = window.__a11yTabDoc = window.__a11yTabDoc || String(Math.random());
      return {token, count: api.sequentialCount()};
    },
    // restore() with what keep() saved, in the document keep() was asked in: whether it is.
    restoreKept(token) {
      if (window.__a11yTabDoc !== token || !kept) return false;
      api.restore(kept);
      kept = null;
      return true;
    },
    restore(state, focusKey) {
      const active = deepActive();
      if (active && active.blur) active.blur();
      for (const el of document.querySelectorAll('*')) {
        const saved = state.els.find((s) => s[0] === el);
        if (saved) { el.scrollTop = saved[1]; el.scrollLeft = saved[2]; }
        else if (el.scrollTop || el.scrollLeft) { el.scrollTop = 0; el.scrollLeft = 0; }
      }
      window.scrollTo(state.x, state.y);
    },
    // Start sequential navigation from the top of the document, focus nowhere. A page that
    // keeps focus in an open dialog takes it there at once, from the focus handler our own focus
    // call runs (a focusin redirect): that is where the walk starts, not the page moving focus.
    toStart() {
      const active = deepActive();
      if (active && active.blur) active.blur();
      (START_AT_TOP)();
      startedAt = onElement();
      log.length = 0;
    },
    // TabWalker.to_start in one call, for a page without frames: toStart, settle, and idle(ms)
    // when something is left to run that could move focus.
    async start(quiet, max, ms) {
      api.toStart();
      await api.settle(quiet, max, true);
      const A = window.__a11yActivity;
      if (!A || A.busy() !== null) return api.idle(ms);
      return false;
    },
    // Wait ms with no key pressed; say whether focus moved meanwhile, or is anywhere but where
    // toStart() left it (the body, or where the page's focus handler took it at once).
    idle(ms) {
      log.length = 0;
      return new Promise((resolve) => setTimeout(() => {
        const moved = log.some((e) => e.type === 'focusin') || onElement() !== startedAt;
        log.length = 0;
        resolve(moved);
      }, ms));
    },
    // After a key that may close what holds focus (Escape on a dialog that fades out, then hides):
    // resolve once the timers the key's handlers started (and those these started) have run and
    // the transitions running have ended, at most max ms, and a rendering update later, when focus
    // has left an element that was hidden. Says whether the page changed since the key: its DOM,
    // a timer or a transition (true where the activity record cannot tell).
    calm(max) {
      const A = window.__a11yActivity;
      const start = performance.now();
      const timers = () => (A && keyMark !== null ?
        A.causedSince(keyMark).filter(([kind, , ms]) => kind === 'timeout' && ms <= max) : []);
      let changed = !A || keyMark === null;
      return new Promise((resolve) => {
        const end = () => resolve(changed || A.lastChange() >= keyTime);
        const done = () => {
          const late = setTimeout(end, 100);  // no rendering update comes (nothing to draw)
          requestAnimationFrame(() => setTimeout(() => { clearTimeout(late); end(); }, 0));
        };
        const tick = () => {
          const rest = max - (performance.now() - start);
          const waiting = rest > 0 && (timers().length || runningAnimations(rest, true)[0].length);
          changed = changed || !!waiting;
          if (waiting) setTimeout(tick, 20);
          else done();
        };
        tick();
      });
    },
    text() { return document.body ? document.body.innerText : ''; },
  };
  window.__a11yTab = api;
  return api;
})()
""".replace("SEQUENTIAL_COUNT", SEQUENTIAL_COUNT).replace("START_AT_TOP", START_AT_TOP)
   .replace("DEEP_ACTIVE", DEEP_ACTIVE).replace("RUNNING_ANIMATIONS", RUNNING_ANIMATIONS))


def js(call: str) -> str:
    """An expression that runs `call` on the installed helper (installing it first if needed)."""
    return f"(() => {{ const tab = {_INSTALL.strip()}; return {call}; }})()"


_MISSING = "a11y: helper not installed"
UI = "UI"  # the browser UI (address bar and the rest): focus has left the document


@dataclass
class Focus:
    """Where focus settled after a key press."""

    key: str  # UI, or "<frame path>:<element key>"
    target: list = field(default_factory=list)  # axe-style target, one entry per frame level
    html: str = ""
    name: str = ""
    role: str = ""
    departed: bool = False  # the top document lost focus at some point after the press
    spontaneous: bool = False  # focus moved before the key press reached the page
    unsettled: bool = False  # focus still moving when we stopped waiting


class TabWalker:
    """Presses keys in a page and reports where focus settles."""

    QUIET_MS = 40  # focus unchanged this long = settled (pages re-focus on blur with short timers)
    MAX_SETTLE_MS = 1000

    def __init__(self, page, deadline: float):
        self.page = page
        self.deadline = deadline  # time.monotonic() value
        self.presses = 0
        self._frames: dict[object, int] = {page.main_frame: 0}

    def time_left(self) -> float:
        return self.deadline - time.monotonic()

    async def call(self, frame, call: str, arg=None):
        # Short first (the helper's source is sent, and compiled, only where it is not installed yet).
        short = f"(arg) => {{ const tab = window.__a11yTab; return tab ? {call} : {_MISSING!r}; }}"
        found = await frame.evaluate(short, arg)
        return await frame.evaluate(f"(arg) => {js(call)}", arg) if found == _MISSING else found

    def _frame_no(self, frame) -> int:
        return self._frames.setdefault(frame, len(self._frames))

    async def focus(self, base: dict | None = None) -> Focus:
        """Where focus is now, following iframes down to the focused element."""
        frame = self.page.main_frame
        info = base if base is not None else await self.call(frame, "tab.focused()")
        if not info["hasFocus"] and info["el"] is None:
            return Focus(UI)
        target: list = []
        path: list[str] = []
        while True:
            el = info["el"]
            if el is None:
                # focus on the body of a frame: in the page, but on nothing in particular
                return Focus(("/".join(path) or "0") + ":body", target or ["body"], "<body>")
            target.append(el["selector"])
            path.append(str(self._frame_no(frame)))
            if not el["isFrame"]:
                return Focus("/".join(path) + f":{el['key']}", target, el["html"], el["name"], el["role"])
            handle = await frame.evaluate_handle(DEEP_ACTIVE)
            child = await handle.content_frame()
            await handle.dispose()
            if child is None:
                return Focus("/".join(path) + f":{el['key']}", target, el["html"], el["name"], el["role"])
            frame = child
            info = await self.call(frame, "tab.focused()")

    async def press(self, key: str) -> Focus:
        """Press key (e.g. "Tab", "Shift+Tab", "Escape") and return where focus settled."""
        main = self.page.main_frame
        await self.page.keyboard.press(key)
        self.presses += 1
        # With frames, a script in one of them could move focus: the main frame cannot tell.
        still_ok = "true" if len(self.page.frames) == 1 else "false"
        settled = await self.call(main, f"tab.settle({self.QUIET_MS}, {self.MAX_SETTLE_MS}, {still_ok})")
        where = await self.focus(settled["focused"])
        where.departed = bool(settled["departed"]) or where.key == UI
        where.spontaneous = bool(settled["spontaneous"])
        where.unsettled = bool(settled["timedOut"])
        return where

    CALM_MS = 1500  # the longest we wait, after a key that may close something, for the page to be still

    async def calm(self) -> tuple[Focus, bool]:
        """Where focus is once the page has done what the last key started (tab.calm): a dialog
        that Escape fades out keeps focus on its button until it is hidden, a moment later; and
        whether the page changed since the key (its DOM, a timer or a transition)."""
        changed = await self.call(self.page.main_frame, f"tab.calm({self.CALM_MS})")
        return await self.focus(), bool(changed)

    async def hold(self):
        """A handle on the element focus is on now, in whichever frame (None: on no element), to
        come back to with back_to: a walk in one direction and then the other from the same place."""
        frame = self.page.main_frame
        while True:
            handle = await frame.evaluate_handle(f"() => {{ const a = {DEEP_ACTIVE}(); "
                                                 "return a === document.body ? null : a; }")
            el = handle.as_element()
            child = await el.content_frame() if el is not None else None
            if child is None:
                return el
            await handle.dispose()
            frame = child

    async def back_to(self, held) -> Focus | None:
        """Focus the element `hold` gave, by script (sequential navigation goes on from it, as from
        a key press that left it there); where focus then is, or None when it is gone."""
        try:
            if not await held.evaluate("(el) => { el.focus({preventScroll: true}); return el.isConnected; }"):
                return None
        except Exception:  # noqa: BLE001 - its document went away
            return None
        return await self.focus()

    IDLE_MS = 400  # how long we watch, before the walk, for a page that moves focus by itself

    async def to_start(self) -> bool:
        """Focus nowhere, sequential navigation from the top; wait out any focus handlers that
        fire on the blur, then watch a moment: True if the page moved focus by itself."""
        main = self.page.main_frame
        if len(self.page.frames) == 1:  # the same, in one call
            return bool(await self.call(main, f"tab.start({self.QUIET_MS}, {self.MAX_SETTLE_MS}, {self.IDLE_MS})"))
        await self.call(main, "tab.toStart()")
        await self.call(main, f"tab.settle({self.QUIET_MS}, {self.MAX_SETTLE_MS}, false)")
        if await busy_reason(self.page.frames) is None:
            return False  # nothing left to run that could move focus: no need to watch
        return bool(await self.call(main, f"tab.idle({self.IDLE_MS})"))

    async def sequential_count(self, frames=None) -> int:
        """Elements in the sequential focus order, summed over `frames` (default: the page's)."""
        total = 0
        for frame in self.page.frames if frames is None else frames:
            try:
                total += await self.call(frame, "tab.sequentialCount()")
            except Exception:  # noqa: BLE001 - a frame gone or not scriptable: count what we can
                continue
        return total

    async def page_text(self) -> str:
        texts = []
        for frame in self.page.frames:
            try:
                texts.append(await self.call(frame, "tab.text()"))
            except Exception:  # noqa: BLE001 - a frame gone or not scriptable
                continue
        return "\n".join(texts)


class PageState:
    """Focus, scroll positions and document identity, saved before a check and put back after."""

    def __init__(self, page):
        self.page = page
        self._handle = None
        self._token = None
        self._kept = False  # saved by save_and_count: the state is kept in the page, not in a handle

    async def save(self) -> None:
        main = self.page.main_frame
        self._handle = await main.evaluate_handle(f"() => {js('tab.scrollState()')}")
        self._token = await main.evaluate(
            "() => (window.__a11yTabDoc = window.__a11yTabDoc || String(Math.random())) ")

    async def save_and_count(self, walker: TabWalker) -> int:
        """save(), and walker.sequential_count(), with the main frame's part in one call."""
        found = await self.page.main_frame.evaluate(f"() => {js('tab.keep()')}")
        self._token, self._kept = found["token"], True
        return found["count"] + await walker.sequential_count(self.page.frames[1:])

    async def same_document(self) -> bool:
        try:
            token = await self.page.main_frame.evaluate("() => window.__a11yTabDoc || null")
        except Exception:  # noqa: BLE001 - navigating or closed
            return False
        return token == self._token

    async def restore(self) -> bool | None:
        """Puts focus and scrolling back. After save_and_count, also says whether the page still
        shows the document saved (same_document, asked before anything is put back)."""
        main = self.page.main_frame
        # After save_and_count, a page without frames is asked and put back in one call.
        same = await self.same_document() if self._kept and len(self.page.frames) > 1 else None
        for frame in self.page.frames[1:]:
            try:
                await frame.evaluate("() => { const a = document.activeElement; if (a && a.blur) a.blur(); }")
            except Exception:  # noqa: BLE001 - a frame gone
                continue
        if self._kept:
            try:
                put_back = await main.evaluate("(token) => { const tab = window.__a11yTab; "
                                               "return !!tab && tab.restoreKept(token); }", self._token)
            except Exception:  # noqa: BLE001 - navigating or closed
                put_back = False
            return put_back if same is None else same
        if self._handle is not None and await self.same_document():
            await main.evaluate(f"(state) => {js('tab.restore(state)')}", self._handle)
        if self._handle is not None:
            try:
                await self._handle.dispose()
            except Exception:  # noqa: BLE001 - the document went away
                pass
