"""Where a finding is, for a site scanned from a local folder or file.

The folder is served on a loopback port that changes every run, so that port
must not name anything. After the scan, `localise` names each page of a local
folder by its URL path (`/about/`) and its file relative to the working folder
(`public/about/index.html`), and places each element found at the line and
column of its start tag in that file, when the start tag can be found there
with the same attributes; else it gives no line (reporters then use the first
line), never a wrong one.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .models import Node, Page, Results

INDEX_FILES = ("index.html", "index.htm")  # what the loopback server serves for a folder
TRUNCATED_VALUE = "..."  # axe shortens long attribute values of a long element so
DROPPED_ATTRIBUTES = " ...>"  # and drops the attributes that no longer fit


@dataclass(frozen=True)
class LocalRoot:
    base: str  # 'http://127.0.0.1:PORT/' while the scan runs
    folder: Path


def page_label(page: Page) -> str:
    """How every format names a page: 'public/about/index.html (/about/)' for a local file, else its URL."""
    url = page.final_url or page.url
    return f"{page.file} ({url})" if page.file else url


def url_labels(results: Results) -> dict[str, str]:
    """Each page's URL (as results keep it) -> its label, for lists that hold only URLs (found on, occurrences)."""
    labels = {}
    for p in results.pages:
        for url in (p.url, p.final_url):
            if url and p.file:
                labels.setdefault(url, page_label(p))
    return labels


# --- naming pages --------------------------------------------------------------------

def _path_of(url: str, root: LocalRoot) -> str | None:
    """'/about/?q=1' for a URL under root's base, else None."""
    if not url or not url.startswith(root.base):
        return None
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def file_for(url_path: str, folder: Path) -> Path | None:
    """The file the loopback server sends for url_path, as SimpleHTTPRequestHandler finds it."""
    relative = unquote(urlsplit(url_path).path).lstrip("/")
    candidate = (folder / relative).resolve()
    if folder.resolve() not in (candidate, *candidate.parents):
        return None
    if candidate.is_dir():
        candidate = next((candidate / n for n in INDEX_FILES if (candidate / n).is_file()), None)
    return candidate if candidate is not None and candidate.is_file() else None


def working_name(path: Path, cwd: Path) -> str:
    """path relative to the working folder, with '/' (absolute when it is outside it)."""
    rel = os.path.relpath(path, cwd)
    return Path(path).resolve().as_posix() if rel.startswith("..") else Path(rel).as_posix()


def localise(results: Results, roots: list[LocalRoot], cwd: Path | None = None) -> Results:
    """Name the pages of local folders by URL path and file, and place their elements in the file."""
    if not roots:
        return results
    cwd = Path(cwd or Path.cwd()).resolve()
    sources: dict[Path, list[StartTag]] = {}
    for page in results.pages:
        root = next((r for r in roots if _path_of(page.final_url or page.url, r) is not None), None)
        if root is None:
            continue
        file = file_for(_path_of(page.final_url or page.url, root), root.folder)
        if file is not None:
            page.file = working_name(file, cwd)
            if file not in sources:
                sources[file] = start_tags(file.read_text(encoding="utf-8", errors="replace"))
            for group in (page.violations, page.incomplete, page.suppressed):
                for r in group:
                    for node in r.nodes:
                        place(node, sources[file])
    for page in results.pages:
        page.url = _local(page.url, roots)
        page.final_url = _local(page.final_url, roots)
        page.found_on = _local(page.found_on, roots)
        for root in roots:  # "duplicate: same content as http://127.0.0.1:PORT/" -> "... as /"
            if page.reason:
                page.reason = page.reason.replace(root.base, "/")
    return results


def _local(url: str | None, roots: list[LocalRoot]) -> str | None:
    for root in roots:
        path = _path_of(url, root)
        if path is not None:
            return path
    return url


# --- placing elements in the source ----------------------------------------------------

ORDER = "_a11y_order"  # a node's (place, count) among its identical twins; kept on the object, not in results

# For each selector: the element's place among the page's elements with the same tag and the
# same attributes (names and values, in order), and how many there are; null if not found.
_ORDER_JS = """(selectors) => selectors.map(s => {
  let el;
  try { el = document.querySelector(s); } catch (e) { return null; }
  if (!el) return null;
  const attrs = e => [...e.attributes].map(a => a.name + '=' + a.value).join('\u0000');
  const key = attrs(el);
  const twins = [...document.getElementsByTagName(el.tagName)].filter(e => attrs(e) === key);
  return [twins.indexOf(el), twins.length];
})"""


async def record_order(page, results) -> None:
    """While the page is open: for elements of its own document, their place among identical
    twins (see find). Nothing is recorded where the page will not say."""
    nodes = [n for r in results for n in r.nodes if len(n.target) == 1 and isinstance(n.target[0], str)]
    if not nodes:
        return
    try:
        orders = await page.evaluate(_ORDER_JS, [n.target[0] for n in nodes])
    except Exception:  # noqa: BLE001 - the page went away: the elements just get no line
        return
    for node, order in zip(nodes, orders, strict=False):
        if order and order[1] > 1:
            setattr(node, ORDER, (int(order[0]), int(order[1])))

@dataclass(frozen=True)
class StartTag:
    tag: str
    attrs: tuple[tuple[str, str], ...]
    line: int  # 1-based
    column: int  # 1-based, in characters


class _StartTags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[StartTag] = []

    def handle_starttag(self, tag, attrs):
        line, offset = self.getpos()
        self.found.append(StartTag(tag, tuple((k, v or "") for k, v in attrs), line, offset + 1))

    handle_startendtag = handle_starttag


def start_tags(text: str) -> list[StartTag]:
    parser = _StartTags()
    parser.feed(text)
    parser.close()
    return parser.found


def _element_start(html: str) -> tuple[StartTag | None, bool]:
    """The first start tag of axe's snippet, and whether axe dropped attributes from it."""
    dropped = False
    head = html.lstrip()
    end = head.find(">")
    if end > 0 and head[:end + 1].endswith(DROPPED_ATTRIBUTES):
        head, dropped = head[:end + 1 - len(DROPPED_ATTRIBUTES)] + ">", True
    tags = start_tags(head)
    return (tags[0] if tags else None), dropped


def _same_value(snippet: str, source: str) -> bool:
    if snippet.endswith(TRUNCATED_VALUE) and snippet != source:
        return source.startswith(snippet[:-len(TRUNCATED_VALUE)])
    return snippet == source


def _matches(element: StartTag, dropped: bool, tag: StartTag) -> bool:
    if tag.tag != element.tag:
        return False
    if len(element.attrs) != len(tag.attrs) and not (dropped and len(element.attrs) < len(tag.attrs)):
        return False
    return all(name == source_name and _same_value(value, source_value)
               for (name, value), (source_name, source_value) in zip(element.attrs, tag.attrs, strict=False))


def find(html: str, tags: list[StartTag], order: tuple[int, int] | None = None) -> StartTag | None:
    """The start tag in the source that is this element's, or None (not there, or not known which).

    Several identical start tags (two `<input type="text">`) are told apart by `order`: the
    element's place among the elements of the page with the same tag and attributes, and their
    number, as the browser saw them (record_order). It is used only when the source has as many."""
    element, dropped = _element_start(html)
    if element is None:
        return None
    candidates = [t for t in tags if _matches(element, dropped, t)]
    if len(candidates) == 1:
        return candidates[0]
    if order and not dropped and order[1] == len(candidates) and 0 <= order[0] < order[1]:
        return candidates[order[0]]
    return None


def place(node: Node, tags: list[StartTag]) -> None:
    """Set node.line and node.column from the source, for an element of the page's own document
    (an element inside a frame or a shadow root is in another document, or made by script)."""
    node.line = node.column = None
    if len(node.target) != 1 or not isinstance(node.target[0], str):
        return
    found = find(node.html, tags, getattr(node, ORDER, None))
    if found is not None:
        node.line, node.column = found.line, found.column
