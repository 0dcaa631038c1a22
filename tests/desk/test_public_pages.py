"""The public pages say where the person is and what happened: distinct titles for the home page,
the form and each of its states [2.4.2]; the whole status address as text [1.4.10]; other ways
to ask wherever the form could not take a request; the status page's dates only while they apply."""
from __future__ import annotations

import re
import shutil

from desk import create_app
from desk.extensions import db, limiter
from desk.models import HelpRequest

from .conftest import VALID, Public, test_config

SITE = " – Accessibility request desk"


def _title(html: str) -> str:
    return " ".join(re.search(r"<title>(.*?)</title>", html, re.S).group(1).split())


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# 4. Page titles [2.4.2]

def test_the_home_page_and_the_form_have_their_own_titles(client):
    home = _title(client.get("/").get_data(as_text=True))
    form = _title(client.get("/request/new").get_data(as_text=True))
    assert home == "Ask for help with content you cannot use" + SITE
    assert form == "Request form: ask for help with accessibility" + SITE
    assert home != form


def test_the_forms_states_say_so_in_the_title(app, client, public, tmp_path, template_db):
    honeypot = public.submit(website="http://spam.example").get_data(as_text=True)
    assert _title(honeypot) == "Not accepted as sent, send your request again – Request form" + SITE
    expired = client.post("/request/new", data=dict(VALID, form_nonce="n" * 43)).get_data(as_text=True)
    assert _title(expired) == "Page expired, send your request again – Request form" + SITE
    errors = public.submit(nature="").get_data(as_text=True)
    assert _title(errors) == "Error: Request form: ask for help with accessibility" + SITE

    folder = tmp_path / "limited"
    folder.mkdir()
    shutil.copyfile(template_db, folder / "desk.sqlite3")
    limited = create_app(test_config(folder, RATELIMIT_ENABLED=True, DESK_RATE_SUBMIT="1 per minute"))
    limiter.reset()
    try:
        other = Public(limited.test_client())
        other.submit(nature="The first request")
        resp = other.submit(nature="The second request")
        assert resp.status_code == 429
        assert _title(resp.get_data(as_text=True)) == "Not sent yet, wait before sending again – Request form" + SITE
        # 6. The rate-limit notice gives TTY or relay as well as the phone number.
        notice = _text(re.search(r'<div class="notice".*?</div>', resp.get_data(as_text=True), re.S).group(0))
        cfg = limited.config
        assert f"If it is urgent, call {cfg['DESK_PHONE']}; by TTY or relay, call {cfg['DESK_TTY']}." in notice
    finally:
        limiter.reset()
        with limited.app_context():
            db.engine.dispose()


# 6. The honeypot's refusal

def test_the_honeypot_refusal_asks_to_send_again_and_gives_other_ways(app, public):
    html = public.submit(website="autofilled by an add-on").get_data(as_text=True)
    notice = _text(re.search(r'<div class="notice".*?</div>', html, re.S).group(0))
    assert "We could not accept your request as it was sent" in notice
    assert "select “Send request” to send it again" in notice
    cfg = app.config
    for way in (f"Phone: {cfg['DESK_PHONE']}", f"TTY or relay: {cfg['DESK_TTY']}", f"Post: {cfg['DESK_POSTAL']}"):
        assert way in notice, way
    assert VALID["nature"] in html  # the answers are kept
    # Sending it again, the hidden box empty, works.
    assert "Request received" in public.client.post("/request/new", data=dict(
        VALID, csrf_token=re.search(r'name="csrf_token" value="([^"]+)"', html).group(1),
        form_nonce=re.search(r'name="form_nonce" value="([^"]+)"', html).group(1))).get_data(as_text=True)


def test_the_honeypot_is_hidden_from_assistive_technology_and_autofill(client):
    html = client.get("/request/new").get_data(as_text=True)
    box = re.search(r'<div class="hp"[^>]*>(.*?)</div>', html, re.S)
    assert 'aria-hidden="true"' in box.group(0)
    field = re.search(r'<input [^>]*id="website"[^>]*>', box.group(1)).group(0)
    for attr in ('tabindex="-1"', 'autocomplete="off"', 'data-lpignore="true"', "data-1p-ignore",
                 "data-bwignore"):
        assert attr in field, attr


# 5. The whole status address as text [1.4.10]

def test_the_confirmation_shows_the_whole_status_address_as_text(app, public):
    html = public.submit().get_data(as_text=True)
    link = re.search(r'<p class="status-link"><a href="([^"]+)">', html).group(1)
    assert re.search(rf'<p class="status-address-text" id="status-address-text" dir="ltr" translate="no">'
                     rf'<code>{re.escape(link)}</code></p>', html)
    # The box and its copy button are still there.
    assert re.search(rf'<input [^>]*id="status-address" [^>]*value="{re.escape(link)}"', html)
    assert 'data-copy="status-address"' in html


# 8. The status page's dates only while they apply

def test_acknowledgement_due_is_shown_only_until_the_request_is_acknowledged(app, client, public):
    html = public.submit().get_data(as_text=True)
    link = re.search(r'href="http://localhost(/request/[^"]+)"', html).group(1)
    assert "Acknowledgement due by" in client.get(link).get_data(as_text=True)
    for status in ("acknowledged", "in_progress", "waiting_on_requester", "resolved", "closed", "duplicate"):
        with app.app_context():
            HelpRequest.query.one().status = status
            db.session.commit()
        page = client.get(link).get_data(as_text=True)
        assert "Acknowledgement due by" not in page, status
        assert "Received" in page
