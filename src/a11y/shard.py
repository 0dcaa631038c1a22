"""`--shard K/N`: which pages of a scan are this machine's to audit.

A page belongs to shard 1 + (hash of its key) mod N, where the key is its
normalised URL (for a local folder, its URL path: the loopback port changes
every run). The hash is SHA-256, not Python's hash(), so the split is the same
on every machine, in every process, whatever order the pages are found in.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .discovery import normalize_url

_SHARD = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")
MAX_SHARDS = 1000


class ShardError(ValueError):
    """A --shard value that is not K/N with 1 <= K <= N."""


@dataclass(frozen=True)
class Shard:
    index: int  # K, 1-based
    count: int  # N
    local_bases: tuple[str, ...] = ()  # loopback base URLs of served folders: keyed by URL path

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    def key(self, url: str) -> str:
        """What the split hashes: the normalised URL, or a served folder's URL path."""
        norm = normalize_url(url) or url
        for base in self.local_bases:
            if norm.startswith(base.rstrip("/") + "/"):
                return norm[len(base.rstrip("/")):]
        return norm

    def recorded(self, url: str) -> str:
        """url as results.json names its page: a served folder's by its URL path (as
        locations.localise names the pages it audits: the port is this run's only), any other as it is."""
        key = self.key(url)
        return key if key.startswith("/") else url

    def owner(self, url: str) -> int:
        """The shard (1..N) whose page this is."""
        digest = hashlib.sha256(self.key(url).encode("utf-8")).digest()
        return 1 + int.from_bytes(digest[:8], "big") % self.count

    def owns(self, url: str) -> bool:
        return self.owner(url) == self.index

    def url_id(self, url: str) -> str:
        """A short name of the URL that is the same in every shard (its key's SHA-256, 64 bits):
        for the pages a shard only counts (results options skipped_unlisted_keys), so that `a11y
        merge` counts each once. The key of a URL as results.json names it (a served folder's
        URL path) is the same as that of the URL it was scanned at."""
        return hashlib.sha256(self.key(url).encode("utf-8")).hexdigest()[:16]


def parse_shard(text: str, local_bases: Iterable[str] = ()) -> Shard:
    """'2/4' -> Shard(2, 4); ShardError says what is wrong otherwise."""
    m = _SHARD.match(str(text))
    if not m:
        raise ShardError(f"{text!r} is not K/N (this machine's shard K of N, e.g. 1/4)")
    index, count = int(m.group(1)), int(m.group(2))
    if count < 1 or count > MAX_SHARDS:
        raise ShardError(f"{text!r}: N must be 1 to {MAX_SHARDS}")
    if not 1 <= index <= count:
        raise ShardError(f"{text!r}: K must be 1 to {count} (shards are numbered from 1)")
    return Shard(index, count, tuple(local_bases))
