"""What a browser check is: metadata in rules/checks/<id>.yaml, and a small class.

A check looks at a loaded page the way a person would (keys, zoom, a narrow
window, time passing, pixels) and says what it found for one rule:

    failed        with the elements that fail (nodes), and those left for review (review)
    cantTell      "needs review": the evidence is not enough for a verdict; say why
    passed        it applied and nothing failed
    inapplicable  nothing on the page it applies to

A check that changes the page (viewport, zoom, styles, focus) restores it
before it returns, or works in a tab of its own (CheckContext.new_tab). It runs
inside its own time limit (CheckContext.timeout); the engine turns a crash or
an overrun into "needs review" for that check alone.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar

import yaml

from ..browser import open_copy
from ..catalog import RULES_DIR
from ..discovery.urls import match_pattern, normalize_url
from ..engines.base import Settlement
from ..jsonwire import evaluate_json
from ..models import Node
from ..yamlio import load_data

FAILED, CANT_TELL, PASSED, INAPPLICABLE = "failed", "cantTell", "passed", "inapplicable"
OUTCOMES = (FAILED, CANT_TELL, PASSED, INAPPLICABLE)
IMPACTS = ("critical", "serious", "moderate", "minor")

_ID = re.compile(r"^[a-z][a-z0-9-]+$")
_NUM = re.compile(r"^\d+\.\d+\.\d+$")
_ACT = re.compile(r"^[0-9a-z]{6}$")


class CheckMetaError(ValueError):
    """A rules/checks/*.yaml file that does not match the format."""


@dataclass(frozen=True)
class CheckMeta:
    """A check's metadata, read from rules/checks/<id>.yaml."""

    id: str
    title: str  # one line, what passes: "Focusable elements have no keyboard trap"
    help: str  # one line, what to do about a failure
    description: str
    wcag: tuple[str, ...]  # success criteria it gives evidence for, e.g. ("2.1.2",)
    act: tuple[str, ...]  # ACT rule ids it implements (wholly or in part)
    impact: str
    best_practice: bool = False  # runs only with --best-practice (no WCAG criterion of its own)
    help_url: str = ""

    @property
    def tags(self) -> list[str]:
        """axe-style tags, so reporters treat both engines alike (wcag212, best-practice)."""
        tags = ["wcag" + num.replace(".", "") for num in self.wcag]
        return tags + (["best-practice"] if self.best_practice else [])


@dataclass(frozen=True)
class PresentWhen:
    """What a check applies to, when a CSS selector cannot say it: `script` is a JS function
    expression `(root) => boolean`, asked of each document and open shadow root of the page's
    frames; `what` completes "nothing on the page ..." (e.g. "takes keyboard focus")."""

    what: str
    script: str

    def __str__(self) -> str:
        return self.what


# Anything that could take focus from the Tab key (a superset: it only decides whether the
# keyboard checks run). Chromium also lets the keyboard focus a scroll container. A <details>
# without a <summary> has the browser's own (in its user-agent shadow root), which Tab reaches; a
# style alone (-webkit-user-modify: read-write) makes an element editable, and focusable, with no
# attribute to match. The elements of a closed shadow root are out of script's sight, but Tab
# reaches them: those a script made are counted by _activity.js, which every check with this gate
# installs (a declarative closed root, <template shadowrootmode=closed>, cannot be seen at all).
TAKES_FOCUS = PresentWhen("takes keyboard focus", r"""(root) => {
  const FOCUSABLE = 'a[href], area[href], button, input, select, textarea, summary, details, iframe, frame, ' +
    'object, embed, audio, video, [contenteditable], [draggable=true]';
  const A = window.__a11yActivity;
  if (A && A.closedRootCount() > 0) return true;
  const all = root.querySelectorAll('*');
  for (const el of all) if (el.tabIndex >= 0 || el.matches(FOCUSABLE)) return true;
  for (const el of all) {
    const s = getComputedStyle(el);
    if (/^read-write/.test(s.webkitUserModify || '')) return true;
    if (/auto|scroll/.test(s.overflowX + ' ' + s.overflowY)) return true;
  }
  return false;
}""")


# Check.disturbs: what a check may leave changed on the page.
KEY_PRESSES = 1
ACTIONS = 2


@dataclass(frozen=True)
class Look:
    """A question a check asks of the page's main frame before it acts on the page: `script` is
    a JS function expression `(arg) => value` that only reads (no change to the page, no waiting),
    `arg` its JSON argument. The engine asks the looks of every check it will run in the one call
    per page it makes anyway (its survey), instead of one call each (a call to the browser costs
    about 3.5 ms of CPU). Check.run asks them through CheckContext.first_look."""

    script: str
    arg: Any = None

    @property
    def key(self) -> tuple[str, str]:
        return self.script, json.dumps(self.arg, sort_keys=True)


@dataclass
class CheckOutcome:
    outcome: str  # one of OUTCOMES
    nodes: list[Node] = field(default_factory=list)  # failing (or to review) elements
    reason: str = ""  # why: shown for cantTell, and as the summary of page-level findings
    # Verdicts on elements an earlier engine left for review (CheckContext.review_nodes), as
    # engines.base.Settlement: they leave the page's review list with this evidence.
    settles: list = field(default_factory=list)
    # Outcomes of other checks that the same work answered (by check id): the engine takes them
    # instead of running those checks (one measurement judged by two rules' thresholds).
    also: dict = field(default_factory=dict)
    # Beside a failure: the elements the check could not decide on, each with its own reason in
    # its summary (node("html", summary=...) for one about the page as a whole, a limit reached).
    # The engine reports them as the rule's "needs review" on the page next to its violation, as
    # axe lists a rule under both when some elements fail and others need review: a failure
    # found must not hide what is left to look at. Only with FAILED (a cantTell's nodes are its
    # review items).
    review: list[Node] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.outcome not in OUTCOMES:
            raise ValueError(f"outcome {self.outcome!r} is not one of {OUTCOMES}")
        if self.review and self.outcome != FAILED:
            raise ValueError(f"review nodes go beside a failure, not a {self.outcome!r} outcome")


# --thorough: ten times the checks' per-page limits, four times their time (a page's checks and
# each check's own limit), for an audit that wants every element judged rather than a quick scan.
THOROUGH_REACH = 10
THOROUGH_TIME = 4.0


def beyond_limit(what: str, most: int, reach: int) -> str:
    """Why a check whose page had more than `most` of `what` (its limit, times CheckContext.reach)
    gives no verdict on those it examined: the rest were not."""
    return (f"the page has more than {most:,} {what}, and only the first {most:,} were examined"
            + ("" if reach > 1 else " (--thorough examines more)"))


@dataclass
class CheckContext:
    """What a check gets: the loaded page (navigation held), its browser context, a time limit."""

    page: Any  # playwright.async_api.Page, loaded and audited as-is
    timeout: float  # seconds this check may take on this page
    standard: str = "section508"
    # Kept by the engine for the whole scan: what a check learnt on one page that saves work on
    # another (keyed by check id). Nothing in it may change a verdict, only the work to reach it.
    memo: dict = field(default_factory=dict)
    # The response that brought the page's document (PageTarget.response): its bytes are the
    # document as served. It may belong to an earlier document (a redirect by meta refresh or
    # script): compare its URL with the page's before trusting it.
    response: Any = None
    # Answers to this check's looks (Check.looks) that the engine's survey already has, by Look.key.
    looks: dict = field(default_factory=dict)
    # What the engines before ours found on this page (engines.base.EngineResults), or None.
    earlier: Any = None
    # The page whose link led the crawl here (PageTarget.referrer), or None.
    referrer: str | None = None
    # The ids of the checks this scan runs (a check may answer a companion's question too:
    # CheckOutcome.also).
    selected: frozenset = frozenset()
    # How much of a page a check looks at: its per-page limits (elements judged, images read,
    # destinations loaded, screens of text measured) are multiplied by this. 1, or THOROUGH_REACH
    # with --thorough.
    reach: int = 1
    # The scan's --exclude patterns (with the sign-out patterns on a scan that carries a session):
    # a check loads no address they match (excluded()), as discovery follows no link to one.
    exclude: tuple[str, ...] = ()

    def review_nodes(self, rule: str, engine: str = "axe") -> list[Node]:
        """The elements an earlier engine's `rule` left for review on this page (the nodes
        themselves: a Settlement names one)."""
        if self.earlier is None:
            return []
        return [n for r in self.earlier.incomplete if r.rule == rule and r.engine == engine for n in r.nodes]

    def excluded(self, url: str) -> str | None:
        """The --exclude pattern that url matches, as discovery matches it (so a check loads
        nothing the crawl would not follow: a sign-out link would end the scan's session), or None."""
        return match_pattern(normalize_url(url) or url, self.exclude) if self.exclude else None

    async def first_look(self, script: str, arg: Any = None) -> Any:
        """The main frame's answer to script(arg): the survey's, when it asked this look (each
        answer is used once, so that a later question is asked of the page as it is then), or
        asked now. The answer is the page as it was just before the checks began; a check that
        needs it fresher (positions, say) asks again."""
        key = Look(script, arg).key
        if key in self.looks:
            return self.looks.pop(key)
        return await evaluate_json(self.page.main_frame, script, arg)  # as the survey gives it

    async def ask(self, frame, script: str, arg: Any = None) -> Any:
        """frame's answer to script(arg); for the main frame, first_look's."""
        if frame is self.page.main_frame:
            return await self.first_look(script, arg)
        return await frame.evaluate(script, arg)

    async def new_tab(self, url: str | None = None):
        """A second page in the same browser context (same cookies), loaded with url (default:
        the page's own URL). The caller gives it back with browser.close_copy. For checks that must not
        disturb the page."""
        tab, _ = await open_copy(self.page, url or self.page.url, timeout=self.timeout)
        return tab


class Check:
    """Base class: subclasses set `id` (its metadata file's name) and implement run()."""

    id: ClassVar[str] = ""
    # How much of the page's time budget this check may use, at most (seconds); the engine
    # gives it min(this, what is left).
    time_limit: ClassVar[float] = 20.0
    # A check that watches the page as it loaded (time passing, media, refresh) runs before the
    # checks that act on it (keys, viewport, styles), which would give it changes of their own.
    observes: ClassVar[bool] = False
    # How far a check may leave the page changed, which orders it after those that leave it less:
    # 0 not at all; KEY_PRESSES its key presses may (Escape closes a dialog the page opened at load, which
    # a check after it would then judge closed); ACTIONS it clicks, types into or hovers controls.
    disturbs: ClassVar[int] = 0
    # Script added to every document and frame before the page's own scripts (e.g. to count
    # what happens from the start); the same script is added once however many checks name it.
    init_script: ClassVar[str] = ""
    # Large functions the check calls once a page (_kept.KeptFunction): each is left in every
    # document as it starts, from the scan's init scripts, so that the call sends its name
    # instead of its text (30 kB sent and compiled cost about 1.2 ms of CPU a call).
    kept: ClassVar[tuple] = ()
    # A CSS selector for what the check looks at: when no frame of the page has a matching element
    # (open shadow roots included), the engine reports the check inapplicable without running it.
    # Must match everything the check could apply to (a wider selector only costs a run).
    # A PresentWhen says it in script instead.
    present: ClassVar[str | PresentWhen] = ""
    # An axe rule whose page-level review item (top document) this check's verdict answers: the
    # engine decides that item from the outcome (decide_page_review).
    decides_page_item: ClassVar[str] = ""

    def looks(self) -> list[Look]:
        """What run() asks of the main frame first through ctx.first_look (see Look); the engine
        asks these in the main frame when `present` holds there."""
        return []

    @property
    def meta(self) -> CheckMeta:
        return load_meta(self.id)

    def warm_up(self) -> None:
        """Once per scan, before the first page, in a worker thread: slow set-up that would
        otherwise stall the first page (e.g. loading a model). Errors are left for run()."""

    async def run(self, ctx: CheckContext) -> CheckOutcome:  # pragma: no cover - abstract
        raise NotImplementedError


def decide_page_review(ctx: CheckContext, rule: str, by: str, outcome: CheckOutcome) -> list:
    """Settlements (engines.base.Settlement) of axe's page-level review item of `rule` for the
    top document (its target ["html"]) from a check's verdict on the same question: failed
    decides it failed, passed or inapplicable (the caller's check has nothing for the criterion
    to apply to) passed; a check that cannot tell decides nothing. The evidence is the outcome's
    reason."""
    if outcome.outcome == CANT_TELL:
        return []
    verdict = FAILED if outcome.outcome == FAILED else PASSED
    return [Settlement(rule, n, verdict, by, outcome.reason) for n in ctx.review_nodes(rule) if n.target == ["html"]]


def node(target: str | list, html: str = "", summary: str = "") -> Node:
    """A result node; target is a CSS selector (or axe-style list of selectors for frames)."""
    return Node(target=[target] if isinstance(target, str) else list(target), html=html[:2000], summary=summary)


# --- metadata files ----------------------------------------------------------

_KEYS = {"id", "title", "help", "description", "wcag", "act", "impact", "best_practice", "help_url"}
_REQUIRED = {"id", "title", "help", "description", "wcag", "act", "impact"}


def checks_dir() -> Path:
    base = Path(os.environ.get("A11Y_RULES_DIR") or RULES_DIR)
    return base / "checks"


@lru_cache(maxsize=64)
def _load_meta(path: str) -> CheckMeta:
    where = path
    try:
        data = load_data(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CheckMetaError(f"{where}: no such check metadata file") from None
    except yaml.YAMLError as e:
        raise CheckMetaError(f"{where}: not valid YAML ({e})") from None
    if not isinstance(data, dict):
        raise CheckMetaError(f"{where}: expected a mapping")
    unknown, missing = set(data) - _KEYS, _REQUIRED - set(data)
    if unknown:
        raise CheckMetaError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    if missing:
        raise CheckMetaError(f"{where}: missing key(s) {', '.join(sorted(missing))}")
    wcag = tuple(str(n) for n in data["wcag"] or ())
    act = tuple(str(a) for a in data["act"] or ())
    checks = [
        (bool(_ID.match(str(data["id"]))), "id must be lower-case words joined by '-'"),
        (Path(path).stem == data["id"], f"id {data['id']!r} does not match the file name"),
        (all(_NUM.match(n) for n in wcag), "wcag must list success criteria such as 2.1.2"),
        (all(_ACT.match(a) for a in act), "act must list ACT rule ids such as 80af7b"),
        (data["impact"] in IMPACTS, f"impact must be one of {', '.join(IMPACTS)}"),
        (bool(wcag) or bool(data.get("best_practice")), "a check without wcag criteria must be best_practice"),
    ]
    for ok, msg in checks:
        if not ok:
            raise CheckMetaError(f"{where}: {msg}")
    return CheckMeta(
        id=data["id"], title=" ".join(str(data["title"]).split()), help=" ".join(str(data["help"]).split()),
        description=" ".join(str(data["description"]).split()), wcag=wcag, act=act, impact=data["impact"],
        best_practice=bool(data.get("best_practice", False)), help_url=str(data.get("help_url", "")),
    )


def load_meta(check_id: str) -> CheckMeta:
    return _load_meta(str(checks_dir() / f"{check_id}.yaml"))
