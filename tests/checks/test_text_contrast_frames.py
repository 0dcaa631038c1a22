"""text-contrast-rendered on the text of frames: where each frame shows (one question per level of
frames), the path of selectors to it, and the sheets its pixel measurement puts in taken out."""
from tests.checks.support import run_check_and_look, served, targets

CHECK = "text-contrast-rendered"
base = served(CHECK)

# The sheets the check puts in for its screenshots (text_contrast.STILL_MARK, BLANK_MARK), counted in
# the page and in each of its frames, however deep.
SHEETS_LEFT = """() => {
  const docs = [document];
  for (let i = 0; i < docs.length; i++) {
    for (const f of docs[i].querySelectorAll('iframe')) if (f.contentDocument) docs.push(f.contentDocument);
  }
  return docs.map((d) => d.querySelectorAll('style[data-a11y-still], style[data-a11y-blank]').length);
}"""


def test_fails_pale_text_in_a_frame_inside_a_frame_with_the_path_through_both(browser_loop, base):
    # A frame's canvas is see-through: its text is measured from pixels, at its place in the top
    # viewport. The frame cut by the viewport's bottom has nothing of its text shown there: it is
    # collected for pixels, but nothing of it is measured, and its sheet comes out all the same.
    outcome, left, _ = run_check_and_look(browser_loop, CHECK, base + "fail-nested-frame.html", SHEETS_LEFT)
    assert outcome.outcome == "failed", outcome.reason
    assert targets(outcome) == [["#outer", "#middle", "#pale"]]
    assert "at most 2.32:1 (text #aaaaaa against background #ffffff" in outcome.nodes[0].summary
    assert left == [0, 0, 0, 0]


def test_takes_out_its_sheets_after_measuring_the_page_from_pixels(browser_loop, base):
    outcome, left, _ = run_check_and_look(browser_loop, CHECK, base + "fail-gradient.html", SHEETS_LEFT)
    assert outcome.outcome == "failed", outcome.reason
    assert left == [0]
