"""Receiving focus does not change the context (WCAG 3.2.1 On Focus).

A keyboard user moves through a page with Tab to learn what is on it: an element that loads
another page, submits a form or opens a window as soon as it receives focus takes them
somewhere they did not ask to go (a select that navigates on focus, a link that "opens on
hover" through onfocus, a search field that submits when entered).

Each element of the tab order (tabindex >= 0, rendered, not disabled or inert, open shadow
roots included; not a link without an address, which Chromium reads as tabindex 0 but will not
focus) receives focus by script, which runs the page's focus and focusin handlers as a Tab press
does. One that never receives it (no focus event) is not judged: the browser refused it, no
script took it away. What a handler starts at once (in the event or its promise callbacks) is
caught before anything leaves the page: a navigation to another document (the Navigation API's
navigate event, cancelled), a form submitted, a window opened (window.open answered by us with
no window). A navigation within the document that only moves to a fragment is no change of
context; one that rewrites the address otherwise (history.pushState, as single-page
applications change views) is left for review, since whether the content changed its meaning
is a person's call. Focus sent elsewhere is left for review too (a widget's own item, or a
change the user did not ask for), unless an open modal dialog takes it back inside itself from
an element outside it (the modal dialog in effect, as _modal.py defines it), or sends it to a
wrapper of the dialog that holds nothing else (MUI's FocusTrap focuses the role=presentation
container around its role=dialog paper; a wrapper hidden with the page, or holding text or
controls of its own, is not one). That is the dialog's focus trap: what lies outside it is
inactive while it is open. Handlers that act
after a timer are not waited for, so a change of context they make is not seen: the check can
miss, never accuse.

A page where no script listens for focus moving (_activity.js listensFor) cannot change the
context on focus and is not touched. The catching is _context_change.py's. The top document
only: frames are not focused here.
"""
from __future__ import annotations

import json

from ._activity import activity_script
from ._context_change import CHANGES, budget_ms, target, watching
from ._layout import evaluate
from ._modal import with_modal
from ._no_side_effects import contained
from ._style_facts import takes_focus_and
from .base import CANT_TELL, FAILED, INAPPLICABLE, PASSED, Check, CheckOutcome, Look, beyond_limit, node

# Whether a script listens for focus moving (true too when there is no record of the scripts).
ANSWERS_FOCUS = ("() => !window.__a11yActivity || window.__a11yActivity.listensFor("
                 "['focus', 'focusin', 'blur', 'focusout', 'domfocusin', 'domfocusout'])")
# TAKES_FOCUS on a page where a script listens for focus (ANSWERS_FOCUS, asked first: it is the
# cheaper): one survey call decides both, so a page where focus cannot change anything costs no run.
FOCUS_ANSWERED = takes_focus_and("takes keyboard focus with a script listening for focus",
                                 f"(root) => ({ANSWERS_FOCUS})()", page_wide=True)

# What a wrapper of a modal dialog may not hold beside the dialog to count as the dialog's own: the
# page's content (images, controls, elements given a role).
CONTENT = ("img, svg, canvas, video, audio, iframe, object, embed, input, select, textarea, button, a[href], "
           "[role]:not([role=presentation]):not([role=none])")

# Each element of the tab order (at most `max`) receives focus in turn; what its focus started.
ON_FOCUS = with_modal(watching(r"""async ({L, arg, tabOrder, deep, acting, timeUp, note}) => {
  const {cands, capped} = tabOrder(arg.max);
  const within = (n, el) => { for (; n; n = L.flatParent(n)) if (n === el) return true; return false; };
  // The open modal dialog in effect (_modal.py), if any: it keeps focus inside itself.
  const active = __A11Y_MODAL__();
  // A wrapper of the dialog that its focus trap may send focus to (MUI's role=presentation
  // container around its role=dialog paper): it holds the dialog, is not part of the page the
  // dialog blocks (not hidden, not inert) and has nothing of its own beside the dialog (no text,
  // image or control: a backdrop or focus guards at most). body, which holds the page, is none.
  const wraps = (box, modal) => {
    if (box === document.body || box === document.documentElement || !within(modal, box)) return false;
    for (let a = box; a; a = L.flatParent(a)) {
      if (a.nodeType === 1 && (a.getAttribute('aria-hidden') === 'true' || a.inert)) return false;
    }
    const texts = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    for (let t = texts.nextNode(); t; t = texts.nextNode()) {
      const at = t.parentElement;
      if (t.data.trim() && !within(at, modal) && !at.closest('script, style, template')) return false;
    }
    for (const el of box.querySelectorAll(CONTENT)) if (!within(el, modal)) return false;
    return true;
  };
  let kept = 0;  // elements outside an open modal dialog whose focus it took back inside
  // What received focus (a focus or focusin event), so that an element the browser would not
  // focus is not taken for one a script blurred at once.
  const received = [];
  const heard = (e) => { received.push(e.composedPath()[0]); };
  const A = window.__a11yActivity;
  const ours = (fn) => (A ? A.asOurs(fn) : fn());
  ours(() => { window.addEventListener('focus', heard, true); window.addEventListener('focusin', heard, true); });
  let tried = 0;
  try {
    for (const el of cands) {
      if (timeUp()) break;
      tried++;
      acting(null);
      const a = deep();
      if (a && a !== document.body && a.blur) a.blur();  // leaving the last one is not this one's doing
      const held = deep();
      if (held && held !== document.body) continue;  // the last one takes focus back: not this one's doing
      acting(el);
      received.length = 0;
      el.focus({preventScroll: true});
      await Promise.resolve();  // what the handlers queued as promise callbacks
      await Promise.resolve();
      if (!received.some((t) => within(t, el))) continue;  // never took focus: nothing a script did
      // Focus given up at once (F55: a script blurs what receives focus), or sent elsewhere.
      const now = deep();
      if (!now || now === document.body) { note(el, 'blur', ''); continue; }
      if (within(now, el)) continue;
      // An open modal dialog keeps focus in itself (a focus trap): focus on what lies outside it,
      // which is inactive while it is open, is sent back in. No change of context.
      if (active && !within(el, active) && (within(now, active) || wraps(now, active))) kept++;
      else note(el, 'moved', now);
    }
  } finally {
    window.removeEventListener('focus', heard, true);
    window.removeEventListener('focusin', heard, true);
  }
  return {tried, of: cands.length, capped, kept};
}""".replace("CONTENT", json.dumps(CONTENT))))

WHAT = {kind: f"receiving focus {what}: a change of context the user did not ask for"
        for kind, what in CHANGES.items()}
WHAT["blur"] = ("receiving focus, it gives focus up at once (a script blurs it): keyboard users cannot reach it "
                "or see where they are (failure F55)")
MOVED = ("receiving focus, it sends focus on to {url}: check that this is expected (a dialog's focus guard, a "
         "widget's own item) and not a change of context")
SAME_DOCUMENT = ("receiving focus changes the page's address within the document ({url}), as a single-page "
                 "application changes view: check whether the content changed its meaning")


class OnFocusNoContextChange(Check):
    id = "on-focus-no-context-change"
    time_limit = 15.0
    init_script = activity_script()  # whether a script listens for focus (ANSWERS_FOCUS)
    present = FOCUS_ANSWERED
    max_elements = 2000  # elements of the tab order focused per page (times CheckContext.reach)

    def looks(self) -> list[Look]:
        return [Look(ANSWERS_FOCUS)]

    async def run(self, ctx) -> CheckOutcome:
        if not await ctx.first_look(ANSWERS_FOCUS):
            return CheckOutcome(INAPPLICABLE, reason="no script on the page listens for focus moving: receiving "
                                                     "focus cannot change the context")
        most = self.max_elements * ctx.reach
        async with contained(ctx.page, restore_state=False):  # what focus handlers send stays here
            found = await evaluate(ctx.page, ON_FOCUS, {"max": most, "budgetMs": budget_ms(ctx)})
        failed = [node(target(c["selector"]), c["html"], WHAT[c["kind"]].format(url=c["url"] or "no address"))
                  for c in found["changes"] if c["kind"] in WHAT]
        review = [node(target(c["selector"]), c["html"], (SAME_DOCUMENT if c["kind"] == "same-document" else MOVED)
                       .format(url=c["url"])) for c in found["changes"] if c["kind"] in ("same-document", "moved")]
        if failed:
            return CheckOutcome(FAILED, failed, review=review)
        if review:
            return CheckOutcome(CANT_TELL, review, reason=f"{len(review)} element(s) change the address within the "
                                                          "document or send focus elsewhere when they receive it")
        if not found["tried"]:
            return CheckOutcome(INAPPLICABLE, reason="no element takes keyboard focus with the Tab key")
        if found["capped"]:
            return CheckOutcome(CANT_TELL, reason=beyond_limit("elements in the tab order", most, ctx.reach))
        if found["tried"] < found["of"]:
            return CheckOutcome(CANT_TELL, reason=f"focused {found['tried']} of the {found['of']} elements of the tab "
                                                  "order in the time given")
        kept = (f"; an open modal dialog took focus back inside itself from {found['kept']} of them, which lie "
                "outside it (a focus trap, no change of context)") if found["kept"] else ""
        return CheckOutcome(PASSED, reason=f"none of the {found['tried']} element(s) of the tab order loads a page, "
                                           f"submits a form or opens a window when it receives focus{kept}")
