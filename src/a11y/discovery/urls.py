"""URL normalisation and URL pattern matching for discovery.

Two spellings of one page must normalise to the same string, so that no page
is queued twice: scheme and host are lower-cased, default ports, fragments and
``utm_*`` tracking parameters are dropped, dot segments are resolved, and
characters a browser would percent-encode are percent-encoded.
"""
from __future__ import annotations

import fnmatch
import re
from pathlib import PurePosixPath
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

DEFAULT_PORTS = {"http": 80, "https": 443}

#: Resources that are not web pages: listed for their own 508 review, never rendered.
DOCUMENT_EXTENSIONS = {
    ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods", ".odp",
    ".rtf", ".epub", ".csv", ".txt", ".zip", ".mp3", ".mp4", ".mov", ".wav", ".avi",
}
#: Documents the browser renders as a DOM that the engines can audit.
RENDERED_TYPES = {"text/html", "application/xhtml+xml", "image/svg+xml"}

#: Longer URLs are treated as junk (a hostile page can generate them endlessly).
MAX_URL_LENGTH = 8192

# Browsers strip leading/trailing C0 controls and spaces, and drop tab/CR/LF anywhere.
_STRIP = "".join(chr(c) for c in range(0x21))
_TAB_NEWLINE = re.compile(r"[\t\r\n]")

# Characters left as they are when percent-encoding a path or a query
# ('%' so existing escapes survive).
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"
_QUERY_SAFE = _PATH_SAFE + "?"


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 section 5.2.4, for paths that did not go through urljoin."""
    if "." not in path:
        return path
    out: list[str] = []
    segments = path.split("/")
    for i, seg in enumerate(segments):
        last = i == len(segments) - 1
        if seg == ".":
            if last:
                out.append("")
        elif seg == "..":
            if len(out) > 1:
                out.pop()
            if last:
                out.append("")
        else:
            out.append(seg)
    result = "/".join(out)
    return result if result.startswith("/") else "/" + result


def _host(hostname: str) -> str | None:
    host = hostname.lower()
    if not host.strip("."):
        return None
    if ":" in host:  # IPv6 literal
        return f"[{host}]"
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    if any(c in host for c in " <>\"\\^`{|}"):
        return None
    return host


def _strip_tracking(query: str) -> str:
    """Drop utm_* parameters; keep every other parameter as written, in order."""
    if not query:
        return ""
    kept = [
        part
        for part in query.split("&")
        if part and not part.split("=", 1)[0].lower().startswith("utm_")
    ]
    return "&".join(kept)


def normalize_url(url: str, base: str | None = None) -> str | None:
    """The canonical form of url (resolved against base), or None if it is not a web page URL.

    Only http and https URLs are kept: javascript:, mailto:, tel:, data: and the
    like, URLs with no host and malformed URLs (bad port, overlong) give None.
    """
    if not isinstance(url, str):
        return None
    url = _TAB_NEWLINE.sub("", url.strip(_STRIP))
    if base:
        base = _TAB_NEWLINE.sub("", base.strip(_STRIP))
        try:
            url = urljoin(base, url)
        except ValueError:
            return None
    if not url or len(url) > MAX_URL_LENGTH:
        return None
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in DEFAULT_PORTS:
            return None
        port = parts.port
        hostname = parts.hostname
    except ValueError:  # invalid port, bad IPv6 literal
        return None
    if not hostname:
        return None
    host = _host(hostname)
    if host is None:
        return None
    netloc = host
    if port is not None and port != DEFAULT_PORTS[scheme]:
        netloc = f"{host}:{port}"
    # Credentials are kept (rare, but they are part of how the page is reached).
    if "@" in parts.netloc:
        netloc = parts.netloc.rsplit("@", 1)[0] + "@" + netloc
    path = quote(_remove_dot_segments(parts.path), safe=_PATH_SAFE) or "/"
    query = quote(_strip_tracking(parts.query), safe=_QUERY_SAFE)
    return urlunsplit((scheme, netloc, path, query, ""))


def is_document(url: str) -> bool:
    """A document by its name (a PDF, an office file): never rendered."""
    return PurePosixPath(urlsplit(url).path).suffix.lower() in DOCUMENT_EXTENSIONS


def origin_of(url: str) -> str | None:
    """'scheme://host[:port]' of a normalised (or normalisable) URL."""
    norm = normalize_url(url)
    if norm is None:
        return None
    parts = urlsplit(norm)
    netloc = parts.netloc.rsplit("@", 1)[-1]
    return f"{parts.scheme}://{netloc}"


def match_pattern(url: str, patterns) -> str | None:
    """The first glob pattern (fnmatch, case-sensitive) matching the URL, or None.

    Each pattern is tried against the full URL, its path, and its path with the
    query, so ``*/admin/*``, ``/admin/*`` and ``*.pdf`` all work.
    """
    parts = urlsplit(url)
    candidates = [url, parts.path]
    if parts.query:
        candidates.append(f"{parts.path}?{parts.query}")
    for pattern in patterns:
        if any(fnmatch.fnmatchcase(c, pattern) for c in candidates):
            return pattern
    return None
