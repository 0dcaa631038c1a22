"""Scan progress: a live bar on a terminal, a plain line every few seconds in CI logs."""
from __future__ import annotations

import asyncio
import sys
import time

from .models import Page, Results

LOG_INTERVAL = 5.0  # seconds between plain lines in CI logs


class Progress:
    def __init__(self, mode: str, stream=None):
        """mode: 'bar' (a terminal), 'log' (CI: no TTY) or 'quiet'."""
        self.mode = mode
        self.stream = stream or sys.stderr
        self.started = time.monotonic()
        self.scanner = None
        self.failing_elements = 0
        self._bar = None
        self._task_id = None

    @classmethod
    def for_stream(cls, quiet: bool, stream=None) -> Progress:
        stream = stream or sys.stderr
        if quiet:
            return cls("quiet", stream)
        return cls("bar" if stream.isatty() else "log", stream)

    # --- counters --------------------------------------------------------
    def _counts(self) -> tuple[int, int, float]:
        """Pages done (audited or ended in an error: links recorded as skipped are not pages the
        scan worked on, and would make "61 pages done" of 12 asked for), queued, pages a minute."""
        done = (self.scanner.pages_done - self.scanner.pages_skipped) if self.scanner else 0
        queued = (self.scanner.frontier.pending + self.scanner.pool.busy) if self.scanner else 0
        minutes = max(time.monotonic() - self.started, 1e-6) / 60
        return done, queued, done / minutes

    def line(self) -> str:
        done, queued, rate = self._counts()
        skipped = self.scanner.pages_skipped if self.scanner else 0
        return (f"a11y: {done} pages done, {queued} queued, " + (f"{skipped} links skipped, " if skipped else "")
                + f"{self.failing_elements} failing elements, {rate:.1f} pages/min")

    # --- events ------------------------------------------------------------
    def attach(self, scanner) -> None:
        self.scanner = scanner
        if self.mode == "bar":
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
            from rich.progress import Progress as Bar

            self._bar = Bar(TextColumn("[bold]scanning"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.fields[info]}"), TimeElapsedColumn(),
                            console=Console(file=self.stream), transient=False)
            self._bar.start()
            self._task_id = self._bar.add_task("scan", total=None, info="")

    def page_done(self, page: Page, results: Results) -> None:
        self.failing_elements += sum(len(r.nodes) for r in page.violations)
        if self._bar is not None:
            done, queued, rate = self._counts()
            self._bar.update(self._task_id, completed=done, total=done + queued,
                             info=f"{queued} queued · {self.failing_elements} failing elements · {rate:.1f} pages/min")

    def warn(self, message: str) -> None:
        if self.mode == "quiet":
            return
        if self._bar is not None:
            self._bar.console.print(f"[yellow]warning:[/] {message}", markup=True, highlight=False)
        else:
            print(f"a11y: warning: {message}", file=self.stream, flush=True)

    async def ticker(self) -> None:
        """In CI logs, a plain line every few seconds until cancelled."""
        if self.mode != "log":
            return
        while True:
            await asyncio.sleep(LOG_INTERVAL)
            print(self.line(), file=self.stream, flush=True)

    def finish(self) -> None:
        """Stop the bar, or print the last line; once (an error path calls it before its message)."""
        if getattr(self, "_finished", False):
            return
        self._finished = True
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
        elif self.mode == "log":
            print(self.line(), file=self.stream, flush=True)
