"""Changing a setting does not change the context unless the user was told (WCAG 3.2.2 On Input).

The classic failure is the jump menu: a list of pages that loads the one chosen as soon as the
selection changes, so a keyboard user who arrows through the list is taken to the first page
below the one they were on. Check boxes that submit their form, and fields that go to a results
page as text is typed, are its kin.

Each form field of the tab order (select lists, check boxes, radio buttons not yet chosen, text
fields) is changed by script as a user changes it: a list gets its next option, a box or radio
button is clicked, a text field gets a character (input events), then its change event (as
when the user leaves it). Focus is put on it first, and what focus alone starts is not this
check's (on-focus-no-context-change judges that). A page load, form submission or window opened
at once by the page's handlers is caught and cancelled (_context_change.py) and fails, unless
the field's label, description, title, selected option, the legend of its group, or the text
just before it (G13's notice need not be tied to the field in code) speaks of what will happen
(3.2.2 allows a change the user was advised of): then it needs review. A
change of address within the document needs review. Each list, check box and radio button is
put back as a user would put it back (its handlers undo what they showed or hid; what they
start then is caught and not counted); a text field quietly (its handlers mostly validate).
Timers the field's handlers start (not intervals) are waited for, until they have run, when due
within WAIT seconds of the change (a search box that submits itself once typing stops, a status a
character count debounces for 1.2 s), what they do credited to the field; a timer due later is
cleared, and the field needs review (it may change the context when it runs). Timers started
while a field is put back are cleared. Nothing the handlers send reaches the site (an autosave
on change), and cookies and storage are put back (_no_side_effects.py).

A page where no script listens for input, change, click or keys is not touched.
"""
from __future__ import annotations

import json
import re

from ._activity import ACTION_TIMERS, activity_script
from ._context_change import CHANGES, budget_ms, target, watching
from ._layout import evaluate
from ._no_side_effects import contained
from .base import (
    ACTIONS,
    CANT_TELL,
    FAILED,
    INAPPLICABLE,
    PASSED,
    Check,
    CheckOutcome,
    Look,
    PresentWhen,
    beyond_limit,
    node,
)

ANSWERS_INPUT = ("() => !window.__a11yActivity || window.__a11yActivity.listensFor(['input', 'change', 'click', "
                 "'keydown', 'keyup', 'keypress', 'beforeinput'])")
# A form field, on a page where a script listens (ANSWERS_INPUT): one survey call decides both, so a
# page where no change could do anything costs no run.
CHANGEABLE = PresentWhen("is a form field that a script could answer (a listener for input, change, clicks or keys)",
                         f"(root) => !!root.querySelector('select, input, textarea') && ({ANSWERS_INPUT})()")

# Each field of the tab order changed in turn (at most arg.max); its advice text comes back with it.
ON_INPUT = watching(r"""async ({arg, tabOrder, deep, acting, timeUp}) => {
  const TEXT = /^(text|search|email|url|tel|password|number|date|month|week|time|datetime-local|color|range)$/;
  const changeable = (el) => (el.localName === 'select' && !el.multiple && el.options.length > 1) ||
    el.localName === 'textarea' ||
    (el.localName === 'input' && (/^(checkbox|radio)$/.test(el.type) || TEXT.test(el.type)));
  const {cands, capped} = tabOrder(arg.max, undefined, changeable);  // only fields need their rendering read
  const fields = cands.filter(changeable);
  const SAMPLE = {number: '1', range: '1', date: '2026-01-15', month: '2026-01', week: '2026-W03', time: '10:30',
                  'datetime-local': '2026-01-15T10:30', color: '#000000', email: 'a@example.gov',
                  url: 'https://example.gov/'};
  const fire = (el, type) => el.dispatchEvent(new Event(type, {bubbles: true, composed: type === 'input'}));
  const words = (el) => (el ? (el.innerText || el.textContent || '') : '');
  const byIds = (ids) => (ids || '').split(/\s+/).filter(Boolean)
    .map((id) => words(document.getElementById(id))).join(' ');
  // Instructions just before the field (G13's advance notice need not be tied to it in code):
  // the elements before it, before its label and before their containers, nearest first.
  const before = (el) => {
    const out = [];
    const starts = [el, ...[...(el.labels || [])]];
    for (const start of starts) {
      let n = start;
      for (let level = 0; level < 2 && n && n !== document.body; level++, n = n.parentElement) {
        let p = n.previousElementSibling;
        for (let k = 0; p && k < 2; k++, p = p.previousElementSibling) out.push(words(p).slice(0, 300));
      }
    }
    return out;
  };
  const advice = (el) => [
    ...[...(el.labels || [])].map(words), el.getAttribute('aria-label') || '',
    byIds(el.getAttribute('aria-labelledby')),
    byIds(el.getAttribute('aria-describedby')), el.title || '', el.placeholder || '',
    el.localName === 'select' ? words(el.options[el.selectedIndex]) : '',
    words(el.closest('fieldset') && el.closest('fieldset').querySelector('legend')),
    ...before(el),
  ].join(' ').replace(/\s+/g, ' ').trim().slice(0, 1500);
  // Timers (not intervals: a poll) that the field's handlers started since `since` (W.caused,
  // _activity.py), each [kind, id, delay, root, started]: those due within arg.waitMs of the change
  // (made at `from`) are waited for until they have run, the field still credited with what they
  // do (a search box that submits itself once typing stops); those left are cleared (the page is
  // left as it was) and returned.
  const W = ACTION_TIMERS;
  const started = (since) => W.caused(since, ['timeout', 'frame']);
  const clear = ([kind, id]) => (kind === 'timeout' ? clearTimeout(id) : cancelAnimationFrame(id));
  const settle = async (since, from) => {
    const end = from + arg.waitMs;
    // A timer due by then runs when the page gets its turn: late on a busy machine, so it is
    // waited for past the end (up to arg.lateMs more).
    await W.settle({timers: () => started(since).filter(([, , ms, , at]) => at + ms <= end), ms: arg.waitMs,
                    late: arg.lateMs, from, until: timeUp});
    const left = started(since);
    left.forEach(clear);
    return left;
  };
  let tried = 0;
  const told = new Map();
  const timed = [];  // [field, the longest delay of a timer its handlers started that did not run]
  let late = 0;
  for (const el of fields) {
    if (timeUp()) { late++; continue; }
    if (el.readOnly || (el.type === 'radio' && el.checked)) continue;
    acting(null);
    el.focus({preventScroll: true});
    await Promise.resolve();
    told.set(el, advice(el));
    tried++;
    const before = {value: el.value, checked: el.checked, index: el.selectedIndex};
    const chosen = el.type === 'radio' && el.form && el.name
      ? [...el.form.elements].find((r) => r.type === 'radio' && r.name === el.name && r.checked) : null;
    acting(el);
    const since = W.mark(), from = performance.now();
    if (el.localName === 'select') {
      let next = -1;
      for (let i = 1; i <= el.options.length && next < 0; i++) {
        const j = (before.index + i) % el.options.length;
        if (j !== before.index && !el.options[j].disabled) next = j;
      }
      if (next < 0) { acting(null); continue; }
      el.selectedIndex = next;
      fire(el, 'input');
      fire(el, 'change');
    } else if (el.type === 'checkbox' || el.type === 'radio') {
      el.click();
    } else {
      el.value = SAMPLE[el.type] !== undefined ? SAMPLE[el.type] : before.value + 'a';
      fire(el, 'input');
      await Promise.resolve();
      fire(el, 'change');
    }
    await Promise.resolve();  // what the handlers queued as promise callbacks
    await Promise.resolve();
    const left = await settle(since, from);
    if (left.length) timed.push([el, Math.max(...left.map(([, , ms]) => ms))]);
    // Put back as a user would, the page's handlers told (what they start now is still caught,
    // and credited to nobody; the timers they start are cleared), so that what they showed or hid
    // goes back too.
    acting(null);
    const back = W.mark();
    if (el.localName === 'select') {
      el.selectedIndex = before.index;
      fire(el, 'input');
      fire(el, 'change');
    } else if (el.type === 'checkbox') {
      if (el.checked !== before.checked) el.click();
    } else if (el.type === 'radio') {
      if (chosen && chosen !== el) chosen.click();
      else {  // none was chosen: unchosen again, and told (a reveal for the choice hides again)
        el.checked = false;
        fire(el, 'input');
        fire(el, 'change');
      }
    } else {
      el.value = before.value;  // quietly: a field's handlers mostly validate, and would complain of it empty
    }
    await Promise.resolve();
    started(back).forEach(clear);
    const a = deep();
    if (a && a !== document.body && a.blur) a.blur();
  }
  const advised = [];
  for (const [el, text] of told) advised.push([through(L, el), text]);
  const pending = timed.map(([el, ms]) => ({selector: through(L, el), html: L.outerHtml(el), ms}));
  return {tried, late, capped, advised, pending};
}""".replace("ACTION_TIMERS", ACTION_TIMERS))

# Words that tell a user a field's change will take them somewhere (3.2.2's "advised").
ADVISED = re.compile(
    r"automatically|immediately|as soon as|straight (away|to)|right away|without (a|any) (button|further)|"
    r"when (you )?(select|choose|change|check|pick|tick|make)|on (selection|change)|new (window|tab)|"
    r"\bwill (open|load|navigate|go|take|submit|redirect|refresh|reload|change|update|show)|"
    r"\bopens?( up)? (in|a|the|its)\b|\btakes? you\b|\bgo(es)? (straight |directly )?to\b|"
    r"\b(submits?|navigates?|redirects?|reloads?|refresh(es)?|loads?)\b (the|this|that|its|a|automatically|when|on|as)",
    re.I)
# Seconds: timers a field's handlers start that are due within WAIT of the change are waited for
# until they have run (no longer than that: a page without such a timer is not waited on), up to
# LATE more when the page is slow to run them. Debounces of up to a couple of seconds (USWDS's
# character count: 1.2 s) are settled; a change of context they make is caught and cancelled.
WAIT = 2.5
LATE = 2.0
SAME_DOCUMENT = ("changing it changes the page's address within the document ({url}), as a single-page "
                 "application changes view: check whether the content changed its meaning")


class OnInputNoContextChange(Check):
    id = "on-input-no-context-change"
    time_limit = 15.0
    disturbs = ACTIONS  # changes fields (and puts them back): runs after the checks that only look
    init_script = activity_script()  # whether a script listens for input (ANSWERS_INPUT)
    present = CHANGEABLE
    max_elements = 2000  # elements of the tab order looked at per page (times CheckContext.reach)

    def looks(self) -> list[Look]:
        return [Look(ANSWERS_INPUT)]

    async def run(self, ctx) -> CheckOutcome:
        if not await ctx.first_look(ANSWERS_INPUT):
            return CheckOutcome(INAPPLICABLE, reason="no script on the page listens for input, change, clicks or "
                                                     "keys: changing a field cannot change the context")
        most = self.max_elements * ctx.reach
        async with contained(ctx.page):  # an autosave on change sends nothing; cookies and storage put back
            found = await evaluate(ctx.page, ON_INPUT, {"max": most, "budgetMs": budget_ms(ctx),
                                                       "waitMs": WAIT * 1000, "lateMs": LATE * 1000})
        advice = {json.dumps(sel): text for sel, text in found["advised"]}
        failed, review = [], []
        for c in found["changes"]:
            told = advice.get(json.dumps(c["selector"]), "")
            where, change = target(c["selector"]), CHANGES.get(c["kind"], "").format(url=c["url"] or "no address")
            if c["kind"] == "same-document":
                review.append(node(where, c["html"], SAME_DOCUMENT.format(url=c["url"] or "no address")))
            elif ADVISED.search(told):
                said = f"\u201c{told[:120]}\u201d"
                review.append(node(where, c["html"], f"changing it {change}; its label or instructions may say so "
                                                     f"({said}): check that users are told before they use it"))
            else:
                failed.append(node(where, c["html"], f"changing it {change}, and nothing in its label or instructions "
                                                     "says it will: a change of context the user did not ask for"))
        changed = {json.dumps(c["selector"]) for c in found["changes"]}
        for p in found["pending"]:
            if json.dumps(p["selector"]) not in changed:
                review.append(node(target(p["selector"]), p["html"], (
                    f"changing it started a timer ({p['ms'] / 1000:g} s) that had not run within the {WAIT:g} s "
                    "timers are waited for: check whether what it does then changes the context (a form submitted, "
                    "a page loaded)")))
        if failed:
            return CheckOutcome(FAILED, failed)
        if review:
            return CheckOutcome(CANT_TELL, review, reason=review[0].summary if len(review) == 1 else (
                f"{len(review)} field(s) change the context when changed, or start a timer that may; see each"))
        if not found["tried"]:
            return CheckOutcome(INAPPLICABLE, reason="no form field in the tab order that a user could change")
        if found["capped"]:
            return CheckOutcome(CANT_TELL, reason=beyond_limit("elements in the tab order", most, ctx.reach))
        if found["late"]:
            return CheckOutcome(CANT_TELL, reason=f"changed {found['tried']} form field(s); {found['late']} more were "
                                                  "not tried in the time given")
        return CheckOutcome(PASSED, reason=f"changing none of the {found['tried']} form field(s) loads a page, submits "
                                           "a form or opens a window")
