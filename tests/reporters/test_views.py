"""The view models shared by the reporters (grouping and counting only)."""
from a11y.models import Node, Page, Results, RuleResult, finalise
from a11y.reporters import views

from .sample import empty_results, sample_results


def test_by_rule_most_severe_first_with_pages_and_nodes():
    groups = views.by_rule(sample_results())
    assert [g.rule for g in groups] == ["image-alt", "color-contrast", "link-name", "region"]
    alt = groups[0]
    assert [p.url for p in alt.pages] == ["http://127.0.0.1:8000/", "http://127.0.0.1:8000/about.html"]
    assert (alt.node_count, alt.page_count) == (3, 2)
    # the shared logo folds into one element on two pages
    assert [(e.node.selector(), e.pages) for e in alt.elements] == [
        ("header > img.logo", ["http://127.0.0.1:8000/", "http://127.0.0.1:8000/about.html"]),
        ("iframe#ad >>> img", ["http://127.0.0.1:8000/"]),
    ]


def test_by_rule_marks_baseline_status_only_with_a_baseline():
    results = sample_results()
    marks = {e.node.selector(): e.baseline for g in views.by_rule(results) for e in g.elements}
    assert marks["div.stray"] == "unchanged" and marks["a.icon"] == "new"
    results.baseline_file = None
    assert {e.baseline for g in views.by_rule(results) for e in g.elements} == {None}


def test_needs_review_grouped_separately():
    [g] = views.by_rule(sample_results(), "incomplete")
    assert g.rule == "color-contrast" and g.elements[0].node.selector() == "p.bg-image"


def test_by_criterion_sorted_numerically_with_best_practice_last():
    page = Page(url="http://x/", status="scanned", violations=[
        RuleResult(rule=r, impact="minor", wcag=wcag, help="", help_url="", nodes=[Node(target=[r])])
        for r, wcag in [("a", ["1.4.10"]), ("b", ["1.4.3"]), ("c", []), ("d", ["1.4.3", "4.1.2"])]
    ])
    groups = views.by_criterion(finalise(Results(standard="wcag21aa", started="", pages=[page])))
    assert [c.criterion for c in groups] == ["1.4.3", "1.4.10", "4.1.2", None]
    assert groups[0].rules == ["b", "d"] and groups[0].nodes == 2 and groups[0].by_impact["minor"] == 2
    assert groups[1].name == "Reflow"
    assert groups[-1].name.startswith("No WCAG criterion")


def test_by_page_counts_and_lists():
    results = sample_results()
    pages = views.by_page(results)
    assert len(pages) == len(results.pages)
    home = pages[0]
    assert (home.violations, home.nodes, home.needs_review) == (2, 3, 1)
    assert home.rules == [("image-alt", "critical", 2), ("color-contrast", "serious", 1)]
    assert [p.url for p in views.broken_links(results)] == ["http://127.0.0.1:8000/missing.html"]
    assert [p.url for p in views.error_pages(results)] == ["http://127.0.0.1:8000/slow.html"]
    assert [p.url for p in views.skipped_pages(results)] == ["http://127.0.0.1:8000/private/"]


def test_summary_counts_named_once():
    """The README's "Counts": the same problem on two pages is two failing elements,
    two (page, rule) pairs and one distinct finding."""
    s = sample_results().summary
    assert (s["failing_elements"], s["failing_page_rule_pairs"], s["distinct_findings"]) == (6, 5, 5)
    assert (s["review_elements"], s["review_page_rule_pairs"], s["review_distinct_findings"]) == (1, 1, 1)
    assert s["failing_elements_by_impact"] == {"critical": 3, "serious": 2, "moderate": 1, "minor": 0}
    assert empty_results().summary["failing_elements_by_impact"] == {"critical": 0, "serious": 0, "moderate": 0,
                                                                     "minor": 0}


def test_baseline_view():
    b = views.baseline(sample_results())
    assert (len(b.new), len(b.unchanged), len(b.fixed)) == (4, 1, 1)
    assert views.baseline(empty_results()) is None


def test_completeness_in_words():
    assert views.completeness(empty_results())[0] is True
    ok, text = views.completeness(sample_results())
    assert not ok and text.startswith("INCOMPLETE: http://127.0.0.1:8000/slow.html could not be scanned")
    ok, text = views.completeness(Results(standard="section508", started=""))
    assert not ok and "did not finish" in text
