"""Text cut off by CSS overflow, as ACT 59br37 defines it: shared by the zoom check (1.4.4)
and the text-spacing check (1.4.12), which lay the page out differently and then ask the same.

Every visible text node whose parent is an HTML element, not hidden with aria-hidden, is
measured against the ancestors whose overflow is hidden or clip (following the
containing-block chain, and stopping at a scroll container, whose content can be scrolled
to). It is cut when a character would show more of itself were that overflow visible:
sideways, unless the clipping ancestor does not wrap (white-space: nowrap, or pre, which wraps
no more) and marks the cut with text-overflow (an ellipsis); top or bottom, unless the clipping
ancestor is one line high (its used line height is its height, so whole lines are hidden) or
clamps its lines with -webkit-line-clamp. Text wholly cut away is not visible, so it is not
judged (screen-reader-only text), but a caller may ask for it (`lost`) to compare with another
layout: text that a box at least a line across cuts away where the layout put it (not moved
there by a transform or a scroll offset). Text that a running animation moves through the
clipping box (a ticker) comes into view whole over time: that box's sideways cut is allowed.
"""
from __future__ import annotations

from ._layout import evaluate
from .base import CheckContext, Look, beyond_limit

MAX_TEXT_NODES = 5000
MAX_NODES = 50

CLIPPED_TEXT = r"""
async (L, {maxText, maxNodes, when, size, only, lost}) => {
  await (size ? L.laidOut(size[0], size[1]) : L.laidOut());
  // Only the text of these elements (selectors), when every one of them is found.
  const find = (s) => { try { return document.querySelector(s); } catch (e) { return null; } };
  let onlyIn = only ? new Set(only.map(find)) : null;
  if (onlyIn && (onlyIn.has(null) || onlyIn.size < only.length)) onlyIn = null;
  const src = L.viewportOverflowSource();
  const vw = document.documentElement.clientWidth, vh = document.documentElement.clientHeight;
  // Whether the clipping ancestor marks or bounds its cut as the ACT rule allows. What depends on
  // the ancestor alone is kept for the call: the many text nodes it holds ask the same.
  const clipper = new Map();
  function clipperOf(el) {
    if (!clipper.has(el)) {
      const s = getComputedStyle(el);
      let h = el.getBoundingClientRect().height;
      if (s.overflowY === 'clip') h -= ['borderTopWidth', 'borderBottomWidth', 'paddingTop', 'paddingBottom']
        .reduce((t, p) => t + (parseFloat(s[p]) || 0), 0);
      // Text that does not wrap: white-space nowrap, or pre (the same text-wrap-mode: nowrap).
      const nowrap = s.textWrapMode ? s.textWrapMode === 'nowrap' : /^(nowrap|pre)$/.test(s.whiteSpace);
      clipper.set(el, {
        x: nowrap && s.textOverflow !== 'clip' && s.textOverflow !== '',
        clamped: !!s.webkitLineClamp && s.webkitLineClamp !== 'none',
        height: h,
        lineHeight: s.lineHeight === 'normal' ? null : parseFloat(s.lineHeight),
        fontSize: parseFloat(s.fontSize),
      });
    }
    return clipper.get(el);
  }
  // Its used line height: a 'normal' one is the height of the text's own line.
  function usedLineHeight(c, node) {
    if (c.lineHeight !== null) return c.lineHeight;
    const r = L.rangeRects(node)[0];
    return r ? r.height : 1.2 * c.fontSize;
  }
  const exemptX = (el) => clipperOf(el).x;
  // Elements a running animation moves (a ticker sliding its text through a strip that clips it):
  // the cut moves along the text, all of which comes into view, at any zoom. Sideways only: a
  // strip too low for its text cuts the tops of the letters wherever they are.
  const MOVES = /^(transform|translate|left|right|top|bottom|margin.*|offset.*|textIndent)$/;
  const moving = new Set();
  for (const a of (document.getAnimations ? document.getAnimations() : [])) {
    const e = a.effect;
    if (a.playState !== 'running' || !e || !e.target || !e.getKeyframes) continue;
    if (e.getKeyframes().some((k) => Object.keys(k).some((p) => MOVES.test(p)))) moving.add(e.target);
  }
  const movesThrough = (el, clip) => {
    if (!moving.size) return false;
    for (let a = el; a && a !== clip; a = L.flatParent(a)) if (moving.has(a)) return true;
    return false;
  };
  function exemptY(el, node) {
    const c = clipperOf(el);
    return c.clamped || Math.abs(usedLineHeight(c, node) - c.height) <= 1;
  }
  const hiddenFromAT = new Map();  // (kept for the call, by element: its text nodes and children ask the same)
  const ariaHidden = (el) => {
    const path = [];
    let hidden = false;
    for (let a = el; a; a = L.flatParent(a)) {
      if (hiddenFromAT.has(a)) { hidden = hiddenFromAT.get(a); break; }
      path.push(a);
    }
    for (let i = path.length - 1; i >= 0; i--) {
      hidden = hidden || path[i].getAttribute('aria-hidden') === 'true';
      hiddenFromAT.set(path[i], hidden);
    }
    return hidden;
  };
  // No box clips its text, and the page's root does not: nothing can cut it off (its boxes and
  // style need not be read). The chain is the one textGeometry reads.
  const unclipped = (el) => {
    const c = L.clipChain(el);
    return !c.x.clips.length && !c.y.clips.length && c.x.viewport !== 'clip' && c.y.viewport !== 'clip';
  };
  // A box a control with aria-expanded shows and hides: another way to the text it cuts (a "Show
  // more" button), which the ACT rule assumes there is none of.
  const revealed = (clips) => clips.some((c) => L.expandable(c.el));
  // A transform or a scroll offset between the text and the box that cuts it: a script placed the
  // text there (a carousel's slide, a panel slid away), not the layout.
  const moved = (el, clip) => {
    if (clip.scrollLeft || clip.scrollTop) return true;
    for (let a = el; a && a !== clip; a = L.flatParent(a)) if (getComputedStyle(a).transform !== 'none') return true;
    return false;
  };
  const overlaps = (r, b) => span(Math.max(r.left, b.x[0]), Math.min(r.right, b.x[1])) >= 1 &&
    span(Math.max(r.top, b.y[0]), Math.min(r.bottom, b.y[1])) >= 1;
  const span = (lo, hi) => Math.max(0, hi - lo);
  let targets = 0, count = 0, capped = false;
  const failed = new Map(), gone = new Map(), seen = new Set();
  for (const node of L.textNodes()) {
    if (onlyIn && !onlyIn.has(L.flatParent(node))) continue;
    if (++count > maxText) { capped = true; break; }
    if (failed.size >= maxNodes) break;
    const el = L.flatParent(node);
    if (!L.isHtml(el) || (!onlyIn && unclipped(el)) || ariaHidden(el)) continue;
    const g = L.textGeometry(node, 2);
    if (!g || !g.chain) continue;  // no box, or hidden by its style
    const whole = !g.seen.length;  // wholly cut away: not visible (screen-reader-only text), unless lost asks
    if (whole && !(lost && gone.size < maxNodes)) continue;
    if (!whole && onlyIn) seen.add(el);
    const clips = { x: [...g.chain.x.clips], y: [...g.chain.y.clips] };
    if (g.chain.x.viewport === 'clip') clips.x.push({ el: src, lo: 0, hi: vw });
    if (g.chain.y.viewport === 'clip') clips.y.push({ el: src, lo: 0, hi: vh });
    if (!clips.x.length && !clips.y.length) continue;
    if (!whole) targets++;
    const fontSize = parseFloat(getComputedStyle(el).fontSize) || 16;
    // Per axis: what can be reached with every overflow visible, then within the exempt clips
    // only (cuts there are allowed), then within all clips (what shows).
    const bounds = {};
    for (const axis of ['x', 'y']) {
      const reach = L.reach(axis, 'scroll');
      const exempt = [...reach], all = [...reach];
      const blamed = [];
      for (const c of clips[axis]) {
        const ok = axis === 'x' ? exemptX(c.el) || movesThrough(el, c.el) : exemptY(c.el, node);
        for (const b of ok ? [exempt, all] : [all]) { b[0] = Math.max(b[0], c.lo); b[1] = Math.min(b[1], c.hi); }
        if (!ok) blamed.push(c);
      }
      bounds[axis] = { exempt, all, blamed };
    }
    if (!bounds.x.blamed.length && !bounds.y.blamed.length) continue;
    if (whole) {
      // Cut away by the boxes the rule blames (it would show within the exempt ones alone), each at
      // least a line of this text across (not a 1 px screen-reader-only box, not a collapsed panel),
      // where the layout put it (not moved there).
      const blamed = [...bounds.x.blamed, ...bounds.y.blamed];
      const exempt = { x: bounds.x.exempt, y: bounds.y.exempt };
      const line = Math.max(...g.rects.map((r) => r.height));
      if (!g.rects.some((r) => overlaps(r, exempt)) || blamed.some((c) => c.hi - c.lo < line ||
          c.el === src || moved(el, c.el) || movesThrough(el, c.el)) || gone.has(el)) continue;
      const by = blamed[0];
      gone.set(el, { selector: L.selector(el), html: L.outerHtml(el), revealed: revealed(blamed),
        summary: `${when} this text is wholly cut off by the overflow: hidden of ${L.selector(by.el)}: ` +
          `"${node.data.trim().slice(0, 60)}"` });
      continue;
    }
    // Every line of the text inside what the clips show: no character of it can be cut.
    const shown = (r) => r.left >= bounds.x.all[0] - 1 && r.right <= bounds.x.all[1] + 1 &&
      r.top >= bounds.y.all[0] - 1 && r.bottom <= bounds.y.all[1] + 1;
    if (g.rects.every(shown)) continue;
    const text = node.data;
    let cut = null;
    for (let i = 0; i < text.length && i < 4000 && !cut; i++) {
      if (/\s/.test(text[i])) continue;
      const end = i + (text.codePointAt(i) > 0xffff ? 2 : 1);
      for (const r of L.rangeRects(node, i, end)) {
        const x = bounds.x, y = bounds.y;
        const showsY = span(Math.max(r.top, y.all[0]), Math.min(r.bottom, y.all[1])) >= 1;
        const showsX = span(Math.max(r.left, x.all[0]), Math.min(r.right, x.all[1])) >= 1;
        const inX = span(Math.max(r.left, x.exempt[0]), Math.min(r.right, x.exempt[1]));
        const lostX = inX - span(Math.max(r.left, x.all[0]), Math.min(r.right, x.all[1]));
        const inY = span(Math.max(r.top, y.exempt[0]), Math.min(r.bottom, y.exempt[1]));
        const lostY = inY - span(Math.max(r.top, y.all[0]), Math.min(r.bottom, y.all[1]));
        // A whole character, or a glyph's top or bottom (more than a fifth of the font size).
        if (x.blamed.length && lostX > 1 && showsY) cut = { axis: 'sideways', by: x.blamed, r };
        else if (y.blamed.length && lostY > Math.max(1, 0.2 * fontSize) && showsX)
          cut = { axis: 'at the top or bottom', by: y.blamed, r };
        if (cut) break;
      }
    }
    if (!cut || failed.has(el)) continue;
    const by = cut.by.find((c) => (cut.axis === 'sideways' ? [cut.r.left, cut.r.right] : [cut.r.top, cut.r.bottom])
      .some((v) => v < c.lo - 1 || v > c.hi + 1)) || cut.by[0];
    const byName = by.el === src ? 'the page (overflow on ' + by.el.localName + ')' : L.selector(by.el);
    failed.set(el, { selector: L.selector(el), html: L.outerHtml(el), revealed: revealed(cut.by),
      partly: g.rects.some(shown),  // a line of it shows whole: a preview, not unreadable text
      summary: `${when} this text is cut off ${cut.axis} by the ` +
        `overflow: hidden of ${byName}: "${text.trim().slice(0, 60)}"` });
  }
  return { targets, capped, failed: [...failed.values()], lost: [...gone.values()],
           seen: onlyIn ? [...seen].map((e) => L.selector(e)) : [], settled: L.nothingBack() };
}
"""


async def clipped_text(page, when: str, size: tuple[int, int] | None = None, only: list[str] | None = None,
                       reach: int = 1, lost: bool = False) -> dict:
    """{targets: how many visible text nodes an overflow could cut, capped: the page has more
    than MAX_TEXT_NODES x reach text nodes and the rest were not looked at, failed: [{selector,
    html, summary, revealed, partly}] one per element whose text is cut (revealed: a box that
    cuts it is shown and hidden by a control with aria-expanded; partly: a line of it shows
    whole), lost: [{selector, html, summary, revealed}] with `lost`, one per element whose text
    the boxes the rule blames cut away wholly (whether it was ever visible is the caller's to
    ask: screen-reader-only text is cut away too), seen: with `only`, those of its elements
    that have visible text, settled: L.nothingBack() (for _layout.Back)}; `when` starts each
    summary. `size`: the viewport size just asked for, which the page is measured at once it has
    it. `only`: look at the text of these elements alone (selectors), or of the whole page if one
    is not found."""
    return await evaluate(page, CLIPPED_TEXT, clipped_text_arg(when, size, only, reach, lost))


def clipped_text_arg(when: str, size: tuple[int, int] | None = None, only: list[str] | None = None,
                     reach: int = 1, lost: bool = False) -> dict:
    """CLIPPED_TEXT's argument, for a caller that runs it within a script of its own (what
    clipped_text's arguments say)."""
    return {"maxText": MAX_TEXT_NODES * reach, "maxNodes": MAX_NODES, "when": when, "size": size, "only": only,
            "lost": lost}


def unexamined(found: dict, reach: int) -> str:
    """Why a page whose text clipped_text did not all look at has no verdict; empty if it did."""
    return beyond_limit("text nodes", MAX_TEXT_NODES * reach, reach) if found.get("capped") else ""


# Whether any element that holds text clips its overflow now, and whether any readable style rule
# could make one do so in another layout (a media or container query); style sheets that cannot be
# read count. A box cuts only the text in it (CLIPPED_TEXT measures text nodes against the boxes
# of their ancestors), and many that clip hold none: the browser's own style sheet clips images,
# videos, frames and SVG. Text in it: a text node with more than white space (script text too), or
# a shadow root in it or below it, whose text its textContent leaves out. Only on a page that
# nothing can change by itself any more (_activity.js busy()): on another, a script may yet put
# text in a box that clips, so any such box counts.
_CLIPS = r"""
() => {
  const CLIPS = /\b(hidden|clip)\b/;
  const holdsText = (el) => /\S/.test(el.textContent) || !!el.shadowRoot ||
    [...el.querySelectorAll('*')].some((d) => d.shadowRoot);
  const A = window.__a11yActivity;  // (_activity.js)
  let now = false, empty = false;  // (empty: a box that clips holds no text)
  for (const el of document.querySelectorAll('*')) {
    const s = getComputedStyle(el);
    if (!CLIPS.test(s.overflowX) && !CLIPS.test(s.overflowY)) continue;
    if (holdsText(el)) { now = true; break; }
    empty = true;
  }
  if (!now && empty) now = !A || A.busy() !== null;
  let rules = 0, unreadable = 0;
  const walk = (list) => {
    for (const rule of list) {
      if (rule.styleSheet) visit(rule.styleSheet);
      if (rule.style) {
        for (const p of ['overflow', 'overflow-x', 'overflow-y', 'overflow-inline', 'overflow-block']) {
          if (CLIPS.test(rule.style.getPropertyValue(p))) rules++;
        }
      }
      if (rule.cssRules) walk(rule.cssRules);
    }
  };
  const visit = (sheet) => {
    let list;
    try { list = sheet.cssRules; } catch (e) { unreadable++; return; }
    if (list) walk(list);
  };
  for (const sheet of document.styleSheets) visit(sheet);
  for (const sheet of document.adoptedStyleSheets || []) visit(sheet);
  // A script that reacts to layout changing could make an element clip (_activity.js).
  const script = A ? A.layoutScript() : 'no record of the page since it started';
  return { now, rules, unreadable, script };
}
"""


# A check that asks nothing_can_clip has this among its looks (Check.looks).
CAN_CLIP_LOOK = Look(_CLIPS)


async def nothing_can_clip(ctx: CheckContext, other_layout: bool) -> bool:
    """True when no text can be cut off by CSS overflow, without laying the page out again:
    no element that holds text clips its overflow (no element at all, on a page that may still
    change by itself), no script reacts to the layout changing, and, when the page
    is to be laid out at another size (other_layout), no style rule could make an element clip
    in that layout. Then the clipped-text checks are inapplicable at once."""
    found = await ctx.first_look(_CLIPS)
    if found["now"] or (other_layout and (found["rules"] or found["unreadable"])):
        return False
    return found["script"] is None
