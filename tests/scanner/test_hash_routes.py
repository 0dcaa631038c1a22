"""A hash-routed app (AngularJS, Vue's hash mode) shows another view at each route-like fragment
(#/apply, #!/apply): each is a page of its own, as a seed, in an @FILE and as a link found.
Any other fragment (#main) names a place in the page, and is dropped (discovery/urls.py)."""
from __future__ import annotations

import contextlib

import pytest

from a11y.discovery import Frontier, normalize_url
from a11y.discovery.urls import is_route_fragment
from a11y.targets import resolve
from tests.support import pages_by_url, read_results, scan

# Each view sets its own title and content; the apply view's input has no label.
HASH_APP = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Agency</title></head>
<body><div id="root"></div>
<script>
const views = {
  '#/home': ['Home', '<h1>Home</h1><p>Welcome.</p><a href="#/apply">Apply</a> <a href="#main">Skip</a>'],
  '#!/apply': ['Apply', '<h1>Apply</h1><p>Your name</p><input id="name">'],
  '#/apply': ['Apply', '<h1>Apply</h1><p>Your name</p><input id="name">'],
};
function show() {
  const [title, html] = views[location.hash] || views['#/home'];
  document.title = title + ' | Agency';
  document.getElementById('root').innerHTML = '<main id="main">' + html + '</main>';
}
addEventListener('hashchange', show);
show();
</script></body></html>"""


@pytest.mark.parametrize("url, expected", [
    ("http://h/#/apply", "http://h/#/apply"),
    ("http://h/app/#!/apply?step=2", "http://h/app/#!/apply?step=2"),
    ("http://h/#main", "http://h/"),
    ("http://h/#section-2", "http://h/"),
    ("http://h/#/", "http://h/"),  # the empty route is the app's first view: the page itself
    ("http://h/#!/", "http://h/"),
    ("http://h/#!", "http://h/"),
    ("http://h/#/records/a b\u00e9", "http://h/#/records/a%20b%C3%A9"),  # as location.href spells it
])
def test_route_fragments_are_kept_and_others_dropped(url, expected):
    assert normalize_url(url) == expected
    assert normalize_url(expected) == expected
    assert is_route_fragment(expected) == ("#" in expected)


def test_a_route_link_is_resolved_against_the_view_it_is_found_on():
    assert normalize_url("#/apply", base="http://h/#/home") == "http://h/#/apply"
    assert normalize_url("#main", base="http://h/#/home") == "http://h/"


def test_discovery_queues_each_route_once_and_no_in_page_anchor():
    f = Frontier(["http://h/#/home"], use_sitemaps=False)
    seed = f.next_job()
    assert seed.url == "http://h/#/home"
    for link in ("#/apply", "http://h/#/apply", "#main", "http://h/#top"):
        f.add(link, 1, seed.url)
    queued = [f.next_job().url, f.next_job().url]
    assert queued == ["http://h/#/apply", "http://h/"]
    assert f.next_job() is None


def test_a_url_list_keeps_fragments_and_drops_comments(tmp_path):
    listed = tmp_path / "urls.txt"
    listed.write_text("# the apply form of the hash-routed app\n"
                      "http://127.0.0.1:9/#/apply   # its own view\n"
                      "http://127.0.0.1:9/page#main\t# an anchor: the page\n"
                      "   # an indented comment\n"
                      "http://127.0.0.1:9/#!/home#comment-less\n", encoding="utf-8")
    with contextlib.ExitStack() as stack:
        seeds = resolve([f"@{listed}"], stack).seeds
    assert seeds == ["http://127.0.0.1:9/#/apply", "http://127.0.0.1:9/page#main",
                     "http://127.0.0.1:9/#!/home#comment-less"]


@pytest.fixture
def hash_app(tmp_path, serve):
    (tmp_path / "index.html").write_text(HASH_APP, encoding="utf-8")
    return serve(tmp_path)


def test_a_hash_route_seed_is_audited_at_its_view_and_named_so(hash_app, tmp_path):
    out = tmp_path / "out"
    scan(hash_app + "#/apply", "--depth", "0", "--rules", "label", "--checks", "none",
         "--format", "json", "--out", out, "-q", expect=1)
    [page] = read_results(out)["pages"]
    assert (page["url"], page["final_url"]) == (hash_app + "#/apply", hash_app + "#/apply")
    assert page["title"] == "Apply | Agency"
    assert [v["rule"] for v in page["violations"]] == ["label"]


def test_routes_of_one_app_scanned_in_one_tab_are_each_loaded_at_their_view(hash_app, tmp_path):
    """One tab for both: the second route differs from the document the tab shows only by its
    fragment, so a plain goto would move within that document (no response, the first view's
    state kept) instead of loading the route's view."""
    out = tmp_path / "out"
    scan(hash_app + "#/home", hash_app + "#!/apply", hash_app + "#/apply", "--depth", "0", "--concurrency", "1",
         "--rules", "label", "--checks", "none", "--format", "json", "--out", out, "-q", expect=1)
    pages = {url: p for url, p in pages_by_url(read_results(out)).items() if p["status"] == "scanned"}
    assert sorted(pages) == sorted([hash_app + "#/home", hash_app + "#!/apply", hash_app + "#/apply"])
    home, hashbang, apply = pages[hash_app + "#/home"], pages[hash_app + "#!/apply"], pages[hash_app + "#/apply"]
    assert (home["title"], home["violations"]) == ("Home | Agency", [])
    for view in (hashbang, apply):
        assert view["title"] == "Apply | Agency"
        assert [v["rule"] for v in view["violations"]] == ["label"]
    # Each one loaded from the server, as its own document.
    assert [p["http_status"] for p in (home, hashbang, apply)] == [200, 200, 200]


def test_a_route_link_found_on_a_view_is_audited_at_its_view(hash_app, tmp_path):
    """The views of a hash-routed app are one document's bytes: a route is no duplicate of
    another for that (pagework.py compares what the pages show, rendered)."""
    out = tmp_path / "out"
    scan(hash_app + "#/home", "--rules", "label", "--checks", "none", "--no-sitemap",
         "--format", "json", "--out", out, "-q", expect=1)
    pages = pages_by_url(read_results(out))
    apply = pages[hash_app + "#/apply"]
    assert (apply["status"], apply["found_on"], apply["title"]) == ("scanned", hash_app + "#/home", "Apply | Agency")
    assert [v["rule"] for v in apply["violations"]] == ["label"]
    assert not [url for url in pages if url.endswith("#main")]  # an anchor in the view: the page itself
