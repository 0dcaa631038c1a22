"""ARIA global properties not used where prohibited (WAI-ARIA 1.2 and 1.3; ACT kb1m8s).

Some roles prohibit some global properties: a name (aria-label, aria-labelledby,
aria-braillelabel) on a div, a span or a paragraph, a role description on a generic
element. Screen readers then drop what the author meant them to say. The element's
role is the first valid token of its role attribute, else its implicit role in HTML
(HTML-AAM and ARIA in HTML); none and presentation give way to the implicit role,
since every global property starts a presentational role conflict. Only the
implicit roles that prohibit something are mapped: an element whose implicit role
is not known here is left alone, never failed. Autonomous custom elements need
review: ElementInternals can give them a role that no attribute shows.
The work is one script per frame, over its document and open shadow roots.
"""
from __future__ import annotations

import json

from ._frame_findings import findings_in_frames
from .base import Check, CheckContext, CheckOutcome

PROPERTIES = ("aria-label", "aria-labelledby", "aria-braillelabel", "aria-roledescription",
              "aria-brailleroledescription")

# Each element with one of PROPERTIES, in the accessibility tree: {selector, html, outcome, reason}.
_FIND = r"""() => {
  const H = window.__a11yMotion;
  const PROPERTIES = %(properties)s;
  // WAI-ARIA 1.2 (and 1.3: mark, suggestion) roles whose name is prohibited.
  const NAMELESS = new Set(["caption", "code", "deletion", "emphasis", "generic", "insertion", "mark",
    "paragraph", "strong", "subscript", "suggestion", "superscript"]);
  // Implicit roles (HTML-AAM, ARIA in HTML) of the elements whose role prohibits something.
  const IMPLICIT = { code: "code", del: "deletion", s: "deletion", em: "emphasis", ins: "insertion",
    mark: "mark", p: "paragraph", strong: "strong", sub: "subscript", sup: "superscript", caption: "caption",
    b: "generic", bdi: "generic", bdo: "generic", body: "generic", data: "generic", div: "generic",
    i: "generic", pre: "generic", q: "generic", samp: "generic", small: "generic", span: "generic",
    u: "generic" };
  // HTML elements only (an SVG <a> links through xlink:href too); header and footer are left
  // out (banner, generic or the newer sectionheader, by where they are), as is editable content
  // (a browser may expose it as a text box).
  const implicitRole = (el) => {
    if (el.namespaceURI !== "http://www.w3.org/1999/xhtml" || el.isContentEditable) return null;
    if (el.localName === "a") return el.hasAttribute("href") ? null : "generic";
    return IMPLICIT[el.localName] || null;
  };
  // The role the element has; null when not known here. A role token not in H.ROLES (DPUB,
  // graphics, a future role) leaves the element unjudged rather than falling back to its
  // implicit role.
  const role = (el) => {
    const tokens = (el.getAttribute("role") || "").trim().toLowerCase().split(/\s+/).filter(Boolean);
    if (!tokens.length) return implicitRole(el);
    if (!H.ROLES.has(tokens[0])) return null;
    // none and presentation give way: every property looked at here is global (a conflict).
    return tokens[0] === "none" || tokens[0] === "presentation" ? implicitRole(el) : tokens[0];
  };
  const said = (el, name) => (el.getAttribute(name) || "").trim() !== "";
  const out = [];
  const query = PROPERTIES.map((p) => "[" + p + "]").join(", ");
  for (const root of H.roots()) for (const el of root.querySelectorAll(query)) {
    const given = PROPERTIES.filter((p) => said(el, p));
    if (!given.length || H.programmaticallyHidden(el)) continue;
    const r = role(el);
    const found = { selector: H.selector(el), html: H.outer(el) };
    if (el.localName.includes("-") && !el.getAttribute("role")) {
      out.push({ ...found, outcome: "cantTell", reason: `<${el.localName}> carries ${given.join(", ")}: ` +
        "check the role its script gives it (a generic custom element may not be named)" });
      continue;
    }
    const prohibited = given.filter((p) =>
      (["aria-label", "aria-labelledby", "aria-braillelabel"].includes(p) && NAMELESS.has(r)) ||
      (["aria-roledescription", "aria-brailleroledescription"].includes(p) && r === "generic"));
    const reasons = prohibited.length ?
      [`${prohibited.join(", ")} ${prohibited.length > 1 ? "are" : "is"} prohibited on the role ${r}`] : [];
    if (given.includes("aria-brailleroledescription") && !prohibited.includes("aria-brailleroledescription") &&
        !said(el, "aria-roledescription")) {
      reasons.push("aria-brailleroledescription is not allowed without a non-empty aria-roledescription");
    }
    if (!reasons.length) { out.push({ ...found, outcome: "passed" }); continue; }
    out.push({ ...found, outcome: "failed", reason: reasons.join("; ") });
  }
  return out;
}"""


class AriaGlobalNotProhibited(Check):
    id = "aria-global-not-prohibited"
    present = ", ".join(f"[{p}]" for p in PROPERTIES)
    time_limit = 10.0

    async def run(self, ctx: CheckContext) -> CheckOutcome:
        found = await findings_in_frames(ctx.page, _FIND % {"properties": json.dumps(PROPERTIES)})
        return found.outcome(f"{len(found.failed)} element(s) carry an ARIA property their role prohibits")
