"""URL normalisation and URL pattern matching for discovery.

Two spellings of one page must normalise to the same string, so that no page
is queued twice: scheme and host are lower-cased, default ports, fragments and
``utm_*`` tracking parameters are dropped, dot segments are resolved, and
characters a browser would percent-encode are percent-encoded. A route-like
fragment (``#/apply``, ``#!/apply``) is kept: a hash-routed app (AngularJS, Vue's
hash mode) shows another view for each, so each is a page of its own; any
other fragment (``#main``) names a place in the page, and is dropped. A host with
non-ASCII characters is encoded as Chromium encodes it (UTS #46 non-transitional
processing, IDNA 2008): 'faß.de' is xn--fa-hia.de, another domain than fass.de.
"""
from __future__ import annotations

import fnmatch
import re
import unicodedata
from pathlib import PurePosixPath
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

import idna

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
# A fragment is left as written but for what the URL Standard's fragment percent-encode set
# names (controls, space, '"', '<', '>', '`'), as location.href gives it back.
_FRAGMENT_SAFE = "!#$%&'()*+,-./:;=?@[\\]^_{|}~"
# '#/view' and '#!/view': the address of a hash-routed app's view ('#!' is the "hashbang" style).
_ROUTE_FRAGMENT = re.compile(r"!?/")


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


class BadHost(ValueError):
    """A host name with non-ASCII characters that a browser refuses to encode; says why."""


_JOINERS = ("\u200c", "\u200d")  # ZWNJ and ZWJ: allowed only where CONTEXTJ says (after a virama...)
_RTL = ("R", "AL", "AN")  # bidi classes that make the whole name a bidi domain name (RFC 5893)


def idna_host(host: str) -> str:
    """The ASCII form of a host name with non-ASCII characters, as Chromium makes it: UTS #46
    processing, non-transitional (IDNA 2008: 'ß', 'ς', ZWJ and ZWNJ are kept and encoded, never
    mapped to 'ss', 'σ' or dropped as IDNA 2003 and Python's "idna" codec do), with the joiner and
    bidi rules checked, and neither STD3 nor hyphen nor DNS length rules (Chromium applies none of
    them: 'my_site.faß.de' loads). Labels already in punycode must decode to valid labels.
    BadHost when the browser would refuse the name: no page of it can be loaded."""
    try:
        mapped = idna.uts46_remap(host, std3_rules=False, transitional=False)
    except idna.IDNAError as exc:
        raise BadHost(str(exc)) from None
    labels = [_unicode_label(label) for label in mapped.split(".")]
    bidi_domain = any(unicodedata.bidirectional(c) in _RTL for label in labels for c in label)
    encoded = []
    for label in labels:
        try:
            _check_label(label, bidi_domain)
        except idna.IDNAError as exc:
            raise BadHost(str(exc)) from None
        encoded.append(label if label.isascii() else "xn--" + label.encode("punycode").decode("ascii"))
    return ".".join(encoded)


def _unicode_label(label: str) -> str:
    """A label as Unicode: an 'xn--' label decoded (and checked to be what UTS #46 keeps as it is)."""
    if not label.startswith("xn--"):
        return label
    try:
        decoded = label[4:].encode("ascii").decode("punycode")
    except (UnicodeError, ValueError):
        raise BadHost(f"the label {label!r} is not valid punycode") from None
    try:
        valid = decoded and not decoded.isascii() and (
            idna.uts46_remap(decoded, std3_rules=False, transitional=False) == decoded)
    except idna.IDNAError:
        valid = False
    if not valid:
        raise BadHost(f"the label {label!r} does not decode to a valid label")
    return decoded


def _check_label(label: str, bidi_domain: bool) -> None:
    if not label or label.isascii() and not bidi_domain:
        return
    idna.check_initial_combiner(label)
    for pos, char in enumerate(label):
        if char in _JOINERS and not idna.valid_contextj(label, pos):
            raise idna.InvalidCodepointContext(f"joiner U+{ord(char):04X} not allowed at position {pos + 1} "
                                               f"in {label!r}")
    if bidi_domain:
        idna.check_bidi(label, check_ltr=True)


def _host(hostname: str) -> str | None:
    host = hostname.lower()
    if not host.strip("."):
        return None
    if ":" in host:  # IPv6 literal
        return f"[{host}]"
    if not host.isascii():
        try:
            host = idna_host(host)
        except BadHost:
            return None
    if any(c in host for c in " <>\"\\^`{|}"):
        return None
    return host


def host_problem(url: str) -> str | None:
    """Why url's host cannot be loaded by a browser (an international name it refuses to
    encode), for a message; None when it can, or when the host is not the URL's problem."""
    try:
        hostname = urlsplit(_TAB_NEWLINE.sub("", url.strip(_STRIP))).hostname
    except ValueError:
        return None
    if not hostname or hostname.isascii() or ":" in hostname:
        return None
    try:
        idna_host(hostname.lower())
    except BadHost as exc:
        return f"the host name {hostname!r} is not a valid international domain name ({exc})"
    return None


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


def route_fragment(fragment: str) -> str:
    """The fragment, percent-encoded as a browser does, when it is a hash-routed app's route
    ('/apply', '!/apply'); '' for any other fragment, which only names a place in the page, and
    for the empty route ('#/', '#!/'), which is the app's first view: the page without a fragment."""
    if not _ROUTE_FRAGMENT.match(fragment) or not fragment.lstrip("!/"):
        return ""
    return quote(fragment, safe=_FRAGMENT_SAFE)


def is_route_fragment(url: str) -> bool:
    """Whether url names a hash-routed app's view (http://host/#/apply)."""
    return bool(route_fragment(urlsplit(url).fragment))


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
    return urlunsplit((scheme, netloc, path, query, route_fragment(parts.fragment)))


def is_document(url: str) -> bool:
    """A document by its name (a PDF, an office file): never rendered."""
    return PurePosixPath(urlsplit(url).path).suffix.lower() in DOCUMENT_EXTENSIONS


def document_reason(url: str) -> str:
    """The skip reason of a document known by its name: 'not-html: document (.pdf)'."""
    return f"not-html: document ({PurePosixPath(urlsplit(url).path).suffix.lower()})"


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
