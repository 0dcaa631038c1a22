"""Rule ids a user names (--rules, --disable-rules): the closest known id to one mistyped, and
why one that exists does not run with the chosen standard.

The ids known are every one a scan could run: all of axe's rules (best-practice, experimental
and deprecated ones too; --rules runs any of them as named) and our checks. No browser here:
the caller passes axe's rules with their tags (AxeEngine.rule_tags).
"""
from __future__ import annotations

from collections.abc import Iterable

from .catalog import STANDARDS
from .checks import all_checks
from .config import closest
from .engines.axe import axe_options
from .engines.checks import applies_to


def _axe_runs(rule: str, tags: list[str], standard: str, best_practice: bool) -> bool:
    """Whether a scan of this standard (with or without best practices) runs axe's rule."""
    options = axe_options(standard, best_practice)
    switch = options.get("rules", {}).get(rule)
    if switch is not None:
        return switch["enabled"]
    if "experimental" in tags or "deprecated" in tags:
        return False  # axe leaves these out of a tag run
    return bool(set(tags) & set(options["runOnly"]["values"]))


def kind(rule: str, standard: str, best_practice: bool, axe_tags: dict[str, list[str]]) -> str | None:
    """What sort of rule this is when the chosen standard does not run it ('a best-practice
    rule', 'a rule of --standard wcag22aa'); None when it runs, or is not known."""
    if rule in axe_tags:
        tags = axe_tags[rule]
        if _axe_runs(rule, tags, standard, best_practice):
            return None
        others = [s for s in STANDARDS if _axe_runs(rule, tags, s, best_practice)]
        if not others:  # no standard runs it: say why, where its tags do
            for tag, what in (("experimental", "an experimental axe rule"), ("deprecated", "a deprecated axe rule"),
                              ("best-practice", "a best-practice rule")):
                if tag in tags:
                    return what
    elif (check := next((c for c in all_checks() if c.id == rule), None)) is not None:
        if applies_to(check, standard, best_practice):
            return None
        if check.meta.best_practice:
            return "a best-practice check"
        others = [s for s in STANDARDS if applies_to(check, s, best_practice)]
    else:
        return None
    if others:
        return f"a rule of --standard {' and '.join(others)}"
    return f"a rule --standard {standard} does not run"


def not_run(rule: str, standard: str, best_practice: bool, axe_tags: dict[str, list[str]]) -> str | None:
    """Why the chosen standard does not run a rule that exists, and what would ('region is a
    best-practice rule: it runs with --best-practice, or when --rules names it'); None when it runs."""
    what = kind(rule, standard, best_practice, axe_tags)
    if what is None:
        return None
    if "best-practice" in what:
        runs = "it runs with --best-practice, or when --rules names it"
    elif what.startswith("a rule of --standard"):
        runs = f"it runs with {what.removeprefix('a rule of ').split(' and ')[0]}, or when --rules names it"
    else:
        runs = "it runs only when --rules names it"
    return f"{rule} is {what}, not run with --standard {standard}: {runs}"


def suggestions(unknown: list[str], standard: str, best_practice: bool, axe_tags: dict[str, list[str]],
                check_ids: Iterable[str]) -> str:
    """"did you mean 'region' (a best-practice rule)? " for the unknown ids: the closest of every
    id the scan could run, with what sort of rule it is when the chosen standard does not run it."""
    known = set(axe_tags) | set(check_ids)
    out = []
    for rule in unknown:
        close = closest(rule, known)
        if close is None:
            continue
        what = kind(close, standard, best_practice, axe_tags)
        hint = f"did you mean {close!r}" + (f" ({what})" if what else "") + "? "
        out.append(f"for {rule!r}: {hint}" if len(unknown) > 1 else hint)
    return "".join(out)
