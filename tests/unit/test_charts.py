"""Charts drawn from domain values: accessible SVG, PNG, what is drawn, determinism, no pyplot.

Every chart kind is drawn from values built here by hand (no Flask app). svg.fonttype is
"none", so every label of a chart is kept as a <text> element and can be read back; the
lines and bars of the plotting area are the paths clipped to the axes (the legend's
samples are not clipped), so "drawn" can be told apart from "only named in the legend".
"""

from __future__ import annotations

import hashlib
import json
import struct
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from journal import charts
from journal.domain.plans import (
    AT_MOST,
    COUNT,
    HABIT,
    LIMIT,
    MILESTONE,
    MONTH,
    WEEK,
    Checkpoint,
    Plan,
)
from journal.domain.progress import Update, pace
from journal.domain.summary import BoardRow, YearSummary, goal_series

SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]

TODAY = date(2026, 7, 1)
JAN_1, DEC_31 = date(2026, 1, 1), date(2026, 12, 31)
MUTED = charts.LIGHT.muted
BLUE, VERMILION, GREEN, SKY, PINK = "#0072b2", "#d55e00", "#009e73", "#56b4e9", "#cc79a7"


# --- reading an SVG back -------------------------------------------------------------------


def parse(svg: bytes) -> ET.Element:
    """The SVG's root element; fails the test when the bytes are not well-formed XML."""
    return ET.fromstring(svg)  # noqa: S314 (our own renderer's output)


def title_and_desc(svg: bytes) -> tuple[str, str]:
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and desc is not None, "no <title> or <desc>"
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert root.get("role") == "img"
    return title.text or "", desc.text or ""


def texts(svg: bytes) -> list[str]:
    """Every <text> of the drawing, in document order."""
    return ["".join(element.itertext()) for element in parse(svg).iter(f"{SVG}text")]


def style_of(element: ET.Element) -> dict[str, str]:
    pairs = (part.split(":", 1) for part in (element.get("style") or "").split(";") if part)
    return {key.strip(): value.strip() for key, value in pairs}


def plotted_lines(svg: bytes, color: str, dashed: bool | None = None) -> list[ET.Element]:
    """Unfilled paths stroked in `color` inside the plotting area (legend samples excluded)."""
    found = []
    for path in parse(svg).iter(f"{SVG}path"):
        style = style_of(path)
        if path.get("clip-path") is None or style.get("fill") != "none":
            continue
        if style.get("stroke") != color:
            continue
        if dashed is not None and ("stroke-dasharray" in style) != dashed:
            continue
        found.append(path)
    return found


def plotted_fills(svg: bytes, color: str, hatched: bool = False) -> list[ET.Element]:
    """Filled shapes (bars) of `color` inside the plotting area; a hatched shape is filled
    with a <pattern> whose background is the color."""
    root = parse(svg)
    patterns = {
        pattern.get("id"): pattern.find(f"{SVG}rect").get("fill")
        for pattern in root.iter(f"{SVG}pattern")
    }
    found = []
    for path in root.iter(f"{SVG}path"):
        fill = style_of(path).get("fill", "")
        if path.get("clip-path") is None:
            continue
        if fill.startswith("url(#"):
            if hatched and patterns.get(fill[5:-1]) == color:
                found.append(path)
        elif fill == color and not hatched:
            found.append(path)
    return found


def plotted_markers(svg: bytes, color: str) -> int:
    """Markers (dots, crosses) of `color` drawn inside the plotting area."""
    count = 0
    for group in parse(svg).iter(f"{SVG}g"):
        if group.get("clip-path") is None:
            continue
        for use in group.findall(f"{SVG}use"):
            if style_of(use).get("fill") == color and use.get(XLINK_HREF):
                count += 1
    return count


def vertices(path: ET.Element) -> int:
    return (path.get("d") or "").count("L") + 1


def png_size(png: bytes) -> tuple[int, int]:
    assert png.startswith(PNG_SIGNATURE)
    assert png[12:16] == b"IHDR"
    return struct.unpack(">II", png[16:24])


# --- domain values of each chart ---------------------------------------------------------------

ORIGINAL = Plan(COUNT, JAN_1, DEC_31, target=40)
REVISED = Plan(COUNT, JAN_1, DEC_31, target=30, checkpoints=(Checkpoint(date(2026, 6, 30), 12),))


def count_series(latest: float = 12.0, updates: list[Update] | None = None, revised: bool = True,
                 today: date = TODAY, title: str = "Publish posts"):
    """A count goal: 40 posts, revised on 3 April to 30 with a checkpoint; two updates."""
    if updates is None:
        updates = [
            Update(date(2026, 2, 1), 3, enjoyment=4, seq=1),
            Update(date(2026, 5, 1), latest, enjoyment=3, seq=2),
        ]
    plans = [("Original plan", ORIGINAL)]
    if revised:
        plans.append(("Plan of 3 Apr", REVISED))
    plan = plans[-1][1]
    return goal_series(title, "posts", plans, updates, today, pace(plan, updates, today), [])


HABIT_PLAN = Plan(HABIT, JAN_1, date(2026, 3, 31), target=1, cadence=WEEK, allowed_skips=1)
HABIT_TODAY = date(2026, 2, 1)


def habit_series():
    """A weekly habit (13 weeks from Thursday 1 January) seen on 1 February: week 1 met,
    week 2 skipped, week 3 missed, week 4 met, week 5 running, weeks 6-13 to come."""
    updates = [
        Update(date(2026, 1, 3), 1, seq=1),
        Update(date(2026, 1, 10), None, skipped=True, seq=2),
        Update(date(2026, 1, 23), 1, enjoyment=4, seq=3),
    ]
    return goal_series("Run every week", "", [("Original plan", HABIT_PLAN)], updates,
                       HABIT_TODAY, pace(HABIT_PLAN, updates, HABIT_TODAY), [])


MILESTONE_PLAN = Plan(MILESTONE, JAN_1, DEC_31, target=1, due=date(2026, 6, 30))


def milestone_series():
    """A promotion planned for 30 June: failed on 1 March, came through on 15 May."""
    updates = [Update(date(2026, 5, 15), 1, seq=1)]
    attempts = [(date(2026, 3, 1), "failed"), (date(2026, 5, 15), "succeeded")]
    return goal_series("Get promoted", "", [("Original plan", MILESTONE_PLAN)], updates, TODAY,
                       pace(MILESTONE_PLAN, updates, TODAY), attempts)


LIMIT_PLAN = Plan(LIMIT, JAN_1, DEC_31, target=5, direction=AT_MOST)


def limit_series():
    """At most 5 hours of overtime a week; measured 4, then 6, then 3."""
    updates = [
        Update(date(2026, 2, 1), 4, seq=1),
        Update(date(2026, 4, 1), 6, seq=2),
        Update(date(2026, 6, 1), 3, seq=3),
    ]
    return goal_series("Keep overtime down", "hours", [("Original plan", LIMIT_PLAN)], updates,
                       TODAY, pace(LIMIT_PLAN, updates, TODAY), [])


STATUSES = ("on track", "behind", "at risk", "achieved", "dropped", "not started")
AREAS = ("Career", "Writing", "Side products", "Health and a long area name")


def board(count: int = 3, year: str = "2026"):
    rows = tuple(
        BoardRow(
            area=AREAS[index % len(AREAS)],
            color="blue",
            title=f"Goal {index + 1:02d} " + "with a longer title " * (index % 4),
            share=index / count,
            expected=0.5,
            status=STATUSES[index % len(STATUSES)],
        )
        for index in range(count)
    )
    return year, rows


def year_summary(year: int, share: float | None = 0.5, enjoyment: float | None = 3.5,
                 achieved: int = 2, dropped: int = 1) -> YearSummary:
    return YearSummary(year=year, goals_set=5, achieved=achieved, dropped=dropped,
                       share_reached=share, checkins=4, mean_enjoyment=enjoyment,
                       longest_streak=6, word="Focus")


SUMMARIES = (year_summary(2024, 0.8, 3.0), year_summary(2025, 0.6, None, dropped=0),
             year_summary(2026, 0.35, 4.2, achieved=0))


def curve(last_share: float, days: int = 365) -> tuple[tuple[int, float], ...]:
    """A whole year's curve, as cumulative_share gives it: weekly, and on the last day."""
    return tuple((day, last_share * day / days) for day in range(1, days + 1, 7)) + (
        (days, last_share),
    )


OVERLAY = ("Writing", ((2024, curve(0.9, days=366)), (2025, ()), (2026, curve(0.4))))


def all_charts() -> list[tuple[str, object]]:
    """One chart of every kind: (kind, data). Also used by the subprocess below."""
    return [
        ("goal", count_series()),
        ("goal", habit_series()),
        ("goal", milestone_series()),
        ("goal", limit_series()),
        ("board", board(5)),
        ("summary", SUMMARIES),
        ("overlay", OVERLAY),
    ]


CHART_IDS = ["count", "habit", "milestone", "limit", "board", "summary", "overlay"]


# --- every kind: accessible SVG and PNG --------------------------------------------------------


@pytest.mark.parametrize(("kind", "data"), all_charts(), ids=CHART_IDS)
def test_svg_is_well_formed_with_a_title_and_a_description(kind, data):
    svg = charts.render(kind, data, charts.LIGHT)
    assert svg.startswith(b"<?xml")
    title, desc = title_and_desc(svg)
    assert title.strip() and desc.strip()
    if kind == "goal":
        assert title == f"{data.title}: plan against actual"
    elif kind == "board":
        assert title.startswith("2026:") and "Goal 01" in desc
    elif kind == "summary":
        assert all(f"{year}:" in desc for year in (2024, 2025, 2026))
    else:
        assert title.startswith("Writing:") and "2024:" in desc and "2026:" in desc
    # The title is also drawn, so sighted readers see the same name.
    shown = texts(svg)
    assert title in shown


@pytest.mark.parametrize(("kind", "data"), all_charts(), ids=CHART_IDS)
def test_png_has_the_png_signature_and_the_chart_width(kind, data):
    png = charts.render(kind, data, charts.LIGHT, "png")
    assert png.startswith(PNG_SIGNATURE)
    width, height = png_size(png)
    assert width == 1440 and height > 300  # 7.2 inches at 200 dpi


@pytest.mark.parametrize(("kind", "data"), all_charts(), ids=CHART_IDS)
def test_the_dark_theme_draws_text_in_its_own_color(kind, data):
    light = charts.render(kind, data, charts.LIGHT)
    dark = charts.render(kind, data, charts.DARK)
    assert light != dark
    assert charts.DARK.text in dark.decode() and charts.DARK.text not in light.decode()


# --- goal charts: the data is drawn ---------------------------------------------------------------


def test_count_goal_draws_both_plan_versions_the_actual_and_the_projection():
    series = count_series()
    svg = charts.render("goal", series, charts.LIGHT)
    shown = texts(svg)
    for label in ("Original plan", "Plan of 3 Apr", "Actual", "Projection", "today",
                  "Ahead of plan", "Behind plan", "posts", "enjoyment"):
        assert label in shown, label
    # The original plan, dashed and muted; the revised one, solid blue through its checkpoint.
    (original,) = plotted_lines(svg, MUTED, dashed=True)
    (revised,) = plotted_lines(svg, BLUE, dashed=False)
    assert vertices(original) == 2 and vertices(revised) == 3
    # One dot per update, the steps between them, and the dotted projection to the end.
    assert plotted_markers(svg, VERMILION) == 2
    (steps,) = plotted_lines(svg, VERMILION, dashed=False)
    assert vertices(steps) >= 5  # flat, up at each of the two updates, flat until today
    (projection,) = plotted_lines(svg, VERMILION, dashed=True)
    assert vertices(projection) == 2
    assert plotted_markers(svg, PINK) == 2  # the enjoyment strip
    _title, desc = title_and_desc(svg)
    assert "Latest value: 12" in desc and "2 plan version(s)" in desc and "target 30" in desc


def test_a_single_plan_is_drawn_solid_and_named_original():
    svg = charts.render("goal", count_series(revised=False), charts.LIGHT)
    assert "Original plan" in texts(svg) and "Plan of 3 Apr" not in texts(svg)
    assert plotted_lines(svg, MUTED, dashed=True) == []
    assert len(plotted_lines(svg, BLUE, dashed=False)) == 1


def test_a_different_actual_value_gives_a_different_drawing():
    twelve = charts.render("goal", count_series(latest=12), charts.LIGHT)
    thirteen = charts.render("goal", count_series(latest=13), charts.LIGHT)
    assert twelve != thirteen
    assert "Latest value: 13" in title_and_desc(thirteen)[1]


def test_count_goal_without_updates_draws_the_plan_and_no_actual():
    series = count_series(updates=[])
    assert series.actual == () and series.band == ()
    svg = charts.render("goal", series, charts.LIGHT)
    shown = texts(svg)
    assert "Original plan" in shown and "Plan of 3 Apr" in shown
    assert "Actual" not in shown and "Ahead of plan" not in shown
    assert plotted_markers(svg, VERMILION) == 0 and plotted_markers(svg, PINK) == 0
    assert "nothing recorded yet" in title_and_desc(svg)[1]
    assert charts.render("goal", series, charts.LIGHT, "png").startswith(PNG_SIGNATURE)


def test_count_goal_with_a_single_update():
    updates = [Update(date(2026, 3, 10), 7, enjoyment=5, seq=1)]
    series = count_series(updates=updates)
    svg = charts.render("goal", series, charts.LIGHT)
    assert "Actual" in texts(svg)
    assert plotted_markers(svg, VERMILION) == 1 and plotted_markers(svg, PINK) == 1
    assert "Latest value: 7" in title_and_desc(svg)[1]


def test_a_leap_year_goal_with_an_update_on_29_february():
    plan = Plan(COUNT, date(2024, 1, 1), date(2024, 12, 31), target=366)
    updates = [Update(date(2024, 2, 29), 60, enjoyment=4, seq=1)]
    today = date(2024, 3, 15)
    series = goal_series("Leap posts", "posts", [("Original plan", plan)], updates, today,
                         pace(plan, updates, today), [])
    assert series.actual == ((date(2024, 2, 29), 60.0),)
    assert (date(2024, 2, 29), 60.0, 60.0) in series.band  # exactly on plan that day
    svg = charts.render("goal", series, charts.LIGHT)
    title, desc = title_and_desc(svg)
    assert title == "Leap posts: plan against actual"
    assert "from 2024-01-01 to 2024-12-31" in desc and "Latest value: 60" in desc
    assert plotted_markers(svg, VERMILION) == 1
    assert charts.render("goal", series, charts.LIGHT, "png").startswith(PNG_SIGNATURE)


def test_habit_draws_one_bar_per_period_in_the_color_of_its_state():
    series = habit_series()
    states = [state for _first, _last, state in series.periods]
    assert states[:5] == ["met", "skipped", "missed", "met", "not yet"]
    assert len(states) == 13 and set(states) == {"met", "missed", "skipped", "not yet"}
    svg = charts.render("goal", series, charts.LIGHT)
    assert len(plotted_fills(svg, GREEN)) == 2
    assert len(plotted_fills(svg, SKY, hatched=True)) == 1
    assert len(plotted_fills(svg, VERMILION)) == 1
    assert len(plotted_fills(svg, "none")) == 9  # the periods not over yet: outlines only
    assert {"met", "missed", "skipped", "not yet"} <= set(texts(svg))
    title, desc = title_and_desc(svg)
    assert title == "Run every week: plan against actual"
    assert desc == "Habit with 13 periods: 2 met, 1 missed, 1 skipped, 9 not yet."


def test_milestone_draws_the_planned_date_and_each_attempt():
    series = milestone_series()
    svg = charts.render("goal", series, charts.LIGHT)
    shown = texts(svg)
    assert {"planned", "failed", "succeeded"} <= set(shown)
    assert len(plotted_lines(svg, BLUE)) == 1  # the planned date
    assert plotted_markers(svg, VERMILION) == 1  # the failed attempt (a cross)
    assert plotted_markers(svg, GREEN) == 1  # the one that came through
    title, desc = title_and_desc(svg)
    assert title == "Get promoted: plan against actual"
    assert desc == ("Milestone planned for 2026-06-30. Attempts: 2026-03-01 failed, "
                    "2026-05-15 succeeded. Status: achieved.")


def test_milestone_without_attempts_says_none_yet():
    series = goal_series("Get promoted", "", [("Original plan", MILESTONE_PLAN)], [], TODAY,
                         pace(MILESTONE_PLAN, [], TODAY), [])
    svg = charts.render("goal", series, charts.LIGHT)
    assert "Attempts: none yet." in title_and_desc(svg)[1]
    assert plotted_markers(svg, GREEN) == plotted_markers(svg, VERMILION) == 0


def test_limit_draws_the_threshold_and_each_measure():
    series = limit_series()
    svg = charts.render("goal", series, charts.LIGHT)
    shown = texts(svg)
    assert "Original plan" in shown and "Actual" in shown and "hours" in shown
    (threshold,) = plotted_lines(svg, BLUE, dashed=False)
    assert vertices(threshold) == 2
    assert plotted_markers(svg, VERMILION) == 3
    assert "Projection" not in shown  # a limit has no rate to project
    _title, desc = title_and_desc(svg)
    assert desc.startswith("limit goal from 2026-01-01 to 2026-12-31, target 5 hours")
    assert "Latest value: 3" in desc


# --- board, summary, overlay ----------------------------------------------------------------------


def shown_label(row: BoardRow, shown: list[str]) -> bool:
    """The label is the area and the title, each drawn whole or cut with an ellipsis."""
    area, _, rest = next((t for t in shown if row.title[:10] in t), "").partition(" · ")
    title = rest.removesuffix(" (dropped)")
    return (
        (area == row.area or (area.endswith("…") and row.area.startswith(area[:-1])))
        and (title == row.title or (title.endswith("…") and row.title.startswith(title[:-1])))
        and rest.endswith(" (dropped)") == (row.status == "dropped")
    )


def test_a_board_of_25_goals_names_every_goal_and_draws_every_bar():
    data = board(25)
    start = time.perf_counter()
    svg = charts.render("board", data, charts.LIGHT)
    elapsed = time.perf_counter() - start
    assert elapsed < 10, f"25-goal board took {elapsed:.1f} s"
    shown = texts(svg)
    for row in data[1]:
        assert shown_label(row, shown), row.title
        assert row.title in title_and_desc(svg)[1]
    assert any(text.endswith("…") for text in shown)  # some titles are long enough to cut
    # One bar per goal; the dark tick (the share expected today) on every goal not dropped,
    # and "dropped" beside each dropped goal's bar (and once in the legend).
    dropped = sum(1 for row in data[1] if row.status == "dropped")
    assert dropped == 4
    ticks = plotted_lines(svg, charts.LIGHT.text, dashed=False)
    assert len(ticks) == 25 - dropped
    assert shown.count("dropped") == dropped + 1
    bars = [path for path in parse(svg).iter(f"{SVG}path") if path.get("clip-path")
            and style_of(path).get("fill") is not None and style_of(path).get("stroke")
            in {color.lower() for color in charts.STATUS_COLORS.values()}]
    assert len(bars) == 25
    for status in STATUSES:
        assert status in shown  # the legend


def test_a_narrow_board_puts_each_title_over_its_area():
    narrow = replace(charts.LIGHT, width=charts.NARROW_WIDTH)
    shown = texts(charts.render("board", board(3), narrow))  # a line is a <text>
    for row in board(3)[1]:
        line = next(n for n, text in enumerate(shown) if text.startswith(row.title[:7]))
        assert shown[line + 1] == row.area


def test_a_board_of_25_goals_renders_quickly_as_png():
    start = time.perf_counter()
    png = charts.render("board", board(25), charts.LIGHT, "png")
    assert time.perf_counter() - start < 10
    assert png.startswith(PNG_SIGNATURE)


def test_goals_under_a_long_area_name_can_be_told_apart_on_the_board():
    area = "Languages, reading widely and writing every single day"  # 54 characters
    rows = (BoardRow(area, "blue", "Read 24 books", 0.4, 0.5, "behind"),
            BoardRow(area, "blue", "Learn Spanish to B2", 0.6, 0.5, "on track"))
    shown = texts(charts.render("board", ("2026", rows), charts.LIGHT))
    labels = [text for text in shown if text.startswith(area[:20])]
    assert len(labels) == 2
    assert labels[0] != labels[1]


def test_an_empty_board_says_so():
    svg = charts.render("board", ("2027", ()), charts.LIGHT)
    assert "No goals in this year yet." in texts(svg)
    title, desc = title_and_desc(svg)
    assert title.startswith("2027:") and desc == "No goals in this year yet."
    assert charts.render("board", ("2027", ()), charts.LIGHT, "png").startswith(PNG_SIGNATURE)


def test_summary_draws_a_bar_and_an_enjoyment_point_per_year():
    svg = charts.render("summary", SUMMARIES, charts.LIGHT)
    shown = texts(svg)
    for year in ("2024", "2025", "2026"):
        assert year in shown
    assert "2/5 achieved, 1 dropped" in shown and "2/5 achieved" in shown
    assert "0/5 achieved, 1 dropped" in shown
    assert len(plotted_fills(svg, BLUE)) == 3
    assert plotted_markers(svg, PINK) == 2  # 2025 has no enjoyment recorded
    _title, desc = title_and_desc(svg)
    assert "2025: 5 goals set, 2 achieved, 0 dropped, 60% of target reached, " \
           "mean enjoyment none" in desc
    assert "2026: 5 goals set, 0 achieved, 1 dropped, 35% of target reached, " \
           "mean enjoyment 4.2" in desc


def test_summary_of_no_years_says_so():
    svg = charts.render("summary", (), charts.LIGHT)
    assert "No years yet." in texts(svg)
    assert title_and_desc(svg)[1] == "No years yet."


def test_summary_of_one_year_without_share_or_enjoyment():
    svg = charts.render("summary", (year_summary(2026, None, None, 0, 0),), charts.LIGHT)
    assert texts(svg).count("2026") == 2  # under both plots
    assert ("no goal to count toward a share of target, mean enjoyment none"
            in title_and_desc(svg)[1])


def test_overlay_draws_one_curve_per_year_with_data_and_the_even_pace():
    svg = charts.render("overlay", OVERLAY, charts.LIGHT)
    shown = texts(svg)
    assert {"2024", "2026", "even pace"} <= set(shown)
    assert "2025" not in shown  # no count goals that year: no curve, no legend entry
    first, second = (color.lower() for color in charts.YEAR_COLORS[:2])
    assert vertices(plotted_lines(svg, first)[0]) == len(OVERLAY[1][0][1])
    assert len(plotted_lines(svg, second)) == 1
    assert len(plotted_lines(svg, MUTED, dashed=True)) == 1
    title, desc = title_and_desc(svg)
    assert title == "Writing: each year's progress by day of year"
    assert desc == "2024: 90% by the end of the year; 2026: 40% by the end of the year"


@pytest.mark.parametrize("curves", [(), ((2025, ()), (2026, ()))], ids=["no-years", "no-points"])
def test_overlay_without_curves_says_so(curves):
    svg = charts.render("overlay", ("Health", curves), charts.LIGHT)
    assert "No count goals in this area yet." in texts(svg)
    title, desc = title_and_desc(svg)
    assert title.startswith("Health:") and desc == "No count goals in this area yet."


# --- text as typed -----------------------------------------------------------------------------


def test_titles_with_xml_characters_are_escaped_and_kept():
    svg = charts.render("goal", count_series(title="Fix <b> & \"quotes\""), charts.LIGHT)
    title, _desc = title_and_desc(svg)
    assert title == 'Fix <b> & "quotes": plan against actual'
    assert title in texts(svg)


def test_a_title_with_two_dollar_signs_is_drawn_as_typed():
    svg = charts.render("goal", count_series(title="Save $500, then $1000"), charts.LIGHT)
    assert "Save $500, then $1000: plan against actual" in texts(svg)


def test_a_title_that_looks_like_broken_mathtext_still_renders():
    svg = charts.render("board", ("2026", (BoardRow("Money", "blue", "Earn $x^$ a day", 0.2,
                                                     0.5, "behind"),)), charts.LIGHT)
    assert any("Earn $x^$ a day" in text for text in texts(svg))


# --- same data, same bytes ------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["svg", "png"])
@pytest.mark.parametrize(("kind", "data"), all_charts(), ids=CHART_IDS)
def test_the_same_data_gives_the_same_bytes(kind, data, fmt):
    first = charts.render(kind, data, charts.LIGHT, fmt)
    # Something else drawn in between must not leak into the next drawing.
    charts.render("board", board(3), charts.DARK, fmt)
    assert charts.render(kind, data, charts.LIGHT, fmt) == first


def test_equal_data_built_twice_gives_the_same_bytes():
    assert count_series() is not count_series()
    assert charts.render("goal", count_series(), charts.LIGHT) == charts.render(
        "goal", count_series(), charts.LIGHT
    )


# --- matplotlib: no pyplot, not imported at start-up ----------------------------------------------

RENDER_IN_A_FRESH_PROCESS = """
import hashlib, json, sys
sys.path.insert(0, sys.argv[1])
import test_charts
from journal import charts
hashes = [hashlib.sha256(charts.render(kind, data, charts.LIGHT, fmt)).hexdigest()
          for kind, data in test_charts.all_charts() for fmt in ("svg", "png")]
print(json.dumps({"pyplot": "matplotlib.pyplot" in sys.modules,
                  "matplotlib": "matplotlib" in sys.modules, "hashes": hashes}))
"""


def run_python(code: str, *args: str, env: dict | None = None) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=300,
        cwd=REPO_ROOT, env=env,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_charts_never_import_pyplot_and_give_the_same_bytes_in_another_process():
    report = run_python(RENDER_IN_A_FRESH_PROCESS, str(HERE))
    assert report["matplotlib"] is True  # it did draw
    assert report["pyplot"] is False
    here = [hashlib.sha256(charts.render(kind, data, charts.LIGHT, fmt)).hexdigest()
            for kind, data in all_charts() for fmt in ("svg", "png")]
    assert report["hashes"] == here  # every worker draws the same bytes for the same data


CREATE_APP = """
import json, os, sys
os.environ["JOURNAL_INSTANCE_PATH"] = sys.argv[1]
from journal import create_app
from journal.config import TestConfig
app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://",
                  "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789"},
                 config=TestConfig)
after_create = "matplotlib" in sys.modules
alembic = "alembic" in sys.modules
status = app.test_client().get("/login").status_code
print(json.dumps({"after_create": after_create, "status": status, "alembic": alembic,
                  "after_request": "matplotlib" in sys.modules,
                  "charts": "journal.charts" in sys.modules}))
"""


def test_creating_the_app_does_not_import_matplotlib_or_alembic(tmp_path):
    report = run_python(CREATE_APP, str(tmp_path / "instance"))
    assert report["after_create"] is False
    assert report["alembic"] is False  # Flask-Migrate is bound only for `flask db`
    assert report["status"] == 200
    assert report["after_request"] is False  # a page without a chart does not load it


# --- threads --------------------------------------------------------------------------------------


def test_charts_drawn_from_four_threads_at_once_are_the_single_threaded_bytes():
    jobs = [(kind, data, charts.LIGHT) for kind, data in all_charts()]
    jobs.append(("board", board(25), charts.DARK))
    assert len(jobs) == 8
    expected = [charts.render(kind, data, style) for kind, data, style in jobs]
    start_together = threading.Barrier(4)

    def draw(job):
        start_together.wait(timeout=60)
        kind, data, style = job
        return charts.render(kind, data, style)

    with ThreadPoolExecutor(max_workers=4) as pool:
        drawn = list(pool.map(draw, jobs))
    for svg in drawn:
        title_and_desc(svg)  # well-formed, labelled
    assert drawn == expected


@pytest.mark.parametrize("cadence", [WEEK, MONTH])
def test_a_whole_year_habit_renders(cadence):
    plan = Plan(HABIT, JAN_1, DEC_31, target=2, cadence=cadence)
    updates = [Update(date(2026, 1, 5), 2, seq=1)]
    series = goal_series("Swim", "", [("Original plan", plan)], updates, TODAY,
                         pace(plan, updates, TODAY), [])
    svg = charts.render("goal", series, charts.LIGHT)
    periods = 53 if cadence == WEEK else 12
    assert title_and_desc(svg)[1].startswith(f"Habit with {periods} periods: 1 met")
