"""page-language-matches (3.1.1) and element-language-matches (3.1.2) on retired language codes (iw, in,
ji, jw, mo), read as the IANA registry's preferred ones, in a real Chromium with the real identifier."""
import pytest

from a11y.checks import _language
from tests.checks.support import run_check, served, targets

base = served("page-language-matches")
parts = served("element-language-matches")


def test_deprecated_subtags_map_to_the_registry_preferred_values_and_others_stay():
    assert [_language.preferred(c) for c in ("iw", "in", "ji", "jw", "mo", "he", "en", "sh")] == \
        ["he", "id", "yi", "jv", "ro", "he", "en", "sh"]


@pytest.mark.parametrize("name", ["pass-retired-iw-hebrew.html", "pass-retired-in-indonesian.html",
                                  "pass-retired-mo-romanian.html", "pass-retired-jw-javanese.html"])
def test_a_page_declared_with_a_retired_code_is_read_as_its_language(browser_loop, base, name):
    outcome = run_check(browser_loop, "page-language-matches", base + name)
    assert outcome.outcome == "passed", outcome.reason


def test_a_retired_code_on_text_in_another_language_fails_as_its_preferred_language(browser_loop, base):
    outcome = run_check(browser_loop, "page-language-matches", base + "fail-retired-iw-on-english.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["html"]]
    assert "not as the declared he" in outcome.reason


def test_a_retired_code_for_a_language_the_identifier_does_not_know_says_both_codes(browser_loop, base):
    outcome = run_check(browser_loop, "page-language-matches", base + "review-retired-ji-yiddish.html")
    assert (outcome.outcome, outcome.reason) == \
        ("cantTell", "the language identifier does not know 'ji' (now 'yi')")


def test_passages_marked_with_retired_codes_are_read_as_their_languages(browser_loop, parts):
    outcome = run_check(browser_loop, "element-language-matches", parts + "pass-retired-codes.html")
    assert outcome.outcome == "passed", outcome.reason
    assert outcome.reason == "3 passage(s) read as their declared language"
