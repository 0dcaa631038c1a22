"""Settings from a11y.toml or [tool.a11y] in pyproject.toml, named as the flags.

They become click's default_map, so a flag on the command line always wins.
Every error names where the setting came from: `a11y.toml line 3`, or
`[tool.a11y] in pyproject.toml, line 7`.
"""
from __future__ import annotations

import difflib
import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .textfile import NotText, read_text

_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_HINT = ('TOML needs quotes around text and brackets around lists, '
              'e.g. format = "json,sarif", exclude = ["/admin/*"]')


class ConfigError(ValueError):
    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


@dataclass
class ConfigFile:
    path: Path
    settings: dict[str, Any]
    text: str = ""
    section: str = ""  # "tool.a11y" for pyproject.toml, "" for a11y.toml
    lines: dict[str, int] = field(default_factory=dict)  # setting -> its line
    ignored: str = ""  # the other settings file beside it, if any, which is not read

    @property
    def name(self) -> str:
        """How messages name the file: as found in the working folder, with the section if any."""
        return f"[{self.section}] in {self.path.name}" if self.section else self.path.name

    def where(self, key: str | None = None) -> str:
        """'a11y.toml line 3' / '[tool.a11y] in pyproject.toml, line 7' (no line when it cannot be found)."""
        line = self.lines.get(key) if key else None
        if line is None:
            return self.name
        return f"{self.name}, line {line}" if self.section else f"{self.name} line {line}"


def find_config(start: Path | None = None) -> ConfigFile | None:
    """The first a11y.toml, or pyproject.toml with [tool.a11y], in the working folder."""
    here = start or Path.cwd()
    candidate = here / "a11y.toml"
    pyproject = here / "pyproject.toml"
    if candidate.is_file():
        text, data = _read(candidate)
        ignored = "[tool.a11y] in pyproject.toml" if _has_tool_section(pyproject) else ""
        return ConfigFile(candidate, data, text, lines=_key_lines(text, ""), ignored=ignored)
    if pyproject.is_file():
        text, data = _read(pyproject)
        section = data.get("tool", {}).get("a11y")
        if isinstance(section, dict):
            return ConfigFile(pyproject, section, text, "tool.a11y", _key_lines(text, "tool.a11y"))
    return None


def _has_tool_section(pyproject: Path) -> bool:
    """Whether pyproject.toml has a [tool.a11y] (that a11y.toml beside it overrides whole)."""
    if not pyproject.is_file():
        return False
    try:
        data = tomllib.loads(read_text(pyproject))
    except (OSError, NotText, tomllib.TOMLDecodeError):
        return False  # not read either way; a broken file is its own tools' concern
    return isinstance(data.get("tool", {}).get("a11y"), dict)


def _read(path: Path) -> tuple[str, dict[str, Any]]:
    try:
        text = read_text(path)  # with or without a byte order mark, as editors save it
    except OSError as e:
        raise ConfigError(f"{path.name}: cannot be read ({e.strerror or e})") from None
    except NotText as e:
        raise ConfigError(f"{path.name}: {e}", "a11y.toml and pyproject.toml are TOML, which is UTF-8") from None
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        message = str(e)
        m = _TOML_POSITION.search(message)
        where = f"{path.name} line {m.group(1)}" if m else path.name
        column = f" (column {m.group(2)})" if m else ""
        message = _TOML_POSITION.sub("", message)
        raise ConfigError(f"{where}: TOML syntax error{column}: {message}", _TOML_HINT) from None


_HEADER = re.compile(r"^\s*\[\s*([^\]]*?)\s*\]\s*(#.*)?$")
_KEY = re.compile(r"""^\s*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_-]+))\s*=""")


def _key_lines(text: str, section: str) -> dict[str, int]:
    """The line of each top-level key of `section` ("" for the top of the file)."""
    lines: dict[str, int] = {}
    current = ""
    for number, line in enumerate(text.splitlines(), 1):
        header = _HEADER.match(line)
        if header and not line.lstrip().startswith("[["):
            current = re.sub(r"\s*\.\s*", ".", header.group(1).replace('"', ""))
            continue
        key = _KEY.match(line)
        if key and current == section:
            lines.setdefault(next(g for g in key.groups() if g), number)
    return lines


def closest(word: str, choices) -> str | None:
    """The choice closest to word, if one is close enough to be what was meant."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, choices) -> str:
    """"did you mean 'max-pages'? " or ""."""
    close = closest(word, choices)
    return f"did you mean {close!r}? " if close else ""


def to_default_map(config: ConfigFile, params: dict[str, Any]) -> dict[str, Any]:
    """Map `max-pages = 5` / `format = [...]` / `no-sitemap = true` to click parameters.

    `params` maps a flag name (without dashes, '-' as '_') to its click.Parameter,
    so we can check names and types, flip `no-` switches and make single values lists
    for repeatable options. `targets = [...]` is the targets when none is given on the
    command line (as pytest's testpaths).
    """
    out: dict[str, Any] = {}
    for key, value in config.settings.items():
        name = key.replace("-", "_")
        if name == "ignore":
            continue  # [[ignore]] is read by suppressions.py
        if name == "targets":
            out["targets"] = _targets(config, key, value)
            continue
        param = params.get(name)
        if param is None:
            flags = sorted({n.replace("_", "-") for n in params} | {"targets"})
            raise ConfigError(f"{config.where(key)}: unknown setting {key!r}",
                              f"{did_you_mean(key.replace('_', '-'), flags)}settings are named as the options "
                              "of `a11y scan` (see `a11y scan --help`)")
        _check_type(config, key, value, param)
        if name.replace("-", "_") in [o.lstrip("-").replace("-", "_") for o in getattr(param, "secondary_opts", [])]:
            value = not value  # `no-sitemap = true` means sitemap off
        if getattr(param, "multiple", False) and not isinstance(value, list):
            value = [value]
        if isinstance(value, list) and not getattr(param, "multiple", False):
            value = ",".join(value)  # comma-list options such as --format
        out[param.name] = value
    return out


# Options that are not repeatable but take a comma list, so also a TOML list of text.
COMMA_LISTS = {"formats"}


def _targets(config: ConfigFile, key: str, value: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{config.where(key)}: {key} = {toml_value(value)} is not a list of targets",
                          f'write {key} = ["./public"] (URLs, a local folder or HTML file, or "@urls.txt"); '
                          "targets on the command line win over it")
    return value


def _check_type(config: ConfigFile, key: str, value: Any, param) -> None:
    """A value of the wrong TOML type is refused, never converted: `max-pages = true` is not 1."""
    if _fits(value, param):
        return
    expected, example = _expected(param)
    if expected == "true or false":
        hint = f"write {key} = true or {key} = false (no quotes)"
    elif expected in ("a whole number", "a number") and isinstance(value, str):
        hint = f"numbers take no quotes in TOML: {key} = {example}"
    else:
        hint = f"write it as {key} = {example}"
    flag = "--" + key.replace("_", "-")  # keys are named as the flags
    raise ConfigError(f"{config.where(key)}: {key} = {toml_value(value)} is not {expected}",
                      f"{hint}; or give {flag} on the command line (it wins over the file)")


def _fits(value: Any, param) -> bool:
    import click

    if getattr(param, "multiple", False) or param.name in COMMA_LISTS:
        items = value if isinstance(value, list) else [value]
        return all(isinstance(v, str) for v in items)
    if getattr(param, "is_flag", False) or isinstance(param.type, click.types.BoolParamType):
        return isinstance(value, bool)
    if isinstance(value, bool):
        return False  # TOML's true is no number (Python's bool is an int)
    if isinstance(param.type, click.types.IntParamType):
        return isinstance(value, int)
    if isinstance(param.type, click.types.FloatParamType):
        return isinstance(value, int | float)
    return isinstance(value, str)


def _expected(param) -> tuple[str, str]:
    """What the option takes, in words, and an example value as TOML writes it."""
    import click

    if getattr(param, "multiple", False) or param.name in COMMA_LISTS:
        return "text or a list of text", toml_value(_EXAMPLES.get(param.name, ["..."]))
    if getattr(param, "is_flag", False) or isinstance(param.type, click.types.BoolParamType):
        return "true or false", "true"
    if isinstance(param.type, click.types.IntParamType):
        return "a whole number", str(param.default if isinstance(param.default, int) else 10)
    if isinstance(param.type, click.types.FloatParamType):
        return "a number", str(param.default if isinstance(param.default, int | float) else 10)
    if isinstance(param.type, click.types.Choice):
        choices = list(param.type.choices)
        return f"one of {', '.join(map(toml_value, choices))}", toml_value(choices[0])
    example = param.default if isinstance(param.default, str) else _EXAMPLES.get(param.name, "...")
    return "text, in quotes", toml_value(example)


_EXAMPLES = {"formats": ["json", "sarif"], "rules": ["image-alt"], "disable_rules": ["color-contrast"],
             "include": ["/docs/*"], "exclude": ["/admin/*"], "headers": ["Authorization: Bearer ..."],
             "header_origins": ["https://auth.example.gov"],
             "out": "a11y-report", "baseline": "a11y-baseline.json", "cache_dir": ".a11y-cache"}


def toml_value(value: Any) -> str:
    """A value as TOML writes it: true, "text", [1, 2] (messages quote the file back)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + "}"
    return str(value)


def setting_key(config: ConfigFile, param) -> str:
    """The key the file used for a click parameter ('max-pages' or 'max_pages')."""
    flags = {o.lstrip("-") for o in list(param.opts) + list(getattr(param, "secondary_opts", []))}
    return next((k for k in config.settings if k.replace("_", "-") in flags), param.name.replace("_", "-"))
