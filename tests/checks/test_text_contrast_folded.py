"""text-contrast-rendered / -enhanced leave out text that is laid out but not drawn (a closed
<details>' content, hidden="until-found"), in a real Chromium."""
import pytest

from tests.checks.support import run_check, served

CHECK = "text-contrast-rendered"
pytestmark = pytest.mark.browser
base = served(CHECK)


@pytest.mark.parametrize("check", ["text-contrast-rendered", "text-contrast-enhanced"])
def test_text_folded_away_is_not_measured(browser_loop, base, check):
    # The folded links keep boxes over the paragraphs: measured from pixels there, they were left
    # for review ("the glyphs are too thin..."), and the pale hidden text would fail.
    outcome = run_check(browser_loop, check, base + "pass-folded-away.html")
    assert outcome.outcome == "passed", (outcome.reason, [(n.target, n.summary) for n in outcome.nodes])
    # The summary and the eight paragraphs; nothing of the menu.
    assert outcome.reason.startswith("the text of 9 element(s) has enough contrast"), outcome.reason
