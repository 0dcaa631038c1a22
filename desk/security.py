"""Response headers and log hygiene that every page gets."""
from __future__ import annotations

import logging
import re
from urllib.parse import urlsplit

from flask import Flask, Request, abort, request

# No inline script or style anywhere: everything comes from desk/static.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'"
)


def add_headers(app: Flask) -> None:
    @app.after_request
    def _headers(resp):
        h = resp.headers
        h.setdefault("Content-Security-Policy", CSP)
        h["X-Content-Type-Options"] = "nosniff"
        h["X-Frame-Options"] = "DENY"
        # Same-origin only: Flask-WTF checks the Referer on HTTPS posts. Pages that show a
        # private status link set "no-referrer" themselves (see public/views.py).
        h.setdefault("Referrer-Policy", "same-origin")
        h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), interest-cohort=()"
        h["Cross-Origin-Opener-Policy"] = "same-origin"
        if not app.config["DESK_DEVELOPMENT"]:
            h["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        if request.endpoint != "static":
            # Pages may hold personal data: keep them out of shared and back/forward caches.
            h["Cache-Control"] = "no-store"
        return resp


# Every value in a query string: the private status token, a coordinator's search text
# (an e-mail address, a name), and either of them again inside a sign-in page's next=.
def from_another_site(req: Request) -> bool:
    """Was this form sent from a page of another origin? Asked when its CSRF check failed.

    Sec-Fetch-Site first (every current browser sends it), then Origin, then Referer.
    With none of them, nothing says it came from elsewhere: it is taken as ours.
    """
    site = req.headers.get("Sec-Fetch-Site")
    if site:
        return site not in ("same-origin", "none")
    ours = f"{req.scheme}://{req.host}"
    origin = req.headers.get("Origin")
    if origin:
        return origin != ours
    referrer = urlsplit(req.headers.get("Referer", ""))
    if referrer.netloc:
        return f"{referrer.scheme}://{referrer.netloc}" != ours
    return False


def refuse_nul(app: Flask) -> None:
    """A NUL byte (which PostgreSQL refuses in text) in the address: 404 in the path, 400 in
    the query, before any view can pass it to the database. Form fields lose theirs in
    desk.text, so what people typed is kept."""

    @app.before_request
    def _nul():
        if "\x00" in request.path:
            abort(404)
        if any("\x00" in k or "\x00" in v for k, v in request.args.items(multi=True)):
            abort(400)


_QUERY_VALUE = re.compile(r"([?&][^=&\s\"'#]*=)[^&\s\"'#]+")


def redact(line: str) -> str:
    return _QUERY_VALUE.sub(r"\1[redacted]", line)


class RedactTokens(logging.Filter):
    """Access logs print request lines; take the values of query strings out of them."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        return True


def redact_access_logs() -> None:
    for name in ("werkzeug", "waitress"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactTokens) for f in logger.filters):
            logger.addFilter(RedactTokens())
