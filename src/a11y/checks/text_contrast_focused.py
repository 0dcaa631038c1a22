"""Text keeps enough contrast while its element has keyboard focus (WCAG 1.4.3).

1.4.3 applies to text in every state a user can bring about, and focus styles are where
contrast is most often lost: a link that turns white on yellow when focused, a button whose
focus colour is its text's own. axe and text-contrast-rendered judge the page as it loaded,
with nothing focused.

Each element of the tab order that holds text is focused in turn by script, with transitions
off so that what is read is the focused look itself (Chromium gives focus moved by script the
:focus-visible look that a Tab press gives). An element is judged only when focus changes a
colour that bears on its text: the colour, fill, shadow, outline or decoration of the text, or
the background, opacity, filter or blending of anything it lies on (a parent's :focus-within
style counts), or focus adds or shows something drawn where its text is (a ripple or halo a
script appends on focus, a ::before or ::after a focus rule shows: elements inside the focused
element, its positioned siblings, and what a script adds or restyles anywhere while it has focus,
met against the boxes of its text), which the judgement below measures, from the pixels where it
is see-through. A look a script applies a moment after focus counts: after each focus the check
waits, in the page's own loop, for the microtasks and one task (React applies the state a focus
handler set then; no task where no script listens for focus, nor for a field's selection moving:
nothing could answer) and, where focus started animation frames or timers of a frame's length,
for those (a second at most). Text whose colours stay as they were is judged at rest by
text-contrast-rendered.
Where a rule or script could restyle or show other elements than the focused one, the text of
an element around it whose colours focus within changes (a card that darkens) is judged too,
once for all the elements in it whose own colours stay (a menu's links on its shaded ground), as
is the text of a panel that focus shows (a menu hidden at rest, which no look at rest sees), and
the links it shows are judged focused, as Tab reaches them. Text beside the focused element is
judged without that element's focus ring (an outline next to a hint is not what the hint lies on).
The judgement is text-contrast-rendered's, with the element focused: from computed styles where
the text lies on plain colours, from the rendered pixels otherwise, and left for review where
the pixels cannot decide.

Elements with the same focus look (the same colours, size and weight of their text at rest and
focused, on the same painted layers: a site's links under one :focus rule) are one look: the
first is focused and judged as above; then each of the others is focused in turn and its own
text judged from computed styles on what lies under it, after the wait above for what focus
starts (no more than a task's turn where nothing can change it later), a few elements a call.
No verdict passes from one element to another. One whose text needs pixels or does not all show,
or whose look may still change (a timer or frame its focus started, an animation), is judged as
a look of its own, and so is every element of a look whose first reads
otherwise without the wait. The limit on elements judged counts looks: a page's 300 links under
one :focus rule are one look, not 280 left unjudged.

While a modal dialog is open (native or ARIA, as _modal.py defines it), the elements outside it
are inert, an inactive part of the page that 1.4.3 exempts: they are not focused here.

A page where nothing could restyle focus (no style rule names a focus pseudo-class, every style
sheet readable, no script listening for focus moving) is not touched. Nor, where no script listens
for focus, is an element that no focus rule can reach: a rule changes with focus only where one
of its focus pseudo-classes could match the focused element (:focus, :focus-visible; or a shadow
host around it), or it or an element around it (:focus-within), wherever the rule's subject is
(_style_facts.FOCUS_ANCHORS); such an element looks as at rest, and a page whose whole tab order
is such is left unfocused, in one call. The top document's
elements only (open shadow roots included); text inside frames is not focused here.
"""
from __future__ import annotations

import json
import time
from collections import deque

from ._activity import activity_script
from ._context_change import DEEP_ACTIVE, TAB_ORDER, budget_ms
from ._contrast import hex_colour, is_large, ratio, threshold
from ._focus import SEQUENTIALLY_FOCUSABLE, NavigatedAway, focus_session
from ._layout import evaluate
from ._modal import ACTIVE_MODAL, OUTSIDE
from ._no_side_effects import contained
from ._style_facts import FOCUS_ANCHORS, FOCUS_EVENTS, STYLE_FACTS
from .base import CANT_TELL, FAILED, INAPPLICABLE, PASSED, TAKES_FOCUS, Check, CheckOutcome, Look, beyond_limit, node
from .text_contrast import PAGE_END, STILL, BandWork, Findings, TextContrastRendered, collect_script

# Waits, once focus has moved to el, for a focus look that a script applies a moment later: a
# framework sets the state a focus handler gave in a microtask (React) or a task of its own, and
# a handler may wait for an animation frame or a timer. `turn()`: every microtask queued, then one
# task's turn (a message, as React's scheduler posts). `settle(since, el, scripted, noTurn)`: a
# turn (none with noTurn), then (with `scripted`: a script on the page listens for focus moving,
# or without the activity record) a frame, and a frame and a turn at a time while the last one
# changed el, what is inside it or around it, or added an element anywhere (MUI adds its focus
# ripple two tasks after the class), or while what was done since `since` (_activity.js's mark)
# left animation frames or timers of up to a frame's length to run; at most SETTLE_MS (1 s). On a
# page where no script listens for focus, an element whose focus starts nothing costs no frame.
# Our own frames and timers are not waited for. True when it settled in the time.
# `quiet(el, scripted)`: no turn is needed either (noTurn), as no script can answer focus on el:
# the activity record says none listens for focus moving (not `scripted`, and asked again in the
# call, and after any wait that let the page's scripts run) or for selectionchange, and el is no
# select or editable content, nor a field with a handler property for selectionchange on it or
# around it (focus on a field moves the selection, which fires selectionchange; handler properties
# for it are not noted). A turn would only let the
# page's other tasks run and the browser draw a frame between two elements (each focus ring
# painted: two to four times the CPU of the focus itself on a long page).
FOCUS_SETTLES = r"""(() => {
  const A = window.__a11yActivity;
  const turn = () => new Promise((r) => {
    const c = new MessageChannel();
    c.port1.onmessage = () => r();
    c.port2.postMessage(0);
  });
  const ours = new Set();
  const frame = () => new Promise((r) => {
    const done = () => { clearTimeout(t); r(); };
    const t = setTimeout(done, 100);  // a page that draws no frames (hidden) still moves on
    ours.add('timeout ' + t).add('frame ' + requestAnimationFrame(done));
  });
  const left = (since) => A.causedSince(since).filter(([kind, id, delay]) => !ours.has(kind + ' ' + id) &&
    (kind === 'frame' || (kind === 'timeout' && delay <= 16)));
  // The DOM's changes from now on: take() those since the last take (a callback would have taken
  // them from takeRecords() by the time a task has run); stop() to end.
  const records = () => {
    let got = [];
    const watch = new MutationObserver((rs) => { got.push(...rs); });
    watch.observe(document, {subtree: true, childList: true, attributes: true});
    return {take: () => { const out = got.concat(watch.takeRecords()); got = []; return out; },
            stop: () => watch.disconnect()};
  };
  const near = (el) => (r) => (r.type === 'childList' && [...r.addedNodes].some((n) => n.nodeType === 1)) ||
    el.contains(r.target) || r.target.contains(el);
  // A field's selection moves with focus: selectionchange, fired at it, goes up to the document,
  // where a handler property (el.onselectionchange = f) may hear it, which the record does not note.
  const CARET = /^(input|textarea)$/;
  const selectionHeard = (el) => {
    for (let a = el; a; a = a.parentNode && a.parentNode.nodeType === 11 ? a.parentNode.host : a.parentNode) {
      if (a.onselectionchange != null) return true;
    }
    return false;
  };
  // Asked again in this call (a script may have begun listening since the page was surveyed), and
  // after each wait that let the page's scripts run.
  let heard;
  const quiet = (el, scripted) => {
    if (scripted || !A || el.isContentEditable || el.localName === 'select') return false;
    if (CARET.test(el.localName) && selectionHeard(el)) return false;
    if (heard === undefined) heard = A.listensFor(HEARD);
    return !heard;
  };
  const settle = async (since, el, scripted, noTurn = false) => {
    const watch = records();
    let waited = !noTurn;
    try {
      if (!noTurn) await turn();
      const from = performance.now();
      for (let k = 0; watch.take().some(near(el)) || (A && left(since).length) || ((scripted || !A) && !k); k++) {
        if (performance.now() - from > SETTLE_MS) return false;
        waited = true;
        await frame();
        await turn();
      }
      return true;
    } finally {
      watch.stop();
      if (waited) {
        heard = undefined;
        turns++;
      }
    }
  };
  let turns = 0;  // waits that let the page's scripts run (which may have changed its style sheets)
  return {settle, records, quiet, mark: () => (A ? A.mark() : 0), turns: () => turns};
})()""".replace("SETTLE_MS", "1000").replace("HEARD", json.dumps([*FOCUS_EVENTS, "selectionchange"]))
# The elements of the tab order that hold text with a letter (or are form fields), at most `max`;
# each focused in turn (no scrolling), what its focus started let settle (FOCUS_SETTLES: awaited in
# this loop, not a call each), and its text's colours and those of everything it lies on compared
# with how they were with nothing focused, and what is drawn where its text is (covered). With
# `within` (a rule or a script could restyle or show other elements than the focused one): an
# element around the focused one whose colours changed (li:focus-within) has its own text judged
# too, and an element of the tab order that focus there brings into view (a submenu shown by
# :focus-within) is judged focused itself, having had no look at rest (focused after the element
# that shows it, as Tab reaches it). Keeps
# [element, the element whose text is judged, the element to focus first] in
# window.__a11yFocusText (none kept: nothing left there); returns how many were tried and how many
# are kept. An element that no focus rule can reach and no script answer is not focused (quiet
# below): it looks as at rest. With `probe` (outside the focus session) nothing is focused: the
# same answer where the whole tab order is such, else null.
CHANGES = r"""async ([max, budgetMs, within, scripted, probe]) => {
  const until = performance.now() + budgetMs;
  const W = FOCUS_SETTLES;
  const LETTER = /\p{L}/u;
  const TEXT = ['color', 'webkitTextFillColor', 'textShadow', 'webkitTextStrokeWidth', 'webkitTextStrokeColor',
    'textDecorationLine', 'textDecorationColor', 'fontSize', 'fontWeight', 'visibility'];
  const UNDER = ['backgroundColor', 'backgroundImage', 'opacity', 'filter', 'mixBlendMode', 'backdropFilter'];
  const up = (n) => (n.parentNode && n.parentNode.nodeType === 11 && n.parentNode.host ? n.parentNode.host
                                                                                      : n.parentElement);
  const deepActive = DEEP_ACTIVE;
  const focusable = SEQUENTIALLY_FOCUSABLE;
  const name = (e) => (e.getAttribute('aria-label') || e.textContent || e.localName).trim().slice(0, 40);
  // Outside an open modal dialog (native or ARIA): inert, an inactive part of the page while it is open.
  const modal = (ACTIVE_MODAL)(), inactive = (el) => (OUTSIDE)(el, modal);
  // The elements whose own text nodes carry the candidate's text (at most 8 a candidate).
  // A form field's text (its value, or its placeholder) is no text node: the field carries it.
  const FIELD = /^(textarea|select)$|^input$/;
  const TYPED = /^(text|search|email|url|tel|number)$/;
  const holders = (el) => {
    if (FIELD.test(el.localName)) return el.localName !== 'input' || TYPED.test(el.type) ? [el] : [];
    const out = [];
    const w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = w.nextNode(); n && out.length < 8; n = w.nextNode()) {
      const p = n.parentElement;
      if (p && LETTER.test(n.data) && !out.includes(p)) out.push(p);
    }
    return out;
  };
  // Whether focus on el could restyle anything (_style_facts.py: a focus pseudo-class of a rule
  // could match el, an element around it or a shadow host it is in), read again after a wait that
  // let the page's scripts run. An element with parts of its own that the browser styles (a video's
  // controls) counts as one that could.
  let anchors = null, anchorsAt = -1;
  const OWN_PARTS = /^(video|audio|iframe|frame|object|embed)$/;
  const mayRestyle = (el) => {
    if (anchorsAt !== W.turns()) [anchors, anchorsAt] = [(FOCUS_ANCHORS)(), W.turns()];
    if (anchors.all || OWN_PARTS.test(el.localName)) return true;
    if (anchors.hosts.size) for (let a = el; a; a = up(a)) if (anchors.hosts.has(a)) return true;
    for (let a = el; a; a = a.getRootNode().host || null) {
      if ((anchors.focus && a.matches(anchors.focus)) || (anchors.within && a.closest(anchors.within))) return true;
    }
    return false;
  };
  const quiet = (el) => W.quiet(el, scripted) && !mayRestyle(el);
  // With `probe`: the tab order walked only while each element is one that focus leaves as at rest
  // (quiet); null at the first that is not, else what the whole run would give, nothing focused.
  const NOT_QUIET = {}, takes = (el) => !inactive(el) && (LETTER.test(el.textContent) || FIELD.test(el.localName));
  let order;
  try {
    order = (TAB_ORDER)(max, probe ? (el) => {
      if (takes(el) && holders(el).length && !quiet(el)) throw NOT_QUIET;
      return takes(el);
    } : takes);
  } catch (e) {
    if (e === NOT_QUIET) return null;
    throw e;
  }
  const {cands, capped} = order;
  if (probe) return {tried: cands.length, late: 0, changed: 0, capped, looks: [], kinds: [], names: []};
  const texts = cands.map(holders);
  // The colours that bear on the texts: [all of them, those of the element itself and inside it,
  // all of them but for the layers that paint nothing (a link in a <p> and one in an <li> on the
  // same white are alike)].
  const PAINTS_NOTHING = ['rgba(0, 0, 0, 0)', 'none', '1', 'none', 'normal', 'none'];
  const look = (texts, el) => {
    let all = '', own = '', alike = '';
    for (const t of texts) {
      const s = getComputedStyle(t);
      let v = TEXT.map((p) => s[p]).join('|');
      if (t.localName === 'input' || t.localName === 'textarea') v += '|' + getComputedStyle(t, '::placeholder').color;
      let mine = true;
      for (let a = t; a; a = up(a)) {
        const as = getComputedStyle(a), values = UNDER.map((p) => as[p]), u = '/' + values.join('|');
        if (mine) own += u;
        all += u;
        if (values.some((x, k) => x !== PAINTS_NOTHING[k])) alike += u;
        if (a === el) mine = false;
      }
      all += v + '\n';
      own += v + '\n';
      alike += v + '\n';
    }
    return [all, own, alike];
  };
  // The candidates left unfocused, decided before anything is focused (their looks at rest are not
  // read): no script could answer focus on them and no rule restyle anything from them, so they
  // look as at rest (asked again in turn, after any wait that let the page's scripts run).
  const still = cands.map((el, i) => texts[i].length > 0 && quiet(el));
  const rest = texts.map((t, i) => (still[i] ? null : look(t, cands[i])));
  // What else could be drawn where an element's text is once it is focused (a ripple or halo a
  // script adds on focus, a ::before or ::after a focus rule shows): its own generated boxes, up
  // to 40 elements inside it and its positioned siblings, each as [display, visibility, opacity,
  // and what it fills its box with]. Elements a script adds or restyles anywhere while it is
  // focused are watched too (a MutationObserver).
  const SHOWN = ['display', 'visibility', 'opacity', 'backgroundColor', 'backgroundImage', 'boxShadow'];
  const shownAs = (s) => SHOWN.map((p) => s[p]).join('|');
  const pseudos = (el) => ['::before', '::after'].map((p) => {
    const s = getComputedStyle(el, p);
    return s.content + '|' + shownAs(s);
  }).join('\n');
  const nearby = (el) => {
    const out = [...el.querySelectorAll('*')].slice(0, 40);
    for (const sib of el.parentElement ? el.parentElement.children : []) {
      if (out.length >= 50) break;
      if (sib !== el && /^(absolute|fixed)$/.test(getComputedStyle(sib).position)) out.push(sib);
    }
    return out;
  };
  const layers = (el) => new Map([[el, pseudos(el)], ...nearby(el).map((e) => [e, shownAs(getComputedStyle(e))])]);
  const layersAtRest = cands.map((el, i) => (still[i] ? null : layers(el)));
  // Whether a box fills itself with something that hides or tints what is under it: a colour,
  // an image, an inset shadow; or is an image, or holds text of its own.
  const CLEAR = /^rgba\(.*,\s*0\)$|^transparent$/;
  const fills = (s) => !CLEAR.test(s.backgroundColor) || s.backgroundImage !== 'none' || /inset/.test(s.boxShadow);
  const paints = (e) => {
    const s = getComputedStyle(e);
    if (s.visibility !== 'visible' || parseFloat(s.opacity) === 0 || !e.getClientRects().length) return false;
    return fills(s) || /^(img|svg|canvas|video|picture|object|embed|iframe)$/.test(e.localName) ||
      [...e.childNodes].some((n) => n.nodeType === 3 && n.data.trim());
  };
  const pseudoPaints = (el) => ['::before', '::after'].some((p) => {
    const s = getComputedStyle(el, p);
    return !/^(none|normal)$/.test(s.content) && s.display !== 'none' && s.visibility === 'visible' &&
      parseFloat(s.opacity) > 0 && fills(s);
  });
  // Where the element's text is drawn now: its text nodes' boxes (a form field: its own box).
  const textRects = (el, holders) => {
    if (FIELD.test(el.localName)) return [...el.getClientRects()];
    const out = [], range = document.createRange();
    for (const t of holders) {
      for (const n of t.childNodes) {
        if (n.nodeType !== 3 || !LETTER.test(n.data)) continue;
        range.selectNodeContents(n);
        out.push(...range.getClientRects());
      }
    }
    return out;
  };
  // An element's box; one inside the focused element that has no area yet (an entering animation
  // grows it from nothing) is taken at the size of the element around it.
  const box = (e, el) => {
    let b = e.getBoundingClientRect();
    for (let a = e; (b.width < 1 || b.height < 1) && a !== el && el.contains(a) && up(a); a = up(a)) {
      b = up(a).getBoundingClientRect();
    }
    return b;
  };
  const meets = (b, rects) => rects.some((r) => r.left < b.right && r.right > b.left && r.top < b.bottom &&
                                                r.bottom > b.top);
  // Whether focus on cands[i] added or showed something drawn where its text is (over it or under
  // it): its text is then judged, as what lies on it or under it changed. Elements around it are
  // look()'s: their colours are compared there.
  const covered = (i, changes) => {
    const el = cands[i], was = layersAtRest[i], now = layers(el);
    if (now.get(el) !== was.get(el) && pseudoPaints(el)) return true;
    const changed = [...now].filter(([e, v]) => e !== el && was.get(e) !== v).map(([e]) => e);
    for (const r of changes) {
      for (const n of r.type === 'childList' ? r.addedNodes : [r.target]) {
        if (n.nodeType !== 1 || !n.isConnected || n.contains(el)) continue;
        changed.push(n, ...[...n.querySelectorAll('*')].slice(0, 20));
      }
    }
    if (!changed.length) return false;
    const rects = textRects(el, texts[i]);
    return changed.some((e) => paints(e) && meets(box(e, el), rects));
  };
  // The colours of each element around a candidate (text of its own that focus within may restyle).
  const ANCESTOR = ['color', ...UNDER];
  const around = (el) => {
    const out = [];
    for (let a = up(el); a && a !== document.documentElement; a = up(a)) {
      const as = getComputedStyle(a);
      out.push([a, ANCESTOR.map((p) => as[p]).join('|')]);
    }
    return out;
  };
  const aroundAtRest = within ? cands.map((el, i) => (still[i] ? null : around(el))) : [];
  // Elements of the tab order that are not rendered at rest: focus elsewhere may show them.
  const hidden = [], listed = new Set(cands);
  if (within) {
    const roots = [document];
    for (let r = 0; r < roots.length && hidden.length < max; r++) {
      for (const el of roots[r].querySelectorAll('*')) {
        if (el.shadowRoot) roots.push(el.shadowRoot);
        if (!focusable(el) || el.closest('[inert]') || inactive(el) || listed.has(el)) continue;
        if (!el.getClientRects().length || getComputedStyle(el).visibility !== 'visible') hidden.push(el);
        if (hidden.length >= max) break;
      }
    }
  }
  const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility === 'visible';
  // The outermost element that hides a hidden element at rest (a menu's panel): its text has had
  // no look at rest either.
  const hider = (el) => {
    let a = el;
    for (let b = up(a); b && b !== document.body && b !== document.documentElement && !shown(b); b = up(b)) a = b;
    return a;
  };
  // Hidden elements by what hides them (a collapsed list of 100 links is one look a focus).
  const groups = new Map();
  for (const el of hidden) {
    const h = hider(el);
    if (!groups.has(h)) groups.set(h, []);
    groups.get(h).push(el);
  }
  // [focused element, element whose text is judged, element focused first to show it, or null,
  // its focus look: the same for elements styled alike at rest and focused, on the same layers]
  const kept = [];
  const keep = (el, root, via = null, alike = null) => {
    if (!kept.some(([e, r]) => e === el && r === root)) kept.push([el, root, via, alike]);
  };
  let late = 0;
  const watcher = W.records();
  try {
    for (const [i, el] of cands.entries()) {
      if (!texts[i].length) continue;
      if (still[i]) {
        if (quiet(el)) continue;
        // A wait let the page's scripts make it one that may restyle: its look at rest, read now.
        const a = deepActive();
        if (a && a.blur) a.blur();
        rest[i] = look(texts[i], el);
        layersAtRest[i] = layers(el);
        if (within) aroundAtRest[i] = around(el);
      }
      if (performance.now() > until) { late++; continue; }  // the check's time is up
      watcher.take();  // what changed before this element was focused
      const since = W.mark();
      el.focus({preventScroll: true});
      if (deepActive() !== el) continue;  // a script put focus elsewhere
      // A look a framework applies a microtask, a task or a frame later (none without a listener).
      await W.settle(since, el, scripted, W.quiet(el, scripted));
      if (deepActive() !== el) continue;
      const [all, own, alike] = look(texts[i], el);
      const over = covered(i, watcher.take());
      const ownChanged = own !== rest[i][1] || over, aroundChanged = all !== rest[i][0] && !ownChanged;
      const focusLook = [el.localName, el.type || '', rest[i][2], alike, over ? 'covered' : ''].join('\n');
      if (ownChanged || (aroundChanged && !within)) keep(el, el, null, focusLook);
      if (!within) continue;
      // The outermost element around it whose colours changed: its text (the focused element's and
      // its neighbours' in a nav:focus-within) is judged once, with the first element in it focused.
      const now = around(el);
      let scope = null;
      aroundAtRest[i].forEach(([anc, was], k) => {
        if (now[k] && now[k][0] === anc && now[k][1] !== was) scope = anc;
      });
      if (aroundChanged && !scope) keep(el, el, null, focusLook);
      const judged = (r) => kept.some(([e, k]) => k === r && e !== k);
      if (scope && (aroundChanged || holders(scope).some((t) => !el.contains(t))) && !judged(scope)) keep(el, scope);
      for (const [panel, members] of groups) {
        if (!shown(panel)) continue;
        const still = members.filter((el2) => !shown(el2));
        for (const el2 of members) if (!still.includes(el2) && holders(el2).length) keep(el2, el2, el);
        const shownNow = still.length < members.length;
        if (!members.includes(panel) && shownNow && !kept.some(([, r]) => r === panel) && holders(panel).length) {
          keep(el, panel);
        }
        if (still.length) groups.set(panel, still); else groups.delete(panel);
      }
    }
  } finally {
    watcher.stop();
  }
  const a = document.activeElement;
  if (a && a !== document.body) a.blur();
  if (kept.length) window.__a11yFocusText = kept; else delete window.__a11yFocusText;
  return {tried: cands.length - late, late, changed: kept.length, capped, looks: kept.map((k) => k[3]),
          kinds: kept.map(([e, r]) => (e === r ? 'own' : r.contains(e) ? 'around' : 'shown')),
          names: kept.map(([e, r]) => (e !== r && r.contains(e) ? r.localName + (r.id ? '#' + r.id : '') : name(e)))};
}""".replace("TAB_ORDER", TAB_ORDER).replace("DEEP_ACTIVE", DEEP_ACTIVE).replace("SEQUENTIALLY_FOCUSABLE",
                                                                               SEQUENTIALLY_FOCUSABLE) \
    .replace("ACTIVE_MODAL", ACTIVE_MODAL).replace("OUTSIDE", OUTSIDE).replace("FOCUS_SETTLES", FOCUS_SETTLES) \
    .replace("FOCUS_ANCHORS", FOCUS_ANCHORS)

# A focused form field's own text (value, else placeholder) over the field's background, when the
# colours can be read from styles (plain colours composited up to an opaque one, no image or
# filter): {fg, bg, text, size, weight, selector, html}, or null (nothing to judge here). Colours
# are read in any notation (oklch() too: L.colour, _colour.js).
FIELD_TEXT = r"""(L, el) => {
  const LETTER = /\p{L}/u;
  const value = el.localName === 'select' ? ((el.options[el.selectedIndex] || {}).text || '') : el.value;
  const typed = !!value.trim();
  const text = typed ? value : (el.placeholder || '');
  if (!LETTER.test(text)) return null;
  const s = getComputedStyle(el), ps = typed ? s : getComputedStyle(el, '::placeholder');
  const rgba = L.colour;
  const over = (top, below) => [0, 1, 2].map((i) => top[i] * top[3] + below[i] * (1 - top[3]));
  const layers = [];
  for (let a = el; a; a = L.flatParent(a)) {
    const as = getComputedStyle(a);
    if (as.backgroundImage !== 'none' || as.filter !== 'none' || parseFloat(as.opacity) < 1 ||
        as.mixBlendMode !== 'normal') return null;
    const bg = rgba(as.backgroundColor);
    if (bg && bg[3] > 0) layers.push(bg);
    if (bg && bg[3] >= 1) break;
  }
  if (!layers.length || layers[layers.length - 1][3] < 1) return null;
  let bg = layers.pop().slice(0, 3);
  while (layers.length) bg = over(layers.pop(), bg);
  const fill = rgba(ps.webkitTextFillColor || ps.color);
  if (!fill) return null;
  return {fg: over(fill, bg), bg, text: text.trim().slice(0, 60), size: parseFloat(s.fontSize),
          weight: parseFloat(s.fontWeight) || 400, placeholder: !typed, selector: L.selector(el),
          html: L.outerHtml(el)};
}"""
# What MEASURE changed, put back: the animations it held still (window.__a11yFocusHeld), the focus
# ring it took off an element (to judge the text beside it).
RING_BACK = """(() => {
  for (const [a, rate] of window.__a11yFocusHeld || []) if (a.playbackRate === 0) a.playbackRate = rate;
  delete window.__a11yFocusHeld;
  const kept = window.__a11yFocusRing;
  if (!kept) return;
  const [el, style] = kept;
  if (style === null) el.removeAttribute('style'); else el.setAttribute('style', style);
  delete window.__a11yFocusRing;
})"""
# Focus element i of window.__a11yFocusText (scrolled into view as focus does), wait for what
# focus started (FOCUS_SETTLES) and two frames,
# and collect its text as text-contrast-rendered collects a band (_contrast.js, the element as
# its root), or, for a form field, FIELD_TEXT: [[scrollX, scrollY, viewport width, height],
# collected or null, field text or null], or null when it would not keep focus.
MEASURE = f"""async (L, {{i, maxNodes, maxPixelChars}}) => {{
  (RING_BACK)();
  const [el, root, via] = window.__a11yFocusText[i];
  const W = {FOCUS_SETTLES};
  const since = W.mark();
  if (via) via.focus();
  el.focus();
  await W.settle(since, el, false);  // and two frames below
  if ((DEEP_ACTIVE)() !== el) return null;
  if (root !== el) {{  // text beside the focused element: its focus ring is not what the text lies on
    window.__a11yFocusRing = [el, el.getAttribute('style')];
    el.style.setProperty('outline', 'none', 'important');
    el.style.setProperty('box-shadow', 'none', 'important');
  }}
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  // The animations focus started on the element or around it that end (a ripple growing in) are
  // let end (1 s at most); then every animation still running (a ripple that pulses for ever) is
  // held where it is while the text is pictured (playback rate 0, put back by the next call), so
  // that the pictures show one look, as a user sees it at some moment.
  const running = () => document.getAnimations().filter((a) => a.playState === 'running' && a.playbackRate !== 0 &&
    !(window.CSSTransition && a instanceof CSSTransition));
  const ending = running().filter((a) => {{
    const t = a.effect && a.effect.target;
    return t && (el.contains(t) || t.contains(el)) && Number.isFinite(a.effect.getComputedTiming().endTime);
  }});
  if (ending.length) {{
    await Promise.race([Promise.all(ending.map((a) => a.finished.catch(() => null))),
                        new Promise((r) => setTimeout(r, 1000))]);
  }}
  window.__a11yFocusHeld = running().map((a) => {{
    const rate = a.playbackRate;
    a.playbackRate = 0;
    return [a, rate];
  }});
  const view = [scrollX, scrollY, document.documentElement.clientWidth, document.documentElement.clientHeight];
  if (el === root && /^(input|textarea|select)$/.test(el.localName)) return [view, null, ({FIELD_TEXT})(L, el)];
  const out = await ({collect_script()})(L, {{top: -{PAGE_END}, bottom: {PAGE_END}, maxNodes, maxPixelChars,
    root, origin: 0, keepSheet: false, enhanced: false}});
  return [view, out, null];
}}""".replace("DEEP_ACTIVE", DEEP_ACTIVE).replace("RING_BACK", RING_BACK)
# Elements of window.__a11yFocusText (indices) each focused in turn and its text collected once
# what its focus started has settled (FOCUS_SETTLES; `scripted` as for CHANGES), from computed
# styles only (no characters for pixels: text that needs them comes back capped): [[view,
# collected or null, field text or null], null (it would not keep focus) or "settling", ...]. For
# the elements styled as one already judged by MEASURE: each judged itself, in one call.
# "settling": its look may still change (a timer or a frame a focus handler started, an animation
# on it or around it), for MEASURE's wait to judge.
MEASURE_ALIKE = f"""async (L, {{indices, maxNodes, scripted}}) => {{
  (RING_BACK)();
  const A = window.__a11yActivity;
  const up = (n) => (n.parentNode && n.parentNode.nodeType === 11 && n.parentNode.host ? n.parentNode.host
                                                                                      : n.parentElement);
  const animated = (el) => {{
    const on = new Set(document.getAnimations().map((a) => a.effect && a.effect.target).filter(Boolean));
    if ([...on].some((t) => el.contains(t))) return true;
    for (let a = el; a; a = up(a)) if (on.has(a)) return true;
    return false;
  }};
  const W = {FOCUS_SETTLES};
  const got = [];
  try {{
    const was = (DEEP_ACTIVE)();
    if (was && was.blur) was.blur();  // the first is focused afresh, as the others are
    for (const i of indices) {{
      const [el] = window.__a11yFocusText[i];
      const since = A ? A.mark() : 0;
      el.focus();
      const later = !A || A.causedSince(since).length > 0;
      const settled = await W.settle(since, el, scripted, W.quiet(el, scripted));
      if ((DEEP_ACTIVE)() !== el) {{ got.push(null); continue; }}
      if (later || !settled || animated(el)) {{ got.push('settling'); continue; }}
      const view = [scrollX, scrollY, document.documentElement.clientWidth, document.documentElement.clientHeight];
      if (/^(input|textarea|select)$/.test(el.localName)) {{ got.push([view, null, ({FIELD_TEXT})(L, el)]); continue; }}
      got.push([view, await ({collect_script()})(L, {{top: -{PAGE_END}, bottom: {PAGE_END}, maxNodes,
        maxPixelChars: 0, root: el, origin: 0, keepSheet: true, enhanced: false}}), null]);
    }}
  }} finally {{
    const sheet = document.querySelector('style[data-a11y-hit-test]');
    if (sheet) sheet.remove();
  }}
  return got;
}}""".replace("DEEP_ACTIVE", DEEP_ACTIVE).replace("RING_BACK", RING_BACK)
FORGET = f"() => {{ ({RING_BACK})(); delete window.__a11yFocusText; }}"
FOCUSED = "with keyboard focus on it (or on the element around it), "
FOCUS_WITHIN = "while keyboard focus is inside the {name} around it, "
SHOWN_BY_FOCUS = 'shown while keyboard focus is on "{name}", '
# What the limit on elements judged counts: a page's links under one :focus rule are one look.
LOOKS = ("distinct focus looks (elements whose colours change with focus, those styled alike on the same "
         "background counted once)")
ALIKE_AT_ONCE = 25  # elements of one look judged in one call (MEASURE_ALIKE)


class TextContrastFocused(Check):
    id = "text-contrast-focused"
    time_limit = 20.0
    init_script = activity_script()  # whether a script listens for focus (STYLE_FACTS)
    present = TAKES_FOCUS
    max_elements = 2000  # elements of the tab order tried per page (times CheckContext.reach)
    max_judged = 20  # distinct looks of those whose colours change, judged per page (_alike)
    max_pixel_chars = 300

    def looks(self) -> list[Look]:
        return [STYLE_FACTS]

    async def run(self, ctx) -> CheckOutcome:
        facts = await ctx.first_look(STYLE_FACTS.script)
        if not (facts["focusColours"] or facts["unreadable"] or facts["focusScript"]):
            return CheckOutcome(INAPPLICABLE, reason=(
                "nothing on the page could restyle focus (no style rule that colours focus, no script listening "
                "for focus moving): focused text keeps the colours judged at rest"))
        page = ctx.page
        deadline = time.monotonic() + max(2.0, ctx.timeout - 3)
        found = Findings(enhanced=False)
        judged = 0
        beside: dict[tuple, str] = {}  # targets judged as text beside the focused element: their prefix
        within = facts["focusReveals"] or facts["focusScript"] or facts["unreadable"]
        changes = [self.max_elements * ctx.reach, budget_ms(ctx, 8.0), within, facts["focusScript"]]
        # Often none of the tab order is within its focus rules' reach: where none is and no script
        # could answer focus, nothing needs focusing (CHANGES's probe, one call; not tried where a
        # rule's reach is likely wide, as a:focus is).
        seen = None
        if not (facts["focusScript"] or facts["unreadable"] or facts["focusBroad"]):
            seen = await page.main_frame.evaluate(CHANGES, [*changes, True])
        if seen is None:
            try:
                # What focus handlers send stays here.
                async with contained(page, restore_state=False), focus_session(page, STILL):
                    seen = await page.main_frame.evaluate(CHANGES, [*changes, False])
                    if seen["changed"]:  # elements kept to judge (and window.__a11yFocusText to forget)
                        try:
                            judged = await self._judge_kept(ctx, seen, found, beside, deadline, facts["focusScript"])
                        finally:
                            await page.main_frame.evaluate(FORGET)
            except NavigatedAway as exc:
                return CheckOutcome(CANT_TELL, reason=f"{exc}; the focused states could not all be judged")
        if seen["late"]:
            found.not_examined.append(f"{seen['late']} element(s) of the tab order were not focused in the time given")
        if seen["capped"]:
            found.not_examined.append(beyond_limit("elements in the tab order", self.max_elements * ctx.reach,
                                                   ctx.reach))
        return _outcome(found, seen, judged, beside)

    async def _judge_kept(self, ctx, seen: dict, found: Findings, beside: dict[tuple, str], deadline: float,
                          scripted: bool) -> int:
        """Judge the elements CHANGES kept (`seen`), focused: how many were judged. One element of
        each focus look is focused and judged as a user sees it, first; then the others styled
        alike, a few in one call (MEASURE_ALIKE). The limit counts looks."""
        page = ctx.page
        judged = looks = 0  # elements judged; of them, focused and judged as the first of a look
        rendered = TextContrastRendered()
        work = BandWork(ctx.reach, 4000 * ctx.reach, self.max_pixel_chars * ctx.reach)
        queue = deque(_alike(seen["looks"]))
        alike: deque[tuple[tuple[int, list], list[int]]] = deque()
        most = self.max_judged * ctx.reach
        while queue or alike:
            if time.monotonic() > deadline:
                found.not_examined.append(f"judged {judged} of the {seen['changed']} elements whose "
                                          "colours change with focus in the time given")
                break
            if queue and looks >= most:  # the rest of the looks are left (said once)
                beyond = beyond_limit(LOOKS, most, ctx.reach)
                if beyond not in found.not_examined:
                    found.not_examined.append(beyond)
                queue.clear()
                continue
            if not queue:
                first, others = alike.popleft()
                n, own_look = await self._judge_alike(page, found, rendered, work, first, others, deadline, scripted)
                judged += n
                queue.extend((i, []) for i in own_look)
                continue
            first, others = queue.popleft()
            got = await evaluate(page, MEASURE, {"i": first, "maxNodes": work.max_nodes,
                                                 "maxPixelChars": work.pixel_chars_left})
            if got is None:  # it would not keep focus: the next one alike shows the look
                if others:
                    queue.appendleft((others[0], others[1:]))
                continue
            looks += 1
            judged += 1
            await self._judge(page, found, rendered, work, got, _prefix(seen, first), beside)
            if others:
                alike.append(((first, got), others))
        return judged

    @staticmethod
    async def _judge(page, found: Findings, rendered: TextContrastRendered, work: BandWork, got: list,
                     prefix: str | None = None, beside: dict[tuple, str] | None = None) -> None:
        """Judge what MEASURE (or MEASURE_ALIKE) collected of one element; `prefix`: what is said
        first of the text judged (in `beside`), when it is not the focused element's own."""
        view, out, field = got
        if out is None:  # a form field: its own value or placeholder
            if field is not None:
                _judge_field(found, field)
            return
        out["capped"] = False  # one element's text: the page-wide note does not apply
        known = set(found.failed) | set(found.review)
        await rendered.judge_band(page, [found], out, tuple(view), work)
        if prefix is not None:
            beside |= {t: prefix for t in (set(found.failed) | set(found.review)) - known}

    async def _judge_alike(self, page, found: Findings, rendered: TextContrastRendered, work: BandWork,
                           first: tuple[int, list], others: list[int], deadline: float,
                           scripted: bool) -> tuple[int, list[int]]:
        """Judge the elements styled as `first` (its index, and what MEASURE collected of it), each on
        its own text and what lies under it, a few in one call: (how many were judged, the indices
        of those that need a look of their own). Its text collected again without waiting for
        frames must come out as MEASURE had it (no focus look still settling); an element whose
        text needs pixels, or that does not show whole, needs its own look. `scripted`: a script
        listens for focus moving (each element is then given a frame, FOCUS_SETTLES)."""
        i, got = first
        judged, own_look = 0, []
        for start in range(0, len(others), ALIKE_AT_ONCE):
            chunk = others[start:start + ALIKE_AT_ONCE]
            if time.monotonic() > deadline:
                return judged, own_look + others[start:]
            again = await evaluate(page, MEASURE_ALIKE, {"indices": ([i] if start == 0 else []) + chunk,
                                                         "maxNodes": work.max_nodes, "scripted": scripted})
            if start == 0:
                if not isinstance(again[0], list) or _gist(again[0]) != _gist(got):
                    return 0, others
                again = again[1:]
            for k, member in zip(chunk, again, strict=True):
                if member is None:  # it would not keep focus
                    continue
                if not _from_styles(member):
                    own_look.append(k)
                    continue
                judged += 1
                await self._judge(page, found, rendered, work, member)
        return judged, own_look


def _alike(looks: list[str | None]) -> list[tuple[int, list[int]]]:
    """The kept elements by focus look, in the order of each look's first: (its first element,
    the others); an element without one (text around or shown by the focused one) is its own."""
    by_look: dict[str, tuple[int, list[int]]] = {}
    out = []
    for i, look in enumerate(looks):
        if look is not None and look in by_look:
            by_look[look][1].append(i)
            continue
        out.append((i, []))
        if look is not None:
            by_look[look] = out[-1]
    return out


def _prefix(seen: dict, i: int) -> str | None:
    kind = seen["kinds"][i]
    if kind == "own":
        return None
    return (FOCUS_WITHIN if kind == "around" else SHOWN_BY_FOCUS).format(name=seen["names"][i])


def _gist(got: list) -> tuple:
    """What a verdict on one element's focused text rests on, from what MEASURE or MEASURE_ALIKE
    collected: the same twice when its focused look was the same both times."""
    _, out, field = got
    if out is None:
        return ("field", field)
    return (out["flatPassed"], out["applicable"], out["notLanguage"], out["outside"],
            [(f["selector"], f["fg"], f["bg"], f["text"]) for f in out["flat"]],
            [p["selector"] for p in out["pixel"]])


def _from_styles(got: list | str) -> bool:
    """Whether MEASURE_ALIKE judged all of an element's focused text from computed styles, its
    look settled: none of it needs pixels (MEASURE_ALIKE measures none: such text caps what it
    collects) or lies outside the viewport."""
    if got == "settling":
        return False
    _, out, _ = got
    return out is None or not (out["capped"] or out["pixel"] or out["outside"])


def _judge_field(found: Findings, field: dict) -> None:
    large = is_large(field["size"], field["weight"])
    contrast, need = ratio(field["fg"], field["bg"]), threshold(large)
    if contrast >= need:
        found.passed += 1
        return
    what = "placeholder" if field["placeholder"] else "text"
    info = {"target": [field["selector"]], "html": field["html"], "ask": None}
    found.fail(info, contrast, f"contrast {contrast:.2f}:1 between the field's {what} ({hex_colour(field['fg'])}) and "
                               f"its background ({hex_colour(field['bg'])}); {need:g}:1 is needed: \"{field['text']}\"")


def _outcome(found: Findings, seen: dict, judged: int, beside: dict[tuple, str]) -> CheckOutcome:
    def prefix(t: tuple) -> str:
        return beside.get(t, FOCUSED)
    if found.failed:
        return CheckOutcome(FAILED, [node(list(t), html, prefix(t) + summary)
                                     for t, (html, summary, _) in found.failed.items()])
    if found.review or found.not_examined:
        whys = sorted({why for _, why in found.review.values()})
        counts = [f"{sum(w == why for _, w in found.review.values())} element(s) focused: {why}" for why in whys]
        nodes = [node(list(t), html, prefix(t) + why) for t, (html, why) in list(found.review.items())[:20]]
        return CheckOutcome(CANT_TELL, nodes, reason="; ".join(found.not_examined + counts))
    if judged and found.passed:
        return CheckOutcome(PASSED, reason=f"keyboard focus changes the colours of {judged} element(s), and their "
                                           "text keeps enough contrast with its background when focused")
    return CheckOutcome(INAPPLICABLE, reason=(
        f"keyboard focus changes the colours of the text of none of the {seen['tried']} element(s) of the tab "
        "order tried" if not judged else "the text whose colours change with focus is not visible text "
                                         "in a human language"))
