"""The results record: plain dataclasses that serialise to results.json.

Everything after the browser (roll-up, baseline, reporters) works from these,
so they can be loaded from a saved file and tested without Chromium.
"""
from __future__ import annotations

import functools
import hashlib
import io
import json
import re
import sys
import types
import typing
from collections.abc import Callable
from dataclasses import MISSING, asdict, dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any

from .textfile import NotText, decode

SCHEMA_VERSION = "2.5"
# 2.0: `engines` (every engine used, with its version) replaces `engine` (axe-core only).
# 2.1: reviewed suppressions: `suppressions`, a page's `suppressed`, a result's `suppressed_by`,
#      summary `suppressed_elements`; local folders: a page's `file`, a node's `line` and `column`
#      (and URLs are URL paths, with no loopback port).
# 2.2: a page's `from_cache` (--cache: its record was reused, the page unchanged since).
# 2.3: a page's `settled` (review items another engine's rule decided), a result's `settled_by`,
#      summary `settled_elements`.
# 2.4: `not_checked` (baseline findings on pages this scan did not scan; `fixed` holds only those on
#      pages it scanned), summary `not_checked_findings`.
# 2.5: `skipped_unlisted` (pages skipped beyond the records kept one by one, counted by reason),
#      summary `skipped_unlisted`; summary `pages` and `skipped` count them too. Later: a page's
#      optional `waited` (what its audit waited for after load; absent from older files).
READABLE_MAJORS = ("1", "2")

# Most severe first; axe's four impact levels.
IMPACTS = ("critical", "serious", "moderate", "minor")

PAGE_STATUSES = ("scanned", "error", "skipped")

_WCAG_TAG = re.compile(r"^wcag(\d)(\d)(\d+)$")


def impact_rank(impact: str | None) -> int:
    """0 for critical … 3 for minor; unknown impacts rank below minor."""
    try:
        return IMPACTS.index(impact or "")
    except ValueError:
        return len(IMPACTS)


def wcag_from_tags(tags: list[str]) -> list[str]:
    """axe tags such as 'wcag143' or 'wcag1410' -> success criteria '1.4.3', '1.4.10'."""
    out = []
    for tag in tags:
        m = _WCAG_TAG.match(tag)
        if m:
            out.append(".".join(m.groups()))
    return out


def selector_text(target: list[Any]) -> str:
    """A readable one-line form of an axe target: frames joined with ' >>> ', shadow roots with ' >> '."""
    return " >>> ".join(" >> ".join(part) if isinstance(part, list) else str(part) for part in target)


@dataclass
class Node:
    target: list[Any]  # as axe gives it: strings, or arrays for frame / shadow paths
    html: str = ""
    summary: str = ""
    screenshot: str | None = None  # path relative to the results folder, when taken
    line: int | None = None  # local folder: where the element's start tag is in the page's file (1-based)
    column: int | None = None

    def selector(self) -> str:
        return selector_text(self.target)


def settled_summary(by: str, passed: bool, evidence: str) -> str:
    """A settled review node's summary (Page.settled): the deciding rule, its verdict, its evidence."""
    return f"decided by {by}: {'passes' if passed else f'fails (reported under {by})'}; {evidence}"


def settled_passed(by: str, node: Node) -> bool:
    return node.summary.startswith(f"decided by {by}: passes;")


@dataclass
class RuleResult:
    rule: str
    impact: str | None
    wcag: list[str]
    help: str
    help_url: str
    description: str = ""
    tags: list[str] = field(default_factory=list)
    engine: str = "axe"
    nodes: list[Node] = field(default_factory=list)
    suppressed_by: int | None = None  # the [[ignore]] entry (1-based) that accepted these nodes
    settled_by: str | None = None  # the rule (of another engine) that decided these review nodes


@dataclass
class Page:
    url: str
    status: str  # scanned | error | skipped
    final_url: str | None = None
    reason: str | None = None
    http_status: int | None = None
    title: str | None = None
    content_type: str | None = None
    depth: int = 0
    found_on: str | None = None  # the page that linked here (for broken-link reports)
    violations: list[RuleResult] = field(default_factory=list)
    incomplete: list[RuleResult] = field(default_factory=list)
    passed: list[str] = field(default_factory=list)  # rule ids that applied and passed
    inapplicable: list[str] = field(default_factory=list)  # rule ids with nothing to test
    duration_ms: int | None = None
    suppressed: list[RuleResult] = field(default_factory=list)  # violations an [[ignore]] entry accepted
    file: str | None = None  # local folder: the page's file, relative to the working folder (locations.py)
    from_cache: bool = False  # --cache: the record of an earlier scan, reused (the page had not changed)
    # Review items one engine left and another's rule decided (engines.base.Settlement): kept
    # to show the evidence, counted neither as failures nor as items to review.
    settled: list[RuleResult] = field(default_factory=list)
    # What the audit waited for after the page loaded, when it waited (settle.py): its scripts
    # still rendering it, transitions started on load; and whether it was still changing at the cap.
    waited: str | None = None

    @property
    def is_document(self) -> bool:
        """A non-HTML resource (PDF, office file) that needs its own 508 review."""
        return self.status == "skipped" and (self.reason or "").startswith("not-html")


def share_strings(page: Page) -> Page:
    """page, with each of its texts held once for the whole scan: the pages of a site repeat most
    of what their records hold (a rule's help and tags, a failure's summary, the markup of a
    header every page has). The records of 500 pages of Python's documentation took 40 MB as
    they came from the browser and 23 MB with their repeats shared. (Interned strings are
    freed with their last use, so a text of one page alone costs nothing more.)"""
    for found in (page.violations, page.incomplete, page.suppressed, page.settled):
        for result in found:
            result.rule, result.help, result.help_url, result.description, result.engine = (
                _shared(result.rule), _shared(result.help), _shared(result.help_url),
                _shared(result.description), _shared(result.engine))
            result.impact = _shared(result.impact)
            result.wcag, result.tags = _shared(result.wcag), _shared(result.tags)
            for node in result.nodes:
                node.html, node.summary, node.target = _shared(node.html), _shared(node.summary), _shared(node.target)
    page.passed, page.inapplicable = _shared(page.passed), _shared(page.inapplicable)
    return page


def _shared(value):
    if type(value) is str:
        return sys.intern(value)
    if type(value) is list:
        return [_shared(v) for v in value]
    return value


@dataclass
class Occurrence:
    url: str
    target: list[Any]
    html: str = ""


@dataclass
class Finding:
    """One problem (rule + element) grouped across every page it appears on."""

    fingerprint: str
    rule: str
    impact: str | None
    wcag: list[str]
    help: str
    help_url: str
    html: str
    target: list[Any]
    occurrences: list[Occurrence] = field(default_factory=list)
    baseline: str = "new"  # new | unchanged (relative to --baseline)

    @property
    def pages(self) -> list[str]:
        return sorted({o.url for o in self.occurrences})


@dataclass
class Results:
    standard: str
    started: str
    finished: str | None = None
    complete: bool = False
    schema_version: str = SCHEMA_VERSION
    tool: dict[str, str] = field(default_factory=dict)
    engines: list[dict[str, str]] = field(default_factory=list)  # [{"name": "axe-core", "version": "4.12.1"}, ...]
    options: dict[str, Any] = field(default_factory=dict)
    pages: list[Page] = field(default_factory=list)
    # Pages skipped beyond the records kept one by one (discovery's MAX_SKIPPED): {reason: count} (2.5).
    skipped_unlisted: dict[str, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    fixed: list[dict[str, Any]] = field(default_factory=list)  # baseline entries gone, on pages scanned (all of them)
    # Baseline entries not found, on pages this run did not scan (baseline.sort_gone): not fixed (2.4).
    not_checked: list[dict[str, Any]] = field(default_factory=list)
    baseline_file: str | None = None
    suppressions: list[dict[str, Any]] = field(default_factory=list)  # [[ignore]] entries and their status
    summary: dict[str, Any] = field(default_factory=dict)

    # --- derived views -------------------------------------------------
    @property
    def scanned_pages(self) -> list[Page]:
        return [p for p in self.pages if p.status == "scanned"]

    @property
    def engines_text(self) -> str:
        """'axe-core 4.12.1, a11y-checks 0.1.0': the engines that produced these results."""
        return ", ".join(" ".join(v for v in (e.get("name", ""), e.get("version", "")) if v)
                         for e in self.engines) or "axe-core"

    @property
    def documents(self) -> list[Page]:
        return [p for p in self.pages if p.is_document]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_json(self) -> str:
        out = io.StringIO()
        self.write_json(out)
        return out.getvalue()

    def write_json(self, fh) -> None:
        """to_json's text, written to fh as it is made: each field on a line of its own, and each
        record of a list field (a page, a finding) on one line of its own.

        A crawl's results.json is rewritten as pages finish: made whole (a copy of every record,
        then the text), it took Python's memory up by the file's size several times over (31 MB of
        JSON at 500 pages of Python's documentation), which broke the scan's memory budget; made a
        record at a time it does not. A record a line lets json's C encoder make each record
        (indented output is made by its pure-Python one, 4.5 times slower: the rewrites held up
        the event loop the pages' work runs on for 5% of a scan of small pages)."""
        encode = json.JSONEncoder(ensure_ascii=False, default=_fields_of).encode
        fields_ = list(_fields_of(self).items())
        fh.write("{\n")
        for i, (name, value) in enumerate(fields_):
            fh.write(f"  {json.dumps(name)}: ")
            if isinstance(value, list) and value:
                fh.write("[\n")
                for j, record in enumerate(value):
                    fh.write("    " + encode(record) + (",\n" if j < len(value) - 1 else "\n"))
                fh.write("  ]")
            else:
                fh.write(encode(value))
            fh.write(",\n" if i < len(fields_) - 1 else "\n")
        fh.write("}")


def _fields_of(obj: Any) -> dict[str, Any]:
    """A dataclass's fields, one level down (json encodes what they hold as it meets it): the
    same JSON as asdict, without asdict's deep copy of everything first."""
    if is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: getattr(obj, f.name) for f in fields(obj)}
    raise TypeError(f"{type(obj).__name__} is not JSON serializable")


# --- fingerprints and roll-up ------------------------------------------

_WS = re.compile(r"\s+")


def fingerprint(rule: str, target: list[Any], html: str) -> str:
    """Stable across runs and pages: the rule, how deep in frames, and the element's markup.

    axe's selectors are the shortest unique ones for the page at hand, so they
    change when unrelated markup changes; only the frame depth of the target is used.
    """
    key = json.dumps([rule, len(target), _WS.sub(" ", html).strip()], sort_keys=True)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def group_findings(pages: list[Page], kind: str = "violations") -> list[Finding]:
    """Group the nodes of scanned pages across pages by fingerprint, most severe first.
    kind is 'violations' (the findings) or 'incomplete' (needs review)."""
    by_fp: dict[str, Finding] = {}
    # In address order, not the order pages finished in: the same scan of the same site gives the
    # same occurrences in the same order, and the same element stands for each finding.
    for page in sorted(pages, key=lambda p: (p.final_url or p.url, p.url)):
        if page.status != "scanned":
            continue
        for result in getattr(page, kind):
            for node in result.nodes:
                fp = fingerprint(result.rule, node.target, node.html)
                finding = by_fp.get(fp)
                if finding is None:
                    finding = by_fp[fp] = Finding(
                        fingerprint=fp, rule=result.rule, impact=result.impact,
                        wcag=list(result.wcag), help=result.help, help_url=result.help_url,
                        html=node.html, target=node.target,
                    )
                finding.occurrences.append(
                    Occurrence(url=page.final_url or page.url, target=node.target, html=node.html)
                )
    return sorted(by_fp.values(), key=lambda f: (impact_rank(f.impact), f.rule, f.fingerprint))


# The counts of a scan, named once (README "Counts"); every format uses these keys and labels.
COUNT_LABELS = {
    "failing_elements": "failing elements",  # each failing element on each page
    "failing_page_rule_pairs": "(page, rule) pairs failing",  # each rule failing on a page
    "distinct_findings": "distinct findings",  # failing elements grouped across pages by fingerprint
    "review_elements": "elements to review",
    "review_page_rule_pairs": "(page, rule) pairs to review",
    "review_distinct_findings": "distinct findings to review",
}


def count_text(summary: dict[str, Any], keys) -> str:
    """'failing elements: 5, distinct findings: 3': the labelled counts, for one-line output."""
    return ", ".join(f"{COUNT_LABELS[k]}: {summary.get(k, 0)}" for k in keys)


def summarise(results: Results) -> dict[str, Any]:
    pages = results.pages
    by_impact = {i: 0 for i in IMPACTS}
    for page in results.scanned_pages:
        for r in page.violations:
            if r.impact in by_impact:
                by_impact[r.impact] += len(r.nodes)

    def elements(kind: str) -> int:
        return sum(len(r.nodes) for p in results.scanned_pages for r in getattr(p, kind))

    def pairs(kind: str) -> int:
        return sum(len(getattr(p, kind)) for p in results.scanned_pages)

    unlisted = sum(results.skipped_unlisted.values())
    return {
        "pages": len(pages) + unlisted,
        "scanned": sum(p.status == "scanned" for p in pages),
        "errors": sum(p.status == "error" for p in pages),
        "skipped": sum(p.status == "skipped" for p in pages) + unlisted,
        "skipped_unlisted": unlisted,  # of those, pages with no record of their own (2.5)
        "documents": len(results.documents),
        "broken_links": sum(1 for p in pages if (p.http_status or 0) >= 400),
        "failing_elements": elements("violations"),
        "failing_page_rule_pairs": pairs("violations"),
        "distinct_findings": len(results.findings),
        "failing_elements_by_impact": by_impact,
        "review_elements": elements("incomplete"),
        "review_page_rule_pairs": pairs("incomplete"),
        "review_distinct_findings": len(group_findings(results.pages, "incomplete")),
        "new_findings": sum(f.baseline == "new" for f in results.findings),
        "fixed_findings": len(results.fixed),
        "not_checked_findings": len(results.not_checked),
        "suppressed_elements": elements("suppressed"),
        "settled_elements": elements("settled"),
    }


def finalise(results: Results) -> Results:
    """Recompute findings and summary from pages (keeps baseline marks by fingerprint)."""
    marks = {f.fingerprint: f.baseline for f in results.findings}
    results.findings = group_findings(results.pages)
    for f in results.findings:
        f.baseline = marks.get(f.fingerprint, "new")
    results.summary = summarise(results)
    return results


# --- loading -----------------------------------------------------------

class ResultsFormatError(ValueError):
    """results.json that cannot be read: not JSON, not ours, an unknown schema, or a record that
    does not have the fields (and the types) a scan writes."""


# What each JSON type is called in a message ("must be an object, not null").
_JSON_NAMES = {dict: "an object", list: "a list", str: "a string", int: "a whole number", float: "a number",
               bool: "true or false", type(None): "null"}


def _json_name(value: Any) -> str:
    return _JSON_NAMES.get(type(value), type(value).__name__)


@functools.cache
def _field_types(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


@functools.cache
def _field_tests(cls: type) -> dict[str, Callable[[Any], bool] | None]:
    """For each field of cls, a quick test that a JSON value has its type (None: any value does).
    Made once: a large results.json has a million fields to test, and _check_type is slow."""
    return {name: _type_test(hint) for name, hint in _field_types(cls).items()}


def _type_test(hint: Any) -> Callable[[Any], bool] | None:
    if hint is Any:
        return None
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is types.UnionType:  # `X | None`, the only unions the records use
        [hint] = [a for a in args if a is not type(None)]
        inner = _type_test(hint)
        return None if inner is None else (lambda v: v is None or inner(v))
    expected = dict if is_dataclass(origin or hint) else (origin or hint)
    item = None
    if origin is list and not is_dataclass(args[0]):
        item = _type_test(args[0])
    elif origin is dict:
        item = _type_test(args[1])
    if item is None:
        return lambda v: type(v) is expected  # JSON gives these exact types (and True is not an int here)
    values = list.__iter__ if expected is list else dict.values
    return lambda v: type(v) is expected and all(map(item, values(v)))


@functools.cache
def _required_fields(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls) if f.default is MISSING and f.default_factory is MISSING)


def _at(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name


def _check_type(hint: Any, value: Any, where: str, or_null: str = "") -> None:
    """ResultsFormatError saying where value is not of the annotated type (value failed its
    _type_test). A list of records is only checked to be a list: each record is checked as read."""
    if hint is Any:
        return
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is types.UnionType:
        if value is None:
            return
        [hint] = [a for a in args if a is not type(None)]
        return _check_type(hint, value, where, " or null")
    expected = dict if is_dataclass(origin or hint) else (origin or hint)
    if type(value) is not expected:
        raise ResultsFormatError(f'"{where}" must be {_JSON_NAMES[expected]}{or_null}, not {_json_name(value)}')
    if origin is list and not is_dataclass(args[0]):
        for i, item in enumerate(value):
            _check_type(args[0], item, f"{where}[{i}]")
    elif origin is dict:
        for key, item in value.items():
            _check_type(args[1], item, _at(where, key))


def _record(cls: type, data: Any, where: str) -> dict[str, Any]:
    """A copy of data, a record of results.json at where, to make a cls of: ResultsFormatError if
    it is not an object, or a field is missing, unknown or of the wrong type (the reporters would
    fail on it later, far from the cause)."""
    if type(data) is not dict:
        raise ResultsFormatError(f'"{where}" must be an object, not {_json_name(data)}')
    tests = _field_tests(cls)
    for name in _required_fields(cls):
        if name not in data:
            raise ResultsFormatError(f'"{_at(where, name)}" is missing')
    for name, value in data.items():
        if name not in tests:
            raise ResultsFormatError(f'"{_at(where, name)}" is not a field a11y knows')
        test = tests[name]
        if test is not None and not test(value):
            _check_type(_field_types(cls)[name], value, _at(where, name))
    return dict(data)


def _rule_result(data: Any, where: str) -> RuleResult:
    d = _record(RuleResult, data, where)
    d["nodes"] = [Node(**_record(Node, n, f"{where}.nodes[{i}]")) for i, n in enumerate(d.get("nodes", []))]
    return RuleResult(**d)


def page_from_dict(data: dict[str, Any], where: str = "page") -> Page:
    """A page record as results.json (and the page cache) keep it. ResultsFormatError, naming
    where, for a field that is missing, unknown or of the wrong type."""
    p = _record(Page, data, where)
    for kind in ("violations", "incomplete", "suppressed", "settled"):
        p[kind] = [_rule_result(r, f"{where}.{kind}[{i}]") for i, r in enumerate(p.get(kind, []))]
    return Page(**p)


def _finding(data: Any, where: str) -> Finding:
    f = _record(Finding, data, where)
    f["occurrences"] = [Occurrence(**_record(Occurrence, o, f"{where}.occurrences[{i}]"))
                        for i, o in enumerate(f.get("occurrences", []))]
    return Finding(**f)


def results_from_dict(data: dict[str, Any]) -> Results:
    """Results from results.json's JSON; ResultsFormatError saying what is wrong where."""
    if not isinstance(data, dict) or "pages" not in data:
        raise ResultsFormatError("not an a11y results file (no 'pages')")
    version = str(data.get("schema_version", ""))
    if version.split(".")[0] not in READABLE_MAJORS:
        raise ResultsFormatError(
            f"results schema version {version or '(none)'} is not supported "
            f"(this a11y reads {', '.join(m + '.x' for m in READABLE_MAJORS)}); scan again with this version"
        )
    d = dict(data)
    if "engine" in d:  # 1.x: one engine, axe-core
        engine = d.pop("engine")
        d.setdefault("engines", [engine] if engine else [])
    # Fields a newer 2.x adds are left out, as before; those this one knows must be right.
    known = _record(Results, {k: v for k, v in d.items() if k in Results.__dataclass_fields__}, "")
    known["pages"] = [page_from_dict(p, f"pages[{i}]") for i, p in enumerate(known["pages"])]
    known["findings"] = [_finding(f, f"findings[{i}]") for i, f in enumerate(known.get("findings", []))]
    return Results(**known)


def read_json(path: Path, error: type[Exception], what: str = "") -> Any:
    """The JSON in path, or `error` with a message that names the file (as `what`, if given)."""
    name = f"{what} {path}" if what else str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise error(f"{name}: no such file") from None
    except OSError as e:  # a folder, no permission
        raise error(f"{name}: cannot be read ({e.strerror or e})") from None
    if raw.startswith(b"\x1f\x8b"):
        raise error(f"{name}: gzip-compressed, not JSON text (decompress it first: gunzip)")
    try:
        text = decode(raw)  # as an editor saves it: with a byte order mark (Notepad), or UTF-16 (PowerShell)
    except NotText as e:
        raise error(f"{name}: {e}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise error(f"{name}: not valid JSON (line {e.lineno}: {e.msg})") from None


def load_results(path: str | Path) -> Results:
    path = Path(path)
    data = read_json(path, ResultsFormatError)
    try:
        return results_from_dict(data)
    except ResultsFormatError as e:
        raise ResultsFormatError(f"{path}: {e}") from None
