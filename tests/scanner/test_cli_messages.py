"""What `a11y scan` says when it stops: the verdict line names what failed the build, and
bad globs and rule ids are refused as [[ignore]] refuses them."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from a11y.cli import main
from tests.support import run_a11y

from .siteserver import page, site

# Text over a background image: axe cannot decide the contrast, so it needs review (our
# pixel-measuring check is off with --checks none).
REVIEW = ('<p style="background-image:url(data:image/gif;base64,R0lGODlhAQABAIAAAP///wAAACwAAAAAAQABAAACAkQBADs=);'
          'color:#777">Over an image</p>')
VIOLATION = '<img src="a.png">'


def _verdict(base: str, tmp_path, *args) -> tuple[int, str]:
    proc = run_a11y("scan", base + "/", "--out", tmp_path / "out", "-q", "--checks", "none", *args)
    return proc.returncode, proc.stderr.strip().splitlines()[-1]


def test_review_items_alone_are_named_as_what_failed(tmp_path):
    with site({"/": page("Home", REVIEW)}) as base:
        code, line = _verdict(base, tmp_path, "--fail-on-review")
    assert code == 1
    assert line.startswith("a11y: fail: review items: ") and line.endswith(
        " item(s) needing review (--fail-on-review) (exit 1)")
    assert "violations" not in line


def test_violations_and_review_items_are_both_named_with_counts(tmp_path):
    with site({"/": page("Home", REVIEW + VIOLATION)}) as base:
        code, line = _verdict(base, tmp_path, "--fail-on-review", "--fail-on", "serious")
        assert code == 1
        assert line == ("a11y: fail: violations: 1 distinct finding(s) at or above serious impact; "
                        "review items: 1 item(s) needing review (--fail-on-review) (exit 1)")
        code, line = _verdict(base, tmp_path, "--fail-on", "critical")
    assert line == "a11y: fail: violations: 1 distinct finding(s) at or above critical impact (exit 1)"


@pytest.mark.parametrize("option", ["--include", "--exclude"])
def test_a_glob_with_an_open_bracket_is_refused_as_in_ignore(tmp_path, monkeypatch, option):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["scan", "http://127.0.0.1:1/", option, "/docs/*", option, "/[ab"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"a11y: error: invalid value for {option} on the command line: the glob '/[ab' has a '[' "
        "(at character 2) with no closing ']' (a literal '[' is written [[])")


def test_a_glob_in_the_config_file_names_its_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a11y.toml").write_text('quiet = true\nexclude = ["/admin/*", ""]\n')
    result = CliRunner().invoke(main, ["crawl", "http://127.0.0.1:1/", "-o", "-"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == "a11y: error: a11y.toml line 2: invalid value for exclude: the glob '' is empty"


def test_an_unknown_rule_id_gets_a_did_you_mean(tmp_path):
    proc = run_a11y("scan", "http://127.0.0.1:1/", "--rules", "image-alts", "--disable-rules", "colour-contrast",
                    "--out", tmp_path)
    assert proc.returncode == 2
    cause, hint = proc.stderr.strip().splitlines()[-2:]
    assert cause.startswith("a11y: error: unknown rule id 'colour-contrast', 'image-alts' (")
    assert hint.startswith("hint: for 'image-alts': did you mean 'image-alt'? "
                           "for 'colour-contrast': did you mean 'color-contrast'? `a11y rules` lists the rules")


@pytest.mark.parametrize("command, said", [
    (["crawl", "http://127.0.0.1:1/"],
     ("missing option -o/--output FILE: where to write the URLs, one per line ('-': the standard output)",
      "`a11y crawl --help` describes -o")),
    (["merge", "s1.json"], ("missing option --out DIRECTORY: output folder", "`a11y merge --help` describes --out")),
    (["report", "results.json"],
     ("missing option --out DIRECTORY: output folder", "`a11y report --help` describes --out")),
    (["baseline", "results.json"],
     ("missing option -o/--output FILE: baseline file to write", "`a11y baseline --help` describes -o")),
    (["worker"], ("missing option --queue redis://HOST[:PORT][/DB]: the Redis server the coordinator "
                  "(`a11y scan --queue`) sends page jobs through", "`a11y worker --help` describes --queue")),
    (["acr", "results.json"], ("missing option --out DIRECTORY: folder for acr.yaml, acr.html and acr.md",
                               "`a11y acr --help` describes --out")),
])
def test_a_missing_required_option_is_named_as_missing_by_every_command(tmp_path, monkeypatch, command, said):
    """Not "invalid value for -o on the command line: " (crawl, scan's options) nor click's
    "Error: Missing option '--out'." after its usage lines (the others): one way, a11y's."""
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 2
    cause, hint = said
    assert result.stderr == f"a11y: error: {cause}\nhint: {hint}\n"
    assert result.stdout == ""


@pytest.mark.parametrize("command, said", [
    (["merge", "--out", "m"], "missing RESULTS_FILES..."),
    (["report"], "missing RESULTS_FILE"),
    (["acr", "--out", "m"], "missing RESULTS.json"),
])
def test_a_missing_argument_is_named_as_missing_too(tmp_path, monkeypatch, command, said):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 2
    assert result.stderr == f"a11y: error: {said}\nhint: `a11y {command[0]} --help` describes what to give\n"
