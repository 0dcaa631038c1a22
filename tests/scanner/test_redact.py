"""Values a --login file fills in appear in no result, report or cache entry, even where the
signed-in page shows them (a greeting, a field's value in a failing element's markup)."""
from __future__ import annotations

from a11y.models import Node, Page, RuleResult
from a11y.redact import MASK, redact_page
from tests.support import read_results, scan

from .siteserver import page, site

USER = "ci-bot-user-7"
LOGIN = f"""- goto: /
- fill: {{selector: "#who", value: "{USER}"}}
- wait_for: "main"
"""


def test_a_page_showing_the_typed_user_name_keeps_it_out_of_every_output(tmp_path):
    # The field has no label (axe's `label` fails it), and its markup, with the value, is what a
    # result would carry; the title greets the user too.
    body = f'<input id="who" value="{USER}"><p>Signed in as {USER}.</p>'
    (tmp_path / "login.yaml").write_text(LOGIN)
    with site({"/": page(f"Welcome {USER}", body)}) as base:
        scan(base + "/", "--login", "login.yaml", "--out", "out", "--cache", "cache", "--checks", "none",
             "--format", "json,html,md,sarif,junit,csv", cwd=tmp_path, expect=1)
    [scanned] = read_results(tmp_path / "out")["pages"]
    [label] = [v for v in scanned["violations"] if v["rule"] == "label"]
    assert MASK in label["nodes"][0]["html"] and scanned["title"] == f"Welcome {MASK}"
    for path in [*(tmp_path / "out").iterdir(), *(tmp_path / "cache").rglob("*")]:
        if path.is_file() and path.suffix != ".png":
            assert USER not in path.read_text(encoding="utf-8", errors="replace"), path


def test_redaction_takes_the_longest_value_first_and_leaves_addresses():
    node = Node(target=["input[value='abc-123']"], html='<input value="abc-123">', summary="abc-123 and abc")
    result = RuleResult("label", "critical", [], "h", "u", nodes=[node])
    record = redact_page(Page(url="https://x.gov/abc-123", status="scanned", title="abc", violations=[result]),
                         ["abc", "abc-123", ""])
    assert node.html == f'<input value="{MASK}">' and node.summary == f"{MASK} and {MASK}"
    assert node.target == [f"input[value='{MASK}']"] and record.title == MASK
    assert record.url == "https://x.gov/abc-123"
