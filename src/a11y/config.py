"""Settings from a11y.toml or [tool.a11y] in pyproject.toml, named as the flags.

They become click's default_map, so a flag on the command line always wins.
"""
from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any


class ConfigError(ValueError):
    pass


def find_config(start: Path | None = None) -> tuple[Path, dict[str, Any]] | None:
    """The first a11y.toml, or pyproject.toml with [tool.a11y], in the working folder."""
    here = start or Path.cwd()
    candidate = here / "a11y.toml"
    if candidate.is_file():
        return candidate, _read(candidate)
    pyproject = here / "pyproject.toml"
    if pyproject.is_file():
        section = _read(pyproject).get("tool", {}).get("a11y")
        if isinstance(section, dict):
            return pyproject, section
    return None


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: {e}") from None


def to_default_map(settings: dict[str, Any], params: dict[str, Any], source: Path) -> dict[str, Any]:
    """Map `max-pages = 5` / `format = [...]` / `no-sitemap = true` to click parameters.

    `params` maps a flag name (without dashes, '-' as '_') to its click.Parameter,
    so we can check names, flip `no-` switches and make single values lists for
    repeatable options.
    """
    out: dict[str, Any] = {}
    for key, value in settings.items():
        name = key.replace("-", "_")
        if name == "targets":
            continue  # positional arguments come from the command line
        param = params.get(name)
        if param is None:
            raise ConfigError(f"{source}: unknown setting {key!r} (settings use the names of `a11y scan` options)")
        if name.replace("_", "-") in [o.lstrip("-") for o in getattr(param, "secondary_opts", [])]:
            value = not value  # `no-sitemap = true` means sitemap off
        if getattr(param, "multiple", False) and not isinstance(value, list):
            value = [value]
        if isinstance(value, list) and not getattr(param, "multiple", False):
            value = ",".join(map(str, value))  # comma-list options such as --format
        out[param.name] = value
    return out
