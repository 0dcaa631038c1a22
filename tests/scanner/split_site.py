"""A small site for the tests of split scans (`a11y crawl`, `--shard`, `a11y merge`):
pages linked several levels deep, a finding shared by two pages, a robots-disallowed
page, a document, a broken link and a redirect."""
from __future__ import annotations

from .siteserver import PAGE, page, redirect

NO_ALT = '<img src="/logo.png" width="10" height="10">'  # image-alt: the same element on two pages
ROBOTS = "User-agent: *\nDisallow: /private/\n"


def links(*paths: str) -> str:
    return "<ul>" + "".join(f'<li><a href="{p}">{p}</a></li>' for p in paths) + "</ul>"


def routes() -> dict:
    return {
        "/": page("Home", links("/a", "/b", "/c", "/d", "/private/x", "/report.pdf", "/missing", "/old")),
        "/a": page("A", NO_ALT + links("/f", "/g")),
        "/b": page("B", NO_ALT + links("/h")),
        "/c": page("C", '<button type="button"></button>' + links("/i")),
        "/d": page("D", links("/")),
        "/e": page("E"),
        "/f": page("F", '<input type="text">'),
        "/g": page("G"),
        "/h": page("H", links("/j")),
        "/i": page("I"),
        "/j": page("J"),
        "/old": redirect("/e"),
        "/private/x": page("Private"),
        "/report.pdf": lambda h: h._send(200, b"%PDF-1.4\n", "application/pdf"),
        "/robots.txt": lambda h: h._send(200, ROBOTS, "text/plain"),
        "/logo.png": lambda h: h._send(200, b"", "image/png"),
    }


# The site's pages as `a11y crawl` lists them: final URLs, and no broken link.
LISTED = ("/", "/a", "/b", "/c", "/d", "/e", "/f", "/g", "/h", "/i", "/j")
# The pages with axe violations (with --checks none).
VIOLATING = ("/a", "/b", "/c", "/f")
# Every page the site has that a scan audits (the broken link is audited too: it is HTML).
AUDITED = {"/", "/a", "/b", "/c", "/d", "/e", "/f", "/g", "/h", "/i", "/j", "/missing"}

__all__ = ["AUDITED", "LISTED", "VIOLATING", "PAGE", "ROBOTS", "links", "routes"]
