"""The public form never strands its user: rate limits and long text keep the answers,
required questions say so, the confirmation keeps the status link easy to keep, odd bytes
get a clear answer, and a post from another site is refused without echoing it."""
from __future__ import annotations

import re
import shutil
from html import unescape
from html.parser import HTMLParser

import pytest
from wtforms.validators import DataRequired, InputRequired, Length

from desk import create_app
from desk import forms as desk_forms
from desk.extensions import db, limiter
from desk.models import HelpRequest

from .conftest import VALID, Public, hidden, test_config

# The most bytes one character can take in a form post: a 4-byte UTF-8 character,
# percent-encoded (%F0%9F%98%80).
WORST_BYTES_PER_CHARACTER = 12


def _forms():
    return [cls for cls in vars(desk_forms).values()
            if isinstance(cls, type) and issubclass(cls, desk_forms.FlaskForm) and cls is not desk_forms.FlaskForm]


@pytest.mark.parametrize("form_cls", _forms(), ids=lambda c: c.__name__)
def test_the_request_size_limit_is_above_what_the_character_limits_allow(app, form_cls):
    with app.test_request_context():
        form = form_cls(meta={"csrf": False})
        most = sum(v.max for field in form for v in field.validators if isinstance(v, Length) and v.max > 0)
    # Field names, the CSRF token, the nonce and radio values: well under 4 KiB.
    assert most * WORST_BYTES_PER_CHARACTER + 4096 <= app.config["MAX_CONTENT_LENGTH"], form_cls.__name__


def test_long_text_in_any_script_gets_the_fields_own_message_with_answers_kept(app, public):
    long_cjk = "無障礙" * 2500  # 7,500 characters, 22,500 bytes, 67,500 percent-encoded
    resp = public.submit(nature=long_cjk)
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    assert "Describe the problem in 5,000 characters or fewer" in html
    assert long_cjk in html and VALID["email"] in html
    # Every field at its limit in 4-byte characters still reaches the form's own checks.
    emoji = "😀"
    resp = public.submit(nature=emoji * 5000, url=emoji * 2000, name=emoji * 200,
                         postal_address=emoji * 1000, preferred_format="other",
                         preferred_format_other=emoji * 200, phone=emoji * 40, email=emoji * 254)
    assert resp.status_code == 200
    assert "Enter the web address in the correct format" in resp.get_data(as_text=True)
    with app.app_context():
        assert HelpRequest.query.count() == 0


def test_a_very_long_paste_gets_the_fields_own_message_with_answers_kept(app, public):
    """Regression: 30,000 CJK characters (270 KB percent-encoded) got the bare "too long" page,
    the form gone. Any paste a person could make reaches the form's own checks."""
    for paste in ("無障礙" * 10_000, "😀" * 300_000):  # 270 KB; 3.6 MB
        resp = public.submit(nature=paste)
        assert resp.status_code == 200
        page = resp.get_data(as_text=True)
        assert "Describe the problem in 5,000 characters or fewer" in page
        assert paste in page and VALID["email"] in page


def test_beyond_the_cap_the_page_names_the_limit_and_the_back_button(app, public):
    resp = public.submit(nature="y" * (app.config["MAX_CONTENT_LENGTH"] + 1))
    assert resp.status_code == 413
    text = " ".join(unescape(resp.get_data(as_text=True)).split())
    assert "The desk accepts up to 4 MB of text in one form" in text
    assert "use your browser's Back button to return to the form with them" in text


class _Questions(HTMLParser):
    """The text of each question (label or legend) by the id of the field it names."""

    def __init__(self):
        super().__init__()
        self.labels: dict[str, str] = {}
        self._for: str | None = None
        self._legend = False
        self._legend_text = ""
        self._fieldset_legend: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label":
            self._for = attrs.get("for")
            self.labels.setdefault(self._for, "")
        elif tag == "legend":
            self._legend, self._legend_text = True, ""
        elif tag == "fieldset":
            self._fieldset_legend = None
        elif tag == "input" and attrs.get("type") == "radio" and self._fieldset_legend:
            self.labels.setdefault(attrs.get("name"), self._fieldset_legend)

    def handle_endtag(self, tag):
        if tag == "label":
            self._for = None
        elif tag == "legend":
            self._legend = False
            self._fieldset_legend = self._legend_text.strip()

    def handle_data(self, data):
        if self._for:
            self.labels[self._for] += data
        if self._legend:
            self._legend_text += data


def test_every_required_question_says_so_before_anyone_submits(client):
    html = client.get("/request/new").get_data(as_text=True)
    assert "All questions are optional except where they say they are needed." in html
    parser = _Questions()
    parser.feed(html)
    form = desk_forms.RequestForm
    required = [name for name, field in vars(form).items()
                if hasattr(field, "kwargs")
                and any(isinstance(v, (DataRequired, InputRequired)) for v in field.kwargs.get("validators", []))]
    assert sorted(required) == ["contact_method", "nature", "preferred_format"]
    for name in required:
        assert "(needed)" in parser.labels[name], (name, parser.labels[name])
    # And the optional ones do not claim to be needed.
    for name in ("url", "name"):
        assert "(needed)" not in parser.labels[name]


def test_the_confirmation_keeps_the_status_link_easy_to_keep(app, public):
    html = public.submit().get_data(as_text=True)
    with app.app_context():
        ref = HelpRequest.query.one().reference
    assert re.search(rf"<title>Request received: {ref} – ", html)
    link = re.search(r'<p class="status-link"><a href="([^"]+)">([^<]+)</a>', html)
    assert link.group(2) == f"Status of request {ref}"  # short text, not the address
    # The address itself, in a field that can be selected and copied without script.
    assert re.search(rf'<input [^>]*id="status-address" type="text" readonly [^>]*value="{re.escape(link.group(1))}"',
                     html)
    assert re.search(r'<button [^>]*data-copy="status-address" hidden>Copy the address</button>', html)
    assert ("then for 1095 days after it is resolved, closed or marked as a duplicate of another request. "
            "After that we destroy it, with your contact details, and the link stops working.") \
        in " ".join(html.split())


@pytest.fixture
def limited(tmp_path, template_db):
    shutil.copyfile(template_db, tmp_path / "desk.sqlite3")
    app = create_app(test_config(tmp_path, RATELIMIT_ENABLED=True, DESK_RATE_SUBMIT="2 per minute"))
    limiter.reset()
    yield app
    limiter.reset()


def test_the_rate_limit_keeps_every_answer_and_says_when_to_try_again(limited):
    public = Public(limited.test_client())
    # Attempts that fail validation do not count: only stored requests do.
    for _ in range(3):
        assert "There is a problem" in public.submit(nature="").get_data(as_text=True)
    assert public.submit(nature="first").status_code == 200
    assert public.submit(nature="second").status_code == 200
    answers = dict(nature="Third: the chart on the budget page has no description",
                   preferred_format="audio", contact_method="phone", phone="202 555 0123", email="")
    resp = public.submit(**answers)
    assert resp.status_code == 429
    assert int(resp.headers["Retry-After"]) > 0
    html = resp.get_data(as_text=True)
    assert "Please wait before sending your request" in html
    assert re.search(r"Try again in about \d+ minutes? \(after \d\d:\d\d UTC\)", html)
    assert "Back" not in html
    assert answers["nature"] in html and 'value="202 555 0123"' in html
    assert re.search(r'value="audio"\s+checked', html) and re.search(r'value="phone"\s+checked', html)
    # The refused one was not stored.
    with limited.app_context():
        assert HelpRequest.query.count() == 2
        db.session.remove()


def test_a_status_lookup_past_its_limit_says_to_wait_not_to_go_back(tmp_path, template_db):
    shutil.copyfile(template_db, tmp_path / "desk.sqlite3")
    app = create_app(test_config(tmp_path, RATELIMIT_ENABLED=True, DESK_RATE_STATUS="1 per minute"))
    limiter.reset()
    client = app.test_client()
    client.get("/request/A11Y-2026-000001?token=x")
    resp = client.get("/request/A11Y-2026-000001?token=x")
    limiter.reset()
    assert resp.status_code == 429
    html = resp.get_data(as_text=True)
    assert "Back" not in html and "Wait a minute, then try again." in html


def test_a_post_from_another_site_is_refused_without_its_answers(client):
    attack = dict(VALID, nature="ATTACKER-CHOSEN words", email="attacker@evil.example")
    for headers in ({"Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"},
                    {"Origin": "null"},
                    {"Referer": "http://evil.example/form.html"}):
        resp = client.post("/request/new", data=attack, headers=headers)
        assert resp.status_code == 400, headers
        html = resp.get_data(as_text=True)
        assert "ATTACKER-CHOSEN" not in html and "attacker@evil.example" not in html
        assert "sent from another website" in html
        assert 'href="/request/new"' in html


def test_a_post_from_this_site_whose_session_expired_keeps_its_answers(client):
    answers = dict(VALID, nature="Typed before the session expired")
    for headers in ({"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"},
                    {"Origin": "http://localhost"}, {}):
        resp = client.post("/request/new", data=answers, headers=headers)  # no session, no token
        assert resp.status_code == 400, headers
        html = resp.get_data(as_text=True)
        assert "Please send your request again" in html and answers["nature"] in html


@pytest.mark.parametrize("path, status", [
    ("/request/A11Y%00?token=x", 404),
    ("/request/A11Y-2026-000001%00?token=x", 404),
    ("/request/A11Y-2026-000001?token=x%00", 400),
    ("/request/new?x=%00", 400),
    ("/privacy%00", 404),
])
def test_a_nul_byte_gets_a_clear_answer(client, path, status):
    resp = client.get(path)
    assert resp.status_code == status
    assert "<h1>" in resp.get_data(as_text=True)


def test_a_nul_byte_in_a_form_is_taken_out_and_nothing_is_lost(app, public):
    resp = public.submit(nature="Null\x00 byte in the middle")
    assert "Request received" in resp.get_data(as_text=True)
    with app.app_context():
        assert HelpRequest.query.one().nature == "Null byte in the middle"


def test_a_second_submit_of_a_stored_form_is_not_refused_by_the_limit(limited):
    client = limited.test_client()
    html = client.get("/request/new").get_data(as_text=True)
    data = dict(VALID, csrf_token=hidden(html, "csrf_token"), form_nonce=hidden(html, "form_nonce"))
    assert client.post("/request/new", data=data).status_code == 200
    Public(client).submit(nature="A second, different request")
    # The limit is reached, but the first form sent again (a reload) still shows its confirmation.
    again = client.post("/request/new", data=data)
    assert again.status_code == 200 and "We already had this request" in again.get_data(as_text=True)
