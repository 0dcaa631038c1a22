"""junit.xml: a testsuite per page, a testcase per rule, for CI test-report views."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from ..locations import page_label
from ..models import Page, Results, RuleResult
from . import Reporter, register, write_atomic

# Characters XML 1.0 forbids even when escaped (most C0 controls, lone surrogates, U+FFFE/FFFF).
_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text) -> str:
    return _ILLEGAL.sub("\ufffd", "" if text is None else str(text))


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs) -> ET.Element:
    el = ET.SubElement(parent, tag, {k: _clean(v) for k, v in attrs.items() if v is not None})
    if text:
        el.text = _clean(text)
    return el


def _nodes(result: RuleResult) -> str:
    lines = [f"{result.help}\n{result.help_url}\nWCAG: {', '.join(result.wcag) or '-'}"]
    for node in result.nodes:
        lines.append(f"\n{node.selector()}\n  {node.html}\n  " + node.summary.replace("\n", "\n  "))
    return "\n".join(lines)


def _page_suite(root: ET.Element, page: Page, when: str, entries: dict) -> dict[str, int]:
    suite = _sub(root, "testsuite", name=page_label(page), timestamp=when,
                 time=f"{(page.duration_ms or 0) / 1000:.3f}")
    props = _sub(suite, "properties")
    for key in ("url", "file", "status", "http_status", "title", "reason"):
        if getattr(page, key) is not None:
            _sub(props, "property", name=key, value=getattr(page, key))
    counts = dict(tests=0, failures=0, errors=0, skipped=0)
    cls = page_label(page)

    def case(name: str) -> ET.Element:
        counts["tests"] += 1
        return _sub(suite, "testcase", name=name, classname=cls, time="0")

    if page.status == "error":
        _sub(case("page loads"), "error", page.reason, message=page.reason or "error", type="page-error")
        counts["errors"] += 1
    elif page.status == "skipped":
        _sub(case("page scanned"), "skipped", message=page.reason or "skipped")
        counts["skipped"] += 1
    else:
        for result in page.violations:
            msg = f"{result.help} ({len(result.nodes)} element(s), impact {result.impact or 'unknown'})"
            _sub(case(result.rule), "failure", _nodes(result), message=msg, type=result.impact or "violation")
            counts["failures"] += 1
        for rule in page.passed:
            case(rule)
        # Needs review is reported as <skipped>: the automated test could not decide, and
        # Jenkins, GitLab and GitHub test-report views show skipped cases with their message
        # (yellow, counted apart) while never failing the build; <system-out> on a passing
        # case would hide the item where nobody looks.
        for result in page.incomplete:
            _sub(case(f"{result.rule} (needs review)"), "skipped", _nodes(result),
                 message=f"needs review: {result.help}")
            counts["skipped"] += 1
        # A reviewed suppression ([[ignore]]) is skipped too, with the reason it was accepted.
        for result in page.suppressed:
            entry = entries.get(result.suppressed_by, {})
            _sub(case(f"{result.rule} (suppressed)"), "skipped", _nodes(result),
                 message=f"suppressed by [[ignore]] entry {result.suppressed_by}: {entry.get('reason', '')}"
                         + (f" (until {entry['until']})" if entry.get("until") else ""))
            counts["skipped"] += 1
    for key, value in counts.items():
        suite.set(key, str(value))
    return counts


@register
class JUnitReporter(Reporter):
    name = "junit"
    filenames = ("junit.xml",)

    def render(self, results: Results, out_dir: Path) -> list[Path]:
        root = ET.Element("testsuites", name=_clean(f"a11y {results.standard}"))
        totals = dict(tests=0, failures=0, errors=0, skipped=0)
        when = (results.started or "")[:19] or None  # JUnit timestamps carry no zone; ours are UTC
        entries = {e.get("entry"): e for e in results.suppressions}
        for page in results.pages:
            for key, value in _page_suite(root, page, when, entries).items():
                totals[key] += value
        for key, value in totals.items():
            root.set(key, str(value))
        ET.indent(root)
        text = ET.tostring(root, encoding="unicode", xml_declaration=False)
        return [write_atomic(out_dir / "junit.xml", '<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n")]
