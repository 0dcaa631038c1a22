"""focus-visible's first look: a picture of each element as the Tab walk reaches it, compared
afterwards with the same place with nothing focused.

The full judgement (focus_visible._judge) rests the page, takes a picture, moves focus back to
the element with a real Tab press and takes another, for every element: about twice the key
presses, calls and pictures. Most elements show focus plainly, so the walk itself takes the
focused picture, and one pass at the end takes the not-focused ones. An element counts as
passed here only when its surroundings differ between the two pictures and nothing but focus
can explain the difference: no document of the page changed its DOM or was replaced while we
walked it, nothing runs in any that could change it by itself, and every document's scroll
position is the same. Everything else (no difference, a page that moved, scrolled or changed)
goes to the full judgement, so this look can only save work, never decide a failure.

Frames (iframes, frames, objects showing a document) draw into the page's pictures, so each is
held to the same conditions through its own activity record (_activity.js runs in frames too),
read from the top document: a frame that cannot be read so (another origin, no record) leaves
the whole page to the full judgement. A frame is also to be still when each picture is taken
(loaded, nothing playing or moving in it, no ring fading out in it), and an element Tab reached
from another document is pictured only while nothing moves in the top document either (what
focus leaving that document started, such as a :focus-within look of the frame element fading,
is not waited for as LEFT waits within one document).

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

# The windows of every frame inside `top`, depth first (window.frames: iframes, frames and objects
# showing a document), or null when one cannot be asked (another origin's, or one without the
# activity record).
WINDOWS = ("((top) => { const out = []; const visit = (w) => { for (let i = 0; i < w.length; i++) {"
           " const f = w[i]; try { if (!f.__a11yActivity) return false; } catch (e) { return false; }"
           " out.push(f); if (!visit(f)) return false; } return true; }; return visit(top) ? out : null; })")
# Each frame's document (its time origin, when its DOM last changed), scroll position, and what
# could still change it by itself (_activity.js busy), in WINDOWS' order; null as WINDOWS, or when
# a frame cannot answer. A sound or a video counts too, playing or not: the browser's own controls
# (an <object> showing a media file is one) change by themselves where no record sees them.
FRAMES = (f"((top) => {{ const ws = ({WINDOWS})(top); try {{ return ws && ws.map((f) => {{ const A = f.__a11yActivity;"
          " return {id: [f.performance.timeOrigin, A.lastChange()], scroll: [f.scrollX, f.scrollY],"
          " busy: A.busy() || (f.document.querySelector('video, audio') ? 'a sound or a video' : null)};"
          " }); } catch (e) { return null; } })")
# Where the page is scrolled, the element's box in the top document's viewport (through the frame
# elements it lies in), when the top document's DOM last changed (_activity.js), and FRAMES, for a
# stop that did not come with its view (_focus.focused's: a page with frames), asked in the
# element's own document; null where a frame element above it is another origin's. `moving`: an
# animation or transition is under way in the top document (or may be, in a shadow tree), such as
# one that focus leaving another document started there. No wait for a frame: a screenshot draws
# one with what focusing changed.
VIEW = (f"(el) => {{ const b = el.getBoundingClientRect(); let x = b.x, y = b.y, w = window;"
        " while (w !== w.parent) { const e = w.frameElement; if (!e) return null;"
        " const r = e.getBoundingClientRect(), s = w.parent.getComputedStyle(e);"
        " x += r.x + e.clientLeft + parseFloat(s.paddingLeft); y += r.y + e.clientTop + parseFloat(s.paddingTop);"
        " w = w.parent; }"
        " const A = w.__a11yActivity;"
        " const moving = !A || A.openRootCount() > 0 || (w.document.getAnimations ? w.document.getAnimations() : [])"
        ".some((x) => x.playState !== 'finished' && x.playState !== 'idle');"
        f" return {{scroll: [w.scrollX, w.scrollY], change: A ? A.lastChange() : null, frames: ({FRAMES})(w), moving,"
        " box: el.getClientRects().length ? {x, y, width: b.width, height: b.height} : null}; }")
# What leaving the elements `left` started has ended (LEFT_ALL); nothing focused; transitions the
# blur started given up to a second to end (counted in animation frames: a timer of ours would
# count as the page's); then whether anything could still change the page by itself, and when its
# DOM last changed.
# Frames too (innermost first, as _focus.blur_all): nothing focused in them, their blurs' transitions
# ended; FRAMES.
REST = """async (left) => {
  await (LEFT_ALL)(left);
  const windows = (WINDOWS)(window) || [];
  for (const w of [...windows].reverse().concat([window])) {
    const a = w.document.activeElement; if (a && a !== w.document.body) a.blur();
  }
  const frame = () => new Promise(r => requestAnimationFrame(r));
  const ending = () => [window, ...windows].flatMap((w) => w.document.getAnimations ? w.document.getAnimations() : [])
      .filter((x) => x.playState === 'running' && isFinite(x.effect && x.effect.getComputedTiming().endTime));
  for (let i = 0; i < 60 && ending().length; i++) await frame();
  const A = window.__a11yActivity;
  return {scroll: [scrollX, scrollY], busy: A ? A.busy() : 'no record', change: A ? A.lastChange() : null,
          frames: (FRAMES)(window)};
}""".replace("LEFT_ALL", LEFT_ALL).replace("WINDOWS", WINDOWS).replace("FRAMES", FRAMES)
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
# The page and each frame (WINDOWS' order) scrolled back to where they were when pictured focused.
SCROLL_TO = (f"([x, y, frames]) => {{ window.scrollTo(x, y); const ws = ({WINDOWS})(window) || [];"
             " frames.forEach(([fx, fy], i) => ws[i] && ws[i].scrollTo(fx, fy));"
             " return [scrollX, scrollY, ws.map((f) => [f.scrollX, f.scrollY])]; }")
STILL = ("() => { const A = window.__a11yActivity; return {busy: A ? A.busy() : 'no record',"
         f" change: A ? A.lastChange() : null, frames: ({FRAMES})(window)}}; }}")
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
    frames: tuple = ()  # each frame's scroll position then (FRAMES' order)

    @property
    def where(self) -> tuple:
        """Where the page and its frames were scrolled: pictures taken alike are compared alike."""
        return (tuple(self.scroll), self.frames)


def _frames_still(frames, count: int) -> bool:
    """FRAMES' answer covers every frame of the page (`count`, the driver's) and none of them could
    change by itself."""
    return frames is not None and len(frames) == count and not any(f["busy"] for f in frames)


def _ids(frames) -> list:
    return [f["id"] for f in frames]


class FirstLook:
    """Pictures of each element focused, taken during the Tab walk (tab_walk's on_stop)."""

    def __init__(self, page, camera, region_of, first_look=None):
        """first_look: CheckContext.first_look, whose answer to OVERLAYS may be the survey's."""
        self.page, self.camera, self.region_of = page, camera, region_of
        self.first_look = first_look or self.page.evaluate
        self.focused: dict[str, Focused] = {}
        self.change = None  # the page's last DOM change when the walk reached its first element
        self.frames = None  # then each frame's document and last DOM change (FRAMES' ids)
        self.usable = True
        self._frame = None  # the frame of the stop before
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
        # Stops whose surroundings this look compared, the page still, and found alike focused and
        # not: the full judgement's own small pictures of the same place would show what these did,
        # so it starts at its larger look (focus_visible._judge_still).
        self.unchanged: set[str] = set()

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
        crossed, self._frame = self._frame is not None and self._frame is not stop.frame, stop.frame
        if not self.usable:
            return
        if stop.view is not None and stop.view.get("ring") and stop.index is not None:
            if self.overlays is None:
                self.overlays = await self.first_look(OVERLAYS)
            if not self.overlays:
                self.ringed[stop.key] = stop.index
                return
        if stop.view is not None:  # a page without frames (_focus.focused gives views there only)
            view = {**stop.view, "frames": []}
        elif stop.html.lower().startswith(("<iframe", "<frame")):
            return  # focus rests on a frame's document: focus_visible._judge's own case, no picture
        else:
            try:
                view = await on(stop, VIEW)
            except Exception:  # noqa: BLE001 - its frame went away or cannot be asked
                view = None
        if view is None or view["change"] is None or view["frames"] is None:
            self.usable = False  # no record of some document's changes: nothing can be trusted
            return
        if not self.focused and self.change is None:
            self.change, self.frames = view["change"], _ids(view["frames"])
        region = self.region_of(view["box"])
        if (region is not None and view["change"] == self.change and _ids(view["frames"]) == self.frames
                and _frames_still(view["frames"], len(self.page.frames) - 1) and not (crossed and view["moving"])):
            await self._left_ended()
            picture = await self.camera.shot(clip_of(region), scroll=view["scroll"])
            self.focused[stop.key] = Focused(region, view["scroll"], picture,
                                             tuple(tuple(f["scroll"]) for f in view["frames"]))

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
        if not self._still(rest):
            return found
        by_scroll: dict[tuple, list] = {}
        for stop in wanted:
            by_scroll.setdefault(self.focused[stop.key].where, []).append(stop)
        # Where the page and its frames are scrolled as each group's pictures are taken.
        now = (tuple(rest["scroll"]), tuple(tuple(f["scroll"]) for f in rest["frames"]))
        for where, group in by_scroll.items():
            if time.monotonic() > deadline:
                break
            if where != now:
                moved = await self.page.evaluate(SCROLL_TO, [*where[0], [list(f) for f in where[1]]])
                now = (tuple(moved[0:2]), tuple(tuple(f) for f in moved[2]))
                if now != where:
                    continue
            found |= await self._compare(group, list(where[0]))
        # Anything that changed meanwhile (a late handler of the page's) voids every comparison.
        if self._still(await self.page.evaluate(STILL)):
            return found
        self.unchanged.clear()
        return ringed

    def _still(self, state) -> bool:
        """REST's or STILL's answer: nothing could change any document of the page by itself, and
        none changed its DOM or was replaced since the walk began."""
        return (not state["busy"] and state["change"] == self.change and state["frames"] is not None
                and _ids(state["frames"]) == self.frames and _frames_still(state["frames"], len(self.page.frames) - 1))

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
            else:
                self.unchanged.add(stop.key)
        return found


async def on(stop, script: str, arg=None):
    """script(element, arg) for stop's element: through its document's list of stops when no handle
    was taken (one call, no handle to make)."""
    if stop.handle is None and stop.index is not None:
        return await stop.frame.evaluate(f"([i, arg]) => ({script})(window.__a11yStops[i], arg)", [stop.index, arg])
    return await (await stop.element()).evaluate(script, arg)


def clip_of(region) -> dict:
    """A region (left, top, right, bottom) as a screenshot clip (x, y, width, height)."""
    return {"x": region[0], "y": region[1], "width": region[2] - region[0], "height": region[3] - region[1]}
