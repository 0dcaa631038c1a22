"""Whether a page's resources are unchanged, asked of the server as cheaply as it allows.

A resource with validators gets a conditional GET (If-None-Match, If-Modified-Since): 304 means
unchanged. Otherwise (no validators, or a server that ignores them) the GET's status and body
hash are compared with what the browser got. Each distinct resource is asked about once per
scan (a site's shared stylesheet is one request, however many pages use it).

A server that answers 429 or 503 is asked again as a page load would ask it, in the scan's own
pauses per origin (politeness.py): a request waits while its origin is paused (by a page load, by
discovery, or by another revalidation), and its refusal pauses the page loads too. One the server
still refuses after the tries (or asks to wait longer than a scan waits) is no answer: the
page's check raises CouldNotTell, and the page is scanned in the browser, where it meets the
server as a scan without --cache would.
"""
from __future__ import annotations

import asyncio
import hashlib
from typing import Any

import httpx

from .. import __version__
from ..politeness import SLOW_DOWN, GiveUp, Politeness

# Sub-resource checks in flight at once, for the whole scan.
MAX_IN_FLIGHT = 16


class CouldNotTell(Exception):
    """A resource's server would not say (429 or 503 past the tries): the message says which and why."""


class Revalidator:
    def __init__(self, credentials, timeout: float, politeness: Politeness | None = None):
        self._client = httpx.AsyncClient(
            follow_redirects=False, timeout=timeout,
            headers={"User-Agent": f"a11y/{__version__} (cache revalidation)"},
            # The scan's --header values (on their origins only) and storage-state cookies.
            event_hooks={"request": [credentials.httpx_hook]} if credentials is not None else None,
        )
        self._answers: dict[str, asyncio.Future] = {}
        self._slots = asyncio.Semaphore(MAX_IN_FLIGHT)
        self._politeness = politeness if politeness is not None else Politeness()  # the scan's

    async def close(self) -> None:
        await self._client.aclose()

    async def changed(self, resources: list[dict[str, Any]]) -> str | None:
        """None if every resource is as it was, else the first one found changed (its URL).
        CouldNotTell if none was found changed but a server would not answer about one."""
        checks = [self._unchanged(r) for r in resources]
        answers = await asyncio.gather(*checks)
        for resource, same in zip(resources, answers, strict=True):
            if same is False:
                return resource["url"]
        for resource, same in zip(resources, answers, strict=True):
            if isinstance(same, str):
                raise CouldNotTell(f"{resource['url']}: {same}")
        return None

    def _unchanged(self, resource: dict[str, Any]) -> asyncio.Future:
        key = repr(sorted(resource.items()))
        answer = self._answers.get(key)
        if answer is None:
            answer = self._answers[key] = asyncio.ensure_future(self._ask(resource))
            answer.add_done_callback(lambda done: self._forget_no_answer(key, done))
        return answer

    def _forget_no_answer(self, key: str, done: asyncio.Future) -> None:
        """A server that would not answer is asked again for the next page that uses the resource."""
        if not done.cancelled() and done.exception() is None and isinstance(done.result(), str):
            if self._answers.get(key) is done:
                del self._answers[key]

    async def _ask(self, resource: dict[str, Any]) -> bool | str:
        """True: unchanged; False: changed; a str: why the server's answer could not tell."""
        headers = {}
        if resource.get("etag"):
            headers["If-None-Match"] = resource["etag"]
        if resource.get("last-modified"):
            headers["If-Modified-Since"] = resource["last-modified"]
        if resource.get("accept"):
            headers["Accept"] = resource["accept"]
        url, polite, tries = resource["url"], self._politeness, 0
        while True:
            await polite.wait(url)  # outside the slots: the other origins' checks go on meanwhile
            async with self._slots:
                await polite.wait(url)  # a pause that began while this one waited for a slot
                try:
                    response = await self._client.get(url, headers=headers)
                except (httpx.HTTPError, httpx.InvalidURL, OSError, ValueError):
                    return bool(resource.get("failed"))  # it failed then, and fails now
            tries += 1
            status = response.status_code
            if status not in SLOW_DOWN:
                break
            try:
                polite.refused(url, status, response.headers.get("retry-after"), tries)
            except GiveUp as exc:
                if status == resource.get("status"):
                    break  # what it answered when the page was scanned, too: compared below
                return str(exc)
        return same_as_stored(resource, status, response.headers, response.content)


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
