"""Scripted sign-in (--login FILE): steps run in a browser before the scan.

The file is a YAML list of steps, one key each:

    - goto: https://www.example.gov/login       # or a path, from the first target
    - fill: {selector: "#user", value: "ci-bot"}
    - fill: {selector: "#password", value: "${A11Y_PASSWORD}"}
    - click: "button[type=submit]"
    - press: {selector: "#code", key: "Enter"}
    - wait_for: "#signed-in"                    # or {url: "**/account/**"}, or {load: networkidle}

The file is read and checked before any browser starts (LoginError: a usage
error). Values may name environment variables, `${NAME}`; those values and
every value filled in are secrets: they appear in no message. The signed-in
state (cookies, local storage) is what every page's context starts from.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import yaml

from .config import did_you_mean
from .redact import mask

KINDS = ("goto", "fill", "click", "press", "wait_for")
LOAD_STATES = ("load", "domcontentloaded", "networkidle")
_ENV = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
FORM = ('a YAML list of steps, one key each: goto: URL; fill: {selector, value}; click: SELECTOR; '
        'press: {selector, key}; wait_for: SELECTOR or {url: GLOB} or {load: networkidle}')

# Links whose address says "sign out" are never followed on a signed-in scan. The sign-out words, in
# any letter case, run together or joined by a hyphen or underscore: log out, log off, sign out, sign off.
_SIGN_OUT_WORDS = tuple((verb, joint, particle) for verb in ("log", "sign") for joint in ("", "[-_]")
                        for particle in ("out", "off"))


def _any_case(letters: str) -> str:
    return "".join(f"[{c.upper()}{c}]" for c in letters)


def _sign_out_patterns() -> tuple[str, ...]:
    """Globs (they join --exclude, which fnmatch matches) for a sign-out word that is a word of the
    address: it starts after / _ ? & = or a hyphen ("/logout", "?action=sign-out", "/my_logout"), or
    is a camelCase word ("/doLogout", "/userSignOut"); it ends the address or comes before a
    character that is not a lower-case letter ("/logout.php", "/SignOut.aspx", "/logoutAll"). Never
    inside another word: "/blog-outreach", "/design-outline", "/log-output", "/signoffs"."""
    patterns = []
    for verb, joint, particle in _SIGN_OUT_WORDS:
        word = _any_case(verb) + joint + _any_case(particle)
        camel = verb[0].upper() + _any_case(verb[1:]) + joint + _any_case(particle)
        for start in (f"*[/_?&=-]{word}", f"*[a-z]{camel}"):
            patterns += [start, f"{start}[!a-z]*"]
    return tuple(patterns)


SIGN_OUT_PATTERNS = _sign_out_patterns()


class LoginError(ValueError):
    """The login file cannot be used (exit 2 before any browser starts)."""


class SignInFailed(RuntimeError):
    """A step failed while signing in (exit 2), with a picture of the page at that moment."""

    def __init__(self, message: str, screenshot: Path | None = None):
        super().__init__(message)
        self.screenshot = screenshot


@dataclass(frozen=True)
class Step:
    number: int  # 1-based
    line: int  # in the file
    kind: str
    args: dict[str, str]  # goto: url; fill: selector, value; click: selector; press: selector?, key; wait_for: one of
    source: str = ""  # the file's name, for messages

    def __str__(self) -> str:
        """'login.yaml line 7, step 4 (fill #password)': never the value filled in."""
        shown = {"goto": self.args.get("url"), "fill": self.args.get("selector"), "click": self.args.get("selector"),
                 "press": " ".join(v for v in (self.args.get("selector"), self.args.get("key")) if v),
                 "wait_for": next((v for v in self.args.values()), "")}[self.kind]
        return f"{self.source} line {self.line}, step {self.number} ({self.kind} {shown})"


@dataclass
class LoginScript:
    path: str
    steps: list[Step]
    secrets: list[str] = field(default_factory=list)  # values that must appear in no output

    def redact(self, text: str) -> str:
        return mask(text, self.secrets)


# --- reading the file ----------------------------------------------------------------

def load(path: str | Path, env: dict[str, str] | None = None) -> LoginScript:
    env = os.environ if env is None else env
    path = Path(path)
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LoginError(f"login file {path}: no such file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise LoginError(f"login file {path}: cannot read it ({getattr(e, 'strerror', None) or e})") from None
    try:
        tree = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise LoginError(f"{name}{where}: not valid YAML ({getattr(e, 'problem', None) or e})") from None
    if not isinstance(data, list) or not data:
        raise LoginError(f"{name}: not a list of steps")
    script = LoginScript(str(path), [])
    for number, (raw, node) in enumerate(zip(data, tree.value, strict=True), 1):
        line = node.start_mark.line + 1
        where = f"{name} line {line}, step {number}"
        if not isinstance(raw, dict) or len(raw) != 1:
            raise LoginError(f"{where}: a step is one key (goto, fill, click, press or wait_for) and its value")
        [(kind, value)] = raw.items()
        if kind not in KINDS:
            raise LoginError(f"{where}: unknown step {kind!r} ({did_you_mean(str(kind), KINDS)}"
                             f"steps are {', '.join(KINDS)})")
        args = _args(kind, value, where)
        for key, text_value in args.items():
            args[key] = _expand(text_value, env, where, script.secrets, secret=kind == "fill" and key == "value")
        script.steps.append(Step(number, line, kind, args, name))
    if not any(s.kind == "wait_for" for s in script.steps):
        raise LoginError(f"{name}: no wait_for step: the last wait_for proves the sign-in worked "
                         "(e.g. - wait_for: \"#signed-in\")")
    return script


def _args(kind: str, value: Any, where: str) -> dict[str, str]:
    def text(v: Any, what: str) -> str:
        if isinstance(v, bool) or not isinstance(v, str | int | float) or str(v).strip() == "":
            raise LoginError(f"{where}: {kind} needs {what}")
        return str(v)

    def keys(allowed: tuple[str, ...], required: tuple[str, ...]) -> dict[str, str]:
        if not isinstance(value, dict):
            raise LoginError(f"{where}: {kind} needs {{{', '.join(required)}}}")
        for k in value:
            if k not in allowed:
                raise LoginError(f"{where}: {kind} has an unknown key {k!r} ({did_you_mean(str(k), allowed)}"
                                 f"it takes {', '.join(allowed)})")
        missing = [k for k in required if k not in value]
        if missing:
            raise LoginError(f"{where}: {kind} needs {', '.join(missing)}")
        return {k: text(v, k) for k, v in value.items()}

    if kind == "goto":
        return {"url": text(value, "a URL")}
    if kind == "fill":
        return keys(("selector", "value"), ("selector", "value"))
    if kind == "click":
        if isinstance(value, dict):
            return keys(("selector",), ("selector",))
        return {"selector": text(value, "a selector")}
    if kind == "press":
        return keys(("selector", "key"), ("key",)) if isinstance(value, dict) else {"key": text(value, "a key")}
    if isinstance(value, dict):  # wait_for
        if len(value) != 1:
            raise LoginError(f"{where}: wait_for takes one of selector, url, load")
        args = keys(("selector", "url", "load"), ())
        if args.get("load") and args["load"] not in LOAD_STATES:
            raise LoginError(f"{where}: wait_for load {args['load']!r} is not one of {', '.join(LOAD_STATES)}")
        return args
    return {"selector": text(value, "a selector, or {url: GLOB}, or {load: networkidle}")}


def _expand(value: str, env, where: str, secrets: list[str], secret: bool) -> str:
    def sub(m: re.Match) -> str:
        name = m.group(1)
        if name not in env:
            raise LoginError(f"{where}: the environment variable {name} is not set")
        secrets.append(env[name])
        return env[name]

    out = _ENV.sub(sub, value)
    if secret:
        secrets.append(out)
    return out


# --- signing in --------------------------------------------------------------------------

def same_page(a: str | None, b: str | None) -> bool:
    """The same address but for the query and fragment (/login?next=/account is the login page)."""
    if not a or not b:
        return False
    pa, pb = urlsplit(a), urlsplit(b)
    return (pa.scheme, pa.netloc, pa.path.rstrip("/")) == (pb.scheme, pb.netloc, pb.path.rstrip("/"))


@dataclass
class SignedIn:
    state: dict  # Playwright storage state: what every page's context starts from
    # The sign-in page: where the credentials were filled in (after any clicks that led there;
    # without a fill step, where the first goto landed). A page sent there later may be signed out.
    login_url: str | None
    form: str | None = None  # the first fill's selector: on a page, the sign-in form is shown
    marker: str | None = None  # the wait_for selector that proved the sign-in worked (None: none proves it)
    marked_at: str | None = None  # where the marker was seen


async def sign_in(script: LoginScript, page, base: str, timeout: float, screenshot: Path) -> SignedIn:
    """Run the steps in page (of a fresh context, which the caller closes); the context's storage
    state once the last step passed."""
    marker_step = _marker_step(script.steps)
    first_fill = next((s for s in script.steps if s.kind == "fill"), None)
    signed_in = SignedIn({}, None, first_fill.args["selector"] if first_fill else None)
    for step in script.steps:
        try:
            await _run(step, page, base, timeout)
        except Exception as exc:  # noqa: BLE001 - every failure is this step's, named with a picture
            shot = await _picture(page, screenshot)
            raise SignInFailed(script.redact(f"sign-in failed at {step}: {_why(step, exc, page, timeout)}"),
                               shot) from None
        if step is first_fill or (step.kind == "goto" and first_fill is None and signed_in.login_url is None):
            signed_in.login_url = page.url
        if step is first_fill and marker_step is not None and await _shown_quietly(page, marker_step.args["selector"]):
            marker_step = None  # shown on the sign-in form already: it proves nothing
        if step is marker_step:
            signed_in.marker, signed_in.marked_at = step.args["selector"], page.url
    signed_in.state = await page.context.storage_state()
    return signed_in


def _marker_step(steps: list[Step]) -> Step | None:
    """The last wait_for for an element after the last fill: what a signed-in page shows (one
    before, such as the password field of a second screen, is part of the form)."""
    last_fill = max((i for i, s in enumerate(steps) if s.kind == "fill"), default=-1)
    return next((s for s in reversed(steps[last_fill + 1:]) if s.kind == "wait_for" and "selector" in s.args), None)


async def shows_sign_in(page, signed_in: SignedIn) -> bool:
    """Whether a page the site sent to the sign-in page's address shows the scanner signed out:
    not when it shows the signed-in marker (a home page that is also the sign-in page, showing
    the account); yes when it shows a sign-in form (a visible password field, or the login's
    first fill field), or lacks the marker on the page where the marker used to be. A page that
    cannot be read is taken as signed out, as its address says."""
    try:
        if signed_in.marker and await _shown(page, signed_in.marker):
            return False
        if await _shown(page, _PASSWORD) or (signed_in.form and await page.locator(signed_in.form).count()):
            return True
    except Exception:  # noqa: BLE001 - Playwright's errors, whatever the cause: the page cannot say
        return True
    return bool(signed_in.marker) and same_page(page.url, signed_in.marked_at)


_PASSWORD = 'input[type="password" i]'


async def _shown(page, selector: str) -> bool:
    """Whether an element matching selector is visible now (no waiting)."""
    return await page.locator(selector).filter(visible=True).count() > 0


async def _shown_quietly(page, selector: str) -> bool:
    try:
        return await _shown(page, selector)
    except Exception:  # noqa: BLE001 - a selector the wait_for step will judge itself
        return False


async def _run(step: Step, page, base: str, timeout: float) -> None:
    a = step.args
    if step.kind == "goto":
        await page.goto(urljoin(base, a["url"]), wait_until="load")
    elif step.kind == "fill":
        await page.locator(a["selector"]).first.fill(a["value"])
    elif step.kind == "click":
        await page.locator(a["selector"]).first.click()
    elif step.kind == "press":
        if a.get("selector"):
            await page.locator(a["selector"]).first.press(a["key"])
        else:
            await page.keyboard.press(a["key"])
    elif "selector" in a:
        await page.locator(a["selector"]).first.wait_for(state="visible")
    elif "url" in a:
        await page.wait_for_url(a["url"])
    else:
        await page.wait_for_load_state(a["load"])


def _why(step: Step, exc: Exception, page, timeout: float) -> str:
    """In words, without Playwright's call log (which may repeat what was typed)."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    timed_out = "Timeout" in text or isinstance(exc, TimeoutError)
    a, limit = step.args, f"{timeout:g} s"
    if step.kind == "goto":
        return f"could not load {a['url']} ({text.split('Call log')[0].strip()})"
    if step.kind == "wait_for" and "url" in a and timed_out:
        return f"the page did not reach an address matching {a['url']!r} within {limit} (it is at {page.url})"
    if step.kind == "wait_for" and "selector" in a and timed_out:
        return f"{a['selector']!r} did not appear within {limit} (the page is at {page.url})"
    if timed_out and a.get("selector"):
        return f"no element matching {a['selector']!r} could take it within {limit} (the page is at {page.url})"
    if timed_out:
        return f"it did not finish within {limit}"
    return text


async def _picture(page, path: Path) -> Path | None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        await page.screenshot(path=str(path), full_page=True, timeout=10_000)
        return path
    except Exception:  # noqa: BLE001 - no picture is no reason to hide the failure itself
        return None
