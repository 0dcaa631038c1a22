"""`a11y rules` and `a11y acr`: the criteria catalog and the Accessibility Conformance Report.

cli.py calls register(main) to add these commands to the `a11y` group.
"""
from __future__ import annotations

import datetime as _dt
import re
import sys
from pathlib import Path

import click

from .catalog import STANDARDS, CatalogError, load_catalog, load_openacr_catalog
from .manual import ManualError, load_manual
from .models import Results, ResultsFormatError, finalise, load_results
from .reporters.openacr import Product, build_acr, write_acr
from .verdict import could_not_scan, unfinished

EXIT_USAGE = 2
# A date as the report states it: YYYY-MM-DD, and a day the calendar has.
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATE_FORM = "a date written YYYY-MM-DD, e.g. 2026-11-30"
# An address someone can write to: one @, no spaces, a dot in the domain. (Whether it
# exists is the vendor's business; this catches a name or a phrase in its place.)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")
EMAIL_FORM = "an e-mail address, e.g. accessibility@example.gov"

_STANDARD = click.Choice(STANDARDS)


def _fail(cause: str, hint: str | None = None) -> None:
    """Bad input: a one-line cause and a hint, exit 2."""
    click.echo(f"a11y: error: {cause}", err=True)
    if hint:
        click.echo(f"hint: {hint}", err=True)
    sys.exit(EXIT_USAGE)


def is_iso_date(value: str) -> bool:
    """'2026-11-30' yes; 'tomorrow', '2026-02-30', '20261130', '2026-W48-1' no."""
    if not _ISO_DATE.match(value):
        return False
    try:
        _dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def is_email(value: str) -> bool:
    return bool(_EMAIL.match(value))


def _check_options(report_date: str | None, contact_email: str | None) -> None:
    """Exit 2, naming the option, its value and the form it needs, for a date or an address
    the report would state as fact. An empty value is one not given ("Not provided", today)."""
    if _given(report_date) and not is_iso_date(_given(report_date)):
        _fail(f"--report-date {report_date!r} is not a date", f"give {DATE_FORM}, or leave it out for today")
    if _given(contact_email) and not is_email(_given(contact_email)):
        _fail(f"--contact-email {contact_email!r} is not an e-mail address", f"give {EMAIL_FORM}")


def _check_manual_date(manual) -> None:
    """The evaluation's date, as the report states it beside the evaluator: a real day."""
    if manual.date and not is_iso_date(manual.date):
        _fail(f"{manual.path}: date {manual.date!r} is not a date",
              f"write the date of the evaluation as {DATE_FORM}")


def _warn(message: str) -> None:
    click.echo(f"a11y: warning: {message}", err=True)


def _warn_about_results(results: Results, standard: str | None) -> None:
    """What makes the report weaker than it looks, said on the console as well as in it: a
    standard other than the scan's, no page scanned, pages in error, partial results."""
    if standard and standard != results.standard:
        scanned = results.standard or "(not recorded)"
        _warn(f"the scan ran for --standard {scanned}, not {standard}: the automated checks of the criteria "
              f"that {scanned} does not include did not run, so those criteria are Not Evaluated (scan "
              f"again with --standard {standard} for their automated evidence)")
    if not results.scanned_pages:
        _warn("no page was scanned: the report has no automated evidence")
    if errors := [p for p in results.pages if p.status == "error"]:
        _warn(f"{could_not_scan(errors)}; the report's notes list the pages that could not be scanned")
    if not results.complete:
        _warn(f"the results are partial ({'; '.join(unfinished(results))}); the report's evaluation "
              "methods say so")


def _given(value: str | None) -> str | None:
    """An option's value without surrounding spaces; None for one empty or not given."""
    return value.strip() if value and value.strip() else None


def _catalog(standard: str):
    try:
        return load_catalog(standard)
    except CatalogError as e:
        _fail(f"the rules catalog is broken: {e}", "fix the file under rules/ (see rules/README.md)")


@click.command("rules")
@click.option("--standard", type=_STANDARD, default="section508", show_default=True,
              help="Catalog to print: Section 508 (WCAG 2.0 A/AA) or a WCAG 2.1/2.2 profile.")
def rules_cmd(standard: str) -> None:
    """Print the criteria catalog: level, automated procedures, baseline tests, coverage."""
    cat = _catalog(standard)
    click.echo(f"{cat.title}: {len(cat.criteria)} success criteria (OpenACR catalog {cat.openacr_catalog})")
    for c in cat.criteria:
        click.echo("")
        exempt = "  [exempt: " + ", ".join(c.exempt) + "]" if c.exempt else ""
        click.echo(f"{c.num:<7}{c.level:<3} {c.handle} (WCAG {c.wcag_version}){exempt}")
        if c.procedures:
            click.echo(f"       automated: {', '.join(c.procedures)}  (can find failures, never show it is met)")
        else:
            click.echo("       automated: none; needs manual review (no automated evidence for this criterion)")
        if c.automation == "applicability":
            click.echo(f"       applies:   where {', '.join(c.applicability_rules)} find something to test; "
                       "when they find nothing, a person decides whether it applies")
        if c.baseline:
            click.echo(f"       baseline:  {', '.join(f'{t} {cat.baseline_tests[t]}' for t in c.baseline)}")
        if c.provisions:
            click.echo(f"       508:       {', '.join(c.provisions)}")
        click.echo(f"       manual:    {c.manual}")
    _print_checks(standard)
    covered, total = cat.coverage()
    click.echo("")
    click.echo(f"Coverage: {covered} of {total} criteria have automated evidence; "
               f"the other {total - covered} have none and rely on manual review alone. "
               "Every criterion still needs manual review: automation never shows that one is supported.")


def _print_checks(standard: str) -> None:
    """Our own browser checks that run for this standard (axe's rules are listed per criterion above)."""
    from .engines.checks import selected_checks

    checks = selected_checks(standard)
    click.echo("")
    click.echo(f"a11y's own browser checks for {standard} ({len(checks)}; off with --checks none, "
               f"or one by one with --disable-rules ID):")
    for check in checks:
        meta = check.meta
        act = f"; ACT {', '.join(meta.act)}" if meta.act else ""
        click.echo(f"  {meta.id:<28} {meta.title} (WCAG {', '.join(meta.wcag)}{act})")


@click.command("acr")
@click.argument("results_file", metavar="RESULTS.json", type=click.Path(dir_okay=False))
@click.option("--out", "out_dir", type=click.Path(file_okay=False), required=True,
              help="Folder for acr.yaml, acr.html and acr.md.")
@click.option("--manual", "manual_file", type=click.Path(dir_okay=False),
              help="YAML with a tester's results: evaluator, date (YYYY-MM-DD), "
                   "criteria: {\"2.4.5\": {level: supports, notes: ...}}.")
@click.option("--standard", type=_STANDARD, default=None,
              help="Report against this catalog (default: the standard the scan used).")
@click.option("--product-name", help="Name of the product.")
@click.option("--product-version", help="Version of the product.")
@click.option("--product-description", help="One-line description of the product.")
@click.option("--vendor", help="Vendor or agency name.")
@click.option("--contact-email", help="Contact email for questions about the report.")
@click.option("--report-date", help="Date of the report, YYYY-MM-DD (default: today).")
def acr_cmd(results_file, out_dir, manual_file, standard, product_name, product_version, product_description,
            vendor, contact_email, report_date) -> None:
    """Write an Accessibility Conformance Report (OpenACR YAML, VPAT-style HTML, Markdown).

    Levels come from the scan's results per WCAG criterion and, with --manual, from a
    tester. Automated evidence alone never claims `supports`; where a tester's level is
    better than the scan's evidence allows, the worse level is kept and the conflict noted.
    """
    _check_options(report_date, contact_email)
    try:
        results = finalise(load_results(results_file))
    except ResultsFormatError as e:
        _fail(str(e), "give a results.json written by `a11y scan`")
    chosen = standard or (results.standard if results.standard in STANDARDS else "section508")
    cat = _catalog(chosen)
    manual = None
    if manual_file:
        try:
            manual = load_manual(manual_file, load_openacr_catalog(cat.openacr_catalog))
        except ManualError as e:
            _fail(str(e), e.hint)
        _check_manual_date(manual)
    _warn_about_results(results, chosen)
    product = Product(name=product_name, version=product_version, description=product_description,
                      vendor=vendor, contact_email=_given(contact_email), report_date=_given(report_date))
    acr = build_acr(results, chosen, product, manual)
    try:
        written = write_acr(acr, Path(out_dir))
    except OSError as e:
        _fail(f"cannot write to {out_dir}: {e.strerror or e}", "choose a writable --out folder")
    counts = acr.level_counts()
    click.echo(f"wrote {', '.join(str(p) for p in written)}")
    click.echo("WCAG A/AA (web): " + ", ".join(f"{n} {t}" for t, n in counts.items() if n)
               + (f"; {len(acr.conflicts)} conflict(s) between manual and automated results"
                  if acr.conflicts else ""))
    missing = [label for label, v in (("product name", product_name), ("vendor", vendor),
                                      ("contact email", contact_email)) if not v]
    if missing:
        click.echo(f"note: {', '.join(missing)} not given; the report says \"Not provided\".", err=True)


def register(group: click.Group) -> None:
    group.add_command(rules_cmd)
    group.add_command(acr_cmd)
