"""The page's declared language against the language of its text (WCAG 3.1.1; ACT ucwvc8
"HTML page language subtag matches default language"), with an offline identifier (_language.py).

Applies, as the ACT rule does, to an html document element in the top-level browsing
context whose lang attribute has a known primary language subtag, when the page has text
in its own language: the title, and the visible text and text alternatives (alt,
aria-label, title attributes) of elements that take their language from the html element
(text inside an element with a lang attribute of its own is that element's business).

Precision first: failed only when there is enough text (a sentence or two), the identifier
is near certain it is another language and near certain it is not the declared one, and no
paragraph reads as the declared language, nor do its short lines (headings, list items, table
cells) that each read as it, taken together (an English menu of Italian dishes). Too little
text, languages or scripts the identifier does not know, mixed languages and doubtful readings
ask for review.
"""
from __future__ import annotations

import re

from . import _language
from .base import CANT_TELL, INAPPLICABLE, PASSED, Check, CheckContext, CheckOutcome, Look, node

# The html element, its lang attribute, and the text that takes its language from it: the
# title, and per block (the nearest block-level ancestor) the visible text and text
# alternatives of elements whose nearest lang attribute is the html element's.
_PAGE_TEXT = r"""
() => {
  const html = document.documentElement;
  if (!html || html.localName !== "html" || !(html instanceof HTMLElement)) return null;
  const own = el => { const owner = el.closest("[lang]"); return !owner || owner === html; };
  const SKIP = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "TEXTAREA", "CODE", "PRE", "KBD", "SAMP"]);
  const blocks = new Map();
  const blockOfEl = new Map();  // many text nodes share a parent: each element is asked once
  const blockOf = el => {
    if (blockOfEl.has(el)) return blockOfEl.get(el);
    let b = document.body;
    if (el && el !== document.body) {
      const d = getComputedStyle(el).display;
      b = d !== "inline" && d !== "contents" && !d.startsWith("inline") ? el : blockOf(el.parentElement);
    }
    blockOfEl.set(el, b);
    return b;
  };
  const readable = new Map();  // element -> whether its text counts (not code, its own language, visible)
  const counts = el => {
    if (!readable.has(el)) {
      readable.set(el, !SKIP.has(el.tagName) && !el.closest("pre, code, script, style, noscript, template, svg") &&
        own(el) && (!el.checkVisibility || el.checkVisibility({ visibilityProperty: true })));
    }
    return readable.get(el);
  };
  const add = (el, text) => {
    text = (text || "").replace(/\s+/g, " ").trim();
    if (!text) return;
    const b = blockOf(el);
    blocks.set(b, (blocks.get(b) || "") + " " + text);
  };
  let count = 0;
  if (document.body) {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t && count < 20000; t = walker.nextNode(), count++) {
      const el = t.parentElement;
      if (el && counts(el)) add(el, t.data);
    }
    for (const el of document.body.querySelectorAll("[alt], [aria-label], [title]")) {
      if (!own(el)) continue;
      if (el.checkVisibility && !el.checkVisibility({ visibilityProperty: true })) continue;
      add(el, el.getAttribute("aria-label") || el.getAttribute("alt") || el.getAttribute("title"));
    }
  }
  const title = (document.title || "").replace(/\s+/g, " ").trim();
  return { lang: html.getAttribute("lang"), title,
           blocks: [...blocks.values()].map(s => s.trim()).filter(Boolean).slice(0, 400) };
}
"""

# RFC 5646: a primary language subtag of 2 or 3 letters; "i-..." and "x-..." are grandfathered
# or private tags, which assistive technologies do not know.
_PRIMARY = re.compile(r"^\s*([A-Za-z]{2,3})(?:-[A-Za-z0-9]{1,8})*\s*$")
# The text read at most (the identifier's time grows with it; the start of a page says enough).
MAX_CHARS = 20000


def primary_subtag(lang: str | None) -> str | None:
    match = _PRIMARY.match(lang or "")
    return match.group(1).lower() if match else None


class PageLanguageMatches(Check):
    id = "page-language-matches"
    time_limit = 40.0  # the identifier's model loads once per process (seconds on a busy machine)

    def warm_up(self) -> None:
        _language.warm_up()

    def looks(self) -> list[Look]:
        return [Look(_PAGE_TEXT)]

    async def run(self, ctx: CheckContext) -> CheckOutcome:
        found = await ctx.first_look(_PAGE_TEXT)
        if found is None:
            return CheckOutcome(INAPPLICABLE, reason="not an HTML document")
        if found["lang"] is None or not found["lang"].strip():
            return CheckOutcome(INAPPLICABLE, reason="the page declares no language")
        declared = primary_subtag(found["lang"])
        if declared is None:
            return CheckOutcome(INAPPLICABLE, reason=f"lang={found['lang']!r} has no known primary language subtag")
        text = " \n".join([found["title"], *found["blocks"]]).strip()[:MAX_CHARS]
        if not text:
            return CheckOutcome(INAPPLICABLE, reason="no text takes its language from the html element")
        target = [node("html", f'<html lang="{found["lang"]}">')]
        try:
            await _language.load()
        except _language.LanguageIdUnavailable as e:
            return CheckOutcome(CANT_TELL, target, str(e))
        outcome, why = _language.judge(declared, text, found["blocks"])
        return CheckOutcome(outcome, target if outcome != PASSED else [], why)

