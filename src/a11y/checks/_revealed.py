"""What the 1.4.13 checks (focus-content-dismissible, hover-content-dismissible) ask of content a
focus or a hover brought up, in the page: `(SHOWN)(L)` gives

    shown(e)       it is rendered, visible, not see-through, and not moved off the page (a tooltip
                   kept at left: -9999px until wanted)
    within(a, b)   a lies within b, through shadow roots
    outermost(els) those of els that lie within no other of them (in their order, each once): a walk
                   up from each, so a menu of thousands of pieces costs thousands of steps, not
                   millions
    covers(p, el)  content p lies over other content of the page (points across it hit-test to
                   text, an image or a control beneath it), its trigger el and what holds it aside
    hiddenWithWords(max)  the elements of the body, at most max, in page order, that hold words
                   and are not shown now: what a focus or a hover could bring up

The same judgement for finding content, bringing it up again and judging it after Escape.
"""
from __future__ import annotations

SHOWN = r"""((L) => {
  const shown = (e) => {
    if (!e.isConnected || !e.getClientRects().length) return false;
    const b = e.getBoundingClientRect();
    if (b.right + scrollX <= 0 || b.bottom + scrollY <= 0) return false;
    if (e.checkVisibility) return e.checkVisibility({opacityProperty: true, visibilityProperty: true});
    const s = getComputedStyle(e);
    return s.visibility === 'visible' && parseFloat(s.opacity) > 0.1;
  };
  const within = (a, b) => { for (let n = a; n; n = L.flatParent(n)) if (n === b) return true; return false; };
  const outermost = (els) => {
    const all = new Set(els);
    const out = [];
    for (const e of all) {
      let inner = false;
      for (let n = L.flatParent(e); n && !inner; n = L.flatParent(n)) inner = all.has(n);
      if (!inner) out.push(e);
    }
    return out;
  };
  const CONTENT = /^(img|svg|canvas|video|input|select|textarea|button|a)$/;
  const covers = (p, el) => {
    const b = p.getBoundingClientRect();
    for (const fx of [0.2, 0.5, 0.8]) for (const fy of [0.2, 0.5, 0.8]) {
      const x = b.left + fx * b.width, y = b.top + fy * b.height;
      if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
      const stack = document.elementsFromPoint(x, y);
      const at = stack.findIndex((e) => within(e, p));
      if (at < 0) continue;
      for (const e of stack.slice(at + 1)) {
        if (within(p, e) || within(el, e) || within(e, el)) continue;
        if (e === document.body || e === document.documentElement) continue;
        if (CONTENT.test(e.localName)) return true;
        for (const n of e.childNodes) {
          if (n.nodeType !== 3 || !n.data.trim()) continue;
          const range = document.createRange();
          range.selectNodeContents(n);
          const hit = (q) => x >= q.left && x <= q.right && y >= q.top && y <= q.bottom;
          if ([...range.getClientRects()].some(hit)) return true;
        }
      }
    }
    return false;
  };
  const SKIP = /^(script|style|template|noscript|head|title|meta|link|option|optgroup|datalist)$/;
  const LETTER = /\p{L}/u;
  const hiddenWithWords = (max) => {
    const hidden = [];
    for (const e of document.body ? document.body.querySelectorAll('*') : []) {
      if (hidden.length >= max) break;
      if (SKIP.test(e.localName) || !LETTER.test(e.textContent) || shown(e)) continue;
      hidden.push(e);
    }
    return hidden;
  };
  return {shown, within, outermost, covers, hiddenWithWords};
})"""
