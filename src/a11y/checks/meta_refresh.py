"""Meta refresh with a delay (WCAG 2.2.1; ACT bc659a, and bisz58 without the 20-hour exception).

Follows the ACT rules' applicability exactly: in each document, the first
<meta http-equiv="refresh"> whose content is a valid refresh instruction, i.e. for
which HTML's "shared declarative refresh steps" return a time (and a URL that
parses). Invalid ones ("0: url", "+5", "; 30", "foo", "") are skipped, so a later
valid one is the target. The time is read from the markup: nothing waits, and the
scanner holds navigation while checks run.

Unlike axe's meta-refresh, which judges every refresh meta of a page, only the
first valid one counts (it is the one a browser acts on), so "0; url" followed by
"5; url" passes here, as ACT expects.

Both rules read the same refreshes: the first to run answers the other too (CheckOutcome.also).
"""
from __future__ import annotations

from ._motion import evaluate, target_in
from .base import FAILED, INAPPLICABLE, PASSED, Check, CheckContext, CheckOutcome, node

# 20 hours: WCAG 2.2.1's exception for time limits longer than that (bc659a passes 72001).
TWENTY_HOURS = 72000

# The first refresh meta of the document, in tree order, whose content is a valid refresh
# instruction (_motion_dom.js: refreshTime), with its time; or null.
_FIRST_VALID_REFRESH = r"""
() => {
  for (const meta of document.querySelectorAll("meta[http-equiv]")) {
    if (meta.getAttribute("http-equiv").toLowerCase() !== "refresh") continue;
    if (!meta.hasAttribute("content")) continue;
    const time = window.__a11yMotion.refreshTime(meta.getAttribute("content"));
    if (time === null) continue;
    return { time, content: meta.getAttribute("content"),
             selector: window.__a11yMotion.selector(meta), html: window.__a11yMotion.outer(meta) };
  }
  return null;
}
"""


class _MetaRefreshDelay(Check):
    """Shared by both rules; a subclass says which delays are allowed."""

    present = "meta[http-equiv]"
    time_limit = 10.0

    def allowed(self, time: float) -> bool:  # pragma: no cover - abstract
        raise NotImplementedError

    def explain(self, time: float) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    async def run(self, ctx: CheckContext) -> CheckOutcome:
        refreshes = []  # (frame, its first valid refresh)
        for frame in ctx.page.frames:
            if frame.is_detached():
                continue
            found = await evaluate(frame, _FIRST_VALID_REFRESH)
            if found is not None:
                refreshes.append((frame, found))
        targets: dict = {}
        outcome = await self.judge(refreshes, targets)
        # The same refreshes answer the other rule (its own delays allowed), when the scan runs it.
        for other in (MetaRefreshDelay(), MetaRefreshDelayStrict()):
            if other.id != self.id and other.id in ctx.selected:
                outcome.also[other.id] = await other.judge(refreshes, targets)
        return outcome

    async def judge(self, refreshes: list, targets: dict) -> CheckOutcome:
        """The outcome for the refreshes found; `targets` keeps each frame's target once made."""
        failures = []
        for frame, found in refreshes:
            if not self.allowed(found["time"]):
                if frame not in targets:
                    targets[frame] = await target_in(frame, found["selector"])
                failures.append(node(targets[frame], found["html"], self.explain(found["time"])))
        if failures:
            return CheckOutcome(FAILED, failures, failures[0].summary)
        return CheckOutcome(PASSED if refreshes else INAPPLICABLE)


def _delay(time: float) -> str:
    return f"{time:g} second{'s' if time != 1 else ''}"


class MetaRefreshDelay(_MetaRefreshDelay):
    id = "meta-refresh-delay"

    def allowed(self, time: float) -> bool:
        return time == 0 or time > TWENTY_HOURS

    def explain(self, time: float) -> str:
        return (f"the page refreshes or redirects itself after {_delay(time)}, a time limit the user "
                "cannot turn off, adjust or extend")


class MetaRefreshDelayStrict(_MetaRefreshDelay):
    id = "meta-refresh-delay-strict"

    def allowed(self, time: float) -> bool:
        return time == 0

    def explain(self, time: float) -> str:
        return f"the page refreshes or redirects itself after {_delay(time)}, without the user asking for it"
