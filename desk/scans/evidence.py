"""What the coordinator's request page shows of a scan: failing criteria by name, findings
grouped by rule (element and help link), and what a re-scan fixed or added."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from a11y.catalog import wcag_handles
from a11y.models import selector_text

from .model import Scan
from .record import load

ELEMENTS_SHOWN = 20  # per rule; the full report has them all
_CRITERION = re.compile(r"^\d\.\d{1,2}\.\d{1,2}$")


@dataclass
class Element:
    selector: str
    html: str
    baseline: str  # new | unchanged (against the first scan), or "" on the first scan


@dataclass
class RuleGroup:
    rule: str
    impact: str | None
    help: str
    help_url: str
    criteria: list[tuple[str, str]]
    elements: list[Element] = field(default_factory=list)
    count: int = 0


@dataclass
class Evidence:
    criteria: list[tuple[str, str]]  # (number, name) of each failing criterion
    rules: list[RuleGroup]
    compared: bool = False
    fixed: list[dict] = field(default_factory=list)
    new: int = 0
    unchanged: int = 0


def name_of(num: str) -> str:
    return wcag_handles().get(num, "")


def named(nums) -> list[tuple[str, str]]:
    return [(n, name_of(n)) for n in nums]


def known_criterion(num: str) -> bool:
    return bool(_CRITERION.match(num)) and num in wcag_handles()


def evidence(scan: Scan) -> Evidence | None:
    results = load(scan) if scan.status == "done" else None
    if results is None:
        return None
    compared = scan.compared_to_id is not None
    groups: dict[str, RuleGroup] = {}
    for f in results.findings:
        group = groups.get(f.rule)
        if group is None:
            group = groups[f.rule] = RuleGroup(f.rule, f.impact, f.help, f.help_url, named(f.wcag))
        group.count += 1
        if len(group.elements) < ELEMENTS_SHOWN:
            group.elements.append(Element(selector_text(f.target), f.html, f.baseline if compared else ""))
    return Evidence(
        criteria=named(scan.criteria_list()), rules=list(groups.values()), compared=compared,
        fixed=results.fixed if compared else [],
        new=sum(f.baseline == "new" for f in results.findings) if compared else 0,
        unchanged=sum(f.baseline == "unchanged" for f in results.findings) if compared else 0,
    )
