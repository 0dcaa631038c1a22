"""Values a --login file fills in, taken out of what a page's record shows of the page.

A signed-in page often shows what was typed to sign in: the user name in a greeting, or in
the value attribute of a field that failed a rule (`<input value="ci-bot-user">`). a11y never
writes those values itself; this takes them out of the page's own text that its record carries
(its title, the elements' markup and summaries, reasons), so that no result, report or cache
entry holds them. Addresses are left as they are: they identify the page.
"""
from __future__ import annotations

from .models import Page, RuleResult

MASK = "***"


def mask(text: str, secrets: list[str]) -> str:
    """text with every secret (longest first, so that one inside another goes whole) as MASK."""
    for secret in sorted(secrets, key=len, reverse=True):
        if secret:
            text = text.replace(secret, MASK)
    return text


def redact_page(page: Page, secrets: list[str]) -> Page:
    """page, with every secret replaced by MASK in its shown texts; in place."""
    secrets = [s for s in set(secrets) if s]
    if not secrets:
        return page

    def clean(text):
        return mask(text, secrets) if text else text

    page.title, page.reason = clean(page.title), clean(page.reason)
    for results in (page.violations, page.incomplete, page.suppressed, page.settled):
        for result in results:
            _clean_result(result, clean)
    return page


def _clean_result(result: RuleResult, clean) -> None:
    for node in result.nodes:
        node.html, node.summary = clean(node.html), clean(node.summary)
        node.target = [clean(t) if isinstance(t, str) else [clean(x) for x in t] for t in node.target]
