"""Whether a page's resources are unchanged, asked of the server as cheaply as it allows.

A resource with validators gets a conditional GET (If-None-Match, If-Modified-Since): 304 means
unchanged. Otherwise (no validators, or a server that ignores them) the GET's status and body
hash are compared with what the browser got. Each distinct resource is asked about once per
scan (a site's shared stylesheet is one request, however many pages use it).
"""
from __future__ import annotations

import asyncio
import hashlib
from typing import Any

import httpx

from .. import __version__

# Sub-resource checks in flight at once, for the whole scan.
MAX_IN_FLIGHT = 16


class Revalidator:
    def __init__(self, credentials, timeout: float):
        self._client = httpx.AsyncClient(
            follow_redirects=False, timeout=timeout,
            headers={"User-Agent": f"a11y/{__version__} (cache revalidation)"},
            # The scan's --header values (on their origins only) and storage-state cookies.
            event_hooks={"request": [credentials.httpx_hook]} if credentials is not None else None,
        )
        self._answers: dict[str, asyncio.Future] = {}
        self._slots = asyncio.Semaphore(MAX_IN_FLIGHT)

    async def close(self) -> None:
        await self._client.aclose()

    async def changed(self, resources: list[dict[str, Any]]) -> str | None:
        """None if every resource is as it was, else the first one found changed (its URL)."""
        checks = [self._unchanged(r) for r in resources]
        for resource, same in zip(resources, await asyncio.gather(*checks), strict=True):
            if not same:
                return resource["url"]
        return None

    def _unchanged(self, resource: dict[str, Any]) -> asyncio.Future:
        key = repr(sorted(resource.items()))
        answer = self._answers.get(key)
        if answer is None:
            answer = self._answers[key] = asyncio.ensure_future(self._ask(resource))
        return answer

    async def _ask(self, resource: dict[str, Any]) -> bool:
        headers = {}
        if resource.get("etag"):
            headers["If-None-Match"] = resource["etag"]
        if resource.get("last-modified"):
            headers["If-Modified-Since"] = resource["last-modified"]
        if resource.get("accept"):
            headers["Accept"] = resource["accept"]
        async with self._slots:
            try:
                response = await self._client.get(resource["url"], headers=headers)
            except (httpx.HTTPError, httpx.InvalidURL, OSError, ValueError):
                return bool(resource.get("failed"))  # it failed then, and fails now
        return same_as_stored(resource, response.status_code, response.headers, response.content)


def same_as_stored(resource: dict[str, Any], status: int, headers, body: bytes) -> bool:
    if resource.get("failed"):
        return False  # it failed when the page was scanned; now it answers
    if status == 304:
        return bool(resource.get("etag") or resource.get("last-modified"))
    if status != resource.get("status"):
        return False
    if 300 <= status < 400:
        return headers.get("location") == resource.get("location")
    return resource.get("sha256") is not None and hashlib.sha256(body).hexdigest() == resource["sha256"]
