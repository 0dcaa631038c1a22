"""Turn the command line's TARGETs into seed URLs.

A TARGET is an http(s) URL, a local folder or HTML file (served on a loopback
port for the duration of the scan), or @FILE: a list of URLs, one per line.
"""
from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

from .locations import LocalRoot
from .serve import serve_directory


class TargetError(ValueError):
    pass


@dataclass
class Targets:
    seeds: list[str] = field(default_factory=list)
    invalid: list[tuple[str, str]] = field(default_factory=list)  # (target, why)
    label: str = "scan"  # for the default output folder name
    local: list[str] = field(default_factory=list)  # local folders/files served on loopback
    named: list[str] = field(default_factory=list)  # the seeds as the user gave them (a URL or a local path)
    roots: list[LocalRoot] = field(default_factory=list)  # each served folder and its loopback base URL


def check_url(text: str) -> str | None:
    """Why this is not a URL we can scan, or None if it is fine."""
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https"):
        return f"unsupported scheme {parts.scheme + ':' if parts.scheme else '(none)'} (use http:// or https://)"
    if not parts.hostname:
        return "no host name"
    try:
        _ = parts.port  # raises for a port out of range or not a number
    except ValueError:
        return "invalid port"
    return None


def _read_list(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise TargetError(f"@{path}: cannot read the URL list ({e.strerror})") from None
    # '#' starts a comment anywhere on a line (a URL's #fragment is never scanned apart anyway).
    urls = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [url for url in urls if url]


def resolve(raw_targets: list[str], stack: contextlib.ExitStack) -> Targets:
    """Seeds for the scan; local folders are served until `stack` closes."""
    out = Targets()
    for raw in raw_targets:
        items = _read_list(Path(raw[1:])) if raw.startswith("@") else [raw]
        for item in items:
            path = Path(item)
            if "://" not in item and path.exists():
                folder, page = (path, "") if path.is_dir() else (path.parent, path.name)
                base = stack.enter_context(serve_directory(folder))
                out.roots.append(LocalRoot(base, folder.resolve()))
                out.seeds.append(base + quote(page))
                out.label = folder.resolve().name or "local"
                out.local.append(item)
                out.named.append(item)
                continue
            why = check_url(item)
            if why:
                if "://" not in item and not item.startswith(("http:", "https:")):
                    why = "not a URL, and no such file or folder"
                out.invalid.append((item, why))
            else:
                out.seeds.append(item)
                out.named.append(item)
                out.label = urlsplit(item).hostname or out.label
    return out
