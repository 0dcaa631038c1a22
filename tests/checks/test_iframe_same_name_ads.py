"""iframe-same-name-equivalent (ACT 4b1c6c): a shared name that only names a kind of content."""
import pytest

from a11y.checks.iframe_same_name import generic
from tests.checks.support import run_check, served, targets

base = served("iframe-same-name-equivalent")


def test_two_advertisements_with_no_word_in_common_need_review(browser_loop, base):
    outcome = run_check(browser_loop, "iframe-same-name-equivalent", base + "review-advertisements.html")
    assert outcome.outcome == "cantTell", outcome.reason
    assert targets(outcome) == [["#ad1"], ["#ad2"]]
    assert "the name says only what kind of content they hold" in outcome.reason


@pytest.mark.parametrize("name, kind_only", [
    ("Advertisement", True), ("3rd party ad content", True), ("YouTube video player", True), ("Google Maps", True),
    ("Embedded content", True), ("List of contributors", False), ("Opening hours", False), ("Map of the campus", False),
])
def test_names_that_name_a_kind_of_content(name, kind_only):
    assert generic(name) is kind_only
