"""`a11y crawl` and `a11y merge`: one scan split over the jobs of a CI matrix.

`a11y crawl` writes the page list (discovery only, over plain HTTP), each job runs
`a11y scan @urls.txt --depth 0 --shard K/N`, and `a11y merge` joins the shards'
results.json into the results, reports and exit code of one scan.
cli.py calls register(main) to add these commands to the `a11y` group.
"""
from __future__ import annotations

import asyncio
import contextlib
import sys
from pathlib import Path

import click

from .cli import (
    DEFAULT_FORMATS,
    ConfiguredCommand,
    _print_outcome,
    fail,
    option_names,
    parse_formats,
    parse_headers,
    parse_origins,
    scan,
    sigterm_as_ctrl_c,
)
from .config import to_default_map
from .merge import MergeError, copy_pictures, identify, merge
from .models import ResultsFormatError, load_results
from .output import OutDirError, prepare_out_dir, relpath, remove_stale_reports, write_reports
from .reporters import write_atomic
from .verdict import verdict


@click.command("merge")
@click.argument("results_files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--out", type=click.Path(file_okay=False), required=True, help="Output folder.")
@click.option("--format", "formats", default=DEFAULT_FORMATS, show_default=True,
              help="Comma list of json, html, md, junit, sarif, csv, openacr, earl.")
@click.option("--allow-missing", is_flag=True,
              help="Merge the shards given even if some are missing (the results are then incomplete, exit 3).")
@click.option("--quiet", "-q", is_flag=True, help="Only the verdict line.")
def merge_cmd(results_files, out, formats, allow_missing, quiet):
    """Join the results.json of `a11y scan --shard K/N`, one per shard, into one scan's
    results and reports (no browser).

    \b
    Exit codes are those one scan would have had:
      0  no violation at or above the shards' --fail-on outside the baseline
      1  violations at or above --fail-on that are not in the baseline
      2  usage error: a file that is not a shard's results, shards of different
         scans or settings, a shard given twice or missing, overlapping shards
      3  incomplete: a page in error, a seed that answered 4xx/5xx, a shard
         interrupted, no page scanned, or shards missing with --allow-missing
    """
    format_list = parse_formats(formats)
    shards = []
    for name in results_files:
        try:
            shards.append(identify(name, load_results(name)))
        except ResultsFormatError as e:
            fail(str(e), "give the results.json that `a11y scan --shard K/N` wrote")
        except MergeError as e:
            fail(str(e), e.hint)
    try:
        merged = merge(shards, allow_missing=allow_missing)
    except MergeError as e:
        fail(str(e), e.hint)
    results = merged.results
    if merged.missing:
        owed = (f"; {len(merged.missing_pages)} page(s) of theirs the other shards saw are listed as not audited"
                if merged.missing_pages else "")
        click.echo(f"a11y: warning: merged without shard(s) {', '.join(map(str, merged.missing))} "
                   f"of {results.options['merged']['shards']}: the results are incomplete{owed}", err=True)
    try:
        out_dir = prepare_out_dir(Path(out))
    except OutDirError as e:
        fail(str(e), "give --out a folder that can be created and written")
    removed, failed = remove_stale_reports(out_dir, format_list, screenshots=True)
    if removed:
        click.echo(f"a11y: note: removed from {out_dir} what an earlier scan wrote there and this "
                   f"one does not: {', '.join(removed)}", err=True)
    for warning in copy_pictures(shards, out_dir):
        click.echo(f"a11y: warning: {warning}", err=True)
    written, errors = write_reports(results, out_dir, format_list)
    for err in errors:
        click.echo(f"a11y: error: report {err}", err=True)
    if not quiet:
        click.echo(f"merged {len(shards)} shard(s) of {results.options['merged']['shards']}")
    code = verdict(results).exit_code
    _print_outcome(results, written, code, quiet)
    sys.exit(code)


# `a11y scan`'s discovery options, with the same names, defaults and a11y.toml settings.
CRAWL_OPTIONS = ("targets", "depth", "max_pages", "include", "exclude", "sitemap", "ignore_robots", "timeout",
                 "headers", "header_origins", "storage_state", "quiet")
TARGET_HINT = "give http(s) URLs, or @FILE with one URL per line"


class CrawlCommand(ConfiguredCommand):
    def config_defaults(self, config) -> dict:
        """a11y.toml holds `a11y scan`'s settings: checked as scan's, the discovery ones used."""
        own = {p.name for p in self.params}
        return {k: v for k, v in to_default_map(config, option_names(scan.params)).items() if k in own}


def _check_output(output: str) -> None:
    """Refuse an output that cannot be written before any page is fetched."""
    if output == "-":
        return
    path = Path(output)
    hint = "give a file in a folder you can write to, e.g. -o urls.txt (or -o - for the standard output)"
    if path.is_dir():
        fail(f"cannot write the URL list to {output}: it is a folder", hint)
    parent = path.parent
    if not parent.is_dir():
        fail(f"cannot write the URL list to {output}: {parent} is not a folder", hint)
    try:
        with open(path, "a", encoding="utf-8"):
            pass
    except OSError as e:
        fail(f"cannot write the URL list to {output}: {e.strerror or e}", hint)


def crawl(targets, depth, max_pages, include, exclude, sitemap, ignore_robots, timeout, headers, header_origins,
          storage_state, output, quiet):
    """Find the pages `a11y scan` would audit (discovery only, over plain HTTP, no
    browser) and write them to FILE, one URL per line, for `a11y scan @FILE`.

    Links that scripts add are not seen. Pages a scan would not audit are left out
    (documents, robots, --exclude, --depth, --max-pages, broken links); a seed that
    answers 4xx/5xx or cannot be fetched is kept, and is an error.

    \b
    Exit codes:
      0  the list is written and every page was fetched
      2  usage or set-up error (bad option or target, output not writable)
      3  incomplete: a seed answered 4xx/5xx or could not be fetched, a page's
         links could not be read, interrupted, or no page found (the list is
         written all the same)
    """
    from .discovery import Frontier
    from .discovery.crawl import Crawler
    from .storage_state import StorageStateError, load_storage_state
    from .targets import TargetError, resolve

    cookies = []
    if storage_state:
        try:
            cookies = load_storage_state(storage_state).get("cookies", [])
        except StorageStateError as e:
            fail(str(e), "save one with Playwright's context.storage_state(path=...)")
    with contextlib.ExitStack() as stack:
        try:
            resolved = resolve(list(targets), stack)
        except TargetError as e:
            fail(str(e), TARGET_HINT)
    if resolved.local:
        fail(f"a local folder or file ({resolved.local[0]}) is not crawled: its address lasts only while a scan runs",
             "scan the folder itself in each job: a11y scan ./public --shard K/N")
    for target, why in resolved.invalid:
        click.echo(f"a11y: warning: skipping {target!r}: {why}", err=True)
    if not resolved.seeds:
        fail("no valid target to crawl", TARGET_HINT)
    _check_output(output)
    frontier = Frontier(
        resolved.seeds, max_depth=depth, max_pages=max(max_pages, len(resolved.seeds)), include=list(include),
        exclude=list(exclude), respect_robots=not ignore_robots, use_sitemaps=sitemap, headers=parse_headers(headers),
        header_origins=parse_origins(header_origins), cookies=cookies, timeout=min(timeout, 15.0),
    )
    crawler = Crawler(frontier, timeout=min(timeout, 15.0))
    try:
        with sigterm_as_ctrl_c():
            asyncio.run(crawler.run())
    except KeyboardInterrupt:
        crawler.result.complete = False
        crawler.result.problems.append("interrupted: the list holds the pages found so far")
    result = crawler.result
    urls = result.urls()
    text = "".join(f"{url}\n" for url in urls)
    if output == "-":
        click.echo(text, nl=False)
    else:
        try:
            write_atomic(Path(output), text)
        except OSError as e:
            fail(f"cannot write the URL list to {output}: {e.strerror or e}", "choose a writable path")
    for warning in result.warnings:
        click.echo(f"a11y: warning: {warning}", err=True)
    if not quiet:
        for note in result.notes:
            click.echo(f"a11y: note: {note}", err=True)
    if not urls:
        result.problems.append("no page to scan was found")
    for problem in result.problems:
        click.echo(f"a11y: error: {problem}", err=True)
    listed = f"{len(urls)} page{'s' * (len(urls) != 1)} listed in " + (
        "the standard output" if output == "-" else relpath(Path(output)))
    if result.problems:
        click.echo(f"a11y: incomplete: {listed}; see the error{'s' * (len(result.problems) > 1)} above (exit 3)",
                   err=True)
        sys.exit(3)
    click.echo(f"a11y: {listed} (exit 0)", err=True)


def _crawl_command() -> click.Command:
    params = [p for p in scan.params if p.name in CRAWL_OPTIONS]
    params.insert(1, click.Option(["-o", "--output"], required=True, metavar="FILE",
                                  help="Where to write the URLs, one per line ('-': the standard output)."))
    return CrawlCommand("crawl", callback=crawl, params=params, help=crawl.__doc__,
                        short_help="Discovery only, over plain HTTP: write the URLs a scan would audit.")


def register(main: click.Group) -> None:
    main.add_command(merge_cmd)
    main.add_command(_crawl_command())

