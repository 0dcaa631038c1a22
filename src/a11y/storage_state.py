"""Reading a Playwright storage-state file (--storage-state) before the scan starts.

A file the browser would choke on must stop the scan at once with a usage error
naming the file and the problem, not fail every page later.
"""
from __future__ import annotations

import json
from pathlib import Path

SAME_SITE = ("Strict", "Lax", "None")


class StorageStateError(ValueError):
    pass


def load_storage_state(path: str | Path) -> dict:
    """The storage state in `path`, checked for the shape Playwright expects."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise StorageStateError(f"--storage-state {path}: no such file") from None
    except (OSError, UnicodeDecodeError) as e:
        why = getattr(e, "strerror", None) or e
        raise StorageStateError(f"--storage-state {path}: cannot read it ({why})") from None
    try:
        state = json.loads(text)
    except json.JSONDecodeError as e:
        raise StorageStateError(f"--storage-state {path}: not valid JSON ({e.msg} at line {e.lineno})") from None
    problem = _shape_problem(state)
    if problem:
        raise StorageStateError(f"--storage-state {path}: {problem}")
    return state


def _shape_problem(state) -> str | None:
    if not isinstance(state, dict) or not ({"cookies", "origins"} & set(state)):
        return "not a storage state (expected an object with \"cookies\" and \"origins\" lists)"
    cookies, origins = state.get("cookies", []), state.get("origins", [])
    if not isinstance(cookies, list):
        return "\"cookies\" is not a list"
    for i, cookie in enumerate(cookies):
        problem = _cookie_problem(cookie)
        if problem:
            return f"cookie {i + 1}: {problem}"
    if not isinstance(origins, list):
        return "\"origins\" is not a list"
    for i, origin in enumerate(origins):
        if not isinstance(origin, dict) or not isinstance(origin.get("origin"), str):
            return f"origin {i + 1}: no \"origin\" address"
        items = origin.get("localStorage", [])
        if not isinstance(items, list) or not all(
                isinstance(x, dict) and isinstance(x.get("name"), str) and isinstance(x.get("value"), str)
                for x in items):
            return f"origin {i + 1}: \"localStorage\" is not a list of {{\"name\", \"value\"}} strings"
    return None


def _cookie_problem(cookie) -> str | None:
    if not isinstance(cookie, dict):
        return "not an object"
    for key in ("name", "value"):
        if not isinstance(cookie.get(key), str):
            return f"no {key!r} string"
    has_url = isinstance(cookie.get("url"), str)
    if not has_url and not (isinstance(cookie.get("domain"), str) and isinstance(cookie.get("path"), str)):
        return f"{cookie['name']!r} needs \"domain\" and \"path\" (or \"url\")"
    if "sameSite" in cookie and cookie["sameSite"] not in SAME_SITE:
        return f"{cookie['name']!r}: sameSite must be one of {', '.join(SAME_SITE)}"
    if "expires" in cookie and (isinstance(cookie["expires"], bool) or not isinstance(cookie["expires"], int | float)):
        return f"{cookie['name']!r}: expires must be a number (-1 for a session cookie)"
    return None
