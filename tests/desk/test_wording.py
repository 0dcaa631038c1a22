"""What the desk tells coordinators in its own words: filters that cannot apply, the request's
history, due dates, duplicates, and the web address (findings from a new user's tour)."""
from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest

from desk.extensions import db
from desk.models import HelpRequest

from .conftest import ADMIN, COORDINATOR, AuthActions, hidden, make_app


def _ref(app) -> str:
    with app.app_context():
        return HelpRequest.query.order_by(HelpRequest.id.desc()).first().reference


def _act(client, ref, action, **data):
    token = hidden(client.get(f"/coordinator/requests/{ref}").get_data(as_text=True), "csrf_token")
    return client.post(f"/coordinator/requests/{ref}/{action}", data=dict(data, csrf_token=token))


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize("typed", ["1.1", "banana", "9.9.9"])
def test_an_unknown_criterion_in_the_queue_filter_is_an_error_on_the_filter(app, client, public, auth, typed):
    public.submit()
    auth.login()
    html = client.get("/coordinator/", query_string={"criterion": typed}).get_data(as_text=True)
    assert "<title>Error: Request queue" in html
    assert (f'<p class="error-message" id="criterion-error"><span class="visually-hidden">Error:</span> '
            f"“{typed}” is not a WCAG success criterion number: enter one like 1.4.3") in html
    assert f'value="{typed}"' in html and 'aria-invalid="true"' in html
    assert 'href="#criterion"' in html  # the error summary links to the box
    assert _ref(app) not in html  # not every request, as if the filter had applied
    assert "Download these requests as CSV" not in html


def test_a_known_criterion_filters_without_error(app, client, public, auth):
    public.submit()
    auth.login()
    html = client.get("/coordinator/", query_string={"criterion": "1.4.3"}).get_data(as_text=True)
    assert "criterion-error" not in html and 'value="1.4.3"' in html
    assert "0 requests, newest first" in text_of(html)


def test_history_uses_the_desks_labels(app, client, public, auth):
    public.submit()
    ref = _ref(app)
    auth.login(email=ADMIN)
    _act(client, ref, "status", status="duplicate", duplicate_of=ref)  # refused: not in the history
    _act(client, ref, "status", status="in_progress")
    _act(client, ref, "priority", priority="high")
    _act(client, ref, "due", due_date=(dt.date.today() + dt.timedelta(days=10)).isoformat())
    _act(client, ref, "hold", legal_hold="y")
    html = client.get(f"/coordinator/requests/{ref}").get_data(as_text=True)
    history = text_of(html.split('id="history-heading"')[1])
    assert "Status Status changed from New to In progress" in history
    assert "Priority Priority changed from Normal to High" in history
    due = dt.date.today() + dt.timedelta(days=10)
    assert f"Due date Due date set to {due:%-d %B %Y}" in history
    assert "Legal hold Legal hold placed" in history
    for raw in ("in_progress", "due_date", "legal_hold", "True", "old:", "new:"):
        assert raw not in history, raw


def test_due_dates_in_the_desks_words(app, client, public, auth):
    public.submit()
    ref = _ref(app)
    auth.login()
    html = _act(client, ref, "due", due_date="next friday").get_data(as_text=True)
    assert "Enter the due date as a real date, like 2026-12-31" in html
    assert "Not a valid date value" not in html
    resp = _act(client, ref, "due", due_date="2020-01-01")
    assert resp.status_code == 400
    assert "The due date must be today" in resp.get_data(as_text=True)
    assert "1 January 2020 has passed" in resp.get_data(as_text=True)
    with app.app_context():
        assert HelpRequest.query.one().due_date is None
    assert _act(client, ref, "due", due_date=dt.date.today().isoformat()).status_code == 302


def test_duplicate_of_says_which_problem_it_is(app, client, public, auth):
    public.submit()
    ref = _ref(app)
    auth.login()
    html = _act(client, ref, "status", status="duplicate", duplicate_of=ref).get_data(as_text=True)
    assert "A request cannot be a duplicate of itself" in html
    html = _act(client, ref, "status", status="duplicate", duplicate_of="A11Y-1999-000042").get_data(as_text=True)
    assert "No request has the reference A11Y-1999-000042" in html


@pytest.mark.parametrize("url", ["ftp://files.example.gov/a.pdf", "mailto:help@example.gov", "javascript:alert(1)"])
def test_a_refused_address_says_only_web_addresses_can_be_taken(public, url):
    html = unescape(public.submit(url=url).get_data(as_text=True))
    assert "Only web addresses starting http:// or https:// can be taken" in html


def test_queue_scan_column_and_mail_heading(app, client, public, auth):
    public.submit(url="")
    auth.login()
    queue = text_of(client.get("/coordinator/").get_data(as_text=True))
    assert "No address given" in queue and "None" not in queue
    # The acknowledgement waits for a worker (none runs here): not "not delivered".
    html = text_of(client.get(f"/coordinator/requests/{_ref(app)}").get_data(as_text=True))
    assert "E-mail waiting to be sent" in html and "not delivered" not in html


def test_create_coordinator_refuses_what_is_not_an_e_mail_address(runner):
    result = runner.invoke(args=["create-coordinator", "--email", "not-an-email"],
                           env={"DESK_PASSWORD": "long enough password"})
    assert result.exit_code != 0
    assert "not-an-email is not an e-mail address" in result.output


@pytest.mark.parametrize(("method", "path", "status", "says"), [
    ("get", "/coordinator/requests/A11Y-1999-000000", 404, "search for it in the request queue"),
    ("get", "/coordinator/requests/{ref}/status", 405, "Go back to the request and use its button"),
    ("post", "/coordinator/requests/{ref}/hold", 403, "Ask an administrator"),
])
def test_coordinator_error_pages_use_the_coordinators_layout(app, client, public, auth, method, path, status, says):
    public.submit()
    ref = _ref(app)
    auth.login()  # a coordinator, not an admin
    data = {"csrf_token": auth.csrf(f"/coordinator/requests/{ref}"), "legal_hold": "y"}
    resp = getattr(client, method)(path.format(ref=ref), **({"data": data} if method == "post" else {}))
    assert resp.status_code == status
    html = text_of(resp.get_data(as_text=True))
    assert "Request queue" in html and "Sign out" in html and says in html
    assert app.config["DESK_PHONE"] not in html


def test_past_the_sign_in_rate_limit_the_sign_in_page_says_when(tmp_path):
    from desk.extensions import limiter

    app = make_app(tmp_path, RATELIMIT_ENABLED=True, DESK_RATE_LOGIN="2 per minute")
    limiter.reset()
    try:
        auth = AuthActions(app.test_client())
        for _ in range(2):
            assert auth.login(password="wrong password here").status_code == 200
        resp = auth.login(password="wrong password here")
        assert resp.status_code == 429 and int(resp.headers["Retry-After"]) <= 61
        html = text_of(resp.get_data(as_text=True))
        assert re.search(r"Too many sign-in attempts from this network address\. Try again after \d\d:\d\d UTC "
                         r"\(in about 1 minute\)", html)
        assert "<form" in resp.get_data(as_text=True) and f'value="{COORDINATOR}"' in resp.get_data(as_text=True)
        assert app.config["DESK_PHONE"] not in html
    finally:
        limiter.reset()
        with app.app_context():
            db.engine.dispose()


def test_unknown_criteria_recorded_for_a_request_are_named_in_plain_words():
    from desk.scans.forms import unknown_criteria

    assert unknown_criteria(["9.9.9"]) == (
        "“9.9.9” is not a WCAG success criterion number: enter numbers like 1.1.1 or 1.4.3")
    assert unknown_criteria(["9.9.9", "banana"]) == (
        "“9.9.9” and “banana” are not WCAG success criterion numbers: enter numbers like 1.1.1 or 1.4.3")
    assert unknown_criteria(["a", "b", "c", "d"]) == (
        "“a”, “b” and “c” (and 1 more) are not WCAG success criterion numbers: enter numbers like 1.1.1 or 1.4.3")
