"""Goal views: new, show, edit, revise the plan, status, attempts, delete."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from .. import clock
from ..auth.forms import EmptyForm
from ..caching import cached_page
from ..chart_data import goal_chart_data, history_rows
from ..chart_responses import chart_response
from ..checkins.forms import QuickLogForm, parse_scale
from ..domain.plans import (
    COUNT,
    KINDS,
    MILESTONE,
    format_checkpoints,
    format_number,
    validate_plan,
)
from ..extensions import db
from ..fields import options
from ..models import Attempt, Goal, PlanRevision, ProgressUpdate
from ..ownership import get_owned_or_404
from ..progress import goal_progress, plan_of, updates_by_goal
from ..years.queries import get_year_or_404
from . import bp, queries
from .forms import (
    KIND_LABELS,
    TARGET_FIELD,
    AttemptForm,
    GoalEditForm,
    GoalForm,
    PlanRevisionForm,
    StatusForm,
)
from .queries import quick_log_value


@bp.before_request
@login_required
def _require_login():
    """Every goal page belongs to a logged-in user."""


@bp.route("/years/<int:number>/goals/new", methods=["GET", "POST"])
def new(number: int):
    year = get_year_or_404(number)
    form = GoalForm()
    form.area_id.choices = options(queries.active_area_choices())
    form.describe_checkpoints_for(number)
    if not form.is_submitted():
        form.start_date.data, form.end_date.data = default_dates(number, clock.today())
    else:
        # Every check runs, so one answer lists every problem of the form at once.
        valid = form.validate()
        kind = form.kind.data
        topics = form.parsed_topics()
        plan = None
        if kind in KINDS:
            dates_ok = form.dates_within(number)
            # With unusable dates the plan is still checked (over the whole year), so a
            # bad target is reported together with the bad date.
            start, end = ((form.start_date.data, form.end_date.data) if dates_ok
                          else (date(number, 1, 1), date(number, 12, 31)))
            plan = form.plan_from_fields(kind, start, end, **form.goal_fields(kind))
            if not dates_ok:
                plan = None
        if valid and topics is not None and plan is not None:
            goal = _new_goal(form, year, plan, topics)
            db.session.add(goal)
            db.session.commit()
            # Flashes travel in the session cookie, which is signed, not encrypted: they never
            # quote what the user wrote.
            flash(f"Goal added to {number}.", "success")
            return redirect(url_for("years.show", number=number, _anchor=f"goal-{goal.id}"))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("goals/new.html", form=form, year=year), status


def default_dates(number: int, today: date) -> tuple[date, date]:
    """The dates a new goal starts with: the whole year, or from today on once the year
    is under way (a goal added in June should not start out months behind)."""
    start, end = date(number, 1, 1), date(number, 12, 31)
    if today.year == number and today.month > 1:
        start = today
    return start, end


def _new_goal(form: GoalForm, year, plan, topics: list[str]) -> Goal:
    goal = Goal(
        user_id=current_user.id,
        year=year,
        area_id=form.area_id.data,
        title=form.title.data.strip(),
        why=(form.why.data or "").strip(),
        topics=topics,
        kind=plan.kind,
        unit=form.unit_for(plan.kind),
        start_date=plan.start,
        end_date=plan.end,
        baseline=plan.baseline,
        cadence=plan.cadence,
        allowed_skips=plan.allowed_skips,
        direction=plan.direction,
        private=form.private.data,
    )
    goal.plan_revisions.append(_revision(goal, plan, version=1, reason=""))
    return goal


def _revision(goal: Goal, plan, version: int, reason: str, revised_on: date | None = None):
    return PlanRevision(
        user_id=goal.user_id,
        version=version,
        revised_on=revised_on or clock.today(),
        reason=reason,
        target=plan.target,
        due_date=plan.due,
        checkpoints=queries.checkpoints_for_storage(plan),
    )


@bp.route("/goals/<int:goal_id>")
@cached_page
def show(goal_id: int):
    goal = queries.get_goal_or_404(goal_id)
    return _render_show(goal)


def _render_show(goal: Goal, status_form=None, attempt_form=None, log_form=None, code=200):
    today = clock.today()
    if log_form is None:
        log_form = QuickLogForm(formdata=None)
    log_form.describe_step(goal.kind)
    rows = updates_by_goal([goal.id]).get(goal.id, [])
    if status_form is None:
        status_form = StatusForm(formdata=None, status=goal.status, on=today)
    if attempt_form is None:
        attempt_form = AttemptForm(formdata=None, attempted_on=today)
    return render_template(
        "goals/show.html",
        goal=goal,
        kind_label=KIND_LABELS[goal.kind],
        status_form=status_form,
        attempt_form=attempt_form,
        log_form=log_form,
        action_form=EmptyForm(formdata=None),
        progress=goal_progress(goal, rows, min(today, goal.year_end)),
        history=history_rows(goal, [row for row in rows if row.on <= goal.year_end]),
        can_log=goal.status == "active" and today.year == goal.year.number,
        format_checkpoints=format_checkpoints,
    ), code


@bp.route("/goals/<int:goal_id>/chart.svg")
def chart(goal_id: int):
    """The goal's plan against what happened (PNG with ?format=png)."""
    def data():
        goal = queries.get_goal_or_404(goal_id)
        today = clock.today()
        rows = updates_by_goal([goal.id]).get(goal.id, [])
        progress = goal_progress(goal, rows, min(today, goal.year_end))
        return goal_chart_data(goal, rows, progress, today)

    return chart_response("goal", data)


@bp.route("/goals/<int:goal_id>/edit", methods=["GET", "POST"])
def edit(goal_id: int):
    goal = queries.get_goal_or_404(goal_id)
    # The row fills the form on GET only: a POST is judged on what was posted.
    form = GoalEditForm(obj=None if request.method == "POST" else goal)
    form.area_id.choices = options(queries.active_area_choices(keep=goal.area))
    if not form.is_submitted():
        form.topics.data = ", ".join(goal.topics or [])
        form.count_unit.data = form.limit_unit.data = goal.unit
    if form.is_submitted():
        valid = form.validate()
        topics = form.parsed_topics()
        if form.dates_within(goal.year.number) and topics is not None:
            changed = plan_of(
                goal, start=form.start_date.data, end=form.end_date.data,
                **form.goal_fields(goal.kind),
            )
            problems = validate_plan(changed)
            for name, message in problems.by_field.items():
                field = getattr(form, name, None)
                if field is None:  # target, checkpoints, planned date: the plan's own fields
                    form.form_errors.append(_plan_problem(message))
                else:
                    field.errors.append(message)
            if valid and not problems:
                goal.title = form.title.data.strip()
                goal.area_id = form.area_id.data
                goal.why = (form.why.data or "").strip()
                goal.topics = topics
                goal.private = form.private.data
                goal.unit = form.unit_for(goal.kind)
                goal.start_date, goal.end_date = changed.start, changed.end
                goal.baseline, goal.cadence = changed.baseline, changed.cadence
                goal.allowed_skips, goal.direction = changed.allowed_skips, changed.direction
                db.session.commit()
                flash("Goal saved.", "success")
                return redirect(url_for("goals.show", goal_id=goal.id))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("goals/edit.html", form=form, goal=goal,
                           kind_label=KIND_LABELS[goal.kind]), status


def _plan_problem(message: str) -> str:
    return f"With these dates the current plan no longer fits: {message} Revise the plan first."


@bp.route("/goals/<int:goal_id>/plan", methods=["GET", "POST"])
def revise(goal_id: int):
    """Revise the plan: a new version is added; every earlier version is kept as it was."""
    goal = queries.get_goal_or_404(goal_id)
    form = PlanRevisionForm().for_goal(goal, clock.today())
    form.describe_checkpoints_for(goal.year.number)
    if not form.is_submitted():
        form.revised_on.data = min(form.today, goal.year_end)  # the latest day it takes
        target_field = TARGET_FIELD.get(goal.kind)
        if target_field:
            value = goal.plan.target
            getattr(form, target_field).data = int(value) if value == int(value) else value
        form.checkpoints.data = format_checkpoints(plan_of(goal).checkpoints)
        form.due_date.data = goal.plan.due_date
    if form.validate_on_submit():
        plan = form.plan_from_fields(
            goal.kind, goal.start_date, goal.end_date,
            baseline=goal.baseline, cadence=goal.cadence, allowed_skips=goal.allowed_skips,
            direction=goal.direction,
        )
        if plan is not None:
            version = queries.next_version(goal)
            goal.plan_revisions.append(
                _revision(goal, plan, version, form.reason.data.strip(), form.revised_on.data)
            )
            db.session.commit()
            flash(f"Plan revised (version {version}). The earlier plan is kept.", "success")
            return redirect(url_for("goals.show", goal_id=goal.id))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("goals/revise.html", form=form, goal=goal,
                           kind_label=KIND_LABELS[goal.kind], count_kind=COUNT,
                           milestone_kind=MILESTONE, target_field=TARGET_FIELD.get(goal.kind),
                           format_number=format_number), status


@bp.route("/goals/<int:goal_id>/status", methods=["POST"])
def set_status(goal_id: int):
    goal = queries.get_goal_or_404(goal_id)
    form = StatusForm().by(clock.today())
    if not form.validate_on_submit():
        return _render_show(goal, status_form=form, code=422)
    goal.status = form.status.data
    goal.status_reason = (form.reason.data or "").strip()
    goal.status_changed_on = form.on.data if goal.status != "active" else None
    db.session.commit()
    messages = {
        "achieved": "Marked achieved. Well done.",
        "dropped": "Goal dropped. It stays visible, struck through, with your reason.",
        "active": "Goal is active again.",
    }
    flash(messages[goal.status], "success")
    return redirect(url_for("goals.show", goal_id=goal.id))


@bp.route("/goals/<int:goal_id>/attempts", methods=["POST"])
def add_attempt(goal_id: int):
    goal = queries.get_goal_or_404(goal_id)
    if goal.kind != MILESTONE:
        abort(404)
    form = AttemptForm().by(clock.today())
    if not form.validate_on_submit():
        return _render_show(goal, attempt_form=form, code=422)
    goal.attempts.append(
        Attempt(
            user_id=goal.user_id,
            attempted_on=form.attempted_on.data,
            outcome=form.outcome.data,
            note=(form.note.data or "").strip(),
        )
    )
    if form.outcome.data == "succeeded" and goal.status == "active":
        goal.status, goal.status_changed_on = "achieved", form.attempted_on.data
        flash("Attempt recorded, and the goal is marked achieved.", "success")
    else:
        flash("Attempt recorded.", "success")
    db.session.commit()
    return redirect(url_for("goals.show", goal_id=goal.id, _anchor="attempts"))


@bp.route("/goals/<int:goal_id>/attempts/<int:attempt_id>/delete", methods=["POST"])
def delete_attempt(goal_id: int, attempt_id: int):
    attempt = get_owned_or_404(Attempt, id=attempt_id, goal_id=goal_id)
    if EmptyForm().validate_on_submit():
        db.session.delete(attempt)
        db.session.commit()
        flash("Attempt deleted.", "success")
    return redirect(url_for("goals.show", goal_id=goal_id, _anchor="attempts"))


@bp.route("/goals/<int:goal_id>/log", methods=["POST"])
def quick_log(goal_id: int):
    """One step for one goal, dated today ("+1 post")."""
    goal = queries.get_goal_or_404(goal_id)
    form = QuickLogForm()
    today = clock.today()
    back = request.form.get("back") == "year"
    target = (url_for("years.show", number=goal.year.number, _anchor=f"goal-{goal.id}") if back
              else url_for("goals.show", goal_id=goal.id))
    if goal.status != "active":
        flash("This goal is not active; reactivate it to log progress.", "error")
        return redirect(target)
    if today.year != goal.year.number:
        flash(f"Quick logs are dated today, which is not in {goal.year.number}. "
              "Use a check-in to record a past date.", "error")
        return redirect(target)
    if not (form.validate_on_submit() and form.step_fits(goal.kind)):
        return _render_show(goal, log_form=form, code=422)
    value = quick_log_value(goal, form, today)
    if value is None:
        form.value.errors.append("Enter the value you measured.")
        return _render_show(goal, log_form=form, code=422)
    db.session.add(
        ProgressUpdate(
            user_id=goal.user_id, goal=goal, on=today, value=value,
            enjoyment=parse_scale(form.enjoyment.data),
            title=(form.title.data or "").strip(), link=(form.link.data or "").strip(),
            topic=(form.topic.data or "").strip(),
        )
    )
    done = goal.kind == MILESTONE
    if done:  # as a check-in that says it is done
        goal.status, goal.status_changed_on = "achieved", today
    db.session.commit()
    flash("Marked achieved. Well done." if done else "Progress logged.", "success")
    return redirect(target)


@bp.route("/goals/<int:goal_id>/delete", methods=["GET", "POST"])
def delete(goal_id: int):
    goal = queries.get_goal_or_404(goal_id)
    form = EmptyForm()
    if form.validate_on_submit():
        number = goal.year.number
        db.session.delete(goal)
        db.session.commit()
        flash("Goal deleted.", "success")
        return redirect(url_for("years.show", number=number))
    return render_template("goals/delete.html", goal=goal, form=form)
