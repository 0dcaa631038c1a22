"""Media that plays audio by itself (WCAG 1.4.2; ACT 80f0bf with 4c31df, and aaa1bf).

The scanner's Chromium lets media autoplay (browser.py: AUTOPLAY_FLAGS; --mute-audio keeps
it silent), so the check reads each autoplay <audio>/<video> element's real state: playing
(not paused, or paused after it played), not muted, volume above 0. What it will play is
the resource from the start of its media fragment (#t=start,end) to the fragment's end or
the resource's end, for ever if it loops: Debian's Chromium ignores temporal fragments,
but authors who write one mean a clip, and the ACT rules judge the clip. Whether that span
holds sound at all is read from the samples (the resource fetched and decoded with Web
Audio): a silent track is no audio.

Autoplaying audio of more than 3 seconds then needs a way to pause, stop or mute it in the
page: the element's own visible controls, or a visible, named control in the accessibility
tree that is shown to work by clicking it in a fresh tab of the page (only controls that
look meant for the media and stay on the page are clicked). None that could be the way (none
at all, or only links to other pages and controls named for other things): failed. Some that
could not be shown to work, or plausible ones not tried: cantTell, with the reason.

Media a script started playing (play(), seen by PLAYED_SCRIPT from the page's start) is judged
too, autoplay attribute or not; one not in the document (new Audio(src).play()) cannot be found
again in a fresh tab, so its controls are judged by their names only.
"""
from __future__ import annotations

import re
import time
from urllib.parse import unquote

from ._instruments import Trial, find_instruments, try_instruments
from ._motion import evaluate, target_in
from .base import CANT_TELL, FAILED, INAPPLICABLE, PASSED, Check, CheckContext, CheckOutcome, PresentWhen, node

MAX_SILENT_SECONDS = 3.0
# Peak sample level (of 1.0) below which a span counts as silent: -60 dBFS.
SILENCE = 0.001
# Media larger than this is not fetched to read its samples.
MAX_FETCH_BYTES = 40 * 1024 * 1024
CONTROL_WORDS = r"pause|stop|mute|unmute|sound|audio|volume|silence|play|music|speaker"

# Added to every document before its own scripts: the media elements a script started playing
# (play()), in the page or not (new Audio(src).play() plays from an element no one can see).
PLAYED_SCRIPT = r"""(() => {
  if (window.__a11yPlayed) return;
  const played = [];
  Object.defineProperty(window, "__a11yPlayed", { value: played, enumerable: false });
  const play = HTMLMediaElement.prototype.play;
  HTMLMediaElement.prototype.play = function (...args) {
    if (!played.includes(this) && played.length < 50) played.push(this);
    return play.apply(this, args);
  };
})();"""

# What the checks apply to: media elements, or media a script played (PLAYED_SCRIPT).
MEDIA = PresentWhen("has audio or video, or plays any from a script", r"""(root) =>
  !!root.querySelector("audio, video") || (root === document && !!(window.__a11yPlayed || []).length)""")

# Each autoplay media element of the document, and each a script started playing (in the
# document or not: `detached`), with its state, once it has had time (up to `wait` ms) to load
# its metadata and start.
_MEDIA_STATE = r"""
async (wait) => {
  const M = window.__a11yMotion;
  const list = [...new Set([...document.querySelectorAll("audio[autoplay], video[autoplay]"),
                            ...(window.__a11yPlayed || [])])];
  const settled = (m) => m.error || m.networkState === 3 || (m.readyState >= 1 && (!m.paused || m.readyState >= 3));
  const end = performance.now() + wait;
  while (performance.now() < end && !list.every(settled)) await new Promise((r) => setTimeout(r, 100));
  return list.map((m) => ({
    detached: !m.isConnected, selector: m.isConnected ? M.selector(m) : "html",
    html: m.isConnected ? M.outer(m) : `${m.localName} element (${m.currentSrc || m.src})`,
    muted: m.muted, volume: m.volume, paused: m.paused,
    played: m.played.length, ended: m.ended, currentTime: m.currentTime, duration: m.duration,
    loop: m.loop, src: m.currentSrc, controls: m.controls, visible: M.visible(m),
    readyState: m.readyState, networkState: m.networkState, error: m.error ? m.error.code : null,
    audioBytes: m.webkitAudioDecodedByteCount,
  }));
}
"""

# The loudest sample of the media resource between two times, read by fetching and decoding
# it (Web Audio, offline: nothing plays); or why that could not be done. Only whether it reaches
# `silence` matters: the reading stops at the first sample that does. Most sound starts at once,
# and decoding costs in proportion to the bytes (a whole minute of speech: 0.3-0.7 s of the
# renderer's CPU), so the first PREFIX bytes are decoded first, as they come: a sample that
# reaches `silence` there, well inside the span (EDGE seconds from its ends, for a decoder that
# starts a cut file a few samples off), answers; anything else (nothing loud in the part, a
# format that cannot be decoded in part, such as an MP4 indexed at its end) is read from the
# whole, as before. A reading is kept in the document (both audio checks ask it of the same
# media: the resource is fetched and decoded once).
_PEAK = r"""
async ([src, start, end, maxBytes, silence]) => {
  const PREFIX = 65536, EDGE = 0.1;
  const key = JSON.stringify([src, start, end, maxBytes, silence]);
  if (!window.__a11yPeaks) Object.defineProperty(window, "__a11yPeaks", { value: new Map(), enumerable: false });
  if (window.__a11yPeaks.has(key)) return window.__a11yPeaks.get(key);
  // The loudest sample of decoded audio in [start, end] (seconds, less `edge` at each end), read
  // until one reaches silence.
  const loudest = (audio, edge) => {
    const from = Math.max(0, Math.floor((start + edge) * audio.sampleRate));
    const to = Math.min(audio.length, Math.ceil((end - edge) * audio.sampleRate));
    let peak = 0;
    for (let c = 0; c < audio.numberOfChannels && peak < silence; c++) {
      const data = audio.getChannelData(c);
      for (let i = from; i < to && peak < silence; i++) { const v = Math.abs(data[i]); if (v > peak) peak = v; }
    }
    return peak;
  };
  const decode = (bytes) => new OfflineAudioContext(1, 1, 44100).decodeAudioData(bytes);
  const joined = (chunks, size) => {
    const all = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) { all.set(c, at); at += c.length; }
    return all.buffer;
  };
  try {
    const response = await fetch(src);
    if (!response.ok) return { error: `fetching it gave HTTP ${response.status}` };
    const size = Number(response.headers.get("content-length") || 0);
    if (size > maxBytes) return { error: `it is too large to read (${Math.round(size / 1048576)} MB)` };
    const reader = response.body.getReader();
    const chunks = [];
    let got = 0, done = false;
    while (!done && got < PREFIX) {
      const part = await reader.read();
      if (part.done) done = true; else { chunks.push(part.value); got += part.value.length; }
    }
    if (!done) {
      let early = 0;
      try { early = loudest(await decode(joined(chunks, got)), EDGE); } catch (e) {}  // not decodable in part
      if (early >= silence) {
        reader.cancel().catch(() => {});
        window.__a11yPeaks.set(key, { peak: early });
        return { peak: early };
      }
      for (;;) {
        const part = await reader.read();
        if (part.done) break;
        chunks.push(part.value); got += part.value.length;
      }
    }
    const peak = loudest(await decode(joined(chunks, got)), 0);
    window.__a11yPeaks.set(key, { peak });
    return { peak };
  } catch (e) {
    return { error: `its audio could not be read (${String(e && e.message || e).slice(0, 120)})` };
  }
}
"""

# In a fresh tab: the media at `sel` is playing audibly.
_READY = r"""
async (sel) => {
  const end = performance.now() + 12000;  // generous: a loaded machine is slow to start media
  while (performance.now() < end) {
    const m = document.querySelector(sel);
    if (m && !m.paused && !m.muted && m.volume > 0) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}
"""

# After a click: the media at `sel` was paused, stopped, muted or turned down to nothing.
_SILENCED = r"""
async (sel) => {
  const end = performance.now() + 3000;
  while (performance.now() < end) {
    const m = document.querySelector(sel);
    if (!m || m.paused || m.muted || m.volume === 0) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}
"""

_CLOCK = re.compile(r"^(?:(\d+):)?(\d+):(\d+(?:\.\d*)?)$")


def _npt(value: str) -> float | None:
    """A Media Fragments normal-play-time value (seconds, or [h:]mm:ss[.frac]) in seconds."""
    value = value.strip()
    if value.startswith("npt:"):
        value = value[4:]
    if re.fullmatch(r"\d+(\.\d*)?|\.\d+", value):
        return float(value)
    m = _CLOCK.match(value)
    if m:
        return int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
    return None


def fragment_span(src: str) -> tuple[float, float | None]:
    """(start, end) from the temporal media fragment of a media URL (#t=10,20, #t=,5, #t=npt:10);
    (0, None) without one. end None: to the end of the resource."""
    if "#" not in src:
        return 0.0, None
    for part in src.split("#", 1)[1].split("&"):
        key, _, value = part.partition("=")
        if key != "t" or not value:
            continue
        first, _, second = unquote(value).partition(",")
        start = _npt(first) if first.strip() not in ("", "npt:") else 0.0
        end = _npt(second) if second else None
        if start is None or (second and end is None) or (end is not None and end <= start):
            return 0.0, None  # not a valid temporal fragment: the whole resource plays
        return start, end
    return 0.0, None


class AudioFinding:
    """What one autoplay media element does: `kind` is one of silent (muted, not playing, no
    sound), short (3 s or less), long (more than 3 s of sound), unknown (with `why`)."""

    def __init__(self, media: dict, kind: str, why: str = "", seconds: float | None = None):
        self.media, self.kind, self.why, self.seconds = media, kind, why, seconds


async def autoplay_findings(frame) -> list[AudioFinding]:
    out = []
    for media in await evaluate(frame, _MEDIA_STATE, 6000):
        out.append(await _judge(frame, media))
    return out


async def _judge(frame, m: dict) -> AudioFinding:
    if m["muted"] or m["volume"] == 0:
        return AudioFinding(m, "silent")
    if m["error"] or m["networkState"] == 3:
        return AudioFinding(m, "unknown", "the media could not be loaded, so what it plays is unknown")
    if m["paused"] and not m["played"]:
        if m["readyState"] < 3:
            return AudioFinding(m, "unknown", "the media had not loaded enough to start playing within 6 s")
        return AudioFinding(m, "silent")  # the page stopped it before it played
    duration = m["duration"]
    if duration is None or duration != duration:  # NaN: no metadata
        return AudioFinding(m, "unknown", "the media's duration is not known")
    start, end = fragment_span(m["src"])
    end = duration if end is None else min(end, duration)
    seconds = float("inf") if m["loop"] or duration == float("inf") else max(0.0, end - start)
    if seconds <= MAX_SILENT_SECONDS:
        return AudioFinding(m, "short", seconds=seconds)
    if m["audioBytes"] == 0 and m["currentTime"] > 0.5:
        return AudioFinding(m, "silent")  # it has played for a while and decoded no audio: no track
    sample_end = end if seconds != float("inf") else duration
    peak = await frame.evaluate(_PEAK, [m["src"], start, sample_end, MAX_FETCH_BYTES, SILENCE])
    if "error" in peak:
        return AudioFinding(m, "unknown", f"whether the media has sound could not be read: {peak['error']}")
    if peak["peak"] < SILENCE:
        return AudioFinding(m, "silent")
    return AudioFinding(m, "long", seconds=seconds)


def _length(seconds: float) -> str:
    return "in a loop" if seconds == float("inf") else f"for {seconds:.0f} seconds"


def _plays(f: AudioFinding) -> str:
    if f.media["detached"]:
        return (f"audio plays by itself {_length(f.seconds)} from an {f.media['html']} a script made and played, "
                "not in the page")
    return f"the media plays sound by itself {_length(f.seconds)}"


class AudioAutoplayControl(Check):
    """1.4.2 Audio Control: autoplaying audio of more than 3 s has a control to pause or mute it."""

    id = "audio-autoplay-control"
    present = MEDIA
    init_script = PLAYED_SCRIPT
    time_limit = 45.0

    async def run(self, ctx: CheckContext) -> CheckOutcome:
        deadline = time.monotonic() + ctx.timeout
        failed, unsure, applied = [], [], False
        for frame in ctx.page.frames:
            if frame.is_detached():
                continue
            for f in await autoplay_findings(frame):
                if f.kind == "unknown":
                    unsure.append((await target_in(frame, f.media["selector"]), f.media["html"], f.why))
                if f.kind != "long":
                    applied = applied or f.kind == "short"
                    continue
                applied = True
                verdict, why = await self._control(ctx, frame, f, deadline)
                target = await target_in(frame, f.media["selector"])
                if verdict == FAILED:
                    failed.append(node(target, f.media["html"], why))
                elif verdict == CANT_TELL:
                    unsure.append((target, f.media["html"], why))
        if failed:
            return CheckOutcome(FAILED, failed, failed[0].summary)
        if unsure:
            return CheckOutcome(CANT_TELL, [node(t, h, w) for t, h, w in unsure], unsure[0][2])
        return CheckOutcome(PASSED if applied else INAPPLICABLE)

    async def _control(self, ctx, frame, f: AudioFinding, deadline: float) -> tuple[str, str]:
        plays = _plays(f)
        if f.media["controls"] and f.media["visible"]:
            return PASSED, ""
        if f.media["detached"]:  # no element to find again in a fresh tab: controls judged by their names only
            controls = []
            for other in ctx.page.frames:
                if not other.is_detached():
                    controls += await find_instruments(other, None, CONTROL_WORDS)
            trial = Trial(None, 0, [i for i in controls if i["plausible"]], len(controls))
        else:
            trial = await try_instruments(ctx, frame, f.media["selector"], CONTROL_WORDS, _READY, _SILENCED,
                                          f.media["selector"], deadline)
        if trial.found:
            return PASSED, ""
        if trial.none_could:
            return FAILED, trial.nothing_could(plays, "pause, stop or mute it")
        why = [f"of the controls that could be meant to pause or mute it, {trial.tried} tried in a fresh tab did "
               "not"] if trial.tried else []
        why += [trial.not_tried("audio from an element not in the page cannot be followed into a fresh tab"
                                if f.media["detached"] else "")] if trial.untried else []
        return CANT_TELL, f"{plays}; {'; '.join(why)}: check by hand"


class AudioAutoplayShort(Check):
    """ACT aaa1bf (a best practice: G60): autoplaying audio stops within 3 seconds."""

    id = "audio-autoplay-short"
    present = MEDIA
    init_script = PLAYED_SCRIPT
    time_limit = 30.0

    async def run(self, ctx: CheckContext) -> CheckOutcome:
        failed, unsure, applied = [], [], False
        for frame in ctx.page.frames:
            if frame.is_detached():
                continue
            for f in await autoplay_findings(frame):
                target = await target_in(frame, f.media["selector"])
                if f.kind == "long":
                    failed.append(node(target, f.media["html"], f"{_plays(f)}, more than 3 seconds"))
                elif f.kind == "unknown":
                    unsure.append(node(target, f.media["html"], f.why))
                applied = applied or f.kind in ("long", "short")
        if failed:
            return CheckOutcome(FAILED, failed, failed[0].summary)
        if unsure:
            return CheckOutcome(CANT_TELL, unsure, unsure[0].summary)
        return CheckOutcome(PASSED if applied else INAPPLICABLE)
