"""The discover stage of the pipeline (see a11y.discovery for the parts).

    frontier = Frontier(seeds, max_depth=..., max_pages=..., include=..., exclude=...)
    warnings = await frontier.prepare()          # robots.txt + sitemaps
    while (job := frontier.next_job()) is not None:
        ... render job.url ...
        if frontier.claim_final(job, final_url):
            for link in links: frontier.add(link, job.depth + 1, final_url)
    frontier.skipped                              # -> Page(status="skipped", reason=...)
"""
from a11y.discovery import (  # noqa: F401 - re-exported
    MAX_QUEUE,
    MAX_SKIPPED,
    Frontier,
    PageJob,
    SitemapLimits,
    SkippedPage,
    match_pattern,
    normalize_url,
    origin_of,
)

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
