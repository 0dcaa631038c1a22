"""Small hand-made Results for the roll-up tests: pages with chosen failures, passes,
needs-review items and inapplicable rules."""
from __future__ import annotations

from a11y.models import Node, Page, Results, RuleResult, finalise

BASE = "http://127.0.0.1:8000/"

# Rules the media criteria (1.2.x) use to decide applicability.
MEDIA_RULES = ["video-caption", "audio-caption", "object-alt"]


def rule(rule_id: str, wcag: list[str], impact: str = "serious", nodes: int = 1, engine: str = "axe") -> RuleResult:
    return RuleResult(rule=rule_id, impact=impact, wcag=wcag, help=f"{rule_id} help",
                      help_url=f"https://example.org/{rule_id}", engine=engine,
                      nodes=[Node(target=[f"#{rule_id}-{i}"], html=f"<b id='{rule_id}-{i}'></b>")
                             for i in range(nodes)])


def page(name: str, violations=(), incomplete=(), passed=(), inapplicable=(), status="scanned",
         reason=None, content_type=None) -> Page:
    url = BASE + name
    return Page(url=url, final_url=url, status=status, http_status=200, title=name, reason=reason,
                content_type=content_type, violations=list(violations), incomplete=list(incomplete),
                passed=list(passed), inapplicable=list(inapplicable))


def results(*pages: Page, standard: str = "section508") -> Results:
    return finalise(Results(standard=standard, started="2026-11-29T10:00:00Z", finished="2026-11-29T10:01:00Z",
                            complete=True, tool={"name": "a11y", "version": "0.1.0"},
                            engines=[{"name": "axe-core", "version": "4.12.1"}], pages=list(pages)))


def image_alt(nodes: int = 1) -> RuleResult:
    return rule("image-alt", ["1.1.1"], "critical", nodes)


def contrast(nodes: int = 1) -> RuleResult:
    return rule("color-contrast", ["1.4.3"], "serious", nodes)


def pdf(name: str = "report.pdf") -> Page:
    return page(name, status="skipped", reason="not-html: application/pdf", content_type="application/pdf")
