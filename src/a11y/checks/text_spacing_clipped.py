"""1.4.12 Text Spacing: with the spacing the criterion lets a reader set (line height 1.5,
paragraph spacing 2em, letter spacing 0.12em, word spacing 0.16em), no text is cut off.

The spacing is applied as a reader's style sheet would apply it (!important on every element,
as the W3C text-spacing bookmarklet does), and text cut off by CSS overflow is looked for as
in the zoom check (_clipped_text.py). Only text that is cut with the spacing and was not cut
without it fails: that loss comes from the spacing. Overlapping text, which needs eyes to
judge, is not looked for. The style sheet is removed afterwards.
"""
from __future__ import annotations

from ._activity import activity_script
from ._clipped_text import CAN_CLIP_LOOK, CLIPPED_TEXT, clipped_text_arg, nothing_can_clip, unexamined
from ._layout import evaluate, nodes_from
from .base import CANT_TELL, FAILED, INAPPLICABLE, PASSED, Check, CheckContext, CheckOutcome, Look

SPACING_CSS = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""

# In one call: the spacing applied by a constructed style sheet (a page's Content-Security-Policy
# for <style> does not stop it), the text cut with it (CLIPPED_TEXT waits for the new layout),
# the sheet removed and the page laid out again, and then, only when text was cut with the
# spacing, the same elements measured without it (what was cut already is not the spacing's
# doing; most pages have none, and need no second look). A round trip to the page costs about
# 2 ms of CPU: this was four.
_SPACED = r"""async (L, {css, after, before}) => {
  const clipped = (CLIPPEDTEXT);
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  let applied, cut;
  try {
    const s = getComputedStyle(document.documentElement);
    applied = Math.abs(parseFloat(s.letterSpacing) - 0.12 * parseFloat(s.fontSize)) < 0.1;
    cut = await clipped(L, after);
  } finally {
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
    await L.laidOut();
  }
  const only = cut.failed.map((f) => f.selector);
  const was = applied && only.length ? await clipped(L, { ...before, only }) : { failed: [] };
  return { applied, after: cut, before: was };
}""".replace("CLIPPEDTEXT", CLIPPED_TEXT)


class TextSpacingNotClipped(Check):
    id = "text-spacing-not-clipped"
    time_limit = 30.0

    init_script = activity_script()  # tells whether a script reacts to the layout changing

    def looks(self) -> list[Look]:
        return [CAN_CLIP_LOOK]

    async def run(self, ctx: CheckContext) -> CheckOutcome:
        page = ctx.page
        # Spacing changes no element's overflow, nor what text is in it: with none that holds text
        # clipping now, none will.
        if await nothing_can_clip(ctx, other_layout=False):
            return CheckOutcome(INAPPLICABLE)
        when = "With the text spacing of WCAG 1.4.12 applied,"
        spaced = await evaluate(page, _SPACED, {"css": SPACING_CSS, "after": clipped_text_arg(when, reach=ctx.reach),
                                                "before": clipped_text_arg("")})
        if not spaced["applied"]:
            return CheckOutcome(CANT_TELL, reason="the page did not take the text spacing style sheet")
        after, before = spaced["after"], spaced["before"]
        already = {f["selector"] for f in before["failed"]}
        newly = [f for f in after["failed"] if f["selector"] not in already]
        # A box a control with aria-expanded shows in full ("Show more"): the rest can be reached.
        failed = [f for f in newly if not f["revealed"]]
        if failed:
            return CheckOutcome(FAILED, nodes_from(failed), "text is cut off when readers widen its spacing")
        if newly:
            return CheckOutcome(CANT_TELL, nodes_from(newly),
                                "text is cut off when readers widen its spacing, but a control with aria-expanded "
                                "shows and hides the box that cuts it: check that it reveals this text")
        unseen = unexamined(after, ctx.reach)
        if unseen:
            return CheckOutcome(CANT_TELL, reason=unseen)
        return CheckOutcome(PASSED if after["targets"] else INAPPLICABLE)
