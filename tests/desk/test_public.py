"""The public side: the request form, its errors, confirmation and the status page."""
from __future__ import annotations

import datetime as dt
import email
import email.policy
import re

from desk.extensions import db
from desk.models import AuditEvent, HelpRequest

from .conftest import VALID, deliver_mail, hidden


def _status_link(html: str) -> str:
    m = re.search(r'href="http://localhost(/request/A11Y-\d{4}-\d{6}\?token=[^"]+)"', html)
    assert m, "no status link on the confirmation page"
    return m.group(1)


def test_home_page_explains_the_desk(client):
    html = client.get("/").get_data(as_text=True)
    for text in ("Who reads your request", "How long it takes", "TTY", "Post:",
                 'href="/request/new"', 'href="/privacy"', 'href="/accessibility"'):
        assert text in html


def test_form_fields_use_the_agreed_names_and_patterns(client):
    html = client.get("/request/new").get_data(as_text=True)
    for name in ("nature", "url", "preferred_format", "preferred_format_other", "name",
                 "email", "phone", "postal_address", "contact_method"):
        assert f'name="{name}"' in html
    assert "novalidate" in html
    assert html.count("<fieldset") == 2 and html.count("<legend") == 2
    for token in ('autocomplete="name"', 'autocomplete="email"', 'autocomplete="tel"',
                  'autocomplete="street-address"'):
        assert token in html
    assert 'aria-describedby="nature-hint"' in html
    assert "E-mail is not secure" in html
    # The honeypot is hidden from assistive technology and out of the tab order.
    assert re.search(r'<div class="hp" aria-hidden="true">\s*<label for="website">', html)
    assert re.search(r'id="website" name="website" value="" tabindex="-1" autocomplete="off"', html)


def test_valid_request_is_stored_and_confirmed(app, public):
    resp = public.submit(nature="Line one\r\nLine two")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    ref = re.search(r"A11Y-(\d{4})-(\d{6})", html)
    assert ref and ref.group(1) == str(dt.datetime.now(dt.UTC).year)
    assert "What happens next" in html
    link = _status_link(html)
    with app.app_context():
        req = HelpRequest.query.one()
        assert req.reference == ref.group(0)
        assert req.url == "https://www.example.gov/forms/benefits.pdf"
        assert req.nature == "Line one\nLine two"
        token = link.split("token=")[1]
        # Only a hash of the token is stored.
        assert token not in (req.token_hash, req.nonce_hash)
        assert len(req.token_hash) == 64
        assert AuditEvent.query.filter_by(action="submitted", reference=req.reference).count() == 1


def test_acknowledgement_due_counts_business_days(app, public):
    public.submit()
    with app.app_context():
        req = HelpRequest.query.one()
        days, day = 0, req.created_at.date()
        while days < 2:
            day += dt.timedelta(days=1)
            if day.weekday() < 5:
                days += 1
        assert req.ack_due == day
        assert req.ack_due.weekday() < 5


def test_status_page_with_token_and_404_without(client, public):
    link = _status_link(public.submit().get_data(as_text=True))
    page = client.get(link)
    assert page.status_code == 200
    assert "New" in page.get_data(as_text=True)
    path, token = link.split("?token=")
    assert client.get(path).status_code == 404
    assert client.get(path + "?token=").status_code == 404
    assert client.get(path + "?token=" + token[:-1] + ("a" if token[-1] != "a" else "b")).status_code == 404
    assert client.get("/request/A11Y-2026-999999?token=" + token).status_code == 404
    not_found = client.get(path)
    assert "Page not found" in not_found.get_data(as_text=True)


def test_errors_summary_title_and_values_kept(client, public):
    resp = public.submit(nature="", email="not-an-email", url="not-a-url", name="Kim <b>")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert "<title>Error: " in html
    assert 'id="error-summary" role="region" tabindex="-1" autofocus' in html
    assert '<a href="#nature">Describe the accessibility problem' in html
    assert '<a href="#email">Enter an e-mail address in the correct format' in html
    assert '<a href="#url">Enter the web address in the correct format' in html
    assert 'aria-describedby="nature-hint nature-error" aria-invalid="true"' in html
    assert re.search(r'id="email" name="email" type="email"\s+value="not-an-email"', html)
    assert 'value="Kim &lt;b&gt;"' in html  # kept, and escaped
    assert 'value="tagged_pdf" checked' in html


def test_radio_group_errors_link_to_the_first_option(public):
    html = public.submit(preferred_format=None, contact_method=None).get_data(as_text=True)
    assert '<a href="#preferred_format-web_page">Choose the format' in html
    assert '<a href="#contact_method-email">Choose how we should contact you' in html
    assert re.search(r'<fieldset class="fieldset" aria-describedby="preferred_format-hint preferred_format-error">', html)


def test_contact_detail_for_the_chosen_method_is_required(public):
    html = public.submit(contact_method="phone", phone="").get_data(as_text=True)
    assert "Enter your phone number" in html
    html = public.submit(contact_method="postal", postal_address="").get_data(as_text=True)
    assert "Enter your postal address" in html
    html = public.submit(contact_method="email", email="").get_data(as_text=True)
    assert "Enter your e-mail address" in html
    html = public.submit(preferred_format="other", preferred_format_other="").get_data(as_text=True)
    assert "Enter the format you would like" in html


def test_unknown_choices_are_refused(app, public):
    html = public.submit(preferred_format="microfiche", contact_method="pigeon").get_data(as_text=True)
    assert "Choose the format" in html and "Choose how we should contact you" in html
    with app.app_context():
        assert HelpRequest.query.count() == 0


def test_oversized_fields_get_a_message_and_keep_the_text(app, public):
    long = "x" * 5001
    html = public.submit(nature=long, phone="1" * 41).get_data(as_text=True)
    assert "5,000 characters or fewer" in html
    assert long in html
    with app.app_context():
        assert HelpRequest.query.count() == 0


def test_request_too_large_for_the_server_gets_a_page(app, client, public):
    resp = public.submit(nature="y" * (app.config["MAX_CONTENT_LENGTH"] + 1))
    assert resp.status_code == 413
    assert "What you sent is too long" in resp.get_data(as_text=True)


def test_control_characters_are_stripped(app, public):
    public.submit(nature="Bell\x07 and\x00 null\x1b[31m and \u202eevil", name="Al\x08ex\tSmith")
    with app.app_context():
        req = HelpRequest.query.one()
        assert req.nature == "Bell and null[31m and evil"
        assert req.name == "Alex Smith"


def test_html_and_script_are_stored_as_text_and_escaped(app, client, public, auth):
    script = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    link = _status_link(public.submit(nature=script, name=script).get_data(as_text=True))
    with app.app_context():
        assert HelpRequest.query.one().nature == script
    auth.login()
    with app.app_context():
        ref = HelpRequest.query.one().reference
    html = client.get(f"/coordinator/requests/{ref}").get_data(as_text=True)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "<script>" not in client.get(link).get_data(as_text=True).replace(
        '<script src="/static/desk.js" defer></script>', "")


def test_phone_and_url_validation(public):
    assert "Enter a phone number" in public.submit(contact_method="phone", phone="call me").get_data(as_text=True)
    assert "Enter a phone number" in public.submit(contact_method="phone", phone="12").get_data(as_text=True)
    for bad in ("http://", "example"):
        assert "Enter the web address in the correct format" in public.submit(url=bad).get_data(as_text=True), bad
    # A space in the site name says so (one in the rest of the address is taken: test_public_input.py).
    assert "Web addresses cannot contain spaces" in public.submit(url="exa mple.gov").get_data(as_text=True)
    for bad in ("javascript:alert(1)", "ftp://example.gov/x"):  # says why: only web addresses are taken
        assert "Only web addresses starting http:// or https:// can be taken" in public.submit(
            url=bad).get_data(as_text=True), bad


def test_url_without_scheme_and_optional(app, public):
    public.submit(url="")
    public.submit(url="http://example.gov/page?x=1")
    with app.app_context():
        urls = sorted(r.url for r in HelpRequest.query.all())
        assert urls == ["", "http://example.gov/page?x=1"]


def test_double_submit_stores_once_and_shows_the_same_link(app, client, public):
    data = public.open_form()
    data.update(VALID)
    first = client.post("/request/new", data=data).get_data(as_text=True)
    second = client.post("/request/new", data=data).get_data(as_text=True)
    assert _status_link(first) == _status_link(second)
    assert "We already had this request" in second
    with app.app_context():
        assert HelpRequest.query.count() == 1
        assert AuditEvent.query.filter_by(action="submitted").count() == 1
    # A fresh form with other answers is a new request (with the same answers, see
    # test_public_resend.py).
    public.submit(nature="Another problem: the video on the home page has no captions.")
    with app.app_context():
        assert HelpRequest.query.count() == 2


def test_missing_csrf_token_redisplays_the_form_with_answers(app, client):
    resp = client.post("/request/new", data=dict(VALID, form_nonce="n" * 43))
    html = resp.get_data(as_text=True)
    assert resp.status_code == 400
    assert "Please send your request again" in html
    assert VALID["nature"] in html
    assert 'value="alex@example.com"' in html
    assert 'value="tagged_pdf" checked' in html
    assert 'name="csrf_token" value="' in html
    with app.app_context():
        assert HelpRequest.query.count() == 0
    # Sending the re-displayed form works.
    data = dict(VALID, csrf_token=hidden(html, "csrf_token"), form_nonce=hidden(html, "form_nonce"))
    assert "Request received" in client.post("/request/new", data=data).get_data(as_text=True)


def test_forged_csrf_token_redisplays_the_form(client, public):
    data = public.open_form()
    data.update(VALID, csrf_token="forged." + data["csrf_token"][7:])
    html = client.post("/request/new", data=data).get_data(as_text=True)
    assert "Please send your request again" in html and VALID["nature"] in html


def test_expired_csrf_token_redisplays_the_form(tmp_path):
    import time

    from itsdangerous import TimestampSigner, URLSafeTimedSerializer

    from .conftest import Public, make_app

    app = make_app(tmp_path, WTF_CSRF_TIME_LIMIT=3600)
    client = app.test_client()
    public = Public(client)
    data = public.open_form()
    data.update(VALID)

    class TwoHoursAgo(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - 7200

    # The session's own token, signed as Flask-WTF signs it but two hours ago: a form
    # left open past the time limit, without waiting for the clock.
    with client.session_transaction() as session:
        raw = session["csrf_token"]
    data["csrf_token"] = URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token",
                                                signer=TwoHoursAgo).dumps(raw)
    resp = client.post("/request/new", data=data)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 400
    assert "Please send your request again" in html and VALID["nature"] in html
    # The form keeps its nonce, so sending it now still can't store it twice.
    assert hidden(html, "form_nonce") == data["form_nonce"]
    # The same token signed now is accepted: it was only its age that was refused.
    data["csrf_token"] = URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token").dumps(raw)
    assert "Request received" in client.post("/request/new", data=data).get_data(as_text=True)


def test_honeypot_stores_nothing_but_keeps_answers(app, public):
    html = public.submit(website="http://spam.example").get_data(as_text=True)
    assert "Please check your answers" in html
    assert VALID["nature"] in html
    assert 'id="website" name="website" value=""' in html
    with app.app_context():
        assert HelpRequest.query.count() == 0


def test_privacy_accessibility_and_health(client):
    privacy = client.get("/privacy").get_data(as_text=True)
    for text in ("What we collect", "Why we collect it", "Who sees it", "How long we keep it",
                 "E-mail is not secure"):
        assert text in privacy
    assert "Accessibility statement" in client.get("/accessibility").get_data(as_text=True)
    health = client.get("/healthz")
    assert health.status_code == 200 and health.get_json()["status"] == "ok"


def test_notifications_hold_only_reference_link_and_timeline(app, public, tmp_path):
    secret_words = "my-secret-description-words"
    html = public.submit(nature=secret_words, phone="202 555 0199", name="Quinn Private",
                         postal_address="1 Hidden Lane").get_data(as_text=True)
    link = _status_link(html)
    assert deliver_mail(app) == 2
    mails = sorted((tmp_path / "outbox").glob("*.eml"))
    assert len(mails) == 2  # acknowledgement + coordinators' alert
    bodies = []
    for path in mails:
        msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        bodies.append(f"To: {msg['To']}\n" + msg.get_content())
    with app.app_context():
        ref = HelpRequest.query.one().reference
    for body in bodies:
        assert ref in body
        for private in (secret_words, "202 555 0199", "Quinn Private", "Hidden Lane"):
            assert private not in body
    ack = next(b for b in bodies if "To: alex@example.com" in b)
    assert link in ack
    alert = next(b for b in bodies if "To: alex@example.com" not in b)
    assert "coordinator@example.gov" in alert and "token=" not in alert


def test_status_page_shows_public_replies_but_not_notes(app, client, public):
    from desk.models import Message

    link = _status_link(public.submit().get_data(as_text=True))
    with app.app_context():
        req = HelpRequest.query.one()
        db.session.add(Message(request=req, kind="reply", body="We are making a tagged PDF."))
        db.session.add(Message(request=req, kind="note", body="internal: ask the web team"))
        db.session.commit()
    html = client.get(link).get_data(as_text=True)
    assert "We are making a tagged PDF." in html
    assert "internal: ask the web team" not in html
    assert "alex@example.com" not in html
