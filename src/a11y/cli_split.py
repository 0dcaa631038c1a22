"""`a11y crawl` and `a11y merge`: one scan split over the jobs of a CI matrix.

`a11y crawl` writes the page list (discovery only, over plain HTTP), each job runs
`a11y scan @urls.txt --depth 0 --shard K/N`, and `a11y merge` joins the shards'
results.json into the results, reports and exit code of one scan.
cli.py calls register(main) to add these commands to the `a11y` group.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .cli import DEFAULT_FORMATS, _print_outcome, fail, parse_formats
from .merge import MergeError, identify, merge
from .models import ResultsFormatError, load_results
from .output import usable_out_dir, write_reports
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
        click.echo(f"a11y: warning: merged without shard(s) {', '.join(map(str, merged.missing))} "
                   f"of {results.options['merged']['shards']}: the results are incomplete", err=True)
    out_dir, warning = usable_out_dir(Path(out))
    if warning:
        click.echo(f"a11y: warning: {warning}", err=True)
    written, errors = write_reports(results, out_dir, format_list)
    for err in errors:
        click.echo(f"a11y: error: report {err}", err=True)
    if not quiet:
        click.echo(f"merged {len(shards)} shard(s) of {results.options['merged']['shards']}")
    code = verdict(results).exit_code
    _print_outcome(results, written, code, quiet)
    sys.exit(code)


def register(main: click.Group) -> None:
    main.add_command(merge_cmd)

