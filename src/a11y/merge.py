"""`a11y merge`: join the results of `a11y scan --shard K/N` into the results of one scan.

The shards must come from the same scan: the same targets, standard, rules and
options, and the same a11y and engine versions (only the shard and the
concurrency, which depends on each machine's CPUs, may differ). Every shard 1..N
must be there, unless the caller accepts a partial merge (then the merged
results are incomplete). A page audited in two shards means the shards do not
split one scan, and is refused.

Each shard records its own pages; the merged results are then finalised as one
scan's are: findings grouped across all pages, the summary counted again, the
[[ignore]] entries' statuses and the baseline's fixed findings taken over the
whole.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path

from .baseline import sort_gone
from .discovery.frontier import duplicate_reason
from .models import SCHEMA_VERSION, Page, Results, finalise
from .shard import Shard, ShardError, parse_shard

# What a shard's results say of the shard alone (left_to_shards: the pages each shard left to the
# others, by owner; what `merge` names when a shard is missing; skipped_unlisted_keys: the pages a
# shard only counted, by reason, to be counted once over the shards): not in the merged options.
SHARD_ONLY = ("shard", "left_to_shards", "skipped_unlisted_keys")
# Settings that may differ between the shards of one scan.
PER_MACHINE = (*SHARD_ONLY, "concurrency")
MISSING_REASON = "not audited: the results of shard {k}/{n}, whose page this is, were not merged"
# What a suppression entry was; its status and matches are counted again over the whole.
SUPPRESSION_OUTCOME = ("status", "matched")


class MergeError(ValueError):
    """Shard results that cannot be joined; the message names the files and what differs."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


@dataclass
class ShardResults:
    name: str  # the file, as given
    results: Results
    index: int = 0
    count: int = 0


@dataclass
class Merged:
    results: Results
    missing: list[int] = field(default_factory=list)
    missing_pages: list[str] = field(default_factory=list)  # pages of the missing shards, as far as known


def _settings(results: Results) -> dict:
    """Everything that must be the same in every shard of one scan."""
    return {
        "a11y version": results.tool.get("version"),
        "standard": results.standard,
        "engines": results.engines,
        **{f"option {k}": v for k, v in results.options.items() if k not in (*PER_MACHINE, "seeds")},
        "targets": sorted(results.options.get("seeds") or []),  # the same list in any order
        "[[ignore]] entries": [{k: v for k, v in s.items() if k not in SUPPRESSION_OUTCOME}
                               for s in results.suppressions],
        "baseline": results.baseline_file,
    }


# What a setting left unset (None in results.json) means, in the CLI's words; any other: "not set".
UNSET = {"option depth": "unlimited (no --depth)", "option login": "not set (no --login)",
         "baseline": "none (no --baseline)"}


def _describe(value, key: str = "") -> str:
    """A setting's value as the user gave it: an unset one in words, true/false as results.json
    has them, the rest as Python writes them (quoted strings, lists)."""
    if value is None:
        return UNSET.get(key, "not set")
    if isinstance(value, bool):
        return "true" if value else "false"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def check_same_scan(shards: list[ShardResults]) -> None:
    """MergeError naming every setting in which a shard differs from the first (not only the first
    of them: a user who fixes one should not then meet the next)."""
    first = shards[0]
    reference = _settings(first.results)
    for other in shards[1:]:
        theirs = _settings(other.results)
        keys = list(reference) + [k for k in theirs if k not in reference]
        differ = [f"{key} {_difference(theirs.get(key), reference.get(key), first.name, key)}"
                  for key in keys if reference.get(key) != theirs.get(key)]
        if differ:
            raise MergeError(
                f"{other.name} (shard {other.index}/{other.count}) is not from the same scan as {first.name} "
                f"(shard {first.index}/{first.count}): {'; '.join(differ)}",
                "scan every shard with the same targets, settings and a11y version")


def _difference(theirs, ours, ours_name: str, key: str = "") -> str:
    """How a setting differs, in words that show it when both values are long lists (seeds):
    their lengths and the first entry only one of them has."""
    if isinstance(theirs, list) and isinstance(ours, list) and len(_describe(theirs)) + len(_describe(ours)) > 80:
        only_theirs = [v for v in theirs if v not in ours]
        only_ours = [v for v in ours if v not in theirs]
        parts = [f"has {len(theirs)} entries there and {len(ours)} in {ours_name}"]
        if only_theirs:
            parts.append(f"{len(only_theirs)} only there, the first {_describe(only_theirs[0])}")
        if only_ours:
            parts.append(f"{len(only_ours)} only in {ours_name}, the first {_describe(only_ours[0])}")
        if not only_theirs and not only_ours:
            parts.append("the same entries, repeated differently")
        return ", ".join(parts)  # "; " separates the settings that differ
    return f"is {_describe(theirs, key)} there but {_describe(ours, key)} in {ours_name}"


def identify(name: str, results: Results) -> ShardResults:
    text = results.options.get("shard")
    if not text:
        raise MergeError(f"{name} is not a shard's results (it was scanned without --shard)",
                         "merge the results.json of `a11y scan ... --shard K/N`, one per shard")
    try:
        shard = parse_shard(text)
    except ShardError as e:
        raise MergeError(f"{name}: its shard {e}") from None
    return ShardResults(name, results, shard.index, shard.count)


def merge(shards: list[ShardResults], allow_missing: bool = False) -> Merged:
    if not shards:
        raise MergeError("no results to merge", "give each shard's results.json")
    counts = sorted({s.count for s in shards})
    if len(counts) > 1:
        by_count = "; ".join(f"{s.name} is {s.index}/{s.count}" for s in shards)
        raise MergeError(f"the shards were cut in different numbers of parts ({by_count})",
                         "every shard of one scan uses the same N in --shard K/N")
    count = counts[0]
    seen: dict[int, str] = {}
    for s in shards:
        if s.index in seen:
            raise MergeError(f"shard {s.index}/{count} is given twice: {seen[s.index]} and {s.name}",
                             "give each shard's results.json once")
        seen[s.index] = s.name
    check_same_scan(shards)
    missing = [k for k in range(1, count + 1) if k not in seen]
    owed = _pages_of(shards, missing)
    if missing and not allow_missing:
        raise MergeError(f"missing shard{'s' * (len(missing) > 1)} {', '.join(map(str, missing))} of {count} "
                         f"(given: {', '.join(str(k) for k in sorted(seen))}){_naming(owed)}",
                         "give every shard's results.json, or --allow-missing to merge what is there "
                         "(marked incomplete, exit 3)")
    ordered = sorted(shards, key=lambda s: s.index)
    results = _join(ordered)
    # The missing shards' pages, where the given shards saw them, are named as not audited.
    results.pages += [Page(url=url, status="skipped", reason=MISSING_REASON.format(k=k, n=count))
                      for url, k in owed.items()]
    results.complete = results.complete and not missing
    # What the verdict names as the cause when the merge is incomplete (verdict.unfinished):
    # the shards missing, how many of their pages the given shards saw, and the shards that did
    # not finish (interrupted or stopped). Options hold them: results.json takes them without a
    # new schema version, and an a11y that does not know them reads the file all the same.
    results.options["merged"] = {"shards": count, "missing": missing, "not_audited": len(owed),
                                 "unfinished": [s.index for s in ordered if not s.results.complete]}
    return Merged(finalise(results), missing, list(owed))


def _pages_of(shards: list[ShardResults], missing: list[int]) -> dict[str, int]:
    """{url: shard} for the pages the given shards left to a missing shard (each shard records
    those it left to others) and that no given shard audited."""
    audited = {p.url for s in shards for p in s.results.pages if p.status != "skipped"}
    owed: dict[str, int] = {}
    for k in missing:
        for s in shards:
            for url in (s.results.options.get("left_to_shards") or {}).get(str(k), []):
                if url not in audited:
                    owed.setdefault(url, k)
    return dict(sorted(owed.items()))


def _naming(owed: dict[str, int], shown: int = 3) -> str:
    if not owed:
        return ""
    urls = list(owed)
    more = f" and {len(urls) - shown} more" if len(urls) > shown else ""
    return f": {len(urls)} page(s) not audited, {', '.join(urls[:shown])}{more}"


def _join(shards: list[ShardResults]) -> Results:
    first = shards[0].results
    options = {k: v for k, v in first.options.items() if k not in SHARD_ONLY}
    finished = [s.results.finished for s in shards]
    results = Results(
        standard=first.standard, started=min(s.results.started for s in shards),
        finished=None if None in finished else max(finished), complete=all(s.results.complete for s in shards),
        schema_version=SCHEMA_VERSION, tool=dict(first.tool), engines=list(first.engines), options=options,
        pages=_pages(shards), baseline_file=first.baseline_file,
        # The baseline's marks, by fingerprint (finalise keeps them as it groups the pages again).
        findings=[f for s in shards for f in s.results.findings],
    )
    if first.baseline_file:
        # A baseline finding that no shard found is fixed when the shards together scanned every
        # page it was on, and not checked otherwise (each shard saw only its own pages).
        still = {f.fingerprint for s in shards for f in s.results.findings}
        gone = {e["fingerprint"]: e for s in shards for e in s.results.fixed + s.results.not_checked
                if e["fingerprint"] not in still}
        results.fixed, results.not_checked = sort_gone(list(gone.values()), results)
    results.skipped_unlisted = _unlisted(shards, results.pages)
    results.suppressions = _suppressions(shards)
    return results


def _unlisted(shards: list[ShardResults], pages: list[Page]) -> dict[str, int]:
    """The pages the shards left out past the records they kept, by reason, each URL once, as one
    scan counts them: a shard names those it counted (options skipped_unlisted_keys), since with
    --depth 0 each shard records the links of its own pages beyond the depth, and a link on pages
    of two shards is left out by both; a URL with a record in the merge is not counted again.
    (Merged, the shards may list more than one scan's 1,000 records, and count fewer: the totals
    are one scan's.) The counts of shards that name none (results of an earlier a11y) are added up."""
    seen = {Shard(1, 1).url_id(p.url) for p in pages}
    counted: dict[str, int] = {}
    for s in shards:
        keys = s.results.options.get("skipped_unlisted_keys") or {}
        for reason, count in s.results.skipped_unlisted.items():
            if reason not in keys:
                counted[reason] = counted.get(reason, 0) + count
                continue
            fresh = set(keys[reason]) - seen
            seen |= fresh
            counted[reason] = counted.get(reason, 0) + len(fresh)
    return {reason: n for reason, n in counted.items() if n}


def _pages(shards: list[ShardResults]) -> list[Page]:
    """Every shard's pages. A URL audited in two shards is refused; a skip that several shards
    recorded (the links of their pages beyond --depth) is kept once; a page that two shards
    reached through different addresses (redirects) is audited once, as one scan would."""
    audited: dict[str, str] = {}  # url -> the file whose page it is
    pages: list[Page] = []
    skipped: dict[str, int] = {}  # url -> index in pages
    for s in shards:
        for page in s.results.pages:
            if page.status == "skipped":
                if page.url not in skipped and page.url not in audited:
                    skipped[page.url] = len(pages)
                    pages.append(page)
                continue
            if page.url in audited:
                raise MergeError(f"{page.url} is in two shards: {audited[page.url]} and {s.name}",
                                 "the shards overlap: scan each shard of one scan once, with the same a11y version")
            audited[page.url] = s.name
            if page.url in skipped:  # audited by its own shard; another only saw the link
                pages[skipped.pop(page.url)] = None
            pages.append(page)
    pages = [p for p in pages if p is not None]
    return _redirect_duplicates(pages)


def _redirect_duplicates(pages: list[Page]) -> list[Page]:
    """Two addresses that landed on one page in different shards: one record keeps it, as one
    scan would: the address that did not redirect (the page's own), else the first."""
    keeper: dict[str, str] = {}  # final URL -> the address whose record stays scanned
    for page in pages:
        final = page.final_url or page.url
        if page.status == "scanned" and (final not in keeper or page.url == final):
            keeper[final] = page.url
    out = []
    for page in pages:
        final = page.final_url or page.url
        if page.status == "scanned" and keeper[final] != page.url:
            page = replace(page, status="skipped", reason=duplicate_reason(page.url, final, keeper[final]),
                           violations=[], incomplete=[], passed=[], inapplicable=[], suppressed=[], title=None)
        out.append(page)
    return out


def copy_pictures(shards: list[ShardResults], out_dir: Path) -> list[str]:
    """Copy the pictures of failing elements (--screenshots) from each shard's folder, beside its
    results.json, to out_dir, where the merged reports name them. Returns warnings for missing ones;
    a node whose picture is missing then names none."""
    warnings = []
    for s in shards:
        folder = Path(s.name).parent
        for page in s.results.pages:
            for result in page.violations + page.incomplete + page.suppressed:
                for node in result.nodes:
                    if not node.screenshot:
                        continue
                    source, target = folder / node.screenshot, out_dir / node.screenshot
                    if source.resolve() == target.resolve():
                        continue
                    try:
                        target.parent.mkdir(parents=True, exist_ok=True)
                        shutil.copyfile(source, target)
                    except OSError as e:
                        warnings.append(f"picture {source}: {e.strerror or e}; the reports show none for it")
                        node.screenshot = None
    return warnings


def _suppressions(shards: list[ShardResults]) -> list[dict]:
    """Each [[ignore]] entry once: its matches summed, stale only if it matched nothing anywhere."""
    merged = [dict(s) for s in shards[0].results.suppressions]
    for entry in merged:
        same = [t for s in shards for t in s.results.suppressions if t.get("entry") == entry.get("entry")]
        entry["matched"] = sum(int(t.get("matched") or 0) for t in same)
        if any(t.get("status") == "expired" for t in same):
            entry["status"] = "expired"
        else:
            entry["status"] = "active" if entry["matched"] else "stale"
    return merged
