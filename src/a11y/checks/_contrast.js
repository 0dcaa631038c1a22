// Browser side of text-contrast-rendered (ACT afw4f7): the text of one band of the page (the
// characters whose top lies in [top, bottom) of the document, shown whole in the viewport).
// Text whose background can be read from computed styles (a stack of plain colours under it,
// nothing else painted there) gets its contrast computed here; the rest is listed character by
// character for the Python side to measure from screenshots.
// Called as (L, arg) with L the helpers of _layout_dom.js; leaves nothing on the page (with
// keepSheet, nothing but its hit-testing sheet, for the next band).
// The text of elements another engine left for review (window.__a11yAsked, text node -> key:
// see text_contrast.ASK) carries its key on what is said of it ("ask"), and its flat passes
// are listed with their ratio (askedPass), so that each element can be decided.
// With root (a scroll box of the page), only the text inside it, top and bottom being offsets in
// the box's content (origin: what to add to a viewport y to get one); without, the text of the
// document but for that of the scroll boxes being judged box by box (window.__a11yBoxes).
// With placeholders, the placeholder an empty field shows at rest is judged too (after the text
// nodes): it has no text node; its own style is the field's ::placeholder style, and what lies
// under it is the field's own box (its background, then whatever is behind a see-through one).
// With shared (an object kept for the bands one call takes in turn, nothing but the scroll
// position changing between them: no await, so no script of the page's runs), what depends on
// the page's tree and styles alone is worked out once for them all (once), and each text node's
// place in the document is measured once: only its exact place near the band is asked again.
// Returns the outcome itself when no image behind measured text is to be decoded, else a promise.
(L, { top, bottom, maxNodes, maxPixelChars, frame, keepSheet, root, origin, enhanced, placeholders, shared }) => {
  const keep = shared || {};
  const once = (name, make) => (name in keep ? keep[name] : (keep[name] = make()));
  // WCAG 1.4.3's thresholds, or 1.4.6's (Contrast (Enhanced), for text-contrast-enhanced).
  const need = (large) => (enhanced ? (large ? 4.5 : 7) : (large ? 3 : 4.5));
  // Large-scale text: at least 18 point (24 CSS px), or 14 point (18.66 px) bold.
  const isLarge = (size, weight) => size >= 24 - 0.01 || (size >= 18.66 && weight >= 700);
  const vw = document.documentElement.clientWidth, vh = document.documentElement.clientHeight;
  const sy = root ? origin : scrollY;
  const boxes = root || frame ? null : window.__a11yBoxes;
  const inBox = once('inBox', () => {
    const known = new Map();
    const inside = (el) => {
      if (!el) return false;
      if (!known.has(el)) known.set(el, boxes.includes(el) || inside(L.flatParent(el)));
      return known.get(el);
    };
    return inside;
  });

  const WIDGETS = new Set(['button', 'checkbox', 'gridcell', 'link', 'menuitem', 'menuitemcheckbox', 'menuitemradio',
    'option', 'progressbar', 'radio', 'scrollbar', 'searchbox', 'separator', 'slider', 'spinbutton', 'switch', 'tab',
    'tabpanel', 'textbox', 'treeitem', 'combobox', 'grid', 'listbox', 'menu', 'menubar', 'radiogroup', 'tablist', 'tree',
    'treegrid', 'columnheader', 'rowheader', 'row']);
  const GROUPS = new Set(['group', 'row', 'toolbar', 'listbox', 'menu', 'menubar', 'radiogroup', 'tree', 'tablist', 'treegrid']);
  function role(el) {
    const explicit = (el.getAttribute('role') || '').trim().toLowerCase().split(/\s+/)[0];
    if (explicit) return explicit;
    switch (el.localName) {
      case 'button': return 'button';
      case 'a': case 'area': return el.hasAttribute('href') ? 'link' : '';
      case 'input': {
        const t = (el.getAttribute('type') || 'text').toLowerCase();
        if (t === 'hidden') return '';
        if (['button', 'submit', 'reset', 'image'].includes(t)) return 'button';
        return { checkbox: 'checkbox', radio: 'radio', range: 'slider', number: 'spinbutton' }[t] || 'textbox';
      }
      case 'select': return 'combobox';
      case 'textarea': return 'textbox';
      case 'option': return 'option';
      case 'fieldset': case 'optgroup': case 'details': return 'group';
      default: return '';
    }
  }
  const up = (n) => n.parentNode && n.parentNode.nodeType === 11 && n.parentNode.host ? n.parentNode.host : n.parentElement;
  const memo = (fn) => { const m = new Map(); return (el) => { if (!m.has(el)) m.set(el, fn(el)); return m.get(el); }; };
  // Not drawn though laid out: a closed <details>' content and hidden="until-found" keep their
  // boxes (where they would be, over the text that follows) but are skipped (content-visibility:
  // hidden on them or an ancestor), which only checkVisibility tells. Text nobody can see is not
  // measured. (A content-visibility: auto section is drawn once scrolled to: it counts.)
  const skipped = once('skipped', () => memo((el) => !!el.checkVisibility && !el.checkVisibility()));
  // ACT "disabled": matches :disabled, or has a shadow-including ancestor with aria-disabled="true".
  const ariaDisabled = once('ariaDisabled', () => memo((el) => !!el && ((el.getAttribute && el.getAttribute('aria-disabled') === 'true') || ariaDisabled(up(el)))));
  function disabled(el) {
    try { if (el.matches(':disabled')) return true; } catch (e) { /* not a form element */ }
    return ariaDisabled(el);
  }
  const disabledWidget = (el) => WIDGETS.has(role(el)) && disabled(el);
  // Elements used in the accessible name of a disabled widget (labels, aria-labelledby targets).
  const disabledLabels = once('disabledLabels', () => {
    const labels = new Set();
    for (const label of document.querySelectorAll('label')) if (label.control && disabledWidget(label.control)) labels.add(label);
    for (const el of document.querySelectorAll('[aria-labelledby]')) {
      if (!disabledWidget(el)) continue;
      for (const id of el.getAttribute('aria-labelledby').split(/\s+/)) {
        const target = id && el.getRootNode().getElementById ? el.getRootNode().getElementById(id) : null;
        if (target) labels.add(target);
      }
    }
    return labels;
  });
  const inapplicable = once('inapplicable', () => memo((el) => {
    if (!el) return false;
    const r = role(el);
    return disabledLabels.has(el) || ((WIDGETS.has(r) || GROUPS.has(r)) && disabled(el)) || inapplicable(L.flatParent(el));
  }));
  // Inert content (outside an open modal dialog, native or ARIA, or under an inert attribute) is
  // an inactive part of the interface, which 1.4.3 exempts as incidental: dimmed by a dialog's
  // backdrop, it is meant to recede. The modal dialog in effect: _modal.py's ACTIVE_MODAL, put in
  // by text_contrast.collect_script; the dialog's own text is judged.
  const modal = once('modal', () => __A11Y_MODAL__());
  const inert = once('inert', () => memo((el) => {
    if (!el) return false;
    if (el === modal) return false;
    if (el.hasAttribute('inert')) return true;
    const parent = L.flatParent(el);
    return parent ? inert(parent) : !!modal;
  }));
  // Inert as outside the modal dialog (not under an inert attribute): counted, for the outcome to say.
  const behind = (el) => {
    if (!inert(el) || !modal) return false;
    for (let a = el; a; a = L.flatParent(a)) if (a.hasAttribute('inert')) return true;
    out.behindModal++;
    return true;
  };

  // A computed colour as [r, g, b, a] (sRGB, any notation), or null: _colour.js, put in by
  // text_contrast.collect_script.
  const rgba = __A11Y_COLOUR__();
  const over = (top, below) => [0, 1, 2].map((i) => top[i] * top[3] + below[i] * (1 - top[3]));
  const lum = (c) => {
    const [r, g, b] = c.map((v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const hex = (c) => '#' + c.slice(0, 3).map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');

  const styles = once('styles', () => new Map());
  const cs = (el) => { let s = styles.get(el); if (!s) { s = getComputedStyle(el); styles.set(el, s); } return s; };
  const none = (v) => !v || v === 'none' || v === 'normal' || v === 'auto';
  const REPLACED = /^(img|video|canvas|iframe|embed|object|svg|picture|input|select|textarea|meter|progress|audio)$/;
  // Why an element in the stack under the text (or the text's own ancestors) is not a plain colour.
  const notPlain = (el) => (REPLACED.test(el.localName) ? 'an image or embedded content' : boxNotPlain(el));
  // The same for the box an element paints, its content aside (a form field's own background,
  // under its placeholder).
  const boxNotPlain = once('boxNotPlain', () => memo((el) => {
    const s = cs(el);
    if (!none(s.backgroundImage)) return /gradient/.test(s.backgroundImage) ? 'a gradient' : 'a background image';
    if (!none(s.filter) || !none(s.backdropFilter) || s.mixBlendMode !== 'normal' || !none(s.maskImage || s.webkitMaskImage))
      return 'a filter, blend mode or mask';
    if (parseFloat(s.opacity) < 1) return 'opacity';
    if (/inset/.test(s.boxShadow)) return 'a shadow';
    const bg = rgba(s.backgroundColor);
    if (!bg) return 'a colour the check cannot read';
    if (bg[3] > 0 && s.backgroundClip !== 'border-box') return 'a clipped background';
    for (const pseudo of ['::before', '::after']) {
      const p = getComputedStyle(el, pseudo);
      if (p.content === 'none' || p.content === 'normal' || p.display === 'none') continue;
      const pbg = rgba(p.backgroundColor);
      if (!pbg || pbg[3] > 0 || !none(p.backgroundImage) || !none(p.boxShadow) || parseFloat(p.borderTopWidth) > 0 ||
          parseFloat(p.borderBottomWidth) > 0 || /absolute|fixed/.test(p.position)) return 'a generated box';
    }
    return '';
  }));
  // Whether an element painted above the text paints anything at (x, y).
  function paintsAt(el, x, y) {
    const s = cs(el);
    if (parseFloat(s.opacity) === 0) return false;
    if (notPlain(el)) return true;
    if (background(el)[3] > 0 || !none(s.boxShadow)) return true;
    if (!inPaddingBox(el, x, y)) return true;
    for (const n of el.childNodes) {
      if (n.nodeType !== 3 || !n.data.trim()) continue;
      if (L.rangeRects(n).some((r) => x >= r.left && x <= r.right && y >= r.top && y <= r.bottom)) return true;
    }
    return false;
  }
  // Each element's padding box, measured once a call: nothing moves while a band is examined
  // (no await between the first hit test and the last), and the points along every line of
  // text ask for the same few boxes again and again.
  const paddingBox = memo((el) => {
    const r = el.getBoundingClientRect(), s = cs(el);
    const w = (side) => (s[`border${side}Style`] === 'none' ? 0 : parseFloat(s[`border${side}Width`]) || 0);
    return { left: r.left + w('Left'), right: r.right - w('Right'), top: r.top + w('Top'), bottom: r.bottom - w('Bottom') };
  });
  const background = once('background', () => memo((el) => rgba(cs(el).backgroundColor)));  // read only, never changed
  function inPaddingBox(el, x, y) {
    const b = paddingBox(el);
    return x >= b.left && x <= b.right && y >= b.top && y <= b.bottom;
  }
  // The canvas: the root's background, or the body's, over the browser's white.
  function canvas() {
    const root = document.documentElement;
    if (cs(root).colorScheme && cs(root).colorScheme !== 'normal' && matchMedia('(prefers-color-scheme: dark)').matches) return null;
    let c = [255, 255, 255];
    const bg = rgba(cs(canvasSource).backgroundColor);
    return bg && bg[3] > 0 ? over(bg, c) : c;
  }
  // The root's background goes to the canvas, or else the body's (CSS Backgrounds 2.11.2).
  const rootStyle = cs(document.documentElement);
  const canvasSource = document.body && rgba(rootStyle.backgroundColor)?.[3] === 0 && none(rootStyle.backgroundImage)
    ? document.body : document.documentElement;
  const page = canvas();

  // Elements whose outer shadow or outline can paint outside their box, over other text: found
  // from their styles once (shared), their boxes measured where each band is scrolled to.
  // pointerStyled: an element of the document whose pointer-events is not 'auto' (hitTestSheet).
  const { haloStyles, pointerStyled } = once('halos', () => {
    const found = [];
    let styled = false;
    for (const el of document.querySelectorAll('*')) {
      const s = cs(el);
      if (s.pointerEvents !== 'auto') styled = true;
      const shadow = !none(s.boxShadow), outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
      if (!shadow && !outline) continue;
      const nums = (s.boxShadow.match(/-?[\d.]+px/g) || []).map((v) => Math.abs(parseFloat(v)));
      const reach = nums.reduce((t, v) => t + v, 0) + (outline ? parseFloat(s.outlineWidth) + Math.abs(parseFloat(s.outlineOffset) || 0) : 0);
      found.push({ el, reach });
    }
    return { haloStyles: found, pointerStyled: styled };
  });
  const halos = haloStyles.map(({ el, reach }) => ({ el, box: el.getBoundingClientRect(), reach }));
  function haloOver(r, el) {
    for (const h of halos) {
      const b = h.box;
      const inside = r.left >= b.left && r.right <= b.right && r.top >= b.top && r.bottom <= b.bottom;
      const near = r.right > b.left - h.reach && r.left < b.right + h.reach && r.bottom > b.top - h.reach && r.top < b.bottom + h.reach;
      if (near && !inside && h.el !== el) return true;
    }
    return false;
  }

  // What is under the text at (x, y): the colour, or why it is not one plain colour. With field,
  // the text is el's own placeholder: el's box is the first layer under it.
  function backgroundAt(el, x, y, field = false) {
    const root = el.getRootNode();
    const stack = (root.elementsFromPoint ? root : document).elementsFromPoint(x, y);
    const at = stack.indexOf(el);
    if (at < 0) return { why: 'overlapping content' };
    for (let i = 0; i < at; i++) if (paintsAt(stack[i], x, y)) return { why: 'overlapping content' };
    const layers = [];
    for (let i = at; i < stack.length; i++) {
      const e = stack[i];
      const why = field && i === at ? boxNotPlain(e) : notPlain(e);
      if (why) return { why };
      if (!inPaddingBox(e, x, y) && e !== document.documentElement) return { why: 'a border' };
      if (i > at && !el.contains(e) && !e.contains(el)) {
        for (const n of e.childNodes) {  // text of another element under this text
          if (n.nodeType === 3 && n.data.trim() &&
              L.rangeRects(n).some((r) => x >= r.left && x <= r.right && y >= r.top && y <= r.bottom)) return { why: 'overlapping text' };
        }
      }
      if (e === canvasSource || e === document.documentElement) continue;  // painted as the canvas
      const bg = background(e);
      if (bg[3] > 0) layers.push(bg);
      if (bg[3] >= 1) break;
    }
    const opaque = layers.length && layers[layers.length - 1][3] >= 1;
    if (!opaque && frame) return { why: 'what is behind the frame' };  // a frame's canvas is see-through
    if (!opaque && !page) return { why: 'a dark colour scheme' };
    let c = opaque ? layers.pop().slice(0, 3) : page;
    while (layers.length) c = over(layers.pop(), c);
    return { color: c };
  }

  // Why the text itself is not drawn in one plain colour, or ''.
  // Whether a rule of a style sheet of root (a document or shadow root: imports and nested rules
  // included) passes `test`; an unreadable sheet could hold one.
  const anyRule = (rules, test) => {
    for (const rule of rules) {
      if (test(rule)) return true;
      if (rule.styleSheet) { try { if (anyRule(rule.styleSheet.cssRules, test)) return true; } catch (e) { return true; } }
      if (rule.cssRules && anyRule(rule.cssRules, test)) return true;
    }
    return false;
  };
  const sheetsHave = (root, test) => [...root.styleSheets, ...(root.adoptedStyleSheets || [])].some((sheet) => {
    try { return anyRule(sheet.cssRules, test); } catch (e) { return true; }
  });
  // The open shadow roots of the document (none to look for where the activity record counted none).
  const shadowRoots = (known = false) => {
    const roots = [document];
    const A = window.__a11yActivity;
    if (known && A && A.openRootCount() === 0) return [];
    for (let i = 0; i < roots.length; i++) {
      for (const el of roots[i].querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
    }
    return roots.slice(1);
  };
  // Whether any style sheet could style a first letter or line apart (unreadable ones could).
  const namesFirst = (rule) => /first-(letter|line)/.test(rule.selectorText || '');
  const firstRules = once('firstRules', () => sheetsHave(document, namesFirst));
  // Whether the hit-testing sheet below could change what a hit test finds: it sets the
  // pointer-events of the document's elements and their ::before and ::after to 'auto' (shadow
  // trees' elements only inherit it from their hosts). Not where every element's is 'auto' already
  // (pointerStyled: read from the styles the halos above read anyway) and no rule of a style sheet
  // of the document or of an open shadow root (:host::before) names pointer-events (a pseudo-element
  // can have its own), every sheet readable: adding it, then taking it out, restyles every element.
  // A rule of the document's own for ::before or ::after (outside nesting and @scope) names it to
  // no effect where no element it could match (its selector without them) has such a box drawn
  // with another value than 'auto' (Python's docs name it for a ::after no element draws): an
  // element's own value, and so what its pseudo-elements inherit, is pointerStyled's.
  const PSEUDO_BOX = /::?(before|after)\b/i;
  const nested = (rule) => {
    for (let p = rule.parentRule; p; p = p.parentRule) if (p instanceof CSSStyleRule || !(p instanceof CSSGroupingRule) ||
      (window.CSSScopeRule && p instanceof CSSScopeRule)) return true;
    return false;
  };
  const pseudoPointer = (el) => ['::before', '::after'].some((pseudo) => {
    const p = getComputedStyle(el, pseudo);
    return p.content !== 'none' && p.content !== 'normal' && p.display !== 'none' && p.pointerEvents !== 'auto';
  });
  const namesPointer = (root) => (rule) => {
    if (!(rule.style && rule.style.getPropertyValue('pointer-events'))) return false;
    const sel = rule.selectorText || '';
    if (root !== document || !sel || nested(rule) || /:host|::slotted|::part|&|::(?!before\b|after\b)/i.test(sel)) return true;
    if (!PSEUDO_BOX.test(sel)) return false;  // elements' own values: pointerStyled
    let els;
    try { els = document.querySelectorAll(sel.replace(new RegExp(PSEUDO_BOX.source, 'gi'), '')); } catch (e) { return true; }
    return els.length > 200 || [...els].some(pseudoPointer);
  };
  const hitTestSheet = () => pointerStyled || [document, ...shadowRoots(true)].some((r) => sheetsHave(r, namesPointer(r)));
  // Whether the sheet that hides the text for its picture (text_contrast.BLANK) must name first
  // letters and lines: only where a style sheet of the document or of an open shadow root could
  // style them apart. Otherwise they take the hidden fill from their element, and naming them
  // would have the browser build a first-letter box in every block and lay the page out again,
  // for the picture and again after it (a tenth of this check's CPU on Python's long pages).
  const firstRulesAnywhere = () => firstRules || shadowRoots().some((r) => sheetsHave(r, namesFirst));
  // A decoration of the text's own (an underline of another colour or alpha, as MUI's links have)
  // is neither the text nor its background: the glyphs are judged against what lies under them.
  // Unless it is drawn thick or raised into the glyphs, where it can serve as their background (a
  // "highlighter" underline): then it is measured from pixels as drawn.
  function lineOnly(s) {
    const size = parseFloat(s.fontSize);
    const length = (v) => (v.endsWith('%') ? parseFloat(v) * size / 100 : parseFloat(v));
    const thick = /\d/.test(s.textDecorationThickness) && length(s.textDecorationThickness) > Math.max(2, 0.2 * size);
    const raised = /\d/.test(s.textUnderlineOffset) && length(s.textUnderlineOffset) < 0;
    return !thick && !raised;
  }
  // s: the text's style (el's, or, for el's placeholder, its ::placeholder style).
  function textNotPlain(el, s, placeholder = false) {
    if (!none(s.textShadow)) return 'a text shadow';
    if (parseFloat(s.webkitTextStrokeWidth) > 0) return 'a text outline';
    if (s.textDecorationLine !== 'none' && s.textDecorationColor !== s.color && !lineOnly(s))
      return 'a thick or raised decoration of another colour';
    for (const pseudo of firstRules && !placeholder ? ['::first-letter', '::first-line'] : []) {
      const p = getComputedStyle(el, pseudo);
      if (p.color !== s.color || !none(p.textShadow) || rgba(p.backgroundColor)?.[3]) return 'a first letter or line styled apart';
    }
    for (let a = el; a; a = L.flatParent(a)) {
      const as = cs(a);
      if (!none(as.filter) || as.mixBlendMode !== 'normal' || !none(as.maskImage || as.webkitMaskImage) || !none(as.backdropFilter))
        return 'a filter, blend mode or mask';
    }
    return '';
  }
  function opacityOf(el) {
    let o = 1;
    for (let a = el; a; a = L.flatParent(a)) o *= parseFloat(cs(a).opacity);
    return o;
  }
  function bounds(chain) {
    const b = {};
    for (const axis of ['x', 'y']) {
      let [lo, hi] = L.reach(axis, chain[axis].viewport);
      for (const c of chain[axis].clips) { lo = Math.max(lo, c.lo); hi = Math.min(hi, c.hi); }
      b[axis] = axis === 'x' ? [Math.max(lo, 0), Math.min(hi, vw)] : [Math.max(lo, 0), Math.min(hi, vh)];
    }
    return b;
  }
  // What of an element's content its scroll containers show now, in viewport coordinates: a
  // line of a code block wider than the block is drawn only as far as the block's edge, though
  // scrolling the block would show the rest (the clip chain stops at a scroll container, as what
  // can be seen at all). Characters beyond are not measured here (counted as outside).
  const shownMemo = new Map();
  function scrollShown(el) {
    if (!el || el === document.documentElement || el === document.body) return { x: [-Infinity, Infinity], y: [-Infinity, Infinity] };
    if (shownMemo.has(el)) return shownMemo.get(el);
    const up = scrollShown(L.flatParent(el));
    let out = up;
    const s = cs(el);
    const scrollsX = /^(auto|scroll)$/.test(s.overflowX), scrollsY = /^(auto|scroll)$/.test(s.overflowY);
    if (scrollsX || scrollsY) {
      const r = el.getBoundingClientRect();
      const left = r.left + el.clientLeft, top = r.top + el.clientTop;
      out = { x: scrollsX ? [Math.max(up.x[0], left), Math.min(up.x[1], left + el.clientWidth)] : up.x,
              y: scrollsY ? [Math.max(up.y[0], top), Math.min(up.y[1], top + el.clientHeight)] : up.y };
    }
    shownMemo.set(el, out);
    return out;
  }
  const LETTER = /\p{L}/u;
  // A word: two letters in a row, or one character of a script that writes words with one.
  const WORD = /\p{L}\p{M}*\p{L}|[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

  // Each line of a text node narrowed to where its characters are, without the white space at
  // the node's ends: what is under a space (the padding of a code span beside it) is not behind text.
  function inkSpans(node, lines) {
    const first = node.data.search(/\S/), last = node.data.search(/\s*$/);
    if (first <= 0 && last >= node.data.length) return lines;
    const ink = L.rangeRects(node, first, last);
    return lines.map((r) => {
      const on = ink.filter((k) => k.top < r.bottom && k.bottom > r.top);
      if (!on.length) return r;
      const left = Math.max(r.left, Math.min(...on.map((k) => k.left)));
      const right = Math.min(r.right, Math.max(...on.map((k) => k.right)));
      return right > left ? { left, right, top: r.top, bottom: r.bottom } : r;
    });
  }
  // The images at (x, y) under el's text, <img> elements and background image URLs: checked below
  // for having loaded.
  function imagesAt(el, x, y) {
    const images = [], root = el.getRootNode();
    for (const e of (root.elementsFromPoint ? root : document).elementsFromPoint(x, y)) {
      if (e.localName === 'img') images.push(e);
      for (const m of (cs(e).backgroundImage || '').matchAll(/url\("?([^")]+)"?\)/g)) images.push(m[1]);
    }
    return images;
  }
  // The input and textarea elements under r, shadow trees included, in document order.
  function* fieldsIn(r) {
    const walker = document.createTreeWalker(r, NodeFilter.SHOW_ELEMENT);
    for (let n = walker.currentNode; n; n = walker.nextNode()) {
      if ((n.localName === 'input' || n.localName === 'textarea') && L.isHtml(n)) yield n;
      if (n.shadowRoot) yield* fieldsIn(n.shadowRoot);
    }
  }
  // The placeholder of each field showing one, in this band: the field's content box is where it
  // is drawn (one line across the middle of an input; lines from the top of a textarea). Judged
  // from styles when the points along its lines hit-test to plain colours under the field's box
  // (backgroundAt), else listed for pixels with the content box as its one "character" (the
  // changed pixels inside it are the placeholder's glyphs).
  function collectPlaceholders() {
    for (const el of once('fields', () => [...fieldsIn(root || document.documentElement)])) {
      if (boxes && boxes.length && inBox(el)) continue;
      const text = el.placeholder || '';
      if (!LETTER.test(text) || !el.matches(':placeholder-shown')) continue;
      if (!el.getClientRects().length || skipped(el)) continue;
      const s = cs(el), ps = getComputedStyle(el, '::placeholder');
      if (s.visibility !== 'visible' || s.contentVisibility === 'hidden' || ps.display === 'none' ||
          ps.visibility !== 'visible') continue;
      const r = el.getBoundingClientRect(), px = (p) => parseFloat(s[p]) || 0;
      const bw = (side) => (s[`border${side}Style`] === 'none' ? 0 : px(`border${side}Width`));
      const content = { left: r.left + bw('Left') + px('paddingLeft'), right: r.right - bw('Right') - px('paddingRight'),
                        top: r.top + bw('Top') + px('paddingTop'), bottom: r.bottom - bw('Bottom') - px('paddingBottom') };
      if (content.right - content.left < 1 || content.bottom - content.top < 1) continue;  // no room to show it
      if (content.top + sy < top) continue;  // judged with the band its top is in
      if (content.top + sy >= bottom) { out.below++; continue; }
      if (++count > maxNodes) { out.capped = true; break; }
      if (inapplicable(el) || behind(el) || inert(el)) continue;
      if (opacityOf(el) === 0) continue;
      const size = parseFloat(ps.fontSize) || parseFloat(s.fontSize), weight = parseFloat(ps.fontWeight) || 400;
      const large = isLarge(size, weight);
      const colour = rgba(ps.webkitTextFillColor || ps.color), own = parseFloat(ps.opacity);
      const fill = colour && [...colour.slice(0, 3), colour[3] * (Number.isNaN(own) ? 1 : own)];
      const info = { text: text.trim().slice(0, 60), large, size, weight, noWord: !WORD.test(text), ask: null,
                     placeholder: true };
      const name = () => ({ selector: L.selector(el), html: L.outerHtml(el) });
      // What shows of the content box: inside the viewport, the clips of the field's ancestors and
      // what its scroll containers (a textarea itself) show now.
      const b = bounds(L.clipChain(el, false)), sh = scrollShown(el);
      const area = { left: Math.max(content.left, b.x[0], sh.x[0]), right: Math.min(content.right, b.x[1], sh.x[1]),
                     top: Math.max(content.top, b.y[0], sh.y[0]), bottom: Math.min(content.bottom, b.y[1], sh.y[1]) };
      if (area.right - area.left < 1 || area.bottom - area.top < 1) continue;  // cut away: not visible
      const lh = parseFloat(ps.lineHeight) || 1.2 * size;
      const ys = [];
      if (el.localName === 'input') ys.push((content.top + content.bottom) / 2);
      else for (let y = content.top + lh / 2; y < content.bottom && ys.length < 20; y += lh) ys.push(y);
      const letters = text.replace(/\s/g, '').length;
      if (ys[0] < area.top || ys[0] >= area.bottom) { out.outside += letters; continue; }  // its first line does not show
      let why = fill ? textNotPlain(el, ps, true) : 'a colour the check cannot read';
      if (!why && opacityOf(el) < 1) why = 'opacity';
      if (!why && haloOver(area, el)) why = 'a shadow or outline of another element';
      let bg = null;
      const step = Math.max(16, 1.5 * size), right = area.right - 1;
      for (const y of ys.filter((v) => v >= area.top && v < area.bottom)) {
        for (let x = area.left + 1; !why && x <= right + step - 1; x += step) {
          const at = backgroundAt(el, Math.min(x, right), y, true);
          if (at.why) why = at.why;
          else if (bg && at.color.some((v, i) => Math.abs(v - bg[i]) > 0.5)) why = 'a background that changes along the text';
          else bg = at.color;
        }
        if (why) break;
      }
      if (!why && bg) {
        const fg = over(fill, bg);
        const contrast = ratio(fg, bg);
        if (contrast < 1.0001) continue;  // the placeholder's colour is its background's: not visible
        out.applicable++;
        if (contrast >= need(large)) { out.flatPassed++; continue; }
        out.flat.push({ ...info, ...name(), fg: hex(fg), bg: hex(bg), fgRgb: fg, bgRgb: bg });
        continue;
      }
      if (out.pixelChars + letters > maxPixelChars) { out.capped = true; break; }
      out.pixelChars += letters;
      out.applicable++;
      const alpha = fill ? fill[3] * opacityOf(el) : 0;
      const exact = !!fill && !/filter|blend/.test(textNotPlain(el, ps, true));
      const box = [area.left, area.top, area.right, area.bottom].map((v) => Math.round(v * 100) / 100);
      pending.push([out.pixel.length, imagesAt(el, (box[0] + box[2]) / 2, (box[1] + box[3]) / 2)]);
      out.pixel.push({ ...info, ...name(), why, chars: [box], color: exact ? fill.slice(0, 3) : null, alpha, unloaded: '' });
    }
  }
  const out = { flat: [], flatPassed: 0, pixel: [], applicable: 0, notLanguage: 0, outside: 0, below: 0, capped: false,
    pixelChars: 0, askedPass: [], behindModal: 0, modal: modal ? L.selector(modal) : null };
  const asked = frame ? null : window.__a11yAsked;
  let count = 0;
  const pending = [];
  // The pointer-events of the page must not hide elements from the hit test (they are still drawn).
  // Adding the sheet restyles every element: with keepSheet (a band of a long page, not its last)
  // it stays for the next band, to be taken out by that one or by text_contrast.RESTORE.
  let pe = document.querySelector('style[data-a11y-hit-test]');
  if (!pe && once('hitTestSheet', hitTestSheet)) {
    pe = document.createElement('style');
    pe.textContent = '*, *::before, *::after { pointer-events: auto !important; }';
    pe.setAttribute('data-a11y-own', '');
    pe.setAttribute('data-a11y-hit-test', '');
    (document.head || document.documentElement).appendChild(pe);
  }
  // Where each text node lies in the document (root's content), kept for the bands of a call
  // (shared), or false where it is never examined (not HTML, in a scroll box judged on its own, not
  // drawn, no box). A node no fixed or sticky box carries (moves) stays there while only the
  // scroll position changes: a band well clear of it does not measure it again (1 px spares
  // rounding; nearer, it is measured as in its first band).
  const places = once('places', () => new Map());
  const moves = once('moves', () => {
    const carried = memo((el) => !!el && el !== root && (/^(fixed|sticky)$/.test(cs(el).position) || carried(L.flatParent(el))));
    return carried;
  });
  try {
    for (const node of once('texts', () => [...L.textNodes(root || undefined)])) {
      const known = places.get(node);
      if (known === false || (known && known.bottom + 1 <= top)) continue;
      if (known && known.top - 1 >= bottom && known.bottom - 1 > top) { out.below++; continue; }
      const el = L.flatParent(node);
      if (!L.isHtml(el) || (boxes && boxes.length && inBox(el)) || skipped(el)) { places.set(node, false); continue; }
      const quick = L.rangeRects(node);
      if (!quick.length) { places.set(node, false); continue; }
      if (!moves(el)) places.set(node, { top: Math.min(...quick.map((r) => r.top)) + sy, bottom: Math.max(...quick.map((r) => r.bottom)) + sy });
      if (Math.max(...quick.map((r) => r.bottom)) + sy <= top) continue;
      if (Math.min(...quick.map((r) => r.top)) + sy >= bottom) { out.below++; continue; }
      if (Math.max(...quick.map((r) => r.bottom)) + sy > bottom) out.below++;  // goes on below this band
      const g = L.textGeometry(node, 1);
      if (!g || !g.seen.length) continue;
      const docTop = Math.min(...g.seen.map((r) => r.top)) + sy;
      const docBottom = Math.max(...g.seen.map((r) => r.bottom)) + sy;
      if (docBottom <= top) continue;
      if (docTop >= bottom) { out.below++; continue; }
      if (++count > maxNodes) { out.capped = true; break; }
      if (inapplicable(el) || behind(el) || inert(el)) continue;
      if (!LETTER.test(node.data)) { out.notLanguage++; continue; }  // no human language: exempt
      const s = cs(el);
      const size = parseFloat(s.fontSize), weight = parseFloat(s.fontWeight) || 400;
      const large = isLarge(size, weight);
      const fill = rgba(s.webkitTextFillColor || s.color);
      const ask = asked && asked.has(node) ? asked.get(node) : null;
      const info = { text: node.data.trim().slice(0, 60), large, size, weight, noWord: !WORD.test(node.data), ask };
      const name = () => ({ selector: L.selector(el), html: L.outerHtml(el) });
      const lines = inkSpans(node, g.seen.filter((r) => r.top + sy >= top && r.top + sy < bottom));
      // Flat: every sampled point along every line shows the same plain colour under it.
      let why = fill ? textNotPlain(el, s) : 'a colour the check cannot read';
      if (!why && opacityOf(el) < 1) why = 'opacity';
      let bg = null;
      const sh = scrollShown(el);  // hit-test only where the text is drawn now
      const shown = { left: Math.max(0, sh.x[0]), right: Math.min(vw, sh.x[1]), top: Math.max(0, sh.y[0]),
                      bottom: Math.min(vh, sh.y[1]) };
      for (const r of lines) {
        if (why) break;
        if (haloOver(r, el)) { why = 'a shadow or outline of another element'; break; }
        const y = (r.top + r.bottom) / 2, step = Math.max(16, 1.5 * size);
        if (r.left >= shown.right || r.right <= shown.left || y >= shown.bottom || y < shown.top) {
          why = 'outside the viewport';
          break;
        }
        const right = Math.min(r.right, shown.right) - 1;
        for (let x = Math.max(r.left, shown.left) + 1; !why && x <= right + step - 1; x += step) {
          const at = backgroundAt(el, Math.min(x, right), y);
          if (at.why) why = at.why;
          else if (bg && at.color.some((v, i) => Math.abs(v - bg[i]) > 0.5)) why = 'a background that changes along the text';
          else bg = at.color;
        }
      }
      if (!why && bg) {
        out.applicable++;
        const fg = over(fill, bg);
        const contrast = ratio(fg, bg);
        if (contrast < 1.0001) continue;  // the text's colour is its background's: not visible
        if (contrast >= need(large)) {
          out.flatPassed++;
          if (ask !== null) out.askedPass.push([ask, Math.round(contrast * 100) / 100]);
          continue;
        }
        out.flat.push({ ...info, ...name(), fg: hex(fg), bg: hex(bg), fgRgb: fg, bgRgb: bg });
        continue;
      }
      // Pixels: the characters shown whole in the viewport, each with its visible box.
      const b = bounds(g.chain);
      const chars = [];
      let outside = 0;
      for (let i = 0; i < node.data.length; i++) {
        const code = node.data.codePointAt(i), end = i + (code > 0xffff ? 2 : 1);
        if (/\s/.test(node.data[i])) { i = end - 1; continue; }
        for (const r of L.rangeRects(node, i, end)) {
          if (r.top + sy < top || r.top + sy >= bottom) continue;
          const box = [Math.max(r.left, b.x[0]), Math.max(r.top, b.y[0]), Math.min(r.right, b.x[1]), Math.min(r.bottom, b.y[1])];
          if (box[2] - box[0] < 1 || box[3] - box[1] < 1) continue;  // cut away: not visible
          if (r.left < shown.left - 0.5 || r.right > shown.right + 0.5 || r.top < shown.top - 0.5 ||
              r.bottom > shown.bottom + 0.5) { outside++; continue; }  // reached by scrolling: not drawn now
          chars.push(box.map((v) => Math.round(v * 100) / 100));
          break;
        }
        i = end - 1;
      }
      out.outside += outside;
      if (!chars.length) continue;
      if (out.pixelChars + chars.length > maxPixelChars) { out.capped = true; break; }
      out.pixelChars += chars.length;
      out.applicable++;
      // The text's own colour and opacity, to tell thin glyphs (anti-aliased, never at full
      // strength) from a colour that is really too faint; unknown under filters and blending.
      const alpha = fill ? fill[3] * opacityOf(el) : 0;
      const exact = !!fill && !/filter|blend/.test(textNotPlain(el, s));
      const c0 = chars[0];
      pending.push([out.pixel.length, imagesAt(el, (c0[0] + c0[2]) / 2, (c0[1] + c0[3]) / 2)]);
      // A decoration that may be the glyphs' background stays in the picture of what lies under them.
      const ownLine = s.textDecorationLine !== 'none' && s.textDecorationColor !== s.color && !lineOnly(s);
      out.pixel.push({ ...info, ...name(), why, chars, color: exact ? fill.slice(0, 3) : null, alpha, unloaded: '',
                       thickLine: ownLine });
    }
    if (placeholders && !out.capped) collectPlaceholders();
  } finally {
    if (!keepSheet && pe) pe.remove();
  }
  // Images behind measured text that have not loaded or do not decode: their pixels are not
  // what the page is meant to show (a still-loading image decodes once it has arrived).
  const decoded = new Map();
  const decodes = (src) => {
    if (!decoded.has(src)) {
      const im = new Image();
      im.src = src;
      let timer;  // cleared when settled: a pending timer of ours would make the page seem busy
      decoded.set(src, Promise.race([im.decode().then(() => true, () => false),
        new Promise((r) => { timer = setTimeout(() => r(false), 2000); })]).finally(() => clearTimeout(timer)));
    }
    return decoded.get(src);
  };
  const finish = () => {
    if (out.pixel.length) out.firstRules = firstRulesAnywhere();
    return out;
  };
  const unloaded = (i, im) => { out.pixel[i].unloaded = typeof im === 'string' ? im.slice(0, 120) : L.selector(im); };
  const checked = pending.slice(0, 50);
  // <img> elements are answered at once: no wait (and no turn of the page's scripts) without a URL to decode.
  if (!checked.some(([, images]) => images.some((im) => typeof im === 'string'))) {
    for (const [i, images] of checked) {
      const bad = images.find((im) => !(im.complete && im.naturalWidth > 0));
      if (bad) unloaded(i, bad);
    }
    return finish();
  }
  return (async () => {
    for (const [i, images] of checked) {
      for (const im of images) {
        const ok = typeof im === 'string' ? await decodes(im) : im.complete && im.naturalWidth > 0;
        if (!ok) { unloaded(i, im); break; }
      }
    }
    return finish();
  })();
}
