"""Serve a local folder on a loopback port for the duration of a scan: its files, never a listing of a folder.

A built single-page app (React, Vue, Angular with the history API) has one index.html, and its
server answers it for every route (/search, /records/102) for the app's script to show that view.
With the history fallback (`--spa-fallback`, as `serve -s`) a path with no file and no extension
is answered so; without it, such routes give 404, and the server says, once, that this may be why.
"""
from __future__ import annotations

import codecs
import contextlib
import functools
import html.parser
import http.server
import os
import posixpath
import re
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .locations import INDEX_FILES

# How much of a page is read to tell its encoding: the HTML standard's prescan looks at the
# first 1,024 bytes for a declaration; the rest must decode as UTF-8 for us to say it is.
_PRESCAN = 1024
_MOST = 4 * 1024 * 1024
_DECLARED = re.compile(rb"<meta[^>]+charset|<\?xml[^>]+encoding", re.I)


def utf8_undeclared(path: str) -> bool:
    """Whether an HTML file is UTF-8 (or ASCII) and says nothing of its encoding (no byte order
    mark, no meta charset, no XML declaration's encoding): served without a charset, a browser
    would guess windows-1252 for it and show "Nextâ€¦" for "Next…"."""
    try:
        with open(path, "rb") as f:
            data = f.read(_MOST)
    except OSError:
        return False
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) or _DECLARED.search(data[:_PRESCAN]):
        return False
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=len(data) < _MOST)
    except UnicodeDecodeError:
        return False
    return True


# A page whose body holds less text than this, and a script, is an app's shell: its script writes the page.
SHELL_TEXT = 200
# Links answered 404 before a shell index page is taken for a single-page app's (one could be a typo).
SPA_MISSES = 2
_NO_TEXT = {"script", "style", "noscript", "template"}
# Requests that are a link followed (a page or a frame loaded); Sec-Fetch-Dest is absent from a
# plain HTTP client's (a crawl's). A script's fetch() ('empty') or an image is no link.
_NAVIGATIONS = {"document", "iframe", "frame", None}


class _ShellReader(html.parser.HTMLParser):
    """How much text a page shows without its scripts, and whether it has any."""

    def __init__(self) -> None:
        super().__init__()
        self.text, self.scripts, self._hidden = 0, 0, 0

    def handle_starttag(self, tag, attrs) -> None:
        if tag in _NO_TEXT:
            self._hidden += 1
            self.scripts += tag == "script"

    def handle_endtag(self, tag) -> None:
        if tag in _NO_TEXT and self._hidden:
            self._hidden -= 1

    def handle_data(self, data) -> None:
        if not self._hidden:
            self.text += len(" ".join(data.split()))


def is_script_shell(path: Path) -> bool:
    """Whether an HTML file is an app's shell: a script, and little text of its own (a title aside)."""
    try:
        text = Path(path).read_bytes()[:_MOST].decode("utf-8", errors="replace")
    except OSError:
        return False
    body = re.split(r"<body[^>]*>", text, maxsplit=1, flags=re.I)
    reader = _ShellReader()
    reader.feed(body[-1])
    reader.close()
    return reader.scripts > 0 and reader.text < SHELL_TEXT


def _app_route(url_path: str) -> bool:
    """A path that is no file's name (no extension): a route a single-page app may show."""
    return not posixpath.splitext(posixpath.basename(url_path.rstrip("/")))[1]


@dataclass
class ServedFolder:
    """A folder served on loopback, and what its server saw of links that lead nowhere."""

    root: Path
    spa_fallback: bool = False  # answer the index page for a path with no file and no extension
    base: str = ""  # 'http://127.0.0.1:PORT/' once served
    missed: set[str] = field(default_factory=set)  # paths of links (no extension) answered 404

    @property
    def index(self) -> Path | None:
        return next((self.root / name for name in INDEX_FILES if (self.root / name).is_file()), None)

    def spa_hint(self) -> str | None:
        """The warning for a folder that looks like a single-page app served without the fallback:
        links to routes gave 404, and its index page is a shell its scripts fill in. None otherwise."""
        index = self.index
        if self.spa_fallback or len(self.missed) < SPA_MISSES or index is None or not is_script_shell(index):
            return None
        return (f"{len(self.missed)} links gave 404: if this is a single-page app, try --spa-fallback "
                f"({self.root.name or self.root}/{index.name} is a page its scripts fill in)")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args, folder: ServedFolder, **kwargs) -> None:
        self.folder = folder  # before the base class, which handles the request
        super().__init__(*args, directory=str(folder.root), **kwargs)

    def send_head(self):
        if self.folder.spa_fallback and self._no_page_here():
            index = self.folder.index
            if index is not None:  # the app's page, whatever route it is asked for at
                self.path = "/" + index.name
        return super().send_head()

    def _no_page_here(self) -> bool:
        """Whether the request's path names no file nor folder with an index page, and is a route."""
        url_path = unquote(urlsplit(self.path).path)
        if not _app_route(url_path):
            return False
        local = self.translate_path(self.path)
        if os.path.isfile(local):
            return False
        return not (os.path.isdir(local) and any(os.path.isfile(os.path.join(local, n)) for n in INDEX_FILES))

    def send_error(self, code, message=None, explain=None) -> None:
        if code == 404 and self.command == "GET" and self.headers.get("Sec-Fetch-Dest") in _NAVIGATIONS:
            url_path = urlsplit(self.path).path
            if _app_route(url_path):
                self.folder.missed.add(url_path)
        super().send_error(code, message, explain)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        pass

    def guess_type(self, path) -> str:
        # A folder's pages are most likely UTF-8 (as a web server set up for them would say);
        # a page that declares its encoding, or is not UTF-8, is left to the browser.
        kind = super().guess_type(path)
        if kind == "text/html" and utf8_undeclared(path):
            return "text/html; charset=utf-8"
        return kind

    def list_directory(self, path):
        # A folder without an index page is not found, as on a web server set up for the site:
        # the listing Python would make instead is no page of the site, and must not be audited
        # (nor pass an empty folder). targets.entry_pages starts such a scan at its HTML files.
        self.send_error(404, "Not found")
        return None


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address) -> None:
        # The browser drops connections it no longer needs (a page closed or navigated away
        # mid-download): normal during a scan, not worth a traceback on the user's terminal.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


@contextlib.contextmanager
def serve_directory(root: str | Path, host: str = "127.0.0.1") -> Iterator[str]:
    """Yield the base URL ('http://127.0.0.1:PORT/') of a static server for root."""
    with serve_folder(root, host=host) as served:
        yield served.base


@contextlib.contextmanager
def serve_folder(root: str | Path, spa_fallback: bool = False, host: str = "127.0.0.1") -> Iterator[ServedFolder]:
    """Serve root until the context ends; the ServedFolder says its base URL, and afterwards
    what links gave 404 (ServedFolder.spa_hint)."""
    folder = ServedFolder(Path(root).resolve(), spa_fallback)
    server = _Server((host, 0), functools.partial(_QuietHandler, folder=folder))
    thread = threading.Thread(target=server.serve_forever, name="a11y-serve", daemon=True)
    thread.start()
    folder.base = f"http://{host}:{server.server_address[1]}/"
    try:
        yield folder
    finally:
        server.shutdown()
        server.server_close()
