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

import json
from contextlib import suppress

from ..devtools import restore_viewport, set_emulated_viewport
from ..jsonwire import main_world_json
from ._activity import activity_script
from ._kept import KeptFunction
from ._layout import KEPT_FACTORY, WHERE, evaluate, layout_script, nodes_from
from .base import CANT_TELL, FAILED, PASSED, Check, CheckContext, CheckOutcome, Look

NARROW = (320, 256)  # CSS px: 1280 x 1024 at 400%
MAX_NODES = 10
MAX_CONTROLS = 5000  # controls seen at the page's own size compared at 320 px (times --thorough's reach)

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

# Class names and ids of carousels, sliders and tickers.
_CAROUSEL = r"/carousel|slider|slick|swiper|splide|glide|flickity|owl-|marquee|ticker/i"

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
  const CAROUSEL = CAROUSELRE;
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
    return { lo, hi, top, bottom, cutter: cutter ? cutter.el : rootEdge ? src : null, fixed: chain.fixed };
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
  // bound() of an element's clip chain, kept for the call (the layout does not change in it): the
  // many text nodes of an element ask the same.
  const bounds = new Map();
  const boundOf = (el, chain) => {
    if (!bounds.has(el)) bounds.set(el, bound(chain));
    return bounds.get(el);
  };
  function judge(el, b, rects, text, counts) {
    // (a box narrower than a line of it is screen-reader-only text's, cut off at any size)
    if (b.hi - b.lo < Math.max(...rects.map((r) => r.height))) return;
    if (!rects.some((r) => past(r, b) && rowShows(r, b))) return;
    const { shown, gone } = counts();
    if (!gone) return;
    const fixed = b.fixed ? fixedBox(el) : null;
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
  // What nothing can cut off (no box clips it, the root does not, it is not fixed: most of a
  // page) is passed over first, before its style and boxes are read.
  for (const node of L.textNodes()) {
    if (out.size >= most) break;
    const el = L.flatParent(node);
    if (!el || out.has(el) || !L.isHtml(el)) continue;
    const b = boundOf(el, L.clipChain(el));
    if (!b || L.styleHidden(el)) continue;
    const rects = L.rangeRects(node);
    if (rects.length) judge(el, b, rects, node.data, () => measure(node, b));
  }
  for (const el of document.querySelectorAll(CONTROL)) {
    if (out.size >= most) break;
    if (out.has(el) || el.textContent.trim()) continue;
    const b = bound(L.clipChain(el, false));
    if (!b || L.styleHidden(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) continue;
    judge(el, b, [r], null, () => {
      const seen = Math.max(0, Math.min(r.right, b.hi) - Math.max(r.left, b.lo));
      return { shown: seen, gone: r.width - seen };
    });
  }
  return [...out.values()];
}""".replace("CAROUSELRE", _CAROUSEL)

# What can be seen of what a clip chain (L.clipChain) holds, along each axis, in viewport
# coordinates: what the page can be scrolled to (the window, for a box fixed to it), less what
# the boxes that clip it cut away.
_BOUNDS = r"""(L, chain) => {
  const size = { x: document.documentElement.clientWidth, y: document.documentElement.clientHeight };
  const b = {};
  for (const axis of ['x', 'y']) {
    let [lo, hi] = chain[axis].viewport === null ? [-Infinity, Infinity]
      : chain.fixed ? [0, size[axis]] : L.reach(axis, chain[axis].viewport);
    for (const c of chain[axis].clips) { lo = Math.max(lo, c.lo); hi = Math.min(hi, c.hi); }
    b[axis] = [lo, hi];
  }
  return b;
}"""

# Whether each [selector, text] (text null: the element's own box) shows whole at the page's own
# size: not cut by a box that clips it, nor out of the window for a fixed box.
_SHOWN = r"""(L, asked) => {
  const bounds = (SEENBOUNDS);
  return asked.map(([sel, text]) => {
    let el = null;
    try { el = document.querySelector(sel); } catch (e) { el = null; }
    if (!el || L.styleHidden(el)) return false;
    const b = bounds(L, L.clipChain(el, text !== null));
    const rects = text === null ? [el.getBoundingClientRect()]
      : [...el.childNodes].filter((n) => n.nodeType === 3 && n.data === text).flatMap((n) => L.rangeRects(n));
    return rects.length > 0 && rects.every((r) => r.left >= b.x[0] - 1 && r.right <= b.x[1] + 1 &&
      r.top >= b.y[0] - 1 && r.bottom <= b.y[1] + 1);
  });
}""".replace("SEENBOUNDS", _BOUNDS)

# Controls (links, buttons, form fields: what 1.4.10 calls functionality), as the look at the
# page's own size (_OWN_CONTROLS) and the one at 320 px (_GONE) both judge them. Meant for use:
# not disabled, not hidden from assistive technologies or made inert, and not a link taken out
# of the tab order (a card's picture beside its linked title; items of a widget that moves focus
# itself, with tabindex -1, are meant for use). Seen: not hidden by style, a box of at least 2 by
# 2 px, and some of it where the page can be scrolled to and no box clips it away.
_CONTROLS = ("a[href], area[href], button, input:not([type=hidden]), select, textarea, summary, "
             "[role=button], [role=link], [role=checkbox], [role=radio], [role=switch], [role=tab], [role=menuitem], "
             "[role=combobox], [role=searchbox], [role=textbox], [role=slider]")
_CONTROL_KIT = r"""(L) => {
  const bounds = (SEENBOUNDS);
  const CONTROLS = CONTROLSLIST;
  const COMPOSITE = '[role=menu], [role=menubar], [role=toolbar], [role=tablist], [role=tree], [role=grid], ' +
    '[role=listbox], [role=radiogroup]';
  const within = (el, sel) => {
    for (let a = el; a; a = L.flatParent(a)) if (a.matches(sel)) return a;
    return null;
  };
  const LANDMARK = 'header, nav, aside, footer, main, form, search, section[aria-label], section[aria-labelledby], ' +
    '[role=banner], [role=navigation], [role=complementary], [role=contentinfo], [role=main], [role=search], ' +
    '[role=region], [role=form]';
  const landmarks = (el) => {
    const out = [];
    for (let a = L.flatParent(el); a && a !== document.body; a = L.flatParent(a)) if (a.matches(LANDMARK)) out.push(a);
    return out;
  };
  const usable = (el) => !el.matches(':disabled') && !within(el, '[aria-hidden=true], [inert]') &&
    !(el.matches('a[tabindex^="-"]') && !within(el, COMPOSITE));
  const overlap = (r, b, axis) => axis === 'x' ? Math.min(r.right, b.x[1]) - Math.max(r.left, b.x[0])
    : Math.min(r.bottom, b.y[1]) - Math.max(r.top, b.y[0]);
  const seen = (el) => {  // (its style read last: most controls that are not seen have no box)
    if (!el.isConnected) return false;
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) return false;
    const b = bounds(L, L.clipChain(el, false));
    return overlap(r, b, 'x') >= 2 && overlap(r, b, 'y') >= 2 && !L.styleHidden(el);
  };
  return { CONTROLS, within, landmarks, usable, seen, bounds, overlap };
}""".replace("SEENBOUNDS", _BOUNDS).replace("CONTROLSLIST", json.dumps(_CONTROLS))

# The controls seen at the page's own size (at most `most`, in document order), kept as elements
# (in the page, under _KEPT) for the look at 320 px: the same document laid out again, so the same
# elements; and the landmarks each is in (a narrow layout may move it out of them, or a script
# remove it).
_OWN_CONTROLS = r"""(L, most) => {
  const K = (CONTROLKIT)(L);
  const controls = [], places = [];  // (places: the landmarks each is in)
  for (const el of document.querySelectorAll(K.CONTROLS)) {
    if (!K.seen(el) || !K.usable(el)) continue;
    if (controls.length >= most) return { controls, places, more: true };
    controls.push(el);
    places.push(K.landmarks(el));
  }
  return { controls, places, more: false };
}""".replace("CONTROLKIT", _CONTROL_KIT)
# Kept in the page until the check's last call (the one that brings the page back to its own size)
# rather than returned as a handle, which would cost a call more to let go of; with them the
# layout helpers, which the check's later calls use instead of sending and compiling them again.
_KEPT = "Symbol.for('a11y.reflow')"
_KEEP_OWN = f"(L, most) => {{ window[{_KEPT}] = {{ L, own: ({_OWN_CONTROLS})(L, most) }}; }}"
# The same, on a page back from 320 px (_FIND_KEPT found controls it was told there were none of):
# first back at its own size (w by h, laid out) and scroll position.
_BACK_KEEP_OWN = f"""async (L, [[x, y, w, h], most]) => {{
  await L.laidOut(w, h);
  scrollTo(x, y);
  ({_KEEP_OWN})(L, most);
}}"""
# Whether the page has no element _OWN_CONTROLS could keep (then nothing can be lost at 320 px
# but what _LOST finds, and the look at the page's own size need not be made), and has the layout
# helpers' factory that _FIND_KEPT then makes its helpers with: the survey leaves it there, as this
# look uses the helpers (layout_script); asked on its own, the look leaves nothing and answers false.
_NO_CONTROLS = layout_script(
    f"(L) => !document.querySelector({json.dumps(_CONTROLS)}) && typeof {KEPT_FACTORY} === 'function'")
# Back at the page's own size (w by h, laid out) and scroll position (place null: the size was not
# changed), then _SHOWN of what the narrow window cuts off; lets go of what was kept.
_BACK_SHOWN = f"""async ([place, asked]) => {{
  const L = window[{_KEPT}].L;
  delete window[{_KEPT}];
  if (place) {{ await L.laidOut(place[2], place[3]); scrollTo(place[0], place[1]); }}
  return asked.length ? ({_SHOWN})(L, asked) : [];
}}"""

# Functionality lost at 320 px: controls seen at the page's own size (own) that the narrow
# layout hides (display: none, invisible, no size, placed off the page or shut in a box that
# clips) while nothing at 320 px brings them back. A responsive page may move them behind a
# control: one that shows at 320 px and says it opens a box holding them (aria-controls,
# popovertarget, commandfor, the summary of their details, a link to a hidden box's id), or a
# menu button in their region (a landmark they are in at either size, the nearest box of theirs
# that shows, and for navigation the page's banner; shadow roots' buttons too) with aria-expanded or
# aria-haspopup that names no other box. One a script removed may have been replaced by what any
# control of the page opens: review when there is one.
# Any other button there (a menu button without ARIA, an element a script listens to, marked by
# cursor: pointer or onclick) may open them: review. So may a link within the page (its
# destination can still be scrolled to), a box fixed to the 256 px high window, or what a box
# cuts away sideways (a carousel's slide, a card; what it cuts off past the window's edge is
# judged as lost content, _LOST). A control whose destination (href) or name another control
# shows at 320 px, or in a box a control there opens, is not lost (a second, mobile copy of the
# links; a select of them). What is no longer meant for use at 320 px (aria-hidden, inert, in a
# closed dialog) is out. At most 4 x `most` controls are looked at for revealers and copies:
# past that, nothing fails.
_GONE = r"""(L, own, cutOff, most, maxNodes) => {
  const none = { lost: [], doubtful: [], lostCount: 0, doubtfulCount: 0, names: [], more: false };
  if (!own) return none;
  const K = (CONTROLKIT)(L);
  const cut = cutOff.map((f) => { try { return document.querySelector(f.selector); } catch (e) { return null; } })
    .filter(Boolean);
  const placeOf = new Map(own.controls.map((el, i) => [el, own.places[i]]));
  const hidden = own.controls.filter((el) => !(el.isConnected && (K.seen(el) || !K.usable(el) ||
    K.within(el, 'dialog, [role=dialog], [role=alertdialog]'))) &&
    !cut.some((c) => c === el || el.contains(c) || c.contains(el)));  // judged as cut off (_LOST)
  if (!hidden.length) return { ...none, more: own.more };
  const CAROUSEL = CAROUSELRE;
  const text = (s) => (s || '').replace(/\s+/g, ' ').trim();
  const FIELD = /^(input|select|textarea)$/;
  function label(el) {
    const by = (el.getAttribute('aria-labelledby') || '').split(/\s+/).map((id) => id && document.getElementById(id));
    let n = text(el.getAttribute('aria-label')) || text(by.filter(Boolean).map((e) => e.textContent).join(' '));
    const field = FIELD.test(el.localName);
    if (!n && field && el.labels) n = text([...el.labels].map((l) => l.textContent).join(' '));
    if (!n && !field) n = text(el.textContent) || text([...el.querySelectorAll('img[alt], [aria-label]')]
      .map((e) => e.getAttribute('alt') || e.getAttribute('aria-label')).join(' '));
    if (!n && el.localName === 'input') n = text(/^(submit|reset|button)$/.test(el.type) ? el.value : el.alt);
    return n || text(el.getAttribute('title')) || text(el.getAttribute('placeholder'));
  }
  const samePage = (a) => a.href.split('#')[0] === location.href.split('#')[0];
  const byId = (el, id) => {
    if (!id) return null;
    const root = el.getRootNode();
    return (root.getElementById ? root.getElementById(id) : null) || document.getElementById(id);
  };
  const fragment = (a) => {  // the element a link within the page leads to
    if (typeof a.href !== 'string' || a.hash.length < 2 || !samePage(a)) return null;
    try { return byId(a, decodeURIComponent(a.hash.slice(1))); } catch (e) { return null; }
  };
  function keys(el) {
    const out = [], n = label(el).toLowerCase();
    if (n) out.push('name:' + n);
    const href = typeof el.href === 'string' ? el.href : '';
    if (href && !/^javascript:/i.test(href) && !(samePage(el) && el.hash.length < 2)) out.push('href:' + href);
    if (FIELD.test(el.localName) && el.name) out.push(`field:${el.type}:${el.name}`);
    return out;
  }
  // The boxes a control says it opens.
  function opened(el) {
    const out = (el.getAttribute('aria-controls') || '').split(/\s+/).map((id) => byId(el, id));
    out.push(el.popoverTargetElement || byId(el, el.getAttribute('popovertarget')));
    out.push(el.commandForElement || byId(el, el.getAttribute('commandfor')));
    const up = el.parentElement;
    if (el.localName === 'summary' && up && up.localName === 'details') out.push(up);
    const to = el.localName === 'a' ? fragment(el) : null;
    if (to && !K.seen(to)) out.push(to);  // a box that shows when it is the :target
    return out.filter(Boolean);
  }
  const MAY_OPEN = 'button, [role=button], input[type=button], input[type=submit], input[type=reset], ' +
    'input[type=image], input[type=checkbox], label, a[href="#"], a[href^="javascript:" i], a:not([href]), ' +
    '[onclick], summary, [tabindex]:not([tabindex^="-"]), [aria-expanded], [aria-haspopup], [aria-controls], ' +
    '[popovertarget], [commandfor]';
  const MENU_BUTTON = '[aria-expanded], [aria-haspopup]:not([aria-haspopup=false])';
  const inside = (el, box) => {  // in the flat tree
    for (let a = el; a; a = L.flatParent(a)) if (a === box) return true;
    return false;
  };
  const available = new Set(), opens = [], shown = [];
  let more = own.more, looked = 0;
  const roots = [document];  // and shadow roots: a menu button may be in a component's
  for (const el of document.querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
  const candidates = roots.flatMap((r) => [...r.querySelectorAll(K.CONTROLS + ', ' + MAY_OPEN)]);
  for (const el of candidates) {
    if (++looked > 4 * most) { more = true; break; }
    if (!K.seen(el)) continue;
    shown.push(el);
    if (el.matches(K.CONTROLS) && !el.matches(':disabled')) for (const k of keys(el)) available.add(k);
    if (el.localName === 'select') for (const o of el.options) {
      if (text(o.textContent)) available.add('name:' + text(o.textContent).toLowerCase());
      try { if (o.value) available.add('href:' + new URL(o.value, document.baseURI).href); }
      catch (e) { /* not an address */ }
    }
    for (const box of opened(el)) opens.push(box);
  }
  for (const box of opens) for (const c of box.querySelectorAll(K.CONTROLS)) for (const k of keys(c)) available.add(k);
  // What in a region may open something: {menu: a menu button naming no other box, other: any other}.
  const BANNER = 'header:not(article header, aside header, main header, nav header, section header), [role=banner]';
  const openers = new Map();
  function openersIn(region) {
    if (openers.has(region)) return openers.get(region);
    let menu = null, other = null;
    for (const el of shown) {
      if (!el.matches(MAY_OPEN) || !inside(el, region)) continue;
      if (el.matches('label') && !(el.control && /^(checkbox|radio)$/.test(el.control.type))) continue;
      if (!menu && el.matches(MENU_BUTTON) && !opened(el).length) menu = el;
      else other = other || el;
    }
    if (!menu && !other) {  // an element a script listens to: a hamburger of spans, say
      const all = region.querySelectorAll('*');
      for (let i = 0; i < all.length && i < 300 && !other; i++) {
        const e = all[i];
        if (getComputedStyle(e).cursor === 'pointer' && !e.closest('a[href]') && K.seen(e)) other = e;
      }
    }
    openers.set(region, { menu, other });
    return openers.get(region);
  }
  // Its landmarks at either size (connected), its nearest box that shows, and for navigation the banner.
  function regions(x) {
    const out = new Set([...K.landmarks(x), ...placeOf.get(x)].filter((a) => a.isConnected));
    for (let a = L.flatParent(x); a && a !== document.body && a !== document.documentElement; a = L.flatParent(a))
      if (K.seen(a)) { out.add(a); break; }
    if ([...out].some((a) => a.matches('nav, header, [role=navigation], [role=banner]')))
      for (const b of document.querySelectorAll(BANNER)) out.add(b);
    return [...out];
  }
  // How it is hidden, and why that may not lose it ('' when nothing says so).
  function how(el) {
    if (!el.isConnected) return ['removed from the page', ''];
    if (!el.getClientRects().length) return ['not displayed', ''];
    if (L.styleHidden(el)) return ['made invisible', ''];
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) return ['shrunk to nothing', ''];
    const chain = L.clipChain(el, false), b = K.bounds(L, chain);
    const axis = K.overlap(r, b, 'x') < 2 ? 'x' : 'y';
    const reach = K.bounds(L, { ...chain, [axis]: { ...chain[axis], clips: [] } });
    if (K.overlap(r, reach, axis) < 2) {
      if (!chain.fixed) return ['placed off the page', ''];
      return ['out of the window, its box being fixed to it',
        axis === 'y' ? 'its box is fixed to a window 256 px high: the page may bring it into view' : ''];
    }
    const cutter = chain[axis].clips.find((c) => K.overlap(r, { x: [c.lo, c.hi], y: [c.lo, c.hi] }, axis) < 2);
    const where = cutter ? `cut away by the overflow: hidden of ${L.selector(cutter.el)}` : 'cut away by a box';
    if (axis === 'x') return [where, 'a box cuts it away sideways, as it does a carousel\'s slides or cards'];
    for (let a = cutter ? cutter.el : null, up = 0; a && up < 5; a = L.flatParent(a), up++)
      if (CAROUSEL.test((a.getAttribute('class') || '') + ' ' + a.id)) return [where, 'it looks like a carousel'];
    return [where, ''];
  }
  const KIND = (el) => FIELD.test(el.localName) && !/^(submit|reset|button|image)$/.test(el.type) ||
    /^(combobox|searchbox|textbox|slider)$/.test(el.getAttribute('role')) ? 'form field'
    : el.matches('a[href], area[href], [role=link]') ? 'link'
    : el.matches('button, input, [role=button]') ? 'button' : 'control';
  const lost = [], doubtful = [], names = [];
  let lostCount = 0, doubtfulCount = 0;
  for (const x of hidden) {
    if (opens.some((box) => inside(x, box))) continue;
    if (keys(x).some((k) => available.has(k))) continue;
    let maybe = null, by = null;
    for (const region of regions(x)) {
      const o = openersIn(region);
      if (o.menu) { by = o.menu; break; }
      maybe = maybe || o.other;
    }
    if (by) continue;
    // A script took it out: what replaced it may be shown by any control of the page.
    if (!x.isConnected && !maybe) maybe = shown.find((el) => el.matches(MAY_OPEN)) || null;
    const [hiddenHow, why] = how(x);
    const name = label(x);
    const what = `this ${KIND(x)}${name ? ` ("${name.slice(0, 60)}")` : ''}`;
    const start = `at 320 CSS px wide ${what}, seen at the page's own size, is ${hiddenHow}`;
    const doubt = maybe ? `${L.selector(maybe)} may bring it back, but nothing says it does (no aria-expanded, ` +
        'aria-controls or popovertarget that names its box): check'
      : why ? `${why}: check`
      : x.isConnected && fragment(x) ? 'it leads within this page, whose content can still be scrolled to: check'
      : more ? 'not every control at 320 px was looked at for another way to it: check' : '';
    if (doubt) {
      doubtfulCount++;  // (one a script took out is named by where it was)
      const at = x.isConnected ? x : placeOf.get(x).find((a) => a.isConnected);
      if (doubtful.length < maxNodes && at)
        doubtful.push({ selector: L.selector(at), html: L.outerHtml(x), summary: `${start}; ${doubt}` });
      continue;
    }
    lostCount++;
    if (name && names.length < 3) names.push(name.slice(0, 40));
    if (lost.length < maxNodes) lost.push({ selector: x.isConnected ? L.selector(x) : '', html: L.outerHtml(x),
      summary: `${start}, and nothing at 320 px brings it back: no control there opens a box it is in, no menu ` +
        'button is near it, and no control there has its destination or name' });
  }
  return { lost: lost.filter((f) => f.selector), doubtful, lostCount, doubtfulCount, names, more };
}""".replace("CONTROLKIT", _CONTROL_KIT).replace("CAROUSELRE", _CAROUSEL)

_FIND = r"""
async (L, {maxNodes, width, height, most}) => {
  const own = window[KEPT].own;
  await L.laidOut(width, height);
  const se = document.scrollingElement || document.documentElement;
  const vw = document.documentElement.clientWidth;
  const rtl = getComputedStyle(document.documentElement).direction === 'rtl';
  const scrollWidth = se.scrollWidth;
  const squeezed = (SQUEEZED)(L, maxNodes);
  const lost = (LOSTCONTENT)(L, vw, rtl, 5 * maxNodes);
  const gone = (GONEFUNCTION)(L, own, lost, most, maxNodes);
  if (scrollWidth <= vw + 1) return { scrollWidth, vw, offenders: [], squeezed, lost, gone };
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
  // The box an element or text is laid out in (inline boxes are only their content), and whether
  // a box sticks out: kept for the call, by element (the many text nodes and children of an
  // element ask the same; the layout does not change in the call).
  const boxOf = new Map(), outside = new Map();
  function container(node) {
    const path = [];
    let box = null;
    for (let a = L.flatParent(node); a; a = L.flatParent(a)) {
      if (boxOf.has(a)) { box = boxOf.get(a); break; }
      path.push(a);
      if (!/^(inline|contents)$/.test(getComputedStyle(a).display)) { box = a; break; }
    }
    for (const a of path) boxOf.set(a, box);
    return box;
  }
  const sticksOut = (el) => {
    if (!el || el === document.documentElement) return false;
    if (!outside.has(el)) outside.set(el, past(el.getBoundingClientRect()) > 1);
    return outside.get(el);
  };
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
  return { scrollWidth, vw, offenders, cut, squeezed, lost, gone };
}
""".replace("SQUEEZED", _SQUEEZED).replace("LOSTCONTENT", _LOST).replace("GONEFUNCTION", _GONE).replace(
    "KEPT", _KEPT)

# _FIND with the helpers kept in the page, kept in every document from its start (31 kB a page not
# sent). `done`: nothing is left for a call at the page's own size once the viewport is put back,
# so that call is not made: nothing was cut off (no _SHOWN to ask), the page is at its origin at
# 320 px as it was before (`atOrigin`: Chromium anchors no scroll at the origin, and nothing re-snaps
# it), and no script reacts to the window's size (_activity.js; the call would wait a frame for it).
# What was kept is let go of here then.
_FIND_KEPT = KeptFunction("reflow-find", f"""async (arg) => {{
  if (arg.noControls) {{  // (_NO_CONTROLS at the survey: none kept at the page's own size)
    if (document.querySelector({json.dumps(_CONTROLS)})) return {{ again: true }};
    window[{_KEPT}] = {{ L: {KEPT_FACTORY}(), own: null }};
  }}
  const L = window[{_KEPT}].L, found = await ({_FIND})(L, arg);
  found.done = arg.atOrigin && !found.lost.length && L.nothingBack();
  if (found.done) delete window[{_KEPT}];
  return found;
}}""")


class Reflow320(Check):
    id = "reflow-320"
    time_limit = 30.0

    init_script = activity_script()  # tells whether a script reacts to the window's size
    kept = (_FIND_KEPT,)

    def looks(self) -> list[Look]:
        return [Look(WHERE), Look(_NO_CONTROLS)]

    async def run(self, ctx: CheckContext) -> CheckOutcome:
        page = ctx.page
        x, y, *screen = await ctx.first_look(WHERE)
        most = MAX_CONTROLS * ctx.reach
        own = page.viewport_size
        changed = own != {"width": NARROW[0], "height": NARROW[1]}
        place = [x, y, (own or {}).get("width"), (own or {}).get("height")] if changed else None
        # The controls seen at the page's own size, as elements: the same ones are judged at 320 px.
        # A page that had none when the checks began is looked at 320 px straight away, and again
        # from its own size if it has some by then.
        no_controls = await ctx.first_look(_NO_CONTROLS)
        if not no_controls:
            await evaluate(page, _KEEP_OWN, most, main_world_json)
        found = await self._narrow(page, place, screen, most, no_controls)
        if found.get("again"):
            await evaluate(page, _BACK_KEEP_OWN, [place or [x, y, NARROW[0], NARROW[1]], most], main_world_json)
            found = await self._narrow(page, place, screen, most, False)
        # What the narrow window cuts off counts only if it showed at the page's own size: a
        # carousel's other slides and screen-reader-only text are cut off at both. Asked in the
        # call that brings the page back to that size, which lets go of what was kept.
        shown = [] if found["done"] else await main_world_json(
            page.main_frame, _BACK_SHOWN, [place, [[f["selector"], f["text"]] for f in found["lost"]]])
        outcome = _with_lost(_judged(found), [f for f, was in zip(found["lost"], shown, strict=True) if was])
        outcome = _with_gone(outcome, found["gone"], most)
        squeezed = nodes_from(found["squeezed"])
        if squeezed and outcome.outcome in (PASSED, CANT_TELL):
            reason = "at 320 CSS px wide, tables are squeezed until their words break across lines"
            return CheckOutcome(CANT_TELL, outcome.nodes + squeezed,
                                "; ".join(r for r in (outcome.reason, reason) if r))
        return outcome

    @staticmethod
    async def _narrow(page, place: list | None, screen: list, most: int, no_controls: bool) -> dict:
        """_FIND_KEPT's answer at 320 px, the viewport put back afterwards (place: WHERE's answer
        and the page's own size, None when that is 320 px); {again: true} when no_controls and the
        page has controls by then."""
        found = None
        try:
            if place:
                await set_emulated_viewport(page, *NARROW, screen)
            found = await _FIND_KEPT.evaluate(page.main_frame, {
                "maxNodes": MAX_NODES, "width": NARROW[0], "height": NARROW[1], "most": most,
                "atOrigin": bool(place) and place[0] == 0 and place[1] == 0, "noControls": no_controls},
                main_world_json)
        finally:
            if place:
                await restore_viewport(page)
            if found is None:  # the page back at its scroll position, and what was kept let go of
                with suppress(Exception):  # the document went away
                    await main_world_json(page.main_frame, _BACK_SHOWN, [place, []])
        return found


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


def _with_gone(outcome: CheckOutcome, gone: dict, most: int) -> CheckOutcome:
    """The verdict so far, with the controls seen at the page's own size that 320 px hides with
    nothing there to bring them back (_GONE): a failure; review where something may."""
    if gone["lostCount"]:
        names = ", ".join(f'"{n}"' for n in gone["names"])
        others = gone["lostCount"] - len(gone["names"])
        named = f": {names}" + (f" and {others} more" if others and names else "") if names else ""
        count = gone["lostCount"]
        reason = (f"at 320 CSS px wide, {count} control{'s' if count != 1 else ''} (links, buttons, form fields) "
                  f"seen at the page's own size {'are' if count != 1 else 'is'} hidden, and nothing at 320 px brings "
                  f"{'them' if count != 1 else 'it'} back{named}")
        nodes = nodes_from(gone["lost"])
        if outcome.outcome == FAILED:
            return CheckOutcome(FAILED, outcome.nodes + nodes, f"{outcome.reason}; {reason}")
        return CheckOutcome(FAILED, nodes, reason)
    if outcome.outcome not in (PASSED, CANT_TELL):
        return outcome
    reasons = [outcome.reason] if outcome.reason else []
    if gone["doubtfulCount"]:
        reasons.append("at 320 CSS px wide, controls seen at the page's own size are hidden, and something may still "
                       "bring them back or lead where they do: check")
    elif gone["more"]:
        reasons.append(f"the page has more controls than the {most:,} compared at the page's own size and at "
                       "320 CSS px: check that the rest stay available")
    if len(reasons) == len([outcome.reason] if outcome.reason else []):
        return outcome
    return CheckOutcome(CANT_TELL, outcome.nodes + nodes_from(gone["doubtful"]), "; ".join(reasons))


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
