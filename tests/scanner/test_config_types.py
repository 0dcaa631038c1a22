"""a11y.toml values of the wrong TOML type are refused (exit 2) with the file, key, value and
what the option takes, never converted (`max-pages = true` is not 1 page); targets can be set
there; and a11y.toml beside a [tool.a11y] says which one is read."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from a11y.cli import main, option_names, scan
from a11y.config import ConfigError, ConfigFile, to_default_map
from tests.support import run_a11y

from .siteserver import page, site

CHECKED_BEFORE_ANY_PAGE = ["--out", "a-file/reports"]  # refused next if the settings pass


def _scan(tmp_path, monkeypatch, files: dict[str, str], *args):
    (tmp_path / "a-file").write_text("")
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    monkeypatch.chdir(tmp_path)
    return CliRunner().invoke(main, ["scan", "http://127.0.0.1:1/", *args])


@pytest.mark.parametrize("setting, expected", [
    ("out = 5", "out = 5 is not text, in quotes"),
    ("baseline = 5", "baseline = 5 is not text, in quotes"),
    ("cache = 5", "cache = 5 is not text, in quotes"),
    ("max-pages = true", "max-pages = true is not a whole number"),
    ("max-pages = 2.9", "max-pages = 2.9 is not a whole number"),
    ("timeout = true", "timeout = true is not a number"),
    ("thorough = 1", "thorough = 1 is not true or false"),
    ('fail-on = 3', 'fail-on = 3 is not one of "critical", "serious", "moderate", "minor", "none"'),
    ('format = ["json", 5]', 'format = ["json", 5] is not text or a list of text'),
    ("rules = [1]", "rules = [1] is not text or a list of text"),
    ('screenshot-size = [640, 400]', 'screenshot-size = [640, 400] is not text, in quotes'),
    ("targets = 5", "targets = 5 is not a list of targets"),
])
def test_a_value_of_the_wrong_type_is_a_usage_error_naming_it(tmp_path, monkeypatch, setting, expected):
    result = _scan(tmp_path, monkeypatch, {"a11y.toml": f"quiet = true\n{setting}\n"})
    assert result.exit_code == 2, result.output
    cause, hint = result.stderr.splitlines()
    assert cause == f"a11y: error: a11y.toml line 2: {expected}"
    assert hint.startswith("hint: ")
    assert "Traceback" not in result.output


def test_the_hint_shows_the_setting_written_right(tmp_path, monkeypatch):
    result = _scan(tmp_path, monkeypatch, {"a11y.toml": 'max-pages = "20"\n'})
    assert result.stderr.splitlines()[1] == ("hint: numbers take no quotes in TOML: max-pages = 100; "
                                             "or give --max-pages on the command line (it wins over the file)")
    result = _scan(tmp_path, monkeypatch, {"a11y.toml": "out = 5\n"})
    assert result.stderr.splitlines()[1] == ('hint: write it as out = "a11y-report"; '
                                             "or give --out on the command line (it wins over the file)")


def _defaults(text: str) -> dict:
    import tomllib

    return to_default_map(ConfigFile(path=Path("a11y.toml"), settings=tomllib.loads(text)), option_names(scan.params))


def test_values_of_the_right_type_are_taken_as_they_are():
    assert _defaults('timeout = 5\nmax-pages = 3\nrules = "image-alt"\nformat = ["json", "md"]\n'
                     'no-sitemap = true\nquiet = false\ntargets = "./public"\n') == {
        "timeout": 5, "max_pages": 3, "rules": ["image-alt"], "formats": "json,md", "sitemap": False,
        "quiet": False, "targets": ["./public"]}


@pytest.mark.parametrize("text", ["max-pages = 2.9", "timeout = true", "depth = false", 'max-pages = "3"'])
def test_nothing_is_converted_quietly(text):
    with pytest.raises(ConfigError):
        _defaults(text)


def test_a11y_toml_beside_tool_a11y_says_which_is_read(tmp_path, monkeypatch):
    result = _scan(tmp_path, monkeypatch, {"a11y.toml": "quiet = true\n",
                                           "pyproject.toml": '[tool.a11y]\nfail_on = "critcal"\n'},
                   *CHECKED_BEFORE_ANY_PAGE)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == ("a11y: warning: the settings are read from a11y.toml; "
                                             "[tool.a11y] in pyproject.toml is ignored (keep them in one of the two)")


def test_pyproject_alone_says_nothing_of_the_kind(tmp_path, monkeypatch):
    result = _scan(tmp_path, monkeypatch, {"pyproject.toml": "[tool.a11y]\nquiet = true\n",
                                           "unrelated.toml": ""}, *CHECKED_BEFORE_ANY_PAGE)
    assert result.exit_code == 2 and "is ignored" not in result.stderr


@pytest.mark.parametrize("command, wanted", [
    (["scan"], "a URL, a local folder or HTML file, or @FILE of URLs (see a11y scan --help)"),
    (["crawl", "-o", "-"], "a URL, or @FILE of URLs (see a11y crawl --help)"),
])
def test_a_missing_target_says_what_to_give(tmp_path, monkeypatch, command, wanted):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 2
    assert result.stderr == f"a11y: error: missing TARGET: give {wanted}\n"


def test_targets_in_the_config_file_are_used_when_none_is_given(tmp_path):
    with site({"/": page("Home"), "/other": page("Other")}) as base:
        (tmp_path / "a11y.toml").write_text(f'targets = ["{base}/"]\ndepth = 0\n')
        from_file = run_a11y("crawl", "-o", "-", cwd=tmp_path)
        from_command_line = run_a11y("crawl", base + "/other", "-o", "-", cwd=tmp_path)
    assert from_file.returncode == 0, from_file.stderr
    assert from_file.stdout == f"{base}/\n"
    assert from_command_line.stdout == f"{base}/other\n"  # the command line wins
