"""1.4.4 Resize text: text zoomed to 200% is not cut off by CSS overflow (ACT 59br37).

Browser zoom at 200% lays a page out in half as many CSS pixels, so the page is laid out in a
640 by 512 CSS px viewport (a 1280 by 1024 window at 200%, as the ACT rule and WCAG's Reflow
note take it), and its text is measured against the boxes that clip it (_clipped_text.py has
the rule's definitions and the cuts it allows). The viewport and scroll position are restored
afterwards.
"""
from __future__ import annotations

from ._activity import activity_script
from ._clipped_text import CAN_CLIP_LOOK, clipped_text, nothing_can_clip, unexamined
from ._layout import WHERE, nodes_from, viewport
from .base import CANT_TELL, FAILED, INAPPLICABLE, PASSED, Check, CheckContext, CheckOutcome, Look

ZOOMED = (640, 512)  # CSS px: 1280 x 1024 at 200%


class ZoomTextNotClipped(Check):
    id = "zoom-text-not-clipped"
    time_limit = 30.0

    init_script = activity_script()  # tells whether a script reacts to the layout changing

    def looks(self) -> list[Look]:
        return [CAN_CLIP_LOOK, Look(WHERE)]

    async def run(self, ctx: CheckContext) -> CheckOutcome:
        if await nothing_can_clip(ctx, other_layout=True):
            return CheckOutcome(INAPPLICABLE)
        async with viewport(ctx.page, *ZOOMED, where=await ctx.first_look(WHERE)):
            found = await clipped_text(ctx.page, "At 200% zoom (a 640 by 512 CSS px viewport)", ZOOMED,
                                       reach=ctx.reach)
        if found["failed"]:
            return CheckOutcome(FAILED, nodes_from(found["failed"]), "text is cut off at 200% zoom")
        unseen = unexamined(found, ctx.reach)
        if unseen:
            return CheckOutcome(CANT_TELL, reason=unseen)
        return CheckOutcome(PASSED if found["targets"] else INAPPLICABLE)
