"""A hand-made Results record that exercises every corner a reporter must handle:
frame and shadow-DOM targets, hostile text (HTML, script, CSV formulas), an
error page, a skipped PDF, a broken link, needs-review items and baseline marks.
"""
from __future__ import annotations

from a11y.models import Node, Page, Results, RuleResult, finalise


def _img_alt(nodes):
    return RuleResult(
        rule="image-alt", impact="critical", wcag=["1.1.1"],
        help="Images must have alternative text",
        help_url="https://dequeuniversity.com/rules/axe/4.12/image-alt",
        description="Ensure <img> elements have alternative text", tags=["wcag2a", "wcag111", "section508"],
        nodes=nodes,
    )


def _contrast(nodes):
    return RuleResult(
        rule="color-contrast", impact="serious", wcag=["1.4.3"],
        help="Elements must meet minimum color contrast ratio thresholds",
        help_url="https://dequeuniversity.com/rules/axe/4.12/color-contrast",
        tags=["wcag2aa", "wcag143"], nodes=nodes,
    )


def sample_results() -> Results:
    logo = Node(target=["header > img.logo"], html='<img class="logo" src="logo.png">',
                summary="Fix any of the following:\n  Element does not have an alt attribute")
    home = Page(
        url="http://127.0.0.1:8000/", final_url="http://127.0.0.1:8000/", status="scanned",
        http_status=200, title="Home <script>alert(1)</script>",
        violations=[
            _img_alt([logo, Node(target=["iframe#ad", "img"],
                                 html="<img src=x onerror=alert(1)>", summary="=HYPERLINK(\"http://evil\")")]),
            _contrast([Node(target=[["my-widget", "button.pale"]], html='<button class="pale">+Go</button>',
                            summary="-2+3 Element has insufficient color contrast of 2.1")]),
        ],
        incomplete=[RuleResult(rule="color-contrast", impact="serious", wcag=["1.4.3"],
                               help="Elements must meet minimum color contrast ratio thresholds",
                               help_url="https://dequeuniversity.com/rules/axe/4.12/color-contrast",
                               nodes=[Node(target=["p.bg-image"], html='<p class="bg-image">Hi</p>',
                                           summary="Background image: contrast cannot be determined")])],
        passed=["document-title", "html-has-lang"], inapplicable=["video-caption"],
    )
    about = Page(
        url="http://127.0.0.1:8000/about.html", final_url="http://127.0.0.1:8000/about.html",
        status="scanned", http_status=200, title="About",
        violations=[
            _img_alt([logo]),
            RuleResult(rule="link-name", impact="serious", wcag=["2.4.4", "4.1.2"], help="Links must have discernible text",
                       help_url="https://dequeuniversity.com/rules/axe/4.12/link-name",
                       nodes=[Node(target=["a.icon"], html='<a class="icon" href="/x">\t@cmd</a>', summary="@SUM(A1)")]),
            RuleResult(rule="region", impact="moderate", wcag=[], help="All page content should be contained by landmarks",
                       help_url="https://dequeuniversity.com/rules/axe/4.12/region", tags=["best-practice"],
                       nodes=[Node(target=["div.stray"], html="<div class=\"stray\">x</div>", summary="\rcr start")]),
        ],
        passed=["document-title"],
    )
    missing = Page(url="http://127.0.0.1:8000/missing.html", final_url="http://127.0.0.1:8000/missing.html",
                   status="scanned", http_status=404, title="Not found", found_on="http://127.0.0.1:8000/")
    broken = Page(url="http://127.0.0.1:8000/slow.html", status="error",
                  reason="timeout: navigation took longer than 30 s", found_on="http://127.0.0.1:8000/")
    pdf = Page(url="http://127.0.0.1:8000/annual-report.pdf", status="skipped",
               reason="not-html: application/pdf", content_type="application/pdf", http_status=200)
    robots = Page(url="http://127.0.0.1:8000/private/", status="skipped", reason="robots: disallowed by robots.txt")
    results = Results(
        standard="section508", started="2026-11-29T10:00:00Z", finished="2026-11-29T10:00:05Z", complete=True,
        tool={"name": "a11y", "version": "0.1.0"}, engines=[{"name": "axe-core", "version": "4.12.1"}],
        options={"tags": ["wcag2a", "wcag2aa"]},
        pages=[home, about, missing, broken, pdf, robots],
    )
    finalise(results)
    # Mark one finding as known from a baseline, and one baseline entry as fixed.
    results.findings[-1].baseline = "unchanged"
    results.fixed = [{"fingerprint": "0123456789abcdef", "rule": "label", "help": "Form elements must have labels"}]
    results.baseline_file = "a11y-baseline.json"
    return finalise(results)


def empty_results() -> Results:
    """A scan that found nothing wrong (and one with no pages at all must work too)."""
    page = Page(url="http://127.0.0.1:8000/", final_url="http://127.0.0.1:8000/", status="scanned",
                http_status=200, title="Clean", passed=["image-alt"])
    return finalise(Results(standard="section508", started="2026-11-29T10:00:00Z",
                            finished="2026-11-29T10:00:01Z", complete=True,
                            tool={"name": "a11y", "version": "0.1.0"},
                            engines=[{"name": "axe-core", "version": "4.12.1"}], pages=[page]))


def suppressed_results() -> Results:
    """The sample with reviewed suppressions ([[ignore]]): one in force (with hostile text in its
    reason), one expired, one stale."""
    from datetime import date

    from a11y.suppressions import Suppression, apply

    entries = [
        Suppression(1, "image-alt", "*/about.html", 'Decorative <b>logo</b> | "=cmd" A11Y-7',
                    selector="header > img.logo", until=date(2027, 6, 30), where="a11y.toml line 3"),
        Suppression(2, "link-name", "*", "Icon link, fixed upstream", until=date(2026, 1, 1),
                    where="a11y.toml line 9"),
        Suppression(3, "region", "/nowhere/*", "Old widget", where="a11y.toml line 14"),
    ]
    return finalise(apply(sample_results(), entries, today=date(2026, 11, 29)))


def settled_results() -> Results:
    """The sample with review items of axe's that one of our checks decided: on the home page,
    one passed and one failed (its failure reported under the check's own rule)."""
    from a11y.models import settled_summary

    results = sample_results()
    home = results.scanned_pages[0]
    by = "text-contrast-rendered"
    home.settled = [RuleResult(
        rule="color-contrast", impact="serious", wcag=["1.4.3"],
        help="Elements must meet minimum color contrast ratio thresholds",
        help_url="https://dequeuniversity.com/rules/axe/4.12/color-contrast", settled_by=by,
        nodes=[Node(target=["p.gradient"], html='<p class="gradient">Hello <b>there</b></p>',
                    summary=settled_summary(by, True, "its text's contrast with what is drawn behind it is at "
                                                      "least 7.10:1")),
               Node(target=["p.photo"], html="<p class=\"photo\">=cmd</p>",
                    summary=settled_summary(by, False, "its text's contrast with what is drawn behind it is too low"))])]
    return finalise(results)
