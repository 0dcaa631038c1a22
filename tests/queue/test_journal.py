"""The coordinator's journal: what a restart resumes from, and what it does not trust."""
from __future__ import annotations

from a11y.queue.journal import FILE_NAME, Journal


def test_records_are_replayed_by_a_scan_with_the_same_settings(tmp_path):
    first = Journal(tmp_path, "settings-1", print)
    assert first.open() == 0
    first.add("http://h/a", {"page": {"url": "http://h/a", "status": "scanned"}})
    first.close(complete=False)
    with (tmp_path / FILE_NAME).open("a") as f:
        f.write('{"url": "http://h/b", "rec')  # the line a coordinator killed mid-write left
    again = Journal(tmp_path, "settings-1", print)
    assert again.open() == 1
    again.add("http://h/c", {"page": {}})
    again.close(complete=False)
    again = Journal(tmp_path, "settings-1", print)
    assert again.open() == 2  # nothing after the half-written line was lost
    assert again.replay("http://h/a")["page"]["status"] == "scanned"
    assert again.replay("http://h/a") is None and again.replay("http://h/b") is None
    again.close(complete=True)
    assert not (tmp_path / FILE_NAME).exists()


def test_a_journal_of_other_settings_is_not_resumed(tmp_path):
    said = []
    old = Journal(tmp_path, "settings-1", said.append)
    old.open()
    old.add("http://h/a", {"page": {}})
    old.close(complete=False)
    new = Journal(tmp_path, "settings-2", said.append)
    assert new.open() == 0
    assert new.replay("http://h/a") is None
    assert "is from a scan with other settings or another a11y version: starting afresh" in said[0]
    new.close(complete=False)
    assert Journal(tmp_path, "settings-2", said.append).open() == 0  # the old records were set aside
