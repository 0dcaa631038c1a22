"""What a page's style sheets say about focus and about content fixed on screen, read in one pass
for the checks that ask (text-contrast-focused, focus-content-dismissible, focus-not-obscured,
hover-content-dismissible):
the same Look for each, so the engine's survey asks the page once (engines.checks.survey).

    focusColours  a rule for :focus, :focus-visible or :focus-within sets a colour, background,
                  opacity, filter, shadow, visibility or custom property (an outline alone
                  changes no text colour)
    focusReveals  such a rule could show another element than the focused one: a focus
                  pseudo-class before a combinator (:focus + .tip, :focus .menu), or :focus-within
    focusBroad    a rule's focus pseudo-class stands on an element type alone or on any element
                  (a:focus, :focus-visible, li:focus-within, :not(:focus)): much of the tab order
                  is likely within its reach (a hint of cost only)
    fixed         content is fixed or sticky (a rule, a style attribute) or a dialog is open
    unreadable    a style sheet's rules cannot be read (another origin): any of the above may hold
    focusScript   a script listens for focus moving (_activity.js listensFor)
    hoverRules    the selectors (at most 300) of rules where :hover comes before a combinator and
                  that set a property that can show content (display, visibility, opacity, place,
                  size), so that hovering one element could show another (.menu:hover > ul)
    hoverScript   a script listens for the pointer coming over an element
Nested rules, imports and open shadow roots' sheets are read; the page is not changed.

FOCUS_ANCHORS, asked by text-contrast-focused in its own call (the sheets as they are then), says
from which focused elements any rule could restyle anything: the others look as at rest.

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


# Whether the document may have open shadow roots (true when there is no record of them).
_SHADOWED = "(() => { const A = window.__a11yActivity; return !A || A.openRootCount() > 0; })()"


def takes_focus_and(what: str, cond: str, page_wide: bool = False) -> PresentWhen:
    """TAKES_FOCUS where `cond` (a JS `(root) => boolean`, cheaper: asked first) holds too, for a
    check whose own first look says inapplicable without it. An element that TAKES_FOCUS's selector
    matches answers without its walk over every element (the survey asks this beside TAKES_FOCUS).
    The survey asks each root alone, but the check's look reads the whole page: the document's style
    sheet fixes a header over links a component keeps in its shadow root (which has none). So where
    there are open shadow roots, a `cond` of one root (a sheet, a style attribute) is not asked: the
    focusable element may be in another root. `page_wide`: cond says the same in every root (a
    script listening), and is asked as it is."""
    cond = f"({cond})(root)" if page_wide else f"(({cond})(root) || {_SHADOWED})"
    return PresentWhen(what, f"(root) => !!({cond} && (root.querySelector({_FOCUSABLE}) || "
                             f"({TAKES_FOCUS.script})(root)))")

# `(visit) => boolean`: visit(rule, root) for each rule of the style sheets of the document and
# its open shadow roots (root: the document or the shadow root), nested rules and imports too;
# false when a sheet's rules could not be read (another origin).
EACH_RULE = r"""((visit) => {
  const A = window.__a11yActivity;
  let readable = true;
  const scan = (rules, root) => {
    for (const rule of rules) {
      visit(rule, root);
      try { if (rule.styleSheet) scan(rule.styleSheet.cssRules, root); } catch (e) { readable = false; }
      if (rule.cssRules) scan(rule.cssRules, root);
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
      try { scan(sheet.cssRules, root); } catch (e) { readable = false; }
    }
  }
  return readable;
})"""

STYLE_FACTS = Look(r"""() => {
  const A = window.__a11yActivity;
  const facts = {focusColours: false, focusReveals: false, focusBroad: false, fixed: false, unreadable: false,
                 focusScript: !A || A.listensFor(FOCUS_EVENTS), hoverRules: [],
                 hoverScript: !A || A.listensFor(HOVER_EVENTS)};
  // A style attribute may write the word with a CSS escape (fi\78 ed) or take it from a custom property.
  facts.fixed = !!document.querySelector('[style*="fixed" i], [style*="sticky" i], [style*="\\\\"], ' +
                                         '[style*="var(" i], dialog[open]');
  const COLOURS = new Set(['color', 'background-color', 'background-image', 'opacity', 'filter', 'backdrop-filter',
    'mix-blend-mode', 'text-shadow', '-webkit-text-fill-color', 'text-decoration-color', '-webkit-text-stroke-color',
    '-webkit-text-stroke-width', 'visibility']);
  const colours = (style) => {
    for (let i = 0; style && i < style.length; i++) if (COLOURS.has(style[i]) || style[i].startsWith('--')) return true;
    return false;
  };
  const REVEALS = /:focus-within|:focus[\w-]*(\([^)]*\))?[^,]*?[\s>+~]/i;
  const BROAD = /(^|[\s>+~,(])([a-z][\w-]*|\*)?:focus/i;
  const HOVER_REVEALS = /:hover[^,]*?[\s>+~]/i;
  // Properties a rule can show hidden content with (a colour alone shows nothing new).
  const SHOWS = new RegExp('^(display|visibility|opacity|position|left|right|top|bottom|inset.*|transform|translate|' +
    'scale|clip|clip-path|(max-)?(height|width)|margin.*|overflow.*|z-index|content-visibility|--.*)$');
  const shows = (style) => {
    for (let i = 0; style && i < style.length; i++) if (SHOWS.test(style[i])) return true;
    return false;
  };
  facts.unreadable = !(EACH_RULE)((rule) => {
    const sel = rule.selectorText || '';
    if (sel && facts.hoverRules.length < 300 && /:hover/i.test(sel) && shows(rule.style)) {
      for (const part of sel.split(',')) {
        if (HOVER_REVEALS.test(part) && !facts.hoverRules.includes(part.trim())) facts.hoverRules.push(part.trim());
      }
    }
    if (sel && /:focus/i.test(sel)) {
      if (colours(rule.style)) facts.focusColours = true;
      if (REVEALS.test(sel)) facts.focusReveals = true;
      if (BROAD.test(sel)) facts.focusBroad = true;
    }
    const position = rule.style ? rule.style.position : '';
    if (/^(fixed|sticky|-webkit-sticky)$/.test(position) || /var\(/i.test(position)) facts.fixed = true;
  });
  return facts;
}""".replace("FOCUS_EVENTS", json.dumps(FOCUS_EVENTS)).replace("HOVER_EVENTS", json.dumps(HOVER_EVENTS))
                   .replace("EACH_RULE", EACH_RULE))

# `() => anchors`: which elements focus could restyle anything from, read from the rules of every
# style sheet of the document and its open shadow roots (imports and nested rules too), for a
# check that may then leave the others unfocused (text-contrast-focused). A rule can only change
# with focus where a focus pseudo-class changes its answer: :focus and :focus-visible on the
# focused element (and the shadow hosts around it), :focus-within on it and every element around
# it. So each focus pseudo-class in a selector is taken as the compound it stands in (inside :is(),
# :not(), :has(), :nth-child(of ...) too), kept only for its type, id, class and attribute tests (a
# compound with fewer tests matches more elements: `.nav a:hover:focus::before` is `.nav`'s `a`,
# and `:not(:focus)` or `&:focus` is any element): {focus, within} are those compounds as
# selector lists (null: none), `hosts` the hosts of the open shadow roots with a focus rule (their
# rules can restyle from anything focused inside them), `all` true where any element may restyle
# the page: a sheet that cannot be read, a selector not understood, `:host-context()` with focus
# in a shadow root, too many compounds to test.
FOCUS_ANCHORS = r"""(() => {
  const A = window.__a11yActivity;
  const FOCUS = /^(focus|focus-visible|focus-within)$/i;
  const HEX = /[0-9a-f]/i, SPACE = /[ \t\n\r\f]/, NAME = /[-\w\u0080-\uffff]/;
  // The compounds a selector's focus pseudo-classes stand in, as [kind, compound kept for its
  // tests]; null: not understood.
  const compounds = (s) => {
    const out = [];
    let kept = [], kinds = [];  // the tests kept of the compound read so far; its focus pseudo-classes
    const stack = [];  // the same of the compounds around each argument being read
    const end = () => {
      for (const kind of kinds) out.push([kind, kept.join('') || '*']);
      kept = [];
      kinds = [];
    };
    let i = 0;
    // An identifier from i (escapes kept as written): its text.
    const ident = () => {
      const from = i;
      while (i < s.length) {
        if (s[i] === '\\') {
          i++;
          if (HEX.test(s[i] || '')) {
            let n = 0;
            while (n < 6 && HEX.test(s[i] || '')) { i++; n++; }
            if (SPACE.test(s[i] || '')) i++;
          } else i++;
        } else if (NAME.test(s[i])) i++;
        else break;
      }
      return s.slice(from, i);
    };
    const quoted = () => {
      const q = s[i++];
      while (i < s.length && s[i] !== q) i += s[i] === '\\' ? 2 : 1;
      i++;
    };
    while (i < s.length) {
      const c = s[i];
      if (c === ',' || c === '>' || c === '+' || c === '~' || SPACE.test(c)) { end(); i++; continue; }
      if (c === '(') {  // only after a functional pseudo-class or pseudo-element (below)
        return null;
      }
      if (c === ')') {
        if (!stack.length) return null;
        end();
        [kept, kinds] = stack.pop();
        i++;
        continue;
      }
      if (c === '[') {
        const from = i++;
        while (i < s.length && s[i] !== ']') {
          if (s[i] === '"' || s[i] === "'") quoted(); else i += s[i] === '\\' ? 2 : 1;
        }
        if (i >= s.length) return null;
        i++;
        kept.push(s.slice(from, i));
        continue;
      }
      if (c === '.' || c === '#') {
        i++;
        const name = ident();
        if (!name) return null;
        kept.push(c + name);
        continue;
      }
      if (c === ':') {
        i++;
        if (s[i] === ':') i++;
        const name = ident();
        if (!name) return null;
        if (s[i] === '(') {  // a functional one: left out, its argument read as a level of its own
          if (/^host-context$/i.test(name)) return null;
          stack.push([kept, kinds]);
          kept = [];
          kinds = [];
          i++;
          continue;
        }
        if (FOCUS.test(name)) kinds.push(/within/i.test(name) ? 'within' : 'focus');
        continue;
      }
      if (c === '*' || c === '&') { i++; continue; }  // any element (the nesting selector, as any)
      if (c === '|') return null;  // a namespace
      if (NAME.test(c) || c === '\\') {
        const name = ident();
        if (kept.length) return null;  // a type selector comes first
        kept.push(name);
        continue;
      }
      if (c === '"' || c === "'") { quoted(); continue; }  // in an argument (:lang("en"))
      i++;  // an+b's figures and signs in :nth-child(); whatever else stands in an argument
    }
    if (stack.length) return null;
    end();
    return out;
  };
  return () => {
    const focus = new Set(), within = new Set(), hosts = new Set();
    // A closed shadow root's rules cannot be read (asked where the record can tell of them).
    let all = !!(A && A.closedRootCount && A.closedRootCount() > 0);
    const selectors = (rule) => [rule.selectorText, rule.start, rule.end].filter((t) => typeof t === 'string');
    if (!(EACH_RULE)((rule, root) => {
      for (const sel of selectors(rule)) {
        if (!/focus/i.test(sel)) continue;
        if (root.host) {
          hosts.add(root.host);
          if (/:host-context/i.test(sel)) all = true;
          continue;
        }
        const got = compounds(sel);
        if (!got) { all = true; continue; }
        for (const [kind, compound] of got) (kind === 'within' ? within : focus).add(compound);
      }
    })) all = true;
    const list = (set) => (set.size ? [...set].join(', ') : null);
    const got = {focus: list(focus), within: list(within), hosts, all: all || focus.size + within.size > 1000};
    try {  // a compound kept as written that the browser would not take: no skipping
      for (const l of [got.focus, got.within]) if (l) document.createDocumentFragment().querySelector(l);
    } catch (e) { got.all = true; }
    return got;
  };
})()""".replace("EACH_RULE", EACH_RULE)
