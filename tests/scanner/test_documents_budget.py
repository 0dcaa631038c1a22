"""Documents known by their name (a PDF, an office file) take no page of --max-pages: each one
found is listed as a document for its own 508 review, never fetched, and the pages still get
the whole limit (discovery/frontier.py)."""
import asyncio

from a11y.discovery import Frontier
from a11y.scan import Scanner, ScanOptions
from tests.support import run_a11y

from .siteserver import page, site

PDFS = [f"/doc{i}.pdf" for i in range(10)]
PAGES = [f"/p{i}.html" for i in range(5)]
DOCUMENT = "not-html: document (.pdf)"


def routes(hits: list) -> dict:
    """The home page links 10 PDFs, then 5 pages; /p0.html links one more PDF."""
    def pdf(h):
        hits.append(h.path)
        h._send(200, b"%PDF-1.4\n", content_type="application/pdf")

    home = "".join(f'<a href="{p}">{p}</a>' for p in PDFS + PAGES)
    served = {"/": page("Home", home), "/p0.html": page("P0", '<a href="/late.pdf">Late</a>')}
    served.update({p: page(p) for p in PAGES[1:]})
    served.update({p: pdf for p in PDFS + ["/late.pdf"]})
    return served


def scan(base: str, max_pages: int):
    async def run():
        options = ScanOptions(checks=False, max_pages=max_pages, sitemap=False, robots=False, timeout=30)
        async with Scanner([base + "/"], options) as scanner:
            return await scanner.run()
    return asyncio.run(run())


def test_documents_do_not_use_up_max_pages_and_are_all_listed():
    hits: list[str] = []
    with site(routes(hits)) as base:
        results = scan(base, max_pages=6)
    by_url = {p.url.removeprefix(base): p for p in results.pages}
    assert sorted(u for u, p in by_url.items() if p.status == "scanned") == sorted(["/", *PAGES])
    documents = {u: p.reason for u, p in by_url.items() if p.is_document}
    assert documents == {u: DOCUMENT for u in PDFS + ["/late.pdf"]}
    assert by_url["/late.pdf"].found_on == base + "/p0.html" and by_url["/late.pdf"].depth == 2
    assert not [p for p in results.pages if (p.reason or "").startswith("limit:")]
    assert hits == []  # a document known by its name is not fetched


def test_past_the_limit_pages_are_limit_skips_and_documents_still_documents():
    with site(routes([])) as base:
        results = scan(base, max_pages=2)
    statuses = {p.url.removeprefix(base): (p.status, p.reason) for p in results.pages}
    assert statuses == {
        "/": ("scanned", None), "/p0.html": ("scanned", None),
        **{u: ("skipped", "limit: --max-pages 2 reached") for u in PAGES[1:]},
        # /late.pdf is found on /p0.html once the limit is reached: a document all the same.
        **{u: ("skipped", DOCUMENT) for u in PDFS + ["/late.pdf"]},
    }


def test_frontier_hands_out_no_document_and_records_it_when_its_turn_comes():
    frontier = Frontier(["http://127.0.0.1:9/"], max_pages=2, use_sitemaps=False, respect_robots=False)
    home = frontier.next_job()
    for path in ["/a.pdf", "/b.html", "/c.docx", "/d.html"]:
        frontier.add(path, 1, home.url)
    assert frontier.next_job().url == "http://127.0.0.1:9/b.html"
    assert frontier.next_job() is None
    reasons = {s.url.removeprefix("http://127.0.0.1:9"): s.reason for s in frontier.skipped}
    assert reasons == {"/a.pdf": DOCUMENT, "/c.docx": "not-html: document (.docx)",
                       "/d.html": "limit: --max-pages 2 reached"}


def test_a_seed_that_is_a_document_is_recorded_as_one_without_a_page_of_the_limit():
    frontier = Frontier(["http://127.0.0.1:9/report.pdf", "http://127.0.0.1:9/"], max_pages=1,
                        use_sitemaps=False, respect_robots=False)
    assert frontier.next_job().url == "http://127.0.0.1:9/"
    assert [(s.url, s.reason, s.depth) for s in frontier.skipped] == [
        ("http://127.0.0.1:9/report.pdf", DOCUMENT, 0)]


def test_crawl_lists_the_pages_up_to_the_limit_and_notes_every_document(tmp_path):
    with site(routes([])) as base:
        proc = run_a11y("crawl", base + "/", "--max-pages", "6", "--no-sitemap", "-o", str(tmp_path / "urls.txt"))
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "urls.txt").read_text().splitlines() == [base + "/", *(base + p for p in PAGES)]
    for pdf in PDFS + ["/late.pdf"]:
        assert f"{base}{pdf}: a document, not a web page; left out" in proc.stderr
    assert "left out as a scan skips them" not in proc.stderr
