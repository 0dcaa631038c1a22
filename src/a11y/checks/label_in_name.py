"""Label in name (WCAG 2.5.3; ACT 2ee8b8): a control's visible label is part of its name.

People who use speech input say the words they see on a control ("click Discover Italy");
the control answers only if its accessible name holds them. The check applies to widgets
whose name could come from their content (links, buttons, tabs, menu items and the like:
the role attribute's first valid token, else the element's implicit role) but is given by
aria-labelledby or aria-label, and that show text. The visible text is the element's
rendered text (innerText: display and visibility already left out), less text clipped to
nothing (a visually hidden span) and text set in an icon font (a ligature such as "search"
drawn as a magnifier is an icon, not a label). Both texts are compared as words: lower case,
punctuation, symbols and emoji dropped, hyphens inside a word joined; the label's words must
come in the name in order, next to each other. In scripts written without spaces (Chinese,
Japanese, Thai, Lao, Khmer, Myanmar) each character counts as a word: such a label is found
as a run of characters within the name ("検索" in "サイト内検索"). A part of the label in
parentheses may be left out (a format hint such as "(YYYY-MM-DD)"), and from the name too where
the name has it ("Annual report (2024) summary" in both), and a label that is a single
letter counts as a symbol (X for close). Differences that may only be an abbreviation ("Ave." for "Avenue"), or
names taken from elements whose own names are not plain text, need review. One script per
frame, over its document and open shadow roots.
"""
from __future__ import annotations

from ._frame_findings import findings_in_frames
from .base import Check, CheckContext, CheckOutcome

_FIND = r"""() => {
  const H = window.__a11yMotion;
  // Widget roles whose name can come from their content (WAI-ARIA 1.2).
  const WIDGETS = new Set(["button", "checkbox", "gridcell", "link", "menuitem", "menuitemcheckbox",
    "menuitemradio", "option", "radio", "switch", "tab", "treeitem"]);
  // An input drawn as a button, its value the text it shows.
  const PUSH_INPUT = (el) => el.localName === "input" && ["button", "submit", "reset"].includes(el.type);
  const role = (el) => {
    const first = (el.getAttribute("role") || "").trim().toLowerCase().split(/\s+/).find((t) => H.ROLES.has(t));
    if (first && first !== "none" && first !== "presentation") return first;
    if (el.namespaceURI !== "http://www.w3.org/1999/xhtml") return null;
    if ((el.localName === "a" || el.localName === "area") && el.hasAttribute("href")) return "link";
    return el.localName === "button" || PUSH_INPUT(el) ? "button" : null;
  };
  const squash = (s) => (s || "").replace(/\s+/g, " ").trim();
  // The name given by aria-labelledby (else aria-label), and whether it is only near enough:
  // a referenced element with elements inside has a name of its own making.
  const authorName = (el) => {
    const root = el.getRootNode();
    const refs = (el.getAttribute("aria-labelledby") || "").trim().split(/\s+/).filter(Boolean)
      .map((id) => root.getElementById ? root.getElementById(id) : document.getElementById(id)).filter(Boolean);
    const fromRefs = squash(refs.map((r) => squash(r.getAttribute("aria-label")) || r.textContent).join(" "));
    if (fromRefs) return { name: fromRefs, rough: refs.some((r) => r !== el && r.children.length > 0) };
    return { name: squash(el.getAttribute("aria-label")), rough: false };
  };
  const ICON_FONT = new RegExp(["material (icons|symbols)", "font ?awesome", "glyphicons", "icomoon", "ionicons",
    "dashicons", "bootstrap-icons", "fontello", "\\bicons?\\b"].join("|"), "i");
  // Whether a text node is clipped to (next to) nothing by its ancestors' overflow or clip-path.
  const clippedAway = (t) => {
    const range = document.createRange();
    range.selectNodeContents(t);
    let boxes = [...range.getClientRects()].map((r) => [r.left, r.top, r.right, r.bottom]);
    for (let e = t.parentElement; e && boxes.length; e = e.parentElement) {
      const s = getComputedStyle(e);
      const clips = s.overflowX !== "visible" || s.overflowY !== "visible" || s.clipPath !== "none" ||
        (s.clip && s.clip !== "auto");
      if (!clips) continue;
      const b = e.getBoundingClientRect();
      boxes = boxes.map(([l, t2, r, btm]) => [Math.max(l, b.left), Math.max(t2, b.top), Math.min(r, b.right),
        Math.min(btm, b.bottom)]).filter(([l, t2, r, btm]) => r > l && btm > t2);
    }
    return boxes.reduce((area, [l, t2, r, btm]) => area + (r - l) * (btm - t2), 0) < 4;
  };
  const visibleLabel = (el) => {
    if (PUSH_INPUT(el)) return ICON_FONT.test(getComputedStyle(el).fontFamily) ? "" : squash(el.value);
    let text = squash(el.innerText);
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      const s = squash(t.data);
      if (!s || !t.parentElement) continue;
      if (ICON_FONT.test(getComputedStyle(t.parentElement).fontFamily) || clippedAway(t)) {
        const at = text.indexOf(s);
        if (at >= 0) text = squash(text.slice(0, at) + " " + text.slice(at + s.length));
      }
    }
    return text;
  };
  // Scripts written without spaces between words (Chinese, Japanese, Thai, Lao, Khmer, Myanmar):
  // spaces do not mark their words, so each of their characters counts as a word, and a label
  // matches as a run of characters within the name ("検索" in "サイト内検索").
  const UNSPACED = new RegExp("([" + ["Han", "Hiragana", "Katakana", "Bopomofo", "Thai", "Lao", "Khmer", "Myanmar"]
    .map((script) => `\\p{scx=${script}}`).join("") + "])", "u");
  const words = (s) => s.toLowerCase().replace(/[-\u00ad\u2010\u2011]/g, "")
    .replace(/[^\p{L}\p{M}\p{N}\s]/gu, " ").split(/\s+/).filter(Boolean)
    .flatMap((w) => w.split(UNSPACED).filter(Boolean));
  // Whether `part` comes in `whole` in order and next to each other (same: how words match).
  const within = (part, whole, same = (a, b) => a === b) => {
    for (let i = 0; i + part.length <= whole.length; i++) {
      if (part.every((w, j) => same(w, whole[i + j]))) return true;
    }
    return false;
  };
  // words with every run of `part` taken out.
  const without = (ws, part) => {
    const out = [];
    for (let i = 0; i < ws.length;) {
      if (part.length && part.every((w, j) => w === ws[i + j])) i += part.length;
      else out.push(ws[i++]);
    }
    return out;
  };
  const HINT = /\([^()]*\)/g;  // a part in parentheses: a hint such as "(YYYY-MM-DD)", not the label
  const out = [];
  for (const root of H.roots()) for (const el of root.querySelectorAll("[aria-label], [aria-labelledby]")) {
    if (!WIDGETS.has(role(el)) || H.programmaticallyHidden(el)) continue;
    const { name, rough } = authorName(el);
    if (!name) continue;  // the name comes from the content itself
    const shown = visibleLabel(el);
    const label = words(shown.replace(HINT, " "));
    if (!label.length || (label.length === 1 && /^\p{L}$/u.test(label[0]))) continue;  // an icon or symbol
    const found = { selector: H.selector(el), html: H.outer(el) };
    // The name as it is, and without the label's hints where it has them too ("Annual report
    // (2024) summary" in both): left out of the label alone, a hint would part the words around it.
    const nameWords = words(name);
    const names = [nameWords, (shown.match(HINT) || []).map(words).reduce(without, nameWords)];
    if (within(words(shown), nameWords) || names.some((ws) => within(label, ws))) {
      out.push({ ...found, outcome: "passed" });
      continue;
    }
    const said = `the visible label "${shown.slice(0, 80)}" is not part of the accessible name "${name.slice(0, 80)}"`;
    const abbreviated = /\p{L}\.(\s|$)/u.test(shown) &&
      names.some((ws) => within(label, ws, (a, b) => b.startsWith(a)));
    if (abbreviated || rough) {
      out.push({ ...found, outcome: "cantTell", reason: said + (abbreviated ?
        ": check whether the label only abbreviates words of the name" :
        ": check the name, which comes from elements with content of their own (aria-labelledby)") });
    } else {
      out.push({ ...found, outcome: "failed", reason: said });
    }
  }
  return out;
}"""


class LabelInName(Check):
    id = "label-in-name"
    present = "[aria-label], [aria-labelledby]"
    time_limit = 10.0

    async def run(self, ctx: CheckContext) -> CheckOutcome:
        found = await findings_in_frames(ctx.page, _FIND)
        return found.outcome(f"{len(found.failed)} control(s) have a visible label that is not part of their "
                             "accessible name")
