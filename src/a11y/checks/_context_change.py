"""Catching a change of context that a page's handlers start (for the 3.2.1 and 3.2.2 checks).

`watching(body)` makes a script `(L, arg)` (for _layout.evaluate) that runs `body`, an async
function given {L, arg, tabOrder, deep, acting, timeUp, note}, while every change of context the page starts is
caught and cancelled before anything leaves the page, and credited to the element named by the
last `acting(el)` (null: no element's doing, not recorded):
  - a navigation to another document (the Navigation API's navigate event, cancelled), or within
    it (kind 'same-document'; a move to a fragment is no change and is dropped);
  - a form submitted, by submit() or as a submit event (a submission navigates in a later task);
  - a window opened (window.open answered with no window; a link with a target other than the
    page's own, clicked by a handler or by a script's click(), kept from opening); window.open
    with the target _self, _top or _parent loads a page in this window, kind 'navigate'.
What handlers start at once is caught, in the event or its promise callbacks (the body awaits
those); what they start after a timer is not waited for. Afterwards focus and the scroll
position are put back. The script returns the body's result with `changes`: [{selector, html,
kind, url}], one per element and kind, in order.
"""
from __future__ import annotations

from ._focus import SEQUENTIALLY_FOCUSABLE

# The watch itself, installed by `(INSTALL)()`, which returns {changes, current, remove}: while
# `current` is an element, each change of context the page starts is pushed to `changes` as
# {el, kind, url} (kind: navigate, same-document, fragment, submit, window), and every one is
# cancelled whoever starts it; `remove()` takes the watch away and puts the scroll position back.
# One watch for the checks that run a body in one call (watching) and for those that press real
# keys between calls (custom_controls.py keeps it on the window from call to call).
INSTALL = r"""(() => {
  const A = window.__a11yActivity;
  const ours = (fn) => (A ? A.asOurs(fn) : fn());
  const w = {changes: [], current: null};
  const record = (kind, url) => { if (w.current) w.changes.push({el: w.current, kind, url}); };
  const absolute = (url) => {
    try { return new URL(String(url), location.href).href; } catch (e) { return String(url); }
  };
  const nav = window.navigation;
  const onNavigate = (e) => {
    const d = e.destination || {};
    record(e.formData ? 'submit' : e.hashChange ? 'fragment' : d.sameDocument ? 'same-document' : 'navigate',
           String(d.url || ''));
    if (e.cancelable) e.preventDefault();
  };
  const realOpen = window.open;
  // window.open(url, '_self') (or '_top', '_parent') loads the page in this window: a navigation.
  window.open = function (url, name) {
    record(/^_(self|top|parent)$/i.test(String(name || '').trim()) ? 'navigate' : 'window', url ? absolute(url) : '');
    return null;
  };
  // A link that opens another window, clicked by a script (a detached <a target=_blank>) or by
  // the page's own handlers: no navigate event reaches this page.
  const opens = (a) => a && a.localName === 'a' && a.href && a.target && !/^_(self|top|parent)$/i.test(a.target);
  const realClick = HTMLElement.prototype.click;
  HTMLElement.prototype.click = function () {
    if (opens(this)) return record('window', this.href);
    return realClick.call(this);
  };
  const onClick = (e) => {
    const link = e.composedPath().find(opens);
    if (!link) return;
    record('window', link.href);
    e.preventDefault();
  };
  const realSubmit = HTMLFormElement.prototype.submit;
  HTMLFormElement.prototype.submit = function () { record('submit', this.action); };
  const onSubmit = (e) => {
    record('submit', e.target.action || '');
    e.preventDefault();
  };
  ours(() => {
    if (nav) nav.addEventListener('navigate', onNavigate);
    window.addEventListener('click', onClick, true);
    window.addEventListener('submit', onSubmit, true);
  });
  const x = scrollX, y = scrollY;
  w.remove = () => {
    w.current = null;
    window.open = realOpen;
    HTMLFormElement.prototype.submit = realSubmit;
    HTMLElement.prototype.click = realClick;
    window.removeEventListener('click', onClick, true);
    window.removeEventListener('submit', onSubmit, true);
    if (nav) nav.removeEventListener('navigate', onNavigate);
    scrollTo({left: x, top: y, behavior: 'instant'});  // a handler's scrolling
  };
  return w;
})"""

# The element that has focus, inside the open shadow roots it is in. `() => Element | null`
DEEP_ACTIVE = """(() => {
  let a = document.activeElement;
  while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
  return a;
})"""

_WATCH = r"""async (L, arg) => {
  const through = THROUGH;
  const deep = DEEP_ACTIVE;
  const tabOrder = TAB_ORDER;
  const w = (INSTALL)();
  const acting = (el) => { w.current = el; };
  const note = (el, kind, url) => w.changes.push({el, kind, url});  // a change the body saw itself
  const was = deep();
  // The check's time, in the page: a loop over thousands of elements stops when it is up (a
  // call the check gave up waiting for would keep the page busy for the checks after it).
  const until = performance.now() + ((arg && arg.budgetMs) || 1e12);
  const timeUp = () => performance.now() > until;
  let result;
  try {
    result = await (BODY)({L, arg, tabOrder, deep, acting, timeUp, note});
  } finally {
    w.current = null;
    const a = deep();
    if (a && a !== document.body && a.blur) a.blur();
    if (was && was !== document.body && was.focus) was.focus({preventScroll: true});
    w.remove();
  }
  const out = [];
  for (const c of w.changes) {
    if (c.kind === 'fragment' || out.some((o) => o.el === c.el && o.kind === c.kind)) continue;
    out.push(c);
  }
  const named = (u) => (u && u.nodeType === 1 ? L.selector(u) : u);  // an element the body named, or an address
  return {...result, changes: out.map((c) => ({selector: through(L, c.el), html: L.outerHtml(c.el), kind: c.kind,
                                               url: named(c.url)}))};
}"""

# Why a script could answer focus, keys or input on this page, or "" (nothing could).
ANSWERS = ("() => window.__a11yActivity ? (window.__a11yActivity.keyScript() || '')"
           " : 'no record of the page\\'s scripts'")

# The change of context each kind is, for a failure's summary ({url} filled in).
CHANGES = {
    "navigate": "loads another page ({url})",
    "submit": "submits a form ({url})",
    "window": "opens a new window ({url})",
}


def budget_ms(ctx, spare: float = 3.0) -> float:
    """The time a check's in-page loop may take (arg.budgetMs), in ms: the check's own, less a
    little for what it does after."""
    return max(500.0, (ctx.timeout - spare) * 1000)


def watching(body: str) -> str:
    return (_WATCH.replace("INSTALL", INSTALL).replace("DEEP_ACTIVE", DEEP_ACTIVE).replace("TAB_ORDER", TAB_ORDER)
            .replace("THROUGH", THROUGH).replace("BODY", body))


# The elements of the tab order (_focus.SEQUENTIALLY_FOCUSABLE, rendered, not inert, through open
# shadow roots) that `keep` keeps, at most max: {cands, capped}. `(max, keep?, only?) => ...`
# `only`: a cheap test that every element the caller will use passes (a form field): where the page
# has no more than max focusable elements, so that nothing can be capped, the others are left out
# before their rendering is read (a long page's links, of a check that changes fields).
TAB_ORDER = """((max, keep = () => true, only = null) => {
  const focusable = SEQUENTIALLY_FOCUSABLE;
  const roots = [document], cands = [];
  let order = [];
  for (let i = 0; i < roots.length; i++) {
    for (const el of roots[i].querySelectorAll('*')) {
      if (el.shadowRoot) roots.push(el.shadowRoot);
      if (focusable(el)) order.push(el);
    }
  }
  if (only && order.length <= max) order = order.filter(only);
  let capped = false;
  for (const el of order) {
    if (el.closest('[inert]') || !el.getClientRects().length) continue;
    if (getComputedStyle(el).visibility !== 'visible' || !keep(el)) continue;
    if (cands.length >= max) { capped = true; break; }
    cands.push(el);
  }
  return {cands, capped};
})""".replace("SEQUENTIALLY_FOCUSABLE", SEQUENTIALLY_FOCUSABLE)


# An element's selector through the open shadow roots around it: a string in the document, or
# [host..., element] (axe's form) inside a shadow root. `(L, el) => string | string[]`.
THROUGH = """((L, el) => {
  const chain = [L.selector(el)];
  for (let root = el.getRootNode(); root instanceof ShadowRoot; root = root.host.getRootNode()) {
    chain.unshift(L.selector(root.host));
  }
  return chain.length === 1 ? chain[0] : chain;
})"""


def target(selector: str | list) -> list:
    """A node's target (base.node) for a selector from THROUGH: a path through shadow roots is
    one entry (axe's form), not frames."""
    return [selector] if isinstance(selector, list) else selector
