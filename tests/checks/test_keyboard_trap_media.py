"""no-keyboard-trap on pages whose only activity is media playing, in real Chromium, through the
checks engine: playing media runs no script by itself, so such a page is probed with made-up
keys (_key_probe.py) rather than walked, and a script that does answer Tab is still walked."""
from __future__ import annotations

import pytest

from a11y.checks.base import CheckContext
from a11y.checks.keyboard_trap import KEYS_IGNORE_TAB
from tests.browser_loop import open_page
from tests.checks.support import PAGE_TIMEOUT, check_by_id, run_check
from tests.checks.test_audio_autoplay import write_wav

pytestmark = pytest.mark.browser

# A sound that plays for as long as the test runs, and video without controls (Chromium reads
# its tabIndex as 0 but does not focus it).
MEDIA = ("<audio src='tone.wav' autoplay loop></audio>"
         "<video id='clip' autoplay muted loop width='80' height='60'></video>")
PAGES = {
    "links.html": f"<a href='#a'>Before</a> {MEDIA} <a href='#b'>After</a>",
    "nothing-focusable.html": f"<p>Listen.</p>{MEDIA}",
    # The toolbar of fail-keydown-trap.html, with media playing: the probe sees Tab stopped.
    "keydown-trap.html": f"""<a href="#a">Before</a>{MEDIA}
<div id="bar"><button id="t1">Bold</button> <button id="t2">Italic</button></div>
<a href="#b">After</a>
<script>
  const buttons = [...document.querySelectorAll('#bar button')];
  document.getElementById('bar').addEventListener('keydown', (event) => {{
    if (event.key !== 'Tab') return;
    event.preventDefault();
    const i = buttons.indexOf(document.activeElement);
    buttons[(i + (event.shiftKey ? buttons.length - 1 : 1)) % buttons.length].focus();
  }});
</script>""",
    # An error listener could run a script while the media plays (no key press needed): walked.
    "error-listener.html": f"""<a href="#a">Before</a>{MEDIA}<a href="#b">After</a>
<script>document.querySelector('audio').addEventListener('error', () => {{}});</script>""",
}


@pytest.fixture
def base(serve, tmp_path):
    write_wav(tmp_path / "tone.wav", 5, loud=True)
    for name, body in PAGES.items():
        (tmp_path / name).write_text(f"<!doctype html><html lang='en'><title>{name}</title><body>{body}</body></html>")
    return serve(tmp_path)


def test_a_page_whose_only_activity_is_media_playing_is_probed_not_walked(browser_loop, base):
    # The page has no script at all: it reaches the probe only because its sound is playing.
    result = run_check(browser_loop, "no-keyboard-trap", base + "links.html")
    assert (result.outcome, result.reason) == ("passed", KEYS_IGNORE_TAB)


def test_media_without_controls_is_not_counted_as_focusable(browser_loop, base):
    result = run_check(browser_loop, "no-keyboard-trap", base + "nothing-focusable.html")
    assert result.outcome == "inapplicable", result.reason


@pytest.mark.parametrize(("name", "outcome"), [("links.html", "passed"), ("nothing-focusable.html", "inapplicable")])
def test_the_walk_agrees_on_those_pages(browser_loop, base, name, outcome):
    check = check_by_id("no-keyboard-trap")

    async def go(browser):
        page = await open_page(browser, base + name, init_scripts=[check.init_script])
        try:
            return await check.walk(CheckContext(page=page, timeout=PAGE_TIMEOUT, memo={}))
        finally:
            await page.context.close()

    assert browser_loop.call(go).outcome == outcome


def test_media_playing_does_not_let_a_script_that_keeps_tab_skip_the_walk(browser_loop, base):
    result = run_check(browser_loop, "no-keyboard-trap", base + "keydown-trap.html")
    assert result.outcome == "failed", result.reason
    assert sorted(n.target for n in result.nodes) == [["#t1"], ["#t2"]]


def test_media_playing_with_an_error_listener_is_walked(browser_loop, base):
    result = run_check(browser_loop, "no-keyboard-trap", base + "error-listener.html")
    assert (result.outcome, result.reason) == ("passed", "")
