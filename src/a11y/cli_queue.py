"""`a11y worker`, and the checks of `a11y scan --queue`: one scan over many machines.

cli.py calls register(main) to add the worker command, and check_queue(...) when a
scan is given --queue: a bad URL, a Redis that does not answer, or an option a
queued scan cannot take stops it with exit 2 before anything is written.
"""
from __future__ import annotations

import asyncio
import sys

import click

from .cli import fail, sigterm_as_ctrl_c
from .sizegate import DEFAULT_BUDGET_HELP

CHROMIUM_HINT = "run `make setup` (installs Chromium) or set A11Y_CHROMIUM to a working Chromium"
URL_HINT = "give the Redis server's address: --queue redis://HOST[:PORT][/DB], e.g. redis://10.0.0.5:6379/0"
# Options a queued scan cannot take yet, with why (they need files or state on the coordinator's machine).
NOT_WITH_QUEUE = {
    "login": "--login signs in on the coordinator's machine; give the workers a --storage-state instead",
    "cache": "--cache keeps what each page loaded on the machine that scanned it",
    "screenshots": "--screenshots writes its pictures on the machine that scanned the page",
    "shard": "--shard splits a scan between CI jobs; a queue splits it between workers already",
    "memory-budget": ("--memory-budget bounds the memory of the machine that scans the pages; "
                      "give it to each `a11y worker --memory-budget MB`"),
}


def check_queue(url: str, given: dict[str, bool]) -> None:
    """Exit 2 with a message if --queue URL cannot be used for this scan, or does not answer."""
    from .queue.protocol import QueueUrlError, check_url, connect, reachable, redact

    try:
        check_url(url)
    except QueueUrlError as e:
        fail(f"--queue: {e}", URL_HINT)
    for name, why in NOT_WITH_QUEUE.items():
        if given.get(name):
            fail(f"--queue cannot be used with --{name}: {why}", "scan without one of them")
    why = reachable(connect(url))
    if why:
        fail(f"--queue: the Redis server at {redact(url)} does not answer ({why})",
             "start it (redis-server), or check the host, port and database in the URL")


def check_local(local: list[str]) -> None:
    if local:
        fail(f"--queue cannot scan a local folder or file ({local[0]}): its address is served on this machine only",
             "serve it at an address the workers can reach, and scan that URL")


@click.command("worker")
@click.option("--queue", "queue_url", required=True, metavar="redis://HOST[:PORT][/DB]",
              help="The Redis server the coordinator (`a11y scan --queue`) sends page jobs through.")
@click.option("--concurrency", type=click.IntRange(1, 32), default=None,
              help="Pages at once on this machine (default from CPUs).")
@click.option("--fixed-concurrency", is_flag=True,
              help="Keep the pages at once as set, even when pages time out or memory runs short.")
@click.option("--memory-budget", type=click.IntRange(min=0), default=None, metavar="MB",
              help=f"MB this worker's processes may hold before page audits wait for each other "
                   f"({DEFAULT_BUDGET_HELP}).")
@click.option("--max-jobs", type=click.IntRange(min=1), default=None,
              help="Stop after this many page jobs (default: run until stopped).")
@click.option("--quiet", "-q", is_flag=True, help="Only warnings and errors.")
def worker_cmd(queue_url, concurrency, fixed_concurrency, memory_budget, max_jobs, quiet):
    """Scan the pages that `a11y scan --queue URL` sends, in this machine's Chromium, until
    stopped (Ctrl-C or SIGTERM: the pages in hand go back to the other workers).

    \b
    Exit codes:
      0  stopped (Ctrl-C, SIGTERM, or --max-jobs done)
      2  a bad --queue URL, a Redis server that does not answer at start, or no Chromium
    """
    from .queue.protocol import QueueUrlError, check_url, redact
    from .queue.worker import PageWorker
    from .scan import default_concurrency

    try:
        check_url(queue_url)
    except QueueUrlError as e:
        fail(f"--queue: {e}", URL_HINT)
    from .browser import BrowserNotFound, find_chromium
    from .queue.protocol import connect, reachable

    try:
        find_chromium()  # a worker with no browser says so now, not at its first page
    except BrowserNotFound as e:
        fail(str(e), CHROMIUM_HINT)

    why = reachable(connect(queue_url))
    if why:
        fail(f"--queue: the Redis server at {redact(queue_url)} does not answer ({why})",
             "start it (redis-server), or check the host, port and database in the URL")

    def say(message: str) -> None:
        if not quiet:
            click.echo(f"a11y worker: {message}", err=True)

    def warn(message: str) -> None:
        click.echo(f"a11y worker: warning: {message}", err=True)

    worker = PageWorker(queue_url, concurrency or default_concurrency(), None, say, warn, max_jobs=max_jobs,
                        auto_concurrency=not fixed_concurrency,
                        memory_budget=None if memory_budget is None else memory_budget * 1024 * 1024)
    say(f"{worker.name} waiting for page jobs on {redact(queue_url)}")
    try:
        with sigterm_as_ctrl_c():
            asyncio.run(worker.run())
    except KeyboardInterrupt:
        say("stopped: the pages in hand go back to the queue")
    if worker.fatal:
        fail(worker.fatal, CHROMIUM_HINT)
    say(f"done: {worker.jobs} page job(s)")
    sys.exit(0)


def register(main: click.Group) -> None:
    main.add_command(worker_cmd)
