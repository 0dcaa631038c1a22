"""The focused element is not entirely hidden by the page's own content (WCAG 2.2 2.4.11 Focus
Not Obscured (Minimum)).

Sticky headers, fixed footers, cookie banners and chat buttons stay on screen while the page
scrolls under them; when Tab brings an element into view beneath one of them, a keyboard user
cannot see where focus is.

From the top of the page, each element of the tab order (tabindex >= 0, rendered, not disabled
or inert, open shadow roots included) receives focus in order, by script: Chromium scrolls it
into view exactly as for a Tab press (only when needed, then to the middle), so the page
scrolls as it does for a keyboard user going through it. Then points spread over each of the
element's boxes are hit-tested with every element taking pointer events, where they meet
content that can cover them (boxes out of the flow, fixed, sticky or absolute, with what is
positioned inside them, dialogs, popovers; what focus handlers add or restyle is added as it
comes): the element is entirely hidden when, at every point, something above it
(not inside it) paints over it (an opaque background, an image or embedded content, at full
opacity). Content that leaves part
of the element showing passes (the minimum criterion); so does an element scrolled out of
view inside a box (what clips it is not something drawn over it). Content inside a dialog
(role dialog or alertdialog, or a <dialog>) may be dismissed without moving focus, which the
criterion allows: such cover is left for review. A page with nothing fixed or sticky (no style
rule or attribute, no open dialog) is not touched.
"""
from __future__ import annotations

from ._activity import activity_script
from ._colour import with_colour
from ._context_change import budget_ms, watching
from ._layout import evaluate
from ._no_side_effects import contained
from ._style_facts import HAS_SHEETS, STYLE_FACTS, takes_focus_and
from .base import CANT_TELL, FAILED, INAPPLICABLE, PASSED, Check, CheckOutcome, Look, beyond_limit, node

# Focus each element of the tab order in turn from the top of the page (at most `max`); those
# entirely hidden, with what hides them. Pointer events put back here; focus and the scroll
# position by the watch, which also cancels any change of context a focus handler starts.
OBSCURED = watching(with_colour(r"""async ({L, arg, tabOrder, deep, timeUp}) => {
  const {cands, capped} = tabOrder(arg.max);
  const positive = cands.filter((el) => el.tabIndex > 0).sort((a, b) => a.tabIndex - b.tabIndex);
  const order = [...positive, ...cands.filter((el) => !(el.tabIndex > 0))];
  const colour = __A11Y_COLOUR__();  // any notation (oklch() too): _colour.js
  const alpha = (c) => (colour(c) || [0, 0, 0, 0])[3];
  const REPLACED = /^(img|video|canvas|iframe|embed|object|svg|picture)$/;
  const paints = (e) => {
    const s = getComputedStyle(e);
    if (s.visibility !== 'visible') return false;
    let o = 1;
    for (let a = e; a; a = L.flatParent(a)) o *= parseFloat(getComputedStyle(a).opacity);
    if (o < 0.95) return false;
    return REPLACED.test(e.localName) || alpha(s.backgroundColor) >= 0.95 || s.backgroundImage !== 'none';
  };
  const inside = (el, e) => {
    for (let a = e; a; a = L.flatParent(a)) if (a === el) return true;
    return false;
  };
  const vw = document.documentElement.clientWidth, vh = document.documentElement.clientHeight;
  // What paints over el at (x, y): the topmost such element, null where el shows (or is not there).
  const coverAt = (el, x, y) => {
    const stack = (el.getRootNode().elementsFromPoint ? el.getRootNode() : document).elementsFromPoint(x, y);
    const at = stack.findIndex((e) => inside(el, e));
    if (at < 0) return null;
    for (let i = 0; i < at; i++) if (!inside(el, stack[i]) && paints(stack[i])) return stack[i];
    return null;
  };
  // What can cover an element: boxes taken out of the flow (fixed, sticky, absolute) with what is
  // positioned inside them, dialogs and popovers. Only an element whose box meets one of these is
  // hit-tested (after a focus, a hit test costs the browser a frame's work: 0.7 ms an element on
  // a large page). What the page adds or restyles as focus moves (a help bar a focus handler
  // shows) is added as it comes; where that grows past a few walks of the page, every element is
  // hit-tested.
  const OPEN = 'dialog[open], [role=dialog], [role=alertdialog]';
  const OUT_OF_FLOW = /^(fixed|sticky|absolute)$/;
  const isOpenPopover = (e) => { try { return e.matches(':popover-open'); } catch (err) { return false; } };
  const covers = [], boxes = new Set();
  let walked = 0, everything = false;
  const under = (e) => {
    for (let a = L.flatParent(e); a; a = L.flatParent(a)) if (boxes.has(a)) return true;
    return false;
  };
  const consider = (root) => {
    const roots = [root];
    for (let i = 0; i < roots.length; i++) {
      const inner = roots[i].querySelectorAll('*');
      const els = roots[i].nodeType === 1 ? [roots[i], ...inner] : inner;
      walked += els.length;
      for (const e of els) {
        if (e.shadowRoot) roots.push(e.shadowRoot);
        if (boxes.has(e)) continue;
        if (!OUT_OF_FLOW.test(getComputedStyle(e).position) && !e.matches(OPEN) && !isOpenPopover(e)) continue;
        if (under(e)) continue;  // counted with the box it is in
        boxes.add(e);
        covers.push(e);
        for (const d of e.querySelectorAll('*')) if (getComputedStyle(d).position !== 'static') covers.push(d);
      }
    }
  };
  consider(document);
  const budget = 5 * Math.max(walked, 1000);
  const changes = new MutationObserver(() => {});
  changes.observe(document, {subtree: true, childList: true, attributes: true, attributeFilter: ['class', 'style',
                                                                                                  'open', 'hidden']});
  const catchUp = () => {
    for (const r of changes.takeRecords()) {
      if (everything) break;
      if (r.type === 'attributes') consider(r.target);
      else for (const n of r.addedNodes) if (n.nodeType === 1) consider(n);
      if (walked > budget) everything = true;
    }
  };
  const meets = (rects) => everything || covers.some((c) => {
    const r = c.getBoundingClientRect();
    return rects.some((b) => b.left < r.right && r.left < b.right && b.top < r.bottom && r.top < b.bottom);
  });
  const hidden = (el) => {
    const rects = [...el.getClientRects()].filter((r) => r.width >= 1 && r.height >= 1).slice(0, 4);
    if (!rects.length || !meets(rects)) return null;
    let cover = null;
    for (const r of rects) {
      const xs = [r.left + 1, (r.left + r.right) / 2, r.right - 1];
      const ys = [r.top + 1, (r.top + r.bottom) / 2, r.bottom - 1];
      for (const x of xs) for (const y of ys) {
        if (x < 0 || y < 0 || x >= vw || y >= vh) return null;  // not drawn in the viewport: not judged here
        const c = coverAt(el, x, y);
        if (!c) return null;
        cover = cover || c;
      }
    }
    return cover;
  };
  const sheet = document.createElement('style');
  sheet.setAttribute('data-a11y-own', '');
  sheet.textContent = '*, *::before, *::after { pointer-events: auto !important; scroll-behavior: auto !important; }';
  const found = [];
  let tried = 0, late = 0;
  (document.head || document.documentElement).appendChild(sheet);
  try {
    const a = deep();
    if (a && a !== document.body && a.blur) a.blur();
    scrollTo({left: 0, top: 0, behavior: 'instant'});
    for (const el of order) {
      if (timeUp()) { late = order.length - order.indexOf(el); break; }
      el.focus();
      if (deep() !== el) continue;  // a script put focus elsewhere
      tried++;
      catchUp();
      const cover = hidden(el);
      if (!cover) continue;
      let fixed = '';
      for (let c = cover; c && !fixed; c = L.flatParent(c)) {
        const p = getComputedStyle(c).position;
        if (p === 'fixed' || p === 'sticky') fixed = p;
      }
      const dialog = cover.closest('dialog, [role=dialog], [role=alertdialog]');
      found.push({selector: L.selector(el), html: L.outerHtml(el), by: L.selector(dialog || cover),
                  byHtml: L.outerHtml(dialog || cover).slice(0, 200), fixed, dialog: !!dialog});
    }
  } finally {
    changes.disconnect();
    sheet.remove();
  }
  return {tried, late, capped, found};
}"""))


# TAKES_FOCUS on a page where something could be fixed or sticky: a style attribute or open dialog
# (STYLE_FACTS's fixed), or a style sheet (a rule, or a sheet that cannot be read). Asked before
# TAKES_FOCUS, which is dearer.
COULD_BE_FIXED = takes_focus_and(
    "takes keyboard focus, with a style sheet, a fixed or sticky style attribute or an open dialog",
    "(root) => !!root.querySelector('[style*=\"fixed\" i], [style*=\"sticky\" i], [style*=\"\\\\\\\\\"], "
    "[style*=\"var(\" i], dialog[open]') || "
    f"({HAS_SHEETS})(root)")


def _cover(f: dict) -> str:
    how = f" (position: {f['fixed']})" if f["fixed"] else ""
    return f"{f['by']}{how}"


class FocusNotObscured(Check):
    id = "focus-not-obscured"
    time_limit = 15.0
    init_script = activity_script()
    present = COULD_BE_FIXED
    max_elements = 2000  # elements of the tab order focused per page (times CheckContext.reach)

    def looks(self) -> list[Look]:
        return [STYLE_FACTS]

    async def run(self, ctx) -> CheckOutcome:
        facts = await ctx.first_look(STYLE_FACTS.script)
        if not (facts["fixed"] or facts["unreadable"]):
            return CheckOutcome(INAPPLICABLE, reason="no content is fixed or sticky on the page: nothing stays over "
                                                     "the elements that Tab scrolls into view")
        most = self.max_elements * ctx.reach
        async with contained(ctx.page, restore_state=False):  # what focus handlers send stays here
            seen = await evaluate(ctx.page, OBSCURED, {"max": most, "budgetMs": budget_ms(ctx)})
        hidden = [f for f in seen["found"] if not f["dialog"]]
        if hidden:
            return CheckOutcome(FAILED, [node(f["selector"], f["html"],
                                              f"when it has keyboard focus, this element is entirely hidden by "
                                              f"{_cover(f)}: a keyboard user cannot see where focus is")
                                         for f in hidden])
        dialogs = seen["found"]
        if dialogs:
            return CheckOutcome(CANT_TELL, [node(f["selector"], f["html"],
                                                 f"when it has keyboard focus, this element is entirely hidden by the "
                                                 f"dialog {_cover(f)}: check that the dialog can be dismissed "
                                                 "without moving focus") for f in dialogs[:20]],
                                reason=f"{len(dialogs)} element(s) hidden by a dialog when focused")
        if not seen["tried"]:
            return CheckOutcome(INAPPLICABLE, reason="no element takes keyboard focus with the Tab key")
        if seen["capped"]:
            return CheckOutcome(CANT_TELL, reason=beyond_limit("elements in the tab order", most, ctx.reach))
        if seen["late"]:
            return CheckOutcome(CANT_TELL, reason=f"{seen['late']} element(s) of the tab order were not focused in "
                                                  "the time given")
        return CheckOutcome(PASSED, reason=f"none of the {seen['tried']} element(s) of the tab order is entirely "
                                           "hidden by other content when it has keyboard focus")
