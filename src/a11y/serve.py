"""Serve a local folder on a loopback port for the duration of a scan."""
from __future__ import annotations

import contextlib
import functools
import http.server
import sys
import threading
from collections.abc import Iterator
from pathlib import Path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        pass


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
