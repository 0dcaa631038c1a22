#!/usr/bin/env python3
"""Run some of our own checks on the W3C ACT test cases of some ACT rules, and compare.

A development aid (reads ../shared/act-rules, like every benchmark):
    .venv/bin/python bench/act_checks.py --check no-keyboard-trap --act 80af7b,a1b64e,ebe86a [-v]
prints, per test case, the expected outcome and what each check said, then per check
the ACT-style verdict: complete (every failed example failed, no passed/inapplicable
example failed), partial, or false positive.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "act-rules/WAI/content-assets/wcag-act-rules"
sys.path.insert(0, str(ROOT / "src"))

from loopback import use_in_this_process  # noqa: E402 - bench/ is the script's folder

from a11y.browser import Chromium, is_top_navigation  # noqa: E402
from a11y.checks import all_checks  # noqa: E402
from a11y.engines.base import PageTarget  # noqa: E402
from a11y.engines.checks import ChecksEngine, not_present, survey  # noqa: E402
from a11y.serve import serve_directory  # noqa: E402


def _hold_after_load(page):
    """A route handler that, as the scanner does, refuses top-level navigations once the page has
    loaded (a meta refresh, a script redirect): the checks judge the document that loaded, not the
    page it leaves for (or Chromium's error page, when that is off loopback)."""
    loaded = []
    page.once("load", lambda _: loaded.append(True))  # dispatched before any later request's route

    async def hold(route):
        request = route.request
        if loaded and is_top_navigation(request):
            await route.abort("aborted")
        else:
            await route.fallback()
    return hold


async def run(check_ids: list[str], act_ids: list[str], verbose: bool) -> None:
    checks = [c for c in all_checks() if c.id in check_ids]
    missing = set(check_ids) - {c.id for c in checks}
    if missing:
        sys.exit(f"unknown check(s): {', '.join(sorted(missing))}")
    cases = [c for c in json.loads((CORPUS / "testcases.json").read_text())["testcases"]
             if c["ruleId"] in act_ids and c["relativePath"].endswith(".html")]
    chromium = Chromium()
    await chromium.start()
    tally: dict[str, dict[str, int]] = {c.id: {"fail_found": 0, "fail_total": 0, "fp": 0, "cant": 0} for c in checks}
    with serve_directory(SHARED / "act-rules") as base:
        try:
            for case in cases:
                url = base.rstrip("/") + "/WAI/content-assets/wcag-act-rules/" + case["relativePath"]
                browser = await chromium.get()
                context = await browser.new_context()
                for script in ChecksEngine(checks).init_scripts():
                    await context.add_init_script(script=script)
                page = await context.new_page()
                await page.route("**/*", _hold_after_load(page))
                try:
                    response = await page.goto(url, wait_until="load", timeout=30000)
                    said = {}
                    # As the engine does: a check with nothing to look at (Check.present) is not run,
                    # and the others get the survey's answers to their first looks (Check.looks).
                    found, looks = await survey(page, checks)
                    for check in checks:
                        said[check.id] = not_present(check, found) or await ChecksEngine.run_one(
                            check, PageTarget(page=page, timeout=60, response=response), check.time_limit,
                            looks=looks.get(check.id))
                finally:
                    await context.close()
                for cid, o in said.items():
                    t = tally[cid]
                    if case["expected"] == "failed":
                        t["fail_total"] += 1
                        t["fail_found"] += o.outcome == "failed"
                    elif o.outcome == "failed":
                        t["fp"] += 1
                    t["cant"] += o.outcome == "cantTell"
                mark = " ".join(f"{cid}={o.outcome}" for cid, o in said.items())
                bad = any((case["expected"] == "failed") != (o.outcome == "failed") for o in said.values())
                if verbose or bad:
                    reasons = "; ".join(o.reason for o in said.values() if o.reason)[:160]
                    print(f"{'!!' if bad else '  '} {case['ruleId']} {case['expected']:<12} {mark}  "
                          f"{case['relativePath'].split('/')[-1][:12]} {case['testcaseTitle']}  {reasons}")
        finally:
            await chromium.stop()
    for cid, t in tally.items():
        verdict = ("false-positive" if t["fp"] else "complete" if t["fail_found"] == t["fail_total"] else "incomplete")
        print(f"{cid}: {t['fail_found']}/{t['fail_total']} failed examples found, {t['fp']} passed/inapplicable "
              f"examples failed, {t['cant']} cantTell -> {verdict}")


def main() -> None:
    use_in_this_process()
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", required=True, help="comma list of check ids")
    ap.add_argument("--act", required=True, help="comma list of ACT rule ids")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    asyncio.run(run(a.check.split(","), a.act.split(","), a.verbose))


if __name__ == "__main__":
    main()
