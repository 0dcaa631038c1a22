"""axe-core in every frame: runPartial in each frame, finishRun in a blank page.

axe-playwright-python's own `run` only covers the top frame, so we use its
bundled axe build and drive axe's partial API ourselves, as axe's Playwright
integration does: the frames are visited depth-first in the order axe itself
reports them (axe.utils.getFrameContexts), a frame that cannot be reached
contributes `null`, and the partial results are merged by axe.finishRun in a
fresh about:blank page (so the page under test cannot tamper with the merge).
Shadow roots are handled by axe itself; their targets come back as arrays.
"""
from __future__ import annotations

import asyncio
import contextlib
import functools
from pathlib import Path
from typing import Any

import axe_playwright_python

from ..catalog import STANDARDS, load_catalog
from ..jsonwire import evaluate_json
from ..models import Node, RuleResult, wcag_from_tags
from .axe_patch import faster_axe
from .base import Engine, EngineResults, PageTarget, RuleInfo

AXE_PATH = Path(axe_playwright_python.__file__).parent / "axe.min.js"

DEPRECATED_BUT_NEEDED = ("audio-caption",)
# Experimental axe rules (a tag run skips them) that gave no false failure on the W3C ACT test
# cases (README, "axe's own options"): run when the standard's catalog names them.
EXPERIMENTAL_TURNED_ON = ("css-orientation-lock", "td-has-header")

MAX_HTML = 2000  # characters of a node's outerHTML kept in results

# Evaluated in each frame: load axe once per document, quietly.
_HAS_AXE = "() => !!window.axe"
# Loaded as our own code where the checks' activity record is kept (its listeners are not the page's).
_LOAD_AXE = ("src => { if (!window.axe) { const A = window.__a11yActivity, load = () => (0, eval)(src);"
             " if (A) A.asOurs(load); else load(); } return !!window.axe; }")
_FRAME_CONTEXTS = "ctx => window.axe.utils.getFrameContexts(ctx ?? document)"
_RUN_PARTIAL = "([ctx, opts]) => window.axe.runPartial(ctx ?? document, opts)"
# axe's full results carry every check's data and related nodes; we keep only what
# convert() reads, and trim it in the browser, so the large payload never crosses the
# protocol (measured: most of the scanner's own CPU went into decoding it).
_SLIM = """const slim = (r) => {
  const node = (n) => ({
    target: n.target,
    html: (n.html || '').slice(0, MAX_HTML),
    failureSummary: n.failureSummary ||
      [...(n.any || []), ...(n.all || []), ...(n.none || [])].map(c => c.message).filter(Boolean).join('\\n'),
  });
  const full = (x) => ({id: x.id, impact: x.impact, tags: x.tags, help: x.help, helpUrl: x.helpUrl,
                        description: x.description, nodes: x.nodes.map(node)});
  const id = (x) => ({id: x.id});
  return {violations: r.violations.map(full), incomplete: r.incomplete.map(full),
          passes: r.passes.map(id), inapplicable: r.inapplicable.map(id)};
};""".replace("MAX_HTML", str(MAX_HTML))
_RUN_IF_NO_FRAMES = "async opts => {" + _SLIM + """
  if (!window.axe) return {status: 'no-axe'};
  if (window.axe.utils.getFrameContexts(document).length) return {status: 'frames'};
  return {status: 'done', results: slim(await window.axe.run(document, opts))};
}"""
_FINISH_RUN = "async ([partials, opts]) => {" + _SLIM + """
  return slim(await window.axe.finishRun(partials, opts));
}"""
_VERSION = "() => window.axe.version"


@functools.lru_cache(maxsize=1)
def axe_source() -> str:
    """The bundled axe, with its colour objects made cheaper (axe_patch.py)."""
    return faster_axe(bundled_axe_source())


@functools.lru_cache(maxsize=1)
def bundled_axe_source() -> str:
    return AXE_PATH.read_text(encoding="utf-8")


@functools.lru_cache(maxsize=1)
def axe_version() -> str:
    """Read from the bundle's banner ("/*! axe v4.12.1"), no browser needed."""
    head = bundled_axe_source()[:200]
    marker = "axe v"
    if marker in head:
        return head.split(marker, 1)[1].split()[0]
    return "unknown"


def axe_options(standard: str = "section508", best_practice: bool = False,
                rules: list[str] | None = None, disable_rules: list[str] | None = None) -> dict[str, Any]:
    """Options for runPartial / finishRun."""
    if standard not in STANDARDS:
        raise ValueError(f"unknown standard {standard!r} (choose from {', '.join(STANDARDS)})")
    options: dict[str, Any] = {}
    if rules:
        # --rules: exactly these rule ids, whatever their tags.
        options["runOnly"] = {"type": "rule", "values": list(rules)}
    else:
        tags = list(load_catalog(standard).axe_tags) + (["best-practice"] if best_practice else [])
        options["runOnly"] = {"type": "tag", "values": tags}
    rule_switches: dict[str, dict[str, bool]] = {}
    if not rules:
        # axe marks audio-caption deprecated, so a tag run skips it; it is still the only
        # evidence of audio for 1.2.1 (needs review where present, inapplicable where not).
        rule_switches.update({rule: {"enabled": True} for rule in DEPRECATED_BUT_NEEDED})
        named = {rule for c in load_catalog(standard).criteria for rule in c.axe}
        rule_switches.update({rule: {"enabled": True} for rule in EXPERIMENTAL_TURNED_ON if rule in named})
    for rule in disable_rules or ():
        rule_switches[rule] = {"enabled": False}
    if rule_switches:
        options["rules"] = rule_switches
    # Passes and inapplicable rules are only needed by id (for the roll-up), not every node.
    options["resultTypes"] = ["violations", "incomplete"]
    return options


# --- async (the scanner) -------------------------------------------------

async def _ensure_axe_async(frame) -> None:
    # Only send the 570 kB source when the document does not have axe yet.
    if not await frame.evaluate(_HAS_AXE):
        await frame.evaluate(_LOAD_AXE, axe_source())


async def _partials_async(frame, context: Any, options: dict[str, Any]) -> list[Any]:
    await _ensure_axe_async(frame)
    frame_contexts = await frame.evaluate(_FRAME_CONTEXTS, context)
    partials = [await evaluate_json(frame, _RUN_PARTIAL, [context, options])]
    for fc in frame_contexts:
        child = None
        try:
            handle = await frame.locator(_frame_selector(fc)).element_handle(timeout=5000)
            child = await handle.content_frame() if handle else None
        except Exception:  # a frame that vanished or never loaded
            child = None
        if child is None:
            partials.append(None)
            continue
        try:
            partials.extend(await _partials_async(child, fc["frameContext"], options))
        except Exception:
            partials.append(None)
    return partials


async def run_axe(page, options: dict[str, Any], finisher=None) -> dict[str, Any]:
    """Run axe across all frames of a loaded page; return axe's merged results.

    `finisher` is an optional blank page to merge in (reused across calls);
    otherwise a temporary one is opened in the page's context.
    """
    top = page.main_frame
    # Most pages have no frames: then a plain axe.run in the page is the same audit,
    # done in one round trip (axe is usually there already, as an init script).
    outcome = await evaluate_json(top, _RUN_IF_NO_FRAMES, options)
    if outcome["status"] == "no-axe":
        await _ensure_axe_async(top)
        outcome = await evaluate_json(top, _RUN_IF_NO_FRAMES, options)
    if outcome["status"] == "done":
        return outcome["results"]
    partials = await _partials_async(top, None, options)
    own_finisher = finisher is None
    if own_finisher:
        finisher = await page.context.new_page()
    try:
        await _ensure_axe_async(finisher)
        return await evaluate_json(finisher, _FINISH_RUN, [partials, options])
    finally:
        if own_finisher:
            await finisher.close()


async def known_rule_ids(browser) -> set[str]:
    """Every rule id the bundled axe knows (deprecated and experimental included)."""
    return set(await known_rule_tags(browser))


async def known_rule_tags(browser) -> dict[str, list[str]]:
    """Every rule the bundled axe knows (deprecated and experimental included), with its tags."""
    context = await browser.new_context()
    try:
        page = await context.new_page()
        await _ensure_axe_async(page.main_frame)
        rules = await page.evaluate("() => window.axe.getRules().map(r => [r.ruleId, r.tags])")
        return {rule: list(tags) for rule, tags in rules}
    finally:
        await context.close()


def _frame_selector(frame_context: dict[str, Any]) -> str:
    """axe gives a frame's selector as a list (shadow path); Playwright pierces open shadow roots."""
    selector = frame_context["frameSelector"]
    if isinstance(selector, list):
        # Each entry is a selector inside the previous one's shadow root; css in Playwright pierces
        # open shadow DOM, so the last one is enough when it is unique in the document.
        selector = selector[-1] if selector else "iframe"
    return selector


# --- converting axe's output -------------------------------------------------

def _rule_result(raw: dict[str, Any]) -> RuleResult:
    tags = list(raw.get("tags") or [])
    return RuleResult(
        rule=raw["id"], impact=raw.get("impact"), wcag=wcag_from_tags(tags),
        help=raw.get("help", ""), help_url=raw.get("helpUrl", ""),
        description=raw.get("description", ""), tags=tags, engine="axe",
        nodes=[
            # html is cut to MAX_HTML and the summary made from the checks' messages in
            # the browser (_SLIM), before the results cross the protocol.
            Node(target=n.get("target") or [], html=n.get("html") or "", summary=n.get("failureSummary") or "")
            for n in raw.get("nodes") or []
        ],
    )


def convert(raw: dict[str, Any]) -> dict[str, Any]:
    """axe results -> {'violations': [RuleResult], 'incomplete': [...], 'passed': [ids], 'inapplicable': [ids]}."""
    return {
        "violations": [_rule_result(r) for r in raw.get("violations") or []],
        "incomplete": [_rule_result(r) for r in raw.get("incomplete") or []],
        "passed": sorted(r["id"] for r in raw.get("passes") or []),
        "inapplicable": sorted(r["id"] for r in raw.get("inapplicable") or []),
    }


# --- the engine -------------------------------------------------------------

class AxeEngine(Engine):
    """axe-core in every frame, with the options of one scan."""

    name = "axe-core"

    def __init__(self, options: dict[str, Any]):
        self.options = options
        self._rule_tags: dict[str, list[str]] | None = None
        self._get_browser = None
        self._finishers: list = []  # blank pages with axe loaded, where partial results are merged

    @property
    def version(self) -> str:
        return axe_version()

    def init_scripts(self) -> list[str]:
        return [axe_source()]  # axe in every document and frame as it loads

    def rules(self) -> list[RuleInfo]:
        ids = sorted(self._rule_tags or ())
        return [RuleInfo(id=i, engine=self.name, title=i) for i in ids]

    async def prepare(self, get_browser) -> None:
        self._get_browser = get_browser

    async def known_rules(self) -> set[str]:
        """Every rule id this axe knows, learnt from axe in the browser (launching it) once."""
        return set(await self.rule_tags())

    async def rule_tags(self) -> dict[str, list[str]]:
        """Every rule this axe knows with its tags, learnt as known_rules is."""
        if self._rule_tags is None:
            self._rule_tags = await known_rule_tags(await self._get_browser())
        return dict(self._rule_tags)

    async def run(self, target: PageTarget) -> EngineResults:
        finisher = await self._take_finisher(target.page.context.browser)
        try:
            async with asyncio.timeout(target.timeout):  # not wait_for: it can lose a Ctrl-C (see scan.py)
                raw = await run_axe(target.page, self.options, finisher)
        except BaseException:
            # Only a finisher that worked is reused; one that did not is closed with its context.
            with contextlib.suppress(Exception):
                await finisher.context.close()
            raise
        self._finishers.append(finisher)
        converted = convert(raw)
        return EngineResults(violations=converted["violations"], incomplete=converted["incomplete"],
                             passed=converted["passed"], inapplicable=converted["inapplicable"])

    async def _take_finisher(self, browser):
        """A blank page in its own context, reused across pages so axe loads there once."""
        while self._finishers:
            finisher = self._finishers.pop()
            if finisher.context.browser is browser and not finisher.is_closed():
                return finisher
        context = await browser.new_context()
        return await context.new_page()
