"""What an open modal dialog makes inactive: one definition for every check that needs it.

A modal dialog is in effect while the page shows one: a <dialog> opened with showModal()
(:modal), or an element whose role is dialog or alertdialog (a <dialog>'s own role too) with
aria-modal="true" that is shown: rendered, not hidden (visibility: hidden, or opacity 0 on it or
an ancestor, unless an animation running there ends visible: a dialog fading in as it opens),
with something of it drawn at least 2 x 2 CSS px (its own box, or a descendant's: USWDS's dialog
is a wrapper of no size whose overlay and panel are fixed inside it), inside the document (not
parked at left: -999em) and not cut away by an ancestor's clip; and the rest of the page blocked
as aria-modal promises: hidden from assistive technology (aria-hidden or inert on content beside
it) or covered (a backdrop, or the dialog itself, over the whole viewport). Marked aria-modal but
not shown, or over a page left usable (a cookie banner that dims nothing), it hides nothing; a
dialog without aria-modal is not modal.

While one is in effect, what lies outside it (in the flat tree: slotted content belongs to the
dialog whose slot holds it) is inert for the person using the page: the browser makes it so
under a native modal, and aria-modal says that the author does under an ARIA one (aria-hidden on
the rest, a backdrop over it, focus kept inside). For contrast (1.4.3, 1.4.6) that is an
inactive part of the interface, which the criterion exempts. For focus, a person's focus is in
the dialog: where Tab goes from there is found by starting inside it (START_INSIDE), and a page
that lets focus out has the elements Tab reaches outside judged like any other.

Several at once (a dialog over a dialog): the innermost; else the last found (the document's
before those of open shadow roots); a native one before ARIA ones (the top layer is above the
page).
"""
from __future__ import annotations

# Where a script makes its finder: `const modal = __A11Y_MODAL__();`.
TOKEN = "__A11Y_MODAL__"

# `() => Element | null`: the modal dialog in effect, as the module docstring defines it.
ACTIVE_MODAL = r"""(() => {
  const up = (n) => n.assignedSlot || (n.parentNode && n.parentNode.nodeType === 11 && n.parentNode.host
    ? n.parentNode.host : n.parentElement);
  const within = (el, box) => { for (let a = el; a; a = up(a)) if (a === box) return true; return false; };
  const roots = [document], natives = [], arias = [];
  for (let i = 0; i < roots.length; i++) {
    for (const el of roots[i].querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
    try { natives.push(...roots[i].querySelectorAll(':modal')); } catch (e) { /* no :modal in this engine */ }
    arias.push(...roots[i].querySelectorAll('[aria-modal]'));
  }
  const innermost = (list) => list.filter((m) => !list.some((o) => o !== m && within(o, m))).pop() || null;
  const native = innermost(natives);
  if (native) return native;
  const role = (el) => (el.getAttribute('role') || '').trim().toLowerCase().split(/\s+/)[0] ||
    (el.localName === 'dialog' ? 'dialog' : '');
  // An ancestor whose overflow clips el's box (r) away; an element fixed or absolute is clipped
  // only by the ancestors that contain it.
  const clippedAway = (el, r) => {
    let state = getComputedStyle(el).position;
    for (let a = up(el); a && a !== document.body && a !== document.documentElement; a = up(a)) {
      const s = getComputedStyle(a);
      const holds = s.transform !== 'none' || s.filter !== 'none' || /paint|layout|strict|content/.test(s.contain);
      if ((state === 'fixed' && !holds) || (state === 'absolute' && s.position === 'static' && !holds)) continue;
      if (s.display !== 'contents') state = s.position;
      if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
      const b = a.getBoundingClientRect();
      if (Math.min(r.right, b.right) - Math.max(r.left, b.left) < 2 ||
          Math.min(r.bottom, b.bottom) - Math.max(r.top, b.top) < 2) return true;
    }
    return false;
  };
  const root = document.documentElement;
  const wide = Math.max(root.scrollWidth, innerWidth), high = Math.max(root.scrollHeight, innerHeight);
  // Opacity 0 on el or an ancestor hides it, unless an animation running there ends visible (a
  // dialog fading in as it opens is shown: what the checks measure is the page after it).
  const endsVisible = (a) => a.getAnimations().some((x) => {
    const frames = x.playState === 'running' && x.effect ? x.effect.getKeyframes().filter((k) => 'opacity' in k) : [];
    return frames.length > 0 && parseFloat(frames[frames.length - 1].opacity) > 0;
  });
  const faded = (el) => {
    for (let a = el; a; a = up(a)) if (parseFloat(getComputedStyle(a).opacity) === 0 && !endsVisible(a)) return true;
    return false;
  };
  const drawn = (el) => {
    if (el.checkVisibility ? !el.checkVisibility({visibilityProperty: true})
                           : getComputedStyle(el).visibility !== 'visible') return false;
    if (faded(el)) return false;
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) return false;
    if (r.right + scrollX <= 0 || r.bottom + scrollY <= 0 || r.left + scrollX >= wide || r.top + scrollY >= high) {
      return false;  // outside the document: no scrolling brings it into view
    }
    return !clippedAway(el, r);
  };
  const shown = (el) => {
    if (!el.getClientRects().length && getComputedStyle(el).display !== 'contents') return false;  // not rendered
    if (drawn(el)) return true;
    const inner = el.querySelectorAll('*');
    for (let i = 0; i < inner.length && i < 200; i++) if (drawn(inner[i])) return true;
    return false;
  };
  // aria-modal is the author's word only: the rest of the page must be blocked as well, hidden
  // from assistive technology (aria-hidden or inert on content beside the dialog's ancestors) or
  // covered (the viewport's centre and corners hit the dialog or a fixed box over the whole
  // viewport: a backdrop). A cookie banner marked aria-modal over a page left as it was blocks
  // nothing, and the page's text is judged.
  const hiddenBeside = (el) => {
    for (let a = el; a && a !== document.documentElement; a = up(a)) {
      const parent = up(a);
      if (!parent) break;
      for (const sib of parent.children) {
        if (sib === a || !(sib.innerText || '').trim()) continue;
        if (sib.getAttribute('aria-hidden') === 'true' || sib.inert) return true;
      }
    }
    return false;
  };
  const covering = (hit) => {
    for (let a = hit; a; a = up(a)) {
      if (getComputedStyle(a).position !== 'fixed') continue;
      const r = a.getBoundingClientRect();
      if (r.width >= 0.9 * innerWidth && r.height >= 0.9 * innerHeight) return true;
    }
    return false;
  };
  const hitAt = (x, y) => {  // the element drawn there, through open shadow roots
    let hit = document.elementFromPoint(x, y);
    while (hit && hit.shadowRoot) {
      const inner = hit.shadowRoot.elementFromPoint(x, y);
      if (!inner || inner === hit) break;
      hit = inner;
    }
    return hit;
  };
  const covered = (el) => [[0.5, 0.5], [0.05, 0.05], [0.95, 0.05], [0.05, 0.95], [0.95, 0.95]].every(([fx, fy]) => {
    const hit = hitAt(fx * innerWidth, fy * innerHeight);
    return !hit || within(hit, el) || covering(hit);
  });
  const modal = arias.filter((el) => /^(dialog|alertdialog)$/.test(role(el)) &&
    el.getAttribute('aria-modal').trim().toLowerCase() === 'true' && shown(el) && (hiddenBeside(el) || covered(el)));
  return innermost(modal);
})"""

# `(el, modal) => boolean`: el lies outside modal (an element from ACTIVE_MODAL, or null: then
# nothing is outside), through shadow roots and slots.
OUTSIDE = r"""((el, modal) => {
  if (!modal) return false;
  for (let a = el; a; a = a.assignedSlot || (a.parentNode && a.parentNode.nodeType === 11 && a.parentNode.host
    ? a.parentNode.host : a.parentElement)) if (a === modal) return false;
  return true;
})"""

# `() => string | null`: with a modal dialog in effect, sequential focus navigation made to start
# at the top of the dialog, as a person's focus is inside it (a probe focused there, taken away
# again: the next Tab goes to the dialog's first element in the tab order); the dialog's tag and
# id or class, to name it. null (nothing done) without one, or when the probe takes no focus.
START_INSIDE = f"""() => {{
  const modal = ({ACTIVE_MODAL})();
  if (!modal) return null;
  const probe = document.createElement('span');
  probe.setAttribute('data-a11y-own', '');
  probe.tabIndex = -1;
  const parent = modal.shadowRoot || modal;
  parent.insertBefore(probe, parent.firstChild);
  probe.focus({{preventScroll: true}});
  const took = probe.getRootNode().activeElement === probe;
  probe.remove();
  if (!took) return null;
  const cls = (modal.getAttribute('class') || '').trim().split(/\\s+/)[0];
  return modal.localName + (modal.id ? '#' + modal.id : cls ? '.' + cls : '');
}}"""


def with_modal(script: str) -> str:
    """script (JS) with TOKEN replaced by ACTIVE_MODAL."""
    if TOKEN not in script:
        raise ValueError(f"the script has no {TOKEN} to put the modal dialog's finder in")
    return script.replace(TOKEN, ACTIVE_MODAL)
