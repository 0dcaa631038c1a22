"""The same request sent again from a new form (Back, then "Send request"; another tab; another
browser) is recognised by its answers: the first request's confirmation again, with a sentence
that the desk already had it, no second reference and no second notification."""
from __future__ import annotations

import datetime as dt
import re
import shutil

from desk import create_app
from desk.extensions import db, limiter
from desk.models import AuditEvent, HelpRequest

from .conftest import VALID, Public, deliver_mail, test_config


def _reference(html: str) -> str:
    return re.search(r'<strong class="reference">(A11Y-\d{4}-\d{6})</strong>', html).group(1)


def _link(html: str) -> str | None:
    m = re.search(r'<p class="status-link"><a href="([^"]+)">', html)
    return m and m.group(1)


def test_back_and_send_again_shows_the_first_request(app, public):
    first = public.submit().get_data(as_text=True)
    # Back fetches the form anew (no-store): a new nonce, the same answers.
    again = public.submit().get_data(as_text=True)
    assert _reference(again) == _reference(first)
    assert "We already had this request" in again
    assert "We have not made a second request or sent you another acknowledgement." in " ".join(again.split())
    # The same browser gets the same status link again.
    assert _link(again) == _link(first)
    with app.app_context():
        assert HelpRequest.query.count() == 1
        assert AuditEvent.query.filter_by(action="submitted").count() == 1
    assert deliver_mail(app) == 2  # the first send's acknowledgement and alert only


def test_the_same_answers_from_another_browser_give_the_reference_but_not_the_link(app, public):
    first = public.submit().get_data(as_text=True)
    other = Public(app.test_client()).submit().get_data(as_text=True)
    assert _reference(other) == _reference(first)
    assert "We already had this request" in other
    assert _link(other) is None and "token=" not in other  # its link comes from the first form
    text = " ".join(other.split())
    assert "Use the private link to your request’s status page that we showed you when you first sent it" in text
    assert "TTY or relay" in text
    with app.app_context():
        assert HelpRequest.query.count() == 1


def test_other_answers_or_a_later_send_are_new_requests(app, public):
    first = _reference(public.submit().get_data(as_text=True))
    for change in (dict(nature=VALID["nature"] + " Also the table has no headers."),
                   dict(preferred_format="braille", contact_method="postal", postal_address="1 Road"),
                   dict(email="sam@example.com")):
        assert _reference(public.submit(**change).get_data(as_text=True)) != first, change
    with app.app_context():
        assert HelpRequest.query.count() == 4
        # Past the hour the same answers are a new request.
        for req in HelpRequest.query.all():
            req.created_at -= dt.timedelta(hours=1, minutes=1)
        db.session.commit()
    assert "We already had" not in public.submit().get_data(as_text=True)
    with app.app_context():
        assert HelpRequest.query.count() == 5


def test_sending_again_is_not_refused_by_the_rate_limit(tmp_path, template_db):
    shutil.copyfile(template_db, tmp_path / "desk.sqlite3")
    app = create_app(test_config(tmp_path, RATELIMIT_ENABLED=True, DESK_RATE_SUBMIT="1 per minute"))
    limiter.reset()
    try:
        public = Public(app.test_client())
        first = public.submit().get_data(as_text=True)
        again = public.submit()
        assert again.status_code == 200 and "We already had this request" in again.get_data(as_text=True)
        assert _reference(again.get_data(as_text=True)) == _reference(first)
        assert public.submit(nature="A different request").status_code == 429
    finally:
        limiter.reset()
        with app.app_context():
            db.engine.dispose()
