"""Media criteria (1.2.x) on real scans: never Not Applicable from automation. An <embed>, a
frame, links to audio and video files, or a player that a script adds on a click may all hold
media that no rule the scan runs sees; the notes name what was found."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.support import run_a11y

pytestmark = pytest.mark.browser
MEDIA_SITE = Path(__file__).parent / "media_site"
MEDIA = ("1.2.1", "1.2.2", "1.2.3", "1.2.4", "1.2.5")


def _web_rows(scan_target, out: Path) -> tuple[dict, dict]:
    """Scan the target for real, then `a11y acr`: the web rows by criterion, and the acr.yaml."""
    proc = run_a11y("scan", scan_target, "--out", out / "scan", "--format", "json", "-q", "--checks", "none",
                    "--no-sitemap", "--fail-on", "none")
    assert proc.returncode == 0, proc.stderr
    acr = run_a11y("acr", out / "scan" / "results.json", "--out", out / "acr")
    assert acr.returncode == 0, acr.stderr
    doc = yaml.safe_load((out / "acr" / "acr.yaml").read_text())
    rows = {row["num"]: c["adherence"] for ch in doc["chapters"].values() for row in ch["criteria"]
            for c in row["components"] if c["name"] == "web"}
    return rows, doc


def test_a_site_with_a_frame_and_linked_media_files_names_them(tmp_path):
    rows, doc = _web_rows(MEDIA_SITE, tmp_path)
    # The ACR's notes list the media files as documents found and not evaluated ...
    assert "episode.mp3" in doc["notes"] and "talk.mp4" in doc["notes"]
    for num in MEDIA:
        notes = rows[num]["notes"]
        assert rows[num]["level"] == "not-evaluated", (num, notes)
        # ... and the media criteria name them, and the page with the frame.
        assert "2 linked audio or video file(s), not evaluated" in notes, num
        assert "episode.mp3" in notes and "talk.mp4" in notes, num
        assert "frames, which may hold a player, on 1 page(s)" in notes and "frame.html" in notes, num


@pytest.mark.parametrize("page", ["embed.html", "facade.html"])
def test_an_embed_or_a_player_added_on_a_click_is_never_not_applicable(tmp_path, page):
    """No <audio>, <video> or <object> in the page as loaded: the media is in an <embed>, or
    only there once a button is clicked. No rule sees it, so a person decides."""
    rows, _ = _web_rows(MEDIA_SITE / page, tmp_path)
    for num in MEDIA:
        notes = rows[num]["notes"]
        assert rows[num]["level"] == "not-evaluated", (num, notes)
        assert "No media found by automated rules" in notes, num
        assert ("Automation cannot show that the criterion does not apply: no rule it runs sees media in an "
                "<embed> element or a player that a script adds when a button is clicked.") in notes, num
        assert "Manual review" in notes, num
