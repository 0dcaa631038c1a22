"""`a11y acr` states its dates and contact address as fact: a date that is no YYYY-MM-DD day
and an address that is no e-mail address are refused (exit 2), naming where each came from,
the value and the form it needs (no browser: the results are crafted)."""
from __future__ import annotations

import pytest
import yaml
from click.testing import CliRunner

from a11y.cli import main
from a11y.cli_conformance import is_email, is_iso_date

from ..reporters.sample import sample_results


def _acr(tmp_path, *args):
    results = tmp_path / "results.json"
    results.write_text(sample_results().to_json())
    return CliRunner().invoke(main, ["acr", str(results), "--out", str(tmp_path / "acr"), *map(str, args)],
                              catch_exceptions=False)


def _manual(tmp_path, date: str):
    path = tmp_path / "manual.yaml"
    path.write_text(f'evaluator: Jane\ndate: {date}\ncriteria:\n  "2.4.5": {{level: supports}}\n')
    return path


@pytest.mark.parametrize("value", ["2026-11-30", "2024-02-29"])
def test_real_iso_dates_are_dates(value):
    assert is_iso_date(value)


@pytest.mark.parametrize("value", ["tomorrow", "2026-02-30", "2025-02-29", "2026-13-01", "20261130", "2026-W48-1",
                                   "30/11/2026", "2026-11-30T10:00", "2026-1-3", ""])
def test_other_text_is_not_a_date(value):
    assert not is_iso_date(value)


@pytest.mark.parametrize("value", ["a11y@example.gov", "first.last+acr@agency.example.org"])
def test_addresses_are_addresses(value):
    assert is_email(value)


@pytest.mark.parametrize("value", ["not an email", "jane", "jane@", "@example.gov", "jane@example", "a@b@c.gov",
                                   "jane doe@example.gov", "jane@example..gov"])
def test_other_text_is_not_an_address(value):
    assert not is_email(value)


@pytest.mark.parametrize("date", ["tomorrow", "2026-02-30"])
def test_a_manual_file_with_no_real_date_exits_2_naming_file_value_and_form(tmp_path, date):
    manual = _manual(tmp_path, date)
    r = _acr(tmp_path, "--manual", manual)
    assert r.exit_code == 2
    assert f"a11y: error: {manual}: date '{date}' is not a date" in r.output
    assert "YYYY-MM-DD" in r.output
    assert not (tmp_path / "acr").exists()  # nothing written


def test_a_bad_report_date_exits_2(tmp_path):
    r = _acr(tmp_path, "--report-date", "someday")
    assert r.exit_code == 2
    assert "a11y: error: --report-date 'someday' is not a date" in r.output and "YYYY-MM-DD" in r.output
    assert not (tmp_path / "acr").exists()


def test_a_bad_contact_email_exits_2(tmp_path):
    r = _acr(tmp_path, "--contact-email", "not an email")
    assert r.exit_code == 2
    assert "a11y: error: --contact-email 'not an email' is not an e-mail address" in r.output
    assert "e.g. accessibility@example.gov" in r.output
    assert not (tmp_path / "acr").exists()


def test_good_values_go_into_the_report(tmp_path):
    r = _acr(tmp_path, "--manual", _manual(tmp_path, "2026-11-30"), "--report-date", " 2026-12-01 ",
             "--contact-email", "a11y@example.gov")
    assert r.exit_code == 0, r.output
    doc = yaml.safe_load((tmp_path / "acr" / "acr.yaml").read_text())
    assert doc["report_date"] == "2026-12-01" and doc["vendor"]["email"] == "a11y@example.gov"
    assert "Evaluator (Jane, 2026-11-30)" in (tmp_path / "acr" / "acr.md").read_text()


def test_empty_values_are_values_not_given(tmp_path):
    r = _acr(tmp_path, "--report-date", "", "--contact-email", "")
    assert r.exit_code == 0, r.output
    doc = yaml.safe_load((tmp_path / "acr" / "acr.yaml").read_text())
    assert doc["vendor"]["email"] == "Not provided"
