"""Settings errors name their source (a11y.toml line N, [tool.a11y] in pyproject.toml,
or the command line) with a hint that fits. All are caught before a browser starts."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from a11y.cli import main

PYPROJECT = '[project]\nname = "x"\n\n[tool.a11y]\nquiet = true\n{}\n'


def _scan(tmp_path, monkeypatch, files: dict[str, str], *args):
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["scan", "http://127.0.0.1:9/", "--out", "o", *args])
    assert result.exit_code == 2, result.output
    cause, hint = result.stderr.splitlines()
    return cause, hint


@pytest.mark.parametrize("files, cause, hint", [
    ({"a11y.toml": 'fail-on = "none"\nmax-pages = "ten"\n'},
     'a11y: error: a11y.toml line 2: max-pages = "ten" is not a whole number',
     "hint: numbers take no quotes in TOML: max-pages = 100; "
     "or give --max-pages on the command line (it wins over the file)"),
    ({"a11y.toml": "max-pages = 0\n"},
     "a11y: error: a11y.toml line 1: invalid value for max-pages: 0 is not in the range x>=1.",
     "hint: fix max-pages in a11y.toml, or give --max-pages on the command line (it wins over the file)"),
    ({"pyproject.toml": PYPROJECT.format('fail-on = "often"')},
     "a11y: error: [tool.a11y] in pyproject.toml, line 6: invalid value for fail-on: 'often' is not one of "
     "'critical', 'serious', 'moderate', 'minor', 'none'.",
     "hint: fix fail-on in [tool.a11y] in pyproject.toml, or give --fail-on on the command line "
     "(it wins over the file)"),
    ({"a11y.toml": '# checked in CI\nformat = ["json", "pdf"]\n'},
     "a11y: error: a11y.toml line 2: invalid value for format: unknown format pdf; choose from "
     "csv, earl, html, json, junit, md, openacr, sarif",
     "hint: fix format in a11y.toml, or give --format on the command line (it wins over the file)"),
    ({"a11y.toml": "quiet = true\nmax_pagez = 3\n"},
     "a11y: error: a11y.toml line 2: unknown setting 'max_pagez'",
     "hint: did you mean 'max-pages'? settings are named as the options of `a11y scan` (see `a11y scan --help`)"),
    ({"pyproject.toml": PYPROJECT.format('no-sitemap = "yes"')},
     'a11y: error: [tool.a11y] in pyproject.toml, line 6: no-sitemap = "yes" is not true or false',
     "hint: write no-sitemap = true or no-sitemap = false (no quotes); "
     "or give --no-sitemap on the command line (it wins over the file)"),
])
def test_a_bad_setting_names_its_file_and_line(tmp_path, monkeypatch, files, cause, hint):
    assert _scan(tmp_path, monkeypatch, files) == (cause, hint)


@pytest.mark.parametrize("name, text, line", [
    ("a11y.toml", 'quiet = true\nformat = json\n', 2),
    ("pyproject.toml", PYPROJECT.format("exclude = [/admin/*]"), 6),
])
def test_a_toml_syntax_error_says_so_and_where(tmp_path, monkeypatch, name, text, line):
    cause, hint = _scan(tmp_path, monkeypatch, {name: text})
    assert cause.startswith(f"a11y: error: {name} line {line}: TOML syntax error (column ")
    assert hint.startswith("hint: TOML needs quotes around text and brackets around lists")


def test_a_bad_flag_names_the_command_line(tmp_path, monkeypatch):
    cause, hint = _scan(tmp_path, monkeypatch, {"a11y.toml": "max-pages = 5\n"}, "--max-pages", "ten")
    assert cause == "a11y: error: invalid value for --max-pages on the command line: 'ten' is not a valid integer range."
    assert hint == "hint: `a11y scan --help` describes --max-pages"


def test_an_unknown_rule_id_names_the_setting_it_came_from(tmp_path, monkeypatch):
    """Rule ids are checked against the axe-core in Chromium, after the browser starts."""
    cause, hint = _scan(tmp_path, monkeypatch, {"a11y.toml": 'quiet = true\ndisable-rules = ["no-such-rule"]\n'})
    assert cause.startswith("a11y: error: unknown rule id 'no-such-rule' (")
    assert cause.endswith("), from a11y.toml line 2")
    assert hint.startswith("hint: `a11y rules` lists the rules")


def test_a_missing_baseline_names_the_setting_it_came_from(tmp_path, monkeypatch):
    cause, _ = _scan(tmp_path, monkeypatch, {"pyproject.toml": PYPROJECT.format('baseline = "a11y-baseline.json"')})
    assert cause == ("a11y: error: baseline a11y-baseline.json: no such file "
                     "(--baseline, from [tool.a11y] in pyproject.toml, line 6)")
