"""Our own browser checks (src/a11y/checks/) as one engine.

Checks run one after another on the loaded page (several change the viewport or
focus and restore it), each inside its own time limit. A check that crashes or
overruns costs its own result on that page, which becomes "needs review" with
the reason, never the page.
"""
from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass

from .. import __version__
from ..catalog import load_catalog
from ..checks import all_checks
from ..checks._kept import KeptFunction
from ..checks._layout import note_layout_kept, share_helpers
from ..checks.base import (
    CANT_TELL,
    FAILED,
    INAPPLICABLE,
    PASSED,
    THOROUGH_REACH,
    THOROUGH_TIME,
    Check,
    CheckContext,
    CheckOutcome,
    PresentWhen,
    checks_dir,
    decide_page_review,
    node,
)
from ..devtools import restore_viewport
from ..jsonwire import evaluate_json
from ..models import RuleResult
from .base import Engine, EngineResults, PageTarget, RuleInfo

ENGINE_NAME = "a11y-checks"


def applies_to(check: Check, standard: str, best_practice: bool) -> bool:
    """A check runs when one of its criteria is in the standard's catalog and not obsolete
    there (4.1.1 in WCAG 2.2), or, for a best-practice check, when best practices were asked for."""
    if check.meta.best_practice:
        return best_practice
    catalog = load_catalog(standard)
    criteria = {c.num for c in catalog.criteria if c.num not in catalog.obsolete}
    return any(num in criteria for num in check.meta.wcag)


def selected_checks(standard: str, best_practice: bool = False, rules: list[str] | None = None,
                    disable_rules: list[str] | None = None) -> list[Check]:
    """--rules (only these ids) and --disable-rules name checks and axe rules alike."""
    chosen = [c for c in all_checks() if c.id in rules] if rules else \
        [c for c in all_checks() if applies_to(c, standard, best_practice)]
    return [c for c in chosen if c.id not in set(disable_rules or ())]


def check_ids() -> set[str]:
    """Every check's id, from the metadata files (importing every check module took 0.6 s of a
    scan's start, with --checks none too); tests hold the two lists equal."""
    return {p.stem for p in checks_dir().glob("*.yaml")}


# The summary of an element left for review beside a failure that came without a reason of its own.
UNDECIDED = "the check could not decide on this element: check by hand"


def rule_result(check: Check, outcome: CheckOutcome) -> RuleResult:
    meta = check.meta
    nodes = outcome.nodes or [node("html", summary=outcome.reason)]  # a page-level finding
    for n in nodes:
        if not n.summary:
            n.summary = outcome.reason or meta.help
    return RuleResult(rule=meta.id, impact=meta.impact, wcag=list(meta.wcag), help=meta.title,
                      help_url=meta.help_url, description=meta.description, tags=meta.tags,
                      engine=ENGINE_NAME, nodes=nodes)


class ChecksEngine(Engine):
    name = ENGINE_NAME
    budget_factor = 3.0
    # Some checks wait on the page (text watched for change, media, linked pages loading), so a
    # page more per CPU slot is in flight; most of the checks' time is CPU (bench/checks_profile.py).
    mostly_waits = True

    def __init__(self, checks: list[Check], thorough: bool = False, exclude=()):
        # Checks that watch the page as loaded first (see Check.observes); then quick checks
        # first (their own time limit says how long they may take), so that a slow page or a
        # busy machine costs the slow checks' results, not every check's; those that may leave
        # the page changed (Check.disturbs) last.
        self.checks = sorted(checks, key=lambda c: (not c.observes, c.disturbs, c.time_limit, c.id))
        self.selected = frozenset(c.id for c in self.checks)  # CheckContext.selected
        # --thorough: the checks look at more of each page (CheckContext.reach), and have more time.
        self.reach = THOROUGH_REACH if thorough else 1
        self.time_factor = THOROUGH_TIME if thorough else 1.0
        self.budget_factor = type(self).budget_factor * self.time_factor
        self.exclude = tuple(exclude)  # the scan's --exclude patterns: CheckContext.exclude
        self.memo: dict = {}  # CheckContext.memo, for the whole scan
        # With --cache, what a page was made of must include every page its checks compared it
        # with; a memo would let a check skip loading one, hiding that dependency from the cache.
        self.remember_across_pages = True
        self._warming: threading.Thread | None = None

    async def prepare(self, get_browser) -> None:
        # The checks' slow set-up runs beside the first pages' loading instead of inside a
        # page's time budget (the language model took 10 s on a busy machine).
        warm = [c for c in self.checks if type(c).warm_up is not Check.warm_up]
        # A daemon thread: a scan that ends (or is interrupted) early does not wait for it.
        if warm and self._warming is None:
            self._warming = threading.Thread(target=_warm_up, args=(warm,), name="a11y-checks-warm-up", daemon=True)
            self._warming.start()

    def init_scripts(self) -> list[str]:
        own = list(dict.fromkeys([c.init_script for c in self.checks if c.init_script]
                                 + [k.init_script() for c in self.checks for k in c.kept]))
        plan = survey_plan(self.checks)
        # The survey's script in every document from its start: each page's survey then sends
        # a call of a few bytes instead of about 60 kB (4 ms of CPU a page; _kept.KeptFunction).
        return own + ([plan.main.init_script()] if plan else [])

    @property
    def version(self) -> str:
        return __version__

    def rules(self) -> list[RuleInfo]:
        return [RuleInfo(id=c.id, engine=self.name, title=c.meta.title, wcag=c.meta.wcag, act=c.meta.act,
                         impact=c.meta.impact, help_url=c.meta.help_url, best_practice=c.meta.best_practice)
                for c in self.checks]

    async def run(self, target: PageTarget) -> EngineResults:
        out = EngineResults()
        deadline = time.monotonic() + target.timeout
        found, looks = await survey(target.page, self.checks)
        answered: dict[str, CheckOutcome] = {}  # outcomes a check's run gave for others (CheckOutcome.also)
        for check in self.checks:
            left = deadline - time.monotonic()
            outcome = not_present(check, found)
            if outcome is None and check.id in answered:
                outcome = answered.pop(check.id)
                if check.decides_page_item:  # as run_one does for a check's own run
                    ctx = CheckContext(page=target.page, timeout=0, earlier=target.earlier)
                    outcome.settles += decide_page_review(ctx, check.decides_page_item, check.id, outcome)
            if outcome is None:
                memo = self.memo if self.remember_across_pages else {}
                outcome = await self.run_one(check, target, min(check.time_limit * self.time_factor, left), memo,
                                             looks.get(check.id), self.selected, self.reach, self.exclude)
                answered.update(outcome.also)
            out.settlements += outcome.settles
            if outcome.outcome == FAILED:
                out.violations.append(rule_result(check, outcome))
                if outcome.review:  # the rule's elements left for review, beside its failures (as axe does)
                    out.incomplete.append(rule_result(check, CheckOutcome(CANT_TELL, outcome.review, UNDECIDED)))
            elif outcome.outcome == CANT_TELL:
                out.incomplete.append(rule_result(check, outcome))
            elif outcome.outcome == PASSED:
                out.passed.append(check.id)
            else:
                out.inapplicable.append(check.id)
        out.passed.sort()
        out.inapplicable.sort()
        return out

    @staticmethod
    async def run_one(check: Check, target: PageTarget, limit: float, memo: dict | None = None,
                      looks: dict | None = None, selected: frozenset = frozenset(), reach: int = 1,
                      exclude: tuple[str, ...] = ()) -> CheckOutcome:
        """`looks`: the answers to the check's looks that the survey has (CheckContext.looks);
        `selected`: the ids of the checks the scan runs (CheckContext.selected); `reach`:
        CheckContext.reach; `exclude`: CheckContext.exclude."""
        if limit <= 1:
            return CheckOutcome(CANT_TELL, reason="not run: the time this page's checks may take "
                                                  "(3 x --timeout, 12 x with --thorough) was used up by slower checks")
        ctx = CheckContext(page=target.page, timeout=limit, memo=memo if memo is not None else {},
                           response=target.response, looks=dict(looks or {}), earlier=target.earlier,
                           referrer=target.referrer, selected=selected, reach=reach, exclude=tuple(exclude))
        viewport = target.page.viewport_size
        try:
            async with asyncio.timeout(limit):  # not wait_for: it can lose a Ctrl-C (see scan.py)
                outcome = await check.run(ctx)
            if check.decides_page_item:
                outcome.settles += decide_page_review(ctx, check.decides_page_item, check.id, outcome)
            return outcome
        except TimeoutError:
            return CheckOutcome(CANT_TELL, reason=f"the check did not finish within {limit:.0f} s on this page")
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - a check's crash costs its own result only
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
            return CheckOutcome(CANT_TELL, reason=f"the check could not finish on this page: {first}")
        finally:
            await _restore(target.page, viewport)


# Whether each selector matches an element, and each predicate holds, for the document or one
# of its open shadow roots; in the main frame, also the answers to the checks' looks (Look) whose
# `present` holds there (plan: [script index, arg, index of the present answer or -1]), each as
# [answer], or null when not asked or when it threw (the check then asks itself, and meets the
# error). Predicates and looks are written into the script, not passed as data: a page's
# Content-Security-Policy may forbid compiling strings in it.
_SURVEY_JS = """async ([selectors, plan]) => {
  const roots = [document];
  for (const el of document.querySelectorAll("*")) if (el.shadowRoot) roots.push(el.shadowRoot);
  for (let i = 1; i < roots.length; i++)
    for (const el of roots[i].querySelectorAll("*")) if (el.shadowRoot) roots.push(el.shadowRoot);
  const predicates = [/*PREDICATES*/];
  const answers = selectors.map((s) => roots.some((r) => r.querySelector(s) !== null))
    .concat(predicates.map((p) => roots.some((r) => p(r))));
  /*SHARED*/
  const looks = [/*LOOKS*/];
  const said = [];
  for (const [i, arg, present] of plan) {
    if (present >= 0 && !answers[present]) { said.push(null); continue; }
    try { said.push([await looks[i](arg)]); } catch (e) { said.push(null); }
  }
  return [answers, said];
}"""


def not_present(check: Check, found: dict) -> CheckOutcome | None:
    """Inapplicable, without a run, when the survey (`found`) says the page has nothing the
    check looks at (Check.present); None when the check is to run."""
    if not check.present or found.get(check.present, True):
        return None
    what = check.present if isinstance(check.present, PresentWhen) else f"matches {check.present}"
    return CheckOutcome(INAPPLICABLE, reason=f"nothing on the page {what}")


@dataclass(frozen=True)
class _SurveyPlan:
    """What the survey asks for a list of checks, built once (the script is about 60 kB)."""

    present: list  # each distinct Check.present
    keys: list  # the same, selectors first: the order of the script's answers
    selectors: list[str]
    asked: list[tuple[str, tuple]]  # (check id, Look.key) of every look asked
    plan: list[list]  # the script's plan: a row per distinct question
    row_of: list[int]  # each asked look's row
    main: KeptFunction  # the main frame's script (selectors, predicates and looks), kept in each document
    frame_script: str  # another frame's (selectors and predicates)
    shares_layout: bool  # the main script leaves the layout helpers in the document (_kept.py)


def _signature(checks: list[Check]) -> tuple:
    return tuple((c.id, c.present, tuple(look.key for look in c.looks())) for c in checks)


# Plans by _signature: a scan builds one (its checks do not change), tests a few.
_PLANS: dict[tuple, _SurveyPlan | None] = {}
# The same plans by the check objects themselves (the tuple holds them, so no other check can take
# their place): a scan asks for the same checks on every page, and their signature (every look's
# script and JSON argument) took about 0.3 ms of a page's CPU. A check's looks are fixed once it is made.
_PLANS_OF: dict[tuple, _SurveyPlan | None] = {}


def survey_plan(checks: list[Check]) -> _SurveyPlan | None:
    """The survey's plan and scripts for these checks (None when it has nothing to ask), built
    once for them rather than for every page."""
    these = tuple(checks)
    if these in _PLANS_OF:
        return _PLANS_OF[these]
    signature = _signature(checks)
    if signature not in _PLANS:
        if len(_PLANS) >= 16:
            _PLANS.clear()
        _PLANS[signature] = _plan(checks)
    if len(_PLANS_OF) >= 16:
        _PLANS_OF.clear()
    _PLANS_OF[these] = _PLANS[signature]
    return _PLANS_OF[these]


def _plan(checks: list[Check]) -> _SurveyPlan | None:
    present = list(dict.fromkeys(c.present for c in checks if c.present))
    selectors = [p for p in present if not isinstance(p, PresentWhen)]
    predicates = [p for p in present if isinstance(p, PresentWhen)]
    keys = selectors + predicates
    asked = [(c, look) for c in checks for look in c.looks()]
    if not keys and not asked:
        return None
    scripts = list(dict.fromkeys(look.script for _, look in asked))
    # One row of the plan per distinct question (two checks may ask the same), and each asked
    # look's row: the page answers a question once.
    rows: dict[tuple, int] = {}
    plan, row_of = [], []
    for c, look in asked:
        present_at = keys.index(c.present) if c.present else -1
        row = rows.setdefault((look.key, present_at), len(plan))
        if row == len(plan):
            plan.append([scripts.index(look.script), look.arg, present_at])
        row_of.append(row)
    head, rest = _SURVEY_JS.split("/*PREDICATES*/")
    middle, tail = rest.split("/*LOOKS*/")
    head += ", ".join(p.script for p in predicates) + middle
    shared, sent = share_helpers(scripts)  # the layout helpers once, not in each look using them
    main_script = head.replace("/*SHARED*/", shared) + ",\n".join(f"({s})" for s in sent) + tail
    frame_script = head.replace("/*SHARED*/", "") + tail  # looks are asked in the main frame only
    return _SurveyPlan(present, keys, selectors, [(c.id, look.key) for c, look in asked], plan, row_of,
                       KeptFunction("survey", main_script), frame_script, bool(shared))


async def survey(page, checks: list[Check]) -> tuple[dict, dict]:
    """For each Check.present (a CSS selector or a PresentWhen), whether some frame of the page
    has a matching element, in one call per frame, so that a check with nothing to look at costs
    no call of its own; and, from the same call in the main frame, the answers to the checks'
    looks (by check id, then Look.key). A frame that cannot be asked counts as having everything
    (the checks then run as usual, asking their looks themselves). The main frame's script is
    kept in each document by the engine's init script (ChecksEngine.init_scripts)."""
    sp = survey_plan(checks)
    if sp is None:
        return {}, {}
    found = dict.fromkeys(sp.keys, False)
    looks: dict[str, dict] = {}
    for frame in [page.main_frame, *(f for f in page.frames if f is not page.main_frame)]:
        main = frame is page.main_frame
        try:
            if main:
                answers, said = await sp.main.evaluate(frame, [sp.selectors, sp.plan], evaluate_json)
                if sp.shares_layout:
                    note_layout_kept(frame)  # the survey left the layout helpers there (_kept.py)
            else:
                answers, said = await evaluate_json(frame, sp.frame_script, [sp.selectors, []])
        except Exception:  # noqa: BLE001 - detached, or not scriptable: assume anything may be there
            return dict.fromkeys(sp.present, True), looks
        for key, yes in zip(sp.keys, answers, strict=True):
            found[key] = found[key] or yes
        for (check_id, key), row in zip(sp.asked, sp.row_of, strict=True) if main else ():
            if said[row] is not None:
                looks.setdefault(check_id, {})[key] = said[row][0]
        if all(found.values()):
            break
    return found, looks


async def _restore(page, viewport) -> None:
    """A safety net for checks stopped half-way: the next check starts from the page as loaded."""
    try:
        await restore_viewport(page)  # a size changed through the DevTools protocol (devtools.py)
        if viewport and page.viewport_size != viewport:
            await page.set_viewport_size(viewport)
    except Exception:  # noqa: BLE001 - the page may be gone; the next check will say so
        pass


__all__ = ["ChecksEngine", "selected_checks", "check_ids", "applies_to", "survey"]


def _warm_up(checks: list[Check]) -> None:
    for check in checks:
        try:
            check.warm_up()
        except Exception:  # noqa: BLE001 - the check meets the same error when it runs, and reports it
            pass
