"""Serve a local folder on a loopback port for the duration of a scan: its files, never a listing of a folder."""
from __future__ import annotations

import codecs
import contextlib
import functools
import http.server
import re
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

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


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
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
    handler = functools.partial(_QuietHandler, directory=str(Path(root).resolve()))
    server = _Server((host, 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="a11y-serve", daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
