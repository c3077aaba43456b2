"""Year forms: start a year, write a reflection."""

from __future__ import annotations

from wtforms import SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..fields import JournalForm, WholeNumberField
from .reflections import SECTIONS

FIRST_YEAR, LAST_YEAR = 1900, 2200


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class YearForm(JournalForm):
    number = WholeNumberField(
        "Year",
        example="2026",
        validators=[
            InputRequired("Enter a year, like 2026."),
            NumberRange(FIRST_YEAR, LAST_YEAR, f"Choose a year from {FIRST_YEAR} to {LAST_YEAR}."),
        ],
    )
    carry = MultiCheckboxField("Carry over from last year", coerce=int, choices=[])


def reflection_form(kind: str, **kwargs) -> JournalForm:
    """Return a form with one field per reflection section, labelled for `kind`."""

    class ReflectionForm(JournalForm):
        pass

    for section in SECTIONS:
        field_class = TextAreaField if section.multiline else StringField
        limit = section.max_length
        setattr(
            ReflectionForm,
            section.name,
            field_class(
                section.label[kind],
                validators=[
                    Optional(),
                    Length(max=limit, message=f"Keep this under {limit:,} characters."),
                ],
                description=section.prompt[kind],
            ),
        )
    return ReflectionForm(**kwargs)
