"""audio-autoplay-control and audio-autoplay-short (WCAG 1.4.2; ACT 80f0bf, aaa1bf): navigation
links cannot mute the sound, and audio a script plays from an element not in the page is
judged, in a real Chromium."""
import shutil

import pytest

from tests.checks.support import CHECK_FIXTURES, run_check, targets
from tests.checks.test_audio_autoplay import write_wav


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("audio-links")
    for page in (CHECK_FIXTURES / "audio-autoplay").glob("*.html"):
        shutil.copy(page, root / page.name)
    write_wav(root / "tone-10s.wav", 10, loud=True)
    return root


@pytest.fixture
def base(serve, site):
    return serve(site)


def test_hidden_looping_audio_with_only_a_link_home_fails(browser_loop, base):
    outcome = run_check(browser_loop, "audio-autoplay-control", base + "fail-navigation-only.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#tune"]]
    assert "none of the page's 1 visible, named control(s) could pause, stop or mute it" in outcome.reason
    assert "0 tried" not in outcome.reason


def test_audio_a_script_plays_from_an_element_not_in_the_page_is_judged(browser_loop, base):
    control = run_check(browser_loop, "audio-autoplay-control", base + "fail-script-audio.html")
    assert control.outcome == "failed", control.reason
    assert "a script made and played, not in the page" in control.reason
    assert "the page has no visible, named control" in control.reason
    short = run_check(browser_loop, "audio-autoplay-short", base + "fail-script-audio.html")
    assert short.outcome == "failed", short.reason
    assert "for 10 seconds" in short.reason and "more than 3 seconds" in short.reason


def test_script_audio_with_a_mute_button_needs_review(browser_loop, base):
    # The button is not tried: an element outside the page cannot be found again in a fresh tab.
    outcome = run_check(browser_loop, "audio-autoplay-control", base + "review-script-audio-with-mute.html")
    assert outcome.outcome == "cantTell", outcome.reason
    assert "(\u201cMute music\u201d) were not tried" in outcome.reason
