"""1.4.10 Reflow: at 320 CSS px wide (a 1280 px window at 400%), content reads without
scrolling in two dimensions.

The page is laid out in a 320 by 256 CSS px viewport. When the document then scrolls sideways,
the check finds what sticks out past the right edge (the left edge for right-to-left pages):
visible elements and text that the page itself scrolls to (not confined by a box that scrolls
or clips, not fixed to the viewport), reported where they leave a parent that fits (the box
with a fixed width, or the text that cannot wrap, such as a long address). Content WCAG allows
two-dimensional layout for (data tables, images, maps, video, code, toolbars and other widgets
laid out in two dimensions) is left for review rather than failed, and so is a word set with
hyphens: auto in a declared language: this browser has no hyphenation dictionaries, and the
browsers people use break it. Typeset mathematics (KaTeX, MathJax) is two-dimensional as MathML is.

Content can be lost without the page scrolling: text or controls past the window's edge that
a box with overflow hidden cuts off (the page's root too: overflow-x: hidden on html or body), or
that a box fixed to the window carries out of it (_LOST). What showed whole at the page's own size
and is now largely cut off fails; what is doubtful (a carousel's slide, a card, a box a control
with aria-expanded opens, an ellipsis) needs review. Where the root cuts, a box past the edge with
nothing there (an empty gutter, a grid's negative margins) loses nothing; one with an image, a
drawing or a box that scrolls there needs review.
The viewport and scroll position are restored afterwards.
"""
from __future__ import annotations

from ._layout import WHERE, evaluate, nodes_from, viewport
from .base import CANT_TELL, FAILED, PASSED, Check, CheckContext, CheckOutcome, Look

NARROW = (320, 256)  # CSS px: 1280 x 1024 at 400%
MAX_NODES = 10

# Tables made to fit the narrow window by breaking their words (overflow-wrap: anywhere or
# word-break lets a column shrink to a letter a line): nothing scrolls, so no sideways scrolling
# is found, but the table cannot be read. 1.4.10 lets a data table scroll instead (whether a
# table holds data or only lays the page out is left to the reviewer). A word (as the language's
# word segmenter finds it: Thai breaks between words without spaces; Chinese, Japanese and Korean
# text may break anywhere and is left out) of 2 to 20 characters whose first and last letters lie
# on different lines marks its table; a longer word, an address, may break in a column of any
# width, and a word with soft hyphens, zero-width spaces or hyphenation on is meant to break. At
# most 2,000 cells of the page are looked at.
_SQUEEZED = r"""(L, most) => {
  const out = [];
  const range = document.createRange();
  // Chinese, Japanese and Korean lines break between any two characters, by design.
  const ANYWHERE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
  const segmenters = new Map();
  const words = (text, lang) => {
    if (!window.Intl || !Intl.Segmenter) return [...text.matchAll(/[^\s-]+/g)].map((m) => [m.index, m[0]]);
    if (!segmenters.has(lang)) {
      let s;
      try { s = new Intl.Segmenter(lang || undefined, {granularity: 'word'}); }
      catch (e) { s = new Intl.Segmenter(undefined, {granularity: 'word'}); }
      segmenters.set(lang, s);
    }
    return [...segmenters.get(lang).segment(text)].filter((g) => g.isWordLike).map((g) => [g.index, g.segment]);
  };
  const lineOf = (n, at) => {
    range.setStart(n, at);
    range.setEnd(n, at + 1);
    const r = [...range.getClientRects()].find((b) => b.width > 0);
    return r ? Math.round(r.top) : null;
  };
  const broken = (cell) => {
    const walk = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    let tried = 0;
    for (let n = walk.nextNode(); n && tried < 30; n = walk.nextNode()) {
      const p = n.parentElement;
      if (!p || getComputedStyle(p).hyphens === 'auto') continue;  // hyphenated: words are meant to break
      const lang = (p.closest('[lang]') || document.documentElement).lang;
      for (const [at, word] of words(n.data, lang)) {
        if (word.length < 2 || word.length > 20 || /[\u00ad\u200b]/.test(word) || ANYWHERE.test(word)) continue;
        if (++tried > 30) break;
        const first = lineOf(n, at), last = lineOf(n, at + word.length - 1);
        if (first !== null && last !== null && first !== last) return word;
      }
    }
    return null;
  };
  let cells = 0;
  for (const table of document.querySelectorAll('table')) {
    if (out.length >= most || cells >= 2000) break;
    if (/^(presentation|none)$/.test(table.getAttribute('role') || '') || !table.getClientRects().length) continue;
    for (const cell of table.querySelectorAll('td, th')) {
      if (++cells > 2000) break;
      if (cell.closest('table') !== table) continue;  // a nested table is judged on its own
      const word = broken(cell);
      if (!word) continue;
      out.push({ selector: L.selector(table), html: L.outerHtml(table),
        summary: `at 320 CSS px wide its columns are squeezed until words break across lines ("${word}" in a ` +
                 `cell ${Math.round(cell.getBoundingClientRect().width)} px wide): check that the table can still ` +
                 'be read (a data table may scroll sideways instead, which 1.4.10 allows)' });
      break;
    }
  }
  return out;
}"""

# Content the narrow window loses without the page scrolling: text or a control past the
# window's edge (the right edge; the left one for right-to-left pages) that a box clipping its
# overflow cuts off (the page's root too: overflow-x: hidden on html or body cuts at the window's
# edge), or that a box fixed to the window carries out of it. A box that scrolls sideways can be
# scrolled to, so what is in one is not lost. A box positioned past the edge (absolutely or fixed:
# a closed off-canvas menu) is parked there, and not looked at; one whose content is
# moved out by a transform or a scroll offset (a carousel), moves (a ticker), is marked as a
# carousel, marks its cut with an ellipsis or is shown and hidden by a control with
# aria-expanded is doubtful, and so is text less than a quarter of which is lost, or text in a
# clipping box whose own box starts in the far half of what shows (a card or a slide that
# controls may bring in, rather than lines running past the edge). Whether each was shown
# whole at the page's own size is asked afterwards (_SHOWN).
_LOST = r"""(L, vw, rtl, most) => {
  const src = L.viewportOverflowSource();
  const vh = document.documentElement.clientHeight;
  const CONTROL = 'a[href], button, input:not([type=hidden]), select, textarea, summary, ' +
    '[tabindex]:not([tabindex="-1"]), [role=button], [role=link], [role=checkbox], [role=radio], [role=switch], ' +
    '[role=tab], [role=menuitem], [role=option]';
  const CAROUSEL = /carousel|slider|slick|swiper|splide|glide|flickity|owl-|marquee|ticker/i;
  const moving = new Set();
  for (const a of (document.getAnimations ? document.getAnimations() : []))
    if (a.playState === 'running' && a.effect && a.effect.target) moving.add(a.effect.target);
  const shiftedX = (s) => {
    if (s.translate && s.translate !== 'none' && parseFloat(s.translate) !== 0) return true;
    if (!s.transform || s.transform === 'none') return false;
    try { return Math.abs(new DOMMatrixReadOnly(s.transform).m41) > 1; } catch (e) { return true; }
  };
  // Along x: what the boxes that clip it, the page's root when it clips its overflow (the
  // viewport 'clip': it cuts at the window's edge) and the window (for a fixed box) let be seen;
  // null when the reader can scroll to all of it.
  function bound(chain) {
    if (chain.x.viewport === null) return null;
    const clips = chain.x.clips, rootCuts = chain.x.viewport === 'clip' && !chain.fixed;
    if (!clips.length && !chain.fixed && !rootCuts) return null;
    let [lo, hi] = chain.fixed ? [0, vw] : L.reach('x', chain.x.viewport);
    for (const c of clips) { lo = Math.max(lo, c.lo); hi = Math.min(hi, c.hi); }
    if (rtl ? lo < -1 : hi > vw + 1) return null;  // its edge is past the window's: the page scrolls to it
    let [top, bottom] = chain.y.viewport === null ? [-Infinity, Infinity]
      : chain.fixed ? [0, vh] : L.reach('y', chain.y.viewport);
    for (const c of chain.y.clips) { top = Math.max(top, c.lo); bottom = Math.min(bottom, c.hi); }
    const edge = rtl ? lo : hi, cutter = clips.find((c) => Math.abs((rtl ? c.lo : c.hi) - edge) < 0.5);
    const rootEdge = rootCuts && Math.abs((rtl ? 0 : vw) - edge) < 0.5;
    return { lo, hi, top, bottom, cutter: cutter ? cutter.el : rootEdge ? src : null };
  }
  const past = (r, b) => (rtl ? r.left < b.lo - 1 : r.right > b.hi + 1);
  const rowShows = (r, b) => Math.min(r.bottom, b.bottom) - Math.max(r.top, b.top) >= r.height / 2;
  const fixedBox = (el) => {
    for (let a = el; a; a = L.flatParent(a)) if (getComputedStyle(a).position === 'fixed') return a;
    return null;
  };
  // Why what is cut off may not be lost ('' when nothing says so), or null when it is parked out of view.
  function doubt(el, b, fixed) {
    const box = b.cutter || fixed;
    if (!box) return 'nothing was found that cuts it off';
    for (let a = el; a && a !== b.cutter; a = L.flatParent(a)) {  // parked past the edge
      if (!/^(absolute|fixed)$/.test(getComputedStyle(a).position)) continue;
      const r = a.getBoundingClientRect();
      if (rtl ? r.right <= b.lo + 1 : r.left >= b.hi - 1) return null;
    }
    // (the root's scrollTop is the page's own scrolling; sideways, a script scrolled what cannot be)
    const scrolled = b.cutter === src ? scrollX : b.cutter && (b.cutter.scrollLeft || b.cutter.scrollTop);
    if (scrolled) return 'a script scrolls the box that cuts it off';
    for (let a = el, up = 0; a && up < 4; a = L.flatParent(a)) {
      if (up === 0) {
        const s = getComputedStyle(a);
        if (shiftedX(s) && (a !== b.cutter)) return 'a transform moves it sideways (a carousel?)';
        if (moving.has(a)) return 'an animation moves it';
        if (a === box) up = 1;
      } else up++;  // a few boxes above the one that cuts it off
      if (CAROUSEL.test((a.getAttribute('class') || '') + ' ' + a.id) ||
          /carousel|slide/i.test(a.getAttribute('aria-roledescription') || '')) return 'it looks like a carousel';
    }
    if (L.expandable(box)) return 'a control with aria-expanded shows and hides the box that cuts it off';
    if (b.cutter && !/^(clip|)$/.test(getComputedStyle(b.cutter).textOverflow)) return 'an ellipsis marks the cut';
    return '';
  }
  function measure(node, b) {  // characters shown and lost past the edge
    const range = document.createRange(), text = node.data;
    let shown = 0, gone = 0;
    for (let i = 0; i < text.length && shown + gone < 400; i++) {
      if (/\s/.test(text[i])) continue;
      const end = i + (text.codePointAt(i) > 0xffff ? 2 : 1);
      range.setStart(node, i); range.setEnd(node, end);
      const r = [...range.getClientRects()].find((q) => q.width > 0);
      i = end - 1;
      if (!r || !rowShows(r, b)) continue;
      const mid = (r.left + r.right) / 2;
      if (rtl ? mid < b.lo : mid > b.hi) gone++; else shown++;
    }
    return { shown, gone };
  }
  const out = new Map();
  function judge(el, chain, rects, text, counts) {
    const b = bound(chain);
    // (a box narrower than a line of it is screen-reader-only text's, cut off at any size)
    if (!b || b.hi - b.lo < Math.max(...rects.map((r) => r.height))) return;
    if (!rects.some((r) => past(r, b) && rowShows(r, b))) return;
    const { shown, gone } = counts(b);
    if (!gone) return;
    const fixed = chain.fixed ? fixedBox(el) : null;
    let why = doubt(el, b, fixed);
    if (why === null) return;
    const share = gone / (shown + gone);
    if (!why && share < 1 / 4) why = 'less than a quarter of it is lost';
    if (!why && !fixed) {  // a box of its own that starts in the far half of what shows: a card, a slide?
      let blk = el;
      while (blk && /^(inline|contents)$/.test(getComputedStyle(blk).display)) blk = L.flatParent(blk);
      const r = (blk || el).getBoundingClientRect();
      if (rtl ? r.right < (b.lo + b.hi) / 2 : r.left > (b.lo + b.hi) / 2)
        why = 'its box starts near the edge, as a card or a slide that controls may bring in does';
    }
    const by = b.cutter === src ? `the page's overflow-x: ${getComputedStyle(src).overflowX} (on ${src.localName})`
      : b.cutter ? `the overflow: hidden of ${L.selector(b.cutter)}` : 'the window, its box being fixed to it';
    out.set(el, { selector: L.selector(el), html: L.outerHtml(el), text, doubt: why,
      summary: `at 320 CSS px wide, ${Math.round(100 * share)}% of this ${text === null ? 'control' : 'text'} lies ` +
        `past the edge of the window, cut off by ${by}, and cannot be scrolled to` +
        (text === null ? '' : `: "${text.trim().slice(0, 60)}"`) });
  }
  for (const node of L.textNodes()) {
    if (out.size >= most) break;
    const el = L.flatParent(node);
    if (!el || out.has(el) || !L.isHtml(el) || L.styleHidden(el)) continue;
    const rects = L.rangeRects(node);
    if (rects.length) judge(el, L.clipChain(el), rects, node.data, (b) => measure(node, b));
  }
  for (const el of document.querySelectorAll(CONTROL)) {
    if (out.size >= most) break;
    if (out.has(el) || el.textContent.trim() || L.styleHidden(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) continue;
    judge(el, L.clipChain(el, false), [r], null, (b) => {
      const seen = Math.max(0, Math.min(r.right, b.hi) - Math.max(r.left, b.lo));
      return { shown: seen, gone: r.width - seen };
    });
  }
  return [...out.values()];
}"""

# Whether each [selector, text] (text null: the element's own box) shows whole at the page's own
# size: not cut by a box that clips it, nor out of the window for a fixed box.
_SHOWN = r"""(L, asked) => {
  const vw = document.documentElement.clientWidth, vh = document.documentElement.clientHeight;
  return asked.map(([sel, text]) => {
    let el = null;
    try { el = document.querySelector(sel); } catch (e) { el = null; }
    if (!el || L.styleHidden(el)) return false;
    const chain = L.clipChain(el, text !== null);
    const b = {};
    for (const [axis, size] of [['x', vw], ['y', vh]]) {
      let [lo, hi] = chain[axis].viewport === null ? [-Infinity, Infinity]
        : chain.fixed ? [0, size] : L.reach(axis, chain[axis].viewport);
      for (const c of chain[axis].clips) { lo = Math.max(lo, c.lo); hi = Math.min(hi, c.hi); }
      b[axis] = [lo, hi];
    }
    const rects = text === null ? [el.getBoundingClientRect()]
      : [...el.childNodes].filter((n) => n.nodeType === 3 && n.data === text).flatMap((n) => L.rangeRects(n));
    return rects.length > 0 && rects.every((r) => r.left >= b.x[0] - 1 && r.right <= b.x[1] + 1 &&
      r.top >= b.y[0] - 1 && r.bottom <= b.y[1] + 1);
  });
}"""

_FIND = r"""
async (L, {maxNodes, width, height}) => {
  await L.laidOut(width, height);
  const se = document.scrollingElement || document.documentElement;
  const vw = document.documentElement.clientWidth;
  const rtl = getComputedStyle(document.documentElement).direction === 'rtl';
  const scrollWidth = se.scrollWidth;
  const squeezed = (SQUEEZED)(L, maxNodes);
  const lost = (LOSTCONTENT)(L, vw, rtl, 5 * maxNodes);
  if (scrollWidth <= vw + 1) return { scrollWidth, vw, offenders: [], squeezed, lost };
  // overflow-x hidden on html or body: the page cannot scroll sideways; what sticks out is cut off
  const cut = /^(hidden|clip)$/.test(getComputedStyle(L.viewportOverflowSource()).overflowX);
  // How far past the edge the page scrolls to, in CSS px (0 when inside).
  const past = (r) => rtl ? Math.max(0, -(r.left + scrollX)) : Math.max(0, r.right + scrollX - vw);
  // Mathematics typeset by KaTeX or MathJax is as two-dimensional as MathML.
  const TWO_D = 'table, pre, code, samp, kbd, img, picture, svg, canvas, video, iframe, object, embed, map, math, ' +
    '.katex-display, .katex, mjx-container, .MathJax, ' +
    '[role=toolbar], [role=application], [role=grid], [role=treegrid], [role=img], [role=figure], [role=math]';
  const REPLACED = 'img, video, canvas, iframe, embed, object, svg, audio, math';
  function twoD(el) {
    for (let a = el; a; a = L.flatParent(a)) {
      if (!a.matches || !a.matches(TWO_D)) continue;
      if (a.localName === 'table' && /^(presentation|none)$/.test(a.getAttribute('role') || '')) continue;
      return true;
    }
    return false;
  }
  // Scrolled to by the page: not confined by a box that scrolls or clips, not fixed.
  function pageScrolls(el) {
    const c = L.clipChain(el, false);
    return !c.fixed && c.x.viewport !== null && c.x.clips.length === 0;
  }
  // The box an element or text is laid out in (inline boxes are only their content).
  function container(node) {
    for (let a = L.flatParent(node); a; a = L.flatParent(a))
      if (!/^(inline|contents)$/.test(getComputedStyle(a).display)) return a;
    return null;
  }
  const sticksOut = (el) => el && el !== document.documentElement && past(el.getBoundingClientRect()) > 1;
  // What of el lies past the edge the page's root clips at: 'text' (text or a control, judged as
  // lost content), the name of what else (an image, a drawing, a video; text in a box that scrolls,
  // or SVG text), or '' for nothing (an empty gutter, the negative margins of a grid's row).
  // (Decorative images, hidden from assistive technologies, lose nothing.)
  const MEDIA = 'img, picture, svg, canvas, video, iframe, object, embed, math, [role=img]';
  const DECORATIVE = 'img[alt=""], [aria-hidden=true], [role=presentation], [role=none]';
  const CONTROL = 'a[href], button, input:not([type=hidden]), select, textarea, [role=button], [role=link]';
  const beyond = (r) => r.width > 0 && r.height > 0 && (rtl ? r.left < -1 : r.right > vw + 1);
  function beyondEdge(el) {
    let what = '';
    for (const n of L.textNodes(el)) {
      const p = L.flatParent(n);
      if (!p || L.styleHidden(p) || !L.rangeRects(n).some(beyond)) continue;
      if (!L.isHtml(p)) return 'text of a drawing';
      if (L.clipChain(p).x.viewport === null) return 'text in a box that scrolls';
      what = 'text';
    }
    const boxes = [el];
    for (let i = 0; i < boxes.length; i++) {
      const e = boxes[i];
      const kind = e.matches(CONTROL) ? 'control' : e.matches(MEDIA) && !e.closest(DECORATIVE) ? 'media' : '';
      const gone = kind && !L.styleHidden(e) && beyond(e.getBoundingClientRect());
      if (gone && kind === 'media') return `<${e.localName}>`;
      if (gone) what = 'text';
      if (kind) continue;  // an icon of a control is the control's
      for (const c of (e.shadowRoot ? [...e.children, ...e.shadowRoot.children] : e.children)) boxes.push(c);
    }
    return what;
  }
  const found = new Map();
  function add(el, by, summary, hyphenated = false) {
    if (found.has(el) || !pageScrolls(el) || L.styleHidden(el)) return;
    found.set(el, { selector: L.selector(el), html: L.outerHtml(el), past: Math.round(by),
      twoD: twoD(el), summary, hyphenated });
  }
  // hyphens: auto breaks long words in browsers that have a hyphenation dictionary for the text's
  // language (it must be declared); this browser may have none, and then lays the word out whole.
  const hyphenates = (el) => getComputedStyle(el).hyphens === 'auto' && !!(el.closest('[lang]') || {}).lang;
  const roots = [document];
  for (let i = 0; i < roots.length; i++) for (const el of roots[i].querySelectorAll('*')) {
    if (el.shadowRoot) roots.push(el.shadowRoot);
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    const by = past(r);
    // An inline box is only its text (judged below), but for a replaced element such as an image
    // or a video, inline by default and as wide as its picture.
    if (by <= 1 || (/^(inline|contents)$/.test(getComputedStyle(el).display) && !el.matches(REPLACED))) continue;
    if (sticksOut(container(el))) continue;  // reported where it starts: at the outermost box that sticks out
    add(el, by, `${Math.round(by)} CSS px wider than a 320 px window: a ${el.localName} that does not shrink ` +
      `(width ${Math.round(r.width)} px)`);
  }
  for (const node of L.textNodes()) {
    const el = L.flatParent(node);
    if (!el || sticksOut(container(node))) continue;  // its box sticks out: reported above
    const rects = L.rangeRects(node);
    const by = Math.max(0, ...rects.map(past));
    if (by <= 1) continue;
    // Text wholly past the edge was pushed there by what comes before it on its line (a long word
    // or a box, reported where it starts): the "." after a long <code> is not what cannot wrap.
    if (rects.every((r) => past(r) >= r.width - 1)) continue;
    const word = node.data.split(/\s+/).reduce((a, b) => (b.length > a.length ? b : a), '');
    if (hyphenates(el)) {
      add(el, by, `text runs ${Math.round(by)} CSS px past the edge of a 320 px window here: "${word.slice(0, 80)}", ` +
        `which hyphens: auto lets a browser with a hyphenation dictionary for lang="${el.closest('[lang]').lang}" ` +
        'break (this one has none): check that it fits where it is hyphenated', true);
      continue;
    }
    add(el, by, `text runs ${Math.round(by)} CSS px past the edge of a 320 px window and cannot wrap: ` +
      `"${word.slice(0, 80)}"`);
  }
  let wide = [...found.entries()];
  if (cut) {  // text and controls cut off are judged as lost content (above); what else lies past the edge?
    const unjudged = lost.length >= 5 * maxNodes;  // (when that stopped at its limit, text too)
    wide = wide.filter(([el, o]) => {
      const what = beyondEdge(el);
      if (!what || (what === 'text' && !unjudged)) return false;
      o.summary += `; what lies past the edge (${what}) is cut off by the page's overflow-x: hidden`;
      return true;
    });
  }
  const offenders = wide.map(([, o]) => o).sort((a, b) => b.past - a.past).slice(0, maxNodes);
  return { scrollWidth, vw, offenders, cut, squeezed, lost };
}
""".replace("SQUEEZED", _SQUEEZED).replace("LOSTCONTENT", _LOST)




class Reflow320(Check):
    id = "reflow-320"
    time_limit = 30.0

    def looks(self) -> list[Look]:
        return [Look(WHERE)]

    async def run(self, ctx: CheckContext) -> CheckOutcome:
        async with viewport(ctx.page, *NARROW, where=await ctx.first_look(WHERE)):
            found = await evaluate(ctx.page, _FIND, {"maxNodes": MAX_NODES, "width": NARROW[0], "height": NARROW[1]})
        # What the narrow window cuts off counts only if it showed at the page's own size: a
        # carousel's other slides and screen-reader-only text are cut off at both.
        asked = [[f["selector"], f["text"]] for f in found["lost"]]
        shown = await evaluate(ctx.page, _SHOWN, asked) if asked else []
        outcome = _with_lost(_judged(found), [f for f, was in zip(found["lost"], shown, strict=True) if was])
        squeezed = nodes_from(found["squeezed"])
        if squeezed and outcome.outcome in (PASSED, CANT_TELL):
            reason = "at 320 CSS px wide, tables are squeezed until their words break across lines"
            return CheckOutcome(CANT_TELL, outcome.nodes + squeezed,
                                "; ".join(r for r in (outcome.reason, reason) if r))
        return outcome


def _with_lost(outcome: CheckOutcome, lost: list[dict]) -> CheckOutcome:
    """The verdict on sideways scrolling, with what the narrow window cuts off without scrolling
    (shown at the page's own size): a failure when nothing leaves it in doubt, else for review."""
    certain = [f for f in lost if not f["doubt"]]
    doubtful = [{**f, "summary": f"{f['summary']} (but {f['doubt']}: check)"} for f in lost if f["doubt"]]
    reason = "at 320 CSS px wide, content that shows at the page's own size lies past the edge of the window, cut off"
    if certain:
        nodes = nodes_from(certain[:MAX_NODES])
        if outcome.outcome == FAILED:
            return CheckOutcome(FAILED, outcome.nodes + nodes, f"{outcome.reason}; {reason}")
        return CheckOutcome(FAILED, nodes, f"{reason} where it cannot be scrolled to")
    if doubtful and outcome.outcome in (PASSED, CANT_TELL):
        return CheckOutcome(CANT_TELL, outcome.nodes + nodes_from(doubtful[:MAX_NODES]),
                            "; ".join(r for r in (outcome.reason, f"{reason}: check whether it is lost") if r))
    return outcome


def _judged(found: dict) -> CheckOutcome:
    """The verdict on sideways scrolling alone."""
    if found["scrollWidth"] <= found["vw"] + 1:
        return CheckOutcome(PASSED)
    if found["cut"]:
        # No sideways scrolling: the text and controls the page's overflow-x: hidden cuts off are
        # judged as any box's that clips (lost content, _with_lost), and an empty gutter past the
        # edge loses nothing. What is left are images and other content not judged so.
        if not found["offenders"]:
            return CheckOutcome(PASSED)
        return CheckOutcome(CANT_TELL, nodes_from(found["offenders"]),
                            "at 320 CSS px wide, images or other content past the edge of the window are cut off "
                            "by the page's overflow-x: hidden: check that nothing is lost")
    wide = f"at 320 CSS px wide the page scrolls sideways ({found['scrollWidth']} px of content)"
    flowing = [o for o in found["offenders"] if not o["twoD"] and not o["hyphenated"]]
    if flowing:
        return CheckOutcome(FAILED, nodes_from(flowing), wide)
    hyphenated = [o for o in found["offenders"] if not o["twoD"] and o["hyphenated"]]
    if hyphenated:
        return CheckOutcome(CANT_TELL, nodes_from(hyphenated + [o for o in found["offenders"] if o["twoD"]]),
                            f"{wide} in this browser, which does not hyphenate: the words past the edge are "
                            "set with hyphens: auto, which browsers that hyphenate their language break")
    if found["offenders"]:
        return CheckOutcome(CANT_TELL, nodes_from(found["offenders"]),
                            f"{wide} only because of content that may need two-dimensional layout (tables, "
                            "images, code, toolbars): check that it does")
    return CheckOutcome(CANT_TELL, reason=f"{wide}, but no visible content was found past the edge")
