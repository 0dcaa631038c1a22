"""Bad input to `a11y scan --queue` and `a11y worker`: a clear message, exit 2, nothing written."""
from __future__ import annotations

import pytest

from tests.desk.queues import free_port
from tests.support import run_a11y


@pytest.mark.parametrize("url, says", [
    ("http://127.0.0.1:6379", "is not a Redis URL"),
    ("redis://127.0.0.1:notaport", "the port is not a number"),
    ("redis://", "names no host"),
    ("redis://127.0.0.1:6379/zero", "the database after the host is a number"),
])
def test_a_bad_queue_url_is_a_usage_error(tmp_path, url, says):
    out = tmp_path / "out"
    for command in (["scan", "http://127.0.0.1:9/", "--out", out, "--queue", url], ["worker", "--queue", url]):
        proc = run_a11y(*command)
        assert proc.returncode == 2, proc.stderr
        assert says in proc.stderr and "hint: give the Redis server's address" in proc.stderr
    assert not out.exists()


def test_a_redis_that_does_not_answer_at_start_is_a_usage_error(tmp_path):
    url = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    out = tmp_path / "out"
    out.mkdir()
    (out / "results.json").write_text("{}")  # an earlier scan's: left as it is
    for command in (["scan", "http://127.0.0.1:9/", "--out", out, "--queue", url], ["worker", "--queue", url]):
        proc = run_a11y(*command)
        assert proc.returncode == 2, proc.stderr
        assert f"the Redis server at {url} does not answer" in proc.stderr
        assert "hint: start it (redis-server)" in proc.stderr
    assert [p.name for p in out.iterdir()] == ["results.json"] and (out / "results.json").read_text() == "{}"


@pytest.mark.parametrize("option, says", [
    (["--cache", "c"], "--queue cannot be used with --cache"),
    (["--memory-budget", "500"], "give it to each `a11y worker --memory-budget MB`"),
])
def test_options_a_queued_scan_cannot_take_are_refused(tmp_path, option, says):
    proc = run_a11y("scan", "http://127.0.0.1:9/", "--queue", "redis://127.0.0.1:9", "--out", tmp_path / "out",
                    *option, cwd=tmp_path)
    assert proc.returncode == 2
    assert says in proc.stderr
    assert not (tmp_path / "out").exists() and not (tmp_path / "c").exists()


def test_a_local_folder_is_not_sent_to_workers(tmp_path):
    from tests.desk.queues import running_redis

    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("<!doctype html><title>x</title>")
    with running_redis(tmp_path / "redis") as url:
        proc = run_a11y("scan", tmp_path / "site", "--queue", url, "--out", tmp_path / "out")
    assert proc.returncode == 2, proc.stderr
    assert "--queue cannot scan a local folder" in proc.stderr


def test_a_worker_without_chromium_says_so_at_start():
    proc = run_a11y("worker", "--queue", "redis://127.0.0.1:9", env={"A11Y_CHROMIUM": "/nonexistent/chromium"})
    assert proc.returncode == 2
    assert "A11Y_CHROMIUM=/nonexistent/chromium is not an executable file" in proc.stderr
    assert "hint: run `make setup`" in proc.stderr
