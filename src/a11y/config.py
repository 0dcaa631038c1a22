"""Settings from a11y.toml or [tool.a11y] in pyproject.toml, named as the flags.

They become click's default_map, so a flag on the command line always wins.
Every error names where the setting came from: `a11y.toml line 3`, or
`[tool.a11y] in pyproject.toml, line 7`.
"""
from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
    if candidate.is_file():
        text, data = _read(candidate)
        return ConfigFile(candidate, data, text, lines=_key_lines(text, ""))
    pyproject = here / "pyproject.toml"
    if pyproject.is_file():
        text, data = _read(pyproject)
        section = data.get("tool", {}).get("a11y")
        if isinstance(section, dict):
            return ConfigFile(pyproject, section, text, "tool.a11y", _key_lines(text, "tool.a11y"))
    return None


def _read(path: Path) -> tuple[str, dict[str, Any]]:
    text = path.read_text(encoding="utf-8")
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


def did_you_mean(word: str, choices) -> str:
    """"did you mean 'max-pages'? " or ""."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}? " if close else ""


def to_default_map(config: ConfigFile, params: dict[str, Any]) -> dict[str, Any]:
    """Map `max-pages = 5` / `format = [...]` / `no-sitemap = true` to click parameters.

    `params` maps a flag name (without dashes, '-' as '_') to its click.Parameter,
    so we can check names, flip `no-` switches and make single values lists for
    repeatable options.
    """
    out: dict[str, Any] = {}
    for key, value in config.settings.items():
        name = key.replace("-", "_")
        if name in ("targets", "ignore"):
            continue  # positional arguments come from the command line; [[ignore]] is read by suppressions.py
        param = params.get(name)
        if param is None:
            flags = sorted({n.replace("_", "-") for n in params})
            raise ConfigError(f"{config.where(key)}: unknown setting {key!r}",
                              f"{did_you_mean(key.replace('_', '-'), flags)}settings are named as the options "
                              "of `a11y scan` (see `a11y scan --help`)")
        if name.replace("_", "-") in [o.lstrip("-") for o in getattr(param, "secondary_opts", [])]:
            if not isinstance(value, bool):
                raise ConfigError(f"{config.where(key)}: {key} = {value!r} is not true or false",
                                  f"write {key} = true (no quotes)")
            value = not value  # `no-sitemap = true` means sitemap off
        if getattr(param, "multiple", False) and not isinstance(value, list):
            value = [value]
        if isinstance(value, list) and not getattr(param, "multiple", False):
            value = ",".join(map(str, value))  # comma-list options such as --format
        out[param.name] = value
    return out


def setting_key(config: ConfigFile, param) -> str:
    """The key the file used for a click parameter ('max-pages' or 'max_pages')."""
    flags = {o.lstrip("-") for o in list(param.opts) + list(getattr(param, "secondary_opts", []))}
    return next((k for k in config.settings if k.replace("_", "-") in flags), param.name.replace("_", "-"))
