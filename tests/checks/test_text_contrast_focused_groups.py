"""text-contrast-focused on pages of many elements focus styles alike (a site's links under one
:focus rule), in a real Chromium: the limit counts distinct focus looks, not elements, and each
element's text is still judged on what lies behind it."""
from tests.checks.support import run_check, targets
from tests.checks.written_pages import written

CHECK = "text-contrast-focused"
PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{title}</title>
<style>
  body {{ background: #fff; color: #0b0c0c; font: 16px/1.5 sans-serif; margin: 0; }}
  a {{ color: #1d70b8; }}
  .dark {{ background: #0b0c0c; color: #fff; padding: 8px; }}
  .dark a {{ color: #ffffff; }}
  {css}
</style></head>
<body><main><h1>{title}</h1>
{body}
</main></body></html>
"""


def links(ids, cls="link", href="#x"):
    return "\n".join(f'<p><a class="{cls}" id="{i}" href="{href}">Report number {i}</a></p>' for i in ids)


def page(title: str, css: str, body: str) -> str:
    return PAGE.format(title=title, css=css, body=body)


def over_a_box(title: str, background: str) -> str:
    """40 links alike, the 21st (#over) drawn over a box of `background` that is not its ancestor."""
    return page(title, ".link:focus { color: #595959; }\n"
                "  .holder { position: relative; }\n"
                f"  .box {{ position: absolute; left: 0; top: 0; width: 400px; height: 100%; background: {background}; }}\n"
                "  .holder a { position: relative; }",
                links([f"l{n}" for n in range(20)])
                + '\n<div class="holder"><div class="box"></div><p><a class="link" id="over" href="#x">Report over a '
                  'box</a></p></div>\n' + links([f"l{n}" for n in range(20, 39)]))


PAGES = {
    # 60 links, one :focus rule: white on yellow (1.4:1 focused, 5.2:1 at rest).
    "fail-60-alike.html": page("Sixty links", ".link:focus { background: #ffdd00; color: #ffffff; }",
                               links([f"l{n}" for n in range(60)])),
    # The same, dark on yellow: 16:1 focused.
    "pass-60-alike.html": page("Sixty links", ".link:focus { background: #ffdd00; color: #0b0c0c; }",
                               links([f"l{n}" for n in range(60)])),
    # Grey when focused: 7:1 on the page's white, 2.4:1 on the dark section's #0b0c0c.
    "fail-5-on-dark.html": page(
        "Sixty links, five on a dark section", ".link:focus { color: #595959; }",
        links([f"l{n}" for n in range(30)]) + '\n<section class="dark">' + links([f"d{n}" for n in range(5)])
        + "</section>\n" + links([f"l{n}" for n in range(30, 55)])),
    # 40 links alike, one of them over a dark box that is not its ancestor (drawn behind it): its
    # ancestors' colours are its neighbours', what lies under its text is not.
    "fail-one-over-a-dark-box.html": over_a_box("A link over a dark box", "#0b0c0c"),
    # The same over a box with a gradient (not its ancestor): that link's text needs pixels.
    "fail-one-over-a-gradient.html": over_a_box("A link over a gradient", "linear-gradient(90deg, #0b0c0c, #1a1a1a)"),
    # Dark on yellow from the :focus rule (16:1) at once; a frame later a script turns the focused
    # link white (1.4:1), and takes that off when focus leaves.
    "fail-look-a-frame-later.html": page(
        "A look a frame later", ".link:focus { background: #ffdd00; color: #0b0c0c; }",
        links([f"l{n}" for n in range(10)]) + """
<script>
  document.addEventListener('focusin', (e) => {
    if (e.target.matches('.link')) requestAnimationFrame(() => {
      if (document.activeElement === e.target) e.target.style.color = '#ffffff';
    });
  });
  document.addEventListener('focusout', (e) => { e.target.style.removeProperty('color'); });
</script>"""),
    # The same for one link of 30: its focus handler alone turns it white a frame later.
    "fail-one-look-a-frame-later.html": page(
        "One look a frame later", ".link:focus { background: #ffdd00; color: #0b0c0c; }",
        links([f"l{n}" for n in range(30)]) + """
<script>
  const late = document.getElementById('l7');
  late.addEventListener('focus', () => requestAnimationFrame(() => {
    if (document.activeElement === late) late.style.color = '#ffffff';
  }));
  late.addEventListener('blur', () => { late.style.removeProperty('color'); });
</script>"""),
    # 25 distinct focus looks (a background of its own each, all dark text: 7:1 or more), three
    # links each: beyond the limit of 20 looks.
    "review-25-looks.html": page(
        "Twenty-five looks",
        "\n".join(f"  .k{k}:focus {{ background: rgb(255, {150 + 4 * k}, {100 + 4 * k}); color: #0b0c0c; }}"
                  for k in range(25)),
        "\n".join(links([f"k{k}-{n}" for n in range(3)], cls=f"k{k}") for k in range(25))),
}


base = written(PAGES)


def failed(browser_loop, base, name: str, ids: list[str], colours: str):
    """The outcome on page `name`: failed on the elements `ids` (in order), each for `colours`."""
    outcome = run_check(browser_loop, CHECK, base + name)
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [[f"#{i}"] for i in ids]
    assert all(colours in n.summary for n in outcome.nodes)
    return outcome


def test_sixty_links_under_one_failing_focus_rule_all_fail(browser_loop, base):
    outcome = failed(browser_loop, base, "fail-60-alike.html", [f"l{n}" for n in range(60)],
                     "(#ffffff) and its background (#ffdd00)")
    assert outcome.nodes[59].summary.endswith('"Report number l59"')  # its own text, not the first's


def test_sixty_links_under_one_passing_focus_rule_pass_without_a_limit(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "pass-60-alike.html")
    assert outcome.outcome == "passed", outcome.reason
    assert "changes the colours of 60 element(s)" in outcome.reason


def test_links_alike_on_a_dark_section_are_judged_on_their_own_background(browser_loop, base):
    # The first link (on white) passes focused; the five on the dark section must not pass with it.
    failed(browser_loop, base, "fail-5-on-dark.html", [f"d{n}" for n in range(5)], "(#595959) and its background (#0b0c0c)")


def test_a_link_alike_over_a_dark_box_is_judged_on_that_box(browser_loop, base):
    failed(browser_loop, base, "fail-one-over-a-dark-box.html", ["over"], "(#595959) and its background (#0b0c0c)")


def test_more_distinct_focus_looks_than_the_limit_are_left_for_review(browser_loop, base):
    outcome = run_check(browser_loop, CHECK, base + "review-25-looks.html")
    assert outcome.outcome == "cantTell", outcome.reason
    assert "more than 20 distinct focus looks" in outcome.reason
    assert "only the first 20 were examined" in outcome.reason


def test_a_link_alike_whose_text_needs_pixels_is_measured_on_its_own(browser_loop, base):
    failed(browser_loop, base, "fail-one-over-a-gradient.html", ["over"],
           "measured from the rendered pixels because of a gradient")


def test_links_alike_whose_look_settles_a_frame_later_are_each_judged_as_it_ends(browser_loop, base):
    # Judged without waiting for frames, the others would pass dark on yellow.
    failed(browser_loop, base, "fail-look-a-frame-later.html", [f"l{n}" for n in range(10)],
           "(#ffffff) and its background (#ffdd00)")


def test_a_link_alike_whose_own_handler_restyles_it_a_frame_later_is_judged_as_it_ends(browser_loop, base):
    # The first link's look is the same with or without the wait; the eighth's is not.
    failed(browser_loop, base, "fail-one-look-a-frame-later.html", ["l7"], "(#ffffff) and its background (#ffdd00)")
