"""1.4.4 Resize text: text zoomed to 200% is not cut off by CSS overflow (ACT 59br37).

Browser zoom at 200% lays a page out in half as many CSS pixels, so the page is laid out in a
640 by 512 CSS px viewport (a 1280 by 1024 window at 200%, as the ACT rule and WCAG's Reflow
note take it), and its text is measured against the boxes that clip it (_clipped_text.py has
the rule's definitions and the cuts it allows). The viewport and scroll position are restored
afterwards.

1.4.4 is about what resizing loses, so the text found cut is measured again at the page's own
size. Text wholly cut away at 200% fails when it was visible and whole there (a row of links
that wraps under a fixed-height bar); text hidden there too (screen-reader-only text, a closed
panel) is not judged. Text that was cut already there, with a line of it still whole (a
preview box), is not lost by zooming: it is left for review, and so is text in a box a control
with aria-expanded shows and hides (a "Show more" button: the ACT rule assumes no such way to
the rest). Text cut through every line at both sizes fails, as the ACT rule has it.
"""
from __future__ import annotations

from ._activity import activity_script
from ._clipped_text import CAN_CLIP_LOOK, CLIPPED_TEXT, clipped_text, clipped_text_arg, nothing_can_clip, unexamined
from ._layout import WHERE, nodes_from, viewport_then
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
        async with viewport_then(ctx.page, *ZOOMED, where=await ctx.first_look(WHERE)) as back:
            found = await clipped_text(ctx.page, "At 200% zoom (a 640 by 512 CSS px viewport)", ZOOMED,
                                       reach=ctx.reach, lost=True)
            # The text cut at 200% is measured again at the page's own size in the call that
            # brings the page back to it (most pages have none, and need no second look).
            asked = [f["selector"] for f in found["failed"] + found["lost"]]
            if asked:
                back.then(CLIPPED_TEXT, clipped_text_arg("", only=asked))
            back.settled = found["settled"]
        failed, review = _compared(found, back.answer or {"failed": [], "seen": []})
        if failed:
            return CheckOutcome(FAILED, nodes_from(failed), "text is cut off at 200% zoom")
        if review:
            return CheckOutcome(CANT_TELL, nodes_from(review),
                                "text is cut off at 200% zoom, but a control with aria-expanded shows the box that "
                                "cuts it, or it was cut as much at the page's own size (a preview): check that "
                                "the rest can be reached")
        unseen = unexamined(found, ctx.reach)
        if unseen:
            return CheckOutcome(CANT_TELL, reason=unseen)
        return CheckOutcome(PASSED if found["targets"] else INAPPLICABLE)


def _compared(found: dict, before: dict) -> tuple[list[dict], list[dict]]:
    """The text cut at 200% (found) measured again at the page's own size (before: clipped_text's
    answer for those elements alone): what fails and what needs review."""
    already, seen = {f["selector"] for f in before["failed"]}, set(before["seen"])
    failed, review = [], []
    for f in found["failed"]:
        if f["revealed"]:
            review.append({**f, "summary": f["summary"] + _REVEALED})
        elif f["selector"] in already and f["partly"]:
            review.append({**f, "summary": f["summary"] + " (cut as much at the page's own size, "
                           "with a line of it whole: check that the rest can be reached)"})
        else:
            failed.append(f)
    for f in found["lost"]:
        if f["selector"] in seen and f["selector"] not in already:  # visible and whole at its own size
            (review if f["revealed"] else failed).append(
                {**f, "summary": f["summary"] + (_REVEALED if f["revealed"] else " (it shows at the page's own size)")})
    return failed, review


_REVEALED = " (a control with aria-expanded shows and hides the box that cuts it: check that it reveals this text)"
