"""The sign-out patterns (login.SIGN_OUT_PATTERNS, which join --exclude on a scan that carries a
session) take a sign-out word wherever an address spells it as a word: a path segment, a camelCase
or PascalCase word of one (ASP.NET's /Account/LogOff), a file name, a query's name or value; never
the same letters inside another word. Then a real --header scan of a loopback site."""
from __future__ import annotations

import pytest

from a11y.discovery.urls import match_pattern
from a11y.login import SIGN_OUT_PATTERNS
from tests.support import read_results, scan

from .siteserver import counted, page, site

SIGN_OUT = [
    "/account/signOut", "/user/logOut", "/doLogout", "/x?action=logOff", "/SignOut.aspx", "/auth/sign_out",
    "/Account/LogOff", "/logout.php", "/LOGOUT", "/userSignOut", "/a?action=sign-out", "/auth/signoff",
    "/my_log_out", "/Log-Off", "/sign_off", "/account/LogOut?all=1", "/x?logout=1", "/x?next=/&signout=true",
    "/logoutAll", "/logout_all", "/DoSignOff.aspx", "/api/v1/logout/",
]
# Words that hold those letters: the start of the word is after another letter ("blog", "dialog",
# "design", "assign", "analog"), or the word goes on ("output", "outline", "offset", "sign-offs").
OTHER_WORDS = [
    "/blog-outreach", "/catalogue", "/dialog/outline", "/designout", "/design-outline", "/design-office.html",
    "/catalog-outline", "/blogout", "/blogOutreach", "/backlog-outcome", "/analog_out", "/dialogOut",
    "/redesignOutline", "/assign_output", "/consign-off", "/log-output", "/log_output", "/logOutput",
    "/theLogOutput", "/logoutput", "/sign-offset", "/logoffset", "/approvals/signoffs", "/login", "/signup",
]


@pytest.mark.parametrize("path", SIGN_OUT)
def test_a_sign_out_word_of_the_address_is_excluded(path):
    assert match_pattern(f"https://www.example.gov{path}", SIGN_OUT_PATTERNS), path


@pytest.mark.parametrize("path", OTHER_WORDS)
def test_the_letters_inside_another_word_are_not(path):
    assert match_pattern(f"https://www.example.gov{path}", SIGN_OUT_PATTERNS) is None, path


def test_a_header_scan_follows_no_camel_case_sign_out_link_and_scans_the_look_alikes(tmp_path):
    sign_out = ["/account/signOut", "/doLogout", "/Account/LogOff", "/SignOut.aspx", "/auth/sign_out"]
    look_alikes = ["/blog-outreach", "/log-output", "/designout"]
    links = "".join(f'<li><a href="{path}">{path}</a></li>' for path in sign_out + look_alikes)
    hits: list[str] = []
    routes = {"/": page("Home", f"<ul>{links}</ul>")}
    routes |= {path: counted(hits, page("Signed out")) for path in sign_out}
    routes |= {path: page(path.strip("/")) for path in look_alikes}
    with site(routes) as base:
        scan(base + "/", "--header", "Authorization: Bearer t0ken", "--checks", "none", "--no-sitemap",
             "--out", "out", "--format", "json", "--fail-on", "none", cwd=tmp_path, expect=0)
    assert hits == []
    pages = {p["url"].removeprefix(base): p for p in read_results(tmp_path / "out")["pages"]}
    for path in sign_out:
        assert pages[path]["status"] == "skipped" and pages[path]["reason"].startswith("excluded: matches"), path
    assert {path: pages[path]["status"] for path in look_alikes} == dict.fromkeys(look_alikes, "scanned")
