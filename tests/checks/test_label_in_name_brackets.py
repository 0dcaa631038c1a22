"""label-in-name (WCAG 2.5.3): a visible label with a part in parentheses, in a real Chromium. The
part may be left out of the label as a hint, but a name that has the label whole, brackets and
all, holds it; a name that differs from the label still fails."""
import pytest

from tests.checks.support import run_check, targets

CHECK = "label-in-name"

pytestmark = pytest.mark.browser

# GOV.UK Frontend 6.6's accordion "with additional descriptions", as its script renders a section's
# button: the name is the heading, the summary and "Show this section", with commas between.
ACCORDION = """<h2 class="govuk-accordion__section-heading">
<button id="section-2" type="button" aria-controls="content-2" aria-expanded="false"
  aria-label="Test 2 , Additional description (wrapped in span) , Show this section"><span
  class="govuk-accordion__section-heading-text"><span>Test 2</span></span><span
  class="govuk-visually-hidden">, </span><span class="govuk-accordion__section-summary"><span><span
  >Additional description (wrapped in span)</span></span></span><span
  class="govuk-visually-hidden">, </span><span class="govuk-accordion__section-toggle"><span><span
  class="govuk-accordion-nav__chevron"></span><span>Show</span></span></span></button></h2>
<div id="content-2" hidden><p>Section two</p></div>"""

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Labels with a part in brackets</title>
<style>.govuk-visually-hidden { position: absolute !important; width: 1px !important; height: 1px !important;
  margin: 0 !important; padding: 0 !important; overflow: hidden !important; clip-path: inset(50%) !important;
  border: 0 !important; white-space: nowrap !important; }</style></head>
<body><main><h1>Publications</h1>
{body}
</main></body></html>"""

PASSING = """<a id="report" href="report.pdf" aria-label="Annual report (2024) summary">Annual report (2024) summary</a>
<a id="spaced" href="report.pdf" aria-label="Annual report ( 2024 ) summary, PDF">Annual report (2024)summary</a>
<button id="date" type="button" aria-label="Search by date">Search by date (YYYY-MM-DD)</button>
""" + ACCORDION

# The label's words, hint and all, are not the name's: another year, another word, another hint.
FAILING = """<a id="year" href="report.pdf" aria-label="Annual report (2023) summary">Annual report (2024) summary</a>
<a id="word" href="report.pdf" aria-label="Annual accounts (2024) summary">Annual report (2024) summary</a>
<button id="draft" type="button" aria-label="Delete (final) file">Delete (draft) file</button>"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("label-in-name-brackets")
    (root / "pass.html").write_text(PAGE.replace("{body}", PASSING), encoding="utf-8")
    (root / "fail.html").write_text(PAGE.replace("{body}", FAILING), encoding="utf-8")
    return root


@pytest.fixture
def base(serve, site):
    return serve(site)


def test_a_name_that_is_the_label_with_its_brackets_passes(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "pass.html")
    assert outcome.outcome == "passed", [n.summary for n in outcome.nodes]


def test_a_name_that_differs_from_the_label_still_fails(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "fail.html")
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#year"], ["#word"], ["#draft"]]
    assert outcome.nodes[0].summary == ('the visible label "Annual report (2024) summary" is not part of the '
                                        'accessible name "Annual report (2023) summary"')
