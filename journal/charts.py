"""Charts: the only module that imports matplotlib, always through the Figure API.

matplotlib is imported when the first chart is drawn, never at start-up, and drawing is
serialized with a lock because matplotlib is not thread-safe. Each render_*_chart(data,
style, fmt) builds a fresh Figure from domain values and returns SVG or PNG bytes; the SVG
carries a <title> and a <desc> for screen readers.
"""

from __future__ import annotations

import io
import textwrap
import threading
from dataclasses import dataclass
from datetime import date, timedelta
from xml.sax.saxutils import escape

from .domain.summary import BoardRow, GoalSeries, YearSummary

_lock = threading.Lock()
_matplotlib_ready = False

# Okabe-Ito: distinguishable with the common kinds of color blindness.
STATUS_COLORS = {
    "on track": "#0072B2",
    "achieved": "#009E73",
    "behind": "#E69F00",
    "at risk": "#D55E00",
    "not started": "#999999",
    "dropped": "#999999",
}
AREA_COLORS = {
    "blue": "#0072B2", "orange": "#E69F00", "green": "#009E73", "vermilion": "#D55E00",
    "sky": "#56B4E9", "purple": "#CC79A7", "yellow": "#C8B900", "grey": "#7A7A7A",
}
YEAR_COLORS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#7A7A7A")


@dataclass(frozen=True)
class Style:
    """Colors of one theme; the page picks the theme, the chart never guesses."""

    name: str
    text: str
    muted: str
    grid: str
    background: str  # "none" keeps the page's own background
    # Inches at 100 dpi. A phone gets a narrower drawing, so that its text, whose size is
    # fixed in points, is not shrunk with the picture.
    width: float = 7.2

    @property
    def narrow(self) -> bool:
        return self.width < 6


NARROW_WIDTH = 4.0


LIGHT = Style("light", text="#1d2126", muted="#50585f", grid="#d5d8dc", background="none")
DARK = Style("dark", text="#e8eaed", muted="#a9b1ba", grid="#3a4048", background="none")
STYLES = {"light": LIGHT, "dark": DARK}


def _matplotlib():
    """Import matplotlib once, on first use, with settings that make output reproducible."""
    global _matplotlib_ready
    import matplotlib

    if not _matplotlib_ready:
        # Set once per process (not per request): fixed SVG ids and no timestamps make
        # the same data give the same bytes, so charts can be cached by content.
        matplotlib.rcParams["svg.hashsalt"] = "year-journal"
        matplotlib.rcParams["svg.fonttype"] = "none"
        # Titles are the user's words: "$500, then $1000" is text, never mathtext.
        matplotlib.rcParams["text.parse_math"] = False
        _matplotlib_ready = True
    from matplotlib.figure import Figure

    return Figure


def _new_figure(width: float, height: float, style: Style):
    Figure = _matplotlib()
    figure = Figure(figsize=(width, height), dpi=100, layout="constrained")
    figure.patch.set_alpha(0.0)
    return figure


def _style_axes(axes, style: Style) -> None:
    axes.set_facecolor("none")
    for spine in ("top", "right"):
        axes.spines[spine].set_visible(False)
    for spine in ("left", "bottom"):
        axes.spines[spine].set_color(style.muted)
    axes.tick_params(colors=style.muted, labelsize=9)
    axes.xaxis.label.set_color(style.text)
    axes.yaxis.label.set_color(style.text)
    axes.title.set_color(style.text)
    axes.grid(True, color=style.grid, linewidth=0.6, alpha=0.8)
    axes.set_axisbelow(True)


def _month_axis(axes, start: date, end: date) -> None:
    from matplotlib.dates import DateFormatter, MonthLocator

    axes.set_xlim(start - timedelta(days=1), end + timedelta(days=1))
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    axes.xaxis.set_major_locator(MonthLocator(interval=1 if months <= 6 else 2))
    axes.xaxis.set_major_formatter(DateFormatter("%b"))


def _save(figure, fmt: str, title: str, description: str) -> bytes:
    buffer = io.BytesIO()
    if fmt == "png":
        figure.savefig(buffer, format="png", dpi=200, metadata={"Software": None})
        return buffer.getvalue()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue().decode("utf-8")
    head, _, rest = svg.partition("<svg ")
    opening, _, body = rest.partition(">")
    labelled = (
        f'<svg role="img" aria-labelledby="chart-title chart-desc" {opening}>'
        f'<title id="chart-title">{escape(title)}</title>'
        f'<desc id="chart-desc">{escape(description)}</desc>'
    )
    return (head + labelled + body).encode("utf-8")


def render(kind: str, data, style: Style, fmt: str = "svg") -> bytes:
    """Draw chart `kind` ("goal", "board", "summary", "overlay") under the drawing lock."""
    renderer = RENDERERS[kind]
    with _lock:
        return renderer(data, style, fmt)


def render_goal_chart(series: GoalSeries, style: Style, fmt: str = "svg") -> bytes:
    """Plan against actual for one goal, with today, the projection, the buffer and a strip
    of enjoyment; habits as a row of periods; milestones as the planned date and attempts."""
    title = f"{series.title}: plan against actual"
    if series.kind == "habit":
        return _habit_chart(series, style, fmt, title)
    if series.kind == "milestone":
        return _milestone_chart(series, style, fmt, title)
    figure = _new_figure(style.width, 4.2, style)
    grid = figure.add_gridspec(2, 1, height_ratios=(5, 1))
    axes = figure.add_subplot(grid[0])
    strip = figure.add_subplot(grid[1], sharex=axes)
    _style_axes(axes, style)
    _style_axes(strip, style)
    for line in series.plans:
        days, values = zip(*line.points, strict=True)
        axes.plot(days, values, color=style.muted if line.original and len(series.plans) > 1
                  else "#0072B2", linestyle=(0, (4, 3)) if line.original and
                  len(series.plans) > 1 else "-", linewidth=1.6, label=line.label)
    if series.actual:
        days, values = zip(*series.actual, strict=True)
        axes.plot(days, values, "o", color="#D55E00", markersize=4)
    if series.band:
        days, actual, planned = zip(*series.band, strict=True)
        axes.step(days, actual, where="post", color="#D55E00", linewidth=2, label="Actual")
        ahead = [a >= p for a, p in zip(actual, planned, strict=True)]
        behind = [not a for a in ahead]
        # Labelled only when present: a legend lists what the chart shows, nothing more.
        axes.fill_between(days, actual, planned, where=ahead, interpolate=True, alpha=0.2,
                          color="#009E73", label="Ahead of plan" if any(ahead) else None)
        axes.fill_between(days, actual, planned, where=behind, interpolate=True, alpha=0.2,
                          color="#D55E00", label="Behind plan" if any(behind) else None)
    elif series.actual:
        axes.step(days, values, where="post", color="#D55E00", linewidth=2, label="Actual")
    if series.projection:
        days, values = zip(*series.projection, strict=True)
        axes.plot(days, values, linestyle=(0, (1, 2)), color="#D55E00", linewidth=1.4,
                  label="Projection")
    if series.start <= series.today <= series.end:
        axes.axvline(series.today, color=style.text, linewidth=0.8, alpha=0.6)
        axes.annotate("today", (series.today, 1.0), xycoords=("data", "axes fraction"),
                      color=style.muted, fontsize=8, ha="left", va="top")
    axes.set_title(_fit(title, style), fontsize=11, loc="left")
    axes.set_ylabel(series.unit or "units")
    axes.set_ylim(bottom=0)
    legend = axes.legend(fontsize=8, frameon=False, loc="upper left")
    for text in legend.get_texts():
        text.set_color(style.text)
    if series.enjoyment:
        days, values = zip(*series.enjoyment, strict=True)
        strip.plot(days, values, "o-", color="#CC79A7", markersize=3, linewidth=1)
    strip.set_ylim(0.5, 5.5)
    strip.set_yticks([1, 3, 5])
    strip.set_ylabel("enjoyment", fontsize=8)
    _month_axis(strip, series.start, series.end)
    axes.tick_params(labelbottom=False)
    last = f"{series.actual[-1][1]:g}" if series.actual else "nothing recorded yet"
    description = (
        f"{series.kind} goal from {series.start} to {series.end}, target {series.target:g} "
        f"{series.unit}. Latest value: {last}. Status: {series.status}. "
        f"{len(series.plans)} plan version(s)."
    )
    return _save(figure, fmt, title, description)


PERIOD_COLORS = {"met": "#009E73", "missed": "#D55E00", "skipped": "#56B4E9", "not yet": "none"}


def _habit_chart(series: GoalSeries, style: Style, fmt: str, title: str) -> bytes:
    figure = _new_figure(style.width, 1.9, style)
    axes = figure.add_subplot()
    _style_axes(axes, style)
    axes.grid(False)
    for first, last, state in series.periods:
        width = (last - first).days + 1
        axes.barh(0, width - 0.8, left=first, height=0.8, color=PERIOD_COLORS[state],
                  edgecolor=style.muted, linewidth=0.5, hatch="//" if state == "skipped" else None)
    axes.set_yticks([])
    axes.spines["left"].set_visible(False)
    _month_axis(axes, series.start, series.end)
    axes.set_title(_fit(title, style), fontsize=11, loc="left")
    from matplotlib.patches import Patch

    handles = [Patch(facecolor=color, edgecolor=style.muted, label=state)
               for state, color in PERIOD_COLORS.items()]
    legend = axes.legend(handles=handles, fontsize=8, frameon=False, ncols=4,
                         loc="upper center", bbox_to_anchor=(0.5, -0.35))
    for text in legend.get_texts():
        text.set_color(style.text)
    counts = {state: sum(1 for *_x, s in series.periods if s == state) for state in PERIOD_COLORS}
    description = (
        f"Habit with {len(series.periods)} periods: {counts['met']} met, {counts['missed']} "
        f"missed, {counts['skipped']} skipped, {counts['not yet']} not yet."
    )
    return _save(figure, fmt, title, description)


def _milestone_chart(series: GoalSeries, style: Style, fmt: str, title: str) -> bytes:
    figure = _new_figure(style.width, 1.9, style)
    axes = figure.add_subplot()
    _style_axes(axes, style)
    axes.grid(False)
    axes.set_yticks([])
    axes.spines["left"].set_visible(False)
    axes.axhline(0, color=style.grid, linewidth=1)
    if series.due:
        axes.axvline(series.due, color="#0072B2", linewidth=1.6)
        axes.annotate("planned", (series.due, 0.9), color=style.text, fontsize=8, ha="center")
    markers = {"succeeded": ("o", "#009E73"), "failed": ("X", "#D55E00"),
               "pending": ("s", "#E69F00")}
    for day, outcome in series.attempts:
        marker, color = markers.get(outcome, ("s", style.muted))
        axes.plot([day], [0], marker=marker, color=color, markersize=10, linestyle="none")
        axes.annotate(outcome, (day, -0.6), color=style.text, fontsize=8, ha="center")
    axes.set_ylim(-1, 1.2)
    _month_axis(axes, series.start, series.end)
    axes.set_title(_fit(title, style), fontsize=11, loc="left")
    tried = ", ".join(f"{day} {outcome}" for day, outcome in series.attempts) or "none yet"
    description = f"Milestone planned for {series.due}. Attempts: {tried}. Status: {series.status}."
    return _save(figure, fmt, title, description)


def render_board_chart(board: tuple[str, tuple[BoardRow, ...]], style: Style,
                       fmt: str = "svg") -> bytes:
    """Every goal of a year as its share of target against the share expected today,
    grouped by area and colored by status; readable from 3 goals to 25 and more."""
    heading, rows = board
    title = f"{heading}: share of target, against the share expected today"
    height = 1.3 + (0.5 if style.narrow else 0.32) * max(len(rows), 1)
    figure = _new_figure(style.width, height, style)
    axes = figure.add_subplot()
    _style_axes(axes, style)
    if not rows:
        axes.text(0.5, 0.5, "No goals in this year yet.", ha="center", va="center",
                  color=style.text, transform=axes.transAxes)
        axes.set_axis_off()
        return _save(figure, fmt, title, "No goals in this year yet.")
    positions = list(range(len(rows)))[::-1]
    labels = []
    for y, row in zip(positions, rows, strict=True):
        color = STATUS_COLORS.get(row.status, style.muted)
        dropped = row.status == "dropped"
        axes.barh(y, min(row.share, 1.2), height=0.6, color="none" if dropped else color,
                  edgecolor=color, hatch="///" if dropped else None, linewidth=1)
        if dropped:
            axes.text(min(row.share, 1.2) + 0.01, y, "dropped", va="center", fontsize=8,
                      color=style.muted)
        else:
            axes.plot([row.expected, row.expected], [y - 0.4, y + 0.4], color=style.text,
                      linewidth=1.5)
        # Each part cut on its own, so a long area name never hides the goal's title.
        if style.narrow:  # the title, and its area below it
            labels.append(f"{_shorten(row.title, 24)}\n{_shorten(row.area, 24)}")
        else:
            labels.append(f"{_shorten(row.area, 24)} · {_shorten(row.title, 40)}"
                          + (" (dropped)" if dropped else ""))
    axes.set_yticks(positions, labels=labels, fontsize=8)
    axes.set_xlim(0, 1.2)
    if style.narrow:
        axes.set_xticks([0, 0.5, 1.0], labels=["0%", "50%", "100%"])
    else:
        axes.set_xticks([0, 0.25, 0.5, 0.75, 1.0], labels=["0%", "25%", "50%", "75%", "100%"])
    # Beside the labels, a narrow board's plot has about half the drawing's width.
    axes.set_xlabel(_fit("share of target reached (the dark tick: expected by today)", style, 26))
    axes.set_title(_fit(title, style, 26), fontsize=10, loc="left")
    from matplotlib.patches import Patch

    handles = [Patch(color=color, label=status) for status, color in STATUS_COLORS.items()
               if any(r.status == status for r in rows)]
    # Below the plot, so it never covers a bar however many goals there are.
    legend = figure.legend(handles=handles, fontsize=8, frameon=False,
                           loc="outside lower center",
                           ncols=min(len(handles), 3 if style.narrow else 6))
    for text in legend.get_texts():
        text.set_color(style.text)
    description = "; ".join(
        f"{row.title}: {row.share:.0%} reached, {row.expected:.0%} expected, {row.status}"
        for row in rows
    )
    return _save(figure, fmt, title, description)


def _fit(text: str, style: Style, width: int = 40) -> str:
    """Wrap a title or label onto lines of `width` characters in a narrow (phone) drawing."""
    return textwrap.fill(text, width) if style.narrow else text


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_summary_chart(summaries: tuple[YearSummary, ...], style: Style,
                         fmt: str = "svg") -> bytes:
    """Year over year: share of target reached and goals achieved / set / dropped, with
    mean enjoyment beside them."""
    title = "Year over year: share of target reached and enjoyment"
    figure = _new_figure(style.width, 3.4, style)
    axes, joy = figure.subplots(1, 2, width_ratios=(3, 2))
    for ax in (axes, joy):
        _style_axes(ax, style)
    if not summaries:
        axes.text(0.5, 0.5, "No years yet.", ha="center", transform=axes.transAxes,
                  color=style.text)
        return _save(figure, fmt, title, "No years yet.")
    years = [str(s.year) for s in summaries]
    # A year with no goal to count (none set, or all dropped) has no share, and no bar.
    shares = [s.share_reached or 0 for s in summaries]
    counted = [index for index, s in enumerate(summaries) if s.share_reached is not None]
    axes.bar(counted, [shares[i] for i in counted], color="#0072B2", width=0.6)
    for index, summary in enumerate(summaries):
        axes.annotate(f"{summary.achieved}/{summary.goals_set} achieved"
                      + (("\n" if style.narrow else ", ") + f"{summary.dropped} dropped"
                         if summary.dropped else ""),
                      (index, shares[index]), textcoords="offset points", xytext=(0, 4),
                      ha="center", fontsize=8, color=style.text)
    axes.set_ylim(0, 1.15)
    axes.set_yticks([0, 0.5, 1.0], labels=["0%", "50%", "100%"])
    axes.set_ylabel("share of target reached")
    axes.set_title("Reached", fontsize=10, loc="left")
    enjoyment = [s.mean_enjoyment for s in summaries]
    joy.plot(range(len(years)), [e if e is not None else float("nan") for e in enjoyment],
             "o-", color="#CC79A7")
    for ax in (axes, joy):  # every year named under both, with or without a value
        ax.set_xticks(range(len(years)), labels=years)
        ax.set_xlim(-0.5, len(years) - 0.5)
    joy.set_ylim(0.5, 5.5)
    joy.set_ylabel("mean enjoyment (1–5)")
    joy.set_title("Enjoyed", fontsize=10, loc="left")
    figure.suptitle(_fit(title, style), fontsize=11, color=style.text, x=0.01, ha="left")
    description = "; ".join(
        f"{s.year}: {s.goals_set} goals set, {s.achieved} achieved, {s.dropped} dropped, "
        f"{_share_reached(s.share_reached)}, mean enjoyment "
        f"{'none' if s.mean_enjoyment is None else f'{s.mean_enjoyment:.1f}'}"
        for s in summaries
    )
    return _save(figure, fmt, title, description)


def _share_reached(share: float | None) -> str:
    if share is None:  # as the summary's table shows "—"
        return "no goal to count toward a share of target"
    return f"{share:.0%} of target reached"


def render_overlay_chart(overlay: tuple[str, tuple[tuple[int, tuple]]], style: Style,
                         fmt: str = "svg") -> bytes:
    """One area, each year's cumulative share of target by day of year, overlaid."""
    area, curves = overlay
    title = f"{area}: each year's progress by day of year"
    figure = _new_figure(style.width, 3.4, style)
    axes = figure.add_subplot()
    _style_axes(axes, style)
    drawn = [(year, points) for year, points in curves if points]
    if not drawn:
        axes.text(0.5, 0.5, "No count goals in this area yet.", ha="center",
                  transform=axes.transAxes, color=style.text)
        axes.set_axis_off()
        return _save(figure, fmt, title, "No count goals in this area yet.")
    for index, (year, points) in enumerate(drawn):
        days, shares = zip(*points, strict=True)
        axes.plot(days, shares, color=YEAR_COLORS[index % len(YEAR_COLORS)], linewidth=1.8,
                  label=str(year))
    axes.plot([1, 366], [0, 1], color=style.muted, linestyle=(0, (4, 3)), linewidth=1,
              label="even pace")
    axes.set_xlim(1, 366)
    month_starts = [1, 32, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335]
    axes.set_xticks(month_starts[::2], labels=["Jan", "Mar", "May", "Jul", "Sep", "Nov"])
    axes.set_ylim(bottom=0)
    axes.set_yticks([0, 0.5, 1.0], labels=["0%", "50%", "100%"])
    axes.set_ylabel("share of the year's targets")
    axes.set_title(_fit(title, style), fontsize=11, loc="left")
    legend = axes.legend(fontsize=8, frameon=False, loc="upper left")
    for text in legend.get_texts():
        text.set_color(style.text)
    description = "; ".join(
        f"{year}: {points[-1][1]:.0%} {_by_day_of_year(year, points[-1][0])}"
        for year, points in drawn
    )
    return _save(figure, fmt, title, description)


def _by_day_of_year(year: int, day: int) -> str:
    """Say when a curve ends: at the year's end, or on the day a year under way reached."""
    last = date(year, 1, 1) + timedelta(days=day - 1)
    if last == date(year, 12, 31):
        return "by the end of the year"
    return f"by {last.day} {last:%B}"


RENDERERS = {
    "goal": render_goal_chart,
    "board": render_board_chart,
    "summary": render_summary_chart,
    "overlay": render_overlay_chart,
}
