"""Chromium.version() is remembered per executable file (browserversion.py): asked once in a
process, and recalled from a --cache folder by a later one; a changed executable (a wrapper
script whose mtime changes) is asked again."""
import asyncio
import os

from a11y import browserversion
from a11y.browser import Chromium
from a11y.cache import PageCache


def fake_chromium(path, version: str, calls) -> None:
    """A wrapper script that answers --version as Chromium does and notes each time it runs."""
    path.write_text(f'#!/bin/sh\necho asked >> "{calls}"\necho "Chromium {version} built on Debian"\n')
    path.chmod(0o755)


def asked(calls) -> int:
    return len(calls.read_text().split()) if calls.exists() else 0


def test_the_version_is_asked_once_per_executable_file_and_again_when_it_changes(tmp_path, monkeypatch):
    exe, calls = tmp_path / "chromium", tmp_path / "calls.log"
    fake_chromium(exe, "120.0.6099.71", calls)
    monkeypatch.setattr(browserversion, "_KNOWN", {})  # a fresh process
    cache = PageCache(tmp_path / "cache")
    cache.open()

    def version(memo=None) -> str:
        return asyncio.run(Chromium(str(exe)).version(memo))

    assert version(cache) == "120.0.6099.71" and asked(calls) == 1
    assert version() == "120.0.6099.71" and asked(calls) == 1  # remembered in this process

    monkeypatch.setattr(browserversion, "_KNOWN", {})  # another process, the same cache folder
    assert version(cache) == "120.0.6099.71" and asked(calls) == 1
    monkeypatch.setattr(browserversion, "_KNOWN", {})
    assert version() == "120.0.6099.71" and asked(calls) == 2  # no folder to recall it from: asked

    # An upgrade rewrites the file: the same size here, only its mtime tells.
    fake_chromium(exe, "121.0.6167.85", calls)
    stat = exe.stat()
    os.utime(exe, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert version(cache) == "121.0.6167.85" and asked(calls) == 3
    monkeypatch.setattr(browserversion, "_KNOWN", {})
    assert version(cache) == "121.0.6167.85" and asked(calls) == 3  # the folder has the new answer
