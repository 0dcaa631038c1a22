"""page-language-matches (WCAG 3.1.1, ACT ucwvc8) and element-language-matches (3.1.2, off6ek) in a
real Chromium with the real identifier (py3langid)."""
import pytest

from a11y.checks import _language
from a11y.checks.page_language import primary_subtag
from tests.checks.support import run_check, served, targets

base = served("page-language-matches")


def test_spanish_text_under_lang_en_fails(browser_loop, base):
    outcome = run_check(browser_loop, "page-language-matches", base + "fail-spanish.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["html"]]
    assert outcome.reason.startswith("the text reads as es (")


@pytest.mark.parametrize("name", ["pass-english.html", "pass-passage-marked.html"])
def test_text_in_the_declared_language_passes(browser_loop, base, name):
    """A region subtag (en-GB) is fine; a passage with a lang of its own is that passage's business."""
    outcome = run_check(browser_loop, "page-language-matches", base + name)
    assert outcome.outcome == "passed", outcome.reason


@pytest.mark.parametrize("name, reason", [
    ("review-short.html", "too little text (3 words) to tell its language"),
    ("review-unknown-language.html", "the language identifier does not know 'chr'"),
    ("review-unknown-script.html", "the text is in cherokee script, whose languages the identifier does not know"),
])
def test_what_the_identifier_cannot_judge_is_left_for_review(browser_loop, base, name, reason):
    outcome = run_check(browser_loop, "page-language-matches", base + name)
    assert (outcome.outcome, outcome.reason) == ("cantTell", reason)
    assert targets(outcome) == [["html"]]


def test_a_page_in_two_languages_is_left_for_review(browser_loop, base):
    """Mostly Spanish under lang=en, but with English paragraphs: mixed, never a guess."""
    outcome = run_check(browser_loop, "page-language-matches", base + "review-mixed.html")
    assert outcome.outcome == "cantTell", outcome.reason
    assert outcome.reason.endswith("mixed languages")


@pytest.mark.parametrize("name", ["review-foreign-dish-names.html", "review-foreign-station-names.html"])
def test_short_lines_in_the_declared_language_make_foreign_names_mixed_languages(browser_loop, base, name):
    """An English menu of Italian dishes, an English timetable of German stations: the names
    outweigh the English, whose lines are each too short to read alone; read together they are
    English, so the page is not failed (with them left out, the whole text reads as Italian or
    German and the check would fail it)."""
    outcome = run_check(browser_loop, "page-language-matches", base + name)
    assert outcome.outcome == "cantTell", outcome.reason
    assert outcome.reason.endswith("some of it as en: mixed languages"), outcome.reason


@pytest.mark.parametrize("name, reason", [
    ("inapplicable-no-lang.html", "the page declares no language"),
    ("inapplicable-grandfathered.html", "lang='i-klingon' has no known primary language subtag"),
    ("inapplicable-all-marked.html", "no text takes its language from the html element"),
])
def test_inapplicable(browser_loop, base, name, reason):
    outcome = run_check(browser_loop, "page-language-matches", base + name)
    assert (outcome.outcome, outcome.reason) == ("inapplicable", reason)


@pytest.mark.parametrize("lang, primary", [
    ("en", "en"), ("EN", "en"), ("en-GB", "en"), ("zh-Hant-TW", "zh"), ("fil", "fil"),
    ("i-lux", None), ("x-private", None), ("english", None), ("", None), ("en_GB", None),
])
def test_primary_subtag(lang, primary):
    assert primary_subtag(lang) == primary


def test_verdict_fails_only_when_sure():
    assert _language.verdict("da", {"en": 0.99, "da": 0.001})[0] == "failed"
    assert _language.verdict("da", {"en": 0.90, "da": 0.001})[0] == "cantTell"  # not sure enough
    assert _language.verdict("da", {"en": 0.96, "da": 0.02})[0] == "cantTell"  # da not unlikely enough
    assert _language.verdict("fr", {"en": 0.49, "fr": 0.29})[0] == "passed"  # fr plausible
    assert _language.verdict("nb", {"no": 0.99, "da": 0.01})[0] == "passed"  # the same language
    mixed = _language.verdict("en", {"es": 0.99, "en": 0.005}, [{"es": 0.99}, {"en": 0.97}])
    assert mixed[0] == "cantTell"


# --- element-language-matches (WCAG 3.1.2, ACT off6ek) ------------------------------------------

parts = served("element-language-matches")


def test_a_passage_marked_with_the_wrong_language_fails(browser_loop, parts):
    outcome = run_check(browser_loop, "element-language-matches", parts + "fail-wrong-lang.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["body > blockquote"]]
    assert outcome.reason.startswith("the text reads as es (")


def test_a_passage_marked_with_its_language_passes(browser_loop, parts):
    outcome = run_check(browser_loop, "element-language-matches", parts + "pass-right-lang.html")
    assert outcome.outcome == "passed", outcome.reason


def test_a_short_passage_is_left_for_review(browser_loop, parts):
    outcome = run_check(browser_loop, "element-language-matches", parts + "review-short.html")
    assert (outcome.outcome, outcome.reason) == ("cantTell", "too little text (1 word) to tell its language")
    assert targets(outcome) == [["body > p > a"]]


def test_hidden_passages_and_invalid_tags_are_inapplicable(browser_loop, parts):
    outcome = run_check(browser_loop, "element-language-matches", parts + "inapplicable-none.html")
    assert (outcome.outcome, outcome.reason) == ("inapplicable", "no element with a valid lang attribute holds text")


def test_the_identifier_keeps_no_model_beside_the_one_it_uses():
    """Restricted to the two-letter languages without the whole model kept beside it (27 MB)."""
    identifier = _language._load()
    tables = {}
    for name in type(identifier).__slots__:
        value = getattr(identifier, name, None)
        for item in value if isinstance(value, tuple) else (value,):
            if getattr(item, "ndim", 0) == 2:
                tables[id(item)] = item
    assert [t.shape for t in tables.values()] == [(identifier.nb_ptc.shape[0], len(identifier.nb_classes))]
    assert all(len(code) == 2 for code in identifier.nb_classes)


@pytest.mark.parametrize("text, script", [
    ("Plain English text", "LATIN"), ("Ça, c'est du français: déjà vu", "LATIN"), ("Tiếng Việt có dấu", "LATIN"),
    ("Привет, мир", "CYRILLIC"), ("Ελληνικά κείμενα", "GREEK"), ("中文文本", "CJK"),
    ("Mostly Русский текст здесь", "CYRILLIC"),  # Latin in the minority: each letter is named
    ("12345 !?", "UNKNOWN"), ("", "UNKNOWN"),
])
def test_the_script_most_letters_are_in(text, script):
    assert _language.script_of(text) == script
