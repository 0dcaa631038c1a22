"""A page's checks get the page of the crawl whose link led to it (the referrer) through the
queue as in a local scan: the coordinator knows which pages' links were read, and says."""
from __future__ import annotations

import json

from tests.desk.queues import running_redis
from tests.scanner.siteserver import page, site
from tests.support import read_results, run_a11y

from .support import LEASE, finished, normalised


def test_the_checks_get_the_page_that_linked_here_as_in_a_local_scan(tmp_path, procs):
    # /end links nowhere: bypass-repeated-blocks compares it with the page of the crawl whose
    # link led there (the home page, whose header it shares). Without it: needs review.
    header = '<header><nav><a href="/">Home of the site</a> <a href="/end">The end page</a></nav></header>'
    routes = {"/": page("Home", header + "<main><h1>Home</h1><p>Welcome to the site.</p></main>"),
              "/end": page("End", "<div><span>Home of the site</span> <span>The end page</span></div>"
                                  "<div><p>Nothing more.</p></div>")}
    args = ["--rules", "bypass-repeated-blocks", "--no-sitemap"]
    with running_redis(tmp_path / "redis") as url, site(routes) as base:
        local = run_a11y("scan", base + "/", *args, "--out", tmp_path / "local", "-q")
        assert local.returncode in (0, 1), local.stderr
        procs.worker("w1", url)
        procs.worker("w2", url)
        proc, log = procs.start("queued", "scan", base + "/", *args, "--out", tmp_path / "queued",
                                "--queue", url, "--queue-lease", LEASE)
        code, err = finished(proc, log)
    assert code == local.returncode, err
    mine, theirs = read_results(tmp_path / "local"), read_results(tmp_path / "queued")
    assert "no page of the scan linked to it" not in json.dumps(mine)  # the local scan had the referrer
    assert normalised(theirs, base) == normalised(mine, base)
