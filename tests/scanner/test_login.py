"""Scripted sign-in (--login FILE, login = "FILE"): a real Chromium signs in to a loopback
site with a form, a session cookie and a redirect to the sign-in page, then scans the
signed-in pages; sign-out links are never followed; a site that signs the scanner out
gets one more sign-in; secrets appear nowhere."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from a11y.cli import main
from a11y.login import LoginError, load
from tests.support import read_results, run_a11y, scan

from .signin_site import PASSWORD, SignInSite, signin_site

LOGIN = """# Sign in as the CI user
- goto: /login
- fill: {selector: "#user", value: "ci-bot"}
- fill: {selector: "#password", value: "${A11Y_TEST_PASSWORD}"}
- click: "button[type=submit]"
- wait_for: "#signed-in"
"""
ENV = {"A11Y_TEST_PASSWORD": PASSWORD}


def _outputs(out) -> str:
    return "\n".join(p.read_text(encoding="utf-8-sig", errors="replace") for p in out.iterdir() if p.is_file()
                     and p.suffix != ".png")


def _scanned(out) -> dict[str, str]:
    return {p["url"].split("/", 3)[3]: p["title"] for p in read_results(out)["pages"] if p["status"] == "scanned"}


def test_signed_in_pages_are_scanned_and_sign_out_is_never_followed(tmp_path):
    """With our checks on, and the login file named in a11y.toml."""
    (tmp_path / "login.yaml").write_text(LOGIN)
    (tmp_path / "a11y.toml").write_text('login = "login.yaml"\n')
    site = SignInSite()
    with signin_site(site) as base:
        proc = scan(f"{base}/account", "--out", "out", "--format", "json,html,md,sarif,junit,csv",
                    cwd=tmp_path, env=ENV, expect=0)
    assert _scanned(tmp_path / "out") == {"account": "Your account", "account/a": "Page A",
                                          "account/b": "Page B", "account/c": "Page C"}
    assert "/logout" not in site.requests and site.sign_ins == 1
    [logout] = [p for p in read_results(tmp_path / "out")["pages"] if p["url"].endswith("/logout")]
    assert logout["status"] == "skipped" and logout["reason"].startswith("excluded")
    for text in (_outputs(tmp_path / "out"), proc.stdout, proc.stderr):
        assert PASSWORD not in text
    assert read_results(tmp_path / "out")["options"]["login"] == "login.yaml"


def test_signed_out_mid_scan_signs_in_once_more(tmp_path):
    (tmp_path / "login.yaml").write_text(LOGIN)
    site = SignInSite(uses=[3, None])  # the first session ends after 3 page loads (its landing page is one)
    with signin_site(site) as base:
        proc = scan(f"{base}/account", "--login", "login.yaml", "--out", "out", "--format", "json",
                    "--checks", "none", "--concurrency", "1", cwd=tmp_path, env=ENV, expect=0)
    assert "signed out while scanning" in proc.stderr and "signing in again" in proc.stderr
    assert site.sign_ins == 2
    assert _scanned(tmp_path / "out") == {"account": "Your account", "account/a": "Page A",
                                          "account/b": "Page B", "account/c": "Page C"}


def test_a_site_that_signs_out_on_every_page_stops_with_exit_3(tmp_path):
    (tmp_path / "login.yaml").write_text(LOGIN)
    site = SignInSite(uses=[1])  # each session serves its landing page, then nothing
    with signin_site(site) as base:
        proc = scan(f"{base}/account", "--login", "login.yaml", "--out", "out", "--format", "json,md",
                    "--checks", "none", cwd=tmp_path, env=ENV, expect=3)
        assert ("a11y: error: the site signed the scanner out again after 2 sign-ins "
                f"({base}/account was sent to the sign-in page); the scan stopped") in proc.stderr
    assert site.sign_ins == 2
    results = read_results(tmp_path / "out")
    assert results["complete"] is False
    [page] = results["pages"]
    assert page["status"] == "error" and page["reason"].startswith("signed out: the site signed the scanner out")


@pytest.mark.parametrize("change, step", [
    ({"value: \"${A11Y_TEST_PASSWORD}\"": "value: \"wrong-${A11Y_TEST_PASSWORD}\""},
     "login.yaml line 6, step 5 (wait_for #signed-in): '#signed-in' did not appear within 3 s "
     "(the page is at {base}/login?error=1)"),
    ({"#user": "#usr"},
     "login.yaml line 3, step 2 (fill #usr): no element matching '#usr' could take it within 3 s "
     "(the page is at {base}/login)"),
])
def test_a_failed_sign_in_names_the_step_with_a_picture(tmp_path, change, step):
    text = LOGIN
    for old, new in change.items():
        text = text.replace(old, new)
    (tmp_path / "login.yaml").write_text(text)
    site = SignInSite()
    with signin_site(site) as base:
        proc = run_a11y("scan", f"{base}/account", "--login", "login.yaml", "--out", "out", "--timeout", "3",
                        cwd=tmp_path, env=ENV)
    assert proc.returncode == 2, proc.stderr
    cause, hint = proc.stderr.strip().splitlines()[-2:]
    assert cause == "a11y: error: sign-in failed at " + step.format(base=base)
    assert hint.startswith("hint: the page at that moment: out/login-failure.png")
    assert (tmp_path / "out" / "login-failure.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert PASSWORD not in proc.stderr + proc.stdout
    assert not (tmp_path / "out" / "results.json").exists()


@pytest.mark.parametrize("text, env, message", [
    ("- goto: /login\n- clik: button\n- wait_for: '#x'\n", {}, "login.yaml line 2, step 2: unknown step 'clik' "
     "(did you mean 'click'? steps are goto, fill, click, press, wait_for)"),
    ("- goto: /login\n- fill: {selector: '#p', value: '${NOT_SET_ANYWHERE}'}\n- wait_for: '#x'\n", {},
     "login.yaml line 2, step 2: the environment variable NOT_SET_ANYWHERE is not set"),
    ("- goto: /login\n- click: button\n", {}, "login.yaml: no wait_for step"),
    ("- goto: /login\n- fill: {selector: '#p'}\n- wait_for: '#x'\n", {}, "login.yaml line 2, step 2: fill needs value"),
    ("- goto: /login\n- wait_for: {load: idle}\n", {}, "step 2: wait_for load 'idle' is not one of load, "
     "domcontentloaded, networkidle"),
    ("- goto: /login\n  click: x\n- wait_for: '#x'\n", {}, "line 1, step 1: a step is one key"),
    ("- goto: [/login\n", {}, "login.yaml line 2: not valid YAML"),
    ("goto: /login\n", {}, "login.yaml: not a list of steps"),
])
def test_a_bad_login_file_is_refused_naming_the_step(tmp_path, text, env, message):
    (tmp_path / "login.yaml").write_text(text)
    with pytest.raises(LoginError) as e:
        load(tmp_path / "login.yaml", env)
    assert message in str(e.value)


def test_a_bad_login_file_exits_2_before_any_browser(tmp_path, monkeypatch):
    (tmp_path / "login.yaml").write_text("- goto: /login\n- clik: button\n- wait_for: '#x'\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["scan", "http://127.0.0.1:9/", "--login", "login.yaml", "--out", "o"])
    assert result.exit_code == 2, result.output
    cause, hint = result.stderr.splitlines()
    assert cause == ("a11y: error: login.yaml line 2, step 2: unknown step 'clik' (did you mean 'click'? steps are "
                     "goto, fill, click, press, wait_for) (--login, from the command line)")
    assert hint.startswith("hint: the login file is a YAML list of steps")


def test_secret_values_are_redacted_from_messages(tmp_path):
    (tmp_path / "login.yaml").write_text(LOGIN)
    script = load(tmp_path / "login.yaml", ENV)
    assert script.redact(f"typed {PASSWORD} into #password") == "typed *** into #password"
    assert str(script.steps[2]) == "login.yaml line 4, step 3 (fill #password)"
