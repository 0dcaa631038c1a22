"""1.4.12 Text Spacing: spacing set `!important` in a style attribute that a reader's own
style sheet cannot override, and that is below what the criterion asks a reader may set
(ACT 24afc2 letter spacing 0.12em, 9e45ec word spacing 0.16em, 78fd32 line height 1.5).

Following the ACT rules: an HTML element applies when it has visible text node children, the
property is declared in its style attribute and the computed value is important (an `inherit`
or `unset` is the parent's value, not important). For line height, only when its text wraps
(a soft wrap break), since line spacing only matters between wrapped lines. Fixed values
below the threshold fail; the used value is compared with the computed font size.
"""
from __future__ import annotations

from typing import ClassVar

from ._layout import layout_script, nodes_from
from .base import FAILED, INAPPLICABLE, PASSED, Check, CheckContext, CheckOutcome, Look

_FIND = r"""
async (L, {prop, minimum}) => {
  const NOT_OWN = /^(inherit|unset|revert|revert-layer)$/i;
  const targets = [], failed = [];
  // Lines a text node is laid out on, and whether it wraps where the text has no forced break.
  function softWraps(node) {
    const tops = [];
    for (const r of L.rangeRects(node)) if (!tops.some((t) => Math.abs(t - r.top) < r.height / 2)) tops.push(r.top);
    if (tops.length < 2) return { wraps: false, tops };
    const ws = getComputedStyle(L.flatParent(node)).whiteSpace;
    const forced = /pre|break-spaces/.test(ws) ? (node.data.trim().match(/\n/g) || []).length : 0;
    return { wraps: tops.length > forced + 1, tops: tops.sort((a, b) => a - b) };
  }
  const all = [document];
  for (let i = 0; i < all.length; i++)
    for (const el of all[i].querySelectorAll('*')) if (el.shadowRoot) all.push(el.shadowRoot);
  for (const root of all) for (const el of root.querySelectorAll('[style]')) {
    if (!L.isHtml(el) || !el.style.getPropertyValue(prop)) continue;
    if (el.style.getPropertyPriority(prop) !== 'important') continue;
    if (NOT_OWN.test(el.style.getPropertyValue(prop).trim())) continue;
    const texts = [...(el.shadowRoot ? [] : el.childNodes)].filter((n) => n.nodeType === 3 && L.textVisible(n));
    if (!texts.length) continue;
    const cs = getComputedStyle(el);
    const fontSize = parseFloat(cs.fontSize);
    if (!(fontSize > 0)) continue;
    let value;
    if (prop === 'line-height') {
      let wrap = null;
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n && !wrap; n = walker.nextNode()) {
        const w = n.data.trim() && L.textVisible(n) ? softWraps(n) : null;
        if (w && w.wraps) wrap = w;
      }
      if (!wrap) continue;
      // 'normal' has no computed length: its used value is the distance between wrapped lines.
      value = cs.lineHeight === 'normal' ? wrap.tops[1] - wrap.tops[0] : parseFloat(cs.lineHeight);
    } else {
      const v = cs.getPropertyValue(prop);
      value = v === 'normal' ? 0 : parseFloat(v);
    }
    targets.push(el);
    const ratio = value / fontSize;
    if (!(ratio >= minimum - 0.001)) {
      failed.push({ selector: L.selector(el), html: L.outerHtml(el),
        summary: `${prop} is ${el.style.getPropertyValue(prop)} !important in the style attribute ` +
          `(${Math.round(ratio * 1000) / 1000} times the font size, at least ${minimum} needed), so a reader's ` +
          `own spacing cannot override it` });
    }
  }
  return { targets: targets.length, failed };
}
"""


class _ImportantSpacing(Check):
    present = "[style]"
    prop: ClassVar[str] = ""
    minimum: ClassVar[float] = 0.0
    time_limit = 15.0

    def looks(self) -> list[Look]:
        return [Look(layout_script(_FIND), {"prop": self.prop, "minimum": self.minimum})]

    async def run(self, ctx: CheckContext) -> CheckOutcome:
        found = await ctx.first_look(layout_script(_FIND), {"prop": self.prop, "minimum": self.minimum})
        if found["failed"]:
            return CheckOutcome(FAILED, nodes_from(found["failed"]))
        if found["targets"]:
            return CheckOutcome(PASSED)
        return CheckOutcome(INAPPLICABLE)


class ImportantLetterSpacing(_ImportantSpacing):
    id = "important-letter-spacing"
    prop = "letter-spacing"
    minimum = 0.12


class ImportantWordSpacing(_ImportantSpacing):
    id = "important-word-spacing"
    prop = "word-spacing"
    minimum = 0.16


class ImportantLineHeight(_ImportantSpacing):
    id = "important-line-height"
    prop = "line-height"
    minimum = 1.5
