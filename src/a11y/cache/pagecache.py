"""The cache as the scan loop sees it: reuse a page's record, or record what a scanned page was made of."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from ..models import Page, page_from_dict
from .madeof import NotCacheable, Recorder, uncheckable
from .revalidate import CouldNotTell, Revalidator
from .settings import differences, scan_settings
from .store import CacheDir, EntryError

# Fields of a page record that belong to the job (how the page was reached this time), not to the page.
_JOB_FIELDS = ("url", "depth", "found_on", "duration_ms", "from_cache")


class PageCache:
    def __init__(self, folder: str | Path, on_warning: Callable[[str], None] | None = None):
        self.folder = Path(folder)
        self.on_warning = on_warning or (lambda message: None)
        self._dir = CacheDir(self.folder, lambda message: self.on_warning(message))
        self.settings: dict[str, Any] | None = None
        self._revalidator: Revalidator | None = None
        self.reused = self.stored = 0
        self.not_stored: list[str] = []  # pages that could not be stored, with why
        self.never: tuple[str, ...] = ()  # --exclude patterns: addresses never recorded nor asked about

    def open(self) -> None:
        """Read the manifest and check that the folder can be written: CacheError if not."""
        self._dir.open()

    # The browser's version, remembered in the folder's manifest (browserversion.VersionMemo).
    def recall(self, stamp) -> str | None:
        return self._dir.browser_version(stamp)

    def remember(self, stamp, version: str) -> None:
        self._dir.remember_browser_version(stamp, version)

    async def start(self, options, engines, browser_version: str, credentials: Callable[[], Any],
                    politeness=None) -> None:
        """credentials() -> the scan's current Credentials (they change when the scan signs in).
        politeness: the scan's pauses per origin (politeness.py), which revalidation waits in and tells."""
        self.settings = scan_settings(options, engines, browser_version)
        self.never = tuple(options.exclude)

        class _Current:
            async def httpx_hook(self, request) -> None:
                await credentials().httpx_hook(request)

        self._revalidator = Revalidator(_Current(), timeout=min(options.timeout, 15.0), politeness=politeness)

    async def close(self) -> None:
        if self._revalidator is not None:
            await self._revalidator.close()

    # --- a re-scan -----------------------------------------------------------------
    async def reuse(self, job, claim, seen_content, dedupe: bool, on_links) -> Page | None:
        """The page's record from the cache if it and all it loaded are unchanged (claimed, its
        links given to on_links, as a scan in the browser would), else None: scan it."""
        entry = self._entry(job.url)
        if entry is None:
            return None
        try:
            if await self._revalidator.changed(entry["resources"]) is not None:
                return None
        except CouldNotTell as e:  # not a change: said, and the page is scanned as without --cache
            self.on_warning(f"--cache {self.folder}: could not tell whether {job.url} is unchanged ({e}); "
                            "scanning it in the browser")
            return None
        except Exception:  # noqa: BLE001 - a check that went wrong proves nothing: scan the page
            return None
        from ..pagework import _claim  # the same decisions as for a page loaded in the browser

        final_url = entry["final_url"]
        refused = _claim(job, final_url, claim)
        if refused is not None:
            return refused
        page = entry["page"]
        page.url, page.depth, page.found_on, page.from_cache = job.url, job.depth, job.found_on, True
        # What the page showed rendered (pagework.CONTENT_DIGEST), as a scan in the browser compares
        # pages: an app's routes share their bytes, not what they show. (Entries kept before it: none.)
        shown = entry.get("content_digest")
        if dedupe and shown:
            first = seen_content(shown, final_url)
            if first != final_url and job.depth > 0:  # as pagework: a seed asked for by name is scanned
                return Page(url=job.url, final_url=final_url, status="skipped", depth=job.depth,
                            found_on=job.found_on, http_status=page.http_status, content_type=page.content_type,
                            reason=f"duplicate: same content as {first}")
        if page.status != "scanned" and not (page.reason or "").startswith("not-html:"):
            return None  # a duplicate last time, and not this time: the page itself is to be scanned
        if page.status == "scanned":
            on_links(list(entry["links"]), final_url)
        self.reused += 1
        return page

    def _entry(self, url: str) -> dict[str, Any] | None:
        try:
            data = self._dir.read(url)
            if data is None or differences(data.get("settings"), self.settings):
                return None
            record = {k: v for k, v in data["page"].items() if k not in _JOB_FIELDS}
            entry = dict(data, page=page_from_dict({**record, "url": url}))
            if not (isinstance(entry["final_url"], str) and isinstance(entry["links"], list)
                    and all(isinstance(r, dict) and isinstance(r.get("url"), str) for r in entry["resources"])):
                raise EntryError("fields of the wrong type")
            return entry
        except EntryError as e:
            self.on_warning(f"--cache {self.folder}: {e}; scanning {url} again")
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            self.on_warning(f"--cache {self.folder}: the entry for {url} is damaged ({type(e).__name__}: "
                            f"{str(e)[:100]}); scanning it again")
        return None

    # --- a scan in the browser -----------------------------------------------------
    def record(self, tab) -> Recorder:
        """Listen to what the tab's context loads while a page is scanned, until keep(). A page
        whose scan failed never reaches keep(): its recorder stops when the tab's next page starts
        (or with the tab's context)."""
        previous = getattr(tab, "cache_recorder", None)
        if previous is not None:
            previous.discard()
        tab.cache_recorder = recorder = Recorder(tab, self.never)
        recorder.start()
        return recorder

    async def keep(self, job, outcome, recorder: Recorder, timeout: float) -> None:
        """Store a scanned page with what it was made of (never raises: a page not stored is scanned next time)."""
        page = outcome.page
        if page.final_url is None or not (page.status == "scanned" or page.status == "skipped" and page.reason):
            recorder.discard()  # nothing loaded that is worth keeping
            return
        try:
            resources, document = await recorder.finish(timeout)
            why = uncheckable(resources)
            if why:
                raise NotCacheable(why)
        except Exception as e:  # noqa: BLE001 - NotCacheable, or a response that could not be read
            self._dir.forget(job.url)
            self.not_stored.append(f"{job.url}: {e}" if isinstance(e, NotCacheable) else
                                   f"{job.url}: what it loaded could not be read ({type(e).__name__})")
            return
        record = {k: v for k, v in asdict(page).items() if k not in _JOB_FIELDS}
        self._dir.write(job.url, {"settings": self.settings, "final_url": outcome.final_url or page.final_url,
                                  "links": list(outcome.links), "document_sha256": document,
                                  "content_digest": outcome.content_digest,
                                  "resources": resources, "page": record})
        self.stored += 1
