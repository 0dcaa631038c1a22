"""text-contrast-rendered hides the text for the picture of what lies under it with a sheet that
names first letters and lines only where a style sheet could style them apart (_contrast.js
out.firstRules): otherwise they take the hidden fill from their element, and naming them has the
browser lay the whole page out again. A first letter a rule colours apart, in the document's
sheets or in an open shadow root's, is hidden all the same, and measured."""
import pytest

from tests.checks.support import run_check, targets
from tests.checks.written_pages import written

pytestmark = pytest.mark.browser

# Dark text on a light gradient (so measured from pixels) whose first letter a rule colours pale.
STYLE = ("p { font: 24px sans-serif; padding: 4px; color: #111111;"
         " background: linear-gradient(90deg, #ffffff, #f4f4f4); }"
         " p::first-letter { color: #d8d8d8; }")


def page(body: str, style: str = "") -> str:
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>'
            f"<style>body {{ margin: 8px }} {style}</style></head><body><main>{body}</main></body></html>")


SHADOW = ("<div id='host'></div><script>"
          "const root = document.getElementById('host').attachShadow({mode: 'open'});"
          f"root.innerHTML = `<style>{STYLE}</style><p id='subject'>Wonderful offers inside</p>`;"
          "</script>")
PAGES = {
    "document.html": page("<p id='subject'>Wonderful offers inside</p>", STYLE),
    "shadow.html": page(SHADOW),
    "plain.html": page("<p id='subject'>Wonderful offers inside</p>", STYLE.split(" p::first-letter")[0]),
}
base = written(PAGES)


@pytest.mark.parametrize("name", ["document", "shadow"])
def test_a_first_letter_filled_pale_by_a_rule_is_measured(browser_loop, base, name):
    outcome = run_check(browser_loop, "text-contrast-rendered", base + f"{name}.html")
    # Its pale pixels are the text's, hidden in the picture of what lies under it: not passed
    # over as background.
    assert outcome.outcome in ("failed", "cantTell"), outcome.reason
    assert targets(outcome) and targets(outcome)[0][-1] == "#subject", [n.summary for n in outcome.nodes]


def test_without_such_a_rule_the_dark_text_on_a_gradient_passes(browser_loop, base):
    outcome = run_check(browser_loop, "text-contrast-rendered", base + "plain.html")
    assert (outcome.outcome, targets(outcome)) == ("passed", []), (outcome.reason, [n.summary for n in outcome.nodes])
