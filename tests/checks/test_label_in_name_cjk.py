"""label-in-name (WCAG 2.5.3; ACT 2ee8b8) on labels in scripts written without spaces, in a real Chromium."""
from tests.checks.support import run_check, served, targets

CHECK = "label-in-name"
base = served(CHECK)


def test_a_label_without_spaces_found_as_a_run_of_characters_in_the_name_passes(browser_loop, base):
    # 検索 in サイト内検索, ログイン in マイページにログイン, 中文 in 中文网站, ภาษาไทย in a longer Thai name.
    outcome = run_check(browser_loop, CHECK, base + "pass-cjk-label-in-name.html")
    assert outcome.outcome == "passed", [n.summary for n in outcome.nodes]


def test_a_label_without_spaces_missing_from_the_name_or_split_in_it_still_fails(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "fail-cjk-label-not-in-name.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#cart"], ["#apart"], ["#latin"]]
    assert 'the visible label "購入する" is not part of the accessible name "カートに追加"' == outcome.nodes[0].summary
