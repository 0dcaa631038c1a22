"""What a page's style sheets say about focus and about content fixed on screen, read in one pass
for the checks that ask (text-contrast-focused, focus-content-dismissible, focus-not-obscured,
hover-content-dismissible):
the same Look for each, so the engine's survey asks the page once (engines.checks.survey).

    focusColours  a rule for :focus, :focus-visible or :focus-within sets a colour, background,
                  opacity, filter, shadow, visibility or custom property (an outline alone
                  changes no text colour)
    focusReveals  such a rule could show another element than the focused one: a focus
                  pseudo-class before a combinator (:focus + .tip, :focus .menu), or :focus-within
    fixed         content is fixed or sticky (a rule, a style attribute) or a dialog is open
    unreadable    a style sheet's rules cannot be read (another origin): any of the above may hold
    focusScript   a script listens for focus moving (_activity.js listensFor)
    hoverRules    the selectors (at most 300) of rules where :hover comes before a combinator and
                  that set a property that can show content (display, visibility, opacity, place,
                  size), so that hovering one element could show another (.menu:hover > ul)
    hoverScript   a script listens for the pointer coming over an element
Nested rules, imports and open shadow roots' sheets are read; the page is not changed.

For a check's `present` (asked of every document and open shadow root in the survey, before
any look): LISTENS_FOR and HAS_SHEETS, cheap necessary conditions for the facts above to hold
(no sheet, no rule and no unreadable sheet; no script listening, no listener noted).
"""
from __future__ import annotations

import json
import re

from .base import TAKES_FOCUS, Look, PresentWhen

# `(types) => boolean`: whether a script listens for one of these events (_activity.js
# listensFor; true when there is no record of the page's scripts).
LISTENS_FOR = "((types) => { const A = window.__a11yActivity; return !A || A.listensFor(types); })"
# `(root) => boolean`: whether a document or shadow root has a style sheet at all (what STYLE_FACTS
# and PSEUDO_RULES read rules and unreadable sheets from).
HAS_SHEETS = "((root) => root.styleSheets.length > 0 || (root.adoptedStyleSheets || []).length > 0)"
# The events STYLE_FACTS's focusScript and hoverScript ask about.
FOCUS_EVENTS = ["focus", "focusin", "blur", "focusout", "domfocusin", "domfocusout"]
HOVER_EVENTS = ["mouseover", "mouseenter", "pointerover", "pointerenter"]
# TAKES_FOCUS's selector (a JS expression), for a quick first answer before its walk.
_FOCUSABLE = re.search(r"const FOCUSABLE = ('[^;]*');", TAKES_FOCUS.script, re.S).group(1)


def takes_focus_and(what: str, cond: str) -> PresentWhen:
    """TAKES_FOCUS where `cond` (a JS `(root) => boolean`, cheaper: asked first) holds too, for a
    check whose own first look says inapplicable without it. An element that TAKES_FOCUS's selector
    matches answers without its walk over every element (the survey asks this beside TAKES_FOCUS)."""
    return PresentWhen(what, f"(root) => !!(({cond})(root) && (root.querySelector({_FOCUSABLE}) || "
                             f"({TAKES_FOCUS.script})(root)))")

STYLE_FACTS = Look(r"""() => {
  const A = window.__a11yActivity;
  const facts = {focusColours: false, focusReveals: false, fixed: false, unreadable: false,
                 focusScript: !A || A.listensFor(FOCUS_EVENTS), hoverRules: [],
                 hoverScript: !A || A.listensFor(HOVER_EVENTS)};
  facts.fixed = !!document.querySelector('[style*="fixed" i], [style*="sticky" i], dialog[open]');
  const COLOURS = new Set(['color', 'background-color', 'background-image', 'opacity', 'filter', 'backdrop-filter',
    'mix-blend-mode', 'text-shadow', '-webkit-text-fill-color', 'text-decoration-color', '-webkit-text-stroke-color',
    '-webkit-text-stroke-width', 'visibility']);
  const colours = (style) => {
    for (let i = 0; style && i < style.length; i++) if (COLOURS.has(style[i]) || style[i].startsWith('--')) return true;
    return false;
  };
  const REVEALS = /:focus-within|:focus[\w-]*(\([^)]*\))?[^,]*?[\s>+~]/i;
  const HOVER_REVEALS = /:hover[^,]*?[\s>+~]/i;
  // Properties a rule can show hidden content with (a colour alone shows nothing new).
  const SHOWS = new RegExp('^(display|visibility|opacity|position|left|right|top|bottom|inset.*|transform|translate|' +
    'scale|clip|clip-path|(max-)?(height|width)|margin.*|overflow.*|z-index|content-visibility|--.*)$');
  const shows = (style) => {
    for (let i = 0; style && i < style.length; i++) if (SHOWS.test(style[i])) return true;
    return false;
  };
  const scan = (rules) => {
    for (const rule of rules) {
      const sel = rule.selectorText || '';
      if (sel && facts.hoverRules.length < 300 && /:hover/i.test(sel) && shows(rule.style)) {
        for (const part of sel.split(',')) {
          if (HOVER_REVEALS.test(part) && !facts.hoverRules.includes(part.trim())) facts.hoverRules.push(part.trim());
        }
      }
      if (sel && /:focus/i.test(sel)) {
        if (colours(rule.style)) facts.focusColours = true;
        if (REVEALS.test(sel)) facts.focusReveals = true;
      }
      if (rule.style && /^(fixed|sticky|-webkit-sticky)$/.test(rule.style.position)) facts.fixed = true;
      try { if (rule.styleSheet) scan(rule.styleSheet.cssRules); } catch (e) { facts.unreadable = true; }
      if (rule.cssRules) scan(rule.cssRules);
    }
  };
  const roots = [document];
  if (!A || A.openRootCount() > 0) {
    for (let i = 0; i < roots.length; i++) {
      for (const el of roots[i].querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
    }
  }
  for (const root of roots) {
    for (const sheet of [...root.styleSheets, ...(root.adoptedStyleSheets || [])]) {
      try { scan(sheet.cssRules); } catch (e) { facts.unreadable = true; }
    }
  }
  return facts;
}""".replace("FOCUS_EVENTS", json.dumps(FOCUS_EVENTS)).replace("HOVER_EVENTS", json.dumps(HOVER_EVENTS)))
