"""Benchmarks talk to loopback addresses only, as the tests do (tests/conftest.py).

About 30 of the W3C ACT test pages reach for other hosts (a meta refresh or a script that goes
to github.com or w3.org, an image, frame or font from elsewhere), and Debian's Chromium looks
up Google's update hosts at start. In a benchmark every such request must fail at once, with no
DNS lookup and no packet leaving the machine: it goes to a proxy on a closed loopback port.
Chromium never proxies loopback, and leaves a proxied name for the proxy to resolve.

- `scanner_env()`: the environment for any tool run as a subprocess (a11y, the naive loop,
  pa11y-ci): the proxy variables, which Chromium (launched by Playwright or Puppeteer, with no
  proxy switch of its own) and Python's HTTP clients read, and A11Y_CHROMIUM_ARGS for a11y.
- `use_in_this_process()`: the same for this process and the Chromium it starts.
"""
from __future__ import annotations

import os

DEAD_PROXY = "http://127.0.0.1:9"
CHROMIUM_FLAGS = [f"--proxy-server={DEAD_PROXY}"]
_PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")
# httpx reads addresses here, not networks: the loopback addresses the benchmarks serve on.
_NO_PROXY = "127.0.0.1,localhost,::1"


def scanner_env(base: dict | None = None) -> dict:
    """An environment in which Chromium and Python reach loopback only."""
    env = dict(os.environ if base is None else base)
    env["A11Y_CHROMIUM_ARGS"] = " ".join([env.get("A11Y_CHROMIUM_ARGS", ""), *CHROMIUM_FLAGS]).strip()
    env.update({name: DEAD_PROXY for name in _PROXY_VARIABLES})
    env.update({"NO_PROXY": _NO_PROXY, "no_proxy": _NO_PROXY})
    return env


def use_in_this_process() -> None:
    """This process, and the Chromium it starts from now on, reach loopback only."""
    os.environ.update(scanner_env())
