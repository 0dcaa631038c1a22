"""The criteria catalog in rules/: WCAG 2.0 A/AA for Section 508, plus profiles.

The YAML files are data; this module loads them strictly (unknown keys, wrong
types and dangling references are errors naming the file and criterion), so a
typo in rules/ fails loudly instead of silently dropping a criterion.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import yaml

from .yamlio import load_data

# rules/ lives at the project root; src/a11y/data/rules is a symlink to it, so that an
# editable install reads the files in place and a built wheel carries a copy.
# A11Y_RULES_DIR points elsewhere (a test's own catalog, an agency's edited copy).
RULES_DIR = Path(__file__).resolve().parent / "data" / "rules"

STANDARDS = ("section508", "wcag21aa", "wcag22aa")
_FILES = {"section508": "wcag20.yaml", "wcag21aa": "profiles/wcag21aa.yaml",
          "wcag22aa": "profiles/wcag22aa.yaml"}
AUTOMATION = ("failures-only", "applicability")
WCAG_LEVELS = ("A", "AA")
_NUM = re.compile(r"^\d+\.\d+\.\d+$")


class CatalogError(ValueError):
    """A rules/ file that does not match the catalog format."""


@dataclass(frozen=True)
class Criterion:
    num: str
    handle: str
    level: str  # A | AA
    wcag_version: str  # the WCAG version that introduced it
    manual: str
    automation: str = "failures-only"
    provisions: tuple[str, ...] = ()
    exempt: tuple[str, ...] = ()  # non-web-documents, non-web-software
    baseline: tuple[str, ...] = ()
    axe: tuple[str, ...] = ()
    checks: tuple[str, ...] = ()  # the project's own browser checks
    applicability_rules: tuple[str, ...] = ()
    applicability_reason: str = ""

    @property
    def procedures(self) -> tuple[str, ...]:
        return self.axe + self.checks

    @property
    def automated(self) -> bool:
        return bool(self.procedures)

    @property
    def sort_key(self) -> tuple[int, ...]:
        return tuple(int(p) for p in self.num.split("."))


@dataclass
class Catalog:
    id: str
    title: str
    wcag_version: str
    openacr_catalog: str
    axe_tags: tuple[str, ...]
    criteria: list[Criterion]
    provisions: dict[str, str] = field(default_factory=dict)
    exemptions: dict[str, str] = field(default_factory=dict)
    baseline_tests: dict[str, str] = field(default_factory=dict)
    obsolete: dict[str, str] = field(default_factory=dict)

    def get(self, num: str) -> Criterion | None:
        return next((c for c in self.criteria if c.num == num), None)

    def by_level(self, level: str) -> list[Criterion]:
        return [c for c in self.criteria if c.level == level]

    def coverage(self) -> tuple[int, int]:
        """(criteria with any automated procedure, all criteria)."""
        return sum(c.automated for c in self.criteria), len(self.criteria)

    def rule_index(self) -> dict[str, list[str]]:
        """procedure id -> criteria it gives evidence for."""
        out: dict[str, list[str]] = {}
        for c in self.criteria:
            for rule in c.procedures:
                out.setdefault(rule, []).append(c.num)
        return out


# --- strict reading ------------------------------------------------------

def _expect(cond: bool, where: str, msg: str) -> None:
    if not cond:
        raise CatalogError(f"{where}: {msg}")


def _str_list(value, where: str) -> tuple[str, ...]:
    value = [] if value is None else value
    _expect(isinstance(value, list), where, "expected a list")
    return tuple(str(v) for v in value)


def _keys(d: dict, allowed: set[str], required: set[str], where: str) -> None:
    _expect(isinstance(d, dict), where, "expected a mapping")
    unknown = set(d) - allowed
    _expect(not unknown, where, f"unknown key(s) {', '.join(sorted(map(str, unknown)))}")
    missing = required - set(d)
    _expect(not missing, where, f"missing key(s) {', '.join(sorted(missing))}")


_TOP = {"id", "title", "extends", "wcag_version", "openacr_catalog", "axe_tags", "provisions",
        "exemptions", "baseline_tests", "obsolete", "criteria"}
_CRIT = {"num", "handle", "level", "provisions", "exempt", "baseline", "procedures", "automation",
         "applicability", "manual"}


def _criterion(raw: dict, wcag_version: str, where: str) -> Criterion:
    _keys(raw, _CRIT, {"num", "handle", "level", "procedures", "automation", "manual"}, where)
    num = str(raw["num"])
    where = f"{where} ({num})"
    _expect(bool(_NUM.match(num)), where, "num must look like 1.2.3")
    _expect(raw["level"] in WCAG_LEVELS, where, f"level must be one of {', '.join(WCAG_LEVELS)}")
    _expect(raw["automation"] in AUTOMATION, where, f"automation must be one of {', '.join(AUTOMATION)}")
    procs = raw["procedures"]
    _keys(procs, {"axe", "checks"}, {"axe"}, f"{where} procedures")
    app = raw.get("applicability")
    if raw["automation"] == "applicability":
        _expect(isinstance(app, dict), where, "automation: applicability needs an applicability block")
        _keys(app, {"rules", "reason"}, {"rules", "reason"}, f"{where} applicability")
        _expect(bool(app["rules"]), where, "applicability.rules must not be empty")
    else:
        _expect(app is None, where, "applicability block given but automation is failures-only")
        app = {}
    for key in ("handle", "manual"):
        _expect(isinstance(raw[key], str) and raw[key].strip() != "", where, f"{key} must be text")
    return Criterion(
        num=num, handle=raw["handle"], level=raw["level"], wcag_version=wcag_version,
        manual=raw["manual"].strip(), automation=raw["automation"],
        provisions=_str_list(raw.get("provisions"), where), exempt=_str_list(raw.get("exempt"), where),
        baseline=_str_list(raw.get("baseline"), where),
        axe=_str_list(procs.get("axe"), f"{where} procedures.axe"),
        checks=_str_list(procs.get("checks"), f"{where} procedures.checks"),
        applicability_rules=_str_list(app.get("rules"), where),
        applicability_reason=str(app.get("reason", "")),
    )


def _read(path: Path) -> dict:
    try:
        data = load_data(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CatalogError(f"{path}: no such catalog file") from None
    except yaml.YAMLError as e:
        raise CatalogError(f"{path}: not valid YAML ({e})") from None
    _keys(data, _TOP, {"id", "title", "wcag_version", "openacr_catalog", "criteria"}, str(path))
    return data


def _str_map(value, where: str) -> dict[str, str]:
    value = value or {}
    _expect(isinstance(value, dict), where, "expected a mapping")
    return {str(k): str(v) for k, v in value.items()}


def load_catalog(standard: str = "section508", rules_dir: str | Path | None = None) -> Catalog:
    """The catalog for a standard: section508 (WCAG 2.0 A/AA) or a profile built on it."""
    rules_dir = Path(rules_dir or os.environ.get("A11Y_RULES_DIR") or RULES_DIR)
    return _load(standard, str(rules_dir))


@lru_cache(maxsize=16)
def _load(standard: str, rules_dir: str) -> Catalog:
    if standard not in _FILES:
        raise CatalogError(f"unknown standard {standard!r} (choose from {', '.join(STANDARDS)})")
    path = Path(rules_dir) / _FILES[standard]
    data = _read(path)
    _expect(data["id"] == standard, str(path), f"id is {data['id']!r}, expected {standard!r}")
    base = None
    if data.get("extends"):
        base = _load(str(data["extends"]), rules_dir)
    version = str(data["wcag_version"])
    raw_criteria = data["criteria"]
    _expect(isinstance(raw_criteria, list) and raw_criteria, str(path), "criteria must be a non-empty list")
    own = [_criterion(raw, version, f"{path} criteria[{i}]") for i, raw in enumerate(raw_criteria)]
    criteria = (list(base.criteria) if base else []) + own
    obsolete = {**(base.obsolete if base else {}), **_str_map(data.get("obsolete"), str(path))}
    # An obsolete criterion stays in the report (with its note) but gathers no evidence in
    # this standard: no axe rule or check runs for it (4.1.1 in WCAG 2.2).
    criteria = [replace(c, axe=(), checks=()) if c.num in obsolete else c for c in criteria]
    seen: set[str] = set()
    for c in criteria:
        _expect(c.num not in seen, str(path), f"criterion {c.num} listed twice")
        seen.add(c.num)
    catalog = Catalog(
        id=standard, title=str(data["title"]), wcag_version=version,
        openacr_catalog=str(data["openacr_catalog"]),
        axe_tags=(base.axe_tags if base else ()) + _str_list(data.get("axe_tags"), str(path)),
        criteria=sorted(criteria, key=lambda c: c.sort_key),
        provisions={**(base.provisions if base else {}), **_str_map(data.get("provisions"), str(path))},
        exemptions={**(base.exemptions if base else {}), **_str_map(data.get("exemptions"), str(path))},
        baseline_tests={**(base.baseline_tests if base else {}),
                        **_str_map(data.get("baseline_tests"), str(path))},
        obsolete=obsolete,
    )
    _check_references(catalog, path)
    return catalog


def _check_references(catalog: Catalog, path: Path) -> None:
    for c in catalog.criteria:
        where = f"{path} ({c.num})"
        for p in c.provisions:
            _expect(p in catalog.provisions, where, f"unknown provision {p}")
        for e in c.exempt:
            _expect(e in catalog.exemptions, where, f"unknown exemption {e}")
        for t in c.baseline:
            _expect(t in catalog.baseline_tests, where, f"unknown baseline test {t}")
    for num in catalog.obsolete:
        _expect(catalog.get(num) is not None, str(path), f"obsolete criterion {num} is not in the catalog")


# --- GSA OpenACR catalogs (the report's chapters, criteria, components, terms) ---

OPENACR_DIR = Path(__file__).resolve().parent / "data" / "openacr"
OPENACR_SCHEMA = OPENACR_DIR / "openacr-0.1.0.json"


@dataclass(frozen=True)
class AcrCriterion:
    num: str
    handle: str
    chapter: str
    components: tuple[str, ...]


@dataclass
class AcrChapter:
    id: str
    label: str
    criteria: list[AcrCriterion]


@dataclass
class OpenAcrCatalog:
    name: str
    title: str
    standards: list[dict]
    chapters: list[AcrChapter]
    components: dict[str, str]  # id -> label
    terms: dict[str, dict]  # id -> {label, description}

    def criterion(self, num: str) -> AcrCriterion | None:
        return next((c for ch in self.chapters for c in ch.criteria if c.num == num), None)

    def chapter(self, chapter_id: str) -> AcrChapter | None:
        return next((ch for ch in self.chapters if ch.id == chapter_id), None)


@lru_cache(maxsize=8)
def load_openacr_catalog(name: str) -> OpenAcrCatalog:
    path = OPENACR_DIR / f"{name}.yaml"
    if not path.is_file():
        raise CatalogError(f"unknown OpenACR catalog {name!r}")
    data = load_data(path.read_text(encoding="utf-8"))
    chapters = [
        AcrChapter(id=ch["id"], label=ch["label"], criteria=[
            AcrCriterion(num=str(c["id"]), handle=str(c.get("handle", "")).strip(), chapter=ch["id"],
                         components=tuple(c.get("components", ())))
            for c in ch["criteria"]])
        for ch in data["chapters"]
    ]
    return OpenAcrCatalog(
        name=name, title=data["title"], standards=data["standards"], chapters=chapters,
        components={c["id"]: c["label"] for c in data["components"]},
        terms={t["id"]: {"label": t["label"], "description": " ".join(t["description"].split())}
               for t in data["terms"]},
    )


@lru_cache(maxsize=1)
def wcag_handles() -> dict[str, str]:
    """Success criterion number -> handle ("1.1.1" -> "Non-text Content"), for every WCAG
    criterion any of the shipped OpenACR editions lists (A, AA and AAA; 2.0 to 2.2)."""
    handles: dict[str, str] = {}
    for path in sorted(OPENACR_DIR.glob("2.5-edition-wcag-*.yaml")):
        for chapter in load_openacr_catalog(path.stem).chapters:
            for c in chapter.criteria:
                if _NUM.match(c.num) and c.handle:
                    handles.setdefault(c.num, c.handle)
    return handles
