"""Findings grouped across pages (models.group_findings) come out the same whatever order the
pages finished in: the occurrences in address order, the first one standing for the finding."""
from a11y.models import Node, Page, RuleResult, group_findings


def page(url: str, target: str) -> Page:
    node = Node(target=[target], html='<img src="logo.png">')
    rule = RuleResult(rule="image-alt", impact="critical", wcag=["1.1.1"], help="", help_url="", nodes=[node])
    return Page(url=url, status="scanned", violations=[rule])


def test_the_same_pages_in_any_order_give_the_same_findings():
    pages = [page("http://127.0.0.1:8000/b", "img:nth-child(3)"), page("http://127.0.0.1:8000/a", "img:nth-child(2)"),
             page("http://127.0.0.1:8000/c", "img")]
    forwards, backwards = group_findings(pages), group_findings(pages[::-1])
    assert forwards == backwards and len(forwards) == 1
    (finding,) = forwards
    assert [o.url for o in finding.occurrences] == [f"http://127.0.0.1:8000/{p}" for p in "abc"]
    assert finding.target == ["img:nth-child(2)"]  # the first page's element, by address
