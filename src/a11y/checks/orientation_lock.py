"""1.3.4 Orientation: content is not locked to portrait or landscape by a CSS rotation that
applies in one orientation only (ACT b33eff).

Judged by turning the viewport: the page is laid out in landscape and in portrait, and each
visible element's rotation about the Z axis (its `transform` matrix and `rotate` property) is
read in both. An element that a rule inside an orientation media query rotates (rotate,
rotate3d, rotateZ, matrix, matrix3d or the rotate property) is a target; it fails when its
rotation in one orientation differs from the other by a quarter turn, which undoes the turn of
the device. A quarter-turn difference with no such rule in the style sheets that can be read
(a script, or a style sheet from another origin) is left for review. An icon that turns with
the layout (icon-sized, at most 48 CSS px a side, with no letter, digit, control or media in it:
an arrow between steps that stack in portrait, a chevron) shows no content in one orientation
only: it passes when marked as decoration (aria-hidden, a presentational role, alt=""), and needs
review otherwise; anything larger or holding text fails as before.

It also decides axe's css-orientation-lock review item for the top document (axe says "cannot
be determined" on a page without style sheets, for one): passed when nothing in the page's
readable styles rotates anything and no script reacts to the window's shape, or when turning
the viewport turned nothing a quarter turn; failed when this check fails.
"""
from __future__ import annotations

from ._activity import activity_script
from ._layout import WHERE, evaluate, layout_script, nodes_from, viewport_then
from .base import CANT_TELL, FAILED, INAPPLICABLE, PASSED, Check, CheckContext, CheckOutcome, Look

# Selectors of style rules that rotate something, inside an orientation media condition.
_RULES = r"""
async (L) => {
  const ORIENTATION = /orientation\s*:\s*(landscape|portrait)/i;
  const ROTATES = /\b(rotate|rotate3d|rotateZ|matrix|matrix3d)\s*\(/i;
  const selectors = [];
  let unreadable = 0, rotations = 0;
  // media: the media conditions the rule sits in (all must match for it to apply)
  function walk(rules, media) {
    for (const rule of rules) {
      let here = media;
      if (rule.media && rule.media.mediaText) here = [...media, rule.media.mediaText];
      if (rule.styleSheet) { visit(rule.styleSheet, here); continue; }  // @import
      const rotates = rule.style &&
        (ROTATES.test(rule.style.getPropertyValue('transform')) || !!rule.style.getPropertyValue('rotate'));
      if (rotates) rotations++;  // anywhere: keyframes, container and width queries too
      if (rotates && rule.selectorText && here.some((m) => ORIENTATION.test(m)))
        selectors.push({ selector: rule.selectorText, media: here });
      if (rule.cssRules) walk(rule.cssRules, here);
    }
  }
  function visit(sheet, media) {
    const here = sheet.media && sheet.media.mediaText ? [...media, sheet.media.mediaText] : media;
    let rules;
    try { rules = sheet.cssRules; } catch (e) { unreadable++; return; }
    if (rules) walk(rules, here);
  }
  for (const sheet of document.styleSheets) visit(sheet, []);
  for (const sheet of document.adoptedStyleSheets || []) visit(sheet, []);
  for (const el of document.querySelectorAll('[style]')) {
    if (ROTATES.test(el.style.getPropertyValue('transform')) || el.style.getPropertyValue('rotate')) rotations++;
  }
  const A = window.__a11yActivity;  // a script that reacts to the window's shape could rotate things
  const script = A ? A.layoutScript() : 'no record of the page since it started';
  return { selectors, unreadable, rotations, script };
}
"""

# The elements that can have a transform or rotate now (of `all`, the document's elements): those a
# rule of a readable style sheet or a style attribute gives either (any value: var() too), and those
# an animation or a transition moves; the rest need not have their style read (on a long page, most
# of _ANGLES's time). null, for every element, where that cannot be told: a sheet that cannot be
# read, a rule set to `all`, a rule whose selector does not stand on its own (nested, scoped) or
# cannot be asked, or a shadow root (its sheets style its host and the host's children).
_ROTATABLE = r"""(all) => {
  const found = new Set();
  const sets = (st) => !!(st.getPropertyValue('transform') || st.getPropertyValue('rotate'));
  const PLAIN = [window.CSSMediaRule, window.CSSSupportsRule, window.CSSLayerBlockRule, window.CSSContainerRule]
    .filter(Boolean);
  const standsAlone = (rule) => {
    for (let p = rule.parentRule; p; p = p.parentRule) if (!PLAIN.some((T) => p instanceof T)) return false;
    return true;
  };
  let known = true;
  const walk = (rules) => {
    for (const rule of rules) {
      if (!known) return;
      if (rule.styleSheet) { visit(rule.styleSheet); continue; }  // @import
      if (window.CSSKeyframesRule && rule instanceof CSSKeyframesRule) continue;  // (animations: below)
      if (rule.style && (rule.style.getPropertyValue('all') || sets(rule.style))) {
        if (rule.selectorText === undefined || !standsAlone(rule) || rule.style.getPropertyValue('all')) {
          known = false;
          return;
        }
        try { for (const el of document.querySelectorAll(rule.selectorText)) found.add(el); }
        catch (e) { known = false; return; }
      }
      if (rule.cssRules) walk(rule.cssRules);
    }
  };
  const visit = (sheet) => {
    let rules;
    try { rules = sheet.cssRules; } catch (e) { known = false; return; }
    if (rules) walk(rules);
  };
  for (const sheet of document.styleSheets) visit(sheet);
  for (const sheet of document.adoptedStyleSheets || []) visit(sheet);
  for (const el of all) {
    if (el.shadowRoot) return null;
    if (el.hasAttribute('style') && sets(el.style)) found.add(el);
  }
  for (const a of (document.getAnimations ? document.getAnimations() : [])) {
    if (a.effect && a.effect.target) found.add(a.effect.target);
  }
  return known ? found : null;
}"""

# Each element's rotation about Z (degrees) where it has a transform or rotate, whether it is
# visible, and whether an orientation rule that applies at this viewport selects it; and whether
# the page needs no call once put back at its own size (L.nothingBack, _layout.Back).
_ANGLES = r"""
async (L, {selectors, size}) => {
  await L.laidOut(size[0], size[1]);
  const ICON_SIDE = 48;  // CSS px: the largest side of an icon (a 48 px chevron)
  const HOLDS = 'input, button, select, textarea, a[href], iframe, video, canvas, object, embed';
  function zAngle(s) {
    let angle = 0, any = false;
    if (s.transform && s.transform !== 'none') {
      const m = new DOMMatrixReadOnly(s.transform);
      angle += Math.atan2(m.b, m.a) * 180 / Math.PI; any = true;
    }
    const r = (s.rotate || 'none').trim();
    if (r !== 'none') {
      const parts = r.split(/\s+/), last = parts[parts.length - 1];
      const n = parseFloat(last), unit = last.replace(/^[-+\d.e]+/i, '');
      const deg = { deg: 1, rad: 180 / Math.PI, turn: 360, grad: 0.9 }[unit];
      const axis = parts.slice(0, -1);
      const aboutZ = axis.length === 0 || (axis.length === 1 && axis[0] === 'z') ||
        (axis.length === 3 && parseFloat(axis[0]) === 0 && parseFloat(axis[1]) === 0);
      const sign = axis.length === 3 && parseFloat(axis[2]) < 0 ? -1 : 1;
      if (deg !== undefined && aboutZ && !Number.isNaN(n)) { angle += sign * n * deg; any = true; }
    }
    return any ? angle : null;
  }
  const selected = new Set();
  for (const { selector, media } of selectors) {
    if (!media.every((m) => matchMedia(m).matches)) continue;  // the rule does not apply in this orientation
    try { document.querySelectorAll(selector).forEach((el) => selected.add(el)); } catch (e) { /* unsupported */ }
  }
  const all = document.querySelectorAll('*');
  const rotatable = (ROTATABLE)(all);
  const out = [];
  for (const el of all) {
    if ((rotatable && !rotatable.has(el) && !selected.has(el)) || !L.isHtml(el)) continue;
    const s = getComputedStyle(el);
    const angle = zAngle(s);
    const targeted = selected.has(el);
    if (angle === null && !targeted) continue;
    const rendered = el.getClientRects().length > 0 && s.visibility === 'visible' && parseFloat(s.opacity) > 0;
    const visible = rendered && ((el.innerText || '').trim() !== '' ||
      !!el.querySelector('img, svg, video, canvas, iframe, object, embed, input, button, select, textarea'));
    // An icon: icon-sized (its untransformed box), no letter or digit in it (hidden ones included),
    // no control or media but a picture: an arrow or a chevron that may turn with the layout.
    const box = el.getBoundingClientRect(), w = el.offsetWidth ?? box.width, h = el.offsetHeight ?? box.height;
    const icon = Math.max(w, h) <= ICON_SIDE && !/[\p{L}\p{N}]/u.test(el.textContent || '') &&
      !el.matches(HOLDS) && !el.querySelector(HOLDS);
    // Marked as decoration: hidden from assistive technology, presentational, or an image with alt="".
    const decorative = icon && (!!el.closest('[aria-hidden="true" i]') ||
      /^(none|presentation)\b/i.test((el.getAttribute('role') || '').trim()) ||
      (el.localName === 'img' && el.getAttribute('alt') === ''));
    out.push({ selector: L.selector(el), html: L.outerHtml(el), angle: angle || 0, targeted, visible: !!visible,
               icon, decorative });
  }
  return { out, settled: L.nothingBack() };
}
""".replace("ROTATABLE", _ROTATABLE)

TOLERANCE = 1.0  # degrees either side of a quarter turn
NOTHING_ROTATES = ("nothing in the page's style sheets (every one readable) or style attributes rotates anything, "
                   "and no script reacts to the window's shape")
ICON = ("it is icon-sized, with no text, control or media in it (an arrow or a chevron that follows the layout), "
        "but not marked as decoration: check that it holds no content that can be seen in one orientation only")
ICONS = "only icon-sized elements without text turn a quarter turn with the orientation: check what they show"
DECORATIONS = ("the viewport was turned between landscape and portrait; no content turned a quarter turn with it, only "
               "{n} decorative icon(s) (no text, control or media in them; hidden from assistive technology, "
               "presentational or alt=\"\"), which follow the layout and restrict nothing to one orientation")
TURNED = "the viewport was turned between landscape and portrait, and no content turned a quarter turn with it"


def quarter_turn(a: float, b: float) -> bool:
    diff = (a - b) % 360
    return abs(diff - 90) <= TOLERANCE or abs(diff - 270) <= TOLERANCE


class OrientationNotLocked(Check):
    id = "orientation-not-locked"
    time_limit = 20.0
    init_script = activity_script()  # tells whether a script reacts to the window's shape
    decides_page_item = "css-orientation-lock"  # axe cannot tell on a page without style sheets

    def looks(self) -> list[Look]:
        return [Look(layout_script(_RULES)), Look(WHERE)]

    async def run(self, ctx: CheckContext) -> CheckOutcome:
        page = ctx.page
        size = page.viewport_size or {"width": 1280, "height": 720}
        long, short = max(size["width"], size["height"]), min(size["width"], size["height"])
        if long == short:
            long = short * 16 // 9
        rules = await ctx.first_look(layout_script(_RULES))
        if not rules["rotations"] and not rules["unreadable"] and rules["script"] is None:
            # Nothing in the styles rotates anything, and no script reacts to the window's shape:
            # no element can turn with the orientation, so the viewport need not be turned.
            return CheckOutcome(INAPPLICABLE, reason=NOTHING_ROTATES)
        seen, where = {}, await ctx.first_look(WHERE)
        for name, (w, h) in (("landscape", (long, short)), ("portrait", (short, long))):
            async with viewport_then(page, w, h, where) as back:
                found = await evaluate(page, _ANGLES, {"selectors": rules["selectors"], "size": [w, h]})
                seen[name], back.settled = {e["selector"]: e for e in found["out"]}, found["settled"]
        locked, review, icons, targets, decorations = [], [], [], 0, 0
        for sel in seen["landscape"].keys() | seen["portrait"].keys():
            land = seen["landscape"].get(sel) or {"angle": 0, "targeted": False, "visible": False}
            port = seen["portrait"].get(sel) or {"angle": 0, "targeted": False, "visible": False}
            e = land if sel in seen["landscape"] else port
            turned = quarter_turn(land["angle"], port["angle"])
            summary = (f"rotated {land['angle']:.1f}° in landscape and {port['angle']:.1f}° in portrait: "
                       "a quarter turn that undoes the turn of the device")
            # An icon in both orientations (an arrow, a chevron) turns with the layout; it holds no
            # content that could be shown one way only.
            both = [x for x in (seen["landscape"].get(sel), seen["portrait"].get(sel)) if x]
            icon = all(x.get("icon") for x in both)
            if (land["targeted"] and land["visible"]) or (port["targeted"] and port["visible"]):
                targets += 1
                if turned and icon and all(x.get("decorative") for x in both):
                    decorations += 1
                elif turned and icon:
                    icons.append({"selector": sel, "html": e["html"], "summary": f"{summary}? {ICON}"})
                elif turned:
                    locked.append({"selector": sel, "html": e["html"], "summary": summary})
            elif turned and (land["visible"] or port["visible"]):
                review.append({"selector": sel, "html": e["html"], "summary": summary})
        if locked:
            return CheckOutcome(FAILED, nodes_from(locked), "content turns a quarter turn with the orientation")
        if review or icons:
            why = ("content turns a quarter turn between portrait and landscape, but not by a rule in an "
                   "orientation media query that could be read: check that both orientations can be used")
            return CheckOutcome(CANT_TELL, nodes_from(review + icons), why if review else ICONS)
        if decorations:
            return CheckOutcome(PASSED, reason=DECORATIONS.format(n=decorations))
        return CheckOutcome(PASSED if targets else INAPPLICABLE, reason=TURNED)
