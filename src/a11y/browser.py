"""Finding and launching Chromium. Knows nothing of rules.

A system Chromium (Debian's `chromium`) is the main path, not a fallback:
Playwright cannot download its own browser on many locked-down machines.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

SYSTEM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

# Stop Chromium's own background traffic (updates, sync, field trials): it is
# noise on a scan and is refused outright on closed networks.
QUIET_FLAGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--mute-audio",
]


class BrowserNotFound(RuntimeError):
    pass


def _playwright_chromium() -> str | None:
    """Playwright's own downloaded Chromium, if one is installed."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    try:
        with sync_playwright() as p:
            path = p.chromium.executable_path
    except Exception:
        return None
    return path if path and Path(path).exists() else None


def find_chromium() -> str:
    """A11Y_CHROMIUM, else a system Chromium/Chrome, else Playwright's own browser."""
    env = os.environ.get("A11Y_CHROMIUM")
    if env:
        if Path(env).is_file() and os.access(env, os.X_OK):
            return env
        raise BrowserNotFound(f"A11Y_CHROMIUM={env} is not an executable file")
    for name in SYSTEM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    path = _playwright_chromium()
    if path:
        return path
    raise BrowserNotFound(
        "no Chromium found (looked at A11Y_CHROMIUM, chromium, chromium-browser, google-chrome, "
        "and Playwright's browsers)"
    )


def launch_args() -> list[str]:
    args = list(QUIET_FLAGS)
    # Chromium refuses to start as root with its sandbox on; only then do we turn it off.
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")
    return args


def launch_options(executable: str | None = None) -> dict:
    """Keyword arguments for playwright's chromium.launch()."""
    return {"executable_path": executable or find_chromium(), "args": launch_args(), "headless": True}
