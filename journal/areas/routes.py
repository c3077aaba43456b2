"""Area views: list and add, edit, reorder, archive and restore, delete."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from ..auth.forms import EmptyForm
from ..extensions import db
from ..models import Area
from ..ownership import get_owned_or_404
from . import area_name, bp, queries
from .forms import AreaForm, MoveForm


@bp.before_request
@login_required
def _require_login():
    """Every area page belongs to a logged-in user."""


def _render_index(form: AreaForm, status: int = 200):
    return render_template(
        "areas/index.html",
        areas=queries.list_areas(),
        goal_counts=queries.goal_counts(),
        form=form,
        action_form=EmptyForm(formdata=None),
    ), status


@bp.route("/", methods=["GET", "POST"])
def index():
    form = AreaForm()
    if not form.is_submitted():
        form.color.data = queries.unused_color()
    if form.validate_on_submit():
        if queries.name_taken(form.name.data):
            form.name.errors.append("You already have an area with this name.")
        else:
            db.session.add(
                Area(
                    user_id=current_user.id,
                    name=area_name(form.name.data),
                    color=form.color.data,
                    private=form.private.data,
                    position=queries.next_position(),
                )
            )
            db.session.commit()
            flash("Area added.", "success")
            return redirect(url_for("areas.index"))
    return _render_index(form, 422 if form.errors else 200)


@bp.route("/<int:area_id>/edit", methods=["GET", "POST"])
def edit(area_id: int):
    area = get_owned_or_404(Area, id=area_id)
    form = AreaForm(obj=area)
    if form.validate_on_submit():
        if queries.name_taken(form.name.data, except_id=area.id):
            form.name.errors.append("You already have an area with this name.")
        else:
            area.name = area_name(form.name.data)
            area.color = form.color.data
            area.private = form.private.data
            db.session.commit()
            flash("Area saved.", "success")
            return redirect(url_for("areas.index"))
    return render_template("areas/edit.html", area=area, form=form), 422 if form.errors else 200


@bp.route("/<int:area_id>/move", methods=["POST"])
def move(area_id: int):
    area = get_owned_or_404(Area, id=area_id)
    form = MoveForm()
    if form.validate_on_submit() and form.direction.data in ("up", "down"):
        queries.move(area, -1 if form.direction.data == "up" else 1)
        db.session.commit()
    return redirect(url_for("areas.index"))


@bp.route("/<int:area_id>/archive", methods=["POST"])
def archive(area_id: int):
    area = get_owned_or_404(Area, id=area_id)
    if EmptyForm().validate_on_submit():
        area.archived = True
        db.session.commit()
        flash("Area archived. Its goals stay in their years.", "success")
    return redirect(url_for("areas.index"))


@bp.route("/<int:area_id>/restore", methods=["POST"])
def restore(area_id: int):
    area = get_owned_or_404(Area, id=area_id)
    if EmptyForm().validate_on_submit():
        area.archived = False
        area.position = queries.next_position()
        db.session.commit()
        flash("Area restored.", "success")
    return redirect(url_for("areas.index"))


@bp.route("/<int:area_id>/delete", methods=["GET", "POST"])
def delete(area_id: int):
    area = get_owned_or_404(Area, id=area_id)
    form = EmptyForm()
    goals = queries.goal_counts().get(area.id, 0)
    if goals:
        flash(
            f"This area has {goals} goal{'s' if goals != 1 else ''}, so it cannot be "
            "deleted. Archive it instead: it leaves your lists, its goals stay.",
            "error",
        )
        return redirect(url_for("areas.index"))
    if form.validate_on_submit():
        db.session.delete(area)
        db.session.commit()
        flash("Area deleted.", "success")
        return redirect(url_for("areas.index"))
    return render_template("areas/delete.html", area=area, form=form)

