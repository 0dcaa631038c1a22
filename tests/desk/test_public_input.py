"""What people type is kept as they meant it and refused only with a message that says what to
do: right-to-left direction marks kept and the text shown in its own direction, a space in a
web address taken, lengths counted, phone numbers in any digits, Braille asks for an address."""
from __future__ import annotations

import re

import pytest

from desk.extensions import db
from desk.models import HelpRequest, Message
from desk.text import clean_line, clean_text

LRM, RLM, ALM = "\u200e", "\u200f", "\u061c"
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"


def _one(app) -> HelpRequest:
    with app.app_context():
        req = HelpRequest.query.one()
        db.session.expunge(req)
        return req


# 2. Right-to-left text [1.3.2]

def test_direction_marks_and_isolates_typed_on_purpose_are_kept():
    for mark in (LRM, RLM, ALM):
        assert clean_line(f"شارع{mark} 12") == f"شارع{mark} 12"
    isolated = f"الصفحة {LRI}www.example.gov/fees{PDI} لا تعمل"
    assert clean_line(isolated) == isolated
    assert clean_text(f"{RLI}سطر{PDI}\n{FSI}line{PDI}") == f"{RLI}سطر{PDI}\n{FSI}line{PDI}"


def test_overrides_and_embeddings_are_still_taken_out():
    # U+202A-U+202E can make text display in another order than it is stored ("Trojan Source").
    assert clean_line("a\u202ab\u202bc\u202cd\u202de\u202ef") == "abcdef"


def test_isolates_cannot_spread_past_their_line():
    # An unclosed isolate is closed at the end of its line; a stray closing one is dropped.
    assert clean_line(f"{RLI}مرحبا") == f"{RLI}مرحبا{PDI}"
    assert clean_line(f"abc{PDI}def") == "abcdef"
    assert clean_text(f"{RLI}one\ntwo{PDI}") == f"{RLI}one{PDI}\ntwo"


def test_rtl_answers_are_stored_with_their_marks(app, public):
    nature = f"لا أستطيع قراءة الملف {LRI}benefits.pdf{PDI} بقارئ الشاشة{RLM}."
    address = f"شارع الملك{ALM} 12\nالرياض"
    assert "Request received" in public.submit(nature=nature, name=f"سارة{RLM}",
                                               postal_address=address).get_data(as_text=True)
    req = _one(app)
    assert (req.nature, req.name, req.postal_address) == (nature, f"سارة{RLM}", address)


def test_the_form_shows_what_is_typed_in_its_own_direction(client, public):
    html = client.get("/request/new").get_data(as_text=True)
    for field in ("nature", "url", "preferred_format_other", "name", "email", "phone", "postal_address"):
        tag = re.search(rf'<(?:input|textarea) [^>]*id="{field}"[^>]*>', html).group(0)
        assert 'dir="auto"' in tag, field
    # The honeypot and the hidden fields are not text anyone types.
    assert 'dir="auto"' not in re.search(r'<input [^>]*id="website"[^>]*>', html).group(0)
    # Kept answers shown again after an error are in their own direction too.
    html = public.submit(nature="", name="سارة").get_data(as_text=True)
    assert re.search(r'<input [^>]*id="name"[^>]*value="سارة"\s+dir="auto"', html)


def test_the_status_page_shows_replies_and_the_format_in_their_own_direction(app, client, public):
    html = public.submit(preferred_format="other", preferred_format_other="طباعة كبيرة").get_data(as_text=True)
    link = re.search(r'href="http://localhost(/request/[^"]+)"', html).group(1)
    with app.app_context():
        db.session.add(Message(request=HelpRequest.query.one(), kind="reply", body="سنرسل لك الملف."))
        db.session.commit()
    html = client.get(link).get_data(as_text=True)
    assert '<span class="user-text" dir="auto">طباعة كبيرة</span>' in html
    assert '<div class="reply__body" dir="auto">سنرسل لك الملف.</div>' in html


# 3. Error messages that say what to do [3.3.3]

def test_a_space_in_the_path_of_an_address_is_taken_as_percent_20(app, public):
    html = public.submit(url="www.example.gov/forms/my form.pdf").get_data(as_text=True)
    assert "Request received" in html
    assert _one(app).url == "https://www.example.gov/forms/my%20form.pdf"


def test_a_space_in_the_site_name_says_addresses_cannot_contain_spaces(public):
    html = public.submit(url="www.example .gov/forms").get_data(as_text=True)
    assert ('<a href="#url">Web addresses cannot contain spaces: remove the space from the site name '
            "(the part before the first /), like www.example.gov/page</a>") in html
    assert 'value="www.example .gov/forms"' in html  # kept to correct


@pytest.mark.parametrize("field, limit, message", [
    ("nature", 5000, "Describe the problem in 5,000 characters or fewer"),
    ("url", 2000, "The web address must be 2,000 characters or fewer"),
    ("name", 200, "Your name must be 200 characters or fewer"),
    ("postal_address", 1000, "The postal address must be 1,000 characters or fewer"),
])
def test_over_the_limit_says_how_many_were_entered(app, public, field, limit, message):
    html = public.submit(**{field: "é" * (limit + 345)}).get_data(as_text=True)
    assert f"{message}: you entered {limit + 345:,}, 345 too many" in html
    with app.app_context():
        assert HelpRequest.query.count() == 0


@pytest.mark.parametrize("typed, stored", [
    ("+٩٦٦ ٥٠ ١٢٣ ٤٥٦٧", "+966 50 123 4567"),  # Arabic-Indic
    ("۰۲۱ ۱۲۳۴ ۵۶۷۸", "021 1234 5678"),  # Eastern Arabic-Indic (Persian, Urdu)
    ("+९१ ९८७६५ ४३२१०", "+91 98765 43210"),  # Devanagari
    (f"{LRM}+20 2 1234 5678", "+20 2 1234 5678"),  # a direction mark copied with it
])
def test_phone_numbers_in_other_digits_are_accepted(app, public, typed, stored):
    html = public.submit(contact_method="phone", phone=typed, email="").get_data(as_text=True)
    assert "Request received" in html
    assert _one(app).phone == stored


def test_a_phone_number_that_is_not_one_is_still_refused(public):
    for bad in ("call me", "١٢", "+٩٦٦ abc"):
        assert "Enter a phone number, like" in public.submit(contact_method="phone", phone=bad).get_data(
            as_text=True), bad


# 7. Braille is sent by post

def test_braille_without_a_postal_address_asks_for_one(app, public):
    html = public.submit(preferred_format="braille", contact_method="email", postal_address="").get_data(
        as_text=True)
    assert '<a href="#postal_address">Enter your postal address, so that we can send you the Braille</a>' in html
    assert 'id="postal_address-error"' in html
    with app.app_context():
        assert HelpRequest.query.count() == 0
    # With an address it is taken; large print (which can be a file) needs none.
    assert "Request received" in public.submit(preferred_format="braille",
                                               postal_address="1 Example Road").get_data(as_text=True)
    assert "Request received" in public.submit(preferred_format="large_print",
                                               postal_address="").get_data(as_text=True)


def test_the_address_hint_says_when_it_is_needed(client):
    text = " ".join(client.get("/request/new").get_data(as_text=True).split())
    assert ("Needed if you choose post, or if you would like the material in Braille. "
            "Give it too if you would like large print sent on paper.") in text
