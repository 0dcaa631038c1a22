"""acr.yaml is valid OpenACR 0.1.0 and agrees with its catalog; the reporter meets the contract."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from a11y.catalog import OPENACR_SCHEMA, load_openacr_catalog
from a11y.manual import parse_manual
from a11y.reporters.openacr import NOT_PROVIDED, Product, build_acr, render_yaml, to_openacr

from ..reporters.contract import ReporterContract
from ..reporters.sample import empty_results, sample_results
from .crafted import MEDIA_RULES, contrast, image_alt, page, pdf, results

SCHEMA = json.loads(Path(OPENACR_SCHEMA).read_text())
CHAPTERS = ["success_criteria_level_a", "success_criteria_level_aa", "success_criteria_level_aaa",
            "functional_performance_criteria", "hardware", "software", "support_documentation_and_services"]


def check_against_catalog(doc: dict) -> None:
    """Every chapter and criterion of the catalog present; levels and components from the catalog."""
    jsonschema.validate(doc, SCHEMA)
    cat = load_openacr_catalog(doc["catalog"])
    assert list(doc["chapters"]) == [ch.id for ch in cat.chapters] == CHAPTERS
    for ch in cat.chapters:
        rows = doc["chapters"][ch.id]["criteria"]
        assert [r["num"] for r in rows] == [c.num for c in ch.criteria], ch.id
        for row, crit in zip(rows, ch.criteria, strict=True):
            assert row["components"], row["num"]
            names = [c["name"] for c in row["components"]]
            assert len(names) == len(set(names))
            for comp in row["components"]:
                assert comp["name"] in crit.components, (row["num"], comp["name"])
                assert comp["adherence"]["level"] in cat.terms, (row["num"], comp["adherence"])


def _doc(res, **kw) -> dict:
    text = render_yaml(build_acr(res, **kw))
    return yaml.safe_load(text)


def _level(doc, chapter, num, component="web"):
    row = next(r for r in doc["chapters"][chapter]["criteria"] if r["num"] == num)
    comp = next(c for c in row["components"] if c["name"] == component)
    return comp["adherence"]


@pytest.mark.parametrize("standard,catalog", [
    ("section508", "2.5-edition-wcag-2.0-508-en"),
    ("wcag21aa", "2.5-edition-wcag-2.1-508-en"),
    ("wcag22aa", "2.5-edition-wcag-2.2-508-en"),
])
def test_valid_openacr_for_each_edition(standard, catalog):
    doc = _doc(sample_results(), standard=standard)
    assert doc["catalog"] == catalog
    check_against_catalog(doc)


@pytest.mark.parametrize("res", [sample_results(), empty_results(), results()], ids=["sample", "clean", "empty"])
def test_valid_for_any_results(res):
    check_against_catalog(_doc(res))


def test_standard_defaults_to_the_scans():
    assert _doc(results(page("a"), standard="wcag21aa"))["catalog"] == "2.5-edition-wcag-2.1-508-en"


def test_web_levels_come_from_the_roll_up():
    doc = _doc(results(page("a", violations=[image_alt()]), page("b", passed=["image-alt"]),
                       page("c", passed=["image-alt"])))
    assert _level(doc, "success_criteria_level_a", "1.1.1")["level"] == "partially-supports"
    assert _level(doc, "success_criteria_level_aa", "2.4.7")["level"] == "not-evaluated"
    assert all(c["adherence"]["level"] != "supports" for ch in doc["chapters"].values()
               for r in ch["criteria"] for c in r["components"])


def test_obsolete_note_for_4_1_1_in_wcag22():
    doc = _doc(results(page("a")), standard="wcag22aa")
    assert "obsolete" in _level(doc, "success_criteria_level_a", "4.1.1")["notes"]


def test_documents_add_electronic_docs_as_not_evaluated():
    doc = _doc(results(page("a"), pdf("annual.pdf")))
    docs = _level(doc, "success_criteria_level_a", "1.1.1", "electronic-docs")
    assert docs["level"] == "not-evaluated" and "annual.pdf" in docs["notes"]
    # The E205.4 exception: non-web documents need not meet 2.4.1.
    assert _level(doc, "success_criteria_level_a", "2.4.1", "electronic-docs")["level"] == "not-applicable"
    assert "annual.pdf" in doc["notes"]


def test_no_documents_no_electronic_docs_component():
    doc = _doc(results(page("a")))
    names = {c["name"] for r in doc["chapters"]["success_criteria_level_a"]["criteria"] for c in r["components"]}
    assert names == {"web"}


def test_508_chapters():
    doc = _doc(results(page("a", inapplicable=MEDIA_RULES)))
    hw = doc["chapters"]["hardware"]["criteria"]
    assert {c["adherence"]["level"] for r in hw for c in r["components"]} == {"not-applicable"}
    for chapter in ("functional_performance_criteria", "software", "support_documentation_and_services"):
        levels = {c["adherence"]["level"] for r in doc["chapters"][chapter]["criteria"] for c in r["components"]}
        assert levels == {"not-evaluated"}, chapter
        assert {c["name"] for r in doc["chapters"][chapter]["criteria"] for c in r["components"]} == {"none"}
    assert "501.1" in doc["chapters"]["software"]["notes"]


def test_missing_product_details_are_not_invented():
    doc = _doc(results(page("a")))
    assert doc["product"] == {"name": NOT_PROVIDED, "version": NOT_PROVIDED, "description": NOT_PROVIDED}
    assert doc["vendor"]["company_name"] == NOT_PROVIDED and doc["author"]["email"] == NOT_PROVIDED
    assert doc["title"] == "Accessibility Conformance Report"


def test_product_details_are_used():
    p = Product(name="Portal", version="3.1", description="Benefits portal", vendor="Agency X",
                contact_email="a11y@example.gov", report_date="2026-12-01")
    doc = _doc(results(page("a")), product=p)
    assert doc["product"] == {"name": "Portal", "version": "3.1", "description": "Benefits portal"}
    assert doc["title"] == "Agency X Accessibility Conformance Report"
    assert doc["report_date"] == "2026-12-01"
    assert doc["vendor"] == {"company_name": "Agency X", "email": "a11y@example.gov"}


def test_manual_levels_merge_and_conflicts_show():
    res = results(page("a", violations=[image_alt(), contrast()], passed=["document-title"]),
                  page("b", passed=["image-alt", "color-contrast"]))
    manual = parse_manual("""
evaluator: Jane Doe
date: 2026-11-30
criteria:
  "1.1.1": {level: supports, notes: Reviewed}
  "2.4.5": {level: supports, notes: Site map}
  "302.1": {level: partially-supports, notes: Screen reader issues}
  "402.2.1": {level: not-applicable}
""", "m.yaml", load_openacr_catalog("2.5-edition-wcag-2.0-508-en"))
    acr = build_acr(res, manual=manual)
    doc = to_openacr(acr)
    jsonschema.validate(doc, SCHEMA)
    one = _level(doc, "success_criteria_level_a", "1.1.1")
    assert one["level"] == "partially-supports"
    assert "conflicts" in one["notes"] and "http://127.0.0.1:8000/a" in one["notes"]
    assert _level(doc, "success_criteria_level_aa", "2.4.5")["level"] == "supports"
    assert _level(doc, "functional_performance_criteria", "302.1", "none")["level"] == "partially-supports"
    assert [(r.num, c.id) for r, c in acr.conflicts] == [("1.1.1", "web")]
    assert doc["author"]["name"] == "Jane Doe"
    assert "Jane Doe" in doc["evaluation_methods_used"]


class TestOpenAcrReporter(ReporterContract):
    format_name = "openacr"

    def test_writes_a_valid_draft(self, tmp_path):
        _, written = self.render(tmp_path)
        doc = yaml.safe_load((tmp_path / "acr.yaml").read_text())
        check_against_catalog(doc)
        assert "Draft" in doc["notes"]
        html = (tmp_path / "acr.html").read_text()
        assert "Draft" in html and "<script>alert(1)</script>" not in html
        md = (tmp_path / "acr.md").read_text()
        assert "| 1.1.1 Non-text Content (Level A) | Web: Does Not Support" in md


@pytest.mark.parametrize("draft", [True, False])
def test_no_markdown_backticks_leak_into_the_acr(draft):
    """Our own notes, evaluation methods and catalog text carry no `code` marks into the
    HTML or Markdown (a reader sees them as stray characters)."""
    from a11y.reporters.openacr import render_html, render_md

    manual = parse_manual('criteria: {"1.1.1": {level: supports}}', "m.yaml",
                          load_openacr_catalog("2.5-edition-wcag-2.0-508-en"))
    acr = build_acr(sample_results(), draft=draft, manual=None if draft else manual)
    for text in (render_html(acr), render_md(acr)):
        assert "`" not in text
