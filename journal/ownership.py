"""The one way to load rows the current user owns."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import Select, select

from .extensions import db


def owned(model) -> Select:
    """Return a SELECT of `model` limited to the current user's rows."""
    return select(model).where(model.user_id == current_user.id)


def get_owned_or_404(model, *, options=(), **criteria):
    """Return the current user's row of `model` matching `criteria` (column=value), loaded
    with the loader `options` given (its parent in the same query, say).

    Raises NotFound (404) when there is no such row. A row that belongs to another user
    is answered the same way, so ids reveal nothing about other people's journals.
    """
    row = db.session.execute(
        owned(model).filter_by(**criteria).options(*options)
    ).scalar_one_or_none()
    if row is None:
        abort(404)
    return row
