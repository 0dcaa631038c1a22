"""What the checks that judge elements with one script per frame share: run the script in
every frame, gather its findings ({selector, html, outcome, reason}) as result nodes with
targets through the frames, and turn them into the check's outcome."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..models import Node
from ._motion import evaluate, frame_path
from .base import CANT_TELL, FAILED, INAPPLICABLE, PASSED, CheckOutcome, node


@dataclass
class FrameFindings:
    failed: list[Node] = field(default_factory=list)
    review: list[Node] = field(default_factory=list)
    applied: bool = False  # some frame had something the script judged

    def outcome(self, failed_reason: str) -> CheckOutcome:
        """Failed (with failed_reason; the undecided beside it), else needs review (the first reason), else passed when
        anything was judged, else inapplicable."""
        if self.failed:
            return CheckOutcome(FAILED, self.failed, failed_reason, review=self.review)
        if self.review:
            return CheckOutcome(CANT_TELL, self.review, self.review[0].summary)
        return CheckOutcome(PASSED if self.applied else INAPPLICABLE)


async def findings_in_frames(page, script: str, probe: str | None = None) -> FrameFindings:
    """script's findings in every frame of page (a JS function expression `() => [...]` that may use
    window.__a11yMotion: _motion.evaluate); `probe`, a cheap script that says whether a frame can
    have anything to judge, spares the full one in a frame where it cannot. The top document is not
    probed: the check runs because the page has what it looks for (Check.present), mostly there, so
    the probe would be a call more where the script finds nothing the same."""
    found = FrameFindings()
    for frame in page.frames:
        if frame.is_detached():
            continue
        if probe and frame.parent_frame is not None and not await frame.evaluate(probe):
            continue
        results = await evaluate(frame, script)
        if not results:
            continue
        found.applied = True
        path = await frame_path(frame) if frame.parent_frame is not None else []
        for f in results:
            if f["outcome"] == FAILED:
                found.failed.append(node([*path, f["selector"]], f["html"], f["reason"]))
            elif f["outcome"] == CANT_TELL:
                found.review.append(node([*path, f["selector"]], f["html"], f["reason"]))
    return found
