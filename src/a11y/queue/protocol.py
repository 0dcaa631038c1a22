"""What the coordinator and its workers say to each other through Redis.

A page job is one Huey message whose one argument is JSON: the a11y version and
protocol, the scan's id, the job's key, the page (url, depth, found_on, referrer), the lease and
the scan's settings (everything a worker needs to scan a page as the coordinator
would: seeds, standard, rules, checks, timeout, headers, storage state, and the
engines' versions). The record comes back on the scan's own Redis list; the worker
holds a lease key, renewed by its heartbeat, while it works on the page.
"""
from __future__ import annotations

import hashlib
import json
import os
import socket
from dataclasses import asdict
from typing import Any
from urllib.parse import urlsplit

from .. import __version__
from ..models import Page, page_from_dict

PROTOCOL = 2  # 2: the job carries its page's referrer
QUEUE_NAME = "a11y"  # Huey's queue: every scan's page jobs, taken by every worker
DEFAULT_LEASE = 30.0  # seconds a worker may go silent before its page goes to another
RECORDS_TTL = 24 * 3600  # a scan's records list outlives a coordinator that died by a day at most
HUEY_READ_TIMEOUT = 1  # seconds a worker blocks on an empty queue before looking again


class QueueUrlError(ValueError):
    """--queue is not a Redis URL we can use."""


def check_url(url: str) -> str:
    """The URL, if it is redis://HOST[:PORT][/DB] (or rediss://); QueueUrlError says why not."""
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss"):
        raise QueueUrlError(f"{redact(url)!r} is not a Redis URL: use redis://HOST[:PORT][/DB]")
    try:
        port = parts.port
    except ValueError:
        raise QueueUrlError(f"{redact(url)!r}: the port is not a number from 1 to 65535") from None
    if not parts.hostname:
        raise QueueUrlError(f"{redact(url)!r} names no host: use redis://HOST[:PORT][/DB]")
    if port == 0:
        raise QueueUrlError(f"{redact(url)!r}: the port is not a number from 1 to 65535")
    db = parts.path.strip("/")
    if db and not db.isdigit():
        raise QueueUrlError(f"{redact(url)!r}: the database after the host is a number, e.g. redis://HOST:6379/0")
    return url


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)[1]
    user = f"{parts.username}:***@" if parts.username else ":***@"
    return parts._replace(netloc=user + netloc).geturl()


def connect(url: str):
    """A Redis client for url, with short socket timeouts so that a queue gone away is noticed."""
    from redis import Redis

    return Redis.from_url(url, socket_connect_timeout=3, socket_timeout=10, health_check_interval=10)


def make_huey(redis_client):
    """Huey on that Redis, with the page job's task registered (the same name on both sides)."""
    from huey import RedisHuey

    huey = RedisHuey(QUEUE_NAME, connection_pool=redis_client.connection_pool, results=False,
                     read_timeout=HUEY_READ_TIMEOUT)

    @huey.task(name="a11y.page")
    def page_job(message: str) -> None:  # taken and run by worker.py, never by Huey's consumer
        raise RuntimeError("a11y page jobs are run by `a11y worker`")

    huey.page_job = page_job
    return huey


def reachable(redis_client) -> str | None:
    """None if Redis answers, else why not (one line)."""
    from redis.exceptions import RedisError

    try:
        redis_client.ping()
    except RedisError as e:
        return str(e).splitlines()[0] if str(e) else type(e).__name__
    return None


# --- keys ----------------------------------------------------------------------

def alive_key(scan: str) -> str:
    return f"a11y:scan:{scan}:alive"


def records_key(scan: str) -> str:
    return f"a11y:scan:{scan}:records"


def lease_key(scan: str, key: str) -> str:
    return f"a11y:scan:{scan}:lease:{key}"


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


# --- the scan's settings ----------------------------------------------------------

def job_settings(seeds: list[str], options, engines: list[dict]) -> dict[str, Any]:
    """What a worker needs to scan a page as this scan would (JSON)."""
    state = options.storage_state
    if isinstance(state, str):
        from ..storage_state import load_storage_state

        state = load_storage_state(state)  # the file is on the coordinator's machine: send what it holds
    return {
        "seeds": list(seeds), "standard": options.standard, "best_practice": options.best_practice,
        "rules": list(options.rules), "disable_rules": list(options.disable_rules), "checks": options.checks,
        "thorough": options.thorough, "exclude": list(options.exclude),  # the checks load no excluded page
        "depth": options.depth, "timeout": options.timeout, "headers": dict(options.headers),
        "header_origins": list(options.header_origins), "storage_state": state,
        "cookies": list(options.cookies), "engines": engines, **options.emulation.recorded(),
    }


def digest(settings: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()


def options_from(settings: dict[str, Any], concurrency: int, chromium: str | None,
                 memory_budget: int | None = None):
    """The ScanOptions a worker scans a job's page with (its own concurrency, Chromium and
    memory budget: they are the worker machine's, not the coordinator's)."""
    from ..emulation import Emulation
    from ..scan import ScanOptions

    return ScanOptions(
        standard=settings["standard"], best_practice=settings["best_practice"], rules=settings["rules"],
        disable_rules=settings["disable_rules"], checks=settings["checks"], thorough=settings.get("thorough", False),
        depth=settings["depth"], exclude=settings.get("exclude", []),
        timeout=settings["timeout"], headers=settings["headers"], header_origins=settings["header_origins"],
        storage_state=settings["storage_state"], cookies=settings["cookies"], concurrency=concurrency,
        chromium=chromium, memory_budget=memory_budget, emulation=Emulation.from_recorded(settings),
    )


# --- messages ----------------------------------------------------------------------

def job_message(scan: str, key: str, job, lease: float, settings: dict, settings_digest: str,
                referrer: str | None = None) -> str:
    """referrer: the page of the crawl whose link led to the job's page, as the coordinator's
    loop knows it (Scanner._referrer); the checks compare the page with it, as in a local scan."""
    return json.dumps({"a11y": __version__, "protocol": PROTOCOL, "scan": scan, "key": key, "url": job.url,
                       "depth": job.depth, "found_on": job.found_on, "referrer": referrer, "lease": lease,
                       "digest": settings_digest, "settings": settings})


def refusal(message: dict) -> str | None:
    """Why this worker will not run the job (another version or protocol), else None."""
    theirs = message.get("a11y")
    if theirs != __version__ or message.get("protocol") != PROTOCOL:
        return (f"the scan runs a11y {theirs} (queue protocol {message.get('protocol')}), this worker a11y "
                f"{__version__} (protocol {PROTOCOL}): run the same a11y version on the coordinator and every worker")
    if not isinstance(message.get("settings"), dict) or digest(message["settings"]) != message.get("digest"):
        return "the job's settings do not match their digest"
    return None


def engines_refusal(wanted: list[dict], mine: list[dict]) -> str | None:
    if wanted == mine:
        return None

    def text(engines):
        return ", ".join(f"{e['name']} {e['version']}" for e in engines) or "none"
    return (f"this worker's engines ({text(mine)}) are not the scan's ({text(wanted)}): "
            "install the same versions on every machine")


def page_record(message: dict, page: Page, claimed: str | None, links: list[str] | None,
                links_at: str | None, content: str | None, worker: str) -> str:
    """A scanned page's record for the coordinator: the page, the address the worker asked to
    audit (claimed), the links it found and where, and the sha256 of the document's bytes."""
    return json.dumps({"scan": message["scan"], "key": message["key"], "worker": worker, "page": asdict(page),
                       "claimed": claimed, "links": links, "links_at": links_at, "content": content})


def refused_record(message: dict, why: str, worker: str) -> str:
    return json.dumps({"scan": message.get("scan"), "key": message.get("key"), "worker": worker, "refused": why})


def returned_record(message: dict, worker: str) -> str:
    """A stopping worker gives the job back: the coordinator sends it out again at once."""
    return json.dumps({"scan": message.get("scan"), "key": message.get("key"), "worker": worker, "returned": True})


def read_page(record: dict) -> Page:
    return page_from_dict(record["page"])
