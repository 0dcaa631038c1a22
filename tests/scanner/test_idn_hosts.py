"""Host names with non-ASCII characters (discovery/urls.py): encoded as Chromium encodes them,
UTS #46 non-transitional (IDNA 2008), so that the scanner audits the site the browser would
load: 'faß.de' is xn--fa-hia.de, never fass.de (IDNA 2003's mapping, another domain)."""
import pytest

from a11y.discovery import Frontier
from a11y.discovery.urls import BadHost, host_problem, idna_host, normalize_url

# host -> its ASCII form, or None where a browser refuses the name.
HOSTS = {
    "faß.localhost": "xn--fa-hia.localhost",  # ß kept (IDNA 2003 made it "fass")
    "Faß.LOCALHOST": "xn--fa-hia.localhost",  # upper case folded first
    "ＦＡß.localhost": "xn--fa-hia.localhost",  # full-width letters mapped
    "faß。localhost": "xn--fa-hia.localhost",  # an ideographic full stop is a dot
    "σςλ.localhost": "xn--wxanc.localhost",  # final sigma kept (IDNA 2003 made it σ)
    "क्\u200dष.localhost": "xn--11b2ezcw70k.localhost",  # ZWJ after a virama: CONTEXTJ allows it
    "bücher.localhost": "xn--bcher-kva.localhost",
    "xn--fa-hia.localhost": "xn--fa-hia.localhost",  # already punycode (ASCII: left as it is)
    "☃.localhost": "xn--n3h.localhost",  # valid under UTS #46 (not IDNA 2008's registry rules)
    "my_site.faß.localhost": "my_site.xn--fa-hia.localhost",  # no STD3 rules, as in browsers
    "-x.faß.localhost": "-x.xn--fa-hia.localhost",  # no hyphen rules either
    "x\u00ad.faß.localhost": "x.xn--fa-hia.localhost",  # a soft hyphen is dropped
    "العربية.a1.localhost": "xn--mgbcd4a2b0d2b.a1.localhost",  # right-to-left, bidi rules met
    "a\u200db.localhost": None,  # ZWJ with no virama before it
    "a\u200cb.localhost": None,  # ZWNJ likewise
    "a\u0661.localhost": None,  # an Arabic-Indic digit in a left-to-right label (bidi rule 5)
    "العربية.1a.localhost": None,  # a label of a bidi name starting with a digit (bidi rule 1)
    "xn--zz.faß.localhost": None,  # a punycode label that does not decode
    "\u0301a.localhost": None,  # a label starting with a combining mark
}


@pytest.mark.parametrize(("host", "expected"), HOSTS.items())
def test_hosts_are_encoded_as_uts46_non_transitional(host, expected):
    url = f"http://{host}/page"
    assert normalize_url(url) == (f"http://{expected}/page" if expected else None)
    if expected is None:
        assert "is not a valid international domain name" in host_problem(url)
    else:
        assert host_problem(url) is None


def test_ascii_hosts_and_ip_addresses_are_not_idna_processed():
    # Chromium leaves an ASCII host as it is (an 'xn--' label included, even one that does not decode).
    assert normalize_url("http://xn--zz.localhost/") == "http://xn--zz.localhost/"
    assert normalize_url("http://WWW.Example.localhost/") == "http://www.example.localhost/"
    assert host_problem("http://xn--zz.localhost/") is None and host_problem("http://[::1]:80/") is None


def test_a_refused_name_raises_bad_host_never_another_error():
    for host in [h for h, expected in HOSTS.items() if expected is None] + ["\U000e0001.localhost", "a\ufffd.de"]:
        with pytest.raises(BadHost):
            idna_host(host)


def test_a_seed_with_a_refused_name_is_skipped_with_the_reason():
    frontier = Frontier(["http://a\u200db.localhost/", "http://faß.localhost/"], use_sitemaps=False)
    assert frontier.seeds == ["http://xn--fa-hia.localhost/"]
    [warning] = frontier.warnings
    # Named as repr() writes it: the invisible joiner is seen.
    assert warning.startswith("seed 'http://a\\u200db.localhost/': the host name 'a\\u200db.localhost'")
    assert "not a valid international domain name" in warning and "joiner U+200D" in warning
    [skipped] = frontier.skipped
    assert skipped.reason.startswith("invalid: the host name") and skipped.depth == 0


def test_links_land_on_the_host_chromium_loads(browser_loop):
    """The same names, through Chromium's own URL parser (no request is made): where it makes an
    address, normalize_url makes the same one; where it refuses the name, so does normalize_url."""
    hosts = list(HOSTS)

    async def parse(browser):
        context = await browser.new_context()
        try:
            tab = await context.new_page()
            return await tab.evaluate(
                "(hosts) => hosts.map((h) => { try { return new URL('http://' + h + '/').host; }"
                " catch (e) { return null; } })", hosts)
        finally:
            await context.close()

    chromium = dict(zip(hosts, browser_loop.call(parse), strict=True))
    ours = {host: HOSTS[host] for host in hosts}
    assert ours == chromium
