"""Life areas: the categories goals are planned in, kept across years."""

from flask import Blueprint

bp = Blueprint("areas", __name__)

# Okabe-Ito colors: distinguishable with every common kind of color blindness.
PALETTE = {
    "blue": ("Blue", "#0072B2"),
    "orange": ("Orange", "#E69F00"),
    "green": ("Green", "#009E73"),
    "vermilion": ("Vermilion", "#D55E00"),
    "sky": ("Sky", "#56B4E9"),
    "purple": ("Purple", "#CC79A7"),
    "yellow": ("Yellow", "#F0E442"),
    "grey": ("Grey", "#7A7A7A"),
}

DEFAULT_AREAS = (("Career", "blue"), ("Writing", "orange"), ("Side products", "green"))


def area_name(text: str) -> str:
    """Return an area's name as it is kept: words one space apart, none at either end.
    Names are kept so when an area is added or renamed and when a backup is restored, and
    two names that differ only in spacing are the same name (a backup could not hold both)."""
    return " ".join(text.split())


def name_key(text: str) -> str:
    """Return what two area names must share to be the same name: spacing and case aside."""
    return area_name(text).casefold()

from . import routes  # noqa: E402,F401
