"""Goal forms: a new goal, an edit, a plan revision, status changes, attempts."""

from __future__ import annotations

from datetime import date

from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from ..domain.goals import parse_topics
from ..domain.plans import (
    AT_LEAST,
    AT_MOST,
    COUNT,
    HABIT,
    LIMIT,
    MILESTONE,
    MONTH,
    WEEK,
    Plan,
    parse_checkpoints,
    validate_plan,
)
from ..fields import ChoiceField, DayField, JournalForm, NumberField, WholeNumberField, options

KIND_CHOICES = options([
    (COUNT, "Count: reach a number by the end date (40 posts, 12 interviews)"),
    (MILESTONE, "Milestone: done or not by a planned date (a promotion, a launch)"),
    (HABIT, "Habit: a number of times per week or month (a post every week)"),
    (LIMIT, "Average or limit: keep a measure at least or at most a value"),
])
KIND_LABELS = {COUNT: "Count", MILESTONE: "Milestone", HABIT: "Habit", LIMIT: "Average / limit"}
# Which form field carries a plan's target, by goal kind.
TARGET_FIELD = {COUNT: "count_target", HABIT: "habit_times", LIMIT: "limit_threshold"}
MISSING_TARGET = {
    COUNT: "Enter the target.",
    HABIT: "Enter how many times per period.",
    LIMIT: "Enter the value to keep to.",
}
TEXT_MAX = 20_000


def _long_text(label: str, description: str = "") -> TextAreaField:
    return TextAreaField(
        label,
        validators=[Optional(), Length(max=TEXT_MAX, message="Keep this under 20,000 characters.")],
        description=description,
    )


class PlanFieldsMixin:
    """The fields that define a plan, and their translation into a domain Plan."""

    count_target = NumberField("Target", example="40", description="How many by the end date.")
    checkpoints = TextAreaField(
        "Checkpoints (optional)",
        validators=[Optional(), Length(max=5000, message="Keep the checkpoints shorter.")],
        description="Your own plan, one “date: planned total” per line, e.g. 03-31 of the "
        "goal's year: 5. Leave empty for a straight line from the start to the target.",
    )
    due_date = DayField("Planned date", validators=[Optional()],
                        description="When it should be done. Empty means the end date.")
    habit_times = WholeNumberField("Times per period", example="1")
    limit_threshold = NumberField("Value", example="5")

    def describe_checkpoints_for(self, year: int) -> None:
        """Give the checkpoint hint an example in the goal's own year."""
        self.checkpoints.description = (
            f"Your own plan, one “date: planned total” per line, e.g. {year}-03-31: 5. "
            "Leave empty for a straight line from the start to the target."
        )

    def plan_from_fields(self, kind: str, start: date, end: date, **goal_fields) -> Plan | None:
        """Return the plan these fields describe, or None after adding field errors."""
        target_field = TARGET_FIELD.get(kind)
        target = 1.0
        if target_field:
            field = getattr(self, target_field)
            if field.errors:
                return None
            if field.data is None:
                field.errors.append(MISSING_TARGET[kind])
                return None
            target = float(field.data)
        checkpoints, messages = (), []
        if kind == COUNT:
            parsed, messages = parse_checkpoints(self.checkpoints.data or "")
            checkpoints = tuple(parsed)
            if messages:
                self.checkpoints.errors.extend(messages)
                return None
        plan = Plan(
            kind=kind,
            start=start,
            end=end,
            target=target,
            checkpoints=checkpoints,
            due=self.due_date.data if kind == MILESTONE else None,
            **goal_fields,
        )
        problems = validate_plan(plan)
        for name, message in problems.by_field.items():
            form_name = target_field if name == "target" and target_field else name
            field = getattr(self, form_name, None)
            if field is None:
                self.form_errors.append(message)
            else:
                field.errors.append(message)
        return None if problems else plan


class GoalDetailsMixin:
    """What describes a goal, apart from its plan."""

    title = StringField(
        "Goal",
        validators=[
            DataRequired("Give the goal a title, like “Publish 40 posts”."),
            Length(max=200, message="Keep the title under 200 characters."),
        ],
    )
    area_id = ChoiceField(
        "Area", coerce=int, validators=[InputRequired("Choose an area.")],
        invalid_message="Choose one of your areas.",
    )
    why = _long_text("Why it matters", "Markdown. What reaching it would change for you.")
    topics = StringField(
        "Focus topics (optional)",
        validators=[Optional(), Length(max=600, message="Keep the topics shorter.")],
        description="Comma-separated, e.g. ML system design, graph neural networks, LLMs.",
    )
    start_date = DayField("Start date", validators=[InputRequired("Enter a start date.")])
    end_date = DayField("End date", validators=[InputRequired("Enter an end date.")])
    count_unit = StringField(
        "Unit", validators=[Optional(), Length(max=40, message="Keep the unit short.")],
        description="What you count: posts, interviews, km.",
    )
    baseline = NumberField("Starting value", example="0", validators=[Optional()],
                           description="Where you start from; usually 0.")
    cadence = SelectField("Per", choices=options([(WEEK, "week"), (MONTH, "month")]), default=WEEK)
    allowed_skips = WholeNumberField(
        "Allowed skips (optional)", example="4", validators=[Optional()],
        description="Weeks or months you may miss over the whole goal, e.g. for holidays.",
    )
    direction = SelectField(
        "Keep it", choices=options([(AT_LEAST, "at least"), (AT_MOST, "at most")]), default=AT_LEAST
    )
    limit_unit = StringField(
        "Measure", validators=[Optional(), Length(max=40, message="Keep the measure short.")],
        description="e.g. hours of overtime a week, enjoyment out of 5.",
    )
    private = BooleanField(
        "Private",
        description="Left out of the year-in-review post. Your own pages still show it.",
    )

    def parsed_topics(self) -> list[str] | None:
        topics, error = parse_topics(self.topics.data or "")
        if error:
            self.topics.errors.append(error)
            return None
        return topics

    def dates_within(self, year_number: int) -> bool:
        start, end = self.start_date.data, self.end_date.data
        if start is None or end is None:
            return False
        ok = True
        for field in (self.start_date, self.end_date):
            if field.data.year != year_number:
                field.errors.append(f"Choose a date in {year_number}.")
                ok = False
        if ok and end < start:
            self.end_date.errors.append("The end date must not be before the start date.")
            ok = False
        return ok

    def unit_for(self, kind: str) -> str:
        if kind == COUNT:
            return (self.count_unit.data or "").strip()
        if kind == LIMIT:
            return (self.limit_unit.data or "").strip()
        return ""

    def goal_fields(self, kind: str) -> dict:
        """The plan-shaping settings of the goal itself, for the domain Plan."""
        return dict(
            baseline=float(self.baseline.data or 0) if kind == COUNT else 0.0,
            cadence=self.cadence.data if kind == HABIT else None,
            allowed_skips=int(self.allowed_skips.data or 0) if kind == HABIT else 0,
            direction=self.direction.data if kind == LIMIT else None,
        )


# The fields of each kind's own fieldset; the new-goal form shows the chosen kind's only.
KIND_FIELDS = {
    COUNT: ("count_target", "count_unit", "baseline", "checkpoints"),
    MILESTONE: ("due_date",),
    HABIT: ("habit_times", "cadence", "allowed_skips"),
    LIMIT: ("direction", "limit_threshold", "limit_unit"),
}


class GoalForm(PlanFieldsMixin, GoalDetailsMixin, JournalForm):
    kind = RadioField("Kind of goal", choices=KIND_CHOICES, default=COUNT,
                      validators=[InputRequired("Choose what kind of goal this is.")])

    def validate(self, extra_validators=None) -> bool:
        """Check the fields of the chosen kind and the ones every goal has. What the other
        kinds' hidden fields hold (typed before the kind was changed) is not used, so it
        cannot stop the goal being saved with a message nobody sees."""
        super().validate(extra_validators)
        chosen = KIND_FIELDS.get(self.kind.data, ())
        for kind_fields in KIND_FIELDS.values():
            for name in kind_fields:
                if name not in chosen:
                    self[name].errors = []
        return not self.errors


class GoalEditForm(GoalDetailsMixin, JournalForm):
    """Edits everything but the kind and the plan (the plan is revised, keeping history)."""


class HappenedMixin:
    """A form that dates something that happened: not after today, which the view gives
    with by(today) before validating."""

    today: date | None = None

    def by(self, today: date):
        self.today = today
        return self

    def check_happened(self, field) -> None:
        if self.today is None:
            raise RuntimeError("by(today) comes before the form is validated")
        if field.data is not None and field.data > self.today:
            raise ValidationError("That date has not come yet.")


class PlanRevisionForm(HappenedMixin, PlanFieldsMixin, JournalForm):
    revised_on = DayField("Date of the revision", validators=[InputRequired("Enter a date.")])
    reason = TextAreaField(
        "Why the plan changes",
        validators=[
            DataRequired("Say why: the year-end story will want to know."),
            Length(max=TEXT_MAX, message="Keep this under 20,000 characters."),
        ],
        description="e.g. “Slow first half: the second half gets the interviews.”",
    )

    year: int | None = None
    since: date | None = None

    def for_goal(self, goal, today: date):
        """Name the goal whose plan this revises, and today (before validating)."""
        self.year = goal.year.number
        # The latest version is the plan shown from now on: it cannot wait for a later
        # day. A year not begun yet is revised on its first day.
        self.by(max(today, goal.year_start))
        # Version 1 is in force until the first revision, whatever its date says.
        self.since = goal.plan.revised_on if goal.plan.version > 1 else None
        return self

    def validate_revised_on(self, field) -> None:
        # In the goal's year, not after today, and not before the revision in force (a
        # revision dated before it would never be in force itself).
        if self.year is None:
            raise RuntimeError("for_goal() comes before the form is validated")
        if field.data is None:  # not a date: its own message is there already
            return
        if field.data.year != self.year:
            raise ValidationError(f"Choose a date in {self.year}.")
        self.check_happened(field)
        if self.since is not None and field.data < self.since:
            raise ValidationError(f"Choose {self.since:%-d %B} or later: the plan in force "
                                  "dates from then.")


class StatusForm(HappenedMixin, JournalForm):
    status = RadioField(
        "Status",
        choices=options([("active", "Active"), ("achieved", "Achieved"), ("dropped", "Dropped")]),
        validators=[InputRequired("Choose a status.")],
    )
    on = DayField("Date", validators=[InputRequired("Enter a date.")])
    # No Optional(): it would stop validation before validate_reason() could run.
    reason = TextAreaField(
        "Reason or note",
        validators=[Length(max=TEXT_MAX, message="Keep this under 20,000 characters.")],
        description="Required when dropping a goal: dropped goals stay visible with the reason.",
    )

    def validate_on(self, field) -> None:
        if self.status.data != "active":  # an active goal keeps no date
            self.check_happened(field)

    def validate_reason(self, field) -> None:
        if self.status.data == "dropped" and not (field.data or "").strip():
            raise ValidationError("Say why you drop it; it stays in your summaries.")


class AttemptForm(HappenedMixin, JournalForm):
    attempted_on = DayField("Date of the attempt", validators=[InputRequired("Enter a date.")])
    outcome = SelectField(
        "Outcome",
        choices=options([("pending", "Waiting to hear"), ("failed", "Did not work out"),
                         ("succeeded", "Succeeded")]),
        default="pending",
    )
    note = TextAreaField(
        "Note (optional)",
        validators=[Optional(), Length(max=TEXT_MAX, message="Keep this under 20,000 characters.")],
    )

    def validate_attempted_on(self, field) -> None:
        self.check_happened(field)
