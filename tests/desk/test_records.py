"""The records schedule: nothing of a destroyed request survives anywhere the desk writes
(database file, its WAL, the outbox, the logs), duplicates included, on the day the pages name."""
from __future__ import annotations

import datetime as dt
import logging
import re
import sqlite3
from pathlib import Path

import httpx

from desk.extensions import db
from desk.models import HelpRequest
from desk.purge import purge

from .conftest import ADMIN, PASSWORD, VALID, deliver_mail, make_app, serving
from .test_coordinator import _act, _ref

# Everything the purged requester told us, and what a coordinator searched for it with.
PURGED = {
    "nature": "ZQXPURGED the survey form times out before I can finish it",
    "url": "www.example.gov/zqxpurged-survey",
    "name": "Zebulon Qxpurged",
    "email": "zebulon.qxpurged@example.com",
    "phone": "+1 202 555 0177",
    "postal_address": "77 Qxpurged Crescent, Springfield",
}
SEARCHES = ("zebulon.qxpurged@example.com", "Zebulon Qxpurged", "qxpurged-survey")
KEPT = {"nature": "KEEPZQX the map on the office page has no text alternative",
        "email": "keeper.zqx@example.com"}


class Browser:
    """An HTTP client that fills in forms as a browser would (CSRF token from the page)."""

    def __init__(self, base: str):
        self.http = httpx.Client(base_url=base)

    def _hidden(self, path: str, name: str) -> str:
        html = self.http.get(path).text
        return re.search(rf'name="{name}" value="([^"]*)"', html).group(1)

    def submit(self, **answers) -> httpx.Response:
        html = self.http.get("/request/new").text
        fields = dict(VALID, **answers)
        for name in ("csrf_token", "form_nonce"):
            fields[name] = re.search(rf'name="{name}" value="([^"]*)"', html).group(1)
        return self.http.post("/request/new", data=fields)

    def sign_in(self):
        token = self._hidden("/coordinator/login", "csrf_token")
        resp = self.http.post("/coordinator/login", data={"email": ADMIN, "password": PASSWORD,
                                                          "csrf_token": token})
        assert resp.status_code == 302

    def post(self, path: str, page: str, **data) -> httpx.Response:
        return self.http.post(path, data=dict(data, csrf_token=self._hidden(page, "csrf_token")))


def _contents(tmp_path: Path) -> dict[str, bytes]:
    """Every file the desk wrote: the database, its WAL (if open), and each outbox message."""
    out = {}
    for name in ("desk.sqlite3", "desk.sqlite3-wal"):
        if (tmp_path / name).exists():
            out[name] = (tmp_path / name).read_bytes()
    for message in sorted((tmp_path / "outbox").glob("*.eml")):
        out[f"outbox/{message.name}"] = message.read_bytes()
    return out


class Captured(logging.Handler):
    """Every log record from the moment it is attached (the migrations' logging set-up,
    which replaces the root logger's handlers, has run by then)."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record):
        # httpx and httpcore log for this test's own HTTP client (the stand-in for a browser).
        if record.name.split(".")[0] not in ("httpx", "httpcore"):
            self.lines.append(self.format(record))

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def test_nothing_of_a_purged_request_survives_anywhere(tmp_path):
    app = make_app(tmp_path)
    logs = Captured()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(logs)
    root.setLevel(logging.DEBUG)
    try:
        _purged_everywhere(app, tmp_path, logs)
    finally:
        root.removeHandler(logs)
        root.setLevel(old_level)


def _purged_everywhere(app, tmp_path, logs):
    with serving(app) as base:
        person = Browser(base)
        assert "Request received" in person.submit(**KEPT).text
        confirmation = person.submit(contact_method="email", **PURGED).text
        assert "the message is on its way" in confirmation
        ref = re.search(r'class="reference">([^<]+)<', confirmation).group(1)

        coordinator = Browser(base)
        coordinator.sign_in()
        for q in SEARCHES:
            queue = coordinator.http.get("/coordinator/", params={"q": q}).text
            assert ref in queue, q
        export = coordinator.post("/coordinator/export.csv", "/coordinator/", q=SEARCHES[0])
        assert export.status_code == 200 and PURGED["nature"] in export.text
        detail = f"/coordinator/requests/{ref}"
        for action, data in (("note", {"note": f"Called {PURGED['name']} back"}),
                             ("reply", {"reply": "We have sent the form as plain text."}),
                             ("status", {"status": "resolved"})):
            assert coordinator.post(f"{detail}/{action}", detail, **data).status_code == 302
    assert deliver_mail(app) == 6  # per request an acknowledgement and an alert; the reply; the status
    mail_before = _contents(tmp_path)
    assert [n for n in mail_before if n.startswith(f"outbox/{ref}--")], "no mail about the request"
    # The searches did reach the logs that were captured (redacted): the search below is real.
    assert "GET /coordinator/?q=[redacted]" in logs.text

    with app.app_context():
        HelpRequest.query.filter_by(reference=ref).one().closed_at -= dt.timedelta(days=31)
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["purge-expired", "--older-than-days", "30"])
    assert result.output == "Destroyed 1 request(s) closed more than 30 day(s) ago.\n"

    # Searched while the desk still has the database open (its WAL is there), and again after.
    for moment in ("open", "closed"):
        files = _contents(tmp_path)
        assert "desk.sqlite3" in files
        for value in (*PURGED.values(), *SEARCHES):
            needles = {value, value.lower(), value.replace(" ", "")}
            for name, data in files.items():
                for needle in needles:
                    assert needle.encode() not in data, f"{needle!r} in {name} ({moment})"
            leaks = [line for line in logs.lines if value.lower() in line.lower()]
            assert not leaks, leaks
        # The search itself works: what was kept is found.
        assert KEPT["nature"].encode() in files["desk.sqlite3"] + files.get("desk.sqlite3-wal", b"")
        assert any(KEPT["email"].encode() in data for name, data in files.items() if name.startswith("outbox/"))
        assert not [n for n in files if n.startswith(f"outbox/{ref}--")]
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    con = sqlite3.connect(tmp_path / "desk.sqlite3")
    assert con.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    con.close()


def test_duplicates_are_destroyed_on_the_day_the_pages_name(app, client, public, auth):
    public.submit(nature="The original request")
    first = _ref(app)
    public.submit(nature="ZQXDUPLICATE the same problem again")
    dup = _ref(app, nature="ZQXDUPLICATE the same problem again")
    auth.login(email=ADMIN)
    assert _act(client, dup, "status", status="duplicate", duplicate_of=first).status_code == 302
    with app.app_context():
        req = HelpRequest.query.filter_by(reference=dup).one()
        closed_at = req.closed_at
        assert closed_at is not None  # marking it duplicate starts the retention clock
    days = app.config["DESK_RETENTION_DAYS"]
    destroy_on = (closed_at + dt.timedelta(days=days)).date() + dt.timedelta(days=1)
    said = f"it will be destroyed on {destroy_on:%-d %B %Y}, {days} days after it was marked duplicate"
    assert said in client.get(f"/coordinator/requests/{dup}").get_data(as_text=True)

    with app.app_context():
        day_before = dt.datetime.combine(destroy_on - dt.timedelta(days=1), dt.time(23, 59))
        assert purge(days, now=day_before) == []
        assert purge(days, now=dt.datetime.combine(destroy_on, dt.time(0, 1))) == [dup]
        assert [r.reference for r in HelpRequest.query] == [first]


def test_every_finishing_status_names_its_destruction_day(app, client, public, auth):
    auth.login(email=ADMIN)
    for status in ("resolved", "closed", "duplicate"):
        public.submit(nature=f"finished as {status}")
    public.submit(nature="The one the others duplicate")
    other = _ref(app, nature="The one the others duplicate")
    for status in ("resolved", "closed", "duplicate"):
        ref = _ref(app, nature=f"finished as {status}")
        _act(client, ref, "status", status=status, duplicate_of=other if status == "duplicate" else "")
        page = client.get(f"/coordinator/requests/{ref}").get_data(as_text=True)
        assert re.search(r"it will be destroyed on \d+ \w+ \d{4}", page), status
    # Not finished: the rule, not a day.
    page = client.get(f"/coordinator/requests/{other}").get_data(as_text=True)
    assert "destroyed 1095 days after it is resolved, closed or marked duplicate" in page
