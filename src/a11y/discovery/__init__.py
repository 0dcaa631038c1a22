"""Discovery: seeds, same-origin links, robots.txt, sitemaps, include/exclude,
depth and page limits, URL normalisation. Knows nothing of the browser."""
from .frontier import (
    MAX_QUEUE,
    MAX_SKIPPED,
    Frontier,
    PageJob,
    SkippedPage,
)
from .sitemaps import SitemapLimits
from .urls import match_pattern, normalize_url, origin_of

__all__ = [
    "MAX_QUEUE",
    "MAX_SKIPPED",
    "Frontier",
    "PageJob",
    "SitemapLimits",
    "SkippedPage",
    "match_pattern",
    "normalize_url",
    "origin_of",
]
