"""audio-autoplay-control (ACT 80f0bf, 4c31df) and audio-autoplay-short (ACT aaa1bf) in a real
Chromium, on pages whose media are WAV files written here (a sine tone, or silence)."""
import math
import shutil
import struct
import wave
from pathlib import Path

import pytest

from a11y.checks.audio_autoplay import fragment_span
from a11y.engines.base import PageTarget
from a11y.engines.checks import ChecksEngine
from tests.checks.support import CHECK_FIXTURES, PAGE_TIMEOUT, check_by_id, run_check, targets

FIXTURES = CHECK_FIXTURES / "audio-autoplay"
RATE = 8000


def write_wav(path: Path, seconds: float, loud: bool) -> None:
    frames = b"".join(struct.pack("<h", int(12000 * math.sin(2 * math.pi * 440 * i / RATE)) if loud else 0)
                      for i in range(int(seconds * RATE)))
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(frames)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("audio")
    for page in FIXTURES.glob("*.html"):
        shutil.copy(page, root / page.name)
    write_wav(root / "tone-10s.wav", 10, loud=True)
    write_wav(root / "tone-2s.wav", 2, loud=True)
    write_wav(root / "silence-10s.wav", 10, loud=False)
    return root


@pytest.fixture
def base(serve, site):
    return serve(site)


@pytest.mark.parametrize("page, why", [
    ("fail-no-control.html", "for 10 seconds, and the page has no visible, named control"),
    ("fail-loop.html", "in a loop, and the page has no visible, named control"),
    ("fail-hidden-control.html", "for 10 seconds, and the page has no visible, named control"),
])
def test_long_autoplaying_sound_without_a_control_fails(browser_loop, base, page, why):
    outcome = run_check(browser_loop, "audio-autoplay-control", base + page)
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#tune"]]
    assert why in outcome.nodes[0].summary


def test_native_controls_pass(browser_loop, base):
    assert run_check(browser_loop, "audio-autoplay-control", base + "pass-native-controls.html").outcome == "passed"


def test_a_mute_button_is_shown_to_work_in_a_fresh_tab_and_the_page_keeps_playing(browser_loop, base):
    check = check_by_id("audio-autoplay-control")

    async def go(browser):
        context = await browser.new_context()
        page = await context.new_page()
        try:
            await page.goto(base + "pass-mute-button.html", wait_until="load")
            outcome = await ChecksEngine.run_one(check, PageTarget(page=page, timeout=PAGE_TIMEOUT),
                                                  check.time_limit)
            # (the 10 s tone may have ended by now on a loaded machine: ended is not paused by us)
            state = await page.evaluate("() => [tune.paused && !tune.ended, tune.muted, document.activeElement.localName]")
            return outcome, state, [p.url for p in context.pages if p is not page]
        finally:
            await context.close()

    outcome, state, tabs = browser_loop.call(go)
    assert outcome.outcome == "passed", outcome.reason
    assert state == [False, False, "body"]  # the button was clicked elsewhere, not on this page
    # and the tab it was clicked in was given back: closed, or blank and kept for the next copy
    assert tabs in ([], ["about:blank"])


def test_a_control_that_does_nothing_needs_review(browser_loop, base):
    outcome = run_check(browser_loop, "audio-autoplay-control", base + "review-control-does-nothing.html")
    assert outcome.outcome == "cantTell"
    assert targets(outcome) == [["#tune"]]
    assert "1 tried in a fresh tab did not" in outcome.reason


def test_media_that_cannot_load_needs_review(browser_loop, base):
    for check_id in ("audio-autoplay-control", "audio-autoplay-short"):
        outcome = run_check(browser_loop, check_id, base + "review-missing-media.html")
        assert outcome.outcome == "cantTell", check_id
        assert outcome.reason == "the media could not be loaded, so what it plays is unknown"


def test_three_seconds_or_less_passes_counting_media_fragments(browser_loop, base):
    for check_id in ("audio-autoplay-control", "audio-autoplay-short"):
        assert run_check(browser_loop, check_id, base + "pass-short.html").outcome == "passed", check_id


@pytest.mark.parametrize("page", ["inapplicable-muted.html", "inapplicable-silent.html",
                                  "inapplicable-no-autoplay.html"])
def test_muted_silent_or_not_autoplaying_media_is_inapplicable(browser_loop, base, page):
    for check_id in ("audio-autoplay-control", "audio-autoplay-short"):
        outcome = run_check(browser_loop, check_id, base + page)
        assert outcome.outcome == "inapplicable", (check_id, outcome.reason)


def test_the_short_rule_fails_long_sound_even_with_controls(browser_loop, base):
    outcome = run_check(browser_loop, "audio-autoplay-short", base + "pass-native-controls.html")
    assert outcome.outcome == "failed"
    assert targets(outcome) == [["#tune"]]
    assert outcome.nodes[0].summary == "the media plays sound by itself for 10 seconds, more than 3 seconds"


@pytest.mark.parametrize("src, span", [
    ("a.mp3", (0.0, None)), ("a.mp3#t=25", (25.0, None)), ("v.mp4#t=8,10", (8.0, 10.0)),
    ("v.mp4#t=,5", (0.0, 5.0)), ("v.mp4#t=npt:1:02.5", (62.5, None)), ("v.mp4#x=1&t=0:00:03,0:00:04", (3.0, 4.0)),
    ("v.mp4#t=10,5", (0.0, None)), ("v.mp4#t=abc", (0.0, None)), ("v.mp4#xywh=1,2,3,4", (0.0, None)),
])
def test_fragment_span(src, span):
    assert fragment_span(src) == span
