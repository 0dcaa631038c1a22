"""The `a11y` command: scan, report, baseline (and the conformance commands)."""
from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
from dataclasses import replace
from pathlib import Path

import click

from . import __version__, locations, reporters, suppressions
from . import login as login_form
from .baseline import (
    BaselineError,
    apply_baseline,
    check_source,
    exit_code,
    load_baseline,
    write_baseline,
)
from .catalog import STANDARDS
from .config import ConfigError, find_config, setting_key, to_default_map
from .emulation import COLOR_SCHEMES, Emulation, EmulationError, parse_viewport
from .emulation import parse_size as parse_css_size
from .login import LoginError, SignInFailed
from .login import load as load_login
from .models import ResultsFormatError, count_text, finalise, load_results
from .output import (
    OutDirError,
    PartialResultsWriter,
    ReportFolder,
    default_out_dir,
    prepare_out_dir,
    relpath,
    remove_stale_reports,
    usable_out_dir,
    write_reports,
)
from .sizegate import DEFAULT_BUDGET_HELP
from .storage_state import StorageStateError, load_storage_state
from .verdict import EXIT_INCOMPLETE, EXIT_USAGE, FAIL_ON_LEVELS
from .verdict import verdict as decide

DEFAULT_FORMATS = "json,html,md"


def fail(cause: str, hint: str | None = None, code: int = EXIT_USAGE) -> None:
    """Stop with a one-line cause and a hint (exit 2 unless told otherwise)."""
    click.echo(f"a11y: error: {cause}", err=True)
    if hint:
        click.echo(f"hint: {hint}", err=True)
    sys.exit(code)


@contextlib.contextmanager
def sigterm_as_ctrl_c():
    """A cancelled or timed-out CI job gets SIGTERM: stop as on Ctrl-C, so that the partial
    results are still written and the exit code is 3 (asyncio.run turns SIGINT into a
    cancelled scan and then KeyboardInterrupt)."""
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: signal.raise_signal(signal.SIGINT))
    # A program started in the background by a shell without job control (a CI script's
    # `a11y scan ... &`) inherits SIGINT ignored: the SIGINT above would be lost, and the scan
    # would go on after SIGTERM. Stopping must work however the scan was started.
    previous_int = signal.getsignal(signal.SIGINT)
    if previous_int is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
        if previous_int is signal.SIG_IGN:
            signal.signal(signal.SIGINT, previous_int)


def split_list(values) -> list[str]:
    """Accept repeated options and comma lists alike: --rules a,b --rules c."""
    if isinstance(values, str):
        values = [values]
    return [v.strip() for value in values or () for v in str(value).split(",") if v.strip()]


def parse_formats(value: str) -> list[str]:
    formats = split_list(value)
    known = reporters.available()
    unknown = [f for f in formats if f not in known]
    if unknown or not formats:
        raise click.BadParameter(
            f"unknown format {', '.join(unknown) or '(empty)'}; choose from {', '.join(known)}", param_hint="--format"
        )
    return formats


def parse_headers(values) -> dict[str, str]:
    headers = {}
    for raw in values or ():
        name, sep, value = str(raw).partition(":")
        if not sep or not name.strip() or any(c in name for c in " \t\r\n"):
            raise click.BadParameter(f"{raw!r} is not 'Name: value'", param_hint="--header")
        headers[name.strip()] = value.strip()
    return headers


def parse_origins(values) -> list[str]:
    from .discovery import origin_of

    origins = []
    for raw in values or ():
        origin = origin_of(str(raw))
        if origin is None:
            raise click.BadParameter(f"{raw!r} is not an http(s) origin such as https://example.gov",
                                     param_hint="--header-origin")
        origins.append(origin)
    return origins


def option_names(params) -> dict:
    """Settings are named as the flags: 'max-pages' / 'max_pages' -> the --max-pages parameter."""
    names = {}
    for param in params:
        for opt in list(param.opts) + list(getattr(param, "secondary_opts", [])):
            if opt.startswith("--"):
                names[opt[2:].replace("-", "_")] = param
    return names


def check_globs(ctx, param, patterns):
    """--include / --exclude: a glob fnmatch would read otherwise than meant (an open '[')
    is refused, as in [[ignore]]'s url (fnmatch itself never complains)."""
    from .suppressions import glob_problem

    for pattern in patterns or ():
        problem = glob_problem(str(pattern))
        if problem:
            tip = " (a literal '[' is written [[])" if "[" in problem else ""
            raise click.BadParameter(f"the glob {pattern!r} {problem}{tip}", ctx=ctx, param=param)
    return patterns


def parse_shard_option(value: str | None):
    from .shard import ShardError, parse_shard

    if value is None:
        return None
    try:
        return parse_shard(value)
    except ShardError as e:
        raise click.BadParameter(str(e), param_hint="--shard") from None


def parse_size(value: str) -> tuple[int, int]:
    """--screenshot-size: a picture's largest size, read as --viewport's window is (no larger than
    the largest window: a picture is cut to the window anyway), each side at least 50 CSS px."""
    try:
        return parse_css_size(value, 50, "640x400")
    except EmulationError as e:
        raise click.BadParameter(str(e), param_hint="--screenshot-size") from None


# What a command without its TARGET... is told to give.
MISSING_TARGETS = {
    "scan": "a URL, a local folder or HTML file, or @FILE of URLs",
    "crawl": "a URL, or @FILE of URLs",
}


class ConfiguredCommand(click.Command):
    """Reads a11y.toml / [tool.a11y] into the defaults, so flags win over the file.

    A bad value names where it came from: the command line or the file and line."""

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            config = find_config()
            if config and config.ignored:
                _warn(f"the settings are read from {config.name}; {config.ignored} is ignored "
                      "(keep them in one of the two)")
            if config:
                extra.setdefault("default_map", self.config_defaults(config))
        except ConfigError as e:
            fail(str(e), e.hint)
        try:
            ctx = super().make_context(info_name, args, parent=parent, **extra)
        except click.BadParameter as e:
            self._bad_value(e, e.ctx, config)
        ctx.meta["a11y.config"] = config
        return ctx

    def config_defaults(self, config) -> dict:
        """The file's settings, as this command's defaults."""
        return to_default_map(config, option_names(self.params))

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except click.BadParameter as e:  # values checked in the command itself (--format, --header, ...)
            self._bad_value(e, ctx, ctx.meta.get("a11y.config"))

    def _bad_value(self, e: click.BadParameter, ctx, config) -> None:
        param = e.param or option_names(self.params).get(str(e.param_hint or "").lstrip("-").replace("-", "_"))
        if isinstance(e, click.MissingParameter) and isinstance(param, click.Argument):
            self._missing(ctx or e.ctx)
        if isinstance(e, click.MissingParameter):  # a required option not given: missing, not a bad value
            missing_parameter(e, ctx or e.ctx)
        if param is None or ctx is None:
            raise e
        flag = param.opts[0] if param.opts else param.name
        if config and ctx.get_parameter_source(param.name) == click.core.ParameterSource.DEFAULT_MAP:
            key = setting_key(config, param)
            fail(f"{config.where(key)}: invalid value for {key}: {e.message}",
                 f"fix {key} in {config.name}, or give {flag} on the command line (it wins over the file)")
        fail(f"invalid value for {flag} on the command line: {e.message}",
             f"`a11y {ctx.info_name} --help` describes {flag}")

    def _missing(self, ctx) -> None:
        """click's MissingParameter has no message of its own: say what to give."""
        command = ctx.info_name if ctx else self.name
        wanted = MISSING_TARGETS.get(command, MISSING_TARGETS["scan"])
        fail(f"missing TARGET: give {wanted} (see a11y {command} --help)")


def missing_parameter(e: click.MissingParameter, ctx=None) -> None:
    """A required option (or argument) not given, said the same way by every command: named as
    missing, with what it takes, and where its help is (exit 2). click's own words ("Error:
    Missing option '--out'.", after its usage lines) are not the one-line cause and hint of
    a11y's other usage errors."""
    ctx = ctx or e.ctx
    command = f"a11y {ctx.info_name}" if ctx else "a11y"
    param = e.param
    if param is None:
        fail(f"missing {e.param_hint or 'a required value'}", f"`{command} --help` describes what to give")
    metavar = param.make_metavar(ctx) if ctx else (param.metavar or param.type.name.upper())
    if isinstance(param, click.Option):
        flags = "/".join(param.opts)
        name = flags if param.is_flag else f"{flags} {metavar}"
        help_text = (param.help or "").strip().rstrip(".")
        if help_text[1:2].islower():  # "Output folder" (not "URL ...")
            help_text = help_text[0].lower() + help_text[1:]
        what = f": {help_text}" if help_text else ""
        fail(f"missing option {name}{what}", f"`{command} --help` describes {param.opts[0]}")
    fail(f"missing {metavar}", f"`{command} --help` describes what to give")


class A11yGroup(click.Group):
    """The `a11y` group: a subcommand's missing required option or argument is told as a11y tells
    usage errors (missing_parameter), whichever command it is."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except click.MissingParameter as e:
            missing_parameter(e)


def setting_origin(*names: str) -> str:
    """Where the current command's settings `names` came from: 'the command line', 'a11y.toml line 3', ..."""
    ctx = click.get_current_context()
    config = ctx.meta.get("a11y.config")
    params = {p.name: p for p in ctx.command.params}
    where = []
    for name in names:
        source = ctx.get_parameter_source(name)
        if source == click.core.ParameterSource.DEFAULT_MAP and config:
            where.append(config.where(setting_key(config, params[name])))
        elif source == click.core.ParameterSource.COMMANDLINE:
            where.append("the command line")
    return " and ".join(dict.fromkeys(where)) or "the defaults"


@click.group(cls=A11yGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="a11y")
def main() -> None:
    """Section 508 accessibility checks in a real Chromium with axe-core."""


@main.command(cls=ConfiguredCommand)
@click.argument("targets", nargs=-1, required=True)
@click.option("--standard", type=click.Choice(STANDARDS), default="section508",
              show_default=True, help="section508 = WCAG 2.0 A and AA (E205.4).")
@click.option("--best-practice/--no-best-practice", default=False, help="Add best-practice rules (axe's and ours).")
@click.option("--rules", multiple=True, help="Only these rule ids, axe's or our checks' (comma list, repeatable).")
@click.option("--disable-rules", multiple=True, help="Skip these rule ids (comma list, repeatable).")
@click.option("--checks", "checks_mode", type=click.Choice(["all", "none"]), default="all", show_default=True,
              help="Our own browser checks (keyboard, zoom, reflow, motion...) that apply to the standard.")
@click.option("--thorough/--no-thorough", default=False,
              help="Our checks look at ten times as much of each page (elements in the tab order, text, images, "
                   "links) and may take four times as long: fewer 'needs review' items on large pages, a slower scan.")
@click.option("--viewport", default="1280x720", show_default=True, metavar="WIDTHxHEIGHT",
              help="The browser window in CSS px, e.g. 390x844 to scan the layout phones get.")
@click.option("--color-scheme", type=click.Choice(COLOR_SCHEMES), default="light", show_default=True,
              help="The colour scheme pages are told the user prefers (prefers-color-scheme): dark scans dark mode.")
@click.option("--depth", type=click.IntRange(min=0), default=None, help="Link depth; 0 = only the seeds.")
@click.option("--max-pages", type=click.IntRange(min=1), default=100, show_default=True,
              help="Most pages discovery adds; seeds named are always scanned.")
@click.option("--include", multiple=True, callback=check_globs, help="Only URLs matching this glob (repeatable).")
@click.option("--exclude", multiple=True, callback=check_globs, help="Skip URLs matching this glob (repeatable).")
@click.option("--sitemap/--no-sitemap", default=True, help="Read sitemaps (default: yes).")
@click.option("--ignore-robots/--no-ignore-robots", default=False, help="Scan pages that robots.txt disallows.")
@click.option("--concurrency", type=click.IntRange(1, 32), default=None, help="Pages at once (default from CPUs).")
@click.option("--fixed-concurrency/--no-fixed-concurrency", default=False,
              help="Keep the pages in flight as set, even when pages time out or memory runs short.")
@click.option("--memory-budget", type=click.IntRange(min=0), default=None, metavar="MB",
              help=f"MB the scan's processes may hold before page audits wait for each other "
                   f"({DEFAULT_BUDGET_HELP}).")
@click.option("--timeout", type=click.FloatRange(min=1), default=30.0, show_default=True,
              help="Seconds per page, for loading and for the scan.")
@click.option("--header", "headers", multiple=True,
              help='Extra request header "Name: value" (repeatable), sent to the seeds\' origins only.')
@click.option("--header-origin", "header_origins", multiple=True,
              help="Also send the --header values to this origin, e.g. https://auth.example.gov (repeatable).")
@click.option("--storage-state", type=click.Path(dir_okay=False), help="Playwright storage state (cookies) file.")
@click.option("--login", type=click.Path(dir_okay=False),
              help="YAML steps that sign in before the scan (goto, fill, click, press, wait_for).")
@click.option("--out", type=click.Path(file_okay=False), help="Output folder (default reports/<host>-<time>/).")
@click.option("--format", "formats", default=DEFAULT_FORMATS, show_default=True,
              help="Comma list of json, html, md, junit, sarif, csv, openacr, earl.")
@click.option("--fail-on", type=click.Choice(FAIL_ON_LEVELS), default="minor", show_default=True,
              help="Lowest impact that fails the build.")
@click.option("--fail-on-review/--no-fail-on-review", default=False,
              help="'Needs review' items at or above --fail-on's impact fail the build too.")
@click.option("--baseline", type=click.Path(dir_okay=False), help="Fail only on findings not in this baseline.")
@click.option("--screenshots/--no-screenshots", default=False,
              help="Save a cropped, outlined picture of failing elements.")
@click.option("--screenshot-limit", type=click.IntRange(min=1), default=10, show_default=True,
              help="Pictures per page at most.")
@click.option("--screenshot-size", default="640x400", show_default=True, help="Largest picture, WIDTHxHEIGHT.")
@click.option("--shard", "shard_text", metavar="K/N", default=None,
              help="Audit only shard K of N of the pages (a stable split, for CI matrices); `a11y merge` joins them.")
@click.option("--cache", "cache_dir", type=click.Path(),
              help="Keep pages' results with what they were made of in this folder; a re-scan reuses unchanged pages.")
@click.option("--queue", "queue_url", metavar="redis://HOST[:PORT][/DB]", default=None,
              help="Coordinate: send the pages to `a11y worker` processes through this Redis; results stay here.")
@click.option("--queue-lease", type=click.FloatRange(min=1), default=30.0, show_default=True,
              help="With --queue: seconds a worker may go silent before its page goes to another worker.")
@click.option("--quiet/--no-quiet", "-q", default=False, help="No progress output (warnings and errors still).")
@click.option("--spa-fallback/--no-spa-fallback", default=False,
              help="A local folder is a single-page app: a path with no file and no extension is answered "
                   "with its index.html.")
def scan(targets, standard, best_practice, rules, disable_rules, checks_mode, thorough, viewport, color_scheme,
         depth, max_pages, include,
         exclude, sitemap, ignore_robots, concurrency, fixed_concurrency, memory_budget, timeout, headers,
         header_origins, storage_state, login,
         out, formats, fail_on, fail_on_review, baseline, screenshots, screenshot_limit, screenshot_size, shard_text,
         cache_dir, queue_url, queue_lease, quiet, spa_fallback):
    """Scan TARGET... (URLs, a local folder or HTML file, or @FILE of URLs).

    Settings can also come from a11y.toml in the working folder, or [tool.a11y] in
    pyproject.toml, named as these options (max-pages = 20, format = "json,sarif");
    flags on the command line win (--no-thorough turns off thorough = true).

    \b
    Exit codes:
      0  no violation at or above --fail-on outside the baseline
      1  violations at or above --fail-on that are not in the baseline
      2  usage or set-up error (bad option, value or setting; no browser)
      3  scan incomplete: interrupted, a seed answered 4xx/5xx, a page could not
         be scanned, or no page was scanned at all
    """
    from .browser import BrowserLaunchFailed, BrowserNotFound
    from .progress import Progress
    from .scan import Scanner, ScanOptions, ScanSetupError, default_concurrency
    from .targets import TargetError, resolve

    format_list = parse_formats(formats)
    max_width, max_height = parse_size(screenshot_size)
    try:
        emulation = Emulation(*parse_viewport(viewport), color_scheme)
    except EmulationError as e:
        raise click.BadParameter(str(e), param_hint="--viewport") from None
    shard = parse_shard_option(shard_text)
    if queue_url:
        from .cli_queue import check_queue

        check_queue(queue_url, {"login": bool(login), "cache": bool(cache_dir), "screenshots": screenshots,
                                "shard": bool(shard), "memory-budget": memory_budget is not None})
    options = ScanOptions(
        standard=standard, best_practice=best_practice, rules=split_list(rules),
        disable_rules=split_list(disable_rules), depth=depth, max_pages=max_pages,
        include=list(include), exclude=list(exclude), sitemap=sitemap, robots=not ignore_robots,
        concurrency=concurrency or default_concurrency(), timeout=timeout, headers=parse_headers(headers),
        storage_state=storage_state, checks=checks_mode == "all", thorough=thorough,
        header_origins=parse_origins(header_origins), auto_concurrency=not fixed_concurrency,
        memory_budget=None if memory_budget is None else memory_budget * 1024 * 1024, emulation=emulation,
    )
    if storage_state:
        try:
            options.cookies = load_storage_state(storage_state).get("cookies", [])
        except StorageStateError as e:
            fail(str(e), "save one with Playwright's context.storage_state(path=...)")
    if login:
        try:
            options.login = load_login(login)
        except LoginError as e:
            fail(f"{e} (--login, from {setting_origin('login')})", f"the login file is {login_form.FORM}")
    if options.login or options.storage_state or options.headers:
        # A scan that carries a session (a sign-in, a cookie file, a header that often holds a
        # token) never follows a link that would end it, nor do our checks load one.
        options.exclude = options.exclude + [p for p in login_form.SIGN_OUT_PATTERNS if p not in options.exclude]
    try:
        options.suppressions = suppressions.load(click.get_current_context().meta.get("a11y.config"))
    except ConfigError as e:
        fail(str(e), e.hint)
    known_baseline = None
    if baseline:
        try:
            known_baseline = load_baseline(baseline)
        except BaselineError as e:
            fail(f"{e} (--baseline, from {setting_origin('baseline')})",
                 "write one with `a11y baseline RESULTS.json -o FILE`")

    with contextlib.ExitStack() as stack:
        try:
            resolved = resolve(list(targets), stack, spa_fallback=spa_fallback)
        except TargetError as e:
            fail(str(e), "give http(s) URLs, a folder, an HTML file, or @FILE with one URL per line")
        for target, why in resolved.invalid:
            click.echo(f"a11y: warning: skipping {target!r}: {why}", err=True)
        if not resolved.seeds:
            fail("no valid target to scan", "give http(s) URLs, a folder, an HTML file, or @FILE with one URL per line")
        if queue_url:
            from .cli_queue import check_local

            check_local(resolved.local)

        # Checked once the settings are (a usage error leaves no folder), before any page is loaded.
        out_dir = _named_out_dir(out, "out") or _default_out_dir(resolved.label)
        _remove_stale_reports(out_dir, format_list, screenshots)
        options.login_screenshot = out_dir / "login-failure.png"
        if shard:  # a served folder's pages are split by URL path: its port changes every run
            options.shard = replace(shard, local_bases=tuple(r.base for r in resolved.roots))
        options.locate = bool(resolved.roots)
        if screenshots:
            from .screenshots import ScreenshotSettings

            options.screenshots = ScreenshotSettings(out_dir, screenshot_limit, max_width, max_height)

        progress = Progress.for_stream(quiet)
        # --quiet silences progress, not warnings (CI logs need them): a quiet Progress says nothing.
        progress_warn = progress.warn if not quiet else _warn
        options.cache = _open_cache(cache_dir, screenshots, resolved.local, progress_warn)
        def moved(message: str) -> None:
            progress_warn(message)
            if options.screenshots:  # pictures still to take go beside the reports
                options.screenshots.out_dir = folder.path

        folder = ReportFolder(out_dir, on_move=moved)
        writer = PartialResultsWriter(folder)

        def on_page(page, results):
            writer.page_done(page, results)
            progress.page_done(page, results)

        if queue_url:
            from .queue.coordinator import Coordinator

            scanner = Coordinator(resolved.seeds, options, queue_url, out_dir, lease=queue_lease, on_page=on_page,
                                  on_warning=progress_warn, on_queue_warning=_warn)
        else:
            scanner = Scanner(resolved.seeds, options, on_page=on_page, on_warning=progress_warn)
        # The ACR names what was asked for, not the loopback URL or whichever page finished first.
        scanner.results.options["seeds"] = list(resolved.named)
        if resolved.local:
            # Loopback ports change every run; name the site by what the user gave.
            scanner.results.options["site"] = ", ".join(resolved.local)
        for target, why in resolved.invalid:
            from .models import Page

            if options.shard and not options.shard.owns(target):
                continue  # another shard records it
            scanner.results.pages.append(Page(url=target, status="error", reason=f"invalid target: {why}"))

        async def run():
            async with scanner:
                progress.attach(scanner)
                ticker = asyncio.create_task(progress.ticker())
                try:
                    return await scanner.run()
                finally:
                    ticker.cancel()

        interrupted = False
        try:
            with sigterm_as_ctrl_c():
                asyncio.run(run())
        except KeyboardInterrupt:
            interrupted = True
        except ScanSetupError as e:
            progress.finish()
            if e.named_source:
                fail(str(e), e.hint)
            fail(f"{e}, from {setting_origin('rules', 'disable_rules')}",
                 e.hint + "`a11y rules` lists the rules per criterion: axe's ids (e.g. image-alt) and our checks'")
        except SignInFailed as e:
            progress.finish()
            fail(str(e), (f"the page at that moment: {relpath(e.screenshot)}; " if e.screenshot else "")
                 + "check the step's selector, and the values the file takes from the environment")
        except BrowserNotFound as e:
            progress.finish()
            fail(str(e), "run `make setup` (installs Chromium) or set A11Y_CHROMIUM to a Chromium binary")
        except BrowserLaunchFailed as e:
            progress.finish()
            fail(str(e), "run `make setup`, or set A11Y_CHROMIUM to a working Chromium")
        except Exception as e:  # noqa: BLE001 - Chromium that will not start is a set-up error
            if scanner.pages_done == 0 and "launch" in str(e).lower():
                progress.finish()
                fail(f"could not start Chromium: {str(e).splitlines()[0]}",
                     "run `make setup`, or set A11Y_CHROMIUM to a working Chromium")
            raise
        finally:
            progress.finish()

    results = scanner.results
    for hint in resolved.spa_hints():  # a built single-page app's routes gave 404 (serve.py)
        _warn(hint)
    if options.shard and not quiet:
        click.echo(f"shard {options.shard}: {scanner.left_to_other_shards} page(s) left to the other shards")
    if scanner.stopped:
        click.echo(f"a11y: error: {scanner.stopped}", err=True)
    if interrupted:
        results.complete = False
        click.echo("a11y: interrupted: writing partial results (marked incomplete)", err=True)
    # A local folder's pages are named by URL path and file, never by this run's loopback port.
    locations.localise(results, resolved.roots)
    finalise(results)
    if options.suppressions:
        finalise(suppressions.apply(results, options.suppressions))
    if known_baseline is not None:
        apply_baseline(results, known_baseline, baseline)
    # Reporters state the verdict; they need the same threshold as the exit code.
    results.options.update(fail_on=fail_on, fail_on_review=fail_on_review)
    # results.json is written whatever the formats (it was, partially, as pages finished): complete now.
    written, errors = write_reports(results, folder, format_list + ["json"] * ("json" not in format_list))
    for err in errors:
        click.echo(f"a11y: error: report {err}", err=True)
    code = exit_code(results, fail_on, fail_on_review)
    if folder.moved:  # the results are safe, but not where CI looks for them
        code = EXIT_INCOMPLETE
    _print_outcome(results, written, code, quiet, moved=folder.moved)
    if options.cache is not None and options.cache.not_stored:
        first = options.cache.not_stored[0]
        _warn(f"--cache: {len(options.cache.not_stored)} page(s) not stored, so scanned in full next time "
              f"(first: {first[:300]})")
    sys.exit(code)


def _warn(message: str) -> None:
    click.echo(f"a11y: warning: {message}", err=True)


def _named_out_dir(out: str | None, name: str) -> Path | None:
    """The --out folder the user named, created and writable, before any page is loaded
    (None when they named none). One that cannot be is a usage error: reports asked for
    in one place must not quietly turn up in another."""
    if not out:
        return None
    try:
        return prepare_out_dir(Path(out))
    except OutDirError as e:
        fail(str(e), f"choose a folder you can write to (--out, from {setting_origin(name)})")


def _default_out_dir(label: str) -> Path:
    """reports/<host>-<time>/, or a temporary folder where that cannot be written (said)."""
    out_dir, warning = usable_out_dir(default_out_dir(label))
    if warning:
        _warn(warning)
    return out_dir


def _remove_stale_reports(out_dir: Path, formats: list[str], screenshots: bool) -> None:
    """A reused --out must hold this scan's reports only: say what of an earlier scan's went."""
    removed, failed = remove_stale_reports(out_dir, formats, screenshots)
    if removed:
        click.echo(f"a11y: note: removed from {out_dir} what an earlier scan wrote there and this "
                   f"one does not: {', '.join(removed)}", err=True)
    if failed:
        _warn(f"could not remove from {out_dir} what an earlier scan wrote there: {', '.join(failed)}; "
              "those files are not this scan's")


def _open_cache(folder, screenshots: bool, local: list[str], warn):
    """--cache's PageCache, ready to use (None without --cache, or where it cannot be used)."""
    if not folder:
        return None
    if screenshots:
        warn("--cache is not used with --screenshots (the cache keeps no pictures): every page is scanned")
        return None
    if local:
        warn(f"--cache: a local folder ({', '.join(local)}) is served at a new address on each run, so its "
             "pages are never reused; serve it at a fixed address and scan that URL to use the cache")
    from .cache import CacheError, PageCache

    cache = PageCache(folder, warn)
    try:
        cache.open()
    except CacheError as e:
        fail(str(e), f"choose a folder you can write (--cache, from {setting_origin('cache_dir')})")
    return cache


def _print_outcome(results, written, code, quiet, moved: str | None = None) -> None:
    """The counts, the files written, warnings on suppressions, and the verdict as the last line.
    `moved`: why the reports are not in the folder asked for (an incomplete scan's reason)."""
    s = results.summary
    if not quiet:
        new = f" ({s['new_findings']} new)" if results.baseline_file else ""
        reused = sum(p.from_cache for p in results.pages)
        cached = f" ({reused} from the cache)" if reused else ""
        click.echo(f"{s['scanned']} pages scanned{cached}, {s['errors']} errors, {s['skipped']} skipped")
        click.echo(count_text(s, ("failing_elements", "failing_page_rule_pairs", "distinct_findings")) + new)
        click.echo(count_text(s, ("review_elements", "review_page_rule_pairs", "review_distinct_findings")))
        if s.get("settled_elements"):
            click.echo(f"review items decided by a11y's own checks (not counted): {s['settled_elements']}")
        for path in written:
            click.echo(f"  wrote {relpath(path)}")
    v = decide(results)
    if not quiet and v.suppressed_elements:
        click.echo(f"suppressed elements ([[ignore]], not counted): {v.suppressed_elements}")
    for entry in v.expired_suppressions + v.stale_suppressions:
        what = (f"expired on {entry['until']}: no longer suppressing ({entry['matched']} element(s) it matched "
                "count again)" if entry["status"] == "expired" else "is stale: it matched nothing in this scan")
        click.echo(f"a11y: warning: {suppressions.entry_name(entry)} {what}", err=True)
    click.echo(f"a11y: {_verdict_text(results, v, code, moved)} (exit {code})", err=True)


def _verdict_text(results, v, code: int, moved: str | None) -> str:
    if code == EXIT_INCOMPLETE:
        # The folder last: scripts read the reports' folder from the end of this line.
        return "incomplete: " + "; ".join(v.incomplete_reasons + [moved] * bool(moved))
    if code != 0:
        return "fail: " + _what_failed(results, v)
    if results.summary["failing_elements"] and v.fail_on == "none":
        return "pass (--fail-on none: violations are reported, not failing the build)"
    return "pass"


def _what_failed(results, v) -> str:
    """What failed the build, with counts: violations, review items (--fail-on-review), or both."""
    new = " new" if results.baseline_file else ""
    parts = []
    if v.gating_findings:
        parts.append(f"violations: {len(v.gating_findings)}{new} distinct finding(s) at or above {v.fail_on} impact")
    if v.gating_review:
        parts.append(f"review items: {len(v.gating_review)} item(s) needing review (--fail-on-review)")
    return "; ".join(parts) or "violations"


@main.command()
@click.argument("results_file", type=click.Path(dir_okay=False))
@click.option("--format", "formats", default=DEFAULT_FORMATS, show_default=True,
              help="Comma list of json, html, md, junit, sarif, csv, openacr, earl.")
@click.option("--out", type=click.Path(file_okay=False), required=True, help="Output folder.")
@click.option("--baseline", type=click.Path(dir_okay=False), help="Mark findings new/unchanged against this baseline.")
def report(results_file, formats, out, baseline):
    """Render reports again from a saved results.json (no browser)."""
    format_list = parse_formats(formats)
    results = _load(results_file)
    if baseline:
        try:
            apply_baseline(results, load_baseline(baseline), baseline)
        except BaselineError as e:
            fail(str(e), "write one with `a11y baseline RESULTS.json -o FILE`")
    try:
        out_dir = prepare_out_dir(Path(out))
    except OutDirError as e:
        fail(str(e), "choose a folder you can write to (--out)")
    written, errors = write_reports(results, out_dir, format_list)
    for path in written:
        click.echo(f"wrote {relpath(path)}")
    for err in errors:
        click.echo(f"a11y: error: report {err}", err=True)
    sys.exit(1 if errors else 0)


@main.command("baseline")
@click.argument("results_file", type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True, help="Baseline file to write.")
@click.option("--allow-empty", is_flag=True, help="Write the baseline even if no page was scanned.")
def baseline_cmd(results_file, output, allow_empty):
    """Record the current findings as known (use with `a11y scan --baseline FILE`)."""
    results = _load(results_file)
    try:
        warnings = check_source(results, allow_empty)
    except BaselineError as e:
        fail(f"{results_file}: {e}", e.hint)
    for warning in warnings:
        _warn(f"{results_file}: {warning}")
    try:
        path = write_baseline(results, output)
    except OSError as e:
        fail(f"cannot write {output}: {e.strerror or e}", "choose a writable path")
    click.echo(f"wrote {relpath(path)}: {len(results.findings)} known findings")


def _load(path: str):
    try:
        return finalise(load_results(path))
    except ResultsFormatError as e:
        fail(str(e), "give a results.json written by `a11y scan`")


def _register_optional_commands() -> None:
    """Commands that live in their own modules (conformance: rules, acr; split scans: crawl, merge; queue: worker)."""
    import importlib

    for module in ("cli_conformance", "cli_split", "cli_queue"):
        try:
            importlib.import_module(f"{__package__}.{module}").register(main)
        except ModuleNotFoundError as e:
            if e.name != f"{__package__}.{module}":
                raise


_register_optional_commands()
