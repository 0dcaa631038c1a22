"""The rules/ catalog: complete, strict, and consistent with axe and OpenACR."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from a11y.catalog import RULES_DIR, STANDARDS, CatalogError, load_catalog, load_openacr_catalog

WCAG20_A = ["1.1.1", "1.2.1", "1.2.2", "1.2.3", "1.3.1", "1.3.2", "1.3.3", "1.4.1", "1.4.2", "2.1.1", "2.1.2",
            "2.2.1", "2.2.2", "2.3.1", "2.4.1", "2.4.2", "2.4.3", "2.4.4", "3.1.1", "3.2.1", "3.2.2", "3.3.1",
            "3.3.2", "4.1.1", "4.1.2"]
WCAG20_AA = ["1.2.4", "1.2.5", "1.4.3", "1.4.4", "1.4.5", "2.4.5", "2.4.6", "2.4.7", "3.1.2", "3.2.3", "3.2.4",
             "3.3.3", "3.3.4"]
_TAG = re.compile(r"^wcag(\d)(\d)(\d+)$")


def test_section508_has_the_38_criteria_of_e205_4():
    cat = load_catalog("section508")
    assert [c.num for c in cat.by_level("A")] == WCAG20_A
    assert [c.num for c in cat.by_level("AA")] == WCAG20_AA
    assert all(set(c.provisions) == {"E205.4", "E207.2"} for c in cat.criteria)


def test_exactly_four_criteria_are_exempt_for_documents_and_software():
    cat = load_catalog("section508")
    exempt = {c.num: set(c.exempt) for c in cat.criteria if c.exempt}
    assert exempt == {n: {"non-web-documents", "non-web-software"} for n in ("2.4.1", "2.4.5", "3.2.3", "3.2.4")}


def test_every_criterion_has_baseline_tests_and_a_manual_step():
    for standard in STANDARDS:
        for c in load_catalog(standard).criteria:
            assert c.manual and len(c.manual.splitlines()) == 1
            if c.wcag_version == "2.0":
                assert c.baseline, c.num


@pytest.mark.parametrize("standard,total", [("section508", 38), ("wcag21aa", 50), ("wcag22aa", 56)])
def test_profiles_add_their_criteria(standard, total):
    cat = load_catalog(standard)
    assert len(cat.criteria) == total
    assert len({c.num for c in cat.criteria}) == total
    covered, n = cat.coverage()
    assert 0 < covered < n


@pytest.mark.parametrize("standard", STANDARDS)
def test_matches_the_openacr_catalog(standard):
    cat = load_catalog(standard)
    acr = load_openacr_catalog(cat.openacr_catalog)
    for level, chapter in (("A", "success_criteria_level_a"), ("AA", "success_criteria_level_aa")):
        expected = {c.num: c.handle for c in acr.chapter(chapter).criteria}
        assert {c.num: c.handle for c in cat.by_level(level)} == expected


def test_applicability_only_where_automation_can_see_the_content():
    cat = load_catalog("section508")
    decidable = {c.num for c in cat.criteria if c.automation == "applicability"}
    assert decidable == {"1.2.1", "1.2.2", "1.2.3", "1.2.4", "1.2.5"}
    for num in decidable:
        assert "video-caption" in cat.get(num).applicability_rules
        assert cat.get(num).applicability_reason


@pytest.mark.browser
@pytest.mark.parametrize("standard", STANDARDS)
def test_catalog_agrees_with_the_bundled_axe(axe_rules, standard):
    cat = load_catalog(standard)
    known = {r["ruleId"]: r["tags"] for r in axe_rules}
    nums = {c.num for c in cat.criteria}
    # Every rule the catalog names exists in axe.
    for c in cat.criteria:
        for rule_id in list(c.axe) + list(c.applicability_rules):
            assert rule_id in known, f"{c.num}: axe has no rule {rule_id!r}"
    # Every axe rule with one of the catalog's tags maps to each catalog criterion its tags name.
    index = cat.rule_index()
    for rule_id, tags in known.items():
        if not set(tags) & set(cat.axe_tags):
            continue
        named = {".".join(m.groups()) for t in tags if (m := _TAG.match(t))} & nums
        assert named, f"{rule_id} ({tags}) names no criterion in {standard}"
        assert named <= set(index.get(rule_id, ())), f"{rule_id} should give evidence for {sorted(named)}"


# --- strict loading ------------------------------------------------------

@pytest.fixture
def rules_copy(tmp_path) -> Path:
    shutil.copytree(RULES_DIR, tmp_path / "rules")
    return tmp_path / "rules"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize("old,new,message", [
    ("    automation: failures-only\n    manual: Check that every meaningful",
     "    automation: sometimes\n    manual: Check that every meaningful", "automation must be one of"),
    ("    level: A\n", "    level: AAA\n", "level must be one of"),
    ("    baseline: [6.A, 6.B, 6.C, 10.A]", "    baseline: [6.A, 99.Z]", "unknown baseline test 99.Z"),
    ("    handle: Non-text Content\n", "    handle: Non-text Content\n    colour: red\n", "unknown key(s) colour"),
    ("  - num: 1.2.2\n", "  - num: 1.1.1\n", "criterion 1.1.1 listed twice"),
    ("    exempt: [non-web-documents, non-web-software]\n    baseline: [4.A]",
     "    exempt: [kiosks]\n    baseline: [4.A]", "unknown exemption kiosks"),
])
def test_loader_rejects_bad_catalogs(rules_copy, old, new, message):
    _edit(rules_copy / "wcag20.yaml", old, new)
    with pytest.raises(CatalogError, match=re.escape(message)):
        load_catalog("section508", rules_copy)


def test_loader_names_the_file_for_bad_yaml(rules_copy):
    (rules_copy / "profiles" / "wcag21aa.yaml").write_text("criteria: [\n")
    with pytest.raises(CatalogError, match=r"wcag21aa\.yaml: not valid YAML"):
        load_catalog("wcag21aa", rules_copy)


def test_unknown_standard():
    with pytest.raises(CatalogError, match="unknown standard"):
        load_catalog("wcag3")
