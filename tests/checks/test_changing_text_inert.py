"""changing-text-pausable on pages that only their media keep busy, in a real Chromium: a page no
script could change is not watched (nothing could be seen), and one whose script answers the media
(a time shown as it plays) still is, however the script left its handler."""
import pytest

from a11y.serve import serve_directory
from tests.checks.support import run_check, targets
from tests.checks.test_audio_autoplay import write_wav

CHECK = "changing-text-pausable"
PAGE = ("<!doctype html><html lang='en'><title>Tune</title><main><h1>A tune</h1>"
        "<audio id='tune' src='tone-10s.wav' autoplay></audio>"
        "<p>A tune plays for ten seconds: <span id='time'>0</span> s.</p>{script}</main></html>")
# A script that shows the tune's time as it plays, set up in the ways a page may leave it: a
# listener, a handler property (by a script that then takes itself out of the page), an attribute.
SHOWS_TIME = {
    "listener": "<script>tune.addEventListener('timeupdate', () => { time.textContent = Math.floor(tune.currentTime); });"
                "</script>",
    "property, script gone": "<script id='s'>tune.ontimeupdate = () => { time.textContent = Math.floor(tune.currentTime); };"
                             " s.remove();</script>",
}


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """The pages and their tune, served."""
    root = tmp_path_factory.mktemp("inert")
    write_wav(root / "tone-10s.wav", 10, loud=True)
    pages = {"still.html": PAGE.format(script=""),
             "time-attribute.html": PAGE.format(script="").replace(
                 "autoplay>", "autoplay ontimeupdate='time.textContent = Math.floor(this.currentTime)'>")}
    pages.update({f"time-{i}.html": PAGE.format(script=script) for i, script in enumerate(SHOWS_TIME.values())})
    # The same in a frame: one without script, and one whose script shows the time in the page around it.
    pages["framed.html"] = PAGE.format(script="<iframe src='still.html' title='Tune'></iframe>")
    pages["ticker.html"] = ("<!doctype html><title>Ticker</title><script>let n = 0;"
                            " setInterval(() => { parent.time.textContent = ++n; }, 1000);</script>")
    pages["time-from-frame.html"] = PAGE.format(script="<iframe src='ticker.html' title='Ticker'></iframe>")
    for name, html in pages.items():
        (root / name).write_text(html, encoding="utf-8")
    with serve_directory(root) as url:
        yield url


@pytest.mark.parametrize("page", ["still.html", "framed.html"])
def test_a_page_that_only_plays_media_and_has_no_script_is_not_watched(browser_loop, base, page):
    outcome = run_check(browser_loop, CHECK, base + page)
    assert outcome.outcome == "inapplicable", outcome.reason
    assert "nothing in the page could change its text by itself" in outcome.reason


@pytest.mark.parametrize("page", ["time-0.html", "time-1.html", "time-attribute.html", "time-from-frame.html"])
def test_a_time_shown_by_a_script_as_the_media_plays_is_still_watched(browser_loop, base, page):
    # The time changes every second for ten seconds: more than 5 s, and nothing on the page stops it.
    outcome = run_check(browser_loop, CHECK, base + page)
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#time"]]
    assert "kept changing by itself for more than 5 s" in outcome.reason
