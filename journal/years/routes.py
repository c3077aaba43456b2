"""Year views: list, start a year (with carry-over), the year page, reflections, delete."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from .. import clock
from ..auth.forms import EmptyForm
from ..caching import cached_page
from ..chart_data import board_rows
from ..chart_responses import chart_response
from ..checkins.forms import QuickLogForm
from ..checkins.prompts import KINDS as CHECKIN_KINDS
from ..checkins.prompts import SLUGS as CHECKIN_SLUGS
from ..checkins.queries import list_checkins
from ..extensions import db
from ..fields import options
from ..goals.queries import list_goals
from ..models import Year
from ..progress import by_area, year_progress
from . import bp, queries
from .forms import YearForm, reflection_form
from .reflections import KIND_SLUGS, NEW_YEAR, SECTIONS, SLUG_OF, TITLES, YEAR_END


@bp.before_request
@login_required
def _require_login():
    """Every year page belongs to a logged-in user."""


@bp.route("/")
def index():
    return render_template(
        "years/index.html", years=queries.list_years(), suggested=suggested_year()
    )


def suggested_year() -> int:
    """The year a "Start" button offers: this year, or the next one once this one exists."""
    this_year = clock.today().year
    return this_year + 1 if queries.find_year(this_year) else this_year


@bp.route("/new", methods=["GET", "POST"])
def new():
    form = YearForm()
    if not form.is_submitted():
        form.number.data = request.args.get("year", type=int) or suggested_year()
    previous_number = form.number.data - 1 if form.number.data else None
    candidates = (queries.unfinished_goals(previous_number, clock.today())
                  if previous_number else [])
    form.carry.choices = options((goal.id, goal.title) for goal in candidates)
    if not form.is_submitted():
        form.carry.data = [goal.id for goal in candidates]  # ticked unless the user unticks
    previous = queries.find_year(previous_number) if previous_number else None
    last_year_end = queries.reflections_of(previous)[YEAR_END] if previous else None

    if form.validate_on_submit():
        existing = queries.find_year(form.number.data)
        if existing:
            form.number.errors.append(f"You already have {form.number.data}; open it instead.")
        else:
            year = Year(user_id=current_user.id, number=form.number.data)
            db.session.add(year)
            chosen = set(form.carry.data or [])
            for goal in candidates:
                if goal.id in chosen:
                    queries.carry_over(goal, into=year, today=clock.today())
            db.session.commit()
            carried = len(chosen)
            flash(
                f"{year.number} started"
                + (f" with {carried} goal{'s' if carried != 1 else ''} carried over." if carried
                   else "."),
                "success",
            )
            return redirect(url_for("years.reflection", number=year.number, kind="new-year"))
    status = 422 if form.errors else 200
    return render_template(
        "years/new.html", form=form, candidates=candidates, last_year_end=last_year_end,
        previous_number=previous_number, sections=SECTIONS, year_end_kind=YEAR_END,
    ), status


@bp.route("/<int:number>")
@cached_page
def show(number: int):
    year = queries.get_year_or_404(number)
    goals = list_goals(year)
    today = clock.today()
    as_of = min(today, date(number, 12, 31))
    return render_template(
        "years/show.html",
        year=year,
        as_of=as_of,
        can_log=today.year == number,
        reflections=queries.reflections_of(year),
        areas=by_area(year_progress(goals, as_of)),
        checkins=list_checkins(year),
        checkin_kinds=CHECKIN_KINDS,
        checkin_slugs=CHECKIN_SLUGS,
        log_form=QuickLogForm(formdata=None),
        sections=SECTIONS,
        titles=TITLES,
        slug_of=SLUG_OF,
        new_year_kind=NEW_YEAR,
        year_end_kind=YEAR_END,
    )


@bp.route("/<int:number>/chart.svg")
def chart(number: int):
    """The year board: every goal's share of target against the share expected today."""
    def data():
        year = queries.get_year_or_404(number)
        as_of = min(clock.today(), date(number, 12, 31))
        return str(number), board_rows(year_progress(list_goals(year), as_of))

    return chart_response("board", data)


@bp.route("/<int:number>/reflection/<kind>", methods=["GET", "POST"])
def reflection(number: int, kind: str):
    """Edit a reflection. Each valid section is saved, even when another one is not;
    an invalid section keeps what was typed, with its message beside it."""
    if kind not in KIND_SLUGS:
        abort(404)
    kind = KIND_SLUGS[kind]
    year = queries.get_year_or_404(number)
    saved = queries.reflections_of(year)[kind]
    form = reflection_form(kind, obj=saved)
    wants_json = request.accept_mimetypes.best == "application/json"
    if form.is_submitted():
        form.validate()
        row = queries.get_or_create_reflection(year, kind)
        for section in SECTIONS:
            field = getattr(form, section.name)
            if not field.errors:
                setattr(row, section.name, (field.data or "").strip())
        db.session.commit()
        errors = {name: messages for name, messages in form.errors.items()}
        if wants_json:
            return jsonify(saved=True, errors=errors), 422 if errors else 200
        if not errors:
            flash(f"{TITLES[kind]} saved.", "success")
            return redirect(url_for("years.show", number=number))
        flash("Saved, except the sections marked below: fix them and save again.", "error")
    others = queries.reflections_of(year)
    previous = queries.find_year(number - 1)
    beside = queries.reflections_of(previous)[YEAR_END] if previous and kind == NEW_YEAR else None
    status = 422 if form.errors else 200
    return render_template(
        "years/reflection.html", year=year, form=form, kind=kind, title=TITLES[kind],
        slug=SLUG_OF[kind], beside=beside, sections=SECTIONS, others=others,
    ), status


@bp.route("/<int:number>/delete", methods=["GET", "POST"])
def delete(number: int):
    year = queries.get_year_or_404(number)
    form = EmptyForm()
    if form.validate_on_submit():
        db.session.delete(year)
        db.session.commit()
        flash(f"{number} and everything in it were deleted.", "success")
        return redirect(url_for("years.index"))
    goal_count = len(list_goals(year))
    return render_template("years/delete.html", year=year, form=form, goal_count=goal_count)
