"""The settings a page's record depends on, besides the page itself.

An entry is reused only under equal settings: the engines and their versions, the browser's
version, this a11y's own code (any change to the package, e.g. to a check, counts), and the
options that change what is found or how it is recorded.
"""
from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parent.parent
_CODE_SUFFIXES = {".py", ".js", ".json", ".yaml", ".yml", ".txt"}


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """A hash of the a11y package's code and rule data as installed."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in _CODE_SUFFIXES and "__pycache__" not in path.parts and path.is_file():
            digest.update(str(path.relative_to(PACKAGE)).encode() + b"\x00" + path.read_bytes() + b"\x00")
    return digest.hexdigest()[:32]


def _digest(value: Any) -> str:
    return hashlib.sha256(repr(value).encode("utf-8")).hexdigest()[:32]


def scan_settings(options, engines, browser_version: str) -> dict[str, Any]:
    """options: scan.ScanOptions; engines: the scan's engines (after start())."""
    from ..engines.axe import axe_source

    return {
        "engines": [e.describe() for e in engines],
        "axe_source": _digest(axe_source()),
        "browser": browser_version,
        "code": code_digest(),
        "options": {
            "standard": options.standard, "best_practice": options.best_practice,
            "rules": sorted(options.rules), "disable_rules": sorted(options.disable_rules),
            "checks": options.checks, "thorough": options.thorough, "timeout": options.timeout,
            "locate": options.locate, **options.emulation.recorded(),
            # What the site is asked with shapes what it sends: compared by hash, never stored.
            "credentials": _digest((sorted(options.headers.items()), sorted(options.header_origins),
                                    options.storage_state, options.login.path if options.login else None)),
        },
    }


def differences(stored: Any, current: dict[str, Any]) -> str | None:
    """None if equal, else a short account of the first difference (for --cache's notes)."""
    if not isinstance(stored, dict):
        return "no settings recorded"
    for name, value in current.items():
        if stored.get(name) != value:
            return f"{name} differ"
    return None
