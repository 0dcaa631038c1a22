"""Benchmarks talk to loopback addresses only.

About 30 of the W3C ACT test pages reach for public sites: a meta refresh or a script that
goes to github.com or w3.org, an image, frame or font from another host. In a benchmark
those requests must fail at once, with no DNS lookup and no packet leaving the machine.

- Chromium, ours: every request that is not for a loopback address goes to a proxy at
  127.0.0.1 port 1, where nothing listens, and fails there (Chromium never proxies loopback,
  and leaves a proxied name for the proxy to resolve). `scanner_env()` passes the flag to an
  `a11y` command (A11Y_CHROMIUM_ARGS), `use_in_this_process()` to a Chromium this process
  starts, `CHROMIUM_FLAGS` to pa11y-ci's launch configuration.
- The naive loop is a copy of the reference kept unchanged, so it cannot be given the flag:
  the page sets it shares leave out the pages that would reach out (`reaches_offsite`).
"""
from __future__ import annotations

import os
import re
from html.parser import HTMLParser

CHROMIUM_FLAGS = ["--proxy-server=http://127.0.0.1:1"]


def scanner_env(base: dict | None = None) -> dict:
    """An environment for an `a11y` command whose Chromium reaches loopback only."""
    env = dict(os.environ if base is None else base)
    env["A11Y_CHROMIUM_ARGS"] = " ".join([env.get("A11Y_CHROMIUM_ARGS", ""), *CHROMIUM_FLAGS]).strip()
    return env


def use_in_this_process() -> None:
    """Chromium started by this process from now on (a11y.browser) reaches loopback only."""
    os.environ.update({"A11Y_CHROMIUM_ARGS": scanner_env()["A11Y_CHROMIUM_ARGS"]})


# An address on another host: scheme-relative or http(s), not 127.x or localhost.
_OFFSITE = re.compile(r"(?:https?:)?//(?!127\.|localhost[:/])[a-z0-9-]+(?:\.[a-z0-9-]+)+", re.I)
# Attributes that name an address without loading or going to it.
_INERT = {"cite", "itemtype", "itemid", "alt", "title", "aria-label", "placeholder", "value", "longdesc"}


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found = False
        self.in_code = False

    def handle_starttag(self, tag, attrs) -> None:
        self.in_code = tag in ("script", "style")
        for name, value in attrs:
            if not value or name in _INERT or name.startswith("xmlns") or (tag in ("a", "area") and name == "href"):
                continue  # a link is not followed by a scan of the page alone
            if name == "content" and tag == "meta" and not _is_refresh(attrs):
                continue
            self.found = self.found or bool(_OFFSITE.search(value))

    def handle_data(self, data) -> None:
        if self.in_code:
            self.found = self.found or bool(_OFFSITE.search(data))

    def handle_endtag(self, tag) -> None:
        self.in_code = False


def _is_refresh(attrs) -> bool:
    return any(n == "http-equiv" and (v or "").strip().lower() == "refresh" for n, v in attrs)


def reaches_offsite(html: str) -> bool:
    """Whether loading this page (its scripts and handlers included) could ask another host for
    something: an address outside loopback in a resource, frame, form, refresh, handler,
    script or style sheet. Links (a, area) count only when followed, which a scan of the page
    alone does not do."""
    finder = _Finder()
    finder.feed(html)
    finder.close()
    return finder.found
