"""Why a scan did not happen, in plain words for the coordinator.

The scan row keeps the scanner's own text (e.g. "error: Page.goto: net::ERR_FAILED at ...",
"not-html: document (.pdf)"); the request page shows what it means first, and the scanner's
text after it as a technical detail only where that adds something.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from http import HTTPStatus

# A page that answered an HTTP error: the scanner records it as scanned, with its status.
HTTP_PREFIX = "http-status: "

_DOCUMENTS = {
    "pdf": "a PDF document",
    "doc": "a Word document", "docx": "a Word document", "odt": "a word-processing document",
    "rtf": "a word-processing document",
    "xls": "a spreadsheet", "xlsx": "a spreadsheet", "ods": "a spreadsheet", "csv": "a spreadsheet (CSV)",
    "ppt": "a presentation", "pptx": "a presentation", "odp": "a presentation",
    "epub": "an e-book", "txt": "a plain text file", "zip": "a zip archive",
    "mp3": "an audio file", "wav": "an audio file", "mp4": "a video", "mov": "a video", "avi": "a video",
}
_MEDIA_TYPES = {
    "application/pdf": "pdf",
    "application/msword": "doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.ms-excel": "xls",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.ms-powerpoint": "ppt",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
    "application/epub+zip": "epub",
    "application/rtf": "rtf",
    "text/csv": "csv",
    "text/plain": "txt",
    "application/zip": "zip",
}
# By Chromium's error code, which the scanner's reason ends with in brackets whatever its words
# ("navigation failed: connection refused: nothing answers at HOST (err_connection_refused)");
# a code family ends with "_" (every certificate error).
_UNREACHABLE = {
    "err_name_not_resolved": "the page could not be reached: its site's name was not found",
    "err_connection_refused": "the page could not be reached: its site refused the connection",
    "err_connection_reset": "the page could not be reached: the connection was cut off",
    "err_connection_closed": "the page could not be reached: its site closed the connection without answering",
    "err_connection_timed_out": "the page could not be reached: its site did not answer in time",
    "err_timed_out": "the page could not be reached: its site did not answer in time",
    "err_address_unreachable": "the page could not be reached: its site did not answer",
    "err_empty_response": "the page could not be reached: its site sent back nothing",
    "err_too_many_redirects": "the page could not be reached: it redirects in a loop",
    "err_cert_": "the page could not be reached safely: its site's security certificate is not valid",
}
_NET_CODE = re.compile(r"navigation failed: .*\((err_[a-z0-9_]+)\)$", re.S)


def _unreachable(code: str) -> str | None:
    return next((words for key, words in _UNREACHABLE.items()
                 if code == key or (key.endswith("_") and code.startswith(key))), None)


@dataclass(frozen=True)
class Reason:
    words: str  # what it means, for the coordinator
    detail: str = ""  # the scanner's own text, when it says more than the words


def http_reason(code: int) -> str:
    """The raw reason stored for a page that answered an HTTP error."""
    return f"{HTTP_PREFIX}{code}"


def status_phrase(code: int) -> str:
    try:
        return f"{code} {HTTPStatus(code).phrase}"
    except ValueError:
        return str(code)


def _document(kind: str) -> Reason:
    kind = kind.lower().strip().lstrip(".")
    kind = _MEDIA_TYPES.get(kind.split(";")[0].strip(), kind)
    name = _DOCUMENTS.get(kind)
    if name:
        return Reason(f"the address is {name}, which needs its own accessibility review")
    return Reason("the address is a file, not a web page, so it needs its own accessibility review",
                  f"the site sent it as {kind}" if kind else "")


def plain(raw: str | None) -> Reason:
    """The plain-words reason for the scanner's (or the desk's) raw reason."""
    raw = (raw or "").strip()
    if not raw:
        return Reason("")
    if raw.startswith(HTTP_PREFIX):
        code = raw[len(HTTP_PREFIX):]
        return Reason(f"the page answered {status_phrase(int(code))}" if code.isdigit() else raw)
    if m := re.match(r"not-html: document \((\.?\w+)\)$", raw):
        return _document(m.group(1))
    if raw.startswith("not-html: "):
        return _document(raw[len("not-html: "):])
    if (m := _NET_CODE.match(raw)) and (words := _unreachable(m.group(1))):
        return Reason(words, raw)
    if raw.startswith("timeout: the page did not"):
        seconds = re.search(r"within (\d+(?:\.\d+)?) s", raw)
        within = f" within {seconds.group(1)} seconds" if seconds else ""
        return Reason(f"the page did not finish loading{within}", raw)
    if raw.startswith("timeout: "):
        return Reason("the checks took too long on this page", raw)
    if raw.startswith("scripts off: "):  # a Content-Security-Policy sandbox: the page runs no script, ours neither
        return Reason("the page turns off scripts, which the automatic checks need to run, so it needs to be "
                      "checked by hand", raw)
    if raw.startswith("crashed"):
        return Reason("the browser crashed while loading the page", raw)
    if raw.startswith("navigation failed: "):
        return Reason("the page could not be loaded", raw)
    if m := re.match(r"the scan failed (\d+) time\(s\); last error: (.*)$", raw, re.S):
        n = int(m.group(1))
        return Reason(f"the scanner could not run ({n} attempt{'' if n == 1 else 's'}); "
                      "check that the desk's workers can start Chromium", m.group(2))
    if raw.startswith("error: ") and "net::ERR_" in raw:
        return Reason("the page could not be reached", raw)
    if raw.startswith("error: "):
        return Reason("the scanner ran into an error on this page", raw)
    return Reason(raw)  # the desk's own reasons (not on the list, not fetched: ...) are plain already
