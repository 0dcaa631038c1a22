// Browser-side helpers for the focus checks (src/a11y/checks/_focus.py).
// One expression: evaluated inside each call, so nothing is left on the page.
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

  function ariaHiddenTrue(el) {
    return (el.getAttribute('aria-hidden') || '').trim().toLowerCase() === 'true';
  }

  // The nearest inclusive ancestor in the flat tree with aria-hidden="true", or null.
  function hiddenAncestor(el) {
    for (let n = el; n; ) {
      if (n.nodeType === 1 && ariaHiddenTrue(n)) return n;
      if (n.assignedSlot) n = n.assignedSlot;
      else if (n.parentNode instanceof ShadowRoot) n = n.parentNode.host;
      else n = n.parentNode;
      if (n && n.nodeType === 9) return null;
    }
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
    const out = [];
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) {
        if (ariaHiddenTrue(el)) out.push(el);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    return out;
  }

  return { path, html, deepActive, hiddenAncestor, ariaHiddenTrue, ariaHiddenElements, blur, scroll };
})()
