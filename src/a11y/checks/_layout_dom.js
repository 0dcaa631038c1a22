// Browser-side helpers shared by the zoom, reflow, text-spacing and orientation checks.
// One expression that evaluates to an object of functions; _layout.py wraps it around each
// check's own function, so nothing is left on the page.
(() => {
  const HTML_NS = 'http://www.w3.org/1999/xhtml';
  // A computed colour as [r, g, b, a] (sRGB, any notation: oklch() too), or null: _colour.js.
  const colour = __A11Y_COLOUR__();
  const isHtml = (el) => !!el && el.nodeType === 1 && el.namespaceURI === HTML_NS;

  // Parent in the flat tree (slots and shadow hosts), elements only.
  function flatParent(node) {
    if (node.assignedSlot) return node.assignedSlot;
    const p = node.parentNode;
    if (p && p.nodeType === 11 && p.host) return p.host;
    return p && p.nodeType === 1 ? p : null;
  }

  function cssEscape(s) {
    return window.CSS && CSS.escape ? CSS.escape(s) : s.replace(/[^a-zA-Z0-9_-]/g, (c) => '\\' + c);
  }

  // Whether a selector matches one element of a root, kept until the layout memo is dropped
  // (forget: the page may have changed): the short selectors tried first ('span', 'p > code')
  // are the same for many elements and match many.
  let uniqueIn = new WeakMap();
  // The shortest path of steps (an id where one is unique, else tag and nth-child) from the
  // element up that selects only it in its document or shadow root. With options.skipId, ids
  // for which it answers true are passed over (one made up at run time, which names nothing
  // from scan to scan).
  function selector(el, options) {
    const skipId = options && options.skipId;
    const root = el.getRootNode();
    if (!uniqueIn.has(root)) uniqueIn.set(root, new Map());
    const known = uniqueIn.get(root);
    const unique = (sel) => {
      if (!known.has(sel)) {
        let one = false;
        try { one = root.querySelectorAll(sel).length === 1; } catch (e) { one = false; }
        known.set(sel, one);
      }
      return known.get(sel);
    };
    const steps = [];
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      if (e.id && !(skipId && skipId(e.id)) && unique('#' + cssEscape(e.id))) { steps.unshift('#' + cssEscape(e.id)); break; }
      const tag = e.localName.includes(':') ? '*' : cssEscape(e.localName);
      const parent = e.parentElement;
      const same = parent ? [...parent.children].filter((c) => c.localName === e.localName) : [e];
      steps.unshift(same.length === 1 ? tag : `${tag}:nth-child(${[...parent.children].indexOf(e) + 1})`);
      if (unique(steps.join(' > '))) break;
    }
    return steps.join(' > ');
  }

  function outerHtml(el) {
    const html = el.outerHTML || '';
    if (html.length <= 300) return html;
    const open = html.slice(0, html.indexOf('>') + 1);
    return open.length < 300 ? open + '…' : html.slice(0, 300) + '…';
  }

  // Whether the element makes a containing block for fixed-position descendants.
  function fixedContainer(s) {
    return (s.transform && s.transform !== 'none') || (s.perspective && s.perspective !== 'none') ||
      (s.filter && s.filter !== 'none') || (s.backdropFilter && s.backdropFilter !== 'none') ||
      /paint|layout|strict|content/.test(s.contain || '') || /transform|perspective|filter/.test(s.willChange || '');
  }

  // The root element's or body's overflow goes to the viewport (CSS Overflow 3, 3.3).
  function viewportOverflowSource() {
    const html = document.documentElement;
    const hs = getComputedStyle(html);
    return hs.overflowX === 'visible' && hs.overflowY === 'visible' && document.body ? document.body : html;
  }

  const NO_OVERFLOW = /^(inline|contents|none|table-row|table-row-group|table-header-group|table-footer-group|table-column|table-column-group)$/;
  const CLIPS = /^(hidden|clip)$/;
  const SCROLLS = /^(auto|scroll)$/;

  // For each axis, what limits what can be seen of the content of el: boxes of ancestors (el
  // included) with overflow hidden or clip, up to the first scroll container (content in a scroll
  // container can be scrolled into view) or the viewport. Follows the containing-block chain:
  // an absolutely positioned box escapes the overflow of ancestors that do not contain it.
  // Returns {x: {clips: [{el, lo, hi}], viewport: 'scroll'|'clip'|null}, y: {...}, fixed}.
  // own: whether el's own overflow counts (it does for its content, not for its own box).
  // Answers that depend only on the element and the layout, kept for the rest of the call: a text
  // node asks about its parent, which many text nodes share, and styleHidden asks about every
  // ancestor; the walk up from an ancestor is kept too (siblings' chains share it: on a long page
  // of Python's docs, walking each element's ancestors again was a fifth of the zoom check's time).
  // Dropped whenever the layout may change (frame, laidOut).
  const fresh = () => ({ chain: new Map(), chainOwnless: new Map(), hidden: new Map(), up: new Map(), source: null,
                         rtl: undefined });
  let memo = fresh();
  const forget = () => { memo = fresh(); uniqueIn = new WeakMap(); };
  function clipChain(el, own = true) {
    const known = own ? memo.chain : memo.chainOwnless;
    if (!known.has(el)) known.set(el, computeClipChain(el, own));
    return known.get(el);
  }
  // The walk from el up, step by step as CSS defines it. The walk from an ancestor on depends
  // only on the ancestor, whether an absolutely or fixed positioned box below is escaping, and
  // which axes have ended below: kept under that key (memo.up), so that a walk stops where one
  // already made joins it.
  function computeClipChain(el, own) {
    const html = document.documentElement;
    const source = memo.source || (memo.source = viewportOverflowSource());
    const steps = [];  // the steps not known yet, bottom up: {a, key, here, ended, last}
    const done = { x: false, y: false };
    let a = el, state = null, tail;  // tail: the walk from the first known step (or the end) on
    for (;;) {
      if (!a) {
        tail = { x: { clips: [], viewport: done.x ? undefined : 'scroll' },
                 y: { clips: [], viewport: done.y ? undefined : 'scroll' }, state };
        break;
      }
      const key = a === el ? null : (state === 'absolute' || state === 'fixed' ? state : '') + (done.x ? 'X' : '') + (done.y ? 'Y' : '');
      const known = key === null ? undefined : memo.up.get(a)?.get(key);
      if (known) { tail = known; break; }
      const s = getComputedStyle(a), parent = flatParent(a);
      const st = { a, key, here: null, ended: null, last: false };  // here null: passed through
      steps.push(st);
      if (a !== el && ((state === 'absolute' && s.position === 'static' && !fixedContainer(s)) ||
                       (state === 'fixed' && !fixedContainer(s)))) { a = parent; continue; }  // escaped
      if (s.display !== 'contents') state = s.position;
      const isRoot = a === html || a === document.body;
      if (isRoot && a === source) {  // its overflow is the viewport's
        const end = (axis, value) => ({ clips: [], viewport: done[axis] ? undefined : (CLIPS.test(value) ? 'clip' : 'scroll') });
        tail = { x: end('x', s.overflowX), y: end('y', s.overflowY), state };
        st.last = true;
        break;
      }
      if ((isRoot && a === html) || NO_OVERFLOW.test(s.display) || (a === el && !own)) { a = parent; continue; }
      st.here = { x: { clips: [], viewport: undefined }, y: { clips: [], viewport: undefined } };
      st.ended = { x: false, y: false };
      let box = null;
      for (const [axis, value] of [['x', s.overflowX], ['y', s.overflowY]]) {
        if (done[axis]) continue;
        if (SCROLLS.test(value)) { done[axis] = st.ended[axis] = true; st.here[axis].viewport = null; continue; }
        if (!CLIPS.test(value)) continue;
        box = box || paddingBox(a, s);
        st.here[axis].clips.push(axis === 'x' ? { el: a, lo: box.left, hi: box.right } : { el: a, lo: box.top, hi: box.bottom });
      }
      if (done.x && done.y) {
        tail = { x: st.here.x, y: st.here.y, state };
        st.last = true;
        break;
      }
      a = parent;
    }
    // Each step's walk: what it adds, joined to the walk above it.
    const join = (mine, above, endedHere) => ({
      clips: above.clips.length ? mine.clips.concat(above.clips) : mine.clips,
      viewport: endedHere ? mine.viewport : above.viewport,
    });
    let walk = tail;
    for (let i = steps.length - 1; i >= 0; i--) {
      const st = steps[i];
      if (st.here && !st.last) walk = { x: join(st.here.x, walk.x, st.ended.x), y: join(st.here.y, walk.y, st.ended.y), state: walk.state };
      if (st.key === null) continue;
      let byKey = memo.up.get(st.a);
      if (!byKey) memo.up.set(st.a, byKey = new Map());
      byKey.set(st.key, walk);
    }
    return { x: { clips: walk.x.clips, viewport: walk.x.viewport }, y: { clips: walk.y.clips, viewport: walk.y.viewport },
             fixed: walk.state === 'fixed' };  // placed on the viewport: adds nothing to what the page scrolls
  }

  function paddingBox(el, s) {
    const r = el.getBoundingClientRect();
    const bl = parseFloat(s.borderLeftWidth) || 0, br = parseFloat(s.borderRightWidth) || 0;
    const bt = parseFloat(s.borderTopWidth) || 0, bb = parseFloat(s.borderBottomWidth) || 0;
    return { left: r.left + bl, right: r.right - br, top: r.top + bt, bottom: r.bottom - bb };
  }

  // What of the page can be seen at all along an axis, in viewport coordinates: a scrolling
  // viewport shows everything after the start edge of the document; a clipping one, itself.
  function reach(axis, viewport) {
    const se = document.scrollingElement || document.documentElement;
    if (axis === 'x') {
      if (memo.rtl === undefined) memo.rtl = getComputedStyle(document.documentElement).direction === 'rtl';
      const rtl = memo.rtl;
      if (viewport === 'clip') return [0, document.documentElement.clientWidth];
      return rtl ? [-Infinity, se.scrollWidth - scrollX] : [-scrollX, Infinity];
    }
    if (viewport === 'clip') return [0, document.documentElement.clientHeight];
    return [-scrollY, Infinity];
  }

  function rangeRects(node, start, end) {
    const range = document.createRange();
    if (start === undefined) range.selectNodeContents(node);
    else { range.setStart(node, start); range.setEnd(node, end); }
    return [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
  }

  // Hidden by ancestor styles that overflow geometry does not see.
  function styleHidden(el) {
    const s = getComputedStyle(el);
    if (s.visibility !== 'visible' || s.contentVisibility === 'hidden') return true;
    const fill = colour(s.webkitTextFillColor || s.color);  // text with no alpha is not seen
    if (fill && fill[3] === 0) return true;
    return hiddenByAncestor(el);
  }
  // Made invisible by its own or an ancestor's opacity, clip or clip-path.
  function hiddenByAncestor(el) {
    if (!el) return false;
    if (memo.hidden.has(el)) return memo.hidden.get(el);
    const as = getComputedStyle(el);
    let hidden = parseFloat(as.opacity) === 0 || /inset\(\s*(50|100)%/.test(as.clipPath || '');
    if (!hidden && as.clip && as.clip !== 'auto' && /absolute|fixed/.test(as.position)) {
      const n = (as.clip.match(/-?[\d.]+/g) || []).map(Number);  // rect(top, right, bottom, left)
      hidden = n.length === 4 && (n[1] - n[3] <= 1 || n[2] - n[0] <= 1);
    }
    hidden = hidden || hiddenByAncestor(flatParent(el));
    memo.hidden.set(el, hidden);
    return hidden;
  }

  // The part of a text node's layout that can be seen (ACT "visible": in the viewport or
  // reachable by scrolling, not cut away by overflow), given its parent's clip chain.
  function textGeometry(node, minSize = 1) {
    const el = flatParent(node);
    if (!el) return null;
    const rects = rangeRects(node);
    if (!rects.length || styleHidden(el)) return { el, rects, seen: [], chain: null };
    const chain = clipChain(el);
    const bound = {};
    for (const axis of ['x', 'y']) {
      let [lo, hi] = reach(axis, chain[axis].viewport);
      for (const c of chain[axis].clips) { lo = Math.max(lo, c.lo); hi = Math.min(hi, c.hi); }
      bound[axis] = [lo, hi];
    }
    const seen = rects.map((r) => ({
      left: Math.max(r.left, bound.x[0]), right: Math.min(r.right, bound.x[1]),
      top: Math.max(r.top, bound.y[0]), bottom: Math.min(r.bottom, bound.y[1]),
    })).filter((r) => r.right - r.left >= minSize && r.bottom - r.top >= minSize);
    return { el, rects, seen, chain };
  }

  const textVisible = (node, minSize = 1) => {
    if (!node.data || !node.data.trim()) return false;
    const g = textGeometry(node, minSize);
    return !!g && g.seen.length > 0;
  };

  // Text nodes of the flat tree (shadow roots included), in document order.
  function* textNodes(root = document.documentElement) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let n = walker.currentNode; n; n = walker.nextNode()) {
      if (n.nodeType === 3) { if (n.data.trim()) yield n; }
      else if (n.shadowRoot) yield* textNodes(n.shadowRoot);
    }
  }

  // Two animation frames: layout and paint have caught up. A page that is not being painted gets
  // no frames; half a second is then as good. The timer is cleared once not needed: left pending,
  // the page's activity record (_activity.js) would count it as the page's, and later checks
  // would wait for a page that only seems busy.
  const frame = () => new Promise((resolve) => {
    const timer = setTimeout(resolve, 500);
    requestAnimationFrame(() => requestAnimationFrame(() => { clearTimeout(timer); resolve(); }));
  }).then(forget);  // what was measured before may have moved

  // The page laid out as it now is, to be measured: the viewport has the size asked for (w by h
  // CSS px, when given: a resize reaches the page on its own time), and, where a script of the
  // page reacts to layout (resize events, media query listeners, resize observers: they run with
  // the next frame), a frame has run. Otherwise no frame is waited for: reading a box lays the
  // page out, and two frames drawn at every size tried were most of the layout checks' work.
  const laidOut = async (w, h) => {
    for (let i = 0; i < 30 && w !== undefined && (innerWidth !== w || innerHeight !== h); i++) await frame();
    const activity = window.__a11yActivity;
    if (!activity || activity.layoutScript() !== null) await frame();
    forget();
  };

  // Whether a page laid out at another size needs no call once the viewport is put back (none
  // to wait for it, nor to scroll it back): it is at its origin here, as it was before the change
  // (the caller's to know: Chromium anchors no scroll at the origin, and nothing re-snaps it), and
  // no script reacts to the window's size (_activity.js: it would run with the next frame).
  const snaps = (el) => !!el && getComputedStyle(el).scrollSnapType !== 'none';
  function nothingBack() {
    const A = window.__a11yActivity;
    return scrollX === 0 && scrollY === 0 && !!A && A.layoutScript() === null &&
      !snaps(document.documentElement) && !snaps(document.body);
  }

  // Whether el or an ancestor is a box a control with aria-expanded says it shows and hides
  // (aria-controls): a "Show more" button is another way to what the box cuts off. The controls
  // are gathered once for the call (layout does not change them).
  let controlled = null;
  function expandable(el) {
    if (!controlled) {
      controlled = new Set();
      for (const c of document.querySelectorAll('[aria-expanded][aria-controls]'))
        for (const id of c.getAttribute('aria-controls').split(/\s+/)) if (id) controlled.add(document.getElementById(id));
    }
    for (let a = el; a; a = flatParent(a)) if (controlled.has(a)) return true;
    return false;
  }

  return { isHtml, flatParent, selector, outerHtml, viewportOverflowSource, clipChain, reach, rangeRects, styleHidden,
    textGeometry, textVisible, textNodes, frame, laidOut, nothingBack, colour, expandable };
})()
