"""Year forms: start a year, write a reflection."""

from __future__ import annotations

from wtforms import SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..fields import JournalForm, WholeNumberField
from .reflections import SECTIONS

FIRST_YEAR, LAST_YEAR = 1900, 2200


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class CarryField(MultiCheckboxField):
    """The goals to carry over: those the page offered when it was sent."""

    def pre_validate(self, form) -> None:
        offered = {self.coerce(choice.value) for choice in self.iter_choices()}
        if any(goal_id not in offered for goal_id in self.data or []):
            # Another year was typed in, or a goal was finished elsewhere meanwhile.
            raise ValidationError("What there is to carry over has changed since this page "
                                  "was opened: look again, then start the year.")


class YearForm(JournalForm):
    number = WholeNumberField(
        "Year",
        example="2026",
        validators=[
            InputRequired("Enter a year, like 2026."),
            NumberRange(FIRST_YEAR, LAST_YEAR, f"Choose a year from {FIRST_YEAR} to {LAST_YEAR}."),
        ],
    )
    carry = CarryField("Carry over from last year", coerce=int, choices=[])


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
