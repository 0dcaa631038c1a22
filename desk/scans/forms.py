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
            raise ValidationError(
                f"Enter WCAG success criterion numbers, like 1.1.1 or 1.4.3 ({', '.join(unknown[:3])} "
                "is not one)")
