"""`--quiet` means no progress output: the scanner's warnings still reach the standard error
(a CI log), as the command's own do."""
from __future__ import annotations

from tests.support import scan

from .siteserver import PAGE

LINKS = 1200  # more than discovery records one by one (MAX_SKIPPED)


def test_quiet_keeps_the_scanners_warnings(tmp_path):
    folder = tmp_path / "public"
    folder.mkdir()
    links = "".join(f'<a href="page{n}.html">Page {n}</a> ' for n in range(LINKS))
    (folder / "index.html").write_text(PAGE.format(title="Home", body=f"<p>{links}</p>"), encoding="utf-8")
    args = (folder, "--max-pages", "1", "--no-sitemap", "--checks", "none", "--disable-rules", "region",
            "--format", "json")
    quiet = scan(*args, "--out", tmp_path / "quiet", "--quiet", expect=0)
    loud = scan(*args, "--out", tmp_path / "loud", expect=0)
    for proc in (quiet, loud):
        assert "a11y: warning: --disable-rules region: nothing to disable: region is a best-practice rule" in proc.stderr
        assert "more URLs were left out (beyond --max-pages or --depth" in proc.stderr
    # What --quiet does leave out: the progress lines.
    assert "pages done" in loud.stderr and "pages done" not in quiet.stderr
