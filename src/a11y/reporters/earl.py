"""results.earl.json: W3C EARL 1.0 assertions in JSON-LD, one per (page, rule),
the format ACT Rules implementation reports are made from.

axe lists a rule under passes as well as violations (or incomplete) when some of a page's
elements pass it and others do not: the page's assertion for the rule is then the worst
outcome it came to (failed, then cantTell, then passed), never two that contradict."""
from __future__ import annotations

import json
from pathlib import Path

from ..models import Page, Results
from . import Reporter, register, write_atomic

CONTEXT = {
    "@vocab": "http://www.w3.org/ns/earl#",
    "earl": "http://www.w3.org/ns/earl#",
    "dct": "http://purl.org/dc/terms/",
    "sch": "https://schema.org/",
    "source": "dct:source",
    "title": "dct:title",
}


def _assertion(url: str, rule: str, outcome: str, help_url: str = "", description: str = "") -> dict:
    test = {"@type": "TestCase", "title": rule}
    if help_url:
        test["@id"] = help_url
    result = {"@type": "TestResult", "outcome": f"earl:{outcome}"}
    if description:
        result["description"] = description
    return {"@type": "Assertion", "mode": "earl:automatic", "test": test,
            "subject": {"@type": ["TestSubject", "sch:WebPage"], "source": url}, "result": result}


# Worst first: a (page, rule) asserts the first of these that any of its results came to.
OUTCOMES = ("failed", "cantTell", "passed", "inapplicable")


def _page_assertions(page: Page, entries: dict) -> list[dict]:
    worst: dict[str, list] = {}  # rule -> [outcome, help_url, descriptions]

    def add(rule: str, outcome: str, help_url: str = "", description: str = "") -> None:
        seen = worst.setdefault(rule, [outcome, help_url, []])
        if OUTCOMES.index(outcome) < OUTCOMES.index(seen[0]):
            seen[0] = outcome
        seen[1] = seen[1] or help_url
        if description:
            seen[2].append(description)

    for r in page.violations:
        add(r.rule, "failed", r.help_url)
    # Still failed as a test result; the [[ignore]] entry's reason says why it is accepted.
    for r in page.suppressed:
        entry = entries.get(r.suppressed_by, {})
        add(r.rule, "failed", r.help_url,
            f"{len(r.nodes)} element(s) suppressed by [[ignore]] entry {r.suppressed_by}: {entry.get('reason', '')}")
    for r in page.incomplete:
        add(r.rule, "cantTell", r.help_url)
    for rule in page.passed:
        add(rule, "passed")
    for rule in page.inapplicable:
        add(rule, "inapplicable")
    return [_assertion(page.url, rule, outcome, help_url, "; ".join(notes))
            for rule, (outcome, help_url, notes) in worst.items()]


@register
class EarlReporter(Reporter):
    name = "earl"
    filenames = ("results.earl.json",)

    def render(self, results: Results, out_dir: Path) -> list[Path]:
        graph = []
        entries = {e.get("entry"): e for e in results.suppressions}
        for page in results.scanned_pages:
            first = len(graph)
            graph += _page_assertions(page, entries)
            if page.file:  # a local folder's page: url is its URL path; the title names its file
                for assertion in graph[first:]:
                    assertion["subject"]["title"] = page.file
        doc = {"@context": CONTEXT, "@graph": graph,
               "assertedBy": {"@type": "Software", "title": "a11y", "version": results.tool.get("version", "")}}
        return [write_atomic(out_dir / "results.earl.json", json.dumps(doc, indent=1) + "\n")]
