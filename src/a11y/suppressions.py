"""Reviewed suppressions: `[[ignore]]` entries in a11y.toml (or [[tool.a11y.ignore]]).

Each entry accepts one finding, or a few, on purpose and says why: a rule, a URL
glob, optionally the element's selector, a required reason and an optional end
date. Matching violations move from a page's `violations` to its `suppressed`
list, so no count and no verdict sees them, and every format lists them with
the reason. An entry past its date stops suppressing and is reported as
expired; an entry that matched nothing is reported as stale.
"""
from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

from .config import ConfigError, ConfigFile, did_you_mean
from .models import Page, Results

KEYS = ("rule", "url", "selector", "reason", "until")
REQUIRED = ("rule", "url", "reason")
HINT = ('each [[ignore]] needs rule, url (a glob) and reason; selector and until (a date, until = 2027-06-30) '
        'are optional')


@dataclass(frozen=True)
class Suppression:
    number: int  # 1-based, in file order
    rule: str
    url: str  # a glob, as --include / --exclude take them, or over the file path of a local page
    reason: str
    selector: str | None = None
    until: date | None = None  # the last day the entry suppresses
    where: str = ""  # 'a11y.toml line 7'

    def expired(self, today: date) -> bool:
        return self.until is not None and today > self.until

    def matches(self, rule: str, page: Page, selector: str) -> bool:
        if rule != self.rule:
            return False
        if self.selector is not None and _squash(selector) != _squash(self.selector):
            return False
        return any(fnmatch.fnmatchcase(name, self.url) for name in page_names(page))

    def record(self, status: str, matched: int) -> dict[str, Any]:
        """The entry as results.json keeps it, with what became of it in this scan."""
        return {"entry": self.number, "rule": self.rule, "url": self.url, "selector": self.selector,
                "reason": self.reason, "until": self.until.isoformat() if self.until else None,
                "where": self.where, "status": status, "matched": matched}


def page_names(page: Page) -> list[str]:
    """What a URL glob is tried against: the full URL, its path (with and without the
    query), and for a page of a local folder its file path (public/about/index.html)."""
    from urllib.parse import urlsplit

    url = page.final_url or page.url
    parts = urlsplit(url)
    names = [url, parts.path]
    if parts.query:
        names.append(f"{parts.path}?{parts.query}")
    if getattr(page, "file", None):
        names.append(page.file)
    return names


def entry_name(record: dict) -> str:
    """How every output names an entry: '[[ignore]] entry 2 (a11y.toml line 9, rule image-alt)'."""
    return f"[[ignore]] entry {record.get('entry')} ({record.get('where') or 'a11y.toml'}, rule {record.get('rule')})"


def _squash(text: str) -> str:
    return " ".join(text.split())


# --- reading the entries --------------------------------------------------------

_ENTRY_HEADER = re.compile(r"^\s*\[\[\s*(?:tool\s*\.\s*a11y\s*\.\s*)?ignore\s*\]\]")


def _entry_lines(config: ConfigFile) -> list[int]:
    return [n for n, line in enumerate(config.text.splitlines(), 1) if _ENTRY_HEADER.match(line)]


def glob_problem(pattern: str) -> str | None:
    """Why fnmatch would not read `pattern` as meant (it never raises: an open '[' is taken literally)."""
    if not pattern.strip():
        return "is empty"
    depth_open = None
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "[" and depth_open is None:
            depth_open = i
            i += 2 if pattern[i + 1:i + 2] in ("!", "]") else 1  # '[]]' and '[!]]' hold a literal ']'
            continue
        if c == "]" and depth_open is not None:
            depth_open = None
        i += 1
    if depth_open is not None:
        return f"has a '[' (at character {depth_open + 1}) with no closing ']'"
    return None


def _parse_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def load(config: ConfigFile | None) -> list[Suppression]:
    """The [[ignore]] entries of the config file, checked; ConfigError names a bad entry."""
    if config is None or "ignore" not in config.settings:
        return []
    raw = config.settings["ignore"]
    if not isinstance(raw, list) or not all(isinstance(e, dict) for e in raw):
        raise ConfigError(f"{config.where('ignore')}: ignore must be a list of [[ignore]] tables", HINT)
    lines = _entry_lines(config)
    entries = []
    for number, entry in enumerate(raw, 1):
        line = lines[number - 1] if len(lines) == len(raw) else config.lines.get("ignore")
        sep = ", line" if config.section else " line"
        where = f"{config.name}{sep} {line}" if line else config.name
        name = f"{where}: [[ignore]] entry {number}"
        entries.append(_entry(entry, number, name, where))
    return entries


def _entry(entry: dict, number: int, name: str, where: str) -> Suppression:
    for key in entry:
        if key not in KEYS:
            raise ConfigError(f"{name}: unknown key {key!r}", f"{did_you_mean(key, KEYS)}{HINT}")
    for key in REQUIRED:
        value = entry.get(key)
        problem = (f"has no {key}" if key not in entry else f"{key} must be text, in quotes"
                   if not isinstance(value, str) else f"{key} is empty" if not value.strip() else None)
        if problem:
            raise ConfigError(f"{name}: {problem}" + (" (say why this finding is accepted)" * (key == "reason")),
                              HINT)
    problem = glob_problem(entry["url"])
    if problem:
        raise ConfigError(f"{name}: url {entry['url']!r} {problem}",
                          "url is a glob over the page's URL, its path or its file: \"/about/*\", \"*/form.html\"")
    selector = entry.get("selector")
    if selector is not None and (not isinstance(selector, str) or not selector.strip()):
        raise ConfigError(f"{name}: selector must be the element's selector as the reports show it", HINT)
    until = None
    if "until" in entry:
        until = _parse_date(entry["until"])
        if until is None:
            raise ConfigError(f"{name}: until {entry['until']!r} is not a date",
                              "write a date as YYYY-MM-DD, e.g. until = 2027-06-30")
    return Suppression(number=number, rule=entry["rule"].strip(), url=entry["url"], reason=entry["reason"].strip(),
                       selector=selector.strip() if selector else None, until=until, where=where)


def unknown_rules(entries: list[Suppression], known: set[str]) -> str | None:
    """A message naming the first entry whose rule no engine knows, or None."""
    for e in entries:
        if e.rule not in known:
            close = did_you_mean(e.rule, known)
            return f"{e.where}: [[ignore]] entry {e.number}: unknown rule {e.rule!r}" + (
                f" ({close.strip()})" if close else "")
    return None


# --- applying them -----------------------------------------------------------------

def today_utc() -> date:
    return datetime.now(UTC).date()


def apply(results: Results, entries: list[Suppression], today: date | None = None) -> Results:
    """Move the violations that an entry in force matches to their page's `suppressed`
    list, and record every entry with its status (active, expired, stale) in results."""
    today = today or today_utc()
    matched = dict.fromkeys((e.number for e in entries), 0)
    in_force = [e for e in entries if not e.expired(today)]
    expired = [e for e in entries if e.expired(today)]
    for page in results.scanned_pages:
        kept = []
        for r in page.violations:
            left, taken = [], {}
            for node in r.nodes:
                selector = node.selector()
                for e in expired:  # counted, so the report can say what now counts again
                    if e.matches(r.rule, page, selector):
                        matched[e.number] += 1
                entry = next((e for e in in_force if e.matches(r.rule, page, selector)), None)
                if entry is None:
                    left.append(node)
                else:
                    matched[entry.number] += 1
                    taken.setdefault(entry.number, []).append(node)
            if left:
                kept.append(replace(r, nodes=left) if taken else r)
            page.suppressed += [replace(r, nodes=nodes, suppressed_by=n) for n, nodes in taken.items()]
        page.violations = kept
    results.suppressions = [
        e.record("expired" if e.expired(today) else "active" if matched[e.number] else "stale", matched[e.number])
        for e in entries]
    return results
