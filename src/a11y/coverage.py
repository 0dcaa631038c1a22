"""How much of a site a scan covered: the pages discovery found and the scan did not audit,
grouped by why. One grouping of the reasons pages carry, for every place that says it:
summary.md and report.html (reporters/views.py), the ACR's roll-up and Evaluation Methods
Used (conformance.py), and the baseline's judgement of its source (baseline.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .locations import page_label
from .models import Page, Results
from .verdict import unfinished


@dataclass(frozen=True)
class Why:
    """One reason pages found were not audited, in the words every report uses."""

    # limit | depth | robots | exclude | include | shard | duplicate | off-origin | invalid | other | error | document
    kind: str
    words: str  # "cut off by --max-pages {n}" ({n}: the number the page's reason names)
    hint: str = ""  # what would audit them ("" when leaving them out was the user's choice, or nothing would)
    # True: the page leaves nothing of the site unaudited (the same page as one audited, another
    # site's page, no web address, a document listed for its own review).
    covered: bool = False


# By the start of a skipped page's reason (discovery/frontier.py, pagework.py, merge.py), in the
# order reports list them: limits first, as they leave a site part-covered without anyone
# choosing the pages.
SKIP_REASONS = {
    "limit:": Why("limit", "cut off by --max-pages {n}", "raise --max-pages to scan them"),
    "depth:": Why("depth", "beyond --depth {n}", "raise --depth to scan them"),
    "robots:": Why("robots", "disallowed by robots.txt", "--ignore-robots scans them"),
    "excluded:": Why("exclude", "left out by --exclude"),
    "not-included:": Why("include", "left out by --include"),
    "not audited:": Why("shard", "in shards whose results were not merged", "merge every shard's results"),
    "duplicate:": Why("duplicate", "duplicates of a page scanned (the same content, or a redirect to it)",
                      covered=True),
    "off-origin:": Why("off-origin", "redirected to another site", covered=True),
    "invalid:": Why("invalid", "not http(s) URLs", covered=True),
}
# The pages a --shard K/N scan left to the other shards (results options left_to_shards).
LEFT_TO_SHARDS = Why("shard", "left to the other shards of this --shard scan", "merge every shard's results")
UNKNOWN = Why("other", "skipped ({reason})")  # a reason this version does not know
ERROR = Why("error", "could not be scanned")
DOCUMENT = Why("document", "document(s), not web pages, to review on their own", covered=True)
_NUMBER = re.compile(r"\d+")


@dataclass
class NotAudited:
    """Pages of the site that discovery found and the scan did not audit, for one reason."""

    kind: str  # Why.kind
    why: str  # "cut off by --max-pages 2"
    hint: str = ""
    covered: bool = False
    pages: list[str] = field(default_factory=list)  # as the reports name them (locations.page_label)
    urls: list[str] = field(default_factory=list)  # their addresses, in the same order
    # Pages counted but not listed (results skipped_unlisted: beyond the skip records kept).
    unlisted: int = 0

    @property
    def size(self) -> int:
        """How many pages the group holds, listed or not."""
        return len(self.pages) + self.unlisted

    def text(self) -> str:
        """'6 cut off by --max-pages 2 (raise --max-pages to scan them)'; '1,050 cut off by
        --max-pages 1 (raise --max-pages to scan them; 50 of them not listed)'."""
        notes = [self.hint] * bool(self.hint) + [f"{self.unlisted:,} of them not listed"] * bool(self.unlisted)
        return f"{self.size:,} {self.why}" + (f" ({'; '.join(notes)})" if notes else "")


@dataclass
class Coverage:
    """What of the site the scan audited, and every page found and left, grouped by why."""

    audited: int
    groups: list[NotAudited]  # in the order of SKIP_REASONS, then unknown reasons, errors, documents
    finished: bool  # False: interrupted or stopped, so pages it had not reached are unknown
    # Why it did not finish, when results say more than that (a merge's missing shards: verdict.unfinished).
    unfinished_because: list[str] = field(default_factory=list)

    @property
    def found(self) -> int:
        return self.audited + sum(g.size for g in self.groups)

    @property
    def not_audited(self) -> list[NotAudited]:
        """The groups of pages that no audit saw (duplicates, other sites' pages, documents apart)."""
        return [g for g in self.groups if not g.covered]

    @property
    def skipped(self) -> list[NotAudited]:
        """The groups of pages skipped (errors and documents apart: the reports list those on their own)."""
        return [g for g in self.groups if g.kind not in (ERROR.kind, DOCUMENT.kind)]

    @property
    def count(self) -> int:
        """Pages of the site that no audit saw."""
        return sum(g.size for g in self.not_audited)

    @property
    def whole_site(self) -> bool:
        """Every page discovery found was audited (or is the same as one, or a listed document)."""
        return self.finished and not self.not_audited

    def reasons(self, kinds=None) -> str:
        """'6 cut off by --max-pages 2, 1 disallowed by robots.txt' (the pages no audit saw, of the given kinds)."""
        return ", ".join(f"{g.size:,} {g.why}" for g in self.not_audited if kinds is None or g.kind in kinds)

    def sentence(self) -> str:
        """What the scan left of the site, for an ACR's Evaluation Methods Used ("" when nothing)."""
        text = ""
        if self.not_audited:
            text = f"{self.count:,} page(s) of the site that the scan found were not audited: {self.reasons()}."
        if not self.finished and self.unfinished_because:
            text += f" The results are partial: {'; '.join(self.unfinished_because)}."
        elif not self.finished:
            text += (" The scan did not finish (it was interrupted or stopped), so pages it had not "
                     "reached are not known.")
        return text.strip()

    def scanned_of_found(self) -> str | None:
        """How much of what was found was scanned and why the rest was not, with what would scan
        it, for summary.md and report.html; None when every page found was scanned."""
        if not self.groups:
            return None
        return (f"{self.audited:,} of {self.found:,} page(s) found were scanned; not scanned: "
                f"{', '.join(g.text() for g in self.groups)}.")


def coverage(results: Results) -> Coverage:
    """What of the site results audited, and the pages found and left, grouped by why."""
    groups: dict[str, NotAudited] = {}
    for page in results.pages:
        if page.status != "scanned":
            why, words = why_not_audited(page)
            _add(groups, why, words, page_label(page), page.url)
    # Pages skipped beyond the records discovery keeps one by one: counted, not listed.
    for reason, count in results.skipped_unlisted.items():
        why, words = why_skipped(reason)
        group = groups.setdefault(words, NotAudited(why.kind, words, why.hint, why.covered))
        group.unlisted += count
    # The results of one shard, not merged: the pages it left to the others.
    for urls in (results.options.get("left_to_shards") or {}).values():
        for url in urls:
            _add(groups, LEFT_TO_SHARDS, LEFT_TO_SHARDS.words, url, url)
    return Coverage(audited=len(results.scanned_pages), groups=sorted(groups.values(), key=_place),
                    finished=results.complete, unfinished_because=_merged_gaps(results))


def _merged_gaps(results: Results) -> list[str]:
    """What a merge of shards lacks (verdict.unfinished), [] for results that are not a merge's."""
    if results.complete or not (results.options.get("merged") or {}):
        return []
    return [reason.removesuffix("; results are partial") for reason in unfinished(results)]


def why_not_audited(page: Page) -> tuple[Why, str]:
    """Why a page found was not audited, and that in words ('cut off by --max-pages 2')."""
    if page.status == "error":
        return ERROR, ERROR.words
    if page.is_document:
        return DOCUMENT, DOCUMENT.words
    return why_skipped(page.reason or "")


def why_skipped(reason: str) -> tuple[Why, str]:
    """Why a page was skipped, from its reason, and that in words."""
    for start, why in SKIP_REASONS.items():
        if reason.startswith(start):
            number = _NUMBER.search(reason)
            return why, why.words.format(n=number.group() if number else "").strip()
    return UNKNOWN, UNKNOWN.words.format(reason=reason.split(":", 1)[0].strip() or "no reason recorded")


def _add(groups: dict[str, NotAudited], why: Why, words: str, label: str, url: str) -> None:
    group = groups.setdefault(words, NotAudited(why.kind, words, why.hint, why.covered))
    group.pages.append(label)
    group.urls.append(url)


def _place(group: NotAudited) -> tuple:
    """Known reasons in the order of SKIP_REASONS (by kind, then the words: --max-pages 2 and 3
    stay apart), then unknown reasons, errors and documents last."""
    kinds = [w.kind for w in SKIP_REASONS.values()] + [UNKNOWN.kind, ERROR.kind, DOCUMENT.kind]
    return kinds.index(group.kind), group.why
