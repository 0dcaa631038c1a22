"""Passages' lang attributes against the language of their text (WCAG 3.1.2; ACT off6ek
"HTML element language subtag matches language"), with the offline identifier (_language.py).

Applies to elements of the body with a lang attribute that has a known primary language
subtag and text of their own (visible text, and text alternatives, of elements whose
nearest lang attribute is theirs). Precision first, as for page-language-matches: a
passage fails only with a sentence or two of text that the identifier is near certain is
in another language; shorter passages (most quotations and names) are left for review.
"""
from __future__ import annotations

from . import _language
from ._motion import evaluate
from .base import CANT_TELL, FAILED, INAPPLICABLE, PASSED, Check, CheckContext, CheckOutcome, beyond_limit, node
from .page_language import primary_subtag

# Read at most this many passages per page.
MAX_PASSAGES = 60  # elements with lang read per page (times CheckContext.reach)

_PASSAGES = r"""
(max) => {
  const M = window.__a11yMotion;
  const html = document.documentElement;
  const SKIP = "script, style, noscript, template, textarea, pre, code, svg";
  const shown = el => !el.checkVisibility || el.checkVisibility({ visibilityProperty: true });
  const out = [];
  for (const el of document.body ? document.body.querySelectorAll("[lang]") : []) {
    if (out.length >= max) break;
    if (el === html || el.closest(SKIP)) continue;
    const parts = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      const p = t.parentElement;
      if (!p || p.closest("[lang]") !== el || p.closest(SKIP) || !shown(p)) continue;
      parts.push(t.data);
    }
    for (const d of [el, ...el.querySelectorAll("[alt], [aria-label], [title]")]) {
      if (d.closest("[lang]") !== el || !shown(d)) continue;
      const alt = d.getAttribute("aria-label") || d.getAttribute("alt") || (d !== el ? d.getAttribute("title") : "");
      if (alt) parts.push(alt);
    }
    const text = parts.join(" ").replace(/\s+/g, " ").trim();
    if (!text) continue;
    out.push({ selector: M.selector(el), html: M.outer(el), lang: el.getAttribute("lang"),
               text: text.slice(0, 20000) });
  }
  return out;
}
"""


class ElementLanguageMatches(Check):
    id = "element-language-matches"
    present = "body [lang]"
    time_limit = 40.0  # the identifier's model loads once per process

    def warm_up(self) -> None:
        _language.warm_up()

    async def run(self, ctx: CheckContext) -> CheckOutcome:
        page = ctx.page
        most = MAX_PASSAGES * ctx.reach
        found = await evaluate(page, _PASSAGES, most + 1)  # one more: whether there are more
        unread = beyond_limit("elements with lang and text", most, ctx.reach) if len(found) > most else ""
        passages = [p for p in found[:most] if primary_subtag(p["lang"])]
        if not passages:
            return CheckOutcome(INAPPLICABLE, reason="no element with a valid lang attribute holds text")
        try:
            await _language.load()
        except _language.LanguageIdUnavailable as e:
            return CheckOutcome(CANT_TELL, [node(p["selector"], p["html"]) for p in passages], str(e))
        said = [(p, *_language.judge(primary_subtag(p["lang"]), p["text"])) for p in passages]
        for outcome in (FAILED, CANT_TELL):
            hits = [(p, why) for p, o, why in said if o == outcome]
            if hits:
                nodes = [node(p["selector"], p["html"], f'lang="{p["lang"]}": {why}') for p, why in hits]
                whys = "; ".join(dict.fromkeys(why for _, why in hits))[:500]
                more = unread if outcome == CANT_TELL else ""
                return CheckOutcome(outcome, nodes, "; ".join(filter(None, [whys, more])))
        if unread:  # the passages read are in their languages; the rest were not read
            return CheckOutcome(CANT_TELL, reason=unread)
        return CheckOutcome(PASSED, reason=f"{len(said)} passage(s) read as their declared language")
