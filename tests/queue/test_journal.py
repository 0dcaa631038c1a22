"""The coordinator's journal: what a restart resumes from, and what it does not trust."""
from __future__ import annotations

import os

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


def test_a_journal_of_other_settings_is_set_aside_with_its_records_not_resumed(tmp_path):
    said = []
    old = Journal(tmp_path, "settings-1", said.append)
    old.open()
    old.add("http://h/a", {"page": {}})
    old.close(complete=False)
    kept = (tmp_path / FILE_NAME).read_text()
    new = Journal(tmp_path, "settings-2", said.append)
    assert new.open() == 0
    assert new.replay("http://h/a") is None
    new.close(complete=False)
    aside = [p for p in tmp_path.iterdir() if p.name != FILE_NAME]
    assert len(aside) == 1 and aside[0].name.startswith("queue-journal.") and aside[0].suffix == ".jsonl"
    assert aside[0].read_text() == kept  # the first scan's progress, whole
    assert len(said) == 1, said
    assert "is from a scan with other settings or another a11y version: starting afresh" in said[0]
    assert f"set aside as {aside[0].name}" in said[0] and f"rename it back to {FILE_NAME}" in said[0]
    assert Journal(tmp_path, "settings-2", said.append).open() == 0  # the new one holds none of the old records
    aside[0].rename(tmp_path / FILE_NAME)  # renamed back, it resumes the first scan
    assert Journal(tmp_path, "settings-1", said.append).open() == 1


def test_journals_set_aside_twice_in_a_second_do_not_overwrite_each_other(tmp_path):
    for settings in ("settings-1", "settings-2", "settings-3"):
        journal = Journal(tmp_path, settings, print)
        journal.open()
        journal.add(f"http://h/{settings}", {"page": {}})
        journal.close(complete=False)
    os.utime(tmp_path / FILE_NAME, (0, 0))  # the same time as an aside one: the name is taken
    first_aside = next(p for p in tmp_path.iterdir() if p.name != FILE_NAME)
    os.utime(first_aside, (0, 0))
    first_aside.rename(first_aside.with_name("queue-journal.19700101T000000Z.jsonl"))
    Journal(tmp_path, "settings-4", print).open()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert "queue-journal.19700101T000000Z-2.jsonl" in names and len(names) == 4, names
    records = "".join(p.read_text() for p in tmp_path.iterdir() if p.name != FILE_NAME)
    assert all(f"http://h/settings-{n}" in records for n in (1, 2, 3))


def test_a_journal_that_cannot_be_read_is_set_aside_not_overwritten(tmp_path):
    said = []
    (tmp_path / FILE_NAME).write_bytes(b"\xff\xfe not UTF-8")
    assert Journal(tmp_path, "settings-1", said.append).open() == 0
    aside = [p for p in tmp_path.iterdir() if p.name != FILE_NAME]
    assert [p.read_bytes() for p in aside] == [b"\xff\xfe not UTF-8"]
    assert "cannot be read" in said[0] and f"set aside as {aside[0].name}" in said[0]
