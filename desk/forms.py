"""WTForms for every form on the desk. Validation happens on the server only (novalidate)."""
from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit, urlunsplit

from email_validator import EmailNotValidError, validate_email
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from .models import CONTACT_METHODS, FORMATS, PRIORITIES, STATUSES
from .text import clean_line, clean_text

_HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$")
_PHONE_CHARS = re.compile(r"^[0-9+().\-\s/x#ext]*$", re.IGNORECASE)


def normalise_url(value: str) -> str:
    """Accept 'example.gov/page' as well as 'https://example.gov/page'; raise ValueError if not a web address."""
    if not value:
        return ""
    if re.match(r"^[a-z][a-z0-9+.-]*:(?!\d)(?!//)", value, re.I):
        raise ValueError("scheme")  # mailto:, javascript:, data: ... (but not host:port)
    candidate = value if re.match(r"^[a-z][a-z0-9+.-]*://", value, re.I) else "https://" + value
    parts = urlsplit(candidate)
    if parts.scheme.lower() not in ("http", "https"):
        raise ValueError("scheme")
    if re.search(r"\s", parts.netloc):
        raise ValueError("space")  # "www.example .gov": which of the two was meant is not ours to guess
    if parts.username is not None or parts.password is not None:
        raise ValueError("credentials")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise ValueError("host")
    if re.search(r"\s", candidate):
        # A space in the path, like "forms/my form.pdf" (a file name copied from a link's text):
        # written as %20, as a browser does, the address is the one meant.
        candidate = urlunsplit(parts._replace(path=_spaces(parts.path), query=_spaces(parts.query),
                                              fragment=_spaces(parts.fragment)))
        if len(candidate) > URL_MAX:
            raise ValueError("spaces-long")
    try:
        host_ascii = host.encode("idna").decode()
    except UnicodeError as exc:
        raise ValueError("host") from exc
    if not (_HOST.match(host_ascii) and ("." in host_ascii or host_ascii == "localhost")):
        raise ValueError("host")
    return candidate


URL_MAX = 2000


def _spaces(part: str) -> str:
    return re.sub(r"\s", "%20", part)


# Why normalise_url refused an address, in words that say what to do.
URL_MESSAGES = {
    "space": "Web addresses cannot contain spaces: remove the space from the site name "
             "(the part before the first /), like www.example.gov/page",
    "scheme": "Only web addresses starting http:// or https:// can be taken (not ftp:, mailto: or others): "
              "enter one like www.example.gov/page, or leave the box empty",
    "spaces-long": f"With each space written as %20, the web address is longer than {URL_MAX:,} characters: "
                   "remove the spaces, or leave the box empty and tell us where the material is in the description",
    "credentials": "Enter the web address without a user name or password, like www.example.gov/page",
    "host": "Enter the web address in the correct format, like www.example.gov/page",
}


class CountedLength(Length):
    """Length's check, whose message also says how many characters were entered and how many
    too many that is (the message given ends without a full stop)."""

    def __call__(self, form, field):
        entered = len(field.data or "")
        if self.max != -1 and entered > self.max:
            raise ValidationError(f"{self.message}: you entered {entered:,}, "
                                  f"{entered - self.max:,} too many")
        super().__call__(form, field)


def _no_marks(value: str) -> str:
    """Without direction marks and isolates (kept in text, see text.py): in an address or a
    number they only change how it displays, and copied from right-to-left text they come along."""
    return "".join(ch for ch in value if unicodedata.category(ch) != "Cf")


def phone_digits(value: str) -> str:
    """The number with every decimal digit written 0-9 (Arabic-Indic ٠١٢, Eastern Arabic-Indic
    ۰۱۲, Devanagari ०१२, full-width ０１２ ...) and direction marks, which only set how it
    displays, taken out."""
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in _no_marks(value))


def choices(mapping) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in dict(mapping).items()]


def _line(value):
    return clean_line(value) if isinstance(value, str) else value


def _text(value):
    return clean_text(value) if isinstance(value, str) else value


class RequestForm(FlaskForm):
    nature = TextAreaField(
        "What is the accessibility problem? (needed)",
        filters=[_text],
        validators=[
            DataRequired("Describe the accessibility problem you are having"),
            CountedLength(max=5000, message="Describe the problem in 5,000 characters or fewer"),
        ],
    )
    url = StringField(
        "Web address of the material (optional)",
        filters=[_line],
        validators=[CountedLength(max=URL_MAX, message="The web address must be 2,000 characters or fewer")],
    )
    preferred_format = RadioField(
        "In which format would you like the material? (needed)",
        choices=choices(FORMATS),
        validators=[InputRequired("Choose the format you would like the material in")],
        validate_choice=False,
    )
    preferred_format_other = StringField(
        "Other format",
        filters=[_line],
        validators=[CountedLength(max=200, message="The other format must be 200 characters or fewer")],
    )
    name = StringField(
        "Your name (optional)",
        filters=[_line],
        validators=[CountedLength(max=200, message="Your name must be 200 characters or fewer")],
    )
    email = EmailField(
        "E-mail address",
        filters=[_line],
        validators=[CountedLength(max=254, message="The e-mail address must be 254 characters or fewer")],
    )
    phone = StringField(
        "Phone number",
        filters=[_line],
        validators=[CountedLength(max=40, message="The phone number must be 40 characters or fewer")],
    )
    postal_address = TextAreaField(
        "Postal address",
        filters=[_text],
        validators=[CountedLength(max=1000, message="The postal address must be 1,000 characters or fewer")],
    )
    contact_method = RadioField(
        "How should we contact you? (needed)",
        choices=choices(CONTACT_METHODS),
        validators=[InputRequired("Choose how we should contact you")],
        validate_choice=False,
    )
    # Honeypot: people never see it; a program filling every field does.
    website = StringField("Leave this field empty", filters=[_line])
    form_nonce = HiddenField()

    def validate_url(self, field):
        try:
            field.data = normalise_url(_no_marks(field.data or ""))
        except ValueError as exc:
            raise ValidationError(URL_MESSAGES.get(str(exc), URL_MESSAGES["host"])) from None

    def validate_preferred_format(self, field):
        if field.data not in FORMATS:
            raise ValidationError("Choose the format you would like the material in")

    def validate_preferred_format_other(self, field):
        if self.preferred_format.data == "other" and not field.data:
            raise ValidationError("Enter the format you would like the material in")

    def validate_contact_method(self, field):
        if field.data not in CONTACT_METHODS:
            raise ValidationError("Choose how we should contact you")

    def validate_email(self, field):
        if not field.data:
            if self.contact_method.data == "email":
                raise ValidationError("Enter your e-mail address, so that we can contact you by e-mail")
            return
        try:
            field.data = validate_email(_no_marks(field.data), check_deliverability=False).normalized
        except EmailNotValidError:
            raise ValidationError(
                "Enter an e-mail address in the correct format, like name@example.com"
            ) from None

    def validate_phone(self, field):
        if not field.data:
            if self.contact_method.data == "phone":
                raise ValidationError("Enter your phone number, so that we can call you")
            return
        number = phone_digits(field.data)
        digits = re.sub(r"[^0-9]", "", number)
        if not _PHONE_CHARS.match(number) or not 7 <= len(digits) <= 15:
            raise ValidationError("Enter a phone number, like 202 555 0100 or +44 20 7946 0000")
        field.data = number  # stored with the digits 0-9, which every phone and coordinator reads

    def validate_postal_address(self, field):
        if field.data:
            return
        if self.contact_method.data == "postal":
            raise ValidationError("Enter your postal address, so that we can write to you")
        if self.preferred_format.data == "braille":
            # Braille is sent on paper; large print can be a file, so it needs no address.
            raise ValidationError("Enter your postal address, so that we can send you the Braille")


class LoginForm(FlaskForm):
    email = EmailField(
        "E-mail address",
        filters=[_line],
        validators=[DataRequired("Enter your e-mail address"), Length(max=254)],
    )
    password = PasswordField(
        "Password", validators=[DataRequired("Enter your password"), Length(max=1000)]
    )


class EmptyForm(FlaskForm):
    """CSRF only: log out, export confirmations, legal hold buttons."""


class StatusForm(FlaskForm):
    status = SelectField("Status", choices=choices(STATUSES), validate_choice=True)
    duplicate_of = StringField(
        "Duplicate of (reference)", filters=[_line], validators=[Length(max=32)]
    )

    def validate_duplicate_of(self, field):
        if self.status.data == "duplicate" and not field.data:
            raise ValidationError("Enter the reference of the request this one duplicates")


class AssignForm(FlaskForm):
    assignee = SelectField("Assign to", choices=[], validate_choice=True)


class PriorityForm(FlaskForm):
    priority = SelectField("Priority", choices=choices(PRIORITIES), validate_choice=True)


class NoteForm(FlaskForm):
    note = TextAreaField(
        "Internal note",
        filters=[_text],
        validators=[DataRequired("Enter the note"), Length(max=10000)],
    )


class ReplyForm(FlaskForm):
    reply = TextAreaField(
        "Public reply",
        filters=[_text],
        validators=[DataRequired("Enter the reply"), Length(max=10000)],
    )


class _DueDateField(DateField):
    """A date input's value (YYYY-MM-DD), with the desk's own message when it is not a date."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError("Enter the due date as a real date, like 2026-12-31 "
                             "(year, month, day), or leave it empty") from None


class DueForm(FlaskForm):
    due_date = _DueDateField("Due date", validators=[Optional()])


class HoldForm(FlaskForm):
    legal_hold = BooleanField("On legal hold")


UNDECLARED_MAX = 100  # a field with no length of its own (a choice, a date, a box ticked)


def max_lengths(form: FlaskForm) -> dict[str, int]:
    """Each field's name and the most characters it takes (its Length), without the CSRF token."""
    out = {}
    for field in form:
        if field.type == "CSRFTokenField":
            continue
        limits = [v.max for v in field.validators if isinstance(v, Length) and v.max != -1]
        out[field.name] = min(limits, default=UNDECLARED_MAX)
    return out


def error_list(form: FlaskForm) -> list[tuple[str, str]]:
    """(anchor id, message) for the error summary, in the order fields appear on the page.

    A radio group's link goes to its first option, as the GOV.UK pattern does.
    """
    out = []
    for field in form:
        if not field.errors or field.type in ("CSRFTokenField", "HiddenField"):
            continue
        anchor = field.id
        if field.type == "RadioField" and field.choices:
            anchor = f"{field.id}-{field.choices[0].value}"
        out.append((anchor, field.errors[0]))
    return out
