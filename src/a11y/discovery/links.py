"""The links of an HTML document read as text (no browser): what the scan reads from the
rendered page (a[href], area[href], iframe[src], frame[src]), resolved as a browser would,
against <base href>; and the target of a zero-delay meta refresh, which a browser follows
as a redirect (so it is where the page lands, not a link of it)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin

LINK_ATTRIBUTES = {"a": "href", "area": "href", "iframe": "src", "frame": "src"}
_REFRESH = re.compile(r"^\s*(\d+)(?:\.\d*)?\s*(?:[;,]\s*(?:url\s*=\s*)?(.*))?$", re.IGNORECASE | re.DOTALL)


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.base: str | None = None
        self.raw: list[str] = []
        self.refresh: str | None = None
        self._refresh_seen = False

    def handle_starttag(self, tag: str, attrs) -> None:
        values = dict(attrs)
        if tag == "base" and self.base is None and values.get("href") is not None:
            self.base = values["href"]
        wanted = LINK_ATTRIBUTES.get(tag)
        if wanted and values.get(wanted) is not None:
            self.raw.append(values[wanted])
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh" and not self._refresh_seen:
            m = _REFRESH.match(values.get("content") or "")
            if m:  # the first valid refresh is the one a browser acts on
                self._refresh_seen = True
                target = (m.group(2) or "").strip().strip("'\"")
                if int(m.group(1)) == 0 and target:
                    self.refresh = target

    handle_startendtag = handle_starttag


@dataclass
class PageLinks:
    links: list[str] = field(default_factory=list)  # absolute, not yet normalised or filtered
    refresh: str | None = None  # where a zero-delay meta refresh sends the browser (absolute)


def read_links(html: str, url: str) -> PageLinks:
    """The links of the document at url, and the target of its zero-delay meta refresh."""
    parser = _LinkParser()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # noqa: BLE001 - a page's markup must never stop discovery
        pass
    base = (_join(url, parser.base) if parser.base else url) or url
    links = [link for link in (_join(base, href.strip()) for href in parser.raw) if link]
    return PageLinks(links, _join(base, parser.refresh.strip()) if parser.refresh else None)


def _join(base: str, href: str) -> str | None:
    try:
        return urljoin(base, href)
    except ValueError:  # e.g. a malformed IPv6 host: not a link a browser could follow either
        return None
