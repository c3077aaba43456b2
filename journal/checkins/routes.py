"""Check-in views: new (by kind), show (with the mid-year summary), edit, delete."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from .. import clock
from ..auth.forms import EmptyForm
from ..domain.plans import COUNT, HABIT, planned_value
from ..extensions import db
from ..goals.queries import list_goals
from ..models import CheckIn
from ..progress import (
    CHECKIN_COLUMNS,
    by_area,
    latest_values,
    plan_on,
    updates_by_goal,
    year_progress,
)
from ..years.queries import get_year_or_404
from . import bp, queries
from .forms import GoalFields, checkin_form, parse_scale
from .prompts import BY_SLUG, KINDS, MID_YEAR, PROMPTS, SCALE_LABELS, SLUGS


@bp.before_request
@login_required
def _require_login():
    """Every check-in belongs to a logged-in user."""


@bp.route("/years/<int:number>/checkins/new", methods=["GET", "POST"])
def new(number: int):
    year = get_year_or_404(number)
    kind = BY_SLUG.get(request.args.get("kind", "ad-hoc"))
    if kind is None:
        abort(404)
    return _edit_checkin(year, kind, checkin=None)


@bp.route("/checkins/<int:checkin_id>/edit", methods=["GET", "POST"])
def edit(checkin_id: int):
    checkin = queries.get_checkin_or_404(checkin_id)
    return _edit_checkin(checkin.year, checkin.kind, checkin=checkin)


def _edit_checkin(year, kind: str, checkin: CheckIn | None):
    """Show and save the check-in form: the check-in and all its updates are written in
    one transaction, or nothing is."""
    today = clock.today()
    goals = queries.active_goals(year)
    # Only a habit's updates are read one by one (which of its weeks or months are met);
    # of the other goals the form needs one value each.
    habit_rows = updates_by_goal([goal.id for goal in goals if goal.kind == HABIT],
                                 columns=CHECKIN_COLUMNS)
    form_date = _posted_date() or (checkin.on if checkin else min(today, _year_end(year)))
    periods = {
        goal.id: queries.tickable_periods(goal, habit_rows.get(goal.id, []), form_date, checkin)
        for goal in goals if goal.kind == HABIT
    }
    form = checkin_form(kind, goals, periods, obj=checkin if request.method == "GET" else None)
    if request.method == "GET":
        _fill(form, goals, checkin, today, year)
    if form.is_submitted():
        valid = form.validate()
        on = form.on.data
        if on is not None and on.year != year.number:
            form.on.errors.append(f"Choose a date in {year.number}.")
            valid = False
        elif on is not None and on > today:
            form.on.errors.append("That date has not come yet; check in on it when it does.")
            valid = False
        for goal in goals:
            field = form._fields.get(GoalFields(goal.id).name("value"))
            if goal.kind == "count" and field is not None and (field.data or 0) < 0:
                field.errors.append("A running total cannot be below zero.")
                valid = False
        if valid and not queries.has_content(form, goals):
            form.form_errors.append(
                "This check-in is empty: rate your mood, write a line, or update a goal."
            )
            valid = False
        if valid:
            previous = _totals_before(goals, on, checkin)
            is_new = checkin is None
            if is_new:
                checkin = CheckIn(user_id=current_user.id, year=year, kind=kind, on=on)
                db.session.add(checkin)
            else:
                queries.move_date(checkin, on, goals)
            checkin.mood = parse_scale(form.mood.data)
            for name in ("went_well", "went_badly", "next_change"):
                setattr(checkin, name, (getattr(form, name).data or "").strip())
            notices = queries.write_updates(checkin, form, goals, previous)
            db.session.flush()
            # Read before the commit expires it: reading it after would start another
            # write transaction (this is a POST) only to build the redirect.
            shown = url_for("checkins.show", checkin_id=checkin.id)
            db.session.commit()
            for notice in notices:
                flash(notice, "info")
            flash(f"{KINDS[kind]} check-in saved.", "success")
            return redirect(shown)
    context = _form_context(year, kind, goals, form, form_date)
    status = 422 if form.errors or form.form_errors else 200
    return render_template("checkins/form.html", checkin=checkin, **context), status


def _posted_date():
    raw = request.form.get("on", "") if request.method == "POST" else ""
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def _year_end(year):
    return date(year.number, 12, 31)


def _fill(form, goals, checkin: CheckIn | None, today, year) -> None:
    if checkin is None:
        form.on.data = min(today, _year_end(year))
        return
    by_goal = {}
    for row in checkin.updates:
        by_goal.setdefault(row.goal_id, row)
    form.mood.data = str(checkin.mood) if checkin.mood else ""
    for goal in goals:
        names, row = GoalFields(goal.id), by_goal.get(goal.id)
        if goal.kind == HABIT:
            met, skipped = queries.ticked_periods(goal, checkin)
            form._fields[names.name("met")].data = met
            form._fields[names.name("skipped")].data = skipped
        if row is None:
            continue
        if goal.kind in ("count", "limit"):
            form._fields[names.name("value")].data = row.value
        elif goal.kind == "milestone":
            form._fields[names.name("done")].data = {1.0: "yes", 0.0: "no"}.get(row.value, "")
            own = [a for a in checkin.attempts if a.goal_id == goal.id]
            form._fields[names.name("attempt")].data = own[-1].outcome if own else ""
        form._fields[names.name("enjoyment")].data = str(row.enjoyment or "")
        form._fields[names.name("confidence")].data = str(row.confidence or "")
        form._fields[names.name("blocker")].data = row.blocker
        form._fields[names.name("note")].data = row.note


def _totals_before(goals, on, checkin) -> dict[int, float]:
    """Each count goal's running total before this check-in, to notice one that went down."""
    rows = latest_values([goal.id for goal in goals if goal.kind == COUNT], on=on,
                         besides_checkin=checkin.id if checkin else None)
    return {goal_id: row.value for goal_id, row in rows.items()}


def _form_context(year, kind, goals, form, on):
    """What the form shows beside each goal: the plan to date and the last value, as of
    the check-in's date."""
    last = latest_values([goal.id for goal in goals], on=on)
    beside = {}
    for goal in goals:
        plan = plan_on(goal, on)
        beside[goal.id] = {
            "plan": plan,
            "planned": planned_value(plan, on),
            "last": last.get(goal.id),
            "names": GoalFields(goal.id),
        }
    return dict(year=year, kind=kind, kind_label=KINDS[kind], slug=SLUGS[kind], goals=goals,
                beside=beside, form=form, prompts=PROMPTS[kind], on=on)


@bp.route("/checkins/<int:checkin_id>")
def show(checkin_id: int):
    checkin = queries.get_checkin_or_404(checkin_id)
    goals = list_goals(checkin.year)
    progress = year_progress(goals, checkin.on, plan_then=True)
    return render_template(
        "checkins/show.html",
        checkin=checkin,
        kind_label=KINDS[checkin.kind],
        prompts=PROMPTS[checkin.kind],
        is_mid_year=checkin.kind == MID_YEAR,
        areas=by_area(progress),
        own_updates={row.goal_id for row in checkin.updates},
        scale=SCALE_LABELS,
        action_form=EmptyForm(formdata=None),
    )


@bp.route("/checkins/<int:checkin_id>/delete", methods=["GET", "POST"])
def delete(checkin_id: int):
    checkin = queries.get_checkin_or_404(checkin_id)
    form = EmptyForm()
    if form.validate_on_submit():
        number = checkin.year.number
        reopened = queries.achieved_by(checkin)
        for goal in reopened:  # nothing is left to say it was done
            goal.status, goal.status_changed_on = "active", None
        db.session.delete(checkin)
        db.session.commit()
        flash("Check-in deleted, with the progress it recorded.", "success")
        if reopened:  # no title: a flashed message never quotes the journal (README)
            flash("A milestone this check-in alone marked achieved is active again."
                  if len(reopened) == 1 else
                  f"{len(reopened)} milestones this check-in alone marked achieved are "
                  "active again.", "info")
        return redirect(url_for("years.show", number=number))
    return render_template("checkins/delete.html", checkin=checkin, form=form,
                           kind_label=KINDS[checkin.kind])
