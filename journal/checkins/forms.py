"""Check-in forms: one set of common fields plus one group per active goal; quick logs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from wtforms import SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..domain.plans import COUNT, HABIT, LIMIT, MILESTONE
from ..fields import ChoiceField, DayField, JournalForm, NumberField, options
from ..models import Goal
from .prompts import PROMPTS, SCALE_LABELS

TEXT_MAX = 20_000
SHORT_MAX = 500


# Built once: a check-in form has two scales per goal, and forms are built per request.
_SCALE_CHOICES = {
    name: tuple(options([("", "not rated"), *((str(n), text) for n, text in labels.items())]))
    for name, labels in SCALE_LABELS.items()
}


def _scale(name: str, label: str) -> ChoiceField:
    return ChoiceField(label, choices=_SCALE_CHOICES[name], default="",
                       validators=[Optional()], invalid_message="Choose from 1 to 5.")


def _text(label: str, limit: int = TEXT_MAX, description: str = "") -> TextAreaField:
    return TextAreaField(
        label,
        validators=[
            Optional(),
            Length(max=limit, message=f"Keep this under {limit:,} characters."),
        ],
        description=description,
    )


class PeriodsField(SelectMultipleField):
    """Checkboxes, one per habit period (week or month) that can still be ticked."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):
        allowed = {str(choice.value) for choice in self.choices}
        if any(str(value) not in allowed for value in self.data or []):
            raise ValidationError("Tick only the periods listed.")


@dataclass(frozen=True)
class GoalFields:
    """The names of one goal's fields in a check-in form."""

    goal_id: int

    def name(self, part: str) -> str:
        return f"g{self.goal_id}_{part}"


def checkin_form(kind: str, goals: list[Goal], periods: dict[int, list], **kwargs) -> JournalForm:
    """Return a check-in form for `kind` with one group of fields per goal.

    `periods` maps a habit goal's id to its tickable periods: (index, label) pairs.
    """
    well, badly, change = PROMPTS[kind]

    class CheckInForm(JournalForm):
        on = DayField("Date of the check-in", validators=[InputRequired("Enter a date.")])
        mood = _scale("mood", "Overall mood")
        went_well = _text(well[0], description=well[1])
        went_badly = _text(badly[0], description=badly[1])
        next_change = _text(change[0], description=change[1])

    for goal in goals:
        names = GoalFields(goal.id)
        if goal.kind in (COUNT, LIMIT):
            label = "Running total now" if goal.kind == COUNT else "Measured value"
            setattr(CheckInForm, names.name("value"),
                    NumberField(label, example="12", validators=[Optional()]))
        elif goal.kind == MILESTONE:
            setattr(CheckInForm, names.name("done"), ChoiceField(
                "Done?", choices=options([("", "no change"), ("no", "not yet"), ("yes", "done")]),
                default="", validators=[Optional()]))
            setattr(CheckInForm, names.name("attempt"), ChoiceField(
                "An attempt since the last check-in",
                choices=options([("", "none"), ("pending", "made, waiting to hear"),
                                 ("failed", "made, did not work out"),
                                 ("succeeded", "made, succeeded")]),
                default="", validators=[Optional()]))
        elif goal.kind == HABIT:
            choices = options(periods.get(goal.id, []))
            setattr(CheckInForm, names.name("met"), PeriodsField(
                f"{goal.cadence.capitalize()}s met", choices=choices, coerce=int))
            setattr(CheckInForm, names.name("skipped"), PeriodsField(
                f"{goal.cadence.capitalize()}s skipped on purpose", choices=choices, coerce=int))
        setattr(CheckInForm, names.name("enjoyment"),
                _scale("enjoyment", "How did working on this feel?"))
        setattr(CheckInForm, names.name("confidence"), _scale("confidence", "Will you make it?"))
        too_long = f"Keep this under {SHORT_MAX} characters."
        setattr(CheckInForm, names.name("blocker"), StringField(
            "In the way", validators=[Optional(), Length(max=SHORT_MAX, message=too_long)]))
        setattr(CheckInForm, names.name("note"), _text("Note"))
    return CheckInForm(**kwargs)


class QuickLogForm(JournalForm):
    """One step for one goal, dated today: "+1 post", with optional details."""

    amount = NumberField("Step", example="1", validators=[Optional()],
                         description="How many to add to the running total (default 1).")
    value = NumberField("Measured value", example="4", validators=[Optional()])
    title = StringField("Title (optional)", validators=[
        Optional(), Length(max=200, message="Keep the title under 200 characters.")])
    link = StringField("Link (optional)", validators=[
        Optional(), Length(max=500, message="Keep the link under 500 characters.")])
    topic = StringField("Topic (optional)", validators=[
        Optional(), Length(max=40, message="Keep the topic under 40 characters.")])
    enjoyment = _scale("enjoyment", "How did it feel?")

    def validate_link(self, field) -> None:
        link = (field.data or "").strip()
        if link and not link.lower().startswith(("https://", "http://")):
            raise ValidationError("A link starts with https:// or http://.")

    def describe_step(self, kind: str) -> None:
        """Word the step's hint for the goal's kind: a habit has no running total."""
        if kind == "habit":
            self.amount.description = "How many times you did it (default 1)."

    def step_fits(self, kind: str) -> bool:
        """Check the step against the goal's kind, with the message beside the field: a
        count's total only grows here (a check-in can set it lower), and a habit adds
        whole times."""
        step = self.amount.data
        if step is None:
            return True
        if kind == "count" and step <= 0:
            self.amount.errors.append("Enter a step above zero; to lower the total, "
                                      "record it in a check-in.")
        elif kind == "habit" and (step < 1 or step != int(step)):
            self.amount.errors.append("Enter a whole number of times, at least 1.")
        return not self.amount.errors


def parse_scale(value: str | None) -> int | None:
    """Return a 1-5 rating from a form value ("" means not rated)."""
    return int(value) if value else None


def within_year(on: date | None, year: int) -> bool:
    return on is not None and on.year == year
