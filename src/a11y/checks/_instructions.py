"""Reading keyboard instructions from a page's text ("Press Ctrl+M to exit", "press the
M-key", "Esc closes this dialog") as Playwright key names, for the keyboard trap check
(ACT ebe86a: a trap may be left with keys the page advertises)."""
from __future__ import annotations

import re

_MODIFIERS = {"ctrl": "Control", "control": "Control", "alt": "Alt", "option": "Alt", "shift": "Shift",
              "cmd": "Meta", "command": "Meta", "meta": "Meta"}
_NAMED = {"escape": "Escape", "esc": "Escape", "enter": "Enter", "return": "Enter", "space": "Space",
          "spacebar": "Space", "tab": "Tab", "home": "Home", "end": "End", "delete": "Delete",
          "backspace": "Backspace", "page up": "PageUp", "page down": "PageDown", "pageup": "PageUp",
          "pagedown": "PageDown", "up arrow": "ArrowUp", "down arrow": "ArrowDown", "left arrow": "ArrowLeft",
          "right arrow": "ArrowRight", "arrow up": "ArrowUp", "arrow down": "ArrowDown",
          "arrow left": "ArrowLeft", "arrow right": "ArrowRight"}
_FKEY = r"f(?:[1-9]|1[0-2])"
_NAMED_RE = "|".join(sorted((re.escape(k) for k in _NAMED), key=len, reverse=True))
_MOD_RE = "|".join(sorted(_MODIFIERS, key=len, reverse=True))
_KEY_RE = rf"(?:{_NAMED_RE}|{_FKEY}|[a-z0-9])"
# Ctrl+M, Ctrl-Shift-M, Alt + F4
_COMBO = re.compile(rf"\b((?:(?:{_MOD_RE})\s*[+-]\s*)+)({_KEY_RE})\b", re.I)
# press M, press the M key, press the M-key, hit Escape, press "q"
_PRESS = re.compile(rf"\b(?:press(?:ing)?|hit(?:ting)?|type|use)\s+(?:the\s+)?[\"'“‘]?({_KEY_RE})[\"'”’]?"
                    rf"(?:\s*-?\s*key\b|\b)", re.I)
# the M key, the Escape key, M-key
_KEYWORD = re.compile(rf"\b(?:the\s+)?[\"'“‘]?({_KEY_RE})[\"'”’]?\s*-?\s*key\b", re.I)
# Words that say the text is about keys, though we may not read which
_ABOUT_KEYS = re.compile(rf"\b(?:press(?:ing)?|hit)\b[^.\n]{{0,40}}\bkeys?\b|\bkeyboard shortcut|\bhot ?key|"
                         rf"\b(?:{_MOD_RE})\s*[+-]", re.I)


def _key_name(word: str) -> str:
    w = " ".join(word.lower().split())
    if w in _NAMED:
        return _NAMED[w]
    if re.fullmatch(_FKEY, w):
        return w.upper()
    return w  # a letter or digit: Playwright presses the unshifted key


def advertised_keys(text: str) -> tuple[list[str], bool]:
    """(keys in Playwright's notation, in order of appearance and without repeats; whether the
    text speaks of keys at all). Keys found imply the second value is True."""
    found: list[tuple[int, str]] = []
    for m in _COMBO.finditer(text):
        mods = [_MODIFIERS[p.lower()] for p in re.findall(_MOD_RE, m.group(1), re.I)]
        found.append((m.start(), "+".join(dict.fromkeys(mods)) + "+" + _key_name(m.group(2))))
    covered = [(m.start(), m.end()) for m in _COMBO.finditer(text)]
    for rx in (_PRESS, _KEYWORD):
        for m in rx.finditer(text):
            if any(a <= m.start(1) < b for a, b in covered):
                continue
            key = _key_name(m.group(1))
            if len(key) == 1 and not _single_key_plausible(m):
                continue
            found.append((m.start(1), key))
    keys = list(dict.fromkeys(k for _, k in sorted(found)))
    return keys, bool(keys) or bool(_ABOUT_KEYS.search(text))


def _single_key_plausible(m: re.Match) -> bool:
    """'press a key' speaks of any key, not of the key A (written so, 'the A key' counts)."""
    return m.group(1) != "a"
