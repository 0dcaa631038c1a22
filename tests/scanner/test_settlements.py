"""Review items one engine leaves and a later engine's rule decides (engines.base.Settlement)."""
from dataclasses import asdict

from a11y.engines.base import EngineResults, Settlement
from a11y.models import Node, Page, RuleResult, page_from_dict


def review(*targets: str) -> EngineResults:
    nodes = [Node(target=[t], summary="Element's background color could not be determined") for t in targets]
    return EngineResults(incomplete=[RuleResult(rule="color-contrast", impact="serious", wcag=["1.4.3"], help="h",
                                                help_url="u", nodes=nodes)])


def decide(found: EngineResults, *verdicts: tuple[int, str]) -> EngineResults:
    nodes = found.incomplete[0].nodes
    return EngineResults(settlements=[Settlement("color-contrast", nodes[i], outcome, "text-contrast-rendered",
                                                 "evidence") for i, outcome in verdicts])


def test_a_decided_node_leaves_the_review_list_with_the_verdict_and_its_evidence():
    found = review("#a", "#b")
    found.extend(decide(found, (0, "passed")))
    assert [n.target for n in found.incomplete[0].nodes] == [["#b"]]
    [settled] = found.settled
    assert (settled.rule, settled.settled_by, settled.engine) == ("color-contrast", "text-contrast-rendered", "axe")
    assert settled.nodes[0].summary == "decided by text-contrast-rendered: passes; evidence"
    assert "color-contrast" not in found.passed  # #b is still to review


def test_a_rule_whose_every_review_item_passes_has_passed():
    found = review("#a", "#b")
    found.extend(decide(found, (0, "passed"), (1, "passed")))
    assert found.incomplete == [] and found.passed == ["color-contrast"]
    assert len(found.settled[0].nodes) == 2


def test_a_failure_is_the_deciding_rule_s_and_the_rule_has_not_passed():
    found = review("#a", "#b")
    found.extend(decide(found, (0, "passed"), (1, "failed")))
    assert found.incomplete == [] and found.passed == []
    assert found.settled[0].nodes[1].summary.startswith(
        "decided by text-contrast-rendered: fails (reported under text-contrast-rendered)")


def test_a_node_that_is_not_one_of_the_results_is_left_alone():
    found, other = review("#a"), review("#a")
    found.extend(decide(other, (0, "passed")))  # an equal node, but another page's
    assert [n.target for n in found.incomplete[0].nodes] == [["#a"]] and found.settled == []


def test_the_page_record_keeps_settled_items_and_an_older_record_has_none():
    found = review("#a")
    found.extend(decide(found, (0, "passed")))
    page = Page(url="http://127.0.0.1/", status="scanned", settled=found.settled)
    again = page_from_dict(asdict(page))
    assert again.settled[0].settled_by == "text-contrast-rendered"
    assert again.settled[0].nodes[0].target == ["#a"]
    older = asdict(Page(url="http://127.0.0.1/", status="scanned"))
    del older["settled"]
    assert page_from_dict(older).settled == []
