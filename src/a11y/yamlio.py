"""Reading the project's own YAML data (rules/, the checks' metadata) quickly.

PyYAML's pure-Python parser took 0.4 s for the WCAG catalog at every scan's start; its
C parser (libyaml, in PyYAML's wheels) reads the same safe subset ten times faster.
Files a user writes (login scripts, manual results) keep the Python parser, whose error
messages the CLI shows.
"""
from __future__ import annotations

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_data(text: str):
    """yaml.safe_load, with the C parser when PyYAML has it."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
