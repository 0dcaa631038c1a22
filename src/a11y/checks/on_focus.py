"""Receiving focus does not change the context (WCAG 3.2.1 On Focus).

A keyboard user moves through a page with Tab to learn what is on it: an element that loads
another page, submits a form or opens a window as soon as it receives focus takes them
somewhere they did not ask to go (a select that navigates on focus, a link that "opens on
hover" through onfocus, a search field that submits when entered).

Each element of the tab order (tabindex >= 0, rendered, not disabled or inert, open shadow
roots included) receives focus by script, which runs the page's focus and focusin handlers as a
Tab press does. What a handler starts at once (in the event or its promise callbacks) is
caught before anything leaves the page: a navigation to another document (the Navigation
API's navigate event, cancelled), a form submitted, a window opened (window.open answered by
us with no window). A navigation within the document that only moves to a fragment is no
change of context; one that rewrites the address otherwise (history.pushState, as
single-page applications change views) is left for review, since whether the content changed
its meaning is a person's call. Handlers that act after a timer are not waited for, so a
change of context they make is not seen: the check can miss, never accuse.

A page where no script listens for focus or keys (_activity.js keyScript) cannot change the
context on focus and is not touched. The top document only: frames are not focused here.
"""
from __future__ import annotations

from ._activity import activity_script
from ._layout import evaluate
from .base import CANT_TELL, FAILED, INAPPLICABLE, PASSED, TAKES_FOCUS, Check, CheckOutcome, Look, beyond_limit, node

# Why a script could answer focus on this page, or "" (nothing could: not run).
ANSWERS_FOCUS = ("() => window.__a11yActivity ? (window.__a11yActivity.keyScript() || '')"
                 " : 'no record of the page\\'s scripts'")

# Focus each element of the tab order in turn (at most `max`); what each one's focus started.
# Returns {tried, capped, changes: [{selector, html, kind, url}], navApi}.
ON_FOCUS = r"""async (L, max) => {
  const A = window.__a11yActivity;
  const ours = (fn) => (A ? A.asOurs(fn) : fn());
  const deep = () => {
    let a = document.activeElement;
    while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
    return a;
  };
  const roots = [document], cands = [];
  let capped = false;
  for (let i = 0; i < roots.length; i++) {
    for (const el of roots[i].querySelectorAll('*')) {
      if (el.shadowRoot) roots.push(el.shadowRoot);
      if (el.tabIndex < 0 || el.disabled || el.closest('[inert]') || !el.getClientRects().length) continue;
      if (getComputedStyle(el).visibility !== 'visible') continue;
      if (cands.length >= max) { capped = true; break; }
      cands.push(el);
    }
  }
  const changes = [];
  let current = null;
  const nav = window.navigation;
  const onNavigate = (e) => {
    if (current) {
      const d = e.destination || {};
      const kind = e.formData ? 'submit' : e.hashChange ? 'fragment' : d.sameDocument ? 'same-document' : 'navigate';
      changes.push({el: current, kind, url: String(d.url || '')});
    }
    if (e.cancelable) e.preventDefault();
  };
  if (nav) ours(() => nav.addEventListener('navigate', onNavigate));
  const realOpen = window.open;
  window.open = function (url) {
    if (current) changes.push({el: current, kind: 'window', url: String(url || '')});
    return null;
  };
  // A form submission navigates in a later task: caught where it starts, by submit() (no
  // event) or as its submit event (requestSubmit, a submit button clicked by script).
  const realSubmit = HTMLFormElement.prototype.submit;
  HTMLFormElement.prototype.submit = function () {
    if (current) changes.push({el: current, kind: 'submit', url: this.action});
  };
  const onSubmit = (e) => {
    if (current) changes.push({el: current, kind: 'submit', url: e.target.action || ''});
    e.preventDefault();
  };
  ours(() => window.addEventListener('submit', onSubmit, true));
  const was = deep(), x = scrollX, y = scrollY;
  try {
    for (const el of cands) {
      current = null;
      const a = deep();
      if (a && a !== document.body && a.blur) a.blur();  // leaving the last one is not this one's doing
      current = el;
      el.focus({preventScroll: true});
      await Promise.resolve();  // what the handlers queued as promise callbacks
      await Promise.resolve();
    }
  } finally {
    current = null;
    const a = deep();
    if (a && a !== document.body && a.blur) a.blur();
    if (was && was !== document.body && was.focus) was.focus({preventScroll: true});
    window.open = realOpen;
    HTMLFormElement.prototype.submit = realSubmit;
    window.removeEventListener('submit', onSubmit, true);
    if (nav) nav.removeEventListener('navigate', onNavigate);
    scrollTo({left: x, top: y, behavior: 'instant'});  // a handler's scrolling
  }
  const out = [];
  for (const c of changes) {
    if (c.kind === 'fragment') continue;
    if (out.some((o) => o.el === c.el && o.kind === c.kind)) continue;
    out.push(c);
  }
  return {tried: cands.length, capped, changes: out.map((c) => ({selector: L.selector(c.el), html: L.outerHtml(c.el),
                                                                  kind: c.kind, url: c.url}))};
}"""

WHAT = {
    "navigate": "receiving focus loads another page ({url}): a change of context the user did not ask for",
    "submit": "receiving focus submits a form ({url}): a change of context the user did not ask for",
    "window": "receiving focus opens a new window ({url}): a change of context the user did not ask for",
}
SAME_DOCUMENT = ("receiving focus changes the page's address within the document ({url}), as a single-page "
                 "application changes view: check whether the content changed its meaning")


class OnFocusNoContextChange(Check):
    id = "on-focus-no-context-change"
    time_limit = 15.0
    init_script = activity_script()  # whether a script listens for focus (ANSWERS_FOCUS)
    present = TAKES_FOCUS
    max_elements = 2000  # elements of the tab order focused per page (times CheckContext.reach)

    def looks(self) -> list[Look]:
        return [Look(ANSWERS_FOCUS)]

    async def run(self, ctx) -> CheckOutcome:
        if not await ctx.first_look(ANSWERS_FOCUS):
            return CheckOutcome(INAPPLICABLE, reason="no script on the page listens for focus or keys: receiving "
                                                     "focus cannot change the context")
        most = self.max_elements * ctx.reach
        found = await evaluate(ctx.page, ON_FOCUS, most)
        failed = [node(c["selector"], c["html"], WHAT[c["kind"]].format(url=c["url"] or "no address"))
                  for c in found["changes"] if c["kind"] in WHAT]
        if failed:
            return CheckOutcome(FAILED, failed)
        review = [node(c["selector"], c["html"], SAME_DOCUMENT.format(url=c["url"]))
                  for c in found["changes"] if c["kind"] == "same-document"]
        if review:
            return CheckOutcome(CANT_TELL, review, reason=f"{len(review)} element(s): {SAME_DOCUMENT.format(url='')}"
                                .replace(" ()", ""))
        if not found["tried"]:
            return CheckOutcome(INAPPLICABLE, reason="no element takes keyboard focus with the Tab key")
        if found["capped"]:
            return CheckOutcome(CANT_TELL, reason=beyond_limit("elements in the tab order", most, ctx.reach))
        return CheckOutcome(PASSED, reason=f"none of the {found['tried']} element(s) of the tab order loads a page, "
                                           "submits a form or opens a window when it receives focus")
