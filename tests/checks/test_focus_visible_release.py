"""focus-visible-indicator holds the page's animations still while it pictures an element, and
puts every one back afterwards: in the page, and in each frame inside it (a real Chromium). What it
held is kept in the document between the two calls, and nothing of it is left behind."""
import pytest

from tests.checks.support import run_check_and_look
from tests.checks.written_pages import written

CHECK = "focus-visible-indicator"

pytestmark = pytest.mark.browser

SPINNER = ("<style>@keyframes spin { to { transform: rotate(360deg) } } a:focus { outline: none }"
           " .spinner { position: absolute; left: 600px; top: 300px; width: 40px; height: 40px;"
           " border: 4px solid #ccc; border-top-color: #333; animation: spin 1s linear infinite }</style>"
           "<div class=spinner></div>")
PAGES = {
    "spinner.html": f"<!DOCTYPE html><title>Spinner</title>{SPINNER}<a id=l1 href=a.html>Applications</a>",
    # The link without an indicator is in a frame with a spinner of its own, beside the page's.
    "framed-spinner.html": ("<!DOCTYPE html><title>Framed</title>"
                            f"{SPINNER}<iframe id=f src=spinner.html width=700 height=400></iframe>"),
}

base = written(PAGES)

# Every running animation's playback rate, in the document and the frame, and whether anything of
# the hold is left in either.
AFTER = """() => {
  const rates = (w) => w.document.getAnimations().map((a) => a.playbackRate);
  const frame = document.getElementById('f');
  const docs = [window, ...(frame ? [frame.contentWindow] : [])];
  return {rates: docs.flatMap(rates), left: docs.some((w) => '__a11yHeld' in w)};
}"""


@pytest.mark.parametrize("name", ["spinner.html", "framed-spinner.html"])
def test_the_animations_held_while_an_element_is_pictured_run_again_afterwards(browser_loop, base, name):
    outcome, after, _ = run_check_and_look(browser_loop, CHECK, base + name, AFTER)
    assert outcome.outcome == "failed", outcome.reason  # judged in full: the link shows no focus
    assert after["rates"] and set(after["rates"]) == {1}
    assert after["left"] is False
