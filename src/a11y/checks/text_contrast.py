"""Text has minimum contrast, measured as drawn (WCAG 1.4.3, ACT afw4f7).

Every visible character of text in a human language (not part of a disabled widget or group,
nor of the label of one) has a highest possible contrast with its background of at least
4.5:1, or 3:1 for large-scale text (18pt, or 14pt bold, from the computed font size and weight).
Text that is inert (under an inert attribute, or outside an open modal dialog, native or ARIA
as _modal.py defines it, frames included) is an inactive part of the page, which 1.4.3 exempts:
not judged, and the outcome's reason says so; the dialog's own text is judged.

Text over one plain colour (a stack of background colours under it, nothing else painted
there: checked by hit-testing points along each line) is judged from computed styles in the
page, no screenshot. Text over anything else (an image, a gradient, overlapping content, a
shadow of its own, opacity, blending) is measured from pixels: one screenshot of the region as
drawn, one with all text made transparent (its decorations too, but for one thick or raised
into the glyphs, which may serve as their background), one more as drawn to see that nothing moved.
The text is hidden by its fill, never its colour: what the page paints in the text's colour
(currentColor: a border, a box shadow, an icon, MUI's focus ripple over its button's text) is
what lies under or around the text, and stays in that picture as drawn; list markers, placeholders,
form fields' values and SVG text are hidden with the rest of the text.
A decoration of another colour (an underline at 40% alpha, as MUI's links have) is not the text's
background: text over one plain colour with such an underline is judged from styles as other text.
Where the pixels cannot decide (a glyph too thin to show its colour, a background of which
only some parts give enough contrast, a page that changes by itself, an image that did not
load) the text is left for review with the reason.

The placeholder an empty field (input or textarea, enabled) shows at rest is text too, though no
text node holds it: its ::placeholder colour (with that style's opacity) is judged over the
field's box, its own background first, then whatever shows through a see-through one (hit-tested
across the field's content box as a line of text is), at the placeholder's font size and
weight; from pixels when that is not one plain colour (the placeholder hidden for the
background's picture like other text). A field with a value does not show its placeholder.

Long pages are taken a viewport at a time (scrolled, then scrolled back), up to a few
viewports and a number of characters measured from pixels; text beyond that is reported as
not examined.

axe's color-contrast leaves for review the text it cannot place on one colour (overlap,
images, gradients, pseudo-elements). Each such element of the top document whose every text
node (with a letter, rendered) this check judged is decided here (engines.base.Settlement):
passed when all of them pass; failed when one fails (the failure is this check's). Anything
this check left for review or did not reach stays in axe's review list.
"""
from __future__ import annotations

import contextlib
import json
import time
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..devtools import forget_session, page_session
from ..engines.base import Settlement
from ..jsonwire import evaluate_json
from ._activity import BUSY_LOOK, activity_script, busy_reason
from ._colour import with_colour
from ._contrast import FAIL, PASS, REVIEW, Shots, hex_colour, judge_char, ratio, threshold
from ._kept import KeptFunction
from ._layout import dom_script, evaluate
from ._modal import ACTIVE_MODAL, OUTSIDE, with_modal
from ._motion import compact, with_helpers
from ._pixels import clip_shot
from .base import CANT_TELL, FAILED, INAPPLICABLE, PASSED, Check, CheckOutcome, node

MARGIN = 80  # CSS px: a band ends this far above the viewport's bottom (a line must show whole)
PAGE_END = 1e12  # a band's bottom when it reaches the end of the page (band_script)
# Styles put in (and taken out) around the screenshots, in the document and every open shadow
# root: nothing moves (no transition, no caret) while they are taken; then the text is hidden.
# A screenshot draws a fresh frame, so it shows a style as soon as it is in.
STILL = "*, *::before, *::after { transition: none !important; caret-color: transparent !important; }"
# Text is hidden by its fill and the colours of its outline and emphasis marks, not by `color`:
# making that transparent also hid all the page paints in currentColor (borders, box shadows,
# icons, a focus ripple), leaving text over them with no background at all. Markers and
# placeholders have a colour of their own; SVG text is drawn with `fill` (often currentColor).
# Form fields' values (inputs, selects, textareas) inherit the fill and vanish with the rest.
BLANK = ("*, *::before, *::after, *::first-letter, *::first-line, *::marker, *::placeholder {"
         " -webkit-text-fill-color: transparent !important; -webkit-text-stroke-color: transparent !important;"
         " -webkit-text-emphasis-color: transparent !important; }"
         " *::marker, *::placeholder { color: transparent !important; }"
         " svg text, svg text * { fill: transparent !important; stroke: transparent !important; }")
# BLANK for a document no style sheet of which could style a first letter or line apart
# (_contrast.js out.firstRules): they take the hidden fill from their element, and naming them
# would make the browser build a first-letter box in every block and lay the page out again.
BLANK_PLAIN = BLANK.replace(" *::first-letter, *::first-line,", "")
# Added to BLANK unless some text measured has a thick or raised decoration (_contrast.js lineOnly),
# which may be its background: the text's own decorations are neither text nor background (an
# underline of another colour would count as background right under the glyphs).
BLANK_DECORATION = " *, *::before, *::after { text-decoration-color: transparent !important; }"
ADD_STYLE = """([css, mark]) => {
  const roots = [document];
  for (let i = 0; i < roots.length; i++) {
    for (const el of roots[i].querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
  }
  for (const root of roots) {
    const s = document.createElement('style');
    s.setAttribute(mark, '');
    s.setAttribute('data-a11y-own', '');
    s.textContent = css;
    (root === document ? (document.head || document.documentElement) : root).appendChild(s);
  }
}"""
# Takes out the sheets ADD_STYLE put in under any of the marks given, in one call.
REMOVE_STYLE = """(marks) => {
  const roots = [document];
  for (let i = 0; i < roots.length; i++) {
    for (const el of roots[i].querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
  }
  const sheets = marks.map((m) => `style[${m}]`).join(', ');
  for (const root of roots) root.querySelectorAll(sheets).forEach(s => s.remove());
}"""
STILL_MARK, BLANK_MARK = "data-a11y-still", "data-a11y-blank"
# After a collect (_contrast.js) that listed text to measure from pixels, in the same call: whether
# the document could still change by itself (_activity.js, asked before STILL stops its
# transitions, as _pixels would ask it), and STILL put in for the screenshots, so that _pixels
# needs no call of its own for either ("held": STILL is in; _pixels takes it out).
HOLD_STILL = f"""(out) => {{
  if (out.pixel.length) {{
    out.busy = ({BUSY_LOOK.script})();
    ({ADD_STYLE})([{json.dumps(STILL)}, '{STILL_MARK}']);
    out.held = true;
  }}
  return out;
}}"""
# Scrolls to y; the scroll position it left (to put back at the end), then the new one, the
# viewport's size and the page's height.
SCROLL = """(y) => { const was = [scrollX, scrollY];
  scrollTo({left: 0, top: y, behavior: 'instant'});
  const se = document.scrollingElement || document.documentElement;
  return [scrollX, scrollY, document.documentElement.clientWidth, document.documentElement.clientHeight,
          se.scrollHeight, was]; }"""
# Put the scroll position back and take out the hit-testing sheet a band left (_contrast.js keepSheet).
RESTORE = ("(at) => { document.querySelectorAll('style[data-a11y-hit-test]').forEach((s) => s.remove());"
           " if (at) scrollTo({left: at[0], top: at[1], behavior: 'instant'}); }")
AXE_RULE = "color-contrast"  # the review items of axe's that this check can decide
# The elements of axe's targets (a selector in the top document, or a path of selectors through
# shadow roots), each text node of theirs with a letter and a box keyed "element index.child
# index" in window.__a11yAsked for _contrast.js; returns each element's number of such text nodes
# (0: not found, or nothing to judge). Taken out again by FORGET.
ASK = with_helpers(r"""(targets) => {
  const LETTER = /\p{L}/u;
  const find = window.__a11yMotion.find;
  const asked = new Map(), seen = new Set();
  const counts = targets.map((t, i) => {
    const el = find(t);
    if (!el || seen.has(el)) return 0;
    seen.add(el);
    let n = 0;
    el.childNodes.forEach((c, j) => {
      if (c.nodeType !== 3 || !LETTER.test(c.data)) return;
      const r = document.createRange();
      r.selectNodeContents(c);
      if (r.getClientRects().length) { asked.set(c, i + '.' + j); n++; }
    });
    return n;
  });
  window.__a11yAsked = asked;
  return counts;
}""")
FORGET = "() => { delete window.__a11yAsked; }"
NO_WORD = ("no word of two letters or more: it may be a symbol (an icon such as 'X') rather than text in a "
           "human language, which the rule exempts")


@lru_cache(maxsize=1)
def collect_script() -> str:
    return compact(with_modal(with_colour(
        resources.files(__package__).joinpath("_contrast.js").read_text(encoding="utf-8"))))


@lru_cache(maxsize=2)
def band_script(collect: str = "") -> str:
    """The page's bands from band `band` on, in one call while nothing needs the Python side: each
    scrolled to (SCROLL: `top` less the margin; the page's top for band 0), then its text collected
    from `top` to the band's bottom (the viewport's, less MARGIN; the page's end on the last screen).
    The call stops after a band that lists text to measure from pixels (its pictures are taken
    where it is scrolled), after the last band, one with no text below it or at a limit (maxNodes,
    maxPixelChars), after band number `bands`, or once `ms` have passed: where run()'s loop would
    stop or call again. Between its bands nothing but the scroll position changes (no await: no
    script of the page runs), so what depends on the page's tree and styles alone is worked out
    once (_contrast.js `shared`); boxes are measured afresh in each band (new helpers, `fresh()`).
    Band 0 also finds the page's scroll boxes (FIND_BOXES), whose text is then left to
    box_band_script. Returns [[view, bottom, collected] for each band, the number of boxes].
    `collect`: the name the collecting function (_contrast.js) has where it runs, else its text."""
    return f"""async (L, {{band, top, margin, maxNodes, maxPixelChars, findBoxes, enhanced, bands, ms}}, fresh) => {{
  const boxes = findBoxes ? ({FIND_BOXES})(findBoxes) : (window.__a11yBoxes || []).length;
  const until = performance.now() + ms, shared = {{}}, got = [];
  for (;;) {{
    const view = ({SCROLL})(band ? Math.max(0, top - margin) : 0);
    const [, y, , vh, height] = view;
    const last = y + vh >= height - 1, bottom = last ? {PAGE_END} : y + vh - margin;
    let out = ({collect or collect_script()})(got.length ? fresh() : L, {{top, bottom, maxNodes, maxPixelChars,
      keepSheet: !last || boxes > 0, enhanced, placeholders: true, shared}});
    if (out instanceof Promise) out = await out;
    got.push([view, bottom, ({HOLD_STILL})(out)]);
    if (out.pixel.length || out.capped || !out.below || last || ++band >= bands || performance.now() > until) break;
    top = bottom;
  }}
  return [got, boxes];
}}"""


# The page's scroll boxes (top document): elements that scroll vertically (overflow-y auto or
# scroll, content taller than the box) and hold text with a letter, outermost first, at most
# `max`. A sidebar of contents kept in view (sticky, as high as the viewport) is the usual one:
# most of its text is below what it shows, out of the viewport whichever way the page scrolls.
# Kept in window.__a11yBoxes, with their scroll positions to put back (BOXES_BACK).
FIND_BOXES = r"""(max) => {
  const LETTER = /\p{L}/u, found = [];
  for (const el of document.body ? document.body.querySelectorAll('*') : []) {
    if (el.clientHeight === 0 || el.scrollHeight <= el.clientHeight + 1) continue;
    const s = getComputedStyle(el);
    if (!/^(auto|scroll)$/.test(s.overflowY) || s.visibility !== 'visible') continue;
    if (found.some((b) => b.contains(el)) || !LETTER.test(el.textContent)) continue;
    found.push(el);
    if (found.length >= max) break;
  }
  if (found.length) {
    window.__a11yBoxes = found;
    window.__a11yBoxTops = found.map((b) => b.scrollTop);
  }
  return found.length;
}"""
# Put the boxes' scroll positions back and forget them.
BOXES_BACK = """() => {
  (window.__a11yBoxes || []).forEach((b, i) => { b.scrollTop = window.__a11yBoxTops[i]; });
  delete window.__a11yBoxes; delete window.__a11yBoxTops;
}"""


@lru_cache(maxsize=2)
def box_band_script(collect: str = "") -> str:
    """The bands of scroll box `box` (its index in window.__a11yBoxes) from band `band` on, in one
    call as band_script takes the page's: in each, the page scrolled to show the box's top (unless
    it already shows, as a sticky or fixed box does), the box scrolled to show `top` a margin below
    its top edge (to its start on band 0), then the text of the box from `top` to the bottom of
    what the box shows in the viewport, less that margin (offsets in the box's content; the box's
    end on its last screen). Stops as band_script does, and after a band reaching `depth` viewport
    heights into the box, or one that cannot be brought into the viewport.
    Returns [[scrollX, scrollY, viewport width, height], bottom, collected] for each band, collected
    null when none of the box can be brought into the viewport. `collect`: as for band_script."""
    return f"""async (L, {{box, band, top, margin, maxNodes, maxPixelChars, enhanced, bands, depth, ms}}, fresh) => {{
  const b = window.__a11yBoxes[box];
  const until = performance.now() + ms, shared = {{}}, got = [];
  for (;;) {{
    const vw = document.documentElement.clientWidth, vh = document.documentElement.clientHeight;
    let r = b.getBoundingClientRect();
    if (r.top < 0 || r.top > vh / 2) {{
      scrollBy({{left: 0, top: r.top, behavior: 'instant'}});
      r = b.getBoundingClientRect();
    }}
    const inner = r.top + b.clientTop, shown = Math.min(inner + b.clientHeight, vh) - Math.max(inner, 0);
    if (shown < 1) {{  // kept out of the viewport (fixed below it)
      got.push([[scrollX, scrollY, vw, vh], 0, null]);
      break;
    }}
    const m = Math.min(margin, shown / 4);  // a line at `top` shows whole, and each band gets further
    b.scrollTop = band ? Math.max(0, top - m) : 0;
    const origin = b.scrollTop - inner;
    const last = b.scrollTop + b.clientHeight >= b.scrollHeight - 1 && shown >= b.clientHeight - 1;
    const bottom = last ? {PAGE_END} : b.scrollTop + shown - m;
    let out = ({collect or collect_script()})(got.length ? fresh() : L, {{top, bottom, maxNodes, maxPixelChars,
      keepSheet: true, root: b, origin, enhanced, placeholders: true, shared}});
    if (out instanceof Promise) out = await out;
    got.push([[scrollX, scrollY, vw, vh], bottom, ({HOLD_STILL})(out)]);
    if (out.pixel.length || out.capped || !out.below || last || ++band >= bands || bottom >= depth * vh ||
        performance.now() > until) break;
    top = bottom;
  }}
  return got;
}}"""


@lru_cache(maxsize=2)
def frame_collect_script(collect: str = "") -> str:
    """A frame's text (_contrast.js), STILL held in it when some is to be measured from pixels.
    `collect`: as for band_script."""
    return f"async (L, arg) => ({HOLD_STILL})(await ({collect or collect_script()})(L, arg))"


@lru_cache(maxsize=1)
def kept_collect() -> KeptFunction:
    """The page's bands, a scroll box's and a frame's text (band_script, box_band_script,
    frame_collect_script, as `how` says), with the layout helpers and one copy of _contrast.js, as
    a function kept in every document and frame (Check.kept): each call then names it instead of
    sending about 45 kB of script to be compiled again."""
    return KeptFunction("text-contrast", f"""async ({{how, arg}}) => {{ const fresh = () => {dom_script()};
const L = fresh(), collect = {collect_script()};
const run = {{band: {band_script("collect")},
  box: {box_band_script("collect")},
  frame: {frame_collect_script("collect")}}}[how];
return await run(L, arg, fresh); }}""")


async def collecting(frame, how: str, arg: dict):
    """kept_collect's answer in `frame` (a Frame) for `how` ("band", "box", "frame")."""
    return await kept_collect().evaluate(frame, {"how": how, "arg": arg}, evaluate_json)


def _ms_left(deadline: float) -> float:
    """The milliseconds left until deadline (time.monotonic()), for a call that takes bands in turn."""
    return max(0.0, 1000 * (deadline - time.monotonic()))


def _collects_enhanced(founds: list) -> bool:
    """Whether the page script sends back text up to 1.4.6's thresholds (it sends what is below
    the highest threshold judged; the Python side judges each)."""
    return any(f.enhanced for f in founds)


def _size(info: dict) -> str:
    bold = " bold" if info["weight"] >= 700 else ""
    kind = "large-scale" if info["large"] else "normal"
    return f"{kind} text ({info['size']:g}px{bold})"


def _placeholder_why(info: dict, why: str) -> str:
    """Why text is left for review, said of a field's placeholder when it is one."""
    return f"its placeholder: {why}" if info.get("placeholder") else why


class Findings:
    """Verdicts gathered per element (several text nodes, several bands)."""

    def __init__(self, enhanced: bool = False) -> None:
        self.enhanced = enhanced  # judged against 1.4.6's thresholds (text-contrast-enhanced)
        # target (selectors from the top document, frames first) -> (html, summary, contrast)
        self.failed: dict[tuple, tuple[str, str, float]] = {}
        self.review: dict[tuple, tuple[str, str]] = {}
        self.passed = 0
        self.not_examined: list[str] = []
        # Text of elements axe left for review (ASK): key "element.child" -> (verdict, ratio);
        # a later "fail" or "review" of the same text outweighs a "pass".
        self.asked: dict[str, tuple[str, float | None]] = {}
        # The open modal dialog (its selector) outside which text was left unjudged, as inactive.
        self.modal: str | None = None

    def judged(self, info: dict, verdict: str, contrast: float | None = None) -> None:
        key = info.get("ask")
        if key is None:
            return
        old = self.asked.get(key)
        if old is None or old[0] == "pass":
            self.asked[key] = (verdict, contrast if old is None or contrast is None else min(contrast, old[1]))

    def settlements(self, nodes: list, counts: list[int]) -> list[Settlement]:
        """axe's review nodes (asked in this order, with their numbers of text nodes) that the
        verdicts decide."""
        by_element: dict[int, list[tuple[str, float | None]]] = {}
        for key, verdict in self.asked.items():
            by_element.setdefault(int(key.split(".")[0]), []).append(verdict)
        out = []
        for i, (n, count) in enumerate(zip(nodes, counts, strict=True)):
            verdicts = by_element.get(i, [])
            if not count or not verdicts:
                continue
            if any(v == "fail" for v, _ in verdicts):
                out.append(Settlement(AXE_RULE, n, FAILED, TextContrastRendered.id,
                                      "its text's contrast with what is drawn behind it is too low"))
            elif len(verdicts) == count and all(v == "pass" for v, _ in verdicts):
                lowest = min(c for _, c in verdicts)
                out.append(Settlement(AXE_RULE, n, PASSED, TextContrastRendered.id,
                                      f"its text's contrast with what is drawn behind it is at least {lowest:.2f}:1"))
        return out

    def fail(self, info: dict, contrast: float, summary: str) -> None:
        self.judged(info, "fail", contrast)
        key = tuple(info["target"])
        old = self.failed.get(key)
        if old is None or contrast < old[2]:
            self.failed[key] = (info["html"], summary, contrast)

    def ask(self, info: dict, why: str) -> None:
        self.judged(info, "review")
        self.review.setdefault(tuple(info["target"]), (info["html"], why))

    def collected(self, out: dict) -> None:
        """Notes from what the page script collected (_contrast.js), beyond its text."""
        if out.get("behindModal") and self.modal is None:
            self.modal = out["modal"]

    def outcome(self) -> CheckOutcome:
        if self.failed:
            return CheckOutcome(FAILED, [node(list(t), html, summary) for t, (html, summary, _) in self.failed.items()])
        notes = list(self.not_examined)
        if self.modal:
            notes.append(f"the text outside the open modal dialog ({self.modal}) is an inactive part of the page "
                         "while the dialog is open, and was not judged")
        if self.review or self.not_examined:
            whys = sorted({why for _, why in self.review.values()})
            counts = [f"{sum(w == why for _, w in self.review.values())} element(s): {why}" for why in whys]
            nodes = [node(list(t), html, why) for t, (html, why) in list(self.review.items())[:20]]
            return CheckOutcome(CANT_TELL, nodes, reason="; ".join(notes + counts))
        if self.passed:
            return CheckOutcome(PASSED, reason="; ".join([f"the text of {self.passed} element(s) has enough contrast "
                                                          "with its background", *notes]))
        return CheckOutcome(INAPPLICABLE, reason="; ".join(["no visible text in a human language that the rule "
                                                             "applies to", *notes]))


@dataclass
class BandWork:
    """What the bands of one run share: the characters measured from pixels so far, and the
    run's per-page limits (the check's, times CheckContext.reach)."""

    reach: int
    max_nodes: int
    max_pixel_chars: int
    measured: int = 0

    @property
    def pixel_chars_left(self) -> int:
        return self.max_pixel_chars - self.measured


class TextContrastRendered(Check):
    id = "text-contrast-rendered"
    time_limit = 20.0
    init_script = activity_script()  # tells when a third screenshot is not needed
    max_nodes = 4000  # text nodes looked at per page
    max_pixel_chars = 600  # characters measured from pixels per page
    max_bands = 4  # viewports
    max_boxes = 4  # scroll boxes judged on their own
    # Per box: its text down to this many viewport heights, in at most this many bands (a small
    # box shows a few lines at a time).
    max_box_depth = 6
    max_box_bands = 24
    enhanced = False  # 1.4.6's thresholds (TextContrastEnhanced)
    kept = (kept_collect(),)

    async def run(self, ctx) -> CheckOutcome:
        page = ctx.page
        deadline = time.monotonic() + max(2.0, ctx.timeout - 3)
        # One measurement judged against each set of thresholds asked for: this check's, and the
        # companion's (1.4.3 and 1.4.6) when the scan runs both; the companion's outcome comes
        # with this one (CheckOutcome.also) and it is not measured again.
        companion = TextContrastRendered.id if self.enhanced else TextContrastEnhanced.id
        founds = [Findings(self.enhanced)]
        if companion in ctx.selected:
            founds.append(Findings(not self.enhanced))
            founds[1].not_examined = founds[0].not_examined  # what was not examined, for both
        found = founds[0]
        aa = next((f for f in founds if not f.enhanced), None)
        # axe's items are 1.4.3's: only that check's verdicts decide them.
        asked = [n for n in ctx.review_nodes(AXE_RULE) if len(n.target) == 1] if aa else []
        counts = await page.evaluate(ASK, [n.target[0] for n in asked]) if asked else []
        start = None
        work = BandWork(ctx.reach, self.max_nodes * ctx.reach, self.max_pixel_chars * ctx.reach)
        top, band = 0.0, 0
        last = False
        boxes = 0
        try:
            more = True
            while more:  # a call takes the bands that need nothing between them (band_script)
                got, boxes = await collecting(page.main_frame, "band", {
                    "band": band, "top": top, "margin": MARGIN,
                    "maxNodes": work.max_nodes, "maxPixelChars": work.pixel_chars_left,
                    "findBoxes": 0 if band else self.max_boxes * work.reach, "enhanced": _collects_enhanced(founds),
                    "bands": self.max_bands * work.reach, "ms": _ms_left(deadline)})
                for (x, y, vw, vh, _, was), bottom, out in got:
                    start = start or was
                    last = bottom >= PAGE_END
                    more = False
                    if await self.judge_band(page, founds, out, (x, y, vw, vh), work):
                        break
                    if not out["below"]:
                        break
                    band += 1
                    if band >= self.max_bands * work.reach or time.monotonic() > deadline:
                        found.not_examined.append(f"examined the text of the first {band} screen(s) of a longer "
                                                  "page; the text further down was not")
                        break
                    top, more = bottom, True
            for box in range(boxes):
                if time.monotonic() > deadline:
                    found.not_examined.append("the text of a scroll box was not examined in the time given")
                    break
                if await self._box(page, founds, box, deadline, work):
                    break
        finally:
            # The last band of the page took its sheet out; any other end leaves it for RESTORE.
            if band or not last or boxes or (start is not None and start != [0, 0]):
                with contextlib.suppress(Exception):
                    await page.evaluate(RESTORE, start)
            if boxes:
                with contextlib.suppress(Exception):
                    await page.evaluate(BOXES_BACK)
            if asked:
                with contextlib.suppress(Exception):
                    await page.evaluate(FORGET)
        try:
            if len(page.frames) > 1 and time.monotonic() < deadline:
                await self._frames(page, founds, deadline, work)
            elif len(page.frames) > 1:
                found.not_examined.append("text inside frames was not examined in the time given")
        except Exception:
            forget_session(page)  # it may be the session that failed
            raise
        outcomes = {f.enhanced: f.outcome() for f in founds}
        if aa is not None:  # axe's items go with 1.4.3's outcome, whichever check measured
            outcomes[False].settles = aa.settlements(asked, counts)
        outcome = outcomes.pop(self.enhanced)
        if outcomes:
            outcome.also[companion] = outcomes.pop(not self.enhanced)
        return outcome

    async def judge_band(self, page, founds: list[Findings], out: dict, view: tuple, work: BandWork) -> bool:
        """Judge what one band collected (view: the page's scroll x and y, the viewport's width and
        height); True when the page has more text than is examined (stop)."""
        x, y, vw, vh = view
        found = founds[0]  # its not-examined notes are every Findings'
        self._flat(founds, out, [])
        if out["pixel"]:
            for info in out["pixel"]:
                info["target"] = [info["selector"]]
            await self._pixels(page, page.main_frame, founds, out["pixel"], (x, y), (0, 0, vw, vh),
                               out.get("held", False), out.get("busy"), out.get("firstRules", True))
            work.measured += out["pixelChars"]
        if out["outside"]:
            found.not_examined.append(f"{out['outside']} character(s) do not show whole in the viewport, or in "
                                      "the box that scrolls them, and were not measured")
        if out["capped"]:
            found.not_examined.append("the page has more text than is examined; the rest was not")
            return True
        return False

    async def _box(self, page, founds: list[Findings], box: int, deadline: float, work: BandWork) -> bool:
        """The text of scroll box `box`, a box's height at a time (box_band_script); True to stop."""
        found = founds[0]
        top, band = 0.0, 0
        while True:  # a call takes the bands that need nothing between them (box_band_script)
            for view, bottom, out in await collecting(page.main_frame, "box", {
                    "box": box, "band": band, "top": top, "margin": MARGIN,
                    "maxNodes": work.max_nodes, "maxPixelChars": work.pixel_chars_left,
                    "enhanced": _collects_enhanced(founds), "bands": self.max_box_bands * work.reach,
                    "depth": self.max_box_depth * work.reach, "ms": _ms_left(deadline)}):
                if out is None:
                    found.not_examined.append("a scroll box that cannot be brought into the viewport was not examined")
                    return False
                if await self.judge_band(page, founds, out, tuple(view), work):
                    return True
                if bottom >= PAGE_END or not out["below"]:
                    return False
                band += 1
                if (bottom >= self.max_box_depth * work.reach * view[3] or band >= self.max_box_bands * work.reach
                        or time.monotonic() > deadline):
                    found.not_examined.append(f"examined the text of a scroll box down to {bottom:.0f} CSS px into "
                                              "it; the rest was not")
                    return False
                top = bottom

    async def _frames(self, page, founds: list[Findings], deadline: float, work: BandWork) -> None:
        """The text of each frame, as far as the frame shows in the viewport (not scrolled)."""
        found = founds[0]
        for frame in page.frames[1:]:
            if time.monotonic() > deadline:
                found.not_examined.append("text inside frames was not examined in the time given")
                return
            view, path, (x, y) = await _frame_place(page, frame)
            if view is None:
                continue  # not shown (hidden, or scrolled away)
            if view == "blended":
                found.not_examined.append("a frame drawn with opacity, a filter or a blend mode was not examined")
                continue
            if view == "inactive":  # behind an open modal dialog: said, not judged
                name = await evaluate(page, MODAL_SELECTOR)
                for f in founds:
                    f.modal = f.modal or name or "in a frame around it"
                continue
            ox, oy, box = view
            try:
                out = await collecting(frame, "frame", {
                    "top": -PAGE_END, "bottom": PAGE_END, "maxNodes": work.max_nodes,
                    "maxPixelChars": work.max_pixel_chars, "frame": True, "enhanced": _collects_enhanced(founds),
                    "placeholders": True})
            except Exception:  # noqa: BLE001 - a frame gone or not scriptable
                found.not_examined.append("a frame's text could not be examined")
                continue
            self._flat(founds, out, path)
            if out["outside"] or out["capped"]:
                found.not_examined.append("some text inside a frame does not show in it and was not measured")
            pixel = []
            for info in out["pixel"]:
                chars = [[c[0] + ox, c[1] + oy, c[2] + ox, c[3] + oy] for c in info["chars"]]
                chars = [c for c in chars if c[0] >= box[0] and c[1] >= box[1] and c[2] <= box[2] and c[3] <= box[3]]
                if chars:
                    pixel.append({**info, "chars": chars, "target": [*path, info["selector"]]})
            if pixel:
                await self._pixels(page, frame, founds, pixel, (x, y), tuple(int(v) for v in box),
                                   out.get("held", False), out.get("busy"), out.get("firstRules", True))
            elif out.get("held"):  # none of it shows in the frame's box: nothing to measure
                await frame.evaluate(REMOVE_STYLE, [STILL_MARK])

    @staticmethod
    def _flat(founds: list[Findings], out: dict, path: list[str]) -> None:
        """Text on one plain colour: the page computed the ratio and counted what passes; what
        it sends back is below the threshold (the higher one, when both are judged). path: the
        selectors of the frames it is in."""
        for found in founds:
            found.collected(out)
            found.passed += out["flatPassed"]
            for key, contrast in out["askedPass"]:
                found.judged({"ask": key}, "pass", contrast)
            for info in out["flat"]:
                info["target"] = [*path, info["selector"]]
                contrast = ratio(info["fgRgb"], info["bgRgb"])
                need = threshold(info["large"], found.enhanced)
                if contrast >= need:
                    found.passed += 1
                    found.judged(info, "pass", contrast)
                elif info["noWord"]:
                    found.ask(info, _placeholder_why(info, NO_WORD))
                elif info.get("placeholder"):
                    found.fail(info, contrast, f"contrast {contrast:.2f}:1 between the placeholder ({info['fg']}) and "
                                               f"the field's background ({info['bg']}); {need:g}:1 is needed for "
                                               f"{_size(info)}: \"{info['text']}\"")
                else:
                    found.fail(info, contrast, f"contrast {contrast:.2f}:1 between the text ({info['fg']}) and its "
                                               f"background ({info['bg']}); {need:g}:1 is needed for {_size(info)}: "
                                               f"\"{info['text']}\"")

    @staticmethod
    async def _pixels(page, doc, founds: list[Findings], pixel: list[dict], scroll, view: tuple, held: bool = False,
                      busy: str | None = None, first_rules: bool = True) -> None:
        """Measure the characters listed (in viewport CSS px) from screenshots of the region they
        cover inside view (left, top, right, bottom); doc: the frame whose text they are. `held`:
        the collecting call put STILL in already (HOLD_STILL), `busy` being doc's answer then.
        `first_rules`: whether a style sheet of doc could style a first letter or line apart
        (BLANK_PLAIN otherwise)."""
        boxes = [c for info in pixel for c in info["chars"]]
        left, top = max(view[0], int(min(b[0] for b in boxes)) - 2), max(view[1], int(min(b[1] for b in boxes)) - 2)
        right = min(view[2], int(max(b[2] for b in boxes)) + 3)
        bottom = min(view[3], int(max(b[3] for b in boxes)) + 3)
        clip = {"x": left, "y": top, "width": right - left, "height": bottom - top}
        removed = False
        try:  # from the first wait on: the sheets come out whatever happens
            if held:
                still = busy is None and await busy_reason([f for f in page.frames if f is not doc]) is None
            else:
                still = await busy_reason(page.frames) is None
                await doc.evaluate(ADD_STYLE, [STILL, STILL_MARK])
            cdp = await page_session(page)
            rendered = await clip_shot(cdp, clip, scroll)
            blank_css = BLANK if first_rules else BLANK_PLAIN
            if not any(info.get("thickLine") for info in pixel):
                blank_css += BLANK_DECORATION
            await doc.evaluate(ADD_STYLE, [blank_css, BLANK_MARK])
            blank = await clip_shot(cdp, clip, scroll)
            # A third look tells the text apart from a page that changes by itself; a page with
            # nothing left that could change it (the activity record) looks as it did.
            if still:
                await doc.evaluate(REMOVE_STYLE, [BLANK_MARK, STILL_MARK])
                removed = True
                again = rendered
            else:
                await doc.evaluate(REMOVE_STYLE, [BLANK_MARK])
                again = await clip_shot(cdp, clip, scroll)
        finally:
            if not removed:
                await doc.evaluate(REMOVE_STYLE, [BLANK_MARK, STILL_MARK])
        scale = rendered.width / clip["width"]
        shots = Shots(rendered, blank, again)
        for found in founds:  # one set of pictures, judged against each set of thresholds
            for info in pixel:
                if info["unloaded"]:
                    name = info["unloaded"].rstrip("/").rsplit("/", 1)[-1]
                    found.ask(info, _placeholder_why(info, f"an image behind the text did not load or decode ({name})"))
                    continue
                verdicts = []
                for b in info["chars"]:
                    box = tuple((v - o) * scale for v, o in zip(b, (left, top, left, top), strict=True))
                    v = judge_char(shots, box, info["large"],
                                   tuple(info["color"]) if info["color"] else None, info["alpha"], found.enhanced)
                    if v.verdict:
                        verdicts.append(v)
                fails = [v for v in verdicts if v.verdict == FAIL]
                need = threshold(info["large"], found.enhanced)
                if fails and info["noWord"]:
                    found.ask(info, _placeholder_why(info, NO_WORD))
                elif fails:
                    worst = min(fails, key=lambda v: v.contrast)
                    lead = (f"contrast of at most {worst.contrast:.2f}:1 between the placeholder"
                            if info.get("placeholder") else
                            f"{len(fails)} of {len(verdicts)} character(s) have a contrast of at most "
                            f"{worst.contrast:.2f}:1")
                    found.fail(info, worst.contrast,
                               f"{lead} (text {hex_colour(worst.fg)} against background {hex_colour(worst.bg)}, "
                               f"measured from the rendered pixels because of {info['why']}); {need:g}:1 is needed "
                               f"for {_size(info)}: \"{info['text']}\"")
                elif any(v.verdict == REVIEW for v in verdicts):
                    found.ask(info, _placeholder_why(info, next(v.why for v in verdicts if v.verdict == REVIEW)))
                elif any(v.verdict == PASS for v in verdicts):
                    found.passed += 1
                    found.judged(info, "pass", min(v.contrast for v in verdicts if v.verdict == PASS))


FRAME_BOX = """el => {
  const r = el.getBoundingClientRect(), s = getComputedStyle(el), n = (p) => parseFloat(s[p]) || 0;
  if (s.visibility !== 'visible') return null;
  if ((OUTSIDE)(el, (ACTIVE_MODAL)())) return 'inactive';  // behind an open modal dialog (_modal.py)
  for (let a = el; a; a = a.parentElement || (a.getRootNode() && a.getRootNode().host)) {
    const as = getComputedStyle(a);
    if (parseFloat(as.opacity) < 1 || as.filter !== 'none' || as.mixBlendMode !== 'normal') return 'blended';
  }
  return [r.left + n('borderLeftWidth') + n('paddingLeft'), r.top + n('borderTopWidth') + n('paddingTop'),
          r.right - n('borderRightWidth') - n('paddingRight'), r.bottom - n('borderBottomWidth') - n('paddingBottom')];
}""".replace("OUTSIDE", OUTSIDE).replace("ACTIVE_MODAL", ACTIVE_MODAL)


# The open modal dialog of the top document (_modal.py), as a selector, or null.
MODAL_SELECTOR = f"(L) => {{ const m = ({ACTIVE_MODAL})(); return m ? L.selector(m) : null; }}"


# An iframe element's FRAME_BOX, its selector, and the scroll position of the document it is in.
FRAME_PLACE = f"(L, el) => [({FRAME_BOX})(el), L.selector(el), scrollX, scrollY]"


async def _frame_place(page, frame) -> tuple:
    """Where frame shows, asked once per level of frames from the top document down: (view,
    the selectors of the iframe elements that lead to it, the top document's scroll position).
    view: (x, y of the frame's viewport in the top viewport, the part of it shown there as
    (left, top, right, bottom)); None when none of it shows (or the frame went away); "blended"
    when it is drawn see-through; "inactive" when it lies outside an open modal dialog."""
    chain = []
    while frame.parent_frame is not None:
        chain.insert(0, frame)
        frame = frame.parent_frame
    size = page.viewport_size or {"width": 1280, "height": 720}
    ox = oy = 0.0
    box = [0.0, 0.0, float(size["width"]), float(size["height"])]
    path: list[str] = []
    scroll = (0.0, 0.0)
    for depth, f in enumerate(chain):
        try:
            inner, selector, sx, sy = await evaluate(f.parent_frame, FRAME_PLACE, await f.frame_element())
        except Exception:  # noqa: BLE001 - the frame went away
            return None, path, scroll
        if depth == 0:
            scroll = (sx, sy)
        if inner is None or isinstance(inner, str):  # "blended", "inactive"
            return inner, path, scroll
        path.append(selector)
        left, top, right, bottom = inner[0] + ox, inner[1] + oy, inner[2] + ox, inner[3] + oy
        box = [max(box[0], left), max(box[1], top), min(box[2], right), min(box[3], bottom)]
        ox, oy = left, top
    if box[2] - box[0] < 1 or box[3] - box[1] < 1:
        return None, path, scroll
    return (ox, oy, box), path, scroll


class TextContrastEnhanced(TextContrastRendered):
    """WCAG 1.4.6 Contrast (Enhanced), ACT 09o5cg: the same measurement against 7:1, or 4.5:1 for
    large-scale text. Level AAA is beyond the standards a scan conforms to, so this is a best
    practice here (its metadata says so): it runs with --best-practice and decides nothing of
    axe's (axe's color-contrast items are 1.4.3's)."""

    id = "text-contrast-enhanced"
    enhanced = True
