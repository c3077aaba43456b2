"""Area lookups and writes."""

from __future__ import annotations

from sqlalchemy import func

from ..extensions import db
from ..models import Area, Goal, User
from ..ownership import owned
from . import DEFAULT_AREAS, PALETTE, name_key


def create_default_areas(user: User) -> None:
    """Give a new account its three starting areas: Career, Writing, Side products."""
    for position, (name, color) in enumerate(DEFAULT_AREAS):
        db.session.add(Area(user_id=user.id, name=name, color=color, position=position))


def list_areas(include_archived: bool = True) -> list[Area]:
    """Return the current user's areas in their chosen order."""
    query = owned(Area).order_by(Area.archived, Area.position, Area.id)
    if not include_archived:
        query = query.where(Area.archived.is_(False))
    return list(db.session.execute(query).scalars())


def goal_counts() -> dict[int, int]:
    """Return {area id: number of goals} for the current user's areas."""
    counts = owned(Goal).with_only_columns(Goal.area_id, func.count()).group_by(Goal.area_id)
    return dict(db.session.execute(counts).all())


def name_taken(name: str, except_id: int | None = None) -> bool:
    """Return True when another of the user's areas already has this name (any case).

    Compared in Python: SQLite's lower() folds ASCII letters only ("Éclair" would pass).
    """
    wanted = name_key(name)
    return any(
        name_key(area.name) == wanted and area.id != except_id
        for area in db.session.execute(owned(Area)).scalars()
    )


def next_position() -> int:
    """Return the position after the user's last area."""
    areas = list_areas()
    return max((a.position for a in areas), default=-1) + 1


def move(area: Area, offset: int) -> None:
    """Swap `area` with its neighbour among the active areas (offset -1: up, +1: down)."""
    active = list_areas(include_archived=False)
    for position, item in enumerate(active):
        item.position = position  # renumber, so positions are dense and distinct
    index = next((i for i, item in enumerate(active) if item.id == area.id), None)
    if index is None:
        return
    other = index + offset
    if 0 <= other < len(active):
        active[index].position, active[other].position = other, index


def unused_color() -> str:
    """Return the first palette color none of the user's areas uses (or the first one)."""
    used = {area.color for area in list_areas()}
    return next((key for key in PALETTE if key not in used), next(iter(PALETTE)))
