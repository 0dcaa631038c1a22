"""`a11y scan --help` tells a CI author what they need: the exit codes (the same ones
as the README's table) and where settings can come from."""
from __future__ import annotations

import re

from click.testing import CliRunner

from a11y.cli import main
from tests.conftest import ROOT


def test_scan_help_lists_the_readme_exit_codes_and_the_config_file():
    help_text = CliRunner().invoke(main, ["scan", "--help"]).output
    words = " ".join(help_text.split())
    assert "from a11y.toml in the working folder, or [tool.a11y] in pyproject.toml" in words
    section = (ROOT / "README.md").read_text().split("### Exit codes")[1].split("###")[0]
    readme_codes = re.findall(r"^\| (\d) \|", section, re.M)
    assert readme_codes == ["0", "1", "2", "3"]
    listed = help_text.split("Exit codes:")[1].split("Options:")[0]
    assert re.findall(r"^    (\d)  ", listed, re.M) == readme_codes
