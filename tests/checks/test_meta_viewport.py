"""meta-viewport-allows-zoom (ACT b4f0c3): the viewport meta element read as Chromium reads it."""
import pytest

from a11y.checks.meta_viewport import viewport_properties, zoom_blocked
from tests.checks.support import run_check, served

CHECK = "meta-viewport-allows-zoom"
base = served(CHECK)


@pytest.mark.parametrize("content, properties", [
    ("width=device-width, initial-scale=1", {"width": "device-width", "initial-scale": "1"}),
    ("width = device-width ;Maximum-Scale=2", {"width": "device-width", "maximum-scale": "2"}),
    ("user-scalable no", {"user-scalable": ""}),  # no '=' before the end: an empty value
    ("user-scalable, maximum-scale=1", {"user-scalable": "", "maximum-scale": "1"}),  # a comma ends a pair
    ("maximum-scale=1 maximum-scale=3", {"maximum-scale": "3"}),  # the last value counts
    ("", {}), (" , ; ", {}),
])
def test_content_is_split_as_chromium_splits_it(content, properties):
    assert viewport_properties(content) == properties


@pytest.mark.parametrize("content", [
    "user-scalable=no", "user-scalable=NO", "user-scalable=0", "user-scalable=0.5", "user-scalable=-0.9",
    "user-scalable=invalid", "user-scalable", "maximum-scale=1.0", "maximum-scale=1.99", "maximum-scale=yes",
    "maximum-scale=no", "maximum-scale=invalid", "maximum-scale=0", "maximum-scale=1.5abc",
    "user-scalable=yes, maximum-scale=1.5",
])
def test_contents_that_keep_people_from_zooming_to_200_percent(content):
    assert zoom_blocked(content)


@pytest.mark.parametrize("content", [
    "user-scalable=yes", "user-scalable=1", "user-scalable=5", "user-scalable=-1", "user-scalable=device-width",
    "maximum-scale=2", "maximum-scale=2.0", "maximum-scale=6", "maximum-scale=-1", "maximum-scale=device-height",
    "maximum-scale=.2e1", "width=device-width, user-scalable=yes, maximum-scale=5",
])
def test_contents_that_let_people_zoom(content):
    assert zoom_blocked(content) is None


@pytest.mark.parametrize("content", ["width=device-width", "initial-scale=1, minimum-scale=1", ""])
def test_contents_without_the_two_properties_are_not_targets(content):
    with pytest.raises(LookupError):
        zoom_blocked(content)


@pytest.mark.parametrize("page, targets, why", [
    ("fail-user-scalable-no.html", [["meta:nth-child(3)"]], "user-scalable=no turns zooming off"),
    ("fail-maximum-scale.html", [["meta:nth-child(3)"]], "maximum-scale=1.5 stops zoom at 150%"),
    ("fail-second-of-two.html", [["#second"]], "user-scalable=0.5 turns zooming off"),
])
def test_a_viewport_that_stops_zoom_fails(browser_loop, base, page, targets, why):
    outcome = run_check(browser_loop, CHECK, base + page)
    assert outcome.outcome == "failed", outcome.reason
    assert [n.target for n in outcome.nodes] == targets
    assert why in outcome.nodes[0].summary


@pytest.mark.parametrize("page", ["pass-zoom-allowed.html", "pass-negative-maximum.html"])
def test_a_viewport_that_allows_zoom_passes(browser_loop, base, page):
    assert run_check(browser_loop, CHECK, base + page).outcome == "passed"


@pytest.mark.parametrize("page", ["inapplicable-width-only.html", "inapplicable-viewport-in-frame.html"])
def test_no_viewport_that_could_limit_zoom_is_inapplicable(browser_loop, base, page):
    outcome = run_check(browser_loop, CHECK, base + page)
    assert outcome.outcome == "inapplicable", [n.summary for n in outcome.nodes]
