"""results.sarif: SARIF 2.1.0 for code-scanning views (GitHub, Azure DevOps, VS Code viewers)."""
from __future__ import annotations

import hashlib
import json
from importlib import metadata
from pathlib import Path
from urllib.parse import quote

from ..models import Node, Page, Results, RuleResult, fingerprint
from ..suppressions import entry_name
from ..verdict import Verdict, could_not_scan, verdict
from . import Reporter, register, views, write_atomic

ENGINE_HOMES = {"axe-core": "https://github.com/dequelabs/axe-core"}

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"  # the base of local files' relative URIs: the working folder of the scan
LEVELS = {"critical": "error", "serious": "error", "moderate": "warning", "minor": "note"}
# A result's level says whether it fails the build (verdict.py): error if it does; else warning,
# or note for a minor one (below fail-on, known from the baseline, suppressed).
NOT_FAILING_LEVELS = {"critical": "warning", "serious": "warning", "moderate": "warning", "minor": "note"}


def _home_page(tool: dict) -> str | None:
    if tool.get("url"):
        return tool["url"]
    try:
        urls = metadata.metadata("a11y").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return None
    return next((u.split(",", 1)[1].strip() for u in urls if "," in u), None)


def _descriptor(r: RuleResult) -> dict:
    tags = ["accessibility", *(f"WCAG {c}" for c in r.wcag), *r.tags]
    return {"id": r.rule, "name": "".join(w.capitalize() for w in r.rule.split("-")),
            "shortDescription": {"text": r.help}, "fullDescription": {"text": r.description or r.help},
            "helpUri": r.help_url, "help": {"text": f"{r.help}\n{r.help_url}"},
            "defaultConfiguration": {"level": LEVELS.get(r.impact, "warning")},
            "properties": {"tags": list(dict.fromkeys(tags)), "impact": r.impact, "wcag": r.wcag}}


def _suppression(entry: dict) -> dict:
    """A reviewed [[ignore]] entry as SARIF's suppression: accepted, outside the code, with its reason."""
    until = f" (until {entry['until']})" if entry.get("until") else ""
    return {"kind": "external", "status": "accepted", "justification": f"{entry.get('reason', '')}{until}",
            "properties": {"entry": entry.get("entry"), "where": entry.get("where"), "until": entry.get("until")}}


def _artifact(page: Page) -> dict:
    """A local folder's page is its file, relative to the working folder (%SRCROOT%: where the
    repository is checked out in CI), so a code-scanning dashboard ties results to it; else its URL."""
    if page.file and not page.file.startswith("/"):
        return {"uri": quote(page.file), "uriBaseId": SRCROOT}
    if page.file:
        return {"uri": Path(page.file).as_uri()}
    return {"uri": page.final_url or page.url}


def _local_without_file(page: Page) -> bool:
    """A page of a local folder that is no file of it: the loopback server's own error page (404)."""
    return not page.file and not (page.final_url or page.url).startswith(("http://", "https://"))


def _physical(page: Page, node: Node) -> dict:
    """{"physicalLocation": ...}: where the element's start tag is in the page's file (locations.py),
    else the first line (axe reports DOM elements; the schema needs a start for a region). None for
    the local server's own error page: it is in no file, and the selector still says where."""
    if _local_without_file(page):
        return {}
    region = {"startLine": node.line or 1}
    if node.line and node.column:
        region["startColumn"] = node.column
    region["snippet"] = {"text": node.html}
    return {"physicalLocation": {"artifactLocation": _artifact(page), "region": region}}


def _kind_and_level(r: RuleResult, kind: str, why_not_failing: str | None) -> tuple[str, str]:
    """SARIF's kind and level for one element, from why it does not fail the build (None: it
    fails; Verdict.why_not_failing). An item needing review is kind "review", whose level the
    spec fixes at "none"; when --fail-on-review makes it fail the build it is a failure (kind
    "fail", level "error"), as the exit code counts it."""
    fails = why_not_failing is None
    if kind == "incomplete" and not fails:
        return "review", "none"
    return "fail", "error" if fails else NOT_FAILING_LEVELS.get(r.impact, "note")


def _result(r: RuleResult, node: Node, index: int, page: Page, kind: str, v: Verdict, baseline: dict,
            entries: dict | None = None) -> dict:
    fp = fingerprint(r.rule, node.target, node.html)
    parts = [p if isinstance(p, str) else " >> ".join(p) for p in node.target]
    why_not_failing = v.why_not_failing(r, node, kind)  # asked once: it fingerprints the element
    sarif_kind, level = _kind_and_level(r, kind, why_not_failing)
    out = {
        "ruleId": r.rule, "ruleIndex": index, "kind": sarif_kind, "level": level,
        "message": {"text": r.help + (f"\n{node.summary}" if node.summary else "")},
        "locations": [{**_physical(page, node),
                       "logicalLocations": [{"name": parts[-1] if parts else "", "kind": "element",
                                             "fullyQualifiedName": node.selector()}]}],
        "partialFingerprints": {"a11yFingerprint/v1": fp},
        "properties": {"selector": node.selector(), "target": node.target, "impact": r.impact, "wcag": r.wcag,
                       "page": page.final_url or page.url, "needsReview": kind == "incomplete"},
    }
    if level != "error":
        out["properties"]["notFailingBecause"] = why_not_failing
    if r.suppressed_by is not None:
        out["suppressions"] = [_suppression((entries or {}).get(r.suppressed_by, {"entry": r.suppressed_by}))]
    elif baseline and kind == "violations":
        out["baselineState"] = baseline.get(fp, "new")
    return out


def _notifications(results: Results, v: Verdict) -> list[dict]:
    """What kept the scan from being complete (errors, as the exit code 3 says), each page that
    could not be scanned with why, the pages skipped, and [[ignore]] entries to look at again."""
    shown = could_not_scan(v.error_pages) if v.error_pages else None
    notes = [{"level": "error", "message": {"text": f"incomplete: {reason}"}}
             for reason in v.incomplete_reasons if reason != shown]
    for p in results.pages:
        if p.status == "error":
            text = f"{p.url} could not be scanned: {p.reason or 'no reason recorded'}"
        elif p.status == "skipped":
            text = f"{p.url}: skipped" + (f": {p.reason}" if p.reason else "")
        else:
            continue
        notes.append({"level": "error" if p.status == "error" else "note", "message": {"text": text},
                      "locations": [{"physicalLocation": {"artifactLocation": _artifact(p)}}]})
    notes += [{"level": "warning", "message": {"text": f"{entry_name(e)}: {views.SUPPRESSION_STATUS[e['status']]}"}}
              for e in results.suppressions if e.get("status") in ("expired", "stale")]
    return notes


def _occurrence_fingerprints(found: list[dict]) -> None:
    """a11yFingerprint/v1 is the problem (the same logo on every page is one); a11yOccurrence/v1
    is this element on this page: the problem, the page (its file for a local folder), and which
    of the page's identical elements it is. Both hold from run to run, so a dashboard tracks each
    result without folding the logo of ten files, or two identical inputs, into one."""
    seen: dict[tuple, int] = {}
    for r in found:
        loc = r["locations"][0].get("physicalLocation", {}).get("artifactLocation", {}).get("uri")
        kind = "review" if r["properties"]["needsReview"] else "fail"  # the same whatever --fail-on-review
        key = (r["ruleId"], kind, r["partialFingerprints"]["a11yFingerprint/v1"], loc or r["properties"]["page"])
        seen[key] = seen.get(key, 0) + 1
        digest = hashlib.sha256(json.dumps([*key, seen[key]]).encode("utf-8")).hexdigest()[:16]
        r["partialFingerprints"]["a11yOccurrence/v1"] = digest


@register
class SarifReporter(Reporter):
    name = "sarif"
    filenames = ("results.sarif",)

    def render(self, results: Results, out_dir: Path) -> list[Path]:
        rules: dict[str, dict] = {}
        found: list[dict] = []
        baseline = {f.fingerprint: f.baseline for f in results.findings} if results.baseline_file else {}
        entries = {e.get("entry"): e for e in results.suppressions}
        v = verdict(results)  # what fails the build: the exit code's verdict
        for page in results.scanned_pages:
            for kind in ("violations", "incomplete", "suppressed"):
                for r in getattr(page, kind):
                    rules.setdefault(r.rule, _descriptor(r))
                    index = list(rules).index(r.rule)
                    found += [_result(r, n, index, page, kind, v, baseline, entries) for n in r.nodes]
        _occurrence_fingerprints(found)
        # Exit code 3 (verdict.py: incomplete) is a run that did not succeed.
        invocation = {"executionSuccessful": v.status != "incomplete",
                      "toolExecutionNotifications": _notifications(results, v)}
        invocation.update({k: v for k, v in (("startTimeUtc", results.started),
                                             ("endTimeUtc", results.finished)) if v})
        driver = {"name": results.tool.get("name", "a11y"), "version": results.tool.get("version", "unknown"),
                  "rules": list(rules.values())}
        if home := _home_page(results.tool):
            driver["informationUri"] = home
        engines = [{"name": e.get("name", "axe-core"), "version": e.get("version", "unknown"),
                    **({"informationUri": ENGINE_HOMES[e.get("name")]} if e.get("name") in ENGINE_HOMES else {})}
                   for e in results.engines]
        run = {"tool": {"driver": driver, "extensions": engines}, "invocations": [invocation],
               "artifacts": [{"location": _artifact(p), "roles": ["analysisTarget"]} for p in results.scanned_pages
                             if not _local_without_file(p)],
               # Columns count characters (Python's str), not UTF-16 code units.
               "columnKind": "unicodeCodePoints",
               "results": found, "properties": {"standard": results.standard, "summary": results.summary,
                                                "verdict": v.status, "exitCode": v.exit_code,
                                                "failOn": v.fail_on, "failOnReview": v.fail_on_review}}
        if results.baseline_file:
            # Fixed findings are listed here rather than as results with baselineState "absent":
            # GitHub code scanning takes every result for an open alert, whatever its state. Not
            # checked: known findings on pages this run did not scan, so neither fixed nor present.
            run["properties"]["baseline"] = {"file": results.baseline_file, "fixed": results.fixed,
                                             "notChecked": results.not_checked}
        log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
        return [write_atomic(out_dir / "results.sarif", json.dumps(log, indent=2, ensure_ascii=False) + "\n")]
