"""Rule ids a user names (--rules, --disable-rules): a mistyped one gets the closest of every id
the scan could run (axe's best-practice and experimental rules too, and our checks), and one that
exists but that the chosen standard does not run is said to be so, with what would run it."""
import asyncio

import pytest

from a11y.ruleids import kind, not_run, suggestions
from a11y.scan import Scanner, ScanOptions, ScanSetupError

# axe 4.12's tags for these rules (AxeEngine.rule_tags reads them from axe itself).
AXE = {
    "image-alt": ["cat.text-alternatives", "wcag2a", "wcag111", "section508", "section508.22.a"],
    "region": ["cat.keyboard", "best-practice"],
    "skip-link": ["cat.keyboard", "best-practice"],
    "target-size": ["cat.sensory-and-visual-cues", "wcag22aa", "wcag258"],
    "css-orientation-lock": ["cat.structure", "wcag134", "wcag21aa", "experimental"],
    "p-as-heading": ["cat.semantics", "wcag2a", "wcag131", "experimental"],
    "audio-caption": ["cat.time-and-media", "wcag2a", "wcag121", "section508", "deprecated"],
}
CHECKS = {"text-contrast-rendered", "label-in-name"}


@pytest.mark.parametrize("typed,hint", [
    ("regoin", "did you mean 'region' (a best-practice rule)? "),
    ("skip-lnk", "did you mean 'skip-link' (a best-practice rule)? "),
    ("p-as-headng", "did you mean 'p-as-heading' (an experimental axe rule)? "),
    ("target-sise", "did you mean 'target-size' (a rule of --standard wcag22aa)? "),
    ("css-orientation-lok", "did you mean 'css-orientation-lock' (a rule of --standard wcag21aa and wcag22aa)? "),
    ("image-alts", "did you mean 'image-alt'? "),
    ("text-contrast-rendred", "did you mean 'text-contrast-rendered'? "),
    ("label-in-nam", "did you mean 'label-in-name' (a rule of --standard wcag21aa and wcag22aa)? "),
    ("zzzz", ""),
])
def test_a_mistyped_id_is_matched_against_every_rule_the_scan_could_run(typed, hint):
    assert suggestions([typed], "section508", False, AXE, CHECKS) == hint


def test_with_best_practice_a_best_practice_rule_is_not_set_apart():
    assert suggestions(["regoin"], "section508", True, AXE, CHECKS) == "did you mean 'region'? "
    assert kind("region", "wcag22aa", True, AXE) is None


def test_a_rule_the_standard_does_not_run_says_what_would():
    assert not_run("region", "section508", False, AXE) == (
        "region is a best-practice rule, not run with --standard section508: it runs with --best-practice, "
        "or when --rules names it")
    assert not_run("target-size", "section508", False, AXE) == (
        "target-size is a rule of --standard wcag22aa, not run with --standard section508: it runs with "
        "--standard wcag22aa, or when --rules names it")
    assert not_run("p-as-heading", "section508", False, AXE).endswith("it runs only when --rules names it")
    # Run: the standard's own, and the deprecated rule the scan turns on (audio-caption).
    assert not_run("image-alt", "section508", False, AXE) is None
    assert not_run("audio-caption", "section508", False, AXE) is None
    assert not_run("target-size", "wcag22aa", False, AXE) is None


def _start(options: ScanOptions, warnings: list[str]):
    async def go():
        async with Scanner(["http://127.0.0.1:1/"], options, on_warning=warnings.append) as scanner:
            return [e.name for e in scanner.engines]
    return asyncio.run(go())


def test_the_scan_uses_axes_own_list_for_the_did_you_mean():
    """Real axe in Chromium: 'regoin' was unknown with no suggestion (the catalogs cite no
    best-practice rule)."""
    with pytest.raises(ScanSetupError) as caught:
        _start(ScanOptions(rules=["regoin"], checks=False), [])
    assert caught.value.hint == "did you mean 'region' (a best-practice rule)? "


def test_disabling_a_rule_the_standard_does_not_run_says_so():
    warnings: list[str] = []
    _start(ScanOptions(disable_rules=["region", "image-alt"], checks=False), warnings)
    assert warnings == ["--disable-rules region: nothing to disable: region is a best-practice rule, not run "
                        "with --standard section508: it runs with --best-practice, or when --rules names it"]
    warnings.clear()
    _start(ScanOptions(disable_rules=["region"], best_practice=True, checks=False), warnings)
    assert warnings == []
