"""Area forms."""

from __future__ import annotations

from wtforms import BooleanField, HiddenField, RadioField, StringField
from wtforms.validators import DataRequired, Length

from ..fields import JournalForm, options
from . import PALETTE


class AreaForm(JournalForm):
    name = StringField(
        "Name",
        validators=[
            DataRequired("Give the area a name, like Health or Learning."),
            Length(max=60, message="An area name has at most 60 characters."),
        ],
        description="Kept across years, so you can compare one year's Health with the next.",
    )
    color = RadioField(
        "Color",
        choices=options((key, label) for key, (label, _hex) in PALETTE.items()),
        validators=[DataRequired("Choose a color.")],
    )
    private = BooleanField(
        "Private",
        description="This area and its goals are left out of the year-in-review post.",
    )


class MoveForm(JournalForm):
    direction = HiddenField(validators=[DataRequired()])
