"""Content that pointer hover brings up can be dismissed, hovered and stays (WCAG 2.1 1.4.13 Content
on Hover or Focus, its pointer half; focus_content.py is the keyboard half).

A tooltip or menu that appears when the pointer comes over an element must (1) go away with a
mechanism that needs no pointer movement (Escape, by convention), unless it is an input error or
covers nothing; (2) stay while the pointer moves onto it, so that a person who magnifies the
screen can read it; (3) stay until the pointer leaves, the person dismisses it, or it no longer
applies. The browser's own `title` tooltip is the user agent's, and not judged.

Candidates come from the survey, so a page where nothing answers hover costs next to nothing:
elements a style rule shows other content for (`.menu:hover > ul`, `a:hover + .tip`: the hidden
content the rule matches, and the element whose hover it names), elements with a hover listener of
their own (the activity record), and, where a script listens for hover, elements marked as tooltip
triggers. Where it listens on the document, the body or a root container (delegation, as React
does), the elements React keeps a hover handler for in their props come before those, and, after
everything else (the ::before and ::after tooltips below included) and as far as the time left
allows, at most `max_pointed` of what a person points at, in document order: elements of the tab
order, and elements with a name, a description or a popup that hold none; the root itself is not
hovered (what lies at its middle is one of those). At most `max_triggers` are judged, with real
pointer movement, each: the pointer moves to a point of it (from outside the viewport, where it
rests over nothing); what was hidden and shows now, or was added and shows, is its content (a menu
inside it included). An element inside or around one judged that brings up the same content (a
wrapper listening for hover and the button in it with aria-describedby) is not judged again. Then,
waiting only for the timers the hover started (not a poll the page keeps re-arming) and the
transitions it started (the page's transitions stay on: a hide delay is its grace for a gap), at
most `wait_ms`: does the content hide itself while the pointer stays (persistent; content replaced
by other content, a "Loading…" card by the card, is followed)? Escape pressed with the pointer
still: does it go, and if not, does it lie over text, an image or a control (dismissible)? Hovered
afresh, the pointer moves in small steps to the content's nearest point: is it still there
(hoverable)? Each wait must fit in the check's time, or the elements left are counted as not tried
(what a person points at under delegation: the reason says how many were hovered), and what was
found is kept. Content is named by its id, or, when the id looks made up at run time, by its role
and words. A tooltip drawn by an element's ::before or ::after (a rule such as
`.tooltipped:hover::after`: Primer, hint.css, balloon.css) has no element of its own: the element is
hovered the same way, the pseudo-element's computed style says whether it shows (its appearing
animation waited for), the DevTools protocol measures its box, and the same three questions are
asked of it (_revealed.py). Nothing is clicked; requests that write are refused
(_no_side_effects.py); focus, scroll and the pointer are put back.
"""
from __future__ import annotations

import contextlib
import json
import math
import time

from ._activity import ACTION_TIMERS, activity_script
from ._context_change import THROUGH, target
from ._focus import NavigatedAway, focus_session
from ._layout import evaluate
from ._no_side_effects import contained
from ._revealed import PSEUDO_FORGET, PSEUDO_RULES, PSEUDO_STATE, PSEUDO_TRIGGERS, SHOWN, pseudo_box, pseudo_covers
from ._style_facts import HAS_SHEETS, HOVER_EVENTS, LISTENS_FOR, STYLE_FACTS
from .base import (
    ACTIONS,
    CANT_TELL,
    FAILED,
    INAPPLICABLE,
    PASSED,
    Check,
    CheckOutcome,
    Look,
    PresentWhen,
    beyond_limit,
    node,
)

# An id made up at run time (tooltip961991, ember1234, :r5:, a hex hash): it names nothing from scan
# to scan, so content and targets are not named by it.
GENERATED_ID = r"/\d{3,}|:|(?=[a-f0-9]*\d)(?=[a-f0-9]*[a-f])[a-f0-9]{6,}/i"


# What every step's script shares: the page's record of this check (window.__a11yHover), and
# waiting for behaviour rather than for a fixed time (_activity.py's ACTION_TIMERS): timers and
# transitions the page started since H.mark (a tooltip's show delay, a hide timer, a hide delay in
# CSS), at most `ms` long, are waited for, no longer than `ms`.
_PRELUDE = r"""
  const H = window.__a11yHover, W = ACTION_TIMERS;
  const {shown, within, outermost, covers} = (SHOWN)(L);
  const LETTER = /\p{L}/u;
  const {frames} = W;
  // The timers (of at most `longest`) the page started since H.mark for what happened since (a
  // hover's handlers), not one of a chain it started before (a poll that re-arms itself is always
  // pending), and the CSS transitions and animations (of at most `longest`, delay included) started
  // since then: the page's own grace delay (`transition: visibility 0s .4s`) is waited for like
  // its timers. Up to `longest`, or twice that for a timer that is due (late on a busy machine),
  // unless opts say otherwise (W.settle).
  const waitFor = (longest, opts) => W.settle({timers: () => W.caused(H.mark, ['timeout'], longest),
                                               busy: () => W.moving(H.markTime, longest), ms: longest, ...opts});
  const begin = () => {
    H.mark = W.mark();
    H.markTime = W.timeline();
    H.added = [];
    if (H.observer) H.observer.disconnect();
    H.observer = new MutationObserver((rs) => {
      for (const r of rs) for (const n of r.addedNodes) if (n.nodeType === 1) H.added.push(n);
    });
    H.observer.observe(document.body || document.documentElement, {subtree: true, childList: true});
  };
  const fresh = () => {
    for (const r of H.observer.takeRecords()) for (const n of r.addedNodes) if (n.nodeType === 1) H.added.push(n);
    return H.added.filter((n) => shown(n) && LETTER.test(n.textContent) && n !== H.el && !within(H.el, n));
  };
  // Waits at most ms, or twice that for a timer that is due (late on a busy machine); at once when done().
  const settle = async (done, ms) => {
    await frames();
    await waitFor(ms, {done});
  };
  // Content named for a person: its id, unless one made up at run time (tooltip961991, :r5:), else
  // its role and the start of its words, which stay the same from scan to scan.
  const GENERATED = GENERATED_ID;
  const NAMES = {ul: 'list', ol: 'list', menu: 'list', nav: 'navigation', dialog: 'dialog', table: 'table',
                 img: 'image', form: 'form'};
  const describe = (p) => {
    if (p.id && !GENERATED.test(p.id) && p.getRootNode().querySelectorAll('#' + CSS.escape(p.id)).length === 1) {
      return '#' + CSS.escape(p.id);
    }
    const role = (p.getAttribute('role') || '').trim().split(/\s+/)[0] || NAMES[p.localName] || '';
    let text = (p.innerText || p.textContent || '').replace(/\s+/g, ' ').trim();
    if (text.length > 48) text = text.slice(0, 48).replace(/\s+\S*$/, '') + '…';
    return (role ? (/^[aeiou]/i.test(role) ? 'an ' : 'a ') + role : 'content') + ` "${text}"`;
  };
  const hitAt = (x, y) => {
    let hit = document.elementFromPoint(x, y);
    while (hit && hit.shadowRoot) {
      const inner = hit.shadowRoot.elementFromPoint(x, y);
      if (!inner || inner === hit) break;
      hit = inner;
    }
    return hit;
  };
  const inView = (x, y) => x >= 0 && y >= 0 && x < innerWidth && y < innerHeight;
  // The point of el (nearest `from`, else its middle first) where the pointer would be over it.
  const pointOn = (el, from) => {
    const pts = [];
    for (const b of el.getClientRects()) {
      if (b.width < 1 || b.height < 1) continue;
      const clamp = (v, lo, hi) => Math.min(Math.max(v, lo), hi);
      if (from) pts.push([clamp(from.x, b.left + 2, b.right - 2), clamp(from.y, b.top + 2, b.bottom - 2)]);
      for (const fx of [0.5, 0.25, 0.75, 0.1, 0.9]) for (const fy of [0.5, 0.25, 0.75, 0.1, 0.9]) {
        pts.push([b.left + fx * b.width, b.top + fy * b.height]);
      }
    }
    if (from) pts.sort((a, b) => Math.hypot(a[0] - from.x, a[1] - from.y) - Math.hypot(b[0] - from.x, b[1] - from.y));
    for (const [x, y] of pts) if (inView(x, y) && within(hitAt(x, y), el)) return {x, y};
    return null;
  };
"""


def _script(body: str) -> str:
    return ("async (L, arg) => {" + _PRELUDE + body + "}").replace("SHOWN", SHOWN).replace(
        "GENERATED_ID", GENERATED_ID).replace("ACTION_TIMERS", ACTION_TIMERS)


# Whether hover is handled by delegation, (A: the activity record, noted: the elements it saw a hover
# listener added to, shown) => null or {where, containers, reacting, pointable()}: a script listens
# for the pointer coming over something, and the listener is on the document or the window (the
# record notes no element for it), or on the body or a root container: React's (it marks it
# __reactContainer$…), or an element that holds at least ROOT_MANY elements, or half the page's
# (and ROOT_FEW). Within it: the elements whose React props (__reactProps$…) have a hover handler,
# and pointable(): what a person points at, in document order, whether it brings something up or
# not: elements of the tab order, and elements with a name, a description or a popup that hold none
# of those (a labelled region is not pointed at, the links in it are).
DELEGATED = r"""(A, noted, shown) => {
  const HOVER = ['mouseover', 'mouseenter', 'pointerover', 'pointerenter'];
  const REACT_HOVER = ['onMouseEnter', 'onMouseOver', 'onPointerEnter', 'onPointerOver'];
  const ROOT_MANY = 100, ROOT_FEW = 10, WALK = 20000;
  const html = document.documentElement, body = document.body || html;
  const size = (el) => el.getElementsByTagName('*').length;
  const page = size(body);
  const own = (el, prefix) => Object.keys(el).find((k) => k.startsWith(prefix));
  const container = (el) => el === body || el === html || !!own(el, '__reactContainer$') ||
    ((n) => n >= ROOT_MANY || (n >= ROOT_FEW && 2 * n >= page))(size(el));
  const containers = noted.filter(container);
  const property = (o, t) => { try { return o['on' + t] != null; } catch (e) { return false; } };
  const onDocument = !noted.length || HOVER.some((t) => property(document, t) || property(window, t));
  if (!onDocument && !containers.length) return null;
  const whole = onDocument || containers.includes(body) || containers.includes(html);
  const scopes = whole ? [document] : containers.filter((c) => !containers.some((d) => d !== c && d.contains(c)));
  const inScope = (sel) => scopes.flatMap((s) => [...s.querySelectorAll(sel)]);
  const reacting = [];
  let walked = 0;
  for (const el of inScope('*')) {
    if (++walked > WALK) break;
    const key = own(el, '__reactProps$');
    const props = key && el[key];
    const handles = props && typeof props === 'object' && REACT_HOVER.some((h) => typeof props[h] === 'function');
    if (handles) reacting.push(el);
  }
  const TAB = 'a[href], area[href], button, input:not([type=hidden]), select, textarea, summary, ' +
    '[tabindex]:not([tabindex^="-"]), [contenteditable]:not([contenteditable=false])';
  const NAMED = '[aria-label], [title], [aria-describedby], [aria-haspopup]:not([aria-haspopup=false])';
  const AWAY = /^(html|body|iframe|frame|object|embed|option|optgroup)$/;
  const pointable = () => inScope(TAB + ', ' + NAMED).filter((el) => !AWAY.test(el.localName) &&
    !el.querySelector(TAB) && shown(el));
  return {where: whole ? 'the document' : "a container around the page's content", containers, reacting, pointable};
}"""


# The elements to hover (see the module's docstring), at most arg.max, kept in window.__a11yHover
# with the hidden elements with words that hovering could show (at most arg.maxHidden).
CANDIDATES = r"""async (L, arg) => {
  const {shown, hiddenWithWords} = (SHOWN)(L);
  const through = THROUGH;
  const LETTER = /\p{L}/u;
  const A = window.__a11yActivity;
  // L.selector, passing over an id made up at run time (tooltip961991, :r5:): the same target
  // from scan to scan.
  const GENERATED = GENERATED_ID;
  const stable = {...L, selector: (el) => L.selector(el, {skipId: (id) => GENERATED.test(id)})};
  const found = [];
  // What each element is known to bring up before it is hovered (the content its :hover rule
  // shows, what its aria-describedby names): one inside another that brought that up is not hovered.
  const knows = new Map();
  const add = (el, content) => {
    if (!el || el === document.body || el === document.documentElement || !shown(el)) return;
    if (!knows.has(el)) {
      found.push(el);
      knows.set(el, []);
    }
    for (const c of content || []) if (!knows.get(el).includes(c)) knows.get(el).push(c);
  };
  for (const part of arg.rules) {
    // '.menu:hover > ul': the hovered compound ('.menu'), the combinator after it, and the whole
    // selector with :hover matching anything (what the rule shows).
    const m = /^(.*?):hover((?:[^\s>+~(]|\([^)]*\))*)\s*([>+~]?)/is.exec(part);
    if (!m) continue;
    let hovered = (m[1] + m[2]).replace(/:hover\b/gi, '').trim();
    if (!m[2] && (!m[1] || /[\s>+~]$/.test(m[1]))) hovered = (hovered + ' *').trim();
    const sibling = m[3] === '+' || m[3] === '~';
    let shows;
    try { shows = document.querySelectorAll(part.replace(/:hover\b/gi, ':is(*)')); document.querySelector(hovered); }
    catch (e) { continue; }  // a pseudo-element (::after): no element to find
    let looked = 0;
    for (const r of shows) {
      if (looked++ > 200) break;
      if (shown(r) || !LETTER.test(r.textContent)) continue;
      find: for (let up = r; up && up !== document.body; up = up.parentElement) {
        if (sibling) {
          for (let s = up.previousElementSibling; s; s = s.previousElementSibling) {
            if (s.matches(hovered)) { add(s, [r]); break find; }
          }
        } else if (up !== r && up.matches(hovered)) { add(up, [r]); break; }
      }
    }
  }
  const noted = A ? A.hovered(arg.max * 10) : [];
  // Hover handled by delegation (a listener on the document or a root container, as React's):
  // where, and the elements React keeps hover props on. The roots themselves are not hovered:
  // what lies at their middle is one of the elements below, judged as itself.
  const roots = A && arg.hoverScript ? (DELEGATED)(A, noted, shown) : null;
  for (const el of noted) if (!roots || !roots.containers.includes(el)) add(el);
  if (roots) for (const el of roots.reacting) add(el);
  // A listener on the document (delegation) names no element: tooltip triggers by their marks.
  if (arg.hoverScript) {
    for (const el of document.querySelectorAll('[data-tooltip], [data-tip], [data-toggle=tooltip], ' +
      '[data-bs-toggle=tooltip], [data-tippy-content], [data-original-title], [data-bs-original-title], ' +
      '[aria-describedby]')) {
      const root = el.getRootNode();
      const ids = (el.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
      add(el, ids.map((id) => root.getElementById ? root.getElementById(id) : null).filter((d) => d && !shown(d)));
    }
  }
  const of = found.length, capped = of > arg.max;
  found.length = Math.min(of, arg.max);  // arg.max: more than are judged (one inside another may bring up the same)
  // Under delegation, then, what a person points at (at most arg.maxPointed, in document order):
  // tried after the others, as many as time allows, and not counted as elements known to bring
  // content up (one that brings nothing up is no sign of a limit reached).
  const main = found.length;
  let pointed = null;
  if (roots) {
    const all = roots.pointable().filter((el) => !knows.has(el));
    for (const el of all) {
      if (found.length - main >= arg.maxPointed) break;
      add(el);
    }
    pointed = {where: roots.where, of: all.length, tried: found.length - main};
  }
  const hidden = found.length ? hiddenWithWords(arg.maxHidden) : [];
  window.__a11yHover = Object.assign(window.__a11yHover || {}, {els: found, hidden, judged: [],
                                                                 knows: found.map((el) => knows.get(el))});
  return {of, capped, main, pointed, hiddenCapped: hidden.length >= arg.maxHidden,
          triggers: found.map((el) => ({selector: through(stable, el), html: L.outerHtml(el)}))};
}""".replace("SHOWN", SHOWN).replace("THROUGH", THROUGH).replace("GENERATED_ID", GENERATED_ID).replace(
    "DELEGATED", DELEGATED)

# Before the pointer comes: trigger arg.i brought into view; what is hidden now; the point to hover
# ({same: true}, not hovered, when it is known to bring up what a trigger around or inside it did).
PREPARE = _script(r"""
  const el = H.els[arg.i];
  if (!shown(el)) return null;
  // Known to bring up only what an element around or inside it brought up: judged there.
  const known = arg.first ? H.knows[arg.i] : [];
  const nested = (j) => within(el, j.el) || within(j.el, el);
  if (known.length && H.judged.some((j) => nested(j) && known.every((k) => j.pops.includes(k)))) {
    return {same: true};
  }
  el.scrollIntoView({block: 'center', inline: 'center', behavior: 'instant'});
  H.el = el;
  H.before = H.hidden.filter((e) => !shown(e));
  begin();
  return pointOn(el, null);
""")

# The pointer is on the trigger (at arg.at): the content it brought up (H.pops), and, waiting for
# the timers and transitions the hover started (at most arg.watchMs), whether the content hid
# itself while the pointer stayed; then the point of the content nearest the trigger's. Content
# that goes as other content shows (a "Loading…" card replaced by the card) is followed. With
# arg.first: {same: true} when the content is what an element around or inside this one brought up
# (a wrapper that listens for hover and the button in it with aria-describedby), not judged twice.
REVEAL = _script(r"""
  const found = () => {
    return outermost([...H.before.filter(shown), ...fresh()].filter((p) => p !== H.el && !within(H.el, p)))
      .slice(0, 5);
  };
  let pops = [];
  await settle(() => (pops = found()).length > 0, arg.waitMs);
  H.pops = pops = pops.length ? pops : found();
  if (!pops.length) return null;
  if (arg.first) {
    const nested = (j) => within(H.el, j.el) || within(j.el, H.el);
    if (H.judged.some((j) => nested(j) && pops.every((p) => j.pops.includes(p)))) return {same: true};
  }
  const t0 = performance.now();
  let gone = null, swaps = 0, late = false;
  // Each turn: the content still shows, or other content took its place, or it is gone.
  const went = async () => {
    if (pops.some(shown)) return false;
    await frames();
    const next = swaps < 3 ? found() : [];
    if (next.length) { swaps++; H.pops = pops = next; return false; }
    gone = performance.now() - t0;
    return true;
  };
  // A timer of at most watchMs still to run is waited for up to twice that (a busy machine runs
  // timers late), and one that is due until it has run; no longer than arg.untilMs (the check's time).
  if (arg.watchMs) {
    late = !await waitFor(arg.watchMs, {ms: 2 * arg.watchMs, late: Infinity, from: t0, done: went,
                                        until: () => performance.now() - t0 >= arg.untilMs});
  }
  if (gone === null && !pops.some(shown)) {
    const next = swaps < 3 ? found() : [];
    if (next.length) H.pops = pops = next;
    else gone = performance.now() - t0;
  }
  if (late && gone === null) return {late: true};
  if (arg.first) H.judged.push({el: H.el, pops});
  const stayed = within(hitAt(arg.at.x, arg.at.y), H.el) || pops.some((p) => within(hitAt(arg.at.x, arg.at.y), p));
  let to = null;
  for (const p of pops.filter(shown)) {
    const q = pointOn(p, arg.at);
    if (q && (!to || Math.hypot(q.x - arg.at.x, q.y - arg.at.y) < Math.hypot(to.x - arg.at.x, to.y - arg.at.y))) to = q;
  }
  begin();
  return {pop: describe(pops[0]), gone, stayed, to,
          alert: pops.every((p) => p.closest('[role=alert], [role=alertdialog]') !== null)};
""")

# After Escape, the pointer unmoved: {shown: the content still shows, covers: it lies over text, an
# image or a control}; a fresh watch begins for what follows.
AFTER_ESCAPE = _script(r"""
  await settle(() => !H.pops.some(shown), arg.waitMs);
  const still = H.pops.filter(shown);
  begin();
  return {shown: still.length > 0, covers: still.some((p) => covers(p, H.el))};
""")

# The pointer has moved onto the content: whether it (or content made afresh) still shows, once the
# timers started on the way (a grace delay before hiding) have run.
ON_CONTENT = _script(r"""
  await settle(() => false, arg.waitMs);
  return H.pops.some(shown) || fresh().length > 0;
""")

# Pseudo-element trigger arg.i (window.__a11yPseudo) brought into view: the point to hover.
PSEUDO_AIM = _script(r"""
  const {el} = window.__a11yPseudo[arg.i];
  if (!shown(el)) return null;
  el.scrollIntoView({block: 'center', inline: 'center', behavior: 'instant'});
  return pointOn(el, null);
""")

# The pointer has left: let what it started settle (content hiding after a delay).
LEFT = _script(r"""
  await settle(() => false, arg.waitMs);
  if (H.observer) H.observer.disconnect();
""")
# Before the first trigger: a watch begins for what moving the pointer off the page (NEUTRAL) starts
# (LEFT waits for it), before the hidden content is noted.
START = """() => {
  const A = window.__a11yActivity;
  window.__a11yHover = {el: null, before: [], pops: [], mark: A ? A.mark() : 0,
                        markTime: (document.timeline && document.timeline.currentTime) || 0};
}"""
FORGET = ("() => { const H = window.__a11yHover; if (H && H.observer) H.observer.disconnect();"
          " delete window.__a11yHover; }")
# After the check: its record and the pseudo-elements' (_revealed.py) gone, in one call.
FORGET_ALL = f"() => {{ ({FORGET})(); ({PSEUDO_FORGET})(); }}"
# Once the pointer has left the page: what leaving started settled (LEFT, arg.left), then the
# candidates found (CANDIDATES, arg.find), in one call.
LEFT_THEN_CANDIDATES = f"""async (L, arg) => {{
  await ({LEFT})(L, arg.left);
  return await ({CANDIDATES})(L, arg.find);
}}"""

# Where the pointer rests between triggers and is left afterwards: outside the viewport, where it is
# over nothing (a menu at the top left of the page is not held open, and leaving it ends what the
# page keeps until the pointer leaves, such as a menu Escape hid).
NEUTRAL = (-1, -1)
STEP_PX = 4  # the pointer's steps on its way onto the content: a gap wider than this is crossed

BRINGS = "hovering over it brings up {pop}"
PERSISTS = ("which disappears after about {s:.1f} s while the pointer stays on it (it must stay until the pointer "
            "leaves or it is dismissed)")
STAYS = ("which lies over other content, and Escape does not put it away while the pointer stays (users who need to "
         "see what is beneath must move the pointer away)")
LOST = ("which disappears when the pointer moves from the element onto it (users who magnify the screen cannot move "
        "over the content to read it)")
MOVED = ("which went while the pointer stayed, but the element moved from under the pointer: check that it stays "
         "while hovered")
UNREACHABLE = ("which the pointer could not be moved onto (outside the window, or under other content): check that the "
               "pointer can be moved over it without it disappearing")
NOT_AGAIN = ("which did not come back when hovered again after Escape: check that the pointer can be moved over it "
             "without it disappearing")

PSEUDO_POP = 'text drawn by its {pseudo} ("{text}")'
UNMEASURED = ("which Escape does not put away while the pointer stays, and whose box could not be measured: check "
              "whether it lies over other content")


# A page where hover could bring content up at all: a script listens for the pointer coming over
# something, or a style sheet could hold a :hover rule (or cannot be read): what STYLE_FACTS and
# PSEUDO_RULES need to find anything. A page with neither costs no run.
HOVER_COULD_REVEAL = PresentWhen("could bring content up on hover (a script listening for it, or a style sheet)",
                                 f"(root) => ({LISTENS_FOR})({json.dumps(HOVER_EVENTS)}) || ({HAS_SHEETS})(root)")

# The check's clock (time.monotonic): its deadline, and whether each wait fits before it.
clock = time.monotonic


class _OutOfTime(Exception):
    """The check's time would run out before the next wait could take its whole window."""


def _budget(deadline: float, ms: float, times: float = 1.0) -> float:
    """ms, when a wait of up to `times` ms (and a moment more) ends before the check's deadline
    (clock()); else _OutOfTime: a wait cut short could pass what its whole window fails. Each
    settle takes up to twice its ms when a timer it waits for is due but late (a busy machine)."""
    if clock() + times * ms / 1000 + 0.5 > deadline:
        raise _OutOfTime
    return ms


async def _move_onto(page, at: dict, to: dict) -> None:
    """The pointer from at onto the content's point to, in steps of at most STEP_PX."""
    steps = max(1, min(100, math.ceil(math.hypot(to["x"] - at["x"], to["y"] - at["y"]) / STEP_PX)))
    await page.mouse.move(to["x"], to["y"], steps=steps)


def _verdict(failed: list[str], review: list[str]) -> tuple[str, list[str]]:
    """failed with what failed (and what needs review), else needs review, else passed."""
    if failed:
        return FAILED, failed + review
    if review:
        return CANT_TELL, review
    return PASSED, []


class HoverContentDismissible(Check):
    id = "hover-content-dismissible"
    time_limit = 20.0
    disturbs = ACTIONS  # hover handlers may change the page (content loaded, a class left set): runs last
    present = HOVER_COULD_REVEAL
    init_script = activity_script()
    max_triggers = 20  # elements whose content is judged per page (times CheckContext.reach)
    # Elements found, at most, per element judged: one inside another that brings up the same content
    # (a wrapper listening for hover, the button in it with aria-describedby) is hovered, not judged.
    gather = 3
    max_hidden = 10000  # hidden elements watched for appearing (times CheckContext.reach)
    # Under delegation, elements a person points at hovered besides, at most (times CheckContext.reach).
    max_pointed = 30
    wait_ms = 1500  # the longest show delay, hide delay or self-hiding timer waited for

    def looks(self) -> list[Look]:
        return [STYLE_FACTS, PSEUDO_RULES]

    async def run(self, ctx) -> CheckOutcome:
        facts = await ctx.first_look(STYLE_FACTS.script)
        tips = (await ctx.first_look(PSEUDO_RULES.script))["hover"]
        if not (facts["hoverRules"] or facts["hoverScript"] or facts["unreadable"] or tips):
            return CheckOutcome(INAPPLICABLE, reason=(
                "nothing on the page could bring content up on hover (no style rule that shows another element, or an "
                "element's ::before or ::after, on :hover; no script listening for the pointer; the browser's own "
                "title tooltips are not judged)"))
        page = ctx.page
        deadline = clock() + max(2.0, ctx.timeout - 3)
        failed, review, fine, judged, tried = [], [], 0, 0, 0
        most = self.max_triggers * ctx.reach
        late = beyond = False
        drawn = {"capped": False, "late": 0}  # what _pseudo says of content drawn by pseudo-elements
        seen = None
        try:
            # The page's transitions stay on: a hide delay (`transition: visibility 0s .4s`) is its
            # grace for the pointer crossing a gap, and it is waited for like a timer.
            async with contained(page, restore_state=False), focus_session(page):
                await page.evaluate(START)
                try:
                    await page.mouse.move(*NEUTRAL)
                    seen = await evaluate(page, LEFT_THEN_CANDIDATES, {"left": {"waitMs": self.wait_ms}, "find": {
                        "rules": facts["hoverRules"], "hoverScript": facts["hoverScript"], "max": most * self.gather,
                        "maxHidden": self.max_hidden * ctx.reach, "maxPointed": self.max_pointed * ctx.reach}})
                    main = seen["main"]

                    async def judge(start: int, stop: int) -> bool:
                        """Triggers start to stop hovered and judged in turn; False when the check's time
                        would run out first."""
                        nonlocal judged, tried, fine, beyond
                        for i in range(start, stop):
                            if judged >= most:
                                beyond = True
                                break
                            t = seen["triggers"][i]
                            try:
                                said = await self._try(page, i, deadline)
                            except _OutOfTime:
                                return False
                            finally:
                                await page.mouse.move(*NEUTRAL)
                            tried += 1
                            if said == "known":  # not hovered
                                continue
                            with contextlib.suppress(_OutOfTime):
                                await evaluate(page, LEFT, {"waitMs": _budget(deadline, self.wait_ms, 2)})
                            if said == "same":
                                continue
                            judged += 1
                            if said is None:
                                continue
                            verdict, problems = said
                            summary = "; ".join(problems)
                            if verdict == FAILED:
                                failed.append(node(target(t["selector"]), t["html"], summary))
                            elif verdict == CANT_TELL:
                                review.append(node(target(t["selector"]), t["html"], summary))
                            else:
                                fine += 1
                        return True

                    late = not await judge(0, main)
                    if tips and not late:
                        drawn = await self._pseudo(page, tips, most, deadline)
                        failed += drawn["failed"]
                        review += drawn["review"]
                        fine += drawn["fine"]
                    # Under delegation, what a person points at (known to bring nothing up until
                    # hovered), last and as far as the time left allows: the reason says how far.
                    pointed = seen["pointed"]
                    if pointed:
                        before = tried
                        if not (late or beyond or drawn["late"]):
                            await judge(main, len(seen["triggers"]))
                        pointed["tried"] = tried - before
                finally:
                    if seen is None or seen["triggers"] or tips:  # the pointer may be elsewhere: put it back
                        await page.mouse.move(*NEUTRAL)
                    await page.evaluate(FORGET_ALL)
        except NavigatedAway as exc:
            return CheckOutcome(CANT_TELL, reason=f"{exc}; content brought up by hover could not all be tried")
        untried = seen["main"] - tried if late else 0
        said = self._outcome(seen, failed, review, fine, tried, untried, beyond, facts, ctx.reach)
        if said.outcome in (PASSED, INAPPLICABLE) and (drawn["late"] or drawn["capped"] or (late and tips)):
            return CheckOutcome(CANT_TELL, reason=(
                "elements whose ::before or ::after a style rule shows on :hover were not all tried "
                + ("in the time given" if drawn["late"] or late else
                   f"(at most {most} are)")))
        return said

    async def _pseudo(self, page, rules: list[dict], most: int, deadline: float) -> dict:
        """The elements whose ::before or ::after a style rule shows on :hover (a CSS tooltip), each
        judged as _try judges content an element holds (_try_pseudo)."""
        found = await evaluate(page, PSEUDO_TRIGGERS, {"rules": rules, "max": most})
        said = {"failed": [], "review": [], "fine": 0, "capped": found["capped"], "late": 0}
        for i, t in enumerate(found["triggers"]):
            try:
                verdict = await self._try_pseudo(page, i, t, deadline)
            except _OutOfTime:
                said["late"] = len(found["triggers"]) - i
                break
            finally:
                await page.mouse.move(*NEUTRAL)
            with contextlib.suppress(_OutOfTime):  # it goes as the pointer leaves
                await evaluate(page, PSEUDO_STATE, {"i": i, "want": False, "waitMs": _budget(deadline, self.wait_ms)})
            if verdict is None:
                continue
            outcome, problems = verdict
            if outcome == FAILED:
                said["failed"].append(node(t["selector"], t["html"], "; ".join(problems)))
            elif outcome == CANT_TELL:
                said["review"].append(node(t["selector"], t["html"], "; ".join(problems)))
            else:
                said["fine"] += 1
        return said

    async def _try_pseudo(self, page, i: int, t: dict, deadline: float) -> tuple[str, list[str]] | None:
        """Hover trigger i of window.__a11yPseudo: None when its pseudo-element does not show; else
        whether Escape puts it away (or it covers nothing), and whether it stays as the pointer moves
        onto it (the pseudo-element's box, measured by the DevTools protocol)."""
        wait = self.wait_ms
        _budget(deadline, wait, 6)
        at = await evaluate(page, PSEUDO_AIM, {"i": i})
        if at is None:
            return None
        await page.mouse.move(at["x"], at["y"])
        now = await evaluate(page, PSEUDO_STATE, {"i": i, "want": True, "waitMs": wait})
        if not now["shown"]:
            return None
        lead = BRINGS.format(pop=PSEUDO_POP.format(pseudo=t["pseudo"], text=now["text"]))
        failed, review = [], []
        await page.keyboard.press("Escape")
        if (await evaluate(page, PSEUDO_STATE, {"i": i, "want": False, "waitMs": wait}))["shown"]:
            covers = await pseudo_covers(page, i, t["pseudo"])
            if covers is None:
                return CANT_TELL, [f"{lead}, {UNMEASURED}"]
            if covers:
                failed.append(f"{lead}, {STAYS}")
        else:  # gone, as it should: hover afresh for the next question
            await page.mouse.move(*NEUTRAL)
            await evaluate(page, PSEUDO_STATE, {"i": i, "want": False, "waitMs": wait})
            at = await evaluate(page, PSEUDO_AIM, {"i": i})
            if at is not None:
                await page.mouse.move(at["x"], at["y"])
            if at is None or not (await evaluate(page, PSEUDO_STATE, {"i": i, "want": True, "waitMs": wait}))["shown"]:
                return CANT_TELL, [f"{lead}, {NOT_AGAIN}"]
        box = await pseudo_box(page, i, t["pseudo"])
        size = page.viewport_size or {"width": 1280, "height": 720}
        to = None
        if box is not None and box["width"] >= 4 and box["height"] >= 4:
            to = {"x": min(max(at["x"], box["left"] + 2), box["left"] + box["width"] - 2),
                  "y": min(max(at["y"], box["top"] + 2), box["top"] + box["height"] - 2)}
            if not (0 <= to["x"] < size["width"] and 0 <= to["y"] < size["height"]):
                to = None
        if to is None:
            review.append(f"{lead}, {UNREACHABLE}")
        else:
            await _move_onto(page, at, to)
            if not (await evaluate(page, PSEUDO_STATE, {"i": i, "want": True, "waitMs": wait}))["shown"]:
                failed.append(f"{lead}, {LOST}")
        return _verdict(failed, review)

    async def _try(self, page, i: int, deadline: float) -> tuple[str, list[str]] | str | None:
        """Hover trigger i and judge what it brings up: (verdict, what was found); None when it
        brings up nothing (or cannot be hovered); "same" when it brings up what an element around
        or inside it did ("known": known to, without hovering it). _OutOfTime when the check's time
        would run out first."""
        wait = self.wait_ms
        _budget(deadline, wait)
        at = await evaluate(page, PREPARE, {"i": i, "first": True})
        if at is None:
            return None
        if at.get("same"):
            return "known"
        await page.mouse.move(at["x"], at["y"])
        seen = await evaluate(page, REVEAL, {
            "at": at, "waitMs": _budget(deadline, wait, 4), "watchMs": wait, "first": True,
            "untilMs": max(0.0, (deadline - clock()) * 1000 - 500)})
        if seen is None:
            return None
        if seen.get("same"):
            return "same"
        if seen.get("late"):
            raise _OutOfTime
        lead = BRINGS.format(pop=seen["pop"])
        if seen["gone"] is not None:
            if seen["stayed"]:
                return FAILED, [f"{lead}, {PERSISTS.format(s=seen['gone'] / 1000)}"]
            return CANT_TELL, [f"{lead}, {MOVED}"]
        failed, review = [], []
        to = seen["to"]
        if not seen["alert"]:  # an input error may stay (1.4.13's exception)
            await page.keyboard.press("Escape")
            after = await evaluate(page, AFTER_ESCAPE, {"waitMs": _budget(deadline, wait, 2)})
            if after["shown"] and after["covers"]:
                failed.append(f"{lead}, {STAYS}")
            elif not after["shown"]:  # gone, as it should: hover afresh for the next question
                await page.mouse.move(*NEUTRAL)
                await evaluate(page, LEFT, {"waitMs": _budget(deadline, wait, 4)})
                at = await evaluate(page, PREPARE, {"i": i, "first": False})
                again = None
                if at is not None:
                    await page.mouse.move(at["x"], at["y"])
                    again = await evaluate(page, REVEAL, {"at": at, "waitMs": _budget(deadline, wait, 2),
                                                          "watchMs": 0, "first": False, "untilMs": 0})
                if again is None:
                    review.append(f"{lead}, {NOT_AGAIN}")
                    return (FAILED, failed + review) if failed else (CANT_TELL, review)
                to = again["to"]
        if to is None:
            review.append(f"{lead}, {UNREACHABLE}")
        else:
            wait = _budget(deadline, wait, 2)
            await _move_onto(page, at, to)
            if not await evaluate(page, ON_CONTENT, {"waitMs": wait}):
                failed.append(f"{lead}, {LOST}")
        return _verdict(failed, review)

    def _outcome(self, seen, failed, review, fine, tried, untried, beyond, facts, reach) -> CheckOutcome:
        late = (f"{untried} of the {seen['main']} elements that could bring content up on hover were not "
                "tried in the time given") if untried else ""
        if late and seen["capped"]:
            late += "; " + beyond_limit("elements that could bring content up on hover", self.max_triggers * reach,
                                        reach)
        if failed:
            return CheckOutcome(FAILED, failed, reason=late)
        if review:
            return CheckOutcome(CANT_TELL, review, reason=f"{len(review)} element(s): content brought up by hover "
                                                          "could not be judged in full" + (f"; {late}" if late else ""))
        if late:
            return CheckOutcome(CANT_TELL, reason=late)
        if seen["capped"] or beyond:
            return CheckOutcome(CANT_TELL, reason=beyond_limit("elements that could bring content up on hover",
                                                               self.max_triggers * reach, reach))
        if seen["hiddenCapped"]:
            return CheckOutcome(CANT_TELL, reason=beyond_limit("hidden elements that hover could show",
                                                               self.max_hidden * reach, reach))
        if fine:
            return CheckOutcome(PASSED, reason=f"the content {fine} element(s) bring up on hover goes with Escape (or "
                                               "covers nothing), stays while the pointer moves onto it and while "
                                               "hovered" + _pointed(seen["pointed"]))
        if facts["unreadable"] and not seen["triggers"]:
            return CheckOutcome(CANT_TELL, reason=(
                "a style sheet from another origin could not be read, so :hover rules that show content were not "
                "found: hover over the page's menus and tooltips to check them"))
        return CheckOutcome(INAPPLICABLE, reason=f"none of the {tried} element(s) that could bring content up on "
                                                 "hover did so" + _pointed(seen["pointed"]))


def _pointed(pointed: dict | None) -> str:
    """What a reason adds when hover is handled by delegation: how many of the elements a person
    points at were hovered (a limit, or the check's time, may leave some)."""
    if not pointed:
        return ""
    return (f" (a script listens for hover on {pointed['where']}: {pointed['tried']} of the {pointed['of']} elements "
            "in the tab order or with a name, a description or a popup were hovered)")
