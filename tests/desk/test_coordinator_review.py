"""A reviewer's findings on the coordinator side: a filter value the database cannot hold (it gave
a 500), the 500 page a coordinator sees, "Back to the queue" keeping the search and filters (and
the queue's title saying what is listed), opening the sign-out address, and the delay notice in a
coordinator's words."""
from __future__ import annotations

import csv
import io
import re
import shutil
from html import unescape

import pytest

from desk import create_app
from desk.coordinator import delay_for_coordinators
from desk.extensions import db
from desk.models import HelpRequest, User

from .conftest import ADMIN, COORDINATOR, AuthActions, hidden, test_config


def _refs(app) -> dict[str, str]:
    with app.app_context():
        return {r.nature: r.reference for r in HelpRequest.query}


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _title(html: str) -> str:
    return unescape(re.search(r"<title>(.*?)</title>", html, re.S).group(1))


def _main(html: str) -> str:
    return _text(html.split('<main', 1)[1].split("</main>", 1)[0])


# 2. Filter values the queue does not know, and the staff 500 page.

@pytest.mark.parametrize("value", ["99999999999999999999999", "9223372036854775808", "12345", "٣", "²", "-1",
                                   "0", " 1"])
def test_an_assignee_the_queue_does_not_know_is_not_applied(app, client, public, auth, value):
    public.submit(nature="Unknown assignee check")
    auth.login()
    resp = client.get("/coordinator/", query_string={"assignee": value})
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    assert "Unknown assignee check" not in html  # (the description is on the request page only)
    assert _refs(app)["Unknown assignee check"] in html  # listed: the filter did not apply
    assert '<option value="">Anyone</option>' in html  # and the list says so
    assert 'name="assignee"' not in html.split('class="export"', 1)[1].split("</form>", 1)[0]
    token = hidden(html, "csrf_token")
    resp = client.post("/coordinator/export.csv", data={"assignee": value, "csrf_token": token})
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    assert len(list(csv.reader(io.StringIO(resp.get_data(as_text=True))))) == 2


def test_an_inactive_account_is_not_a_filter_but_an_active_one_is(app, client, public, auth):
    public.submit(nature="Assigned check")
    auth.login()
    with app.app_context():
        gone = User(email="gone@example.gov", role="coordinator", active=False)
        gone.set_password("a password nobody uses")
        db.session.add(gone)
        db.session.commit()
        gone_id = gone.id
        admin_id = User.query.filter_by(email=ADMIN).one().id
    ref = _refs(app)["Assigned check"]
    assert ref in client.get(f"/coordinator/?assignee={gone_id}").get_data(as_text=True)
    html = client.get(f"/coordinator/?assignee={admin_id}").get_data(as_text=True)
    assert ref not in html and f'<option value="{admin_id}" selected>' in html


@pytest.fixture
def failing_app(tmp_path, template_db):
    """A desk with a page that fails, as a bug would, and error pages as in production."""
    shutil.copyfile(template_db, tmp_path / "desk.sqlite3")
    app = create_app(test_config(tmp_path, PROPAGATE_EXCEPTIONS=False))

    def fails():
        raise RuntimeError("a bug")

    app.add_url_rule("/coordinator/fails", "fails", fails)
    app.add_url_rule("/fails", "public_fails", fails)
    return app


def test_a_coordinator_s_500_page_speaks_to_staff(failing_app):
    client = failing_app.test_client()
    public_page = client.get("/fails")
    assert public_page.status_code == 500
    assert "contact us by phone or post" in _main(public_page.get_data(as_text=True))
    AuthActions(client).login()
    resp = client.get("/coordinator/fails")
    assert resp.status_code == 500
    main = _main(resp.get_data(as_text=True))
    assert "phone or post" not in main and "call" not in main
    assert "tell the desk's administrator what you were doing and when" in main
    assert "Go to the request queue" in main


# 3. "Back to the queue" keeps the search and filters; the title says what is listed.

def test_back_to_the_queue_keeps_the_search_and_filters(app, client, public, auth):
    public.submit(nature="Rate test one")
    public.submit(nature="Something else")
    auth.login()
    ref = _refs(app)["Rate test one"]
    html = client.get("/coordinator/", query_string={"q": "Rate test", "status": "new",
                                                     "overdue": "0", "scan_failures": ""}).get_data(as_text=True)
    assert _title(html).startswith("Request queue: 1 request matching “Rate test”, status New – ")
    link = unescape(re.search(rf'href="([^"]*/requests/{ref}[^"]*)"', html).group(1))
    assert link == f"/coordinator/requests/{ref}?status=new&q=Rate+test"
    detail = client.get(link).get_data(as_text=True)
    back = unescape(re.search(r'<a href="([^"]*)">Back to the queue</a>', detail).group(1))
    assert back == "/coordinator/?status=new&q=Rate+test"
    queue = client.get(back).get_data(as_text=True)
    assert 'value="Rate test"' in queue and ref in queue

    # An action on the request page comes back to it with them too.
    token = hidden(detail, "csrf_token")
    action = unescape(re.search(r'action="([^"]*/note[^"]*)"', detail).group(1))
    assert action == f"/coordinator/requests/{ref}/note?status=new&q=Rate+test"
    resp = client.post(action, data={"note": "Checked", "csrf_token": token})
    assert resp.headers["Location"] == link


def test_only_the_queue_s_own_checked_values_pass_to_the_back_link(app, client, public, auth):
    public.submit(nature="Passing check")
    auth.login()
    ref = _refs(app)["Passing check"]
    detail = client.get(f"/coordinator/requests/{ref}", query_string={
        "q": "x", "status": "bogus", "assignee": "99999999999999999999999", "criterion": "<b>x</b>",
        "next": "https://evil.example/", "overdue": "1", "from": "queue"}).get_data(as_text=True)
    back = unescape(re.search(r'<a href="([^"]*)">Back to the queue</a>', detail).group(1))
    assert back == "/coordinator/?q=x&overdue=1"


def test_the_queue_title_without_filters_and_with_an_error(app, client, public, auth):
    public.submit()
    auth.login()
    assert _title(client.get("/coordinator/").get_data(as_text=True)).startswith("Request queue – ")
    title = _title(client.get("/coordinator/?criterion=1.1").get_data(as_text=True))
    assert title.startswith("Error: Request queue – ")
    with app.app_context():
        me = User.query.filter_by(email=COORDINATOR).one().id
    html = client.get("/coordinator/?assignee=none&overdue=1&preferred_format=large_print&criterion=1.4.3"
                      "&scan_failures=1").get_data(as_text=True)
    assert _title(html).startswith("Request queue: 0 requests assigned to nobody, format ")
    assert "overdue only, criterion 1.4.3, scan found failures – " in _title(html)
    html = client.get(f"/coordinator/?assignee={me}").get_data(as_text=True)
    assert _title(html).startswith(f"Request queue: 0 requests assigned to {COORDINATOR} – ")


# 4. Opening the sign-out address.

def test_opening_the_sign_out_address_gives_the_sign_out_button(app, client, auth):
    auth.login()
    resp = client.get("/coordinator/logout")
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    main = _main(html)
    assert _title(html).startswith("Sign out – ")
    assert "This address only takes a form" not in main and "request" not in main.split("Go back")[0]
    assert "Signing out takes this button" in main
    form = html.split("<main", 1)[1]
    assert re.search(r'<form method="post" action="/coordinator/logout">\s*<input type="hidden" '
                     r'name="csrf_token" value="[^"]+">\s*<button class="button" type="submit">Sign out</button>', form)
    assert client.get("/coordinator/").status_code == 200  # opening it did not sign out
    resp = client.post("/coordinator/logout", data={"csrf_token": hidden(form, "csrf_token")})
    assert resp.headers["Location"] == "/coordinator/login"
    assert client.get("/coordinator/").status_code == 302


def test_opening_the_sign_out_address_when_signed_out(client):
    resp = client.get("/coordinator/logout")
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    assert _title(html).startswith("You are not signed in – ")
    assert '<a href="/coordinator/login">Sign in to the request queue</a>' in html
    assert "<button" not in html.split("<main", 1)[1]


# 5. The delay notice in a coordinator's words.

def test_the_delay_notice_speaks_to_a_coordinator_and_keeps_the_command_for_the_administrator():
    assert delay_for_coordinators(None) is None
    worker = delay_for_coordinators(("worker", "Scans and e-mail are delayed: jobs have waited 5 minutes and no "
                                               "worker is running. Start one with “flask --app desk worker”."))
    assert worker["summary"] == (
        "Scans of reported pages and e-mails to requesters are delayed: the desk's background worker, "
        "which does this work, seems not to be running. You can carry on working. Tell the desk's "
        "administrator, so they can check the background worker.")
    assert "flask" in worker["details"]
    queue = delay_for_coordinators(("queue", "Scans and e-mail are delayed: the job queue could not be reached. "
                                              "The jobs are kept and will be sent to the queue again when it is back."))
    assert "could not reach its job queue" in queue["summary"] and "flask" not in queue["summary"]
