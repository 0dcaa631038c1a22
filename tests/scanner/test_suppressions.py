"""Reviewed suppressions ([[ignore]] in a11y.toml): reading the entries, applying them to
results, and a real scan where they accept a finding, expire and go stale."""
from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from a11y import suppressions
from a11y.cli import main
from a11y.config import ConfigError, find_config
from a11y.verdict import verdict
from tests.reporters.sample import sample_results
from tests.support import read_results, scan

TODAY = date(2026, 12, 2)


def entries(tmp_path, text: str, name: str = "a11y.toml"):
    (tmp_path / name).write_text(text)
    return suppressions.load(find_config(tmp_path))


def test_entries_are_read_with_their_lines(tmp_path):
    text = ('format = "json"\n\n[[ignore]]\nrule = "image-alt"\nurl = "/about/*"\nreason = "decorative, '
            'tracked in #12"\nuntil = 2027-01-31\n\n[[ignore]]\nrule = "region"\nurl = "*"\n'
            'selector = "div.stray"\nreason = "third-party widget"\nuntil = "2026-12-01"\n')
    first, second = entries(tmp_path, text)
    assert (first.number, first.rule, first.url, first.until, first.where) == (
        1, "image-alt", "/about/*", date(2027, 1, 31), "a11y.toml line 3")
    assert (second.selector, second.until, second.where) == ("div.stray", date(2026, 12, 1), "a11y.toml line 9")
    assert second.expired(TODAY) and not first.expired(TODAY)


def test_pyproject_entries(tmp_path):
    text = ('[project]\nname = "x"\n\n[tool.a11y]\nquiet = true\n\n[[tool.a11y.ignore]]\nrule = "image-alt"\n'
            'url = "*"\nreason = "r"\n')
    [entry] = entries(tmp_path, text, "pyproject.toml")
    assert entry.where == "[tool.a11y] in pyproject.toml, line 7"


@pytest.mark.parametrize("body, message", [
    ('rule = "image-alt"\nurl = "*"\n', "a11y.toml line 1: [[ignore]] entry 1: has no reason (say why"),
    ('rule = "image-alt"\nurl = "*"\nreason = " "\n', "entry 1: reason is empty (say why this finding is accepted)"),
    ('url = "*"\nreason = "r"\n', "entry 1: has no rule"),
    ('rule = "image-alt"\nurl = "/a/[b*"\nreason = "r"\n', "url '/a/[b*' has a '[' (at character 4) with no closing ']'"),
    ('rule = "image-alt"\nurl = ""\nreason = "r"\n', "entry 1: url is empty"),
    ('rule = 3\nurl = "*"\nreason = "r"\n', "entry 1: rule must be text, in quotes"),
    ('rule = "image-alt"\nurl = "*"\nreason = "r"\nuntil = "next year"\n', "until 'next year' is not a date"),
    ('rule = "image-alt"\nurl = "*"\nreason = "r"\nuntil = 2027-02-30\n', "TOML syntax error"),
    ('rule = "image-alt"\nurl = "*"\nreason = "r"\nresaon = "r"\n', "unknown key 'resaon'"),
])
def test_a_bad_entry_is_named(tmp_path, body, message):
    with pytest.raises(ConfigError) as e:
        entries(tmp_path, "[[ignore]]\n" + body)
    assert message in str(e.value)


def test_the_second_entry_is_named_by_number_and_line(tmp_path):
    with pytest.raises(ConfigError, match=r"a11y.toml line 5: \[\[ignore\]\] entry 2: has no reason"):
        entries(tmp_path, '[[ignore]]\nrule = "a"\nurl = "*"\nreason = "r"\n[[ignore]]\nrule = "b"\nurl = "*"\n')


def test_globs_with_brackets_that_close_are_fine():
    for good in ("/a/[ab]/*", "*[]]*", "/x[!0-9]y", "*"):
        assert suppressions.glob_problem(good) is None, good


def test_apply_moves_matches_out_of_every_count_and_the_verdict(tmp_path):
    [accept, expired, stale, other_page] = entries(tmp_path, (
        '[[ignore]]\nrule = "image-alt"\nurl = "/about.html"\nselector = "header > img.logo"\nreason = "a11y-123"\n'
        '[[ignore]]\nrule = "link-name"\nurl = "*"\nreason = "old"\nuntil = 2026-12-01\n'
        '[[ignore]]\nrule = "region"\nurl = "/nowhere/*"\nreason = "gone"\n'
        '[[ignore]]\nrule = "color-contrast"\nurl = "*/about.html"\nreason = "only on about"\n'))
    results = sample_results()
    before = results.summary
    suppressions.apply(results, [accept, expired, stale, other_page], TODAY)
    from a11y.models import finalise
    finalise(results)
    about = results.pages[1]
    assert [(r.rule, r.suppressed_by, [n.selector() for n in r.nodes]) for r in about.suppressed] == [
        ("image-alt", 1, ["header > img.logo"])]
    assert "image-alt" not in [r.rule for r in about.violations]
    home = results.pages[0]
    assert "image-alt" in [r.rule for r in home.violations]  # the same logo on another page still counts
    assert results.summary["failing_elements"] == before["failing_elements"] - 1
    assert results.summary["suppressed_elements"] == 1
    assert [(e["entry"], e["status"], e["matched"]) for e in results.suppressions] == [
        (1, "active", 1), (2, "expired", 1), (3, "stale", 0), (4, "stale", 0)]
    v = verdict(results)
    assert v.suppressed_elements == 1
    assert [e["entry"] for e in v.expired_suppressions] == [2]
    assert [e["entry"] for e in v.stale_suppressions] == [3, 4]
    assert "link-name" in [f.rule for f in v.gating_findings]  # the expired entry no longer suppresses


def test_the_last_day_still_suppresses(tmp_path):
    [entry] = entries(tmp_path, '[[ignore]]\nrule = "link-name"\nurl = "*"\nreason = "r"\nuntil = 2026-12-02\n')
    results = suppressions.apply(sample_results(), [entry], TODAY)
    assert results.suppressions[0]["status"] == "active"
    assert suppressions.apply(sample_results(), [entry], date(2026, 12, 3)).suppressions[0]["status"] == "expired"


def test_an_unknown_rule_is_refused_before_any_page(tmp_path, monkeypatch):
    (tmp_path / "a11y.toml").write_text('quiet = true\n\n[[ignore]]\nrule = "image-alts"\nurl = "*"\nreason = "r"\n')
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["scan", "http://127.0.0.1:9/", "--out", "o"])
    assert result.exit_code == 2, result.output
    cause, hint = result.stderr.splitlines()
    assert cause == ("a11y: error: a11y.toml line 3: [[ignore]] entry 1: unknown rule 'image-alts' "
                     "(did you mean 'image-alt'?)")
    assert "a11y rules" in hint
    assert not (tmp_path / "o" / "results.json").exists()


def test_a_bad_date_exits_2_naming_the_entry(tmp_path, monkeypatch):
    (tmp_path / "a11y.toml").write_text('[[ignore]]\nrule = "image-alt"\nurl = "*"\nreason = "r"\nuntil = "soon"\n')
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["scan", "http://127.0.0.1:9/", "--out", "o"])
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [
        "a11y: error: a11y.toml line 1: [[ignore]] entry 1: until 'soon' is not a date",
        "hint: write a date as YYYY-MM-DD, e.g. until = 2027-06-30"]


SITE = {
    "index.html": '<!doctype html><html lang="en"><head><title>Home</title></head><body><main><h1>Home</h1>'
                  '<img src="logo.png" class="logo"><p><a href="about.html">About</a></p></main></body></html>',
    "about.html": '<!doctype html><html lang="en"><head><title>About</title></head><body><main><h1>About</h1>'
                  '<img src="team.png" id="team"><p><a href="index.html">Home</a></p></main></body></html>',
}


def test_a_scan_with_suppressions_in_every_format(tmp_path):
    """With our checks on: the entry in force takes the only failure out of the verdict (exit 0);
    each format names it with its reason; the expired and stale entries are reported."""
    site = tmp_path / "site"
    site.mkdir()
    for name, text in SITE.items():
        (site / name).write_text(text)
    (tmp_path / "a11y.toml").write_text(
        '[[ignore]]\nrule = "image-alt"\nurl = "/about.html"\nreason = "Team photo: alt text in review, A11Y-7"\n'
        'until = 2999-12-31\n\n'
        '[[ignore]]\nrule = "image-alt"\nurl = "/index.html"\nreason = "Old logo exception"\nuntil = 2020-01-01\n\n'
        '[[ignore]]\nrule = "label"\nurl = "*"\nreason = "form removed last year"\n')
    proc = scan("site/index.html", "--out", "out", "--format", "json,html,md,sarif,junit,csv,earl,openacr",
                cwd=tmp_path, expect=1)
    # The logo's entry expired: the logo counts again (exit 1); the team photo stays accepted.
    assert "[[ignore]] entry 2 (a11y.toml line 7, rule image-alt) expired on 2020-01-01" in proc.stderr
    assert "[[ignore]] entry 3 (a11y.toml line 13, rule label) is stale" in proc.stderr
    out = tmp_path / "out"
    results = read_results(out)
    pages = {p["url"].rsplit("/", 1)[-1]: p for p in results["pages"] if p["status"] == "scanned"}
    assert [r["rule"] for r in pages["about.html"]["suppressed"]] == ["image-alt"]
    assert "image-alt" not in [r["rule"] for r in pages["about.html"]["violations"]]
    assert "image-alt" in [r["rule"] for r in pages["index.html"]["violations"]]
    assert results["summary"]["suppressed_elements"] == 1
    assert [(e["status"], e["matched"]) for e in results["suppressions"]] == [
        ("active", 1), ("expired", 1), ("stale", 0)]
    reason = "Team photo: alt text in review, A11Y-7"
    html = (out / "report.html").read_text()
    assert 'id="suppressed"' in html and reason in html and "expired: no longer suppressing" in html
    md = (out / "summary.md").read_text()
    assert "### Suppressed (reviewed exceptions, not counted)" in md and reason in md
    assert "(1 suppressed element(s) not counted)" in md.splitlines()[0]
    sarif = json.loads((out / "results.sarif").read_text())
    suppressed = [r for r in sarif["runs"][0]["results"] if "suppressions" in r]
    assert [(r["ruleId"], r["suppressions"][0]["justification"]) for r in suppressed] == [
        ("image-alt", f"{reason} (until 2999-12-31)")]
    notes = [n["message"]["text"] for n in sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]]
    assert any("entry 2" in n and "expired" in n for n in notes) and any("entry 3" in n and "stale" in n for n in notes)
    assert f"suppressed by [[ignore]] entry 1: {reason}" in (out / "junit.xml").read_text()
    assert reason in (out / "findings.csv").read_text(encoding="utf-8-sig")
    assert reason in (out / "results.earl.json").read_text()
    assert reason in (out / "acr.md").read_text()

    # Without the expired entry the only failure left is accepted: the build passes.
    (tmp_path / "a11y.toml").write_text(
        '[[ignore]]\nrule = "image-alt"\nurl = "*"\nreason = "Team photo and logo: A11Y-7"\n')
    scan("site/index.html", "--out", "out2", "--format", "json,md", cwd=tmp_path, expect=0)
    assert "Passed" in (tmp_path / "out2" / "summary.md").read_text().splitlines()[0]
