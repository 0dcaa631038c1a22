"""A human tester's results (`--manual FILE`) and how they merge with the scan's.

    evaluator: Jane Doe
    date: 2026-11-30
    methods: Keyboard and NVDA 2024.4 with Firefox on every template   # optional
    criteria:
      "2.4.5": {level: supports, notes: Site map and search on every page}
      "1.1.1":                       # per component, when it matters
        web: {level: supports}
        electronic-docs: {level: does-not-support, notes: Annual report PDF is untagged}

Criteria are any in the report's OpenACR catalog (WCAG A/AA/AAA and the 508
chapters). The file is read node by node (yaml.compose) so every error names its line.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .catalog import STANDARDS, CatalogError, OpenAcrCatalog, load_catalog, load_openacr_catalog
from .conformance import TERMS, listing

_LEVEL_RANK = {"supports": 0, "partially-supports": 1, "does-not-support": 2}
_ENTRY_KEYS = {"level", "notes"}
_TOP_KEYS = {"evaluator", "date", "methods", "criteria"}


class ManualError(ValueError):
    """A manual results file that cannot be used; str() names the file and line."""

    def __init__(self, path: str, line: int | None, message: str, hint: str = ""):
        where = f"{path}, line {line}" if line else path
        super().__init__(f"{where}: {message}")
        self.hint = hint or "see `a11y acr --help` for the manual file format"


@dataclass
class ManualEntry:
    num: str
    component: str
    level: str
    notes: str = ""
    line: int = 0


@dataclass
class ManualResults:
    path: str
    evaluator: str = ""
    date: str = ""
    methods: str = ""
    entries: dict[tuple[str, str], ManualEntry] = field(default_factory=dict)

    def get(self, num: str, component: str) -> ManualEntry | None:
        return self.entries.get((num, component))

    @property
    def who(self) -> str:
        bits = [b for b in (self.evaluator, self.date) if b]
        return f"Evaluator ({', '.join(bits)})" if bits else "Evaluator"


def normalise_level(value: str) -> str:
    """'Partially Supports' / 'partially_supports' -> 'partially-supports'."""
    return "-".join(value.strip().lower().replace("_", " ").replace("-", " ").split())


def default_component(components: tuple[str, ...]) -> str:
    return "web" if "web" in components else (components[0] if components else "none")


def _unknown_key(key: str, known) -> str:
    """"unknown key 'levle' (did you mean 'level'?)"."""
    close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.6)
    return f"unknown key {key!r}" + (f" (did you mean {close[0]!r}?)" if close else "")


def _standards_with(num: str) -> list[str]:
    """The standards (section508, wcag21aa, ...) whose report has criterion `num`."""
    out = []
    for standard in STANDARDS:
        try:
            if load_openacr_catalog(load_catalog(standard).openacr_catalog).criterion(num):
                out.append(standard)
        except CatalogError:
            continue
    return out


def _standard_of(catalog: OpenAcrCatalog) -> str:
    for standard in STANDARDS:
        try:
            if load_catalog(standard).openacr_catalog == catalog.name:
                return standard
        except CatalogError:
            continue
    return catalog.name


def _yaml_error(e: yaml.YAMLError, path: str) -> ManualError:
    """Name the line where the broken construct starts (a flow mapping, a quoted string),
    and the line where the parser gave up."""
    start = getattr(e, "context_mark", None)
    stop = getattr(e, "problem_mark", None)
    problem = getattr(e, "problem", None) or str(e)
    raw_context = getattr(e, "context", None) or ""
    context = raw_context.removeprefix("while parsing ").removeprefix("while scanning ")
    line = (start or stop).line + 1 if (start or stop) else None
    if "single document" in raw_context and stop:
        # PyYAML's composer: a second document (`---`) after the first.
        return ManualError(path, stop.line + 1, "the file holds more than one YAML document: a second one "
                           "starts here", "a manual results file is one document: remove the `---` line "
                           "and merge the criteria into one `criteria:` mapping")
    message = f"not valid YAML: {problem}"
    if raw_context and not raw_context.startswith("while "):
        # The composer's own sentences ("found duplicate anchor 'x'; first occurrence" ... "second occurrence").
        message = f"not valid YAML: {raw_context} on line {line}, {problem}"
        line = stop.line + 1 if stop else line
    elif start and stop and stop.line != start.line and context and "next token" not in context:
        message += f" on line {stop.line + 1}, in the {context.removeprefix('a ')} that starts here"
    return ManualError(path, line, message, "check indentation (spaces, not tabs), close each { and [, "
                                            "and quote criterion numbers, e.g. \"2.4.5\":")


def _line(node) -> int:
    return node.start_mark.line + 1


def _scalar(node, path: str, what: str) -> str:
    if not isinstance(node, yaml.ScalarNode):
        raise ManualError(path, _line(node), f"{what} must be a single value")
    return node.value.strip()


def _pairs(node, path: str, what: str):
    if not isinstance(node, yaml.MappingNode):
        raise ManualError(path, _line(node), f"{what} must be a mapping (key: value lines)")
    seen: dict[str, int] = {}
    for key, value in node.value:
        k = _scalar(key, path, f"a key in {what}")
        if k in seen:
            raise ManualError(path, _line(key), f"{k!r} appears twice in {what} (first on line {seen[k]})")
        seen[k] = _line(key)
        yield k, key, value


def _entry(num: str, component: str, node, path: str) -> ManualEntry:
    fields = {}
    for k, key, value in _pairs(node, path, f"criterion {num}"):
        if k not in _ENTRY_KEYS:
            raise ManualError(path, _line(key), f"{_unknown_key(k, _ENTRY_KEYS)} in criterion {num}",
                              "each criterion takes level and optional notes, or one such entry per "
                              "component (see the README)")
        fields[k] = (_scalar(value, path, f"{num} {k}"), _line(value))
    if "level" not in fields:
        raise ManualError(path, _line(node), f"criterion {num} has no level",
                          f"add `level:` with one of {', '.join(TERMS)}")
    raw, line = fields["level"]
    level = normalise_level(raw)
    if level not in TERMS:
        raise ManualError(path, line, f"unknown level {raw!r} for criterion {num}",
                          f"use one of {', '.join(TERMS)}")
    return ManualEntry(num=num, component=component, level=level,
                       notes=fields.get("notes", ("", 0))[0], line=line)


def parse_manual(text: str, path: str, catalog: OpenAcrCatalog) -> ManualResults:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as e:
        raise _yaml_error(e, path) from None
    if root is None:
        raise ManualError(path, None, "the file is empty", "it needs at least a `criteria:` mapping")
    out = ManualResults(path=path)
    criteria_node = None
    for k, key, value in _pairs(root, path, "the manual results file"):
        if k not in _TOP_KEYS:
            raise ManualError(path, _line(key), _unknown_key(k, _TOP_KEYS),
                              f"top-level keys are {', '.join(sorted(_TOP_KEYS))}")
        if k == "criteria":
            criteria_node = value
        else:
            setattr(out, k, _scalar(value, path, k))
    if criteria_node is None:
        raise ManualError(path, _line(root), "no `criteria:` mapping")
    for num, key, value in _pairs(criteria_node, path, "criteria"):
        crit = catalog.criterion(num)
        if crit is None:
            raise _not_in_catalog(num, catalog, path, _line(key))
        keys = {k for k, _, _ in _pairs(value, path, f"criterion {num}")}
        if keys & _ENTRY_KEYS or not keys:
            entries = [_entry(num, default_component(crit.components), value, path)]
        else:  # one entry per component: web: {level: ...}
            entries = []
            for comp, ckey, cvalue in _pairs(value, path, f"criterion {num}"):
                if comp not in crit.components:
                    raise _not_a_component(num, comp, crit.components, path, _line(ckey))
                entries.append(_entry(num, comp, cvalue, path))
        for e in entries:
            out.entries[(e.num, e.component)] = e
    return out


def _not_in_catalog(num: str, catalog: OpenAcrCatalog, path: str, line: int) -> ManualError:
    chosen = _standard_of(catalog)
    others = _standards_with(num)
    if others:
        return ManualError(path, line, f"criterion {num!r} is in {', '.join(others)}, not {chosen}",
                           f"report against that standard (a11y acr --standard {others[0]}), or remove {num}")
    return ManualError(path, line, f"unknown criterion {num!r} (not in {chosen} nor any other standard)",
                       "use a WCAG number such as \"1.1.1\" or a 508 provision such as \"302.1\"")


def _not_a_component(num: str, key: str, components, path: str, line: int) -> ManualError:
    """A key under a criterion that is neither level/notes nor one of its components."""
    close = difflib.get_close_matches(key, sorted(_ENTRY_KEYS | set(components)), n=1, cutoff=0.6)
    if close and close[0] in _ENTRY_KEYS:
        return ManualError(path, line, f"{_unknown_key(key, _ENTRY_KEYS)} in criterion {num}",
                           "each criterion takes level and optional notes")
    suggestion = f" (did you mean {close[0]!r}?)" if close else ""
    return ManualError(path, line, f"component {key!r} is not used by {num}{suggestion}",
                       f"{num} takes level and notes, or one entry per component: {', '.join(components)} "
                       "(see the README)")


def load_manual(path: str | Path, catalog: OpenAcrCatalog) -> ManualResults:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ManualError(str(path), None, "no such file") from None
    except UnicodeDecodeError:
        raise ManualError(str(path), None, "not UTF-8 text") from None
    return parse_manual(text, str(path), catalog)


# --- merging -------------------------------------------------------------

@dataclass
class Merged:
    level: str
    notes: str
    source: str  # automated | evaluator | evaluator+automated
    conflict: str = ""  # non-empty when automated evidence contradicts the evaluator


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def merge(auto_level: str, evidence: str, todo: str, failed_pages: list[str],
          entry: ManualEntry | None, manual: ManualResults | None) -> Merged:
    """Combine the scan's level with a tester's, keeping the worse when they disagree."""
    auto_notes = f"{evidence} {todo}".strip()
    if entry is None or manual is None or entry.level == "not-evaluated":
        note = auto_notes
        if entry is not None and entry.notes and manual is not None:
            note = f"{_sentence(manual.who + ': ' + entry.notes)} {note}"
        return Merged(auto_level, note.strip(), "automated")
    said = _sentence(f"{manual.who}: {entry.notes}" if entry.notes else f"{manual.who}: {entry.level}")
    if not failed_pages:
        # No automated failure: the tester's judgement stands; the scan's findings stay as context.
        extra = f" Automated scan: {evidence}" if evidence else ""
        return Merged(entry.level, (said + extra).strip(), "evaluator")
    tester_rank = _LEVEL_RANK.get(entry.level)
    auto_rank = _LEVEL_RANK[auto_level]
    if tester_rank is not None and tester_rank >= auto_rank:
        return Merged(entry.level, f"{said} Automated scan: {evidence}".strip(), "evaluator+automated")
    conflict = (f"Automated evidence conflicts with the evaluator's "
                f"'{entry.level}': failures on {listing(failed_pages)}.")
    return Merged(auto_level, f"{conflict} {said} Automated scan: {evidence}".strip(),
                  "evaluator+automated", conflict=conflict)
