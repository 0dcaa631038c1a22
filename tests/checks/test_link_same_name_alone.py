"""link-same-name-same-purpose names only the links that may share a name and context with
another (a link alone in its context is left out before its name is computed): the ones that
do group must still be found, across frames for links with the page as their context."""
from tests.checks.support import run_check
from tests.scanner.siteserver import page, site

CHECK = "link-same-name-same-purpose"
DESTINATIONS = {"/admissions": page("Admissions", "<main><p>Apply by March.</p></main>"),
                "/contact": page("Contact", "<main><p>Phone: 555 0100</p></main>")}


def test_a_link_of_the_page_groups_with_a_link_of_a_frame_when_each_is_alone_in_its_document(browser_loop):
    # Each document has one link, with the page as its context: they group across the frames.
    routes = {"/": page("Frames", '<a href="/admissions">Contact us</a><iframe src="/frame" title="More"></iframe>'),
              "/frame": page("Frame", '<a href="/contact">Contact us</a>'), **DESTINATIONS}
    with site(routes) as base:
        outcome = run_check(browser_loop, CHECK, base + "/")
    assert outcome.outcome == "cantTell", outcome.reason
    assert len(outcome.nodes) == 2
    assert sum(len(n.target) == 2 for n in outcome.nodes) == 1  # one of them in the frame
    assert f"{base}/admissions" in outcome.nodes[0].summary and f"{base}/contact" in outcome.nodes[0].summary


def test_links_sharing_a_context_group_among_links_alone_in_theirs(browser_loop):
    # Many paragraphs of one link each (alone in their context, whatever their name), and one
    # list item with two links of one name to different content: that pair is the group.
    lone = "".join(f'<p>Paragraph {i}: <a href="/admissions">Contact us</a></p>' for i in range(30))
    pair = '<ul><li><a href="/admissions">Contact us</a> or <a href="/contact">contact us</a></li></ul>'
    routes = {"/": page("Contexts", lone + pair + '<p><a href="/contact">Contact us</a></p>'), **DESTINATIONS}
    with site(routes) as base:
        outcome = run_check(browser_loop, CHECK, base + "/")
    assert outcome.outcome == "cantTell", outcome.reason
    assert [n.target[-1].split(" > ", 2)[-1] for n in outcome.nodes] == [
        "ul > li > a:nth-of-type(1)", "ul > li > a:nth-of-type(2)"]
    assert "lead to different content" in outcome.nodes[0].summary
