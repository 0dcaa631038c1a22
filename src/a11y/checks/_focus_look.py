"""focus-visible's first look: a picture of each element as the Tab walk reaches it, compared
afterwards with the same place with nothing focused.

The full judgement (focus_visible._judge) rests the page, takes a picture, moves focus back to
the element with a real Tab press and takes another, for every element: about twice the key
presses, calls and pictures. Most elements show focus plainly, so the walk itself takes the
focused picture, and one pass at the end takes the not-focused ones. An element counts as
passed here only when its surroundings differ between the two pictures and nothing but focus
can explain the difference: the page is a single document that did not change its DOM while
we walked it, nothing runs in it that could change it by itself, and the scroll position is
the same. Everything else (no difference, a page that moved, scrolled or changed) goes to the
full judgement, so this look can only save work, never decide a failure.

An element drawn with the browser's own focus ring where nothing can hide it (_focus.js
ringShown) needs no picture at all: it passes when, with nothing focused, it has no such ring.

What leaving an element starts (a ring fading out, LEFT) must have ended before a picture near it
is taken, or before the rings are read with nothing focused. Those waits are put off until a
picture or that reading needs them (FirstLook.left), and then made in the call that needs them or
in one call for all the elements left: a page whose elements all show the browser's ring needs
none of them.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

from ._pixels import diff_box

# What a transition or animation that comes to an end and runs is (the ones focus_visible.HOLD
# keeps still aside).
ENDING = ("const frame = () => new Promise((r) => requestAnimationFrame(r));"
          " const ending = (x) => x.playState === 'running' && x.playbackRate !== 0"
          " && isFinite(x.effect && x.effect.getComputedTiming().endTime);"
          " const running = () => document.getAnimations ? document.getAnimations() : [];")
# After a Tab press: up to 60 frames while what the element focus left started runs to its end (a
# ring fading out in it, a :focus-within look of a box around it that focus left too), so that the
# pictures of the element Tab reached do not count the one it left losing its indicator as theirs.
LEFT = (f"async (left) => {{ {ENDING} const its = (x) => {{ const t = x.effect && x.effect.target;"
        " return !!t && (left.contains(t) || (t.contains(left) && !t.contains(document.activeElement))); };"
        " for (let i = 0; i < 60 && running().some((x) => ending(x) && its(x)); i++) await frame(); }")
# LEFT for each element of the page's list (window.__a11yStops) by index, in the order focus left
# them; one gone from the page has nothing left to wait for.
LEFT_ALL = (f"async (indexes) => {{ for (const i of indexes) {{ const el = (window.__a11yStops || [])[i];"
            f" if (el) try {{ await ({LEFT})(el); }} catch (e) {{ /* nothing of it to wait for */ }} }} }}")

# Where the page is scrolled, the element's box, and when the page's DOM last changed
# (_activity.js), for a stop that did not come with it (_focus.focused's view). No wait for a
# frame: a screenshot draws one with what focusing changed.
VIEW = ("(el) => { const b = el.getBoundingClientRect(); const A = window.__a11yActivity;"
        " return {scroll: [scrollX, scrollY], change: A ? A.lastChange() : null,"
        " box: el.getClientRects().length ? {x: b.x, y: b.y, width: b.width, height: b.height} : null}; }")
# What leaving the elements `left` started has ended (LEFT_ALL); nothing focused; transitions the
# blur started given up to a second to end (counted in animation frames: a timer of ours would
# count as the page's); then whether anything could still change the page by itself, and when its
# DOM last changed.
REST = """async (left) => {
  await (LEFT_ALL)(left);
  const a = document.activeElement; if (a && a !== document.body) a.blur();
  const frame = () => new Promise(r => requestAnimationFrame(r));
  const ending = () => (document.getAnimations ? document.getAnimations() : []).filter(
      (x) => x.playState === 'running' && isFinite(x.effect && x.effect.getComputedTiming().endTime));
  for (let i = 0; i < 60 && ending().length; i++) await frame();
  const A = window.__a11yActivity;
  return {scroll: [scrollX, scrollY], busy: A ? A.busy() : 'no record', change: A ? A.lastChange() : null};
}""".replace("LEFT_ALL", LEFT_ALL)
# Whether something drawn could lie over an outline without the hit test seeing it: an element
# or a ::before or ::after that takes no pointer events and is positioned or a stacking context.
OVERLAYS = r"""() => {
  const over = (s) => s.pointerEvents === 'none' && (s.position !== 'static' || s.zIndex !== 'auto' ||
    s.transform !== 'none' || parseFloat(s.opacity) < 1);
  const overlay = (el) => {
    if (over(getComputedStyle(el))) return true;
    for (const p of ['::before', '::after']) {
      const ps = getComputedStyle(el, p);
      if (ps.content !== 'none' && ps.content !== 'normal' && over(ps)) return true;
    }
    return false;
  };
  // pointer-events: none comes from a style rule, a style attribute or an SVG attribute (HTML's
  // own styles set it on no element here), and is inherited: only the elements those rules and
  // attributes select, and what lies inside them, can have it. The rest need no computed style
  // (three an element, with ::before and ::after: 68 ms on a large page). Every element is looked
  // at where that cannot be told: shadow roots, unreadable or nested rules.
  const A = window.__a11yActivity;
  const selectors = ['[style*="pointer-events" i]', '[pointer-events]'];
  let unknown = !A || A.openRootCount() > 0;
  const collect = (rules) => {
    for (const rule of rules) {
      const v = rule.style && rule.style.pointerEvents;
      if (v && v !== 'auto') {
        if (!rule.selectorText || (rule.parentRule && rule.parentRule.selectorText !== undefined)) unknown = true;
        else selectors.push(rule.selectorText.replace(/::?(before|after)\b/gi, ''));
      }
      try { if (rule.styleSheet) collect(rule.styleSheet.cssRules); } catch (e) { unknown = true; }
      if (rule.cssRules) collect(rule.cssRules);
    }
  };
  for (const sheet of [...document.styleSheets, ...(document.adoptedStyleSheets || [])]) {
    if (unknown) break;
    try { collect(sheet.cssRules); } catch (e) { unknown = true; }  // another origin's: unreadable
  }
  if (!unknown) {
    const seen = new Set();
    for (const sel of selectors) {
      let found;
      try { found = document.querySelectorAll(sel || '*'); } catch (e) { unknown = true; break; }
      for (const top of found) {
        for (const el of [top, ...top.querySelectorAll('*')]) {
          if (seen.has(el)) continue;
          seen.add(el);
          if (overlay(el)) return true;
        }
      }
    }
    if (!unknown) return false;
  }
  const roots = [document];
  for (let i = 0; i < roots.length; i++) for (const el of roots[i].querySelectorAll('*')) {
    if (el.shadowRoot) roots.push(el.shadowRoot);
    if (overlay(el)) return true;
  }
  return false;
}"""
# What leaving the elements `left` started has ended (LEFT_ALL); then nothing focused, and each
# element's outline style (the elements kept by _focus.focused).
OUTLINES_AT_REST = (f"async ([indexes, left]) => {{ await ({LEFT_ALL})(left);"
                    " const a = document.activeElement; if (a && a !== document.body) a.blur();"
                    " return indexes.map((i) => getComputedStyle(window.__a11yStops[i]).outlineStyle); }")
SCROLL_TO = "([x, y]) => { window.scrollTo(x, y); return [scrollX, scrollY]; }"
STILL = ("() => { const A = window.__a11yActivity;"
         " return {busy: A ? A.busy() : 'no record', change: A ? A.lastChange() : null}; }")
# From this many elements at one scroll position, one picture of the viewport is cheaper than
# one small picture each (measured: a 1280x720 picture costs about 8 small ones in CPU time).
VIEWPORT_FROM = 8
# Regions near one another (a row of links) are taken in one picture of the box around them
# while that box is at most this many times their own area (a picture's cost is mostly fixed).
UNION_SLACK = 4


def _area(region) -> int:
    return (region[2] - region[0]) * (region[3] - region[1])


@dataclass
class Focused:
    region: tuple[int, int, int, int]
    scroll: list
    picture: object  # PIL image of region, the element focused


class FirstLook:
    """Pictures of each element focused, taken during the Tab walk (tab_walk's on_stop)."""

    def __init__(self, page, camera, region_of, first_look=None):
        """first_look: CheckContext.first_look, whose answer to OVERLAYS may be the survey's."""
        self.page, self.camera, self.region_of = page, camera, region_of
        self.first_look = first_look or self.page.evaluate
        self.focused: dict[str, Focused] = {}
        self.change = None  # the page's last DOM change when the walk reached its first element
        self.usable = len(page.frames) == 1  # a frame's own scripts could change it unseen
        # Stops that showed the browser's own focus ring where nothing could hide it
        # (_focus.js ringShown), by their index in the page's list: no picture needed.
        self.ringed: dict[str, int] = {}
        self.overlays: bool | None = None
        # Elements focus has left (by index in the page's list) whose LEFT is still to be waited
        # for: before the next picture, or in the reading of the rings at rest (see the docstring).
        self.left: list[int] = []
        # The ringed stops' outline styles with nothing focused, by key, when the walk read them as
        # focus left the document (leaving, at_rest): no call of their own then.
        self.rings_at_rest: dict[str, str] = {}
        self._asked: list[str] = []  # the keys leaving() last asked about, in order

    def leaving(self):
        """tab_walk's `leave`: OUTLINES_AT_REST for the ringed stops, run in the call that finds
        focus gone from the document (then nothing is focused, as _ringed would make it)."""
        self._asked = list(self.ringed)
        return (OUTLINES_AT_REST, [[self.ringed[k] for k in self._asked], self.left]) if self._asked else None

    def at_rest(self, styles) -> None:
        """The answer to leaving()'s script (None: it did not run): what it waited for is done."""
        if styles is not None:
            self.rings_at_rest = dict(zip(self._asked, styles, strict=True))
            self.left = []

    async def _left_ended(self) -> None:
        """LEFT_ALL for the elements left since the last wait."""
        if self.left:
            left, self.left = self.left, []
            await self.page.evaluate(LEFT_ALL, left)

    async def on_stop(self, stop) -> None:
        if not self.usable:
            return
        if stop.view is not None and stop.view.get("ring") and stop.index is not None:
            if self.overlays is None:
                self.overlays = await self.first_look(OVERLAYS)
            if not self.overlays:
                self.ringed[stop.key] = stop.index
                return
        view = stop.view if stop.view is not None else await (await stop.element()).evaluate(VIEW)
        if view["change"] is None:  # no record of the page's changes: nothing can be trusted
            self.usable = False
            return
        if not self.focused and self.change is None:
            self.change = view["change"]
        region = self.region_of(view["box"])
        if region is not None and view["change"] == self.change:
            await self._left_ended()
            picture = await self.camera.shot(clip_of(region), scroll=view["scroll"])
            self.focused[stop.key] = Focused(region, view["scroll"], picture)

    async def passed(self, stops, deadline: float) -> set[str]:
        """Keys of the stops whose surroundings change when focused, as far as this look can
        tell for certain; the rest need the full judgement."""
        ringed = await self._ringed(stops)
        found = set(ringed)
        wanted = [s for s in stops if s.key in self.focused]
        if not self.usable or not wanted:
            return found
        left, self.left = self.left, []
        rest = await self.page.evaluate(REST, left)
        if rest["busy"] or rest["change"] != self.change:
            return found
        by_scroll: dict[tuple, list] = {}
        for stop in wanted:
            by_scroll.setdefault(tuple(self.focused[stop.key].scroll), []).append(stop)
        now = rest["scroll"]  # where the page is scrolled as each group's pictures are taken
        for scroll, group in by_scroll.items():
            if time.monotonic() > deadline:
                break
            if list(scroll) != now:
                now = await self.page.evaluate(SCROLL_TO, list(scroll))
                if now != list(scroll):
                    continue
            found |= await self._compare(group, list(scroll))
        # Anything that changed meanwhile (a late handler of the page's) voids every comparison.
        after = await self.page.evaluate(STILL)
        return found if not after["busy"] and after["change"] == self.change else ringed

    async def _ringed(self, stops) -> set[str]:
        """Stops that showed the browser's focus ring when focused and have no such ring with
        nothing focused: focus changes what is drawn, without a picture."""
        keys = [s.key for s in stops if s.key in self.ringed]
        if not keys:
            return set()
        if all(k in self.rings_at_rest for k in keys):
            return {k for k in keys if self.rings_at_rest[k] != "auto"}
        left, self.left = self.left, []
        at_rest = await self.page.evaluate(OUTLINES_AT_REST, [[self.ringed[k] for k in keys], left])
        return {k for k, style in zip(keys, at_rest, strict=True) if style != "auto"}

    async def _compare(self, group, scroll) -> set[str]:
        regions = [self.focused[stop.key].region for stop in group]
        union = (min(r[0] for r in regions), min(r[1] for r in regions),
                 max(r[2] for r in regions), max(r[3] for r in regions))
        whole = None  # one picture holding every region of the group, and where it starts
        if len(group) > 1 and _area(union) <= sum(_area(r) for r in regions) * UNION_SLACK:
            whole = (await self.camera.shot(clip_of(union), scroll=scroll), union[:2])
        elif len(group) >= VIEWPORT_FROM:
            whole = (await self.camera.shot(scroll=scroll), (0, 0))
        found = set()
        for stop in group:
            seen = self.focused[stop.key]
            if whole is not None:
                picture, (x, y) = whole
                r = seen.region
                at_rest = picture.crop((r[0] - x, r[1] - y, r[2] - x, r[3] - y))
            else:
                at_rest = await self.camera.shot(clip_of(seen.region), scroll=scroll)
            if diff_box(seen.picture, at_rest) is not None:
                found.add(stop.key)
        return found


def clip_of(region) -> dict:
    """A region (left, top, right, bottom) as a screenshot clip (x, y, width, height)."""
    return {"x": region[0], "y": region[1], "width": region[2] - region[0], "height": region[3] - region[1]}
