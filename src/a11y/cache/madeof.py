"""What a page was made of: every response its browser context received while it was scanned.

The document, stylesheets, scripts, images, fonts, frames' documents and what scripts fetched
during the scan (our checks' copies of the page load the same things, and count too). Each is
kept with what lets a later scan ask whether it changed: its status, its validators (ETag,
Last-Modified), the hash of its body, and for a redirect where it pointed.

A 429 or 503 the scan got past (the page load or a copy asked again after the pause the server
named, politeness.py) is not what the page was made of, and is left out; a 429 that stood (an
image the limiter refused) means the page was audited without that resource: it is not stored.

An address the scan's --exclude patterns match (with a session, the sign-out links) is never
recorded, so a re-scan never asks the server about it (a sign-out link would end the session);
a page that loaded one cannot be checked without it, and is not stored.
"""
from __future__ import annotations

import asyncio
import hashlib
from typing import Any

from ..discovery.urls import match_pattern, normalize_url
from ..politeness import SLOW_DOWN

# Requests that ended without a response because the client gave up on them (our hold on a
# page's later navigations, a request guard, the page's own abort): their content shaped nothing.
_CLIENT_ABORTS = ("net::ERR_ABORTED", "net::ERR_BLOCKED_BY_CLIENT")


class NotCacheable(Exception):
    """The page used something a conditional request cannot check (a POST, a body that could not
    be read and no validator): it is always scanned in the browser."""


class Recorder:
    """Listens to one tab's context from start() to finish(): the page's resources."""

    def __init__(self, tab, never: tuple[str, ...] = ()):
        """never: the scan's --exclude patterns (ScanOptions.exclude)."""
        self.context, self.page = tab.context, tab.page
        self.never = tuple(never)
        self._reads: list[asyncio.Task] = []
        self._failed: list[dict[str, Any]] = []

    def start(self) -> None:
        self.context.on("request", self._on_request)
        self.context.on("response", self._on_response)
        self.context.on("requestfailed", self._on_failed)

    def stop(self) -> None:
        for event, handler in (("request", self._on_request), ("response", self._on_response),
                               ("requestfailed", self._on_failed)):
            try:
                self.context.remove_listener(event, handler)
            except Exception:  # noqa: BLE001 - the context is gone: nothing more will arrive
                pass

    def discard(self) -> None:
        self.stop()
        for task in self._reads:
            task.cancel()

    async def finish(self, timeout: float) -> tuple[list[dict[str, Any]], str | None]:
        """The resources (deduplicated, in a stable order) and the document's body hash.
        NotCacheable if one of them cannot be checked later."""
        self.stop()
        if self._reads:
            done, pending = await asyncio.wait(self._reads, timeout=timeout)
            for task in pending:
                task.cancel()
            if pending:
                raise NotCacheable(f"{len(pending)} response bodies did not arrive")
        records = [task.result() for task in self._reads] + self._failed
        document = next((r.pop("_document") for r in records if r.get("_document")), None)
        for r in records:
            r.pop("_document", None)
        records = _without_refusals_got_past(records)
        unique = {_key(r): r for r in records}
        return sorted(unique.values(), key=lambda r: (r["url"], _key(r))), document

    def _on_response(self, response) -> None:
        if not self._kept_out(response.url):
            self._reads.append(asyncio.ensure_future(self._read(response)))

    def _on_request(self, request) -> None:
        # Known as it is sent, whether or not its answer comes while the page is scanned.
        if self._kept_out(request.url):
            return
        if request.method not in ("GET", "HEAD") and request.url.startswith(("http://", "https://")):
            self._failed.append({"url": request.url, "uncheckable": f"a {request.method} request"})

    def _on_failed(self, request) -> None:
        failure = request.failure or ""
        if self._kept_out(request.url):
            return
        if request.url.startswith(("http://", "https://")) and not failure.startswith(_CLIENT_ABORTS):
            self._failed.append({"url": request.url, "failed": True})

    def _kept_out(self, url: str) -> bool:
        """Whether url matches --exclude (as discovery matches it): then it is noted as what makes
        the page uncheckable, never as a resource to ask about."""
        pattern = match_pattern(normalize_url(url) or url, self.never) if self.never else None
        if pattern is not None:
            self._failed.append({"url": url, "uncheckable": f"it matches --exclude {pattern}, and a re-scan "
                                                            "never asks the server about such an address"})
        return pattern is not None

    async def _read(self, response) -> dict[str, Any]:
        request = response.request
        if request.method != "GET":
            return {"url": response.url, "uncheckable": f"a {request.method} request"}
        headers = response.headers
        record: dict[str, Any] = {"url": response.url, "status": response.status}
        for name in ("etag", "last-modified"):
            if headers.get(name):
                record[name] = headers[name]
        accept = request.headers.get("accept")
        if accept:
            record["accept"] = accept  # so that a server that negotiates sends the same variant
        if 300 <= response.status < 400:
            record["location"] = headers.get("location")
            return record
        try:
            record["sha256"] = hashlib.sha256(await response.body()).hexdigest()
        except Exception:  # noqa: BLE001 - the body is gone (e.g. evicted); validators may still do
            if "etag" not in record and "last-modified" not in record:
                record["uncheckable"] = "its body could not be read and it has no validator"
        if self._is_the_document(request) and 200 <= response.status < 300:
            record["_document"] = record.get("sha256")
        return record

    def _is_the_document(self, request) -> bool:
        """The response the tab's own navigation got (not a frame's, nor a check's copy's)."""
        try:
            return request.is_navigation_request() and request.frame == self.page.main_frame
        except Exception:  # noqa: BLE001 - a service worker's request has no frame
            return False


def _without_refusals_got_past(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    answered = {r["url"] for r in records if r.get("status") not in SLOW_DOWN}
    return [r for r in records if not (r.get("status") in SLOW_DOWN and r["url"] in answered)]


def _key(record: dict[str, Any]) -> str:
    return "\x00".join(f"{k}={record[k]}" for k in sorted(record))


def uncheckable(resources: list[dict[str, Any]]) -> str | None:
    """Why the page cannot be checked by conditional requests, or None."""
    for r in resources:
        if r.get("uncheckable"):
            return f"{r['url'][:200]}: {r['uncheckable']}"
        if r.get("status") == 429:
            return f"{r['url'][:200]}: the server answered 429 Too Many Requests, and the page was audited without it"
    return None
