"""Per-criterion roll-up on crafted results: automation never says `supports`."""
from __future__ import annotations

from a11y.catalog import load_catalog
from a11y.conformance import roll_up

from .crafted import BASE, MEDIA_RULES, contrast, image_alt, page, pdf, results, rule


def _roll(*pages, standard="section508"):
    return roll_up(results(*pages, standard=standard), load_catalog(standard))


def test_failures_on_some_pages_partially_support():
    conf = _roll(page("a", violations=[image_alt()]), page("b", passed=["image-alt"]),
                 page("c", passed=["image-alt"]))
    r = conf.get("1.1.1")
    assert r.level == "partially-supports"
    assert r.failed_pages == [BASE + "a"]
    assert r.applicable_pages == [BASE + "a", BASE + "b", BASE + "c"]
    assert "1 of 3 page(s)" in r.notes and BASE + "a" in r.notes
    assert "Manual review" in r.notes


def test_failures_on_most_applicable_pages_do_not_support():
    conf = _roll(page("a", violations=[image_alt()]), page("b", violations=[image_alt(2)]),
                 page("c", passed=["image-alt"]))
    assert conf.get("1.1.1").level == "does-not-support"
    assert conf.get("1.1.1").impacts["critical"] == 3


def test_failure_on_the_only_page_where_it_applies_does_not_support():
    # The criterion applied on one page of three (e.g. the only form): failing there is failing everywhere.
    conf = _roll(page("a", violations=[contrast()]), page("b"), page("c"))
    r = conf.get("1.4.3")
    assert r.applicable_pages == [BASE + "a"] and r.level == "does-not-support"


def test_half_the_pages_is_partial():
    conf = _roll(page("a", violations=[contrast()]), page("b", passed=["color-contrast"]))
    assert conf.get("1.4.3").level == "partially-supports"


def test_no_failures_is_not_evaluated_and_says_what_was_covered():
    conf = _roll(page("a", passed=["image-alt", "document-title"]), page("b", passed=["document-title"]))
    r = conf.get("2.4.2")
    assert r.level == "not-evaluated"
    assert "document-title" in r.notes and "2 page(s)" in r.notes
    assert "cannot confirm" in r.notes
    assert "11.A" in r.notes and "page title describes" in r.notes


def test_criterion_without_automation_is_not_evaluated_with_its_manual_step():
    # Criteria gain checks over time: take one the catalog still leaves to people alone.
    manual_only = next(c for c in load_catalog("section508").criteria
                       if not c.procedures and c.automation != "applicability")
    r = _roll(page("a")).get(manual_only.num)
    assert r.level == "not-evaluated"
    assert "No automated check covers this criterion" in r.notes
    assert manual_only.manual in r.notes


def test_automation_never_claims_supports():
    clean = [page(n, passed=["image-alt", "color-contrast", "document-title", "html-has-lang"],
                  inapplicable=MEDIA_RULES) for n in ("a", "b")]
    conf = _roll(*clean)
    assert all(r.level != "supports" for r in conf.criteria)
    assert conf.counts()["supports"] == 0


def test_needs_review_is_reported_but_not_a_failure():
    conf = _roll(page("a", incomplete=[contrast()], passed=["color-contrast"]))
    r = conf.get("1.4.3")
    assert r.level == "not-evaluated"
    assert r.review_pages == [BASE + "a"] and r.failed_pages == []
    assert "Needs review (color-contrast) on 1 page(s)" in r.notes


def test_media_criteria_stay_not_evaluated_when_no_page_has_media_elements():
    # No <audio>, <video> or <object>: still an <embed> or a player a script adds on a click may be there.
    conf = _roll(page("a", inapplicable=MEDIA_RULES), page("b", inapplicable=MEDIA_RULES + ["image-alt"]))
    for num in ("1.2.1", "1.2.2", "1.2.3", "1.2.4", "1.2.5"):
        r = conf.get(num)
        assert r.level == "not-evaluated", num
        assert "No media found by automated rules" in r.notes and "video" in r.notes and "2 page(s)" in r.notes
        assert "Automation cannot show that the criterion does not apply" in r.notes and "<embed>" in r.notes
        assert "Manual review" in r.notes
    assert conf.counts()["not-applicable"] == 0


def test_media_rules_that_did_not_run_everywhere_are_said():
    # audio-caption did not run on page b (e.g. deprecated rules were off): audio may be there.
    conf = _roll(page("a", inapplicable=MEDIA_RULES), page("b", inapplicable=["video-caption", "object-alt"]))
    assert "(video-caption, audio-caption, object-alt) did not run on every scanned page" in conf.get("1.2.1").notes
    assert "audio-caption (ran on 1 of 2 page(s))" in conf.get("1.2.1").notes
    assert "No media found by automated rules video-caption, object-alt" in conf.get("1.2.2").notes


def test_video_present_keeps_media_criteria_applicable():
    conf = _roll(page("a", passed=["video-caption"], inapplicable=["audio-caption", "object-alt"]))
    assert conf.get("1.2.2").level == "not-evaluated"
    assert conf.get("1.2.5").level == "not-evaluated"


def test_pages_that_failed_to_load_block_not_applicable():
    conf = _roll(page("a", inapplicable=MEDIA_RULES), page("b", status="error", reason="timeout"))
    assert conf.get("1.2.2").level == "not-evaluated"
    assert conf.error_pages == [BASE + "b (timeout)"]


def test_no_pages_at_all_is_not_evaluated_everywhere():
    conf = _roll()
    assert {r.level for r in conf.criteria} == {"not-evaluated"}


def test_own_checks_count_through_their_wcag_criteria():
    conf = _roll(page("a", violations=[rule("focus-visible-check", ["2.4.7"], engine="a11y")]))
    r = conf.get("2.4.7")
    assert r.level == "does-not-support" and r.failing_rules == {"focus-visible-check": 1}


def test_one_rule_can_fail_two_criteria():
    conf = _roll(page("a", violations=[rule("link-name", ["2.4.4", "4.1.2"])]), page("b", passed=["link-name"]))
    assert conf.get("2.4.4").level == conf.get("4.1.2").level == "partially-supports"


def test_documents_are_listed():
    conf = _roll(page("a"), pdf("annual.pdf"))
    assert conf.documents == [BASE + "annual.pdf"]
    assert conf.scanned_pages == [BASE + "a"]


def test_profile_criteria_roll_up_too():
    conf = _roll(page("a", violations=[rule("target-size", ["2.5.8"])]), standard="wcag22aa")
    assert conf.get("2.5.8").level == "does-not-support"
    assert conf.get("1.1.1") is not None and len(conf.criteria) == 56
