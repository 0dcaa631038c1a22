"""Turn the command line's TARGETs into seed URLs.

A TARGET is an http(s) URL, a local folder or HTML file (served on a loopback
port for the duration of the scan), or @FILE: a list of URLs, one per line.
"""
from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

from .locations import INDEX_FILES, LocalRoot
from .serve import ServedFolder, serve_folder
from .textfile import NotText, read_text


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
    served: list[ServedFolder] = field(default_factory=list)  # their servers, which saw the links that gave 404

    def spa_hints(self) -> list[str]:
        """After the scan: a warning for each served folder that looks like a single-page app
        whose routes gave 404 (serve.ServedFolder.spa_hint)."""
        return [hint for hint in (served.spa_hint() for served in self.served) if hint]


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


# In an @FILE, '#' starts a comment at the start of a line or after a space or tab: one within
# a URL is its fragment, which names a view of a hash-routed app (http://host/#/apply).
_COMMENT = re.compile(r"(?:^|\s)#.*")


def _read_list(path: Path) -> list[str]:
    try:
        text = read_text(path)
    except OSError as e:
        raise TargetError(f"@{path}: cannot read the URL list ({e.strerror})") from None
    except NotText as e:
        raise TargetError(f"@{path}: {e}") from None
    urls = (_COMMENT.sub("", line).strip() for line in text.splitlines())
    return [url for url in urls if url]


HTML_SUFFIXES = (".html", ".htm", ".xhtml")
MOST_FOLDERS = 10_000  # looked into for a folder's pages before giving up (a home folder named by mistake)


def entry_pages(folder: Path) -> list[str]:
    """Where a scan of a local folder starts, relative to it ('' for its index page): the index
    page if it has one, else the HTML files of the shallowest level that has any, which then
    link to the rest. TargetError if it has none: an empty or mis-built site must not pass.
    (The loopback server lists no folder: a listing is not a page of the site.)"""
    if _index_name(folder):
        return [""]
    level, looked = [folder], 0
    while level and looked < MOST_FOLDERS:
        pages, deeper = [], []
        for here in level[: MOST_FOLDERS - looked]:
            looked += 1
            for entry in _entries(here):
                if entry.is_dir() and not entry.is_symlink():
                    deeper.append(entry)
                elif entry.suffix.lower() in HTML_SUFFIXES and entry.is_file():
                    pages.append(_served_as(entry, folder))
        if pages:
            return list(dict.fromkeys(pages))
        level = deeper
    searched = f" (in the first {MOST_FOLDERS:,} folders)" if looked >= MOST_FOLDERS else ""
    raise TargetError(f"{folder}: no HTML file in this folder{searched}, so no page to scan "
                      "(an empty or unbuilt site?): name the folder that holds the site's pages")


def _index_name(folder: Path) -> str | None:
    """The file the loopback server sends for the folder itself, if any."""
    return next((name for name in INDEX_FILES if (folder / name).is_file()), None)


def _entries(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.iterdir() if not p.name.startswith("."))
    except OSError:
        return []  # unreadable: the server could not send it either


def _served_as(page: Path, folder: Path) -> str:
    """The page's path under folder as the server serves it: a subfolder's index page as the subfolder."""
    relative = page.relative_to(folder).as_posix()
    return relative[: -len(page.name)] if page.name == _index_name(page.parent) else relative


def resolve(raw_targets: list[str], stack: contextlib.ExitStack, spa_fallback: bool = False) -> Targets:
    """Seeds for the scan; local folders are served until `stack` closes, with the history
    fallback of a single-page app's server when spa_fallback (serve.py)."""
    out = Targets()
    for raw in raw_targets:
        items = _read_list(Path(raw[1:])) if raw.startswith("@") else [raw]
        for item in items:
            path = Path(item)
            if "://" not in item and path.exists():
                folder, pages = (path, entry_pages(path)) if path.is_dir() else (path.parent, [path.name])
                served = stack.enter_context(serve_folder(folder, spa_fallback))
                base = served.base
                out.served.append(served)
                out.roots.append(LocalRoot(base, folder.resolve()))
                out.seeds.extend(base + quote(page) for page in pages)
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
