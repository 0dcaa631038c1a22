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
    coversBox(b, el, null)  the same for a box b: el's pseudo-element's, measured by pseudo_box
    hiddenWithWords(max)  the elements of the body, at most max, in page order, that hold words
                   and are not shown now: what a focus or a hover could bring up

The same judgement for finding content, bringing it up again and judging it after Escape.
"""
from __future__ import annotations

from ..devtools import page_session
from ._layout import layout_script
from .base import Look

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
  const covers = (p, el) => coversBox(p.getBoundingClientRect(), el, p);
  // p null: content no element stands for (el's pseudo-element, which a hit test finds as el, or
  // not at all with pointer-events: none): what is at its points, less el and what holds it, lies
  // beneath it.
  const coversBox = (b, el, p) => {
    for (const fx of [0.2, 0.5, 0.8]) for (const fy of [0.2, 0.5, 0.8]) {
      const x = b.left + fx * b.width, y = b.top + fy * b.height;
      if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
      const stack = document.elementsFromPoint(x, y);
      const at = p ? stack.findIndex((e) => within(e, p)) : -1;
      if (p && at < 0) continue;
      for (const e of stack.slice(at + 1)) {
        if ((p && within(p, e)) || within(el, e) || within(e, el)) continue;
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
  return {shown, within, outermost, covers, coversBox, hiddenWithWords};
})"""


# Content drawn by a pseudo-element on hover or focus: a tooltip that is an element's ::after
# (Primer's .tooltipped, hint.css, balloon.css: `.tip:hover::after { display: block }`, its text
# from content: attr(aria-label)). No element stands for it, so the page cannot find or measure it
# as it finds content an element holds: a style rule names it, its computed style says whether it
# shows, and the DevTools protocol measures its box (pseudo_box).

# The rules that show an element's ::before or ::after when the element itself is hovered or
# focused (the state in the compound the pseudo-element belongs to; :focus-within is left out, its
# focus being another element's): {hover: [...], focus: [...]}, each {trigger, pseudo}, the
# trigger the selector without the state, at most 100 of each.
PSEUDO_RULES = Look(r"""() => {
  const found = {hover: [], focus: []}, seen = new Set();
  const PSEUDO = /::?(before|after)\s*$/i;
  const STATE = /:(hover|focus-visible|focus)(?![\w-])/gi;
  // What a rule shows a pseudo-element with: its content, display, visibility, opacity, a move or
  // a size (a colour alone shows nothing new).
  const DRAWS = /^(content|display|visibility|opacity|transform|translate|scale|clip-path|(max-)?(height|width)|--.*)$/;
  const shows = (style) => !!style && Array.from({length: style.length}, (_, i) => style[i]).some((p) => DRAWS.test(p));
  const scan = (rules) => {
    for (const rule of rules) {
      const sel = rule.selectorText || '';
      if (sel && /:(hover|focus)/i.test(sel) && shows(rule.style)) {
        for (const part of sel.split(',')) {
          const m = PSEUDO.exec(part.trim());
          if (!m) continue;
          const base = part.trim().slice(0, m.index);
          const own = base.split(/[\s>+~]+/).pop();  // the compound the pseudo-element belongs to
          for (const s of own.matchAll(STATE)) {
            const kind = s[1].toLowerCase() === 'hover' ? 'hover' : 'focus';
            let trigger = base.replace(STATE, '');
            if (!trigger || /[\s>+~]$/.test(trigger)) trigger += '*';
            const key = [kind, trigger, m[1].toLowerCase()].join(' ');
            if (seen.has(key) || found[kind].length >= 100) continue;
            seen.add(key);
            found[kind].push({trigger, pseudo: '::' + m[1].toLowerCase()});
          }
        }
      }
      try { if (rule.styleSheet) scan(rule.styleSheet.cssRules); } catch (e) { /* another origin */ }
      if (rule.cssRules) scan(rule.cssRules);
    }
  };
  for (const sheet of [...document.styleSheets, ...(document.adoptedStyleSheets || [])]) {
    try { scan(sheet.cssRules); } catch (e) { /* another origin: STYLE_FACTS says unreadable */ }
  }
  return found;
}""")

# Whether el's pseudo-element shows (it has content, is displayed, visible and not see-through),
# and its text.
_PSEUDO_SHOWN = r"""((el, pseudo) => {
  const s = getComputedStyle(el, pseudo);
  const shown = !/^(none|normal)$/.test(s.content) && s.display !== 'none' && s.visibility === 'visible' &&
    parseFloat(s.opacity) > 0.1;
  return {shown, text: s.content.replace(/^"|"$/g, '').replace(/\s+/g, ' ').trim().slice(0, 60)};
})"""

# The elements the rules (arg.rules, of one kind) name whose pseudo-element does not show yet, at
# most arg.max, kept in window.__a11yPseudo: {capped, triggers: [{selector, html, pseudo}]}.
PSEUDO_TRIGGERS = r"""(L, arg) => {
  const {shown} = (SHOWN)(L);
  const seen = PSEUDO_SHOWN;
  const els = [];
  for (const r of arg.rules) {
    let list;
    try { list = document.querySelectorAll(r.trigger); } catch (e) { continue; }
    for (const el of list) {
      if (els.length > arg.max) break;
      if (!shown(el) || els.some((x) => x.el === el && x.pseudo === r.pseudo) || seen(el, r.pseudo).shown) continue;
      els.push({el, pseudo: r.pseudo});
    }
  }
  const capped = els.length > arg.max;
  els.length = Math.min(els.length, arg.max);
  window.__a11yPseudo = els;
  return {capped, triggers: els.map(({el, pseudo}) => ({selector: L.selector(el), html: L.outerHtml(el), pseudo}))};
}""".replace("PSEUDO_SHOWN", _PSEUDO_SHOWN).replace("SHOWN", SHOWN)

# Trigger arg.i's pseudo-element once it shows (arg.want true) or has gone (false), or after
# arg.waitMs: frame by frame, while an animation or transition of it runs (a fade, Primer's
# delayed appearance): {shown, text}.
PSEUDO_STATE = r"""async (L, arg) => {
  const {el, pseudo} = window.__a11yPseudo[arg.i];
  const seen = PSEUDO_SHOWN;
  const frame = () => new Promise((res) => requestAnimationFrame(() => res()));
  const moving = () => (document.getAnimations ? document.getAnimations() : []).some((a) => a.effect &&
    a.effect.target === el && a.effect.pseudoElement === pseudo && (a.playState === 'running' || a.pending));
  const t0 = performance.now();
  for (;;) {
    await frame();
    await frame();
    const now = seen(el, pseudo);
    if ((now.shown === arg.want && !moving()) || performance.now() - t0 >= arg.waitMs) return now;
  }
}""".replace("PSEUDO_SHOWN", _PSEUDO_SHOWN)

# Whether trigger arg.i's pseudo-element, measured at arg.box, lies over other content.
PSEUDO_COVERS = r"""(L, arg) => {
  const {coversBox} = (SHOWN)(L);
  return coversBox(arg.box, window.__a11yPseudo[arg.i].el, null);
}""".replace("SHOWN", SHOWN)

PSEUDO_FORGET = "() => { delete window.__a11yPseudo; }"


async def pseudo_box(page, i: int, pseudo: str) -> dict | None:
    """The border box (viewport CSS px: left, top, width, height) of trigger i's pseudo-element
    (window.__a11yPseudo), as the DevTools protocol lays it out (a script cannot measure a
    pseudo-element); None when it has no box."""
    cdp = await page_session(page)
    try:
        await cdp.send("DOM.getDocument", {"depth": 0})
        found = await cdp.send("Runtime.evaluate", {"expression": f"window.__a11yPseudo[{int(i)}].el"})
        handle = found["result"].get("objectId")
        if not handle:
            return None
        try:
            described = await cdp.send("DOM.describeNode", {"objectId": handle, "depth": 0})
        finally:
            await cdp.send("Runtime.releaseObject", {"objectId": handle})
        for part in described["node"].get("pseudoElements", []):
            if "::" + part.get("pseudoType", "") == pseudo:
                quad = (await cdp.send("DOM.getBoxModel", {"backendNodeId": part["backendNodeId"]}))["model"]["border"]
                xs, ys = quad[0::2], quad[1::2]
                return {"left": min(xs), "top": min(ys), "width": max(xs) - min(xs), "height": max(ys) - min(ys)}
    except Exception:  # noqa: BLE001 - no box (not rendered), or the page went: not measured
        return None
    return None


async def pseudo_covers(page, i: int, pseudo: str) -> bool | None:
    """Whether trigger i's pseudo-element lies over other content; None when it could not be measured."""
    box = await pseudo_box(page, i, pseudo)
    if box is None:
        return None
    return await page.evaluate(layout_script(PSEUDO_COVERS), {"i": i, "box": box})
