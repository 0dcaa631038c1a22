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

Before that, a page whose scripts are still building it after `load` (an app that fetches its
data and then renders, a result list a timer brings, a dialog that opens a moment later) is
given up to RENDER_CAP_S after load to settle: the requests its scripts made (fetch, XHR, and
reading their bodies) answered, no timer of its own due within SOON_S, and no change to the DOM
(nor a request or timer ending) for QUIET_S. A page still changing at the cap (a clock that
ticks, a request that never ends) is audited as it is then, and its record says so. What the
page is doing is kept by WATCH_SCRIPT, added to every document before its own scripts
(pagework adds it to each tab): the checks' activity record (checks/_activity.js) knows more,
but is there only when the checks run.

The questions cost nothing on their own: FINITE_RUNNING and BUSY are asked in the evaluate that
reads the loaded document (pagework.py), and only a page with something to wait for pays for
the wait: a page with no request in flight, no change since `load` and no timer due soon waits
not at all, never a quiet period.
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


# --- the page's own scripts, still rendering after load ----------------------------------------
RENDER_CAP_S = 5.0  # the longest after `load` that a page is waited for to settle
QUIET_S = 0.5  # no change to the DOM, and no request or timer of the page ending, for this long
SOON_S = 2.0  # a timer of the page due within this is waited for (an interval, to its first tick after load)

# Added to every document before its own scripts: counts the page's fetch and XHR requests in
# flight (a fetch until its body is read, as the page reads it: the step after the answer), its
# timers and when they are due (an interval until it has run once after `load`: what it does then,
# it does again, and a clock that ticks keeps changing the DOM, which is what counts), and when
# it last did something after `load` (the DOM changed, a request or a one-shot timer ended). Our
# own waiting uses the timer it found, so it is not counted; listeners are registered as the
# activity record's own (asOurs), not the page's.
WATCH_SCRIPT = r"""(() => {
  if (window.__a11ySettle) return;
  const st = window.setTimeout, now = () => performance.now();
  const due = new Map(), fresh = new Map();  // timeouts: id -> when due; intervals: id -> [start, every]
  let inflight = 0, last = -Infinity, loadedAt = null;
  const ours = (fn) => (window.__a11yActivity ? window.__a11yActivity.asOurs(fn) : fn());
  const seen = () => { if (loadedAt !== null) last = now(); };
  const track = (p) => { inflight++; const done = () => { inflight--; seen(); }; p.then(done, done); return p; };
  const timer = (set, started, ran) => function (fn, ms, ...rest) {
    if (typeof fn !== "function") return set.call(this, fn, ms, ...rest);
    let id = null;
    id = set.call(this, function (...a) { ran(id); return fn.apply(this, a); }, ms, ...rest);
    started(id, Number(ms) || 0);
    return id;
  };
  window.setTimeout = timer(st, (id, ms) => due.set(id, now() + ms), (id) => { due.delete(id); seen(); });
  window.setInterval = timer(window.setInterval, (id, ms) => fresh.set(id, [now(), Math.max(ms, 1)]),
    (id) => { if (loadedAt !== null) fresh.delete(id); });
  // Either clears either kind of timer.
  for (const name of ["clearTimeout", "clearInterval"]) {
    const clear = window[name];
    window[name] = function (id) { due.delete(id); fresh.delete(id); return clear.call(this, id); };
  }
  const fetch = window.fetch;
  if (typeof fetch === "function") window.fetch = function (...a) { return track(fetch.apply(this, a)); };
  for (const m of window.Response ? ["json", "text", "arrayBuffer", "blob", "formData"] : []) {
    const read = Response.prototype[m];
    if (typeof read === "function") Response.prototype[m] = function (...a) { return track(read.apply(this, a)); };
  }
  if (window.XMLHttpRequest) {
    const send = XMLHttpRequest.prototype.send;
    XMLHttpRequest.prototype.send = function (...a) {
      const out = send.apply(this, a);
      if (this.readyState !== 4) {  // not a synchronous request, answered already
        inflight++;
        ours(() => this.addEventListener("loadend", () => { inflight--; seen(); }, { once: true }));
      }
      return out;
    };
  }
  const loaded = () => {
    loadedAt = now();
    const all = { subtree: true, childList: true, characterData: true, attributes: true };
    new MutationObserver(seen).observe(document, all);
  };
  if (document.readyState === "complete") loaded();
  else ours(() => window.addEventListener("load", loaded, { once: true }));
  const busy = () => {
    if (loadedAt === null) return null;
    const t = now();
    if (inflight > 0) return `${inflight} request(s) in flight`;
    for (const at of due.values()) if (at - t <= SOON) return "a timer due";
    const tick = ([start, every]) => start + Math.ceil((t - start) / every) * every;
    for (const interval of fresh.values()) if (tick(interval) - t <= SOON) return "a timer due";
    return t - last < QUIET ? "the page changed just now" : null;
  };
  Object.defineProperty(window, "__a11ySettle", { value: {
    busy, sinceLoad: () => now() - loadedAt, sleep: (ms) => new Promise((r) => st(r, ms)) } });
})();""".replace("SOON", f"{SOON_S * 1000:.0f}").replace("QUIET", f"{QUIET_S * 1000:.0f}")

# Asked in pagework's read of the loaded document: why the page is not settled yet, or null.
BUSY = "(window.__a11ySettle ? window.__a11ySettle.busy() : null)"

# `([capMs, stepMs]) => [ms waited, why it is still not settled or null]`: wait until the page
# is settled or capMs have passed since its load. Each pause is a timer that has run by the
# time the wait ends: none is left pending for the checks' activity record to count.
_RENDER_WAIT_JS = r"""async ([capMs, stepMs]) => {
  const s = window.__a11ySettle;
  if (!s) return [0, null];
  const start = performance.now();
  let why = s.busy();
  while (why && s.sinceLoad() < capMs) {
    await s.sleep(stepMs);
    why = s.busy();
  }
  return [performance.now() - start, why];
}"""
_STEP_MS = 50


async def wait_for_rendering(page) -> str:
    """Wait (until RENDER_CAP_S after load) for the page's top document to settle; called when BUSY
    said it had not. Returns what the page's record says of the wait. A PlaywrightError (the
    document replaced meanwhile) is the caller's."""
    cap = f"{RENDER_CAP_S:g} s"
    try:
        async with asyncio.timeout(RENDER_CAP_S + _GUARD_S):
            _, why = await page.evaluate(_RENDER_WAIT_JS, [RENDER_CAP_S * 1000, _STEP_MS])
    except TimeoutError:
        return f"still changing after {cap} (its scripts did not answer): audited as it was then"
    if why:
        return f"still changing after {cap} ({why}): audited as it was then"
    return (f"waited for the page to settle after load (its scripts' requests answered, "
            f"no change for {QUIET_S:g} s)")
