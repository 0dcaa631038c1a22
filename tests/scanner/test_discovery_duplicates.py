"""Two addresses that land on one page: it is scanned once, under the URL the user named when
one of them is a seed, and the other's reason says which of the two redirected."""
from __future__ import annotations

from a11y.discovery import Frontier
from tests.support import pages_by_url, read_results, scan

from .siteserver import page, redirect, site


def test_a_seed_that_another_seed_redirects_to_is_scanned_as_itself():
    f = Frontier(["http://example.com/old", "http://example.com/new"])
    old, new = f.next_job(), f.next_job()
    assert not f.claim_final(old, "http://example.com/new")  # /old redirects to /new
    assert f.last_claim_reason == "duplicate: redirects to http://example.com/new, scanned already"
    assert f.claim_final(new, "http://example.com/new")  # the URL the user named keeps its page


def test_a_page_that_does_not_redirect_says_which_address_redirected_to_it():
    f = Frontier(["http://example.com/"])
    seed = f.next_job()
    f.add("/old", 1, seed.url)
    f.add("/new", 1, seed.url)
    old, new = f.next_job(), f.next_job()
    assert f.claim_final(old, "http://example.com/new")
    assert not f.claim_final(new, "http://example.com/new")  # /new itself does not redirect
    assert f.last_claim_reason == "duplicate: scanned already (as the page http://example.com/old redirects to)"


def test_a_seed_left_unscanned_keeps_no_claim_on_its_url():
    f = Frontier(["http://example.com/", "http://example.com/private"], max_pages=1)
    seed = f.next_job()
    assert f.next_job() is None  # /private: over --max-pages 1
    assert f.claim_final(seed, "http://example.com/private")  # so the seed's redirect there is scanned


def test_a_scan_of_a_redirect_and_its_target_records_the_redirect_as_the_duplicate(tmp_path):
    """The finding: `a11y scan /old /new.html --depth 0` recorded new.html, which does not
    redirect, as "duplicate: redirects to .../new.html" when /old landed first. One page at a
    time, /old lands first (the seeds are taken in order): new.html had no record of its own."""
    out = tmp_path / "out"
    with site({"/old": redirect("/new.html"), "/new.html": page("New")}) as base:
        scan(base + "/old", base + "/new.html", "--depth", "0", "--concurrency", "1", "--checks", "none",
             "--format", "json", "--out", out, "-q", expect=0)
    pages = pages_by_url(read_results(out))
    assert (pages[base + "/new.html"]["status"], pages[base + "/new.html"]["final_url"]) == ("scanned", base + "/new.html")
    assert pages[base + "/old"]["status"] == "skipped"
    assert pages[base + "/old"]["reason"] == f"duplicate: redirects to {base}/new.html, scanned already"
