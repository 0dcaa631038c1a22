"""flask --app desk worker: one Huey consumer (one job at a time) and the queue's reaper.

One process per worker, so a Chromium that takes its process down costs only that
worker's job (which another worker runs again after its lease). Every worker also
runs the reaper every DESK_JOB_REAP_SECONDS and records that it is alive (/healthz).
"""
from __future__ import annotations

import logging
import threading

from flask import Flask

from . import jobs

log = logging.getLogger("desk.worker")


def _reaper(app: Flask, name: str, stop: threading.Event) -> None:
    every = float(app.config["DESK_JOB_REAP_SECONDS"])
    while True:
        try:
            with app.app_context():
                jobs.seen(name)
                counts = jobs.reap()
            if any(counts.values()):
                log.info("reaper: %s", ", ".join(f"{k} {v}" for k, v in counts.items()))
        except Exception:  # noqa: BLE001 - a database hiccup: try again next round
            log.exception("reaper round failed")
        if stop.wait(every):
            return


def run(app: Flask) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    from . import scans  # noqa: F401 - registers the job handlers

    huey = jobs.queue(app)
    name = jobs.worker_name()
    stop = threading.Event()
    reaper = threading.Thread(target=_reaper, args=(app, name, stop), name="reaper", daemon=True)
    reaper.start()
    # Poll often (at most a second apart) so that a new request's scan starts at once.
    consumer = huey.create_consumer(workers=1, worker_type="thread", periodic=False, max_delay=1.0)
    log.info("desk worker %s: queue %s", name, type(huey).__name__)
    try:
        consumer.run()
    finally:
        stop.set()
        reaper.join()
        with app.app_context():
            jobs.forget(name)
