"""results.earl.json: W3C EARL 1.0 assertions in JSON-LD, one per (page, rule),
the format ACT Rules implementation reports are made from."""
from __future__ import annotations

import json
from pathlib import Path

from ..models import Results
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


@register
class EarlReporter(Reporter):
    name = "earl"
    filenames = ("results.earl.json",)

    def render(self, results: Results, out_dir: Path) -> list[Path]:
        graph = []
        entries = {e.get("entry"): e for e in results.suppressions}
        for page in results.scanned_pages:
            url, first = page.url, len(graph)
            for r in page.violations:
                graph.append(_assertion(url, r.rule, "failed", r.help_url))
            for r in page.incomplete:
                graph.append(_assertion(url, r.rule, "cantTell", r.help_url))
            # Still failed as a test result; the [[ignore]] entry's reason says why it is accepted.
            for r in page.suppressed:
                entry = entries.get(r.suppressed_by, {})
                graph.append(_assertion(url, r.rule, "failed", r.help_url,
                                        f"suppressed by [[ignore]] entry {r.suppressed_by}: {entry.get('reason', '')}"))
            for rule in page.passed:
                graph.append(_assertion(url, rule, "passed"))
            for rule in page.inapplicable:
                graph.append(_assertion(url, rule, "inapplicable"))
            if page.file:  # a local folder's page: url is its URL path; the title names its file
                for assertion in graph[first:]:
                    assertion["subject"]["title"] = page.file
        doc = {"@context": CONTEXT, "@graph": graph,
               "assertedBy": {"@type": "Software", "title": "a11y", "version": results.tool.get("version", "")}}
        return [write_atomic(out_dir / "results.earl.json", json.dumps(doc, indent=1) + "\n")]
