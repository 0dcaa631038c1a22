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
browsers people use break it. The viewport and scroll position are restored afterwards.
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

_FIND = r"""
async (L, {maxNodes, width, height}) => {
  await L.laidOut(width, height);
  const se = document.scrollingElement || document.documentElement;
  const vw = document.documentElement.clientWidth;
  const rtl = getComputedStyle(document.documentElement).direction === 'rtl';
  const scrollWidth = se.scrollWidth;
  const squeezed = (SQUEEZED)(L, maxNodes);
  if (scrollWidth <= vw + 1) return { scrollWidth, vw, offenders: [], squeezed };
  // overflow-x hidden on html or body: the page cannot scroll sideways; what sticks out is cut off
  const cut = /^(hidden|clip)$/.test(getComputedStyle(L.viewportOverflowSource()).overflowX);
  // How far past the edge the page scrolls to, in CSS px (0 when inside).
  const past = (r) => rtl ? Math.max(0, -(r.left + scrollX)) : Math.max(0, r.right + scrollX - vw);
  const TWO_D = 'table, pre, code, samp, kbd, img, picture, svg, canvas, video, iframe, object, embed, map, math, ' +
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
  const offenders = [...found.values()].sort((a, b) => b.past - a.past).slice(0, maxNodes);
  return { scrollWidth, vw, offenders, cut, squeezed };
}
""".replace("SQUEEZED", _SQUEEZED)




class Reflow320(Check):
    id = "reflow-320"
    time_limit = 30.0

    def looks(self) -> list[Look]:
        return [Look(WHERE)]

    async def run(self, ctx: CheckContext) -> CheckOutcome:
        async with viewport(ctx.page, *NARROW, where=await ctx.first_look(WHERE)):
            found = await evaluate(ctx.page, _FIND, {"maxNodes": MAX_NODES, "width": NARROW[0], "height": NARROW[1]})
        outcome = _judged(found)
        squeezed = nodes_from(found["squeezed"])
        if squeezed and outcome.outcome in (PASSED, CANT_TELL):
            reason = "at 320 CSS px wide, tables are squeezed until their words break across lines"
            return CheckOutcome(CANT_TELL, outcome.nodes + squeezed,
                                "; ".join(r for r in (outcome.reason, reason) if r))
        return outcome


def _judged(found: dict) -> CheckOutcome:
    """The verdict on sideways scrolling alone."""
    if found["scrollWidth"] <= found["vw"] + 1:
        return CheckOutcome(PASSED)
    if found["cut"]:  # no sideways scrolling, but is anything lost? Off-screen menus are parked so too.
        if not found["offenders"]:
            return CheckOutcome(PASSED)
        return CheckOutcome(CANT_TELL, nodes_from(found["offenders"]),
                            "at 320 CSS px wide, content past the edge of the window is cut off by the page's "
                            "overflow-x: hidden: check that nothing is lost")
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
