"""Every on/off setting that a11y.toml or [tool.a11y] can turn on can be turned off on the command
line (--no-X), and turned on there when the file turns it off: the command line wins both ways.
The spellings that were there before (--thorough, -q, ...) still work."""
from __future__ import annotations

import pytest

from a11y.cli import main
from tests.support import scan

from .siteserver import PAGE

# (command, setting): every boolean flag of the commands that read the settings file.
FLAGS = [("scan", name) for name in ("thorough", "ignore-robots", "fixed-concurrency", "fail-on-review", "screenshots",
                                     "quiet", "best-practice", "sitemap", "spa-fallback")] + \
        [("crawl", name) for name in ("ignore-robots", "sitemap", "quiet")]


def _settings(tmp_path, monkeypatch, command: str, toml: str, *args) -> dict:
    """The values `a11y COMMAND ARGS` runs with, as the command parses them with the file."""
    (tmp_path / "a11y.toml").write_text(toml, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    cmd = main.commands[command]
    ctx = cmd.make_context(command, ["https://www.example.gov/", *(["-o", "urls.txt"] * (command == "crawl")), *args])
    return ctx.params


def test_every_boolean_flag_of_the_configured_commands_is_a_pair():
    for command in ("scan", "crawl"):
        flags = [p for p in main.commands[command].params if getattr(p, "is_flag", False)]
        assert flags and all(p.secondary_opts for p in flags), [p.name for p in flags if not p.secondary_opts]
    assert {(c, n) for c, n in FLAGS} == {(c, p.name.replace("_", "-")) for c in ("scan", "crawl")
                                          for p in main.commands[c].params if getattr(p, "is_flag", False)}


@pytest.mark.parametrize("command,name", FLAGS)
def test_the_command_line_wins_over_the_file_both_ways(tmp_path, monkeypatch, command, name):
    key = name.replace("-", "_")
    assert _settings(tmp_path, monkeypatch, command, f"{name} = true\n")[key] is True
    assert _settings(tmp_path, monkeypatch, command, f"{name} = true\n", f"--no-{name}")[key] is False
    assert _settings(tmp_path, monkeypatch, command, f"{name} = false\n", f"--{name}")[key] is True
    assert _settings(tmp_path, monkeypatch, command, f"{name} = false\n")[key] is False


def test_the_short_quiet_flag_still_works(tmp_path, monkeypatch):
    assert _settings(tmp_path, monkeypatch, "scan", "quiet = false\n", "-q")["quiet"] is True


REVIEW_ONLY = PAGE.format(title="Review", body=(
    '<p style="color:#777;background-image:url(data:image/gif;base64,R0lGODlhAQABAIAAAP///wAAACwAAAAAAQABAAACAkQBADs=)">'
    "Over an image</p>"))


def test_no_fail_on_review_on_the_command_line_wins_over_pyproject(tmp_path):
    """The exit code, as CI sees it: a page with an item to review and no violation."""
    (tmp_path / "review.html").write_text(REVIEW_ONLY, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.a11y]\nfail-on-review = true\n',
                                             encoding="utf-8")
    args = ("review.html", "--checks", "none", "--format", "json", "-q")
    scan(*args, "--out", "with-file", expect=1, cwd=tmp_path)
    scan(*args, "--out", "turned-off", "--no-fail-on-review", expect=0, cwd=tmp_path)
