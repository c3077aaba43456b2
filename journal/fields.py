"""Form fields that answer bad input in plain words and keep what the user typed."""

from __future__ import annotations

import math

from flask import request
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from werkzeug.datastructures import CombinedMultiDict
from wtforms import DateField, FloatField, IntegerField, SelectChoice, SelectField
from wtforms.validators import StopValidation, ValidationError
from wtforms.widgets import NumberInput

MAX_MAGNITUDE = 1e12  # larger numbers are typos, and would not fit the charts anyway


class _ExampleMixin:
    """Keeps the example value that error messages show ("Enter a number, like 40.")."""

    def __init__(self, *args, example: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.example = example

    def pre_validate(self, form):
        # Input that could not be read already has its message; a range check on top
        # ("Choose a year from 1900 to 2200") would only repeat it less clearly.
        if self.process_errors:
            raise StopValidation()


class NumberField(_ExampleMixin, FloatField):
    """A finite number; "abc", "nan" and "1e999" are refused with a clear message."""

    widget = NumberInput(step="any")

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else f"{self.data:.15g}"  # 26, not 26.0

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            value = float(valuelist[0].replace(",", "."))
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
            self.data = None
            raise ValueError(f"Enter a number, like {self.example}.")
        self.data = value


class WholeNumberField(_ExampleMixin, IntegerField):
    """A whole number, with a message that says so."""

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = int(valuelist[0].strip())
        except ValueError:
            self.data = None
            raise ValueError(f"Enter a whole number, like {self.example}.") from None
        if abs(self.data) > MAX_MAGNITUDE:
            self.data = None
            raise ValueError(f"Enter a whole number, like {self.example}.")


class JournalForm(FlaskForm):
    """The base of every form: it reads the posted form fields, and only them.

    Flask-WTF would also read uploaded files under any field's name (a file where text is
    expected); only a form with a file field takes files here. JSON bodies are refused
    before any form sees them (security.py).
    """

    class Meta:
        def wrap_formdata(self, form, formdata):
            data = super().wrap_formdata(form, formdata)
            if isinstance(data, CombinedMultiDict) and not any(
                isinstance(field, FileField) for field in form
            ):
                return request.form or None
            return data


class DayField(DateField):
    """A calendar date in the browser's date picker (YYYY-MM-DD)."""

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            # Spaces are no date: InputRequired must see an empty field, not " ".
            self.raw_data = [""] if valuelist else []
            return
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError("Enter a date like 2026-03-31.") from None


class ChoiceField(SelectField):
    """A select whose "not one of the options" message is written for the user."""

    def __init__(self, *args, invalid_message: str = "Choose one of the options.", **kwargs):
        super().__init__(*args, **kwargs)
        self.invalid_message = invalid_message

    def process_formdata(self, valuelist):
        # " " is no choice: Optional() lets it through, so it must not be kept as one.
        super().process_formdata([value.strip() for value in valuelist])

    def pre_validate(self, form):
        try:
            super().pre_validate(form)
        except ValueError:
            raise ValidationError(self.invalid_message) from None


def options(pairs) -> list[SelectChoice]:
    """Return WTForms choices from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]
