"""A loopback HTTP server with routes for the awkward cases a scanner meets:
redirect loops, pages that never finish loading, non-HTML, huge pages, script
errors, and a page that only shows its content when a header is sent."""
from __future__ import annotations

import http.server
import threading
from contextlib import contextmanager

PAGE = '<!doctype html><html lang="en"><head><title>{title}</title></head><body><main><h1>{title}</h1>{body}</main></body></html>'


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: dict = {}

    def log_message(self, *args):
        pass

    @property
    def server_base(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def do_GET(self):
        path = self.path.split("?")[0]
        route = self.routes.get(path)
        if route is None:
            return self._send(404, PAGE.format(title="Not found", body="<p>Nothing here.</p>"))
        route(self)

    def _send(self, status, body, content_type="text/html; charset=utf-8", headers=None):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        try:
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass


def page(title, body=""):
    return lambda h: h._send(200, PAGE.format(title=title, body=body))


def redirect(to):
    def route(h):
        h.send_response(302)
        h.send_header("Location", to)
        h.send_header("Content-Length", "0")
        h.end_headers()
    return route


def never_finishes(h):
    """HTML arrives, but an image never does, so the load event never fires."""
    h._send(200, PAGE.format(title="Slow", body='<img src="/hang.png" alt="">'))


def held(release: threading.Event, route):
    """route, answered only once the test sets `release` (a response that waits for an event)."""
    def wait_then_answer(h):
        release.wait()
        route(h)
    return wait_then_answer


def counted(hits: list, route):
    """route, recording each request's path in `hits` before answering."""
    def count_then_answer(h):
        hits.append(h.path)
        route(h)
    return count_then_answer


@contextmanager
def site(routes: dict, host: str = "127.0.0.1"):
    """Serve routes on host (a loopback address; 127.0.0.2 is another site for cookies too)."""
    with serving(type("Handler", (_Handler,), {"routes": routes}), host) as base:
        yield base


@contextmanager
def serving(handler, host: str = "127.0.0.1"):
    """An HTTP server with this request handler class on a free port of host: yields its base URL."""
    server = http.server.ThreadingHTTPServer((host, 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def from_browser(hits: list, route):
    """route, recording the requests Chromium makes (discovery's own probe of a seed is not one)."""
    def count_then_answer(h):
        if "Chrome" in (h.headers.get("User-Agent") or ""):
            hits.append(h.path)
        route(h)
    return count_then_answer


def garbled(h):
    """Answer with bytes that are not HTTP, and hang up. (Chromium quietly asks again after a
    dropped connection, but not after a garbled answer: one request, one failure.)"""
    h.close_connection = True
    h.wfile.write(b"garbage\r\n\r\n")  # nothing like "HTTP" in it, or Chromium finds a status line
