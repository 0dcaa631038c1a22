"""The coordinator's record of which criteria a request's problem falls under."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Length, ValidationError

from .evidence import known_criterion


def parse_criteria(text: str) -> list[str]:
    return [c for c in (p.strip() for p in text.replace(";", ",").replace(" ", ",").split(",")) if c]


class CriteriaForm(FlaskForm):
    criteria = StringField("WCAG success criteria this problem falls under", validators=[Length(max=400)])

    def validate_criteria(self, field):
        unknown = [c for c in parse_criteria(field.data or "") if not known_criterion(c)]
        if unknown:
            raise ValidationError(unknown_criteria(unknown))


def unknown_criteria(unknown: list[str]) -> str:
    """'“9.9.9” and “banana” are not WCAG success criterion numbers: ...' (the first three named),
    in the words the queue's criterion filter uses for one."""
    shown = [f"“{c}”" for c in unknown[:3]]
    if len(shown) == 1:
        return f"{shown[0]} is not a WCAG success criterion number: enter numbers like 1.1.1 or 1.4.3"
    more = f" (and {len(unknown) - 3} more)" if len(unknown) > 3 else ""
    return (f"{', '.join(shown[:-1])} and {shown[-1]}{more} are not WCAG success criterion numbers: "
            "enter numbers like 1.1.1 or 1.4.3")
