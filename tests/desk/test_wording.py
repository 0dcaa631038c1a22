"""What the desk tells coordinators in its own words: filters that cannot apply, the request's
history, due dates, duplicates, and the web address (findings from a new user's tour)."""
from __future__ import annotations

import re

import pytest

from desk.models import HelpRequest

from .conftest import hidden


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
