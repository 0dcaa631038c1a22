"""Waiting, before the engines run, for the transitions and animations a page started on load.

A page that fades a dialog in as it loads (Bootstrap's `modal fade`, a cookie banner sliding
up) is, for the first few hundred milliseconds, in colours nobody reads it in: axe measuring
contrast then finds text at 30 % opacity over a half-dark backdrop, a different false failure
on every run. So the engines wait for the finite CSS transitions and animations (and Web
Animations) running in the document and its frames to finish, up to CAP_S: never for one
with no end (a spinner that turns forever, an infinite marquee), a paused one, one tied to
scrolling, or one that would end after the cap anyway (waiting would not help). What a
finishing transition starts (the dialog's fade after its backdrop's) is waited for too,
within the same cap.

The question costs nothing on its own: FINITE_RUNNING is asked in the evaluate that reads the
loaded document (pagework.py), and only a page with something to wait for pays for the wait.
"""
from __future__ import annotations

import asyncio

CAP_S = 2.0  # the longest a page's load-time animations are waited for
# The page keeps the cap itself; this only stops waiting on a frame whose scripts never answer
# (then the engines could not run there either, and say so).
_GUARD_S = 5.0

# `(capMs, deep) => [animations, unreachable]`: the finite animations of the document (and, deep,
# of the frames it can reach) that are running and will end within capMs, and whether it has
# frames it cannot reach (another origin's: asked apart). Also what the keyboard checks wait for
# after a key that closes something (checks/_tabwalk.py).
RUNNING_ANIMATIONS = r"""(capMs, deep) => {
  // Wall-clock milliseconds left to a running animation that ends, or null: infinite, paused,
  // at rate 0, on a scroll or view timeline (no clock to wait on).
  const left = (a) => {
    if (a.playState !== 'running' || !a.effect || !a.playbackRate) return null;
    if (a.timeline && 'source' in a.timeline) return null;
    const now = a.currentTime === null ? 0 : a.currentTime;
    if (typeof now !== 'number') return null;
    const end = a.effect.getComputedTiming().endTime;
    if (!Number.isFinite(end)) return null;
    return a.playbackRate > 0 ? (end - now) / a.playbackRate : now / -a.playbackRate;
  };
  const docs = [document];
  let unreachable = false;
  for (let i = 0; deep && i < docs.length; i++) {
    const win = docs[i].defaultView;
    for (let f = 0; win && f < win.length; f++) {
      let d = null;
      try { d = win[f].document; } catch (e) { unreachable = true; }
      if (d) docs.push(d);
    }
  }
  const running = [];
  for (const d of docs) {
    if (!d.getAnimations) continue;
    for (const a of d.getAnimations()) {
      const ms = left(a);
      if (ms !== null && ms <= capMs) running.push(a);
    }
  }
  return [running, unreachable];
}"""

# Asked in pagework's read of the loaded document: [finite animations running, unreachable frames].
FINITE_RUNNING = f"""((capMs) => {{ const [running, unreachable] = ({RUNNING_ANIMATIONS})(capMs, true);
  return [running.length, unreachable]; }})({CAP_S * 1000:.0f})"""

# `([capMs, deep]) => {waited, left}`: wait (at most capMs) until no finite animation that ends
# within what is left of capMs is running; how many were waited for, and how many still run.
WAIT_JS = r"""async ([capMs, deep]) => {
  const running = (ms) => (RUNNING)(ms, deep)[0];
  const start = performance.now();
  const waited = new Set();
  // Every timer is cleared once it is no longer needed: the checks that run next on this page ask
  // the activity record (checks/_activity.js) whether timers are pending, and ours are not the page's.
  const timers = [];
  const after = (ms) => new Promise((r) => timers.push(setTimeout(r, ms)));
  const clear = () => { timers.forEach(clearTimeout); timers.length = 0; };
  // After an animation ends its transitionend / animationend handlers may start the next (a
  // dialog's fade once its backdrop's is done): they run in the same rendering update, before the
  // task a frame callback queues.
  const nextTurn = () => Promise.race([after(100), new Promise((r) => requestAnimationFrame(() => after(0).then(r)))]);
  for (;;) {
    const rest = capMs - (performance.now() - start);
    const now = rest > 0 ? running(rest) : [];
    if (!now.length) return {waited: waited.size, left: rest > 0 ? 0 : running(Infinity).length};
    for (const a of now) waited.add(a);
    await Promise.race([Promise.all(now.map((a) => a.finished.catch(() => null))), after(rest)]);
    await nextTurn();
    clear();
  }
}""".replace("RUNNING", RUNNING_ANIMATIONS)


async def wait_for_animations(page, unreachable_frames: bool) -> str | None:
    """Wait (at most CAP_S) for the finite animations running in the page's documents to finish.
    unreachable_frames: the top document has frames of other origins (FINITE_RUNNING said so),
    which are asked one by one. Returns what was waited for, or None if nothing was."""
    frames = page.frames if unreachable_frames else [page.main_frame]
    deep = not unreachable_frames  # each frame asked apart, or the top one for all it reaches
    cap_ms = CAP_S * 1000

    async def in_frame(frame):
        try:
            return await frame.evaluate(WAIT_JS, [cap_ms, deep])
        except Exception:  # noqa: BLE001 - a frame gone, or not scriptable: nothing to wait for there
            return None

    try:
        async with asyncio.timeout(CAP_S + _GUARD_S):
            answers = await asyncio.gather(*(in_frame(f) for f in frames))
    except TimeoutError:
        return f"waited {CAP_S:g} s for transitions and animations; a frame did not answer"
    waited = sum(a["waited"] for a in answers if a)
    left = sum(a["left"] for a in answers if a)
    if not waited:
        return None
    said = f"waited for {waited} transition(s) or animation(s) started on load to finish"
    return said + (f"; {left} still running after {CAP_S:g} s" if left else "")
