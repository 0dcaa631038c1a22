"""results.sarif: SARIF 2.1.0 for code-scanning views (GitHub, Azure DevOps, VS Code viewers)."""
from __future__ import annotations

import hashlib
import json
from importlib import metadata
from pathlib import Path
from urllib.parse import quote

from ..models import Node, Page, Results, RuleResult, fingerprint
from ..suppressions import entry_name
from . import Reporter, register, views, write_atomic

ENGINE_HOMES = {"axe-core": "https://github.com/dequelabs/axe-core"}

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"  # the base of local files' relative URIs: the working folder of the scan
LEVELS = {"critical": "error", "serious": "error", "moderate": "warning", "minor": "note"}


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


def _result(r: RuleResult, node: Node, index: int, page: Page, review: bool, baseline: dict,
            entries: dict | None = None) -> dict:
    fp = fingerprint(r.rule, node.target, node.html)
    parts = [p if isinstance(p, str) else " >> ".join(p) for p in node.target]
    out = {
        "ruleId": r.rule, "ruleIndex": index,
        # Needs review: SARIF's kind "review"; the spec requires level "none" for any kind but "fail".
        "kind": "review" if review else "fail", "level": "none" if review else LEVELS.get(r.impact, "warning"),
        "message": {"text": r.help + (f"\n{node.summary}" if node.summary else "")},
        "locations": [{**_physical(page, node),
                       "logicalLocations": [{"name": parts[-1] if parts else "", "kind": "element",
                                             "fullyQualifiedName": node.selector()}]}],
        "partialFingerprints": {"a11yFingerprint/v1": fp},
        "properties": {"selector": node.selector(), "target": node.target, "impact": r.impact, "wcag": r.wcag,
                       "page": page.final_url or page.url},
    }
    if r.suppressed_by is not None:
        out["suppressions"] = [_suppression((entries or {}).get(r.suppressed_by, {"entry": r.suppressed_by}))]
    elif baseline and not review:
        out["baselineState"] = baseline.get(fp, "new")
    return out


def _occurrence_fingerprints(found: list[dict]) -> None:
    """a11yFingerprint/v1 is the problem (the same logo on every page is one); a11yOccurrence/v1
    is this element on this page: the problem, the page (its file for a local folder), and which
    of the page's identical elements it is. Both hold from run to run, so a dashboard tracks each
    result without folding the logo of ten files, or two identical inputs, into one."""
    seen: dict[tuple, int] = {}
    for r in found:
        loc = r["locations"][0].get("physicalLocation", {}).get("artifactLocation", {}).get("uri")
        key = (r["ruleId"], r["kind"], r["partialFingerprints"]["a11yFingerprint/v1"], loc or r["properties"]["page"])
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
        for page in results.scanned_pages:
            for review, group in ((False, page.violations), (True, page.incomplete), (False, page.suppressed)):
                for r in group:
                    rules.setdefault(r.rule, _descriptor(r))
                    index = list(rules).index(r.rule)
                    found += [_result(r, n, index, page, review, baseline, entries) for n in r.nodes]
        _occurrence_fingerprints(found)
        notes = [{"level": "error" if p.status == "error" else "note",
                  "message": {"text": f"{p.url}: {p.status}" + (f": {p.reason}" if p.reason else "")}}
                 for p in results.pages if p.status != "scanned"]
        notes += [{"level": "warning", "message": {"text": f"{entry_name(e)}: {views.SUPPRESSION_STATUS[e['status']]}"}}
                  for e in results.suppressions if e.get("status") in ("expired", "stale")]
        invocation = {"executionSuccessful": bool(results.complete), "toolExecutionNotifications": notes}
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
               "results": found, "properties": {"standard": results.standard, "summary": results.summary}}
        log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
        return [write_atomic(out_dir / "results.sarif", json.dumps(log, indent=2, ensure_ascii=False) + "\n")]
