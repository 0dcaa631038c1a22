// Browser-side helpers for the focus checks (src/a11y/checks/_focus.py).
// One expression: a fresh helpers object each call (_focus.py keeps its factory in the document: _kept.py).
(() => {
  const esc = (s) => CSS.escape(s);

  function uniqueIn(root, sel, el) {
    try {
      const found = root.querySelectorAll(sel);
      return found.length === 1 && found[0] === el;
    } catch (e) {
      return false;
    }
  }

  function step(el) {
    const parent = el.parentElement;
    const name = esc(el.localName);
    if (!parent) return name;
    const same = Array.from(parent.children).filter((c) => c.localName === el.localName);
    return same.length === 1 ? name : `${name}:nth-of-type(${same.indexOf(el) + 1})`;
  }

  // A selector unique in the element's own root (document or shadow root), as short as found.
  function selectorIn(el) {
    const root = el.getRootNode();
    if (el.id && uniqueIn(root, '#' + esc(el.id), el)) return '#' + esc(el.id);
    const parts = [];
    for (let cur = el; cur && cur.nodeType === 1; cur = cur.parentElement) {
      if (cur !== el && cur.id && uniqueIn(root, '#' + esc(cur.id), cur)) {
        parts.unshift('#' + esc(cur.id));
        break;
      }
      parts.unshift(step(cur));
      const tail = parts.join(' > ');
      if (uniqueIn(root, tail, el)) return tail;
    }
    return parts.join(' > ');
  }

  // axe's target for one frame level: a string, or a list of selectors through shadow roots.
  function path(el) {
    const chain = [selectorIn(el)];
    let root = el.getRootNode();
    while (root instanceof ShadowRoot) {
      chain.unshift(selectorIn(root.host));
      root = root.host.getRootNode();
    }
    return chain.length === 1 ? chain[0] : chain;
  }

  function html(el) {
    const text = el.outerHTML || '';
    return text.length > 300 ? text.slice(0, 300) + '…' : text;
  }

  // The focused element of this document, through open shadow roots; null when none.
  function deepActive() {
    let a = document.activeElement;
    while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
    if (!a || a === document.body || a === document.documentElement) return null;
    return a;
  }

  // In the sequential focus order by its markup (_focus.py's predicate, put in here): not an
  // anchor without an address (<a name>), which Chromium reads as tabIndex 0 but never focuses.
  const sequentiallyFocusable = SEQUENTIALLY_FOCUSABLE;
  // A computed colour as [r, g, b, a] (sRGB, any notation: oklch() too), or null: _colour.js.
  const colour = __A11Y_COLOUR__();

  function ariaHiddenTrue(el) {
    return (el.getAttribute('aria-hidden') || '').trim().toLowerCase() === 'true';
  }

  // The nearest inclusive ancestor in the flat tree with aria-hidden="true", or null.
  function hiddenAncestor(el) {
    for (let n = el; n; n = flatParent(n)) if (ariaHiddenTrue(n)) return n;
    return null;
  }

  function blur() {
    const a = document.activeElement;
    if (a && a !== document.body && typeof a.blur === 'function') a.blur();
  }

  function scroll() {
    return [window.scrollX, window.scrollY];
  }

  // Every element of this document with aria-hidden="true", in the flat tree (open shadow roots too).
  function ariaHiddenElements() {
    return allElements().filter(ariaHiddenTrue);
  }

  // Elements inside aria-hidden="true" content that could take keyboard focus: in the tab order
  // (sequentiallyFocusable, as natively focusable elements and frames are), editable, or scroll
  // containers (Chromium lets Tab reach those).
  function hiddenFocusCandidates() {
    const SCROLLS = /^(auto|scroll)$/;
    return allElements().filter((el) => {
      if (!hiddenAncestor(el)) return false;
      if (sequentiallyFocusable(el) || el.isContentEditable) return true;
      const s = getComputedStyle(el);
      return (SCROLLS.test(s.overflowX) || SCROLLS.test(s.overflowY)) &&
        (el.scrollHeight > el.clientHeight || el.scrollWidth > el.clientWidth);
    }).length;
  }

  // Every element of this document and its open shadow roots, in tree order.
  function allElements() {
    const out = [];
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) {
        out.push(el);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    return out;
  }

  // HTML's rules for parsing integers (leading whitespace, sign, digits; the rest ignored).
  function tabindexValue(el) {
    const m = /^[\t\n\f\r ]*([+-]?[0-9]+)/.exec(el.getAttribute('tabindex') || '');
    return m ? parseInt(m[1], 10) : null;
  }

  // Has a box a person could see: rendered, not visibility:hidden, some area.
  function rendered(el) {
    if (el.checkVisibility && !el.checkVisibility({ visibilityProperty: true })) return false;
    return Array.from(el.getClientRects()).some((r) => r.width > 0 && r.height > 0);
  }

  function inViewport(el) {
    return Array.from(el.getClientRects()).some((r) => r.width > 0 && r.height > 0 &&
      r.right > 0 && r.bottom > 0 && r.left < window.innerWidth && r.top < window.innerHeight);
  }

  function flatParent(n) {
    if (n.assignedSlot) return n.assignedSlot;
    if (n.parentNode instanceof ShadowRoot) return n.parentNode.host;
    return n.parentNode && n.parentNode.nodeType === 1 ? n.parentNode : null;
  }

  // Inert in its own document: an inert ancestor, or an open modal dialog it is not inside.
  // (Chromium lets script focus reach inside an inert iframe, so focus alone cannot tell.)
  function inert(el) {
    for (let n = el; n; n = flatParent(n)) if (n.hasAttribute('inert')) return true;
    let modal = null;
    try {
      modal = document.querySelector(':modal');
    } catch (e) {
      modal = null;
    }
    if (!modal) return false;
    for (let n = el; n; n = flatParent(n)) if (n === modal) return false;
    return true;
  }

  // Whether el, focused, is drawn with the browser's own focus ring where nothing can hide it:
  // outline-style auto (Chromium draws it in two tones, dark and light, so it shows on any
  // background) of a visible colour, around its box (or each piece of an element broken over
  // lines) that no ancestor's overflow, opacity, filter, blending, clip or mask can take away,
  // inside the area the page scrolls over, with nothing on top just outside each of its four
  // sides but el, its ancestors, or content painted before the ring. (An outline is painted
  // after the in-flow content of its stacking context; what could cover it is positioned, or
  // another stacking context, and those are hit first.) Only a yes counts: anything less sure
  // is left to the pixels.
  // Elements whose content is drawn apart from the page's (plugins, frames, video, canvas): never
  // taken as painted under a ring, whatever their styles.
  const OWN_SURFACE = /^(iframe|frame|video|canvas|embed|object)$/;
  // What is painted as one piece, outline and all (ringShown's besideFlat): replaced elements,
  // inline blocks and their kin, children of flex and grid containers (-webkit-box too), and,
  // to be safe, table cells (whether a cell's content is painted with the table's phases is not
  // something to lean on).
  const PAINTED_WHOLE = /^(img|input|button|select|textarea|meter|progress|svg|math|audio|video|canvas|iframe|frame|embed|object)$/;
  const ATOMIC_DISPLAY = /^inline-(block|flex|grid|table)$|^inline (flow-root|flex|grid|table)$|^table-(cell|caption)$/;
  const FLEX_OR_GRID = /(^|\s|-)(flex|grid|box)$/;
  const RING_REACH = 3;  // CSS px: the ring's width outside the border box, and a little more
  function ringShown(el) {
    const s = getComputedStyle(el);
    if (s.outlineStyle !== 'auto' || !(parseFloat(s.outlineWidth) > 0) || s.visibility !== 'visible') return false;
    // A colour with no alpha (in any notation): Chromium draws only the light half of its ring,
    // which nothing shows on a light background.
    const ring = colour(s.outlineColor);
    if (!ring || ring[3] === 0) return false;
    // An element broken over lines (a link that wraps) has a ring round each of its pieces.
    const pieces = [...el.getClientRects()].filter((q) => q.width >= 1 && q.height >= 1)
      .map((q) => ({ left: q.left, right: q.right, top: q.top, bottom: q.bottom }));
    if (!pieces.length) return false;
    const r = { left: Math.min(...pieces.map((q) => q.left)), right: Math.max(...pieces.map((q) => q.right)),
                top: Math.min(...pieces.map((q) => q.top)), bottom: Math.max(...pieces.map((q) => q.bottom)) };
    // The ring goes round the element's descendants too where they stick out of its box; round
    // which piece, for an element in several, is not worked out here: that is left to the pixels.
    const within = (b, q) => b.left >= q.left - 1 && b.right <= q.right + 1 && b.top >= q.top - 1 && b.bottom <= q.bottom + 1;
    for (const d of el.querySelectorAll('*')) {
      const b = d.getBoundingClientRect();
      if (b.width < 1 || b.height < 1) continue;
      if (pieces.length > 1) {
        if (!pieces.some((q) => within(b, q))) return false;
        continue;
      }
      r.left = Math.min(r.left, b.left); r.right = Math.max(r.right, b.right);
      r.top = Math.min(r.top, b.top); r.bottom = Math.max(r.bottom, b.bottom);
    }
    if (pieces.length === 1) pieces[0] = r;
    r.width = r.right - r.left; r.height = r.bottom - r.top;
    const m = RING_REACH;
    if (r.width < 1 || r.height < 1 || r.left - m + scrollX < 0 || r.top - m + scrollY < 0) return false;
    for (let a = el; a && a !== document.body && a !== document.documentElement; a = flatParent(a)) {
      const as = getComputedStyle(a);
      if (!(parseFloat(as.opacity) > 0) || as.filter !== 'none' || as.mixBlendMode !== 'normal' ||
          as.clipPath !== 'none' || (as.maskImage && as.maskImage !== 'none') || as.display === 'contents') return false;
      if (a !== el && (as.overflowX !== 'visible' || as.overflowY !== 'visible')) {
        const b = a.getBoundingClientRect();
        const left = b.left + parseFloat(as.borderLeftWidth), right = b.right - parseFloat(as.borderRightWidth);
        const top = b.top + parseFloat(as.borderTopWidth), bottom = b.bottom - parseFloat(as.borderBottomWidth);
        if (r.left - m < left || r.right + m > right || r.top - m < top || r.bottom + m > bottom) return false;
      }
    }
    // On top there: el, an ancestor, or a descendant painted with el's content (not positioned,
    // not a stacking context of its own), all of which the ring is painted over.
    // A hit on an element may be a hit on its ::before or ::after, which can be placed over anything.
    const mine = new Set();  // el and its ancestors
    for (let a = el; a; a = flatParent(a)) mine.add(a);
    const flat = (cs) => cs.position === 'static' && cs.transform === 'none' && cs.opacity === '1' &&
      cs.filter === 'none' && cs.zIndex === 'auto' && cs.mixBlendMode === 'normal';
    const pseudosFlat = (t) => ['::before', '::after'].every((p) => {
      const ps = getComputedStyle(t, p);
      return ps.content === 'none' || ps.content === 'normal' || flat(ps);
    });
    const paintedUnder = (t) => {
      if (!t || !pseudosFlat(t)) return false;
      if (mine.has(t)) return true;
      let inside = false;
      for (let a = t; a && !inside; a = flatParent(a)) inside = a === el;
      return inside ? flat(getComputedStyle(t)) : besideFlat(t);
    };
    // Content beside el (a neighbouring line of a list, the next word) is painted before el's
    // ring when it has no layer of its own: Chromium paints a layer's outlines after all of its
    // in-flow content, and other layers after that. So t, and every element between it and the
    // nearest ancestor it shares with el, must be in flow and start no layer or stacking context.
    // On el's side, up to that ancestor, nothing may be painted as one piece (a float, an inline
    // block, a flex or grid item, a replaced element, a table cell: its outline comes with it,
    // before what follows it) or put under the rest (a negative z-index).
    const noLayer = (cs) => flat(cs) && cs.isolation === 'auto' && cs.willChange === 'auto' &&
      cs.contain === 'none' && cs.backdropFilter === 'none' && cs.clipPath === 'none' &&
      (!cs.maskImage || cs.maskImage === 'none') && cs.perspective === 'none';
    const paintedWhole = (a) => {
      const cs = getComputedStyle(a), parent = flatParent(a);
      return PAINTED_WHOLE.test(a.localName) || cs.float !== 'none' || ATOMIC_DISPLAY.test(cs.display) ||
        parseInt(cs.zIndex, 10) < 0 || (!!parent && FLEX_OR_GRID.test(getComputedStyle(parent).display));
    };
    const besideFlat = (t) => {
      let common = t;
      for (; common && !mine.has(common); common = flatParent(common)) {
        if (OWN_SURFACE.test(common.localName) || !noLayer(getComputedStyle(common)) || !pseudosFlat(common)) return false;
      }
      if (!common) return false;
      for (let a = el; a !== common; a = flatParent(a)) if (paintedWhole(a)) return false;
      return true;
    };
    for (const q of pieces) {
      const qx = (q.left + q.right) / 2, qy = (q.top + q.bottom) / 2;
      for (const [x, y] of [[q.left - 1, qy], [q.right + 1, qy], [qx, q.top - 1], [qx, q.bottom + 1]]) {
        if (!paintedUnder(document.elementsFromPoint(x, y)[0])) return false;
      }
    }
    return true;
  }

  return { ringShown, inert, path, html, deepActive, hiddenAncestor, ariaHiddenTrue, ariaHiddenElements, blur, scroll,
           allElements, hiddenFocusCandidates, sequentiallyFocusable, tabindexValue, rendered, inViewport };
})()
