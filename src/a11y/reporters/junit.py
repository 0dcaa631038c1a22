"""junit.xml: a testsuite per page, a testcase per rule, for CI test-report views.

A testcase fails exactly when the build fails on it (verdict.py: --fail-on, the baseline,
--fail-on-review, suppressions); what is reported but does not fail the build is skipped,
with why in its message."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from ..locations import page_label
from ..models import Page, Results, RuleResult
from ..verdict import Verdict, could_not_scan, verdict
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


def _nodes(result: RuleResult, why: dict[int, str | None] | None = None) -> str:
    """The rule's help and each element; why (by node index) marks those that do not fail the build."""
    lines = [f"{result.help}\n{result.help_url}\nWCAG: {', '.join(result.wcag) or '-'}"]
    for i, node in enumerate(result.nodes):
        note = f"\n  not failing the build: {why[i]}" if why and why.get(i) else ""
        lines.append(f"\n{node.selector()}\n  {node.html}\n  " + node.summary.replace("\n", "\n  ") + note)
    return "\n".join(lines)


def _because(reasons) -> str:
    return "; ".join(dict.fromkeys(r for r in reasons if r))


def _violation(case: ET.Element, result: RuleResult, v: Verdict) -> str:
    """A violated rule: a failure when any of its elements fails the build (verdict.py), else
    skipped with why not (below fail-on, in the baseline), so it stays in sight."""
    why = {i: v.why_not_failing(result, node) for i, node in enumerate(result.nodes)}
    failing = sum(reason is None for reason in why.values())
    impact = f"impact {result.impact or 'unknown'}"
    if failing:
        others = len(why) - failing
        rest = f"; {others} more not failing it ({_because(why.values())})" if others else ""
        _sub(case, "failure", _nodes(result, why), type=result.impact or "violation",
             message=f"{result.help} ({failing} element(s) failing the build, {impact}{rest})")
        return "failures"
    _sub(case, "skipped", _nodes(result), message=f"not failing the build ({_because(why.values())}): "
                                                  f"{result.help} ({len(why)} element(s), {impact})")
    return "skipped"


def _review(case: ET.Element, result: RuleResult, v: Verdict) -> str:
    """An item needing review: the automated test could not decide. Skipped (Jenkins, GitLab and
    GitHub test-report views show skipped cases with their message, yellow, counted apart;
    <system-out> on a passing case would hide it where nobody looks), unless --fail-on-review
    makes it fail the build."""
    why = v.why_not_failing(result, None, "incomplete")
    if why is None:
        _sub(case, "failure", _nodes(result), type="needs-review",
             message=f"needs review (failing the build: --fail-on-review): {result.help}")
        return "failures"
    _sub(case, "skipped", _nodes(result), message=f"needs review: {result.help} (not failing the build: {why})")
    return "skipped"


def _by_rule(results: list[RuleResult]) -> dict[str, list[RuleResult]]:
    grouped: dict[str, list[RuleResult]] = {}
    for result in results:
        grouped.setdefault(result.rule, []).append(result)
    return grouped


def _suppression(result: RuleResult, entries: dict) -> str:
    entry = entries.get(result.suppressed_by, {})
    return (f"suppressed by [[ignore]] entry {result.suppressed_by}: {entry.get('reason', '')}"
            + (f" (until {entry['until']})" if entry.get("until") else ""))


def _page_suite(root: ET.Element, page: Page, when: str, entries: dict, v: Verdict) -> dict[str, int]:
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
            counts[_violation(case(result.rule), result, v)] += 1
        # axe lists a rule under passes too when some of its elements pass: the rule's testcase is
        # the worst it came to (failed, suppressed or needing review), never a second, passing one.
        reported = {r.rule for r in page.violations + page.incomplete + page.suppressed}
        for rule in page.passed:
            if rule not in reported:
                case(rule)
        for result in page.incomplete:
            counts[_review(case(f"{result.rule} (needs review)"), result, v)] += 1
        # A reviewed suppression ([[ignore]]) is skipped too, with the reason it was accepted: one
        # testcase for the rule, whichever entries accepted its elements.
        for rule, results in _by_rule(page.suppressed).items():
            _sub(case(f"{rule} (suppressed)"), "skipped", "\n\n".join(_nodes(r) for r in results),
                 message="not failing the build: " + "; ".join(_suppression(r, entries) for r in results))
            counts["skipped"] += 1
    for key, value in counts.items():
        suite.set(key, str(value))
    return counts


def _scan_suite(root: ET.Element, v: Verdict, when: str) -> dict[str, int]:
    """The run's own test: an error when the scan is incomplete (exit 3) for a reason no page's
    testcase shows (a seed answering 404, no page scanned, an interrupted scan), so that a CI
    test view never shows a clean run for a scan that exited 3."""
    shown = could_not_scan(v.error_pages) if v.error_pages else None
    reasons = [r for r in v.incomplete_reasons if r != shown]
    if not reasons:
        return {}
    suite = _sub(root, "testsuite", name="a11y scan", timestamp=when, time="0", tests="1", failures="0",
                 errors="1", skipped="0")
    case = _sub(suite, "testcase", name="scan complete", classname="a11y scan", time="0")
    _sub(case, "error", "\n".join(v.incomplete_reasons), message=f"incomplete: {'; '.join(reasons)}",
         type="incomplete")
    return {"tests": 1, "errors": 1}


@register
class JUnitReporter(Reporter):
    name = "junit"
    filenames = ("junit.xml",)

    def render(self, results: Results, out_dir: Path) -> list[Path]:
        root = ET.Element("testsuites", name=_clean(f"a11y {results.standard}"))
        totals = dict(tests=0, failures=0, errors=0, skipped=0)
        when = (results.started or "")[:19] or None  # JUnit timestamps carry no zone; ours are UTC
        entries = {e.get("entry"): e for e in results.suppressions}
        v = verdict(results)  # what fails the build: the exit code's verdict
        for key, value in _scan_suite(root, v, when).items():
            totals[key] += value
        for page in results.pages:
            for key, value in _page_suite(root, page, when, entries, v).items():
                totals[key] += value
        for key, value in totals.items():
            root.set(key, str(value))
        ET.indent(root)
        text = ET.tostring(root, encoding="unicode", xml_declaration=False)
        return [write_atomic(out_dir / "junit.xml", '<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n")]
