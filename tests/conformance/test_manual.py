"""Manual results: parsing with line-numbered errors, and merging with the scan."""
from __future__ import annotations

import textwrap

import pytest

from a11y.catalog import load_openacr_catalog
from a11y.manual import ManualError, load_manual, merge, parse_manual

CATALOG = load_openacr_catalog("2.5-edition-wcag-2.0-508-en")


def _parse(text: str):
    return parse_manual(textwrap.dedent(text), "manual.yaml", CATALOG)


def _error(text: str) -> ManualError:
    with pytest.raises(ManualError) as info:
        _parse(text)
    return info.value


GOOD = """\
    evaluator: Jane Doe
    date: 2026-11-30
    methods: Keyboard and NVDA with Firefox
    criteria:
      "2.4.5": {level: supports, notes: Site map and search}
      2.4.7:
        level: Partially Supports
        notes: Focus ring missing on the search button
      "302.1": {level: does-not-support}
      "1.1.1":
        web: {level: supports}
        electronic-docs: {level: does-not-support, notes: The PDF is untagged}
"""


def test_reads_levels_notes_and_components():
    m = _parse(GOOD)
    assert (m.evaluator, m.date, m.methods) == ("Jane Doe", "2026-11-30", "Keyboard and NVDA with Firefox")
    assert m.get("2.4.5", "web").level == "supports"
    assert m.get("2.4.5", "web").notes == "Site map and search"
    assert m.get("2.4.7", "web").level == "partially-supports"  # VPAT labels are accepted
    assert m.get("302.1", "none").level == "does-not-support"  # 508 chapters use the 'none' component
    assert m.get("1.1.1", "electronic-docs").notes == "The PDF is untagged"
    assert m.get("1.1.1", "web").line == 11


def test_load_manual_from_a_file(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text(textwrap.dedent(GOOD))
    assert load_manual(path, CATALOG).get("2.4.5", "web").level == "supports"
    with pytest.raises(ManualError, match="no such file"):
        load_manual(tmp_path / "missing.yaml", CATALOG)


@pytest.mark.parametrize("text,line,message", [
    ("""\
     evaluator: J
     criteria:
       "1.1.1": {level: supports}
       "9.9.9": {level: supports}
     """, 4, "unknown criterion '9.9.9'"),
    ("""\
     criteria:
       "1.1.1":
         level: mostly
     """, 3, "unknown level 'mostly' for criterion 1.1.1"),
    ("""\
     criteria:
       "1.1.1": {level: supports
       "1.4.3": {level: supports}
     """, 2, "not valid YAML: expected ',' or '}', but got ':' on line 3, in the flow mapping that starts here"),
    ("""\
     criteria:
       "1.1.1":
         notes: "unclosed
     """, 3, "not valid YAML: found unexpected end of stream on line 4, in the quoted scalar that starts here"),
    ("""\
     criteria:
       "1.1.1": {levle: supports, notes: fine}
     """, 2, "unknown key 'levle' (did you mean 'level'?) in criterion 1.1.1"),
    ("""\
     criteria:
       "1.1.1":
         levle: supports
     """, 3, "unknown key 'levle' (did you mean 'level'?) in criterion 1.1.1"),
    ("""\
     criteria:
       "1.1.1":
         wbe: {level: supports}
     """, 3, "component 'wbe' is not used by 1.1.1 (did you mean 'web'?)"),
    ("""\
     criteria:
       "1.4.10": {level: supports}
     """, 2, "criterion '1.4.10' is in wcag21aa, wcag22aa, not section508"),
    ("""\
     criteria:
       "1.1.1": {level: supports}
       "1.1.1": {level: does-not-support}
     """, 3, "'1.1.1' appears twice"),
    ("""\
     criteria:
       "1.1.1": {notes: fine}
     """, 2, "criterion 1.1.1 has no level"),
    ("""\
     criteria:
       "1.1.1": {level: supports, colour: red}
     """, 2, "unknown key 'colour'"),
    ("""\
     criteria:
       "1.1.1":
         kiosk: {level: supports}
     """, 3, "component 'kiosk' is not used by 1.1.1"),
    ("""\
     evaluator: J
     critera:
       "1.1.1": {level: supports}
     """, 2, "unknown key 'critera' (did you mean 'criteria'?)"),
    ("""\
     - just
     - a list
     """, 1, "must be a mapping"),
])
def test_bad_files_name_the_line(text, line, message):
    err = _error(text)
    assert f"manual.yaml, line {line}: " in str(err), str(err)
    assert message in str(err)
    assert err.hint


def test_a_criterion_of_another_standard_gets_a_fitting_hint():
    assert _error('criteria: {"1.4.10": {level: supports}}').hint == (
        "report against that standard (a11y acr --standard wcag21aa), or remove 1.4.10")
    assert "not in section508 nor any other standard" in str(_error('criteria: {"9.9.9": {level: supports}}'))


def test_empty_file_and_missing_criteria():
    assert "empty" in str(_error(""))
    assert "no `criteria:`" in str(_error("evaluator: J\n"))


# --- merging -------------------------------------------------------------

MANUAL = _parse(GOOD)
PAGES = ["http://x/a", "http://x/b"]


def test_tester_level_stands_when_the_scan_found_no_failures():
    m = merge("not-evaluated", "No failures found by automated checks.", "Manual review: do X.", [],
              MANUAL.get("2.4.5", "web"), MANUAL)
    assert m.level == "supports" and not m.conflict
    assert m.notes.startswith("Evaluator (Jane Doe, 2026-11-30): Site map and search.")
    assert "Manual review: do X" not in m.notes  # the step is done
    assert m.source == "evaluator"


def test_tester_can_mark_not_applicable_when_nothing_failed():
    m = parse_manual('criteria: {"1.2.2": {level: not-applicable, notes: No video}}', "m", CATALOG)
    got = merge("not-evaluated", "", "", [], m.get("1.2.2", "web"), m)
    assert got.level == "not-applicable"


def test_supports_against_failures_keeps_the_worse_level_and_names_the_pages():
    m = merge("does-not-support", "Automated testing found failures.", "", PAGES, MANUAL.get("1.1.1", "web"), MANUAL)
    assert m.level == "does-not-support"
    assert "conflicts" in m.conflict and "http://x/a, http://x/b" in m.conflict
    assert m.notes.startswith(m.conflict)
    assert "Automated scan: Automated testing found failures." in m.notes


def test_not_applicable_against_failures_is_a_conflict():
    m = parse_manual('criteria: {"1.4.3": {level: not-applicable}}', "m", CATALOG)
    got = merge("partially-supports", "fails", "", PAGES[:1], m.get("1.4.3", "web"), m)
    assert got.level == "partially-supports" and got.conflict


def test_partial_against_majority_failures_keeps_does_not_support():
    got = merge("does-not-support", "fails", "", PAGES, MANUAL.get("2.4.7", "web"), MANUAL)
    assert got.level == "does-not-support" and got.conflict


def test_a_tester_who_finds_it_worse_wins_without_conflict():
    m = parse_manual('criteria: {"1.4.3": {level: does-not-support, notes: Everywhere}}', "m", CATALOG)
    got = merge("partially-supports", "fails on one page", "", PAGES[:1], m.get("1.4.3", "web"), m)
    assert got.level == "does-not-support" and not got.conflict
    assert "Everywhere" in got.notes and "fails on one page" in got.notes


def test_not_evaluated_from_the_tester_leaves_the_scan_level():
    m = parse_manual('criteria: {"1.4.3": {level: not-evaluated, notes: Later}}', "m", CATALOG)
    got = merge("partially-supports", "fails", "Manual review: y", PAGES[:1], m.get("1.4.3", "web"), m)
    assert got.level == "partially-supports" and "Later" in got.notes and "Manual review: y" in got.notes


def test_no_entry_means_the_scan_level():
    got = merge("not-evaluated", "evidence", "todo", [], None, MANUAL)
    assert (got.level, got.notes, got.source) == ("not-evaluated", "evidence todo", "automated")


def test_the_readme_example_is_a_valid_manual_file():
    """The README shows the per-component form the error hints point to; it must parse."""
    import re

    from tests.conftest import ROOT

    example = re.search(r"```yaml\n(evaluator:.*?)```", (ROOT / "README.md").read_text(), re.S).group(1)
    m = parse_manual(example, "README.md", CATALOG)
    assert m.get("1.1.1", "electronic-docs").level == "does-not-support"
    assert m.get("1.4.3", "web").level == "partially-supports"


def test_a_second_yaml_document_is_said_plainly():
    e = _error("""\
        criteria:
          "2.4.5": {level: supports}
        ---
        criteria:
          "1.4.3": {level: supports}
    """)
    assert str(e) == "manual.yaml, line 3: the file holds more than one YAML document: a second one starts here"
    assert "remove the `---` line" in e.hint


def _rows(acr) -> dict:
    return {(r.num, c.id): c for ch in acr.chapters for r in ch.criteria for c in r.components}


def test_a_testers_verdict_on_a_row_without_scan_evidence_stands_alone():
    """The chapter's default note ("Not evaluated: review the product's documentation ...", "Level
    AAA is not required ...; not evaluated.") is no finding of the scan: after a tester's verdict
    it would contradict it."""
    from a11y.reporters.openacr import build_acr

    from ..reporters.sample import sample_results

    m = parse_manual(textwrap.dedent("""\
        evaluator: Jane Doe
        criteria:
          "602.3": {level: supports, notes: Help pages are accessible}
          "1.4.6": {level: supports}
          "1.3.2": {level: supports, notes: Reading order checked}
    """), "m.yaml", CATALOG)
    acr = build_acr(sample_results(), manual=m)
    rows = _rows(acr)
    assert rows[("602.3", "none")].notes == "Evaluator (Jane Doe): Help pages are accessible."
    assert rows[("602.3", "none")].level == "supports"
    assert rows[("1.4.6", "web")].notes == "Evaluator (Jane Doe): supports."
    # 1.3.2 has no automated check: nothing of the scan to add either.
    assert rows[("1.3.2", "web")].notes == "Evaluator (Jane Doe): Reading order checked."
    # Rows the tester left keep their default note; rows with scan evidence keep it after the verdict.
    assert "Not evaluated: review the product's documentation" in rows[("602.2", "none")].notes
    # The AAA chapter says a AAA criterion was evaluated (the others were not).
    assert acr.aaa_evaluated == ["1.4.6"]
    aaa = next(ch for ch in acr.chapters if ch.id == "success_criteria_level_aaa")
    assert "evaluated 1 Level AAA criterion(s): 1.4.6. The others were not evaluated." in aaa.notes
    # ...and so does the Applicable Standards table, in every format that has it.
    assert acr.aaa_text == "Partly: evaluated manually for 1.4.6"
    assert build_acr(sample_results()).aaa_text == "No: not evaluated"


def test_a_testers_verdict_keeps_the_scans_evidence_after_it():
    from a11y.reporters.openacr import build_acr

    from ..reporters.sample import sample_results

    m = parse_manual('criteria: {"2.4.2": {level: supports, notes: Titles checked}}', "m.yaml", CATALOG)
    row = _rows(build_acr(sample_results(), manual=m))[("2.4.2", "web")]
    assert row.notes.startswith("Evaluator: Titles checked. Automated scan: ")
    assert "document-title" in row.notes
    aaa = next(ch for ch in build_acr(sample_results()).chapters if ch.id == "success_criteria_level_aaa")
    assert aaa.notes == "Level AAA is not incorporated by the Revised Section 508 Standards and was not evaluated."
