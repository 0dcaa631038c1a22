"""Browser-side helpers for the bypass-blocks check: the page's perceivable content as a list
of units (visible text nodes and image alternatives, in tree order), which of them repeat on
another page of the site, and where a mechanism (skip link, heading, landmark, collapsing
control) puts the user relative to the first non-repeated content after repeated content.

A modal dialog open over the page (_modal.ACTIVE_MODAL: a cookie or session dialog at load) is
a transient state: the page's blocks and its ways past them are those of the page behind it, as
it will be once the dialog closes. So while one is in effect the dialog's own content is left
out (unless the page has nothing else), and the aria-hidden the dialog put on the content beside
it does not hide that content's headings, landmarks and skip links; aria-hidden the page has of
its own still does."""
from __future__ import annotations

from ._focus import SEQUENTIALLY_FOCUSABLE
from ._modal import OUTSIDE, with_modal

# Defines window.__a11yBlocks (once per document) and evaluates to it.
INSTALL = r"""
(() => {
  if (window.__a11yBlocks) return window.__a11yBlocks;
  const norm = (s) => (s || '').replace(/\s+/g, ' ').trim();
  // None of it or its ancestors hides it. A closed <details>' content and hidden="until-found"
  // keep their boxes but are skipped (content-visibility: hidden): only checkVisibility tells. A
  // content-visibility: auto section off screen is skipped too, but it is drawn when scrolled to,
  // so it still counts. Its visibilityProperty is the computed visibility, and its opacityProperty
  // an opacity of 0 on the element or an ancestor: the computed style is read only without it.
  const visible = (el) => {
    if (el.checkVisibility) return el.checkVisibility({opacityProperty: true, visibilityProperty: true});
    const style = getComputedStyle(el);
    return style.visibility === 'visible' && style.opacity !== '0';
  };
  // Drawn: it has boxes, and it is visible.
  const rendered = (el) => el.getClientRects().length > 0 && visible(el);
  const onScreen = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 1 && r.height > 1 && r.right + window.scrollX > 0 && r.bottom + window.scrollY > 0;
  };
  // rendered(el) && onScreen(el), in fewer reads: both rect lists come from the element's boxes,
  // and a bounding box wider and taller than a pixel means it has some (the two are pure reads).
  const shownOnScreen = (el) => onScreen(el) && visible(el);
  const activeModal = __A11Y_MODAL__;
  const outside = OUTSIDE_MODAL;
  // The modal dialog in effect over a page that has content of its own beside it, or null.
  const modalOver = (all) => {
    const modal = activeModal();
    return modal && all.some((u) => outside(u.node, modal)) ? modal : null;
  };
  // Hidden from assistive technology by an aria-hidden of the page's own: with modal, not the
  // one on content beside the dialog (a sibling of it or of an ancestor), which it puts there
  // while open and takes away when it closes.
  const hiddenFromAT = (el, modal) => {
    const HIDDEN = '[aria-hidden="true"]';
    for (let h = el.closest(HIDDEN); h; h = h.parentElement && h.parentElement.closest(HIDDEN)) {
      const besideModal = modal && h.parentElement && outside(modal, h) && !outside(modal, h.parentElement);
      if (!besideModal) return true;
    }
    return false;
  };
  const focusable = SEQUENTIALLY_FOCUSABLE;
  // Visible text nodes and img alts, in tree order (the units content is compared in); with a
  // modal dialog in effect over the page, those of the page behind it: {units, modal}.
  const pageUnits = () => {
    const all = allUnits();
    const modal = modalOver(all);
    return {units: modal ? all.filter((u) => outside(u.node, modal)) : all, modal};
  };
  const allUnits = () => {
    const out = [];
    const shown = new Map();  // parent element -> rendered and on screen (text nodes share parents)
    const shownParent = (el) => {
      if (!shown.has(el)) shown.set(el, shownOnScreen(el));
      return shown.get(el);
    };
    const walker = document.createTreeWalker(document.body || document.documentElement,
      NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    for (let n = walker.currentNode; n; n = walker.nextNode()) {
      if (n.nodeType === 1) {
        if (['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE'].includes(n.tagName)) continue;
        if (n.tagName === 'IMG' && norm(n.alt) && shownOnScreen(n)) {
          out.push({node: n, text: norm(n.alt)});
        }
        continue;
      }
      const text = norm(n.data);
      const parent = n.parentElement;
      if (!text || !parent || ['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE'].includes(parent.tagName)) continue;
      // aria-hidden text still counts: it is content a sighted user has to get past
      if (!shownParent(parent)) continue;
      out.push({node: n, text});
    }
    return out;
  };
  // CRC-32 of a string's UTF-8 bytes (Python's zlib.crc32 of the same text encoded).
  const CRC_TABLE = Array.from({length: 256}, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (text) => {
    let c = 0xffffffff;
    for (const byte of new TextEncoder().encode(text)) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const ACTS = /log[\s_-]?(out|off)|sign[\s_-]?(out|off)|delete|remove|unsubscribe|destroy|cancel/i;
  const LANDMARK_ROLES = ['main', 'navigation', 'complementary', 'banner', 'contentinfo', 'search', 'region'];
  const api = {
    texts() { return pageUnits().units.map((u) => u.text); },
    // Mark each unit repeated (its text is on the other page) or not; find the first
    // non-repeated unit after a repeated one (the content a user wants to get to).
    // With seen (the CRC-32 of the texts, joined by newlines, in UTF-8, that otherTexts was
    // narrowed to), a page whose texts are no longer those answers {changed: true} instead.
    analyse(otherTexts, seen) {
      const other = new Set(otherTexts);
      const {units: us, modal} = pageUnits();
      if (seen !== undefined && crc32(us.map((u) => u.text).join('\n')) !== seen) return {changed: true};
      let target = -1, repeatedWords = 0, anyRepeated = false;
      us.forEach((u, i) => {
        u.repeated = other.has(u.text);
        if (u.repeated && target < 0) repeatedWords += u.text.split(' ').length;
        if (!u.repeated && target < 0 && anyRepeated) target = i;
        anyRepeated = anyRepeated || u.repeated;
      });
      api.state = {units: us, target, modal};
      return {count: us.length, target, repeatedWords, modal: !!modal,
              targetText: target >= 0 ? us[target].text.slice(0, 120) : '',
              repeated: us.filter((u) => u.repeated).length};
    },
    // analyse, then, where repeated content of minWords words or more comes before the target,
    // what looking finds (a heading, else a landmark, else the controls to try): one call to the
    // page where there were four.
    judge(otherTexts, seen, minWords) {
      const info = api.analyse(otherTexts, seen);
      if (info.changed || info.target < 0 || info.repeatedWords < minWords) return info;
      info.heading = api.headingFound();
      info.landmark = !info.heading && api.landmarkFound();
      if (!info.heading && !info.landmark) info.candidates = api.candidates();
      return info;
    },
    // Index of the first unit at or after node (in tree order), -1 if none.
    unitFrom(node) {
      const us = api.state.units;
      for (let i = 0; i < us.length; i++) {
        const u = us[i].node;
        if (u === node || node.contains(u) || (node.compareDocumentPosition(u) & Node.DOCUMENT_POSITION_FOLLOWING)) {
          return i;
        }
      }
      return -1;
    },
    // Does the unit at i, reached from a mechanism, count as the content to get to?
    reaches(i) {
      const {units: us, target} = api.state;
      return i >= 0 && i >= target && !us[i].repeated;
    },
    // A visible heading, exposed to assistive technology, with non-repeated text, at or after the target.
    headingFound() {
      const {units: us, target, modal} = api.state;
      const heads = document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role="heading"]');
      for (const h of heads) {
        if (hiddenFromAT(h, modal) || !shownOnScreen(h)) continue;
        if (h.matches('[role]:not([role="heading"])')) continue;
        const i = api.unitFrom(h);
        if (i < 0 || !h.contains(us[i].node)) continue;
        if (i >= target && !us[i].repeated) return true;
      }
      return false;
    },
    // A landmark, exposed to assistive technology, holding non-repeated content after repeated content.
    landmarkFound() {
      const {units: us, target, modal} = api.state;
      const sel = 'main, nav, aside, [role="main"], [role="navigation"], [role="complementary"], ' +
        '[role="banner"], [role="contentinfo"], [role="search"], [role="region"][aria-label], ' +
        '[role="region"][aria-labelledby], section[aria-label], section[aria-labelledby], ' +
        'body > header, body > footer';
      for (const lm of document.querySelectorAll(sel)) {
        if (hiddenFromAT(lm, modal)) continue;
        const role = (lm.getAttribute('role') || '').trim().split(/\s+/)[0];
        if (role && !LANDMARK_ROLES.includes(role)) continue;
        if (us.some((u, i) => i >= target && !u.repeated && lm.contains(u.node))) return true;
      }
      return false;
    },
    // Controls that may move focus past repeated content or collapse it, before the target.
    candidates() {
      const {units: us, target, modal} = api.state;
      const stop = us[target].node;
      const out = [];
      for (const el of document.querySelectorAll('a[href], button, [role="link"], [role="button"], [tabindex]')) {
        if (!focusable(el) || !rendered(el) || hiddenFromAT(el, modal)) continue;
        if (modal && !outside(el, modal)) continue;  // the dialog's controls close it: no way past the page's blocks
        if (!(el.compareDocumentPosition(stop) & Node.DOCUMENT_POSITION_FOLLOWING)) continue;
        const name = norm(el.getAttribute('aria-label') || el.innerText || el.title);
        const href = el.getAttribute('href');
        const fragment = href && href.startsWith('#') && href.length > 1;
        const kind = /toggle|hide|collapse|close/i.test(name) ? 'collapse'
          : fragment || /skip|jump|main|content|go to/i.test(name) ? 'skip' : null;
        if (kind) out.push({el, kind});
      }
      api.cands = out.slice(0, 12);
      return api.cands.map((c, i) => ({i, kind: c.kind}));
    },
    focusCandidate(i) { api.cands[i].el.focus(); return document.activeElement === api.cands[i].el; },
    before() {
      api.mark = {hash: location.hash, active: document.activeElement};
      return true;
    },
    // Before a skip control is tried: the page's own address again, the control focused (false
    // when it cannot take focus), and where the user was marked.
    readySkip(i, url) {
      api.resetHash(url);
      return api.focusCandidate(i) && api.before();
    },
    // After it was activated: whether it sent the user to the content to get to.
    skipReaches() { return api.reaches(api.landed()); },
    // After activating a skip control: where did it send the user (unit index), or -1.
    landed() {
      let to = null;
      if (location.hash && location.hash !== api.mark.hash) {
        const id = decodeURIComponent(location.hash.slice(1));
        to = document.getElementById(id) || document.getElementsByName(id)[0] || null;
      }
      if (!to && document.activeElement && document.activeElement !== api.mark.active &&
          document.activeElement !== document.body) to = document.activeElement;
      api.landing = to;
      return to ? api.unitFrom(to) : -1;
    },
    // Did the Tab after the skip land at or after where the skip sent us (or leave the page,
    // when nothing focusable follows)?
    tabFollows() {
      const to = api.landing, f = document.activeElement;
      if (!to) return false;
      const after = (el) => el === to || to.contains(el) ||
        !!(to.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
      if (f && f !== document.body && after(f)) return true;
      // Nothing focusable after the landing point: Tab leaves the page (or wraps round), which
      // says nothing against the skip.
      return !Array.from(document.querySelectorAll('*')).some((el) => focusable(el) && rendered(el) && after(el));
    },
    resetHash(url) { history.replaceState(history.state, '', url); },
    // Repeated content before the target that is still rendered (not collapsed).
    repeatedShown() {
      const {units: us, target} = api.state;
      return us.slice(0, target).filter((u) => u.repeated && u.node.isConnected &&
        rendered(u.node.nodeType === 1 ? u.node : u.node.parentElement)).length;
    },
    // Same-origin pages this page links to (other than itself), in document order.
    sameSiteLinks() {
      const here = location.href.split('#')[0];
      const seen = new Set();
      for (const a of document.querySelectorAll('a[href], area[href]')) {
        let u;
        try { u = new URL(a.getAttribute('href'), document.baseURI); } catch (e) { continue; }
        if (u.origin !== location.origin || !/^https?:$/.test(u.protocol)) continue;
        u.hash = '';
        if (u.href === here || /\.(pdf|zip|png|jpe?g|gif|svg|mp[34]|docx?|xlsx?)$/i.test(u.pathname)) continue;
        // never follow a link that may act (sign the scan's session out, delete something)
        if (ACTS.test(u.pathname + u.search) || ACTS.test(a.textContent || '')) continue;
        seen.add(u.href);
      }
      return [...seen].slice(0, 4);
    },
  };
  window.__a11yBlocks = api;
  return api;
})()
""".replace("SEQUENTIALLY_FOCUSABLE", SEQUENTIALLY_FOCUSABLE).replace("OUTSIDE_MODAL", OUTSIDE)
INSTALL = with_modal(INSTALL)


def js(call: str) -> str:
    return f"(() => {{ const blocks = {INSTALL.strip()}; return {call}; }})()"
