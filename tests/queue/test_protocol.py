"""The queue's messages: who refuses what, and URLs shown without their password."""
from __future__ import annotations

import json

from a11y import __version__
from a11y.discovery import PageJob
from a11y.queue import protocol
from a11y.scan import ScanOptions


def message(**changes) -> dict:
    settings = protocol.job_settings(["http://127.0.0.1:1/"], ScanOptions(checks=False), [{"name": "axe-core",
                                                                                           "version": "4"}])
    data = json.loads(protocol.job_message("s1", "7", PageJob("http://127.0.0.1:1/a", 1, "http://127.0.0.1:1/"),
                                           3.0, settings, protocol.digest(settings)))
    return data | changes


def test_a_job_of_this_version_is_run():
    assert protocol.refusal(message()) is None


def test_another_version_or_protocol_is_refused_with_both_versions_named():
    why = protocol.refusal(message(a11y="0.0.1"))
    assert f"the scan runs a11y 0.0.1 (queue protocol {protocol.PROTOCOL}), this worker a11y {__version__}" in why
    assert protocol.refusal(message(protocol=protocol.PROTOCOL + 1)) is not None


def test_settings_that_do_not_match_their_digest_are_refused():
    changed = message()
    changed["settings"]["timeout"] = 1
    assert "do not match their digest" in protocol.refusal(changed)


def test_other_engines_are_refused():
    why = protocol.engines_refusal([{"name": "axe-core", "version": "4.10"}], [{"name": "axe-core", "version": "4.9"}])
    assert "this worker's engines (axe-core 4.9) are not the scan's (axe-core 4.10)" in why


def test_a_password_is_never_shown():
    assert protocol.redact("redis://:s3cret@host:6379/0") == "redis://:***@host:6379/0"
    assert protocol.redact("redis://user:s3cret@host/1") == "redis://user:***@host/1"
    assert protocol.redact("redis://host") == "redis://host"
