"""Summary views: the side-by-side table, the year-over-year chart, the area overlays."""

from __future__ import annotations

from flask import render_template
from flask_login import login_required

from .. import clock
from ..caching import cached_page
from ..chart_responses import chart_response
from ..domain.summary import compare_years
from ..models import Area
from ..ownership import get_owned_or_404
from . import bp, queries


@bp.before_request
@login_required
def _require_login():
    """The summary belongs to a logged-in user."""


@bp.route("/")
@cached_page
def index():
    journal = queries.load_journal()
    today = clock.today()
    summaries = queries.current_summaries(today, journal)
    # A year started early, before it has begun, has nothing to compare yet.
    begun = [summary for summary in summaries if summary.year <= today.year]
    verdict = None
    if len(begun) > 1:
        earlier, latest = begun[-2], begun[-1]
        under_way = latest.year == today.year
        if under_way:
            # Compared with the same part of the year before it, which may be further
            # back than last year.
            earlier = queries.same_day_of(journal, earlier.year, today)
        verdict = compare_years(earlier, latest, so_far=under_way)
    return render_template(
        "summary/index.html",
        summaries=summaries,
        verdict=verdict,
        areas=queries.areas_with_count_goals(journal),
    )


@bp.route("/chart.svg")
def chart():
    return chart_response(
        "summary",
        lambda: queries.current_summaries(clock.today()),
    )


@bp.route("/areas/<int:area_id>/chart.svg")
def area_chart(area_id: int):
    def data():
        area = get_owned_or_404(Area, id=area_id)
        return queries.area_overlay(queries.load_journal(), area, clock.today())

    return chart_response("overlay", data)
