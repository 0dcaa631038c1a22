"""Our checks on the ACT cases of the CI sample (tests/fixtures/act) that name them under
"checks": a failed example is failed by one of them; no other example is failed by any."""
import json
from pathlib import Path

import pytest

from tests.checks.support import run_check

ACT = Path(__file__).parent.parent / "fixtures" / "act"
CASES = [c for c in json.loads((ACT / "cases.json").read_text()) if c.get("checks")]


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_act_case_outcome(browser_loop, serve, case):
    base = serve(ACT / "cases")
    said = {cid: run_check(browser_loop, cid, base + case["file"]) for cid in case["checks"]}
    failed = sorted(cid for cid, o in said.items() if o.outcome == "failed")
    if case["expected"] == "failed":
        assert failed, {cid: (o.outcome, o.reason) for cid, o in said.items()}
    else:
        assert not failed, {cid: (o.outcome, o.reason) for cid, o in said.items()}
