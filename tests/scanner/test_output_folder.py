"""output.py's report folder (no browser): the named --out checked up front, the fallback
when writing stops working mid-scan, and what an earlier scan left in a reused folder."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from a11y import output, reporters
from a11y.models import Page, Results


def _results() -> Results:
    return Results(standard="section508", started="2026-01-01T00:00:00Z", complete=True,
                   pages=[Page(url="http://example.test/", status="scanned")])


def test_a_named_folder_is_created_or_refused_with_the_os_reason(tmp_path):
    assert output.prepare_out_dir(tmp_path / "new" / "deeper") == tmp_path / "new" / "deeper"
    assert (tmp_path / "new" / "deeper").is_dir() and not list((tmp_path / "new" / "deeper").iterdir())
    (tmp_path / "a-file").write_text("")
    with pytest.raises(output.OutDirError, match=r"cannot create the report folder .*a-file/x: Not a directory"):
        output.prepare_out_dir(tmp_path / "a-file" / "x")


def _lose(folder: Path) -> None:
    """The folder stops taking files (as on a full disk): it becomes a file."""
    shutil.rmtree(folder)
    folder.write_text("in the way")


def test_a_folder_that_stops_taking_files_moves_once_and_says_why(tmp_path):
    said = []
    folder = output.ReportFolder(tmp_path / "out", on_move=said.append)
    (tmp_path / "out").mkdir()
    writer = output.PartialResultsWriter(folder)
    _lose(tmp_path / "out")
    writer.flush(_results())
    assert folder.path != folder.requested and (folder.path / "results.json").is_file()
    assert said == [folder.moved]
    assert folder.moved.startswith(f"could not write to {tmp_path / 'out'} (")
    assert folder.moved.endswith(f"): the reports are in {folder.path}")
    moved_to = folder.path
    written, errors = output.write_reports(_results(), folder, ["json", "md"])
    assert errors == [] and {p.parent for p in written} == {moved_to}  # no second move
    shutil.rmtree(moved_to)


def test_reports_written_before_the_failure_are_written_again_beside_the_rest(tmp_path, monkeypatch):
    folder = output.ReportFolder(tmp_path / "out")
    (tmp_path / "out").mkdir()
    markdown = reporters.get("md").__class__

    def lose_then_render(self, results, out_dir):
        if out_dir == tmp_path / "out":  # the folder goes between results.json and summary.md
            _lose(out_dir)
        return original(self, results, out_dir)

    original = markdown.render
    monkeypatch.setattr(markdown, "render", lose_then_render)
    written, errors = output.write_reports(_results(), folder, ["md", "json"])
    assert errors == []
    assert sorted(p.name for p in written) == ["results.json", "summary.md"]
    assert {p.parent for p in written} == {folder.path} and folder.moved
    shutil.rmtree(folder.path)


def test_without_a_fallback_the_failure_is_the_callers(tmp_path):
    (tmp_path / "out").write_text("a file")
    folder = output.ReportFolder(tmp_path / "out", fallback=False)
    with pytest.raises(OSError):
        output.PartialResultsWriter(folder).flush(_results())
    written, errors = output.write_reports(_results(), tmp_path / "out", ["json"])
    assert written == [] and errors and errors[0].startswith("json: ")


def _folder_after_a_full_scan(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    output.write_reports(_results(), out, reporters.available())
    (out / "screenshots").mkdir()
    (out / "screenshots" / "0123456789abcdef.png").write_bytes(b"png")
    (out / "login-failure.png").write_bytes(b"png")
    (out / "notes.txt").write_text("the user's own")
    (out / "queue-journal.jsonl").write_text("{}\n")
    return out


def test_an_earlier_scans_reports_this_one_does_not_write_are_removed(tmp_path):
    out = _folder_after_a_full_scan(tmp_path)
    removed, failed = output.remove_stale_reports(out, ["json", "md"], screenshots=False)
    assert failed == []
    assert removed == ["acr.html", "acr.md", "acr.yaml", "findings.csv", "junit.xml", "report.html",
                       "results.earl.json", "results.sarif", "login-failure.png", "screenshots/ (1 picture)"]
    # What this scan writes again stays until it is replaced; nothing else of ours is left.
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt", "queue-journal.jsonl", "results.json",
                                                      "summary.md"]


def test_results_json_and_what_this_scan_writes_are_not_listed(tmp_path):
    out = _folder_after_a_full_scan(tmp_path)
    removed, _ = output.remove_stale_reports(out, ["md", "sarif"], screenshots=True)
    assert "results.json" not in removed and (out / "results.json").exists()
    assert "results.sarif" not in removed and (out / "results.sarif").exists()
    assert not any(r.startswith("screenshots/") for r in removed)  # retaken: replaced, not listed
    assert not (out / "screenshots").exists()


def test_only_our_pictures_leave_the_screenshots_folder(tmp_path):
    out = _folder_after_a_full_scan(tmp_path)
    (out / "screenshots" / "mine.png").write_bytes(b"png")
    output.remove_stale_reports(out, ["json"], screenshots=False)
    assert [p.name for p in (out / "screenshots").iterdir()] == ["mine.png"]


def test_an_acr_from_the_acr_command_is_kept(tmp_path):
    out = _folder_after_a_full_scan(tmp_path)
    draft = (out / "acr.yaml").read_text()
    assert "Draft generated from an automated scan" in draft  # the marker the check relies on
    (out / "acr.yaml").write_text(draft.replace("Draft generated from an automated scan", "Reviewed by the 508 team"))
    removed, _ = output.remove_stale_reports(out, ["json"], screenshots=False)
    assert not any(r.startswith("acr.") for r in removed)
    assert {"acr.yaml", "acr.html", "acr.md"} <= {p.name for p in out.iterdir()}


def test_every_reporters_files_are_known_as_ours(tmp_path):
    out = tmp_path / "out"
    written, errors = output.write_reports(_results(), out, reporters.available())
    assert errors == [] and {p.name for p in written} == output.report_names(reporters.available())
    assert json.loads((out / "results.json").read_text())["complete"] is True


def _with_pictures(names: list[str]) -> Results:
    from a11y.models import Node, RuleResult

    nodes = [Node(target=[f"img.{n}"], html=f'<img class="{n}">', screenshot=f"screenshots/{n}.png") for n in names]
    return Results(standard="section508", started="2026-01-01T00:00:00Z", complete=True,
                   pages=[Page(url="http://example.test/", status="scanned", violations=[
                       RuleResult(rule="image-alt", impact="critical", wcag=["1.1.1"], help="Images must have "
                                  "alternative text", help_url="", nodes=nodes)])])


def test_pictures_taken_before_a_move_go_with_the_reports(tmp_path):
    """--screenshots: pictures taken in the folder asked for, which then stopped taking files,
    are copied beside the reports in the fallback folder (the reports name them by relative
    path); one that cannot be copied is named by no report, and said."""
    out = tmp_path / "out"
    (out / "screenshots").mkdir(parents=True)
    (out / "screenshots" / "a.png").write_bytes(b"\x89PNG picture a")
    (out / "results.json").mkdir()  # writing there now fails (as on a full disk); the pictures stay readable
    (out / "results.json" / "x").write_text("")
    said = []
    folder = output.ReportFolder(out, on_move=said.append)
    results = _with_pictures(["a", "gone"])
    written, errors = output.write_reports(results, folder, ["json", "html"])
    assert errors == [] and folder.moved and {p.parent for p in written} == {folder.path}
    assert (folder.path / "screenshots" / "a.png").read_bytes() == b"\x89PNG picture a"
    saved = json.loads((folder.path / "results.json").read_text())
    assert [n["screenshot"] for n in saved["pages"][0]["violations"][0]["nodes"]] == ["screenshots/a.png", None]
    assert said[0] == folder.moved
    assert said[1].startswith(f"1 picture(s) of failing elements could not be copied from {out} to {folder.path}, "
                              "so the reports show none for them: screenshots/gone.png (")
    shutil.rmtree(folder.path)
