"""Whether anything is left that could change a loaded page by itself (_activity.js, added to
every document before its own scripts by ChecksEngine.init_scripts)."""
from __future__ import annotations

import asyncio
import time
from functools import lru_cache
from importlib import resources

from .base import Look

# A DOM that changed less than this ago is given up to this long to settle before we say
# it is not still (seconds).
SETTLE = 1.2
_BUSY = "() => window.__a11yActivity ? window.__a11yActivity.busy() : 'no record of the page since it started'"
_RECENT = "the DOM changed just now"


@lru_cache(maxsize=1)
def activity_script() -> str:
    return resources.files(__package__).joinpath("_activity.js").read_text(encoding="utf-8")


# What a check that acts on the page (a hover, a change, a key press, focus) embeds in its script to
# wait for what the action started before it looks (`const W = ACTION_TIMERS;`, the name replaced by
# this; _activity.js's record):
#   W.mark()      where the record stands: timers started from here on are the action's
#   W.caused(since, kinds = ['timeout'], longest = Infinity)  those still to run that something done
#                 since mark started (causedSince: not a poll the page keeps re-arming from before),
#                 of these kinds ('timeout', 'frame'), of a delay up to longest; each [kind, id,
#                 delay, root, started]
#   W.timeline()  the moment for W.moving (document.timeline)
#   W.moving(since, ms)  a CSS transition or animation of at most ms (delay included) started since
#                 that moment still runs (the page's grace delay, `transition: visibility 0s .4s`)
#   W.settle({timers, ms, late = ms, from = now, until, done, busy})  waits while timers() (the
#                 action's timers to wait for, W.caused) has any or busy() (W.moving) is true: up to
#                 ms from `from`, and up to late more while one of those timers is due and has not
#                 run (a busy machine runs it late, not never); at once when done() (what was
#                 awaited happened; may be async). True, or false when until() (the time is up)
#                 cut it short. What to do with the timers left (due later) is the caller's.
#   W.tick(ms = 16), W.frames()  our own waits: scheduler.postTask, which the record does not
#                 count, and two animation frames
ACTION_TIMERS = r"""(() => {
  const A = window.__a11yActivity;
  const tick = (ms = 16) => new Promise((res) => (window.scheduler && scheduler.postTask
    ? scheduler.postTask(res, {delay: ms}) : setTimeout(res, ms)));
  const frames = () => new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res)));
  const mark = () => (A ? A.mark() : 0);
  const caused = (since, kinds = ['timeout'], longest = Infinity) => (A ? (A.causedSince || A.startedSince)(since)
    .filter(([kind, , delay]) => kinds.includes(kind) && delay <= longest) : []);
  const overdue = (left) => left.some((r) => r.length > 4 && performance.now() >= r[4] + r[2]);
  const timeline = () => (document.timeline && document.timeline.currentTime) || 0;
  const moving = (since, ms) => (document.getAnimations ? document.getAnimations() : []).some((a) => {
    if (a.playState !== 'running' && !a.pending) return false;
    if (a.startTime !== null && a.startTime < since) return false;
    const t = a.effect && a.effect.getComputedTiming();
    return !!t && Number.isFinite(t.endTime) && t.endTime <= ms;
  });
  const settle = async ({timers, ms, late = ms, from = performance.now(), until = () => false, done = () => false,
                         busy = () => false}) => {
    for (;;) {
      if (await done()) return true;
      const left = timers();
      if (!left.length && !busy()) return true;
      const spent = performance.now() - from;
      if (spent >= ms + late || (spent >= ms && !overdue(left))) return true;
      if (until()) return false;
      await tick();
    }
  };
  return {mark, caused, timeline, moving, settle, tick, frames};
})()"""


# A check that passes its context to busy_reason or self_still has this among its looks.
BUSY_LOOK = Look(_BUSY)


async def busy_reason(frames, ctx=None) -> str | None:
    """Why some frame could still change by itself (the first reason found), or None. With the
    check's context `ctx`, the main frame's answer may be the survey's (BUSY_LOOK)."""
    for frame in frames:
        try:
            reason = await (ctx.ask(frame, _BUSY) if ctx else frame.evaluate(_BUSY))
        except Exception:  # noqa: BLE001 - a frame gone or not scriptable: we cannot say it is still
            return "a frame could not be inspected"
        if reason:
            return reason
    return None


async def self_still(frames, ctx=None) -> bool:
    """True when no frame has anything left that could change it without a person acting,
    waiting (up to SETTLE) for a DOM that changed a moment ago to settle. `ctx`: as for busy_reason
    (only a check that runs first, straight after the survey, should pass it: Check.observes)."""
    end = time.monotonic() + SETTLE
    while True:
        reason = await busy_reason(frames, ctx)
        if reason != _RECENT or time.monotonic() >= end:
            return reason is None
        await asyncio.sleep(0.1)


_KEYS = """() => {
  const a = window.__a11yActivity;
  const reason = a ? a.keyScript() : 'no record of the page since it started';
  return reason ? {reason} : {reason: null, count: (COUNT)()};
}"""


async def key_script(frames) -> str | None:
    """Why a script in some frame might answer a key press or focus moving (it listens for such
    events, handles them, or could still run at all), or None: only the browser's own focus
    navigation can happen, and it always moves on and leaves the page at the end."""
    return (await _keys(frames, ""))[0]


async def count_if_no_key_script(frames, count: str, ctx=None) -> int | None:
    """With no key script in any frame (key_script), the sum over the frames of `count` (a JS
    function expression counting in a document), in the same call; else None. With the check's
    context `ctx`, the main frame's answer may be the survey's (keys_look(count) is a look)."""
    reason, total = await _keys(frames, count, ctx)
    return None if reason else total


def keys_look(count: str) -> Look:
    return Look(_KEYS.replace("COUNT", count or "() => 0"))


async def _keys(frames, count: str, ctx=None) -> tuple[str | None, int]:
    script = keys_look(count).script
    total = 0
    for frame in frames:
        try:
            found = await (ctx.ask(frame, script) if ctx else frame.evaluate(script))
        except Exception:  # noqa: BLE001 - a frame gone or not scriptable: assume it may
            return "a frame could not be inspected", 0
        if found["reason"]:
            return found["reason"], 0
        total += found["count"]
    return None, total
