"""Calls to Redis from the event loop: in a thread, and patient when the queue goes away.

While Redis does not answer, every call waits and tries again; the first failure says so
once, and the first success after it says that the work goes on.
"""
from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from .protocol import redact

RETRY_EVERY = 1.0  # seconds between tries while the queue is away


class QueueLink:
    def __init__(self, url: str, warn: Callable[[str], None], what_waits: str = "the scan"):
        self.url, self.warn, self.what_waits = url, warn, what_waits
        self.down = False
        self.comebacks = 0  # times the queue answered again after going away

    async def call(self, fn: Callable[..., Any], *args) -> Any:
        while True:
            try:
                result = await asyncio.to_thread(fn, *args)
            except (RedisConnectionError, RedisTimeoutError) as e:
                if not self.down:
                    self.down = True
                    why = str(e).splitlines()[0] if str(e) else type(e).__name__
                    self.warn(f"the queue at {redact(self.url)} does not answer ({why}); waiting for it: "
                              f"{self.what_waits} goes on when it is back")
                await asyncio.sleep(RETRY_EVERY)
                continue
            if self.down:
                self.down = False
                self.comebacks += 1
                self.warn(f"the queue at {redact(self.url)} answers again: {self.what_waits} goes on")
            return result
