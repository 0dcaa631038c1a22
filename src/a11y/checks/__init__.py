"""The project's own browser checks: one module per check (or small family), found by
walking this package, so adding a check is adding a module and its rules/checks/ file."""
from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from .base import Check

_NOT_CHECKS = {"base"}


@lru_cache(maxsize=1)
def all_checks() -> tuple[Check, ...]:
    """One instance of every check, ordered by id."""
    found: dict[str, Check] = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name in _NOT_CHECKS or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Check) and value is not Check and value.id:
                if value.id in found and type(found[value.id]) is not value:
                    raise RuntimeError(f"two checks share the id {value.id!r}")
                found[value.id] = value()
    return tuple(found[k] for k in sorted(found))
