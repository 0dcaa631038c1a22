"""Links in a block of text are told apart from the text around them by more than colour
(WCAG 1.4.1 Use of Color; failure F73, technique G183).

A person who does not see colour finds a link in a sentence by how it is drawn: underlined,
bold, in another font, boxed. The check takes each link whose line of text (its block, between
line breaks) holds more text outside links and controls than inside them, as axe's
`link-in-text-block` does, and compares every run of the link's rendered text with the line's
running text (the look most of its letters outside links have: emphasis or code elsewhere in
the sentence is not what a link must stand out from): text decoration (an underline from any element inside the block),
borders, outlines, shadows and background images, what a ::before or ::after draws at rest (the
bar of an "animated underline", an arrow; not one scaled to nothing, see-through or empty, and
one its styles cannot judge, clipped, masked or turned in 3D, leaves the link for review), weight
(bold or not), style, capitals, size (a fifth larger or more) and font (measured: two names for
one font measure alike). Colours are read in any notation (oklch() too: _colour.js). Where
nothing but colour differs, the link still passes when its colour contrasts with that text's by
3:1 (G183) or its background with that text's background by 3:1, as axe allows. A colour that
cannot be read from the styles (see-through, or an image or gradient behind the text) leaves
such a link for review.

axe compares the link element's own style with its block's, so it cannot see a link whose look
comes from an element inside it (a link holding `<code>`, which Sphinx draws in another font),
and it leaves for review every link whose background it cannot work out. Those review items
are decided here (engines.base.Settlement): each link axe left that this check judged passes
or fails, and a failure is reported under this check's id.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

from ..engines.base import Settlement
from ._colour import with_colour
from ._motion import compact, evaluate_json, frame_path
from .base import CANT_TELL, FAILED, INAPPLICABLE, PASSED, Check, CheckContext, CheckOutcome, node

AXE_RULE = "link-in-text-block"  # the review items of axe's that this check can decide
MAX_LINKS = 1500  # links judged per document (times CheckContext.reach); a page with more says so


@lru_cache(maxsize=1)
def _script() -> str:
    looks = resources.files(__package__).joinpath("_link_looks.js").read_text(encoding="utf-8")
    return compact(with_colour(looks))


class LinkInTextDistinguishable(Check):
    id = "link-in-text-distinguishable"
    present = 'a[href], area[href], [role~="link" i]'
    time_limit = 20.0

    async def run(self, ctx: CheckContext) -> CheckOutcome:
        asked = [n for n in ctx.review_nodes(AXE_RULE) if len(n.target) == 1]  # not inside frames
        failed, review, settles = [], [], []
        passed = cut = 0
        for frame in ctx.page.frames:
            if frame.is_detached():
                continue
            main = frame is ctx.page.main_frame
            found = await evaluate_json(frame, _script(), [[n.target[0] for n in asked] if main else [],
                                                           MAX_LINKS * ctx.reach])
            # The frame's place (two calls a level) only where it has something to report.
            path = await frame_path(frame) if not main and (found["failed"] or found["review"]) else []
            failed += [node([*path, f["selector"]], f["html"], f["reason"]) for f in found["failed"]]
            review += [node([*path, f["selector"]], f["html"], f["reason"]) for f in found["review"]]
            passed += found["passed"]
            cut += found["cut"]
            if main:
                settles = [Settlement(AXE_RULE, n, said[0], self.id, _evidence(*said))
                           for n, said in zip(asked, found["asked"], strict=True) if said]
        more = f"{cut} more link(s) on the page were not examined" if cut else ""
        if failed:
            outcome = CheckOutcome(FAILED, failed, "; ".join(filter(None, [
                f"{len(failed)} link(s) in text are told from the text around them by colour alone", more])))
        elif review or cut:
            outcome = CheckOutcome(CANT_TELL, review[:50], "; ".join(filter(None, [review[0].summary if review else "",
                                                                                  more])))
        elif passed:
            outcome = CheckOutcome(PASSED, reason=f"each of the {passed} link(s) in text is told from the text around "
                                                  "it by more than colour, or by a contrast of 3:1")
        else:
            outcome = CheckOutcome(INAPPLICABLE, reason="no link in a block of text")
        outcome.settles = settles
        return outcome


def _evidence(verdict: str, why: str) -> str:
    """A decided review item's evidence: what tells the link apart, or why nothing does."""
    if verdict == PASSED:
        return f"told from the text around it by {why}"
    return why


__all__ = ["LinkInTextDistinguishable", "AXE_RULE"]
