"""audio-autoplay-short and -control read whether media has sound from its first bytes first
(audio_autoplay._PEAK: a sample loud enough well inside the span answers), else from the whole
resource: sound that starts late is still found, and sound outside the span still does not count.
WAV files written here, served from a temporary folder, in a real Chromium."""
import math
import struct
import wave
from pathlib import Path

import pytest

from a11y.serve import serve_directory
from tests.checks.support import run_check, targets

RATE = 8000  # 16-bit mono: 16 kB a second, so the first 64 kB read first are 4 seconds


def write_wav(path: Path, parts: list[tuple[float, bool]]) -> None:
    """Spans of (seconds, loud): a 440 Hz tone or silence."""
    frames = []
    for seconds, loud in parts:
        frames += [int(12000 * math.sin(2 * math.pi * 440 * i / RATE)) if loud else 0 for i in range(int(seconds * RATE))]
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(b"".join(struct.pack("<h", f) for f in frames))


PAGE = """<!DOCTYPE html><html lang="en"><head><title>{title}</title></head><body><main><h1>{title}</h1>
<audio id="tune" src="{src}" autoplay></audio><p>Sound, perhaps.</p></main></body></html>"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("audio-prefix")
    write_wav(root / "late-tone.wav", [(7, False), (3, True)])  # silent well past the first 64 kB
    write_wav(root / "early-tone.wav", [(1, True), (9, False)])  # sound only before the fragment's start
    (root / "late.html").write_text(PAGE.format(title="Late sound", src="late-tone.wav"), encoding="utf-8")
    (root / "outside.html").write_text(PAGE.format(title="Sound outside the clip", src="early-tone.wav#t=2"),
                                       encoding="utf-8")
    with serve_directory(root) as url:
        yield url


def test_sound_that_starts_after_the_first_bytes_is_found_in_the_whole(browser_loop, site):
    outcome = run_check(browser_loop, "audio-autoplay-short", f"{site}late.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#tune"]]
    outcome = run_check(browser_loop, "audio-autoplay-control", f"{site}late.html")
    assert outcome.outcome == "failed", outcome.reason


def test_sound_before_the_media_fragment_s_start_is_not_the_clip_s(browser_loop, site):
    for check_id in ("audio-autoplay-short", "audio-autoplay-control"):
        outcome = run_check(browser_loop, check_id, f"{site}outside.html")
        assert outcome.outcome == "inapplicable", (check_id, outcome.reason)
